# The browser tests' fixtures (Chromium, the live server, the fixed clock), for the browser tests of this folder.
from tests.browser.conftest import browser, fixed_clock, page  # noqa: F401
