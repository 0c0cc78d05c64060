"""The codebase keeps its own rules (README "Architecture", docs/conventions.md): views decide nothing about roles
and run no queries themselves; the apps' dependencies point one way (checked by import-linter in make test)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VIEW_MODULES = sorted(
    path
    for pattern in ("*/views.py", "qa_portal/*/views.py")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts and "node_modules" not in path.parts
)
# Query methods of managers and querysets; a view that calls one runs a query a selector should own.
ORM_METHODS = {
    "objects",
    "filter",
    "exclude",
    "get_or_create",
    "update_or_create",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "values_list",
    "order_by",
    "exists",
    "first",
    "last",
    "bulk_create",
    "all",
}
# Role lookups belong to rules predicates and selectors.
ROLE_LOOKUPS = {"authority_ids_for", "school_ids_for", "roles_in", "is_chair_of", "role_assignments", "has_role"}


def _problems(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("roles"):
            found.append(f"line {node.lineno}: imports {node.module}")
        if isinstance(node, ast.Attribute) and node.attr in ORM_METHODS | ROLE_LOOKUPS:
            found.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.Name) and node.id == "Role":
            found.append(f"line {node.lineno}: Role")
    return sorted(set(found), key=lambda problem: (int(problem.split(":")[0].split()[1]), problem))


def test_there_are_view_modules_to_check():
    names = {str(path.relative_to(ROOT)) for path in VIEW_MODULES}
    assert {"schools/views.py", "visits/views.py", "dashboards/views.py", "qa_portal/accounts/views.py"} <= names


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_views_check_no_roles_and_run_no_queries(path):
    assert _problems(path) == []


def test_the_check_finds_a_view_that_queries_or_checks_a_role(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "from qa_portal.accounts.roles import Role\n"
        "def page(request):\n"
        "    if Role.DIRECTOR in request.user.roles_in(1):\n"
        "        return School.objects.filter(pk=1).first()\n"
    )
    assert _problems(bad) == [
        "line 1: imports qa_portal.accounts.roles",
        "line 3: .roles_in",
        "line 3: Role",
        "line 4: .filter",
        "line 4: .first",
        "line 4: .objects",
    ]
