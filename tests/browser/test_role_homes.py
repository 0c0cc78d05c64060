"""Issue 7: on the demo data, each role signs in and reaches its most important action from its home page with
one keyboard "click" (Enter on a focused link), and every home is accessible."""

import pytest
from django.core.management import call_command

from demo.seed import DEMO_PASSWORD

from .conftest import assert_accessible, press_until_focused, sign_in_by_keyboard

pytestmark = pytest.mark.browser

# (demo login, home path, link that is the role's most important action, what the page reached must show)
JOURNEYS = [
    ("director@demo.example", "/home/director/", "Open the dashboard", "Schools per band"),
    ("qa.lead@demo.example", "/home/qa-lead/", "See the visit plan", "Visit plan 2026/27"),
    ("head@demo.example", "/home/headteacher/", "Check the note of the interim visit", "factual accuracy"),
    ("chair@demo.example", "/home/governor/", "Complete the checklist", "Annual conversation checklist"),
    ("admin@demo.example", "/home/admin/", "Import GIAS, Ofsted or indicator files", "Import"),
]


def _link_selector(text):
    return f"main a:has-text('{text}')"


def test_each_role_reaches_its_most_important_action_in_one_click_by_keyboard(browser, live_server):
    call_command("seed_demo", "--demo-passwords", verbosity=0)
    for email, home, link_text, reached in JOURNEYS:
        context = browser.new_context(base_url=live_server.url)
        role_page = context.new_page()
        role_page.console_problems = []
        role_page.on("console", lambda m, p=role_page: m.type == "error" and p.console_problems.append(m.text))
        sign_in_by_keyboard(role_page, email, DEMO_PASSWORD)
        assert role_page.url.endswith(home), f"{email} landed on {role_page.url}"
        assert_accessible(role_page)
        press_until_focused(role_page, _link_selector(link_text), limit=400)
        with role_page.expect_navigation():
            role_page.keyboard.press("Enter")
        role_page.wait_for_load_state("networkidle")
        assert reached.lower() in role_page.locator("main").inner_text().lower(), f"{email}: {role_page.url}"
        assert_accessible(role_page)
        context.close()
