"""The pages shown when something failed (a page that is not there, a hostile address, a server error, a response
the database could not save) on a phone and on a desktop: one h1, a skip link, no sideways scrolling at 320 px,
axe clean (the shared check also runs axe again at 320 px)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SAVE_FAILED_CONTEXT = {
    "site_name": "Northfield Parent Carer Forum",
    "title": "SEMH and autism support pathway",
    "action": "/consultations/semh/respond/",
    "csrf_token": "x" * 64,
    "resend": [("idempotency_key", "k" * 120), ("q_1", "A very long answer " * 40)],
    "contact_email": "send-team-with-a-rather-long-address@northfield-council.example.gov.uk",
    "is_draft": False,
}


def _check(page, assert_accessible, heading: str) -> None:
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.get_by_role("link", name="Skip to main content")).to_have_count(1)
    assert page.evaluate("() => document.documentElement.lang") == "en-GB"
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width} px ({scroll_width} px wide)"
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_error_pages_on_a_phone_and_a_desktop(page, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})

    response = page.goto("/no-such-page-" + "y" * 200 + "/")
    assert response.status == 404
    _check(page, assert_accessible, "Page not found")
    expect(page.get_by_role("main").get_by_role("link", name="home page")).to_have_attribute("href", "/")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(1)  # the site's own frame, with its navigation

    response = page.goto("/forum/search/?q=" + "x" * 10_000)
    assert response.status == 400
    _check(page, assert_accessible, "We could not read that web address")
    expect(page.get_by_role("main")).to_contain_text("too long")

    response = page.goto("/forum/%01/")
    assert response.status == 400
    _check(page, assert_accessible, "We could not read that web address")

    page.goto("/")  # so the pages below load the site's stylesheet from the live server
    page.set_content(render_to_string("500.html"))
    _check(page, assert_accessible, "Sorry, there is a problem with the service")

    page.set_content(render_to_string("consultations/response_save_failed.html", SAVE_FAILED_CONTEXT))
    _check(page, assert_accessible, "Sorry, we could not send your response just now")
    expect(page.get_by_role("button", name="Send my response again")).to_be_visible()
