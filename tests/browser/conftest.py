"""Playwright driving Debian's Chromium against pytest-django's live server. CSP stays enforced: axe-core is
evaluated through the DevTools protocol, which page CSP does not govern."""

from datetime import date
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from playwright.sync_api import sync_playwright

from qa_portal.accounts.models import User
from tests.base import second_factor_device, totp_code
from tests.factories import TEST_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The server's clock in every browser test: a Tuesday in the autumn term. It ticks on from there.
BROWSER_CLOCK = "2026-11-24 10:00"
BROWSER_TODAY = date(2026, 11, 24)
AXE_SOURCE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()


@pytest.fixture(autouse=True)
def fixed_clock(settings):
    """Browser tests never depend on the day they run: the live server (a thread of this process) and the test's
    own data share one fixed clock. Chromium keeps the real one, so no cookie may carry an expiry date."""
    settings.CSRF_COOKIE_AGE = None
    with freeze_time(BROWSER_CLOCK, tick=True, real_asyncio=True):
        yield


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_problems = []

    def record(message):
        if message.type == "error":
            page.console_problems.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: page.console_problems.append(str(error)))
    yield page
    context.close()


def axe_violations(page):
    """Run axe-core on the current page and return its violations as readable strings."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], "axe-core violations on " + page.url + ":\n" + "\n".join(violations)
    assert page.console_problems == [], f"Browser console errors on {page.url}: {page.console_problems}"


def fits_320(page):
    """Whether the page reflows at 320 CSS pixels with no sideways scrolling (then back to 1280 wide)."""
    page.set_viewport_size({"width": 320, "height": 640})
    fits = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    return fits


def press_until_focused(page, selector, key="Tab", limit=60):
    """Move focus with the keyboard until `selector` has it (fails if it never does)."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never received keyboard focus after {limit} presses of {key}")


def sign_in_by_keyboard(page, email, password=TEST_PASSWORD, second_factor=True):
    """Sign in using only the keyboard, from the sign-in page; then, for a person who must give a second factor
    (or has one), type the code their authenticator shows now, making them one first if they need one and have
    none. second_factor=False stops after the password, at the code or set-up page, and makes nothing."""
    user = User.objects.filter(email=email.lower()).first()
    device = second_factor_device(user) if user is not None and second_factor else None
    if device is not None:
        # A code works once per 30 seconds: a test signing the same person in again must not reuse it.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    page.goto("/sign-in/")
    press_until_focused(page, "#id_username")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    if device is not None and "/two-factor/" in page.url:
        enter_second_factor_by_keyboard(page, totp_code(device))


def enter_second_factor_by_keyboard(page, code):
    """On the code page, type `code` and send it with Enter."""
    press_until_focused(page, "#id_code")
    page.keyboard.type(code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
