"""Issue 19: every page of the project reflows at 320 CSS pixels for every kind of person (WCAG 2.2 AA 1.4.10) and
passes axe-core.

The pages are the access matrix's (tests/test_access_matrix.py): every URL pattern, its ids filled from the
matrix's world (tests/access_world.py), asked for by each of its identities for whom EXPECTED gives a GET 200,
plus every role's home page (`home-for-role` with each role's slug) for whoever may see it. Each is opened in
Chromium 320 x 800 px, signed in by a copied session cookie; `document.documentElement.scrollWidth` must be at
most 320 and axe-core must find nothing. Files (CSV, PDF, calendar feeds...) are not pages and are left out.
Every failure of every page is collected and reported together. A pattern with no row in the matrix's EXPECTED
is left to the matrix, which fails for it."""

import logging

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from qa_portal.accounts.roles import HOME_SLUGS
from qa_portal.links import urls_for
from tests.access_world import build_access_world
from tests.base import sign_in
from tests.test_access_matrix import EXPECTED, IDENTITIES, PATTERNS, _kwargs

from .conftest import axe_violations

pytestmark = pytest.mark.browser

WIDTH = 320

# The page's width and, when it is too wide, the elements that stick out of a parent that fits (the cause, not
# the ancestors they widen), widest first; anything inside a scrolling or clipping box is that box's business.
MEASURE = """() => {
    const limit = window.innerWidth + 0.5;
    const clipped = el => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
    };
    const describe = el => {
        const cls = typeof el.className === 'string' && el.className.trim()
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
        const position = getComputedStyle(el).position;
        return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}>`
            + `${position === 'static' ? '' : ' (' + position + ')'} right edge `
            + `${Math.round(el.getBoundingClientRect().right)}px "${text}"`;
    };
    const width = document.documentElement.scrollWidth;
    if (width <= window.innerWidth) return {width, widest: []};
    const causes = [...document.body.querySelectorAll('*')].filter(el => {
        const right = el.getBoundingClientRect().right;
        if (right <= limit || clipped(el)) return false;
        const parent = el.parentElement;
        return !parent || parent === document.body || parent.getBoundingClientRect().right <= limit;
    });
    // None: something positioned escapes the box that should clip it; name the furthest right of all.
    const found = causes.length ? causes : [...document.body.querySelectorAll('*')]
        .filter(el => el.getBoundingClientRect().right > limit);
    found.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    return {width, widest: found.slice(0, 3).map(describe)};
}"""


def _is_page(response):
    html = response.headers.get("Content-Type", "").startswith("text/html")
    return html and "attachment" not in response.headers.get("Content-Disposition", "")


def _get(cookie, url):
    """A GET with the session cookie on a Django test client, its writes rolled back."""
    client = Client()
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # a 403 or 404 here is expected, not news
    try:
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
    finally:
        request_log.setLevel(level)
    return response


def _pages(world, things, cookies):
    """{identity: [url, ...]}: the HTML pages the matrix says answer each identity 200, and the role homes."""
    # A pattern with no row in the matrix yet is the matrix's failure to report, not this test's.
    known = sorted(set(PATTERNS) & set(EXPECTED))
    with urls_for(world.authority):
        urls = {name: reverse(name, kwargs=_kwargs(name, PATTERNS[name], world, things) or None) for name in known}
        homes = [reverse("home-for-role", args=[slug]) for slug in HOME_SLUGS.values()]
    pages = {who: [] for who in IDENTITIES}
    is_page = {}
    for name, url in sorted(urls.items()):
        if name == "home-for-role":
            continue
        for who in IDENTITIES:
            if EXPECTED[name]["GET"][who] != 200:
                continue
            if name not in is_page:
                is_page[name] = _is_page(_get(cookies.get(who), url))
            if is_page[name]:
                pages[who].append(url)
    for who in IDENTITIES:
        pages[who] += [url for url in homes if who in cookies and _get(cookies[who], url).status_code == 200]
    return pages


def test_every_page_reflows_at_320_pixels_and_passes_axe_for_every_identity(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world, people, things = build_access_world()
    cookies = {
        who: sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
        for who, user in people.items()
        if user is not None
    }
    pages = _pages(world, things, cookies)
    problems = []
    opened = 0
    for who in IDENTITIES:
        context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 800})
        if who in cookies:
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookies[who], "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        for url in pages[who]:
            response = page.goto(url)
            opened += 1
            if response.status != 200:
                problems.append(f"{who} {url}: answered {response.status}, not 200")
                continue
            measured = page.evaluate(MEASURE)
            if measured["width"] > WIDTH:
                problems.append(
                    f"{who} {url}: {measured['width']} px wide; widest: " + "; ".join(measured["widest"] or ["?"])
                )
            problems += [f"{who} {url}: axe {violation}" for violation in axe_violations(page)]
        context.close()
    print(f"{opened} (identity, page) pairs opened")  # shown with -s: how much the test covers
    assert opened > 0
    assert not problems, f"{len(problems)} problems on {opened} (identity, page) pairs:\n" + "\n".join(problems)
