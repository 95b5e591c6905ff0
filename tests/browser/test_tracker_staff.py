"""The tracker's staff side in the browser, on the demo data, keyboard only: a scrutiny member goes from the
admin home to the dashboard and signs off a completed recommendation (after a refused "send back" without a
comment); an officer goes from the admin home to their list and records a slipped update (after the form
asks for the new date). Also an organiser's import preview with errors. Every page is checked with
assert_accessible (axe with the WCAG 2.2 AA rules and target size, reflow at 320 px, the HTML kept for the
Nu Html Checker)."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from forum_site.accounts.models import User
from forum_site.demo.accounts import DEMO_PASSWORD, demo_users_load
from forum_site.demo.tracker import demo_tracker_load
from recommendations.imports import COLUMNS
from recommendations.models import ImplementationUpdate, Recommendation, SignOffDecision, SignOffState
from tests.browser.test_consultations import totp_code, wait_for_admin
from tests.browser.test_forum import tab_to

pytestmark = pytest.mark.browser

SEND_TITLE = "Special educational needs and disabilities (SEND): SEMH and autism"


@pytest.fixture
def demo(site, home_page):
    demo_users_load()
    demo_tracker_load(home_page)


def admin_sign_in(page, email: str, start: str) -> None:
    """Sign in from an admin address as a demo staff account, with its authenticator code."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(User.objects.get(email=email), secret)
    page.goto(start)
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Password", exact=True).press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    with page.expect_navigation():
        page.get_by_label("Code", exact=True).press("Enter")
    page.wait_for_url(f"**{start}")
    wait_for_admin(page)


