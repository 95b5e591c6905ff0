"""The public tracker in the browser: a visitor filters to "partially agreed", opens recommendation 9,
reads the cabinet's reasons and the timeline of updates; axe-core finds nothing on the tracker index,
a review, a recommendation and the committee report. Data is built with the ORM here."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from recommendations.models import (
    ImplementationStatus,
    ImplementationUpdate,
    Rag,
    Recommendation,
    ResponseDecision,
    ScrutinyReviewPage,
    TrackerIndexPage,
)

pytestmark = pytest.mark.browser

REVIEW_TITLE = "Scrutiny review on SEND"
REASONS_9 = (
    "The principles of inclusion are agreed. Plans for alternative provision are set out in a separate "
    "report; a blanket change to exclusions at SEN support is not agreed."
)


@pytest.fixture
def tracker(site, home_page) -> TrackerIndexPage:
    index = TrackerIndexPage(title="Recommendations tracker", slug="tracker", intro="What scrutiny asked for.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    review = ScrutinyReviewPage(
        title=REVIEW_TITLE,
        slug="send-review",
        panel="Children and Young People Scrutiny Panel",
        scope="Social, emotional and mental health needs and autism.",
        adopted_on=datetime.date(2020, 1, 23),
        cabinet_response_on=datetime.date(2020, 3, 12),
        lead_cabinet_member="Cabinet Member for Children and Families",
        lead_director="Director of Children's Services",
    )
    index.add_child(instance=review)
    review.save_revision().publish()
    common = {"review": review, "text": "The council should act.", "target_date": datetime.date(2030, 12, 31)}
    Recommendation.objects.create(reference="1", position=1, title="Publish EHC plan timeliness", **common)
    nine = Recommendation.objects.create(
        reference="9",
        position=9,
        title="Reduce exclusions of children at SEN support",
        response=ResponseDecision.PARTIALLY_AGREED,
        response_reasons=REASONS_9,
        lead_officer_name="Head of Inclusion",
        **common,
    )
    Recommendation.objects.create(
        reference="12",
        position=12,
        title="Fund educational psychologist capacity",
        response=ResponseDecision.PARTIALLY_AGREED,
        response_reasons="There is now a full complement of educational psychologists.",
        **common,
    )
    Recommendation.objects.create(
        reference="5", position=5, title="Rejected idea", response=ResponseDecision.REJECTED, **common
    )
    for date, status, rag, percent, narrative in [
        (datetime.date(2020, 6, 1), ImplementationStatus.ON_TRACK, Rag.GREEN, 20, "Inclusion charter drafted."),
        (datetime.date(2020, 11, 2), ImplementationStatus.AT_RISK, Rag.AMBER, 45, "Schools consulted on the charter."),
    ]:
        ImplementationUpdate.objects.create(
            recommendation=nine, date=date, status=status, rag=rag, percent_complete=percent, narrative=narrative,
            evidence_links=["https://example.org/charter"],
        )
    nine.status, nine.rag, nine.percent_complete = ImplementationStatus.AT_RISK, Rag.AMBER, 45
    nine.save()
    return index


def test_visitor_filters_opens_a_recommendation_and_reads_its_timeline(page, assert_accessible, tracker):
    page.goto("/tracker/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendations tracker")
    assert_accessible(page)

    page.get_by_role("link", name=REVIEW_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REVIEW_TITLE)
    expect(page.get_by_role("img", name=f"Bar chart of cabinet responses to {REVIEW_TITLE}; the numbers are in the table")).to_be_visible()
    expect(page.get_by_role("table", name="Cabinet responses to the recommendations")).to_contain_text("Partially agreed")
    assert_accessible(page)

    page.get_by_role("link", name="Committee report for this review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{REVIEW_TITLE}: recommendations tracker")
    expect(page.get_by_role("table")).to_contain_text("Reduce exclusions of children at SEN support")
    assert_accessible(page)

    page.goto("/tracker/recommendations/")
    assert_accessible(page)
    page.get_by_label("Cabinet response").select_option(label="Partially agreed")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/tracker/recommendations/?*response=partially_agreed*")
    expect(page.get_by_role("heading", level=2, name="2 recommendations match your filters")).to_be_visible()
    results = page.get_by_role("table", name="Recommendations matching the filters")
    expect(results.get_by_role("link")).to_have_count(2)
    expect(results).not_to_contain_text("Publish EHC plan timeliness")
    expect(page.get_by_label("Cabinet response")).to_have_value("partially_agreed")  # the form keeps the filter
    assert_accessible(page)

    results.get_by_role("link", name="Reduce exclusions of children at SEN support").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recommendation 9")
    expect(page.get_by_role("heading", level=3, name="Reasons")).to_be_visible()
    expect(page.locator(".response-reasons")).to_contain_text(REASONS_9)
    expect(page.get_by_text("45% complete", exact=True)).to_be_visible()
    expect(page.get_by_role("progressbar", name="Progress: 45% complete")).to_be_visible()
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.first).to_contain_text("2 November 2020: At risk")
    expect(timeline.first).to_contain_text("Schools consulted on the charter.")
    expect(timeline.nth(1)).to_contain_text("Inclusion charter drafted.")
    assert_accessible(page)
