"""Browser tests: Playwright (sync API) driving Debian's chromium, axe-core on every page.

One chromium per session, a fresh browser context (cookies, storage) per test. The site runs in
pytest-django's `live_server` thread of this same process, so the test can read the ORM and
`django.core.mail.outbox` directly.

Two things about Playwright's sync API shape the fixtures below. While it is started, this
thread has an asyncio event loop marked as running, so:

* Django refuses ORM calls here (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is
  set. It is set only while Playwright runs, never at import: this conftest is imported even when
  `-m "not browser"` deselects these tests, and the variable would leak into every subprocess the
  other tests start (`manage.py check --deploy` reports it as async.E001).
* Django keeps connections in an asgiref Local that is "thread critical": with a loop running it
  hands out a different set of connections from the one the test database was created on, one
  without the serialized copy of the migrated data that serialized rollback restores. So the
  connections from before Playwright started are put back in place.

Playwright stops after the last browser test of the session, so the tests that run after these
see no event loop.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def _is_last_browser_test(item: pytest.Item) -> bool:
    users = [i for i in item.session.items if "browser" in getattr(i, "fixturenames", ())]
    return bool(users) and users[-1] is item


class _Chromium:
    """Playwright and one chromium, started once and stopped exactly once."""

    def __init__(self) -> None:
        from django.db import connections
        from playwright.sync_api import sync_playwright

        self._stopped = False
        self._playwright = self.browser = None
        connections_before = {alias: connections[alias] for alias in connections}
        self._env_before = os.environ.get(ASYNC_UNSAFE)
        os.environ[ASYNC_UNSAFE] = "true"
        try:
            self._playwright = sync_playwright().start()
            # The loop now counts as running: point Django back at the connections it had before.
            for alias, connection in connections_before.items():
                connections[alias] = connection
            self.browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            if self.browser is not None:
                self.browser.close()
        finally:
            if self._playwright is not None:
                self._playwright.stop()
            if self._env_before is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = self._env_before


@pytest.fixture(scope="session")
def _chromium_installed() -> None:
    """Fail (never skip) without /usr/bin/chromium: `make test` itself deselects the `browser`
    marker when chromium is not installed, so reaching here without it is a real problem."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium (apt-get install chromium), "
            "or deselect them with -m 'not browser'.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def _chromium(_chromium_installed, django_db_setup):
    """Started after the test database exists (see the module docstring)."""
    chromium = _Chromium()
    yield chromium
    chromium.stop()  # Only does anything if the session ended early (-x, Ctrl+C).


@pytest.fixture
def browser(_chromium, request):
    """The session's chromium; stopped as soon as the last browser test is done with it."""
    yield _chromium.browser
    if _is_last_browser_test(request.node):
        _chromium.stop()


@pytest.fixture
def site(live_server, home_page, django_db_serialized_rollback):
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


# The rule set every page is held to: WCAG 2.0, 2.1 and 2.2 A and AA, axe's best practices, and the
# target-size rule (WCAG 2.5.8), which axe 4.12 leaves off unless it is named.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "rules": {"target-size": {"enabled": True}},
}
# WCAG 1.4.10 (Reflow): content must fit 320 CSS px without scrolling sideways.
REFLOW_WIDTH = 320
# WCAG 1.4.12's test values: line height 1.5, paragraphs 2 em apart, letters 0.12 em, words 0.16 em.
TEXT_SPACING_CSS = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
# The HTML of every page checked, for the Nu Html Checker run at the end (test_zz_html_validity.py).
HTML_DIR = Path(os.environ.get("BROWSER_HTML_DIR", "/tmp")) / f"forum-browser-html-{os.getpid()}"


def html_snapshot_dir() -> Path:
    HTML_DIR.mkdir(parents=True, exist_ok=True)
    return HTML_DIR


def _settle(page) -> None:
    page.wait_for_load_state("load")
    # Let fades and transitions finish (e.g. the admin's message banners), so colours are final.
    page.evaluate(
        "() => Promise.all(document.getAnimations().filter(a => isFinite(a.effect?.getTiming().iterations ?? 1))"
        ".map(a => a.finished.catch(() => null)))"
    )


def _overflowing(page) -> list[str]:
    """The elements that stick out past the right edge, for the failure message."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed')
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
            .slice(0, 8)
            .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> right=${Math.round(e.getBoundingClientRect().right)}`
                      + ` "${(e.textContent || '').trim().slice(0, 40)}"`)""",
        REFLOW_WIDTH,
    )


def _save_html(page) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(page.url)
    name = "".join(c if c.isalnum() else "_" for c in f"{parts.path}_{parts.query}")[:120]
    directory = html_snapshot_dir()
    index = len(list(directory.iterdir()))
    (directory / f"{index:04d}{name}.html").write_text(page.content(), encoding="utf-8")


@pytest.fixture
def assert_accessible(axe):
    """`assert_accessible(page)`: the page as it is now passes the checks every page is held to.

    - axe-core finds no violations with the WCAG 2.2 AA tags, best practices and target size;
    - at 320 CSS px wide the page does not scroll sideways, nor with WCAG 1.4.12's text spacing, and
      axe passes there too (then the viewport is put back);
    - its HTML is kept for the Nu Html Checker that runs after the browser tests.
    """

    def check(page) -> None:
        _settle(page)
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, (
            f"axe-core found {results.violations_count} accessibility violation(s) on {page.url}:\n"
            f"{results.generate_report()}"
        )
        viewport = page.viewport_size
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": viewport["height"] if viewport else 800})
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= REFLOW_WIDTH, (
                f"{page.url} scrolls sideways at {REFLOW_WIDTH} px: it is {width} px wide. Widest parts:\n"
                + "\n".join(_overflowing(page))
            )
            results = axe.run(page, options=AXE_OPTIONS)
            assert results.violations_count == 0, (
                f"axe-core found {results.violations_count} violation(s) on {page.url} at {REFLOW_WIDTH} px:\n"
                f"{results.generate_report()}"
            )
            # WCAG 1.4.12 (Text spacing): with a reader's own spacing the page still fits.
            page.evaluate(
                "(css) => { const s = document.createElement('style'); s.id = 'wcag-text-spacing';"
                " s.textContent = css; document.head.appendChild(s); }",
                TEXT_SPACING_CSS,
            )
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= REFLOW_WIDTH, (
                f"{page.url} scrolls sideways at {REFLOW_WIDTH} px with WCAG 1.4.12 text spacing: {width} px. "
                "Widest parts:\n" + "\n".join(_overflowing(page))
            )
            page.evaluate("() => document.getElementById('wcag-text-spacing').remove()")
        finally:
            if viewport:
                page.set_viewport_size(viewport)
        _save_html(page)

    return check


@pytest.fixture
def sign_in(assert_accessible):
    """`sign_in(page, email, password)`: sign in through the form.

    Starts from the "Sign in" link in the header of whatever page is open (so the caller has
    already navigated somewhere), checks the sign-in page with axe, fills the fields by their
    labels and submits with Enter.
    """

    def do_sign_in(page, email: str, password: str) -> None:
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in").click()
        page.wait_for_url("**/accounts/login/**")
        assert_accessible(page)
        page.get_by_label("Email address", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_navigation():
            page.get_by_label("Password", exact=True).press("Enter")

    return do_sign_in