def press_enter_on(page, locator) -> None:
    """Tab to a link or button and press Enter, waiting for the page it opens."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_admin(page)


def expect_screen(page, title: str, crumb: str) -> None:
    """A screen of its own: its title is the visible h1 (never "Home") and the breadcrumbs end with it."""
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("listitem").last).to_have_text(crumb)


def test_scrutiny_member_signs_off_with_the_keyboard_from_the_admin_home(page, assert_accessible, demo):
    rec = Recommendation.objects.get(review__slug="send-semh-and-autism", reference="5")
    slipped_far = Recommendation.objects.get(review__slug="send-semh-and-autism", reference="12")
    assert rec.status == "completed" and rec.sign_off == SignOffState.NONE

    admin_sign_in(page, "scrutiny@example.org", "/admin/")
    panel = page.get_by_role("region", name="Scrutiny: recommendations to look at")
    expect(panel.get_by_role("row", name="Completed, awaiting sign-off")).to_contain_text("1 recommendation")
    expect(panel.get_by_role("row", name="Slipped, target revised")).to_contain_text("recommendation")
    expect(page.get_by_role("region", name="Your recommendations due next")).to_have_count(0)  # not an officer
    assert_accessible(page)

    press_enter_on(page, panel.get_by_role("link", name="Completed, awaiting sign-off", exact=True))
    page.wait_for_url("**/admin/tracker/#awaiting-sign-off-section")
    expect_screen(page, "Scrutiny dashboard", "Scrutiny dashboard")
    # Each list's link is a target of at least 24 by 24 px (WCAG 2.5.8; they were 191 by 16).
    glance = page.get_by_role("table", name="Recommendations in each list below").get_by_role("link")
    expect(glance).to_have_count(6)
    for link in glance.all():
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (link.text_content(), box)
    awaiting = page.get_by_role("table", name="Completed, awaiting sign-off")
    expect(awaiting).to_contain_text(rec.title)
    expect(page.get_by_role("table", name="Implementation overdue")).to_contain_text(
        "Publish waiting times for autism assessment"
    )
    # Slipped to a date months away, and still on the dashboard.
    expect(page.get_by_role("table", name="Slipped, target revised")).to_contain_text(slipped_far.title)
    # The link's hidden words stay hidden (Wagtail's own class), so the button fits its table.
    sign_off = awaiting.get_by_role("link", name=f"Sign off recommendation 5 of {SEND_TITLE}")
    box, table = sign_off.bounding_box(), awaiting.bounding_box()
    assert box["width"] < 150 and box["x"] + box["width"] <= table["x"] + table["width"]
    assert_accessible(page)

    press_enter_on(page, sign_off)
    page.wait_for_url(f"**/admin/tracker/recommendations/{rec.pk}/sign-off/")
    expect_screen(page, "Sign off: recommendation 5", "Sign off")
    main = page.get_by_role("main")
    expect(main.locator("blockquote")).to_contain_text(f"5. {rec.title}")
    expect(main.locator("blockquote")).to_contain_text(rec.text)
    expect(main).to_contain_text("Timeliness 64%")
    assert_accessible(page)

    # Send it back without a comment: refused, and the message says why and links to the comment box.
    send_back = page.get_by_label("Send it back", exact=True)
    tab_to(page, page.get_by_label("Achieved: sign it off", exact=True))  # Tab enters the group on its first radio
    page.keyboard.press("ArrowDown")  # arrow keys move along a radio group, choosing as they go
    expect(send_back).to_be_checked()
    press_enter_on(page, page.get_by_role("button", name="Record decision"))
    alert = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(alert.get_by_role("link", name="Say why the recommendation is sent back.")).to_have_attribute(
        "href", "#id_comment"
    )
    assert not SignOffDecision.objects.filter(recommendation=rec).exists()
    assert_accessible(page)

    tab_to(page, send_back)  # the group's chosen radio takes the focus
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Achieved: sign it off", exact=True)).to_be_checked()
    press_enter_on(page, page.get_by_role("button", name="Record decision"))
    page.wait_for_url("**/admin/tracker/")
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    expect(page.get_by_role("table", name="Completed, awaiting sign-off")).to_have_count(0)  # none left
    rec.refresh_from_db()
    assert rec.sign_off == SignOffState.ACHIEVED
    assert_accessible(page)


def test_officer_records_an_update_with_the_keyboard_from_the_admin_home(page, assert_accessible, demo):
    rec = Recommendation.objects.get(review__slug="send-semh-and-autism", reference="9")
    assert rec.officer.email == "officer@example.org"
    assert (rec.status, rec.rag, rec.percent_complete) == ("at_risk", "amber", 55)

    admin_sign_in(page, "officer@example.org", "/admin/")
    panel = page.get_by_role("region", name="Your recommendations due next")
    expect(panel.get_by_role("link", name=f"9. {rec.title}")).to_be_visible()
    expect(page.get_by_role("region", name="Scrutiny: recommendations to look at")).to_have_count(0)  # not scrutiny
    assert_accessible(page)

    press_enter_on(page, panel.get_by_role("link", name="All your recommendations"))
    page.wait_for_url("**/admin/tracker/mine/")
    expect_screen(page, "My recommendations", "My recommendations")
    assert_accessible(page)

    press_enter_on(page, page.get_by_role("link", name=f"Add update to recommendation 9 of {SEND_TITLE}"))
    page.wait_for_url(f"**/admin/tracker/recommendations/{rec.pk}/updates/add/")
    expect_screen(page, "Add an implementation update: recommendation 9", "Add an implementation update")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("My recommendations")
    expect(page.get_by_role("main").locator("blockquote")).to_contain_text(rec.text)
    # The form starts from where the recommendation is now.
    expect(page.get_by_label("At risk", exact=True)).to_be_checked()
    expect(page.get_by_label("Amber", exact=True)).to_be_checked()
    expect(page.get_by_label("Percentage complete")).to_have_value("55")
    # The slip fields say when they are needed; they are not "optional".
    expect(page.get_by_text("(optional)")).to_have_count(0)
    assert_accessible(page)

    # Slipped, red, 60%, but no new date or reason: each field says what it needs, nothing is saved.
    tab_to(page, page.get_by_label("At risk", exact=True))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Slipped", exact=True)).to_be_checked()
    tab_to(page, page.get_by_label("Amber", exact=True))
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Red", exact=True)).to_be_checked()
    tab_to(page, page.get_by_label("Percentage complete"))
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    tab_to(page, page.get_by_label("What has happened"))
    page.keyboard.type("Key stage 4 places still short.")
    press_enter_on(page, page.get_by_role("button", name="Add update"))
    alert = page.get_by_role("alert").filter(has_text="There is a problem")
    date_error = alert.get_by_role("link", name="A slipped recommendation needs a revised target date.")
    expect(date_error).to_have_attribute("href", "#id_revised_target_date")
    expect(alert.get_by_role("link", name="Say why the recommendation has slipped.")).to_have_attribute(
        "href", "#id_slip_reason"
    )
    expect(page.get_by_label("Slipped", exact=True)).to_be_checked()  # what was typed is kept
    assert not ImplementationUpdate.objects.filter(recommendation=rec, status="slipped").exists()
    assert_accessible(page)

    # The summary's link takes the focus to the date; type it, then the reason.
    tab_to(page, date_error)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Revised target date, if slipped")).to_be_focused()
    page.keyboard.type("03032030")  # 3 March 2030, the same whichever order the browser puts day and month in
    tab_to(page, page.get_by_label("Reason for the slip, if slipped"))
    page.keyboard.type("The new AP centre opens a term late.")
    press_enter_on(page, page.get_by_role("button", name="Add update"))
    # (The browser keeps the "#id_revised_target_date" the summary's link added, through the redirect.)
    page.wait_for_url(re.compile(rf"/admin/tracker/recommendations/{rec.pk}/(#.*)?$"))
    expect(page.get_by_text("Update added.")).to_be_visible()
    expect_screen(page, f"Recommendation 9 {rec.title}", "Recommendation 9")
    expect(page.get_by_role("main")).to_contain_text("Key stage 4 places still short.")
    rec.refresh_from_db()
    assert rec.status == "slipped" and rec.percent_complete == 60 and str(rec.revised_target_date) == "2030-03-03"
    assert_accessible(page)


def test_import_preview_with_errors_is_accessible(page, assert_accessible, demo, tmp_path):
    path = tmp_path / "recommendations.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerow(["1", "Already there", "Text", "", "", "agreed", "", "2026-01-01", "", "", ""])
        writer.writerow(["20", '=HYPERLINK("http://evil.example","x")', "Text", "", "", "maybe", "", "", "", "", ""])

    admin_sign_in(page, "organiser@example.org", "/admin/tracker/import/")
    expect_screen(page, "Import recommendations", "Import recommendations")
    assert_accessible(page)
    page.get_by_label("Review").select_option(label=SEND_TITLE)  # not exact: the label ends with Wagtail's "*"
    page.locator("#id_file").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    problems = page.get_by_role("table", name="Problems in the file")
    expect(problems).to_contain_text("is already in this review")
    expect(problems).to_contain_text("formula")
    expect(problems).to_contain_text("Unknown response")
    # The table scrolls inside its own labelled region, never cut off.
    expect(page.get_by_role("region", name="Problems in the file (scrolls sideways)")).to_be_visible()
    wait_for_admin(page)
    assert_accessible(page)
    assert not Recommendation.objects.filter(reference="20").exists()
