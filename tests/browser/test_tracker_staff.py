"""The tracker's staff side in the browser, on the demo data: a scrutiny member signs off a completed
recommendation from the dashboard; an officer records an update; an organiser's import preview with errors.
axe-core checks every page visited."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

from forum_site.accounts.demo import DEMO_PASSWORD, demo_users_load
from forum_site.accounts.models import User
from recommendations.demo import demo_tracker_load
from recommendations.imports import COLUMNS
from recommendations.models import ImplementationUpdate, Recommendation, SignOffState
from tests.browser.test_consultations import totp_code, wait_for_admin

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


def test_scrutiny_member_signs_off_from_the_dashboard(page, assert_accessible, demo):
    rec = Recommendation.objects.get(review__slug="send-semh-and-autism", reference="5")
    assert rec.status == "completed" and rec.sign_off == SignOffState.NONE

    admin_sign_in(page, "scrutiny@example.org", "/admin/tracker/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Scrutiny dashboard")
    awaiting = page.get_by_role("table", name="Completed, awaiting sign-off")
    expect(awaiting).to_contain_text(rec.title)
    expect(page.get_by_role("table", name="Implementation overdue")).to_contain_text("Publish waiting times for autism assessment")
    assert_accessible(page)

    awaiting.get_by_role("link", name=f"Sign off recommendation 5 of {SEND_TITLE}").click()
    page.wait_for_url(f"**/admin/tracker/recommendations/{rec.pk}/sign-off/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off: recommendation 5")
    expect(page.get_by_role("main")).to_contain_text("Timeliness 64%")
    wait_for_admin(page)
    assert_accessible(page)

    # Sending back without a comment is refused, with the error summary linking to the comment box.
    page.get_by_label("Send it back", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Say why the recommendation is sent back.")
    wait_for_admin(page)
    assert_accessible(page)

    page.get_by_label("Achieved: sign it off", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    page.wait_for_url("**/admin/tracker/")
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    expect(page.get_by_role("table", name="Completed, awaiting sign-off")).not_to_contain_text(rec.title)
    rec.refresh_from_db()
    assert rec.sign_off == SignOffState.ACHIEVED
    wait_for_admin(page)
    assert_accessible(page)


def test_officer_records_an_update(page, assert_accessible, demo):
    rec = Recommendation.objects.get(review__slug="send-semh-and-autism", reference="9")
    assert rec.officer.email == "officer@example.org"

    admin_sign_in(page, "officer@example.org", "/admin/tracker/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My recommendations")
    assert_accessible(page)

    page.get_by_role("link", name=f"Add update to recommendation 9 of {SEND_TITLE}").click()
    page.wait_for_url(f"**/admin/tracker/recommendations/{rec.pk}/updates/add/")
    wait_for_admin(page)
    assert_accessible(page)

    # Slipped without a new date or reason: form errors, nothing saved.
    page.get_by_label("Slipped", exact=True).check()
    page.get_by_label("Red", exact=True).check()
    page.get_by_label("Percentage complete", exact=True).fill("60")
    page.get_by_label("What has happened", exact=True).fill("Key stage 4 places still short.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add update").click()
    expect(page.locator(".error-summary")).to_contain_text("A slipped recommendation needs a revised target date.")
    wait_for_admin(page)
    assert_accessible(page)
    assert not ImplementationUpdate.objects.filter(recommendation=rec, status="slipped").exists()

    page.get_by_label("Revised target date (optional)", exact=True).fill("2030-01-31")
    page.get_by_label("Reason for the slip (optional)", exact=True).fill("The new AP centre opens a term late.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add update").click()
    page.wait_for_url(f"**/admin/tracker/recommendations/{rec.pk}/")
    expect(page.get_by_text("Update added.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Key stage 4 places still short.")
    wait_for_admin(page)
    assert_accessible(page)
    rec.refresh_from_db()
    assert rec.status == "slipped" and rec.percent_complete == 60 and str(rec.revised_target_date) == "2030-01-31"


def test_import_preview_with_errors_is_accessible(page, assert_accessible, demo, tmp_path):
    path = tmp_path / "recommendations.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerow(["1", "Already there", "Text", "", "", "agreed", "", "2026-01-01", "", "", ""])
        writer.writerow(["20", '=HYPERLINK("http://evil.example","x")', "Text", "", "", "maybe", "", "", "", "", ""])

    admin_sign_in(page, "organiser@example.org", "/admin/tracker/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import recommendations")
    assert_accessible(page)
    page.get_by_label("Review", exact=True).select_option(label=SEND_TITLE)
    page.get_by_label("Spreadsheet", exact=True).set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    problems = page.get_by_role("table", name="Problems in the file")
    expect(problems).to_contain_text("is already in this review")
    expect(problems).to_contain_text("formula")
    expect(problems).to_contain_text("Unknown response")
    wait_for_admin(page)
    assert_accessible(page)
    assert not Recommendation.objects.filter(reference="20").exists()
