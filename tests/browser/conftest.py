"""Browser tests: Playwright (sync API) driving Debian's chromium, axe-core on every page.

One chromium per session, a fresh browser context (cookies, storage) per test. The site runs in
pytest-django's `live_server` thread of this same process, so the test can read the ORM and
`django.core.mail.outbox` directly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in this thread, and Django refuses ORM
# calls from a thread with a running loop. The test's own ORM calls (factories, assertions) are
# ordinary blocking calls, so allow them here, and only here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a slow CI machine, short enough that a hang fails fast.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session. Fails (never skips) without /usr/bin/chromium:
    `make test` deselects the `browser` marker itself when chromium is not installed."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium (apt-get install chromium), "
            "or deselect them with -m 'not browser'.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def site(live_server, django_db_serialized_rollback, request):
    from django.db import connection
    from wagtail.models import Page
    import threading, greenlet
    print("\nDEBUG conn", id(connection), hasattr(connection, "_test_serialized_contents"), len(getattr(connection, "_test_serialized_contents", "")), "pages", Page.objects.count(), connection.settings_dict["NAME"], threading.current_thread().name, greenlet.getcurrent())
    request.getfixturevalue("home_page")
    """The live server with the demo pages loaded; returns its base URL.

    `live_server` makes the test transactional (the server thread needs committed data), and a
    transactional test empties every table afterwards. Serialized rollback puts back what the
    migrations created (the role groups, Wagtail's root page and collection) for the next test.
    """
    return live_server.url


@pytest.fixture
def page(browser, site):
    """A page in a new browser context (no cookies), aimed at the live server."""
    context = browser.new_context(base_url=site, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """`assert_accessible(page)`: axe-core finds no violations on the page as it is now."""

    def check(page) -> None:
        page.wait_for_load_state("load")
        results = axe.run(page)
        assert results.violations_count == 0, (
            f"axe-core found {results.violations_count} accessibility violation(s) on {page.url}:\n"
            f"{results.generate_report()}"
        )

    return check


@pytest.fixture
def sign_in(assert_accessible):
    """`sign_in(page, email, password)`: sign in through the form, by keyboard alone.

    Starts from the "Sign in" link in the header of whatever page is open (so the caller has
    already navigated somewhere), checks the sign-in page with axe, and submits with Enter.
    """

    def do_sign_in(page, email: str, password: str) -> None:
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in").click()
        page.wait_for_url("**/accounts/login/**")
        assert_accessible(page)
        page.get_by_label("Email", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_navigation():
            page.get_by_label("Password", exact=True).press("Enter")

    return do_sign_in


@pytest.fixture(autouse=True)
def _dbg(request):
    from django.db import connections
    c = connections["default"]
    print("\nDBG autouse", request.node.name, id(c), hasattr(c, "_test_serialized_contents"), id(connections._connections), id(connections._connections._data.get()))
