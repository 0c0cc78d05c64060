import pytest

from classification.facts import register_fact_provider
from tests import factories as f

from .helpers import TEST_FACTS, test_facts

register_fact_provider(test_facts)


@pytest.fixture(autouse=True)
def _clear_facts():
    TEST_FACTS.clear()
    yield
    TEST_FACTS.clear()


@pytest.fixture
def la(db):
    return f.AuthorityFactory(name="Test Borough", code="880")


@pytest.fixture
def lead(la):
    return f.qa_lead(la)
