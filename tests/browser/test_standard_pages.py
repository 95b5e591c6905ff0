"""The standard pages, reached through the site's own navigation, each with a working skip link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# (navigation landmark, link text, path, h1): About and Contact are in the main navigation,
# all four are in the footer; Privacy and Accessibility are only reachable from the footer.
PAGES = [
    ("Main", "About the forum", "/about/", "About the forum"),
    ("Footer", "Privacy notice", "/privacy/", "Privacy notice"),
    ("Footer", "Accessibility statement", "/accessibility/", "Accessibility statement"),
    ("Main", "Contact us", "/contact/", "Contact us"),
]


def check_skip_link(page) -> None:
    """From the top of the page, the first Tab lands on the skip link, and Enter moves focus to main."""
    # Start as a fresh keyboard user would: nothing focused, at the top of the document.
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # Visible when focused, not left off screen.
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main-content'")
    main = page.get_by_role("main")
    expect(main).to_have_attribute("id", "main-content")
    expect(main).to_be_focused()
    # The next Tab continues from inside main, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)"), (
        "after the skip link, Tab should move to the first focusable element inside main"
    )


def test_standard_pages_through_navigation(page, assert_accessible):
    page.goto("/")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_have_count(0)  # none on the home page
    assert_accessible(page)
    for nav_name, link_text, path, heading in PAGES:
        page.get_by_role("navigation", name=nav_name).get_by_role("link", name=link_text, exact=True).click()
        page.wait_for_url(f"**{path}")
        assert urlsplit(page.url).path == path
        assert_accessible(page)

        assert page.evaluate("() => document.documentElement.lang") == "en-GB"
        h1s = page.locator("h1")
        expect(h1s).to_have_count(1)
        expect(h1s).to_have_text(heading)
        expect(page).to_have_title(f"{heading} | Northfield Parent Carer Forum")
        expect(page.get_by_role("main")).to_have_count(1)
        # Below the home page: breadcrumbs lead back to it.
        crumbs = page.get_by_role("navigation", name="Breadcrumb").get_by_role("link")
        expect(crumbs).to_have_text(["Home"])
        expect(crumbs.first).to_have_attribute("href", "/")

        check_skip_link(page)
        # Also with the skip link's target in the URL. (check_skip_link left focus on the first link in main,
        # whose GOV.UK focus style swaps the underline for a thick bar that axe's link-in-text-block rule
        # cannot see; with focus on it axe reports a false failure, so the focus is let go first.)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        assert_accessible(page)
