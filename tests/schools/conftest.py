import pytest

from schools.services import indicator_catalogue_ensure


@pytest.fixture(autouse=True)
def _indicator_catalogue(db):
    """The catalogue ships in a data migration, but live-server tests flush it (and --reuse-db keeps that)."""
    indicator_catalogue_ensure()
