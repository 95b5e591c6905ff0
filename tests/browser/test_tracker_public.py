"""The public tracker in the browser: a visitor filters to "partially agreed", opens recommendation 9,
reads the cabinet's reasons and the timeline of updates. Every page opened (the tracker index, a review,
its committee report, the report of all open recommendations, the list unfiltered, filtered and with no
match, a recommendation) is checked with assert_accessible: axe with the WCAG 2.2 AA rules and target
size, no sideways scrolling at 320 px, the HTML kept for the Nu Html Checker. Data is built with the ORM."""

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
            recommendation=nine,
            date=date,
            status=status,
            rag=rag,
            percent_complete=percent,
            narrative=narrative,
            evidence_links=["https://example.org/charter"],
        )
    nine.status, nine.rag, nine.percent_complete = ImplementationStatus.AT_RISK, Rag.AMBER, 45
    nine.save()
    return index


def expect_breadcrumbs(page, *titles: str) -> None:
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link")).to_have_text(list(titles))


def test_visitor_filters_opens_a_recommendation_and_reads_its_timeline(page, assert_accessible, tracker):
    page.goto("/tracker/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendations tracker")
    expect_breadcrumbs(page, "Home")
    review_card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=REVIEW_TITLE, exact=True))
    # Counts as words; completed ones are never counted as open.
    expect(review_card).to_contain_text("4 recommendations")
    expect(review_card).to_contain_text("2 partially agreed, 1 rejected, 1 awaiting response")
    expect(review_card).to_contain_text("1 not started, 1 at risk")
    assert_accessible(page)

    page.get_by_role("link", name=REVIEW_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REVIEW_TITLE)
    expect_breadcrumbs(page, "Home", "Recommendations tracker")
    expect(
        page.get_by_role("img", name=f"Bar chart of cabinet responses to {REVIEW_TITLE}; the numbers are in the table")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Cabinet responses to the recommendations")).to_contain_text(
        "Partially agreed"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Committee report for this review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{REVIEW_TITLE}: recommendations tracker")
    expect_breadcrumbs(page, "Home", "Recommendations tracker", REVIEW_TITLE)
    report = page.get_by_role("table")
    expect(report).to_contain_text("Reduce exclusions of children at SEN support")
    expect(report.get_by_role("columnheader")).to_have_count(8)  # a real table, for print
    assert_accessible(page)
    # At 200 % zoom on a 1280 px screen (640 CSS px) the rows stack too: nothing scrolls sideways (WCAG 1.4.4).
    viewport = page.viewport_size
    page.set_viewport_size({"width": 640, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    page.set_viewport_size(viewport)

    page.goto("/tracker/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open scrutiny recommendations")
    assert_accessible(page)

    page.goto("/tracker/recommendations/")
    expect_breadcrumbs(page, "Home", "Recommendations tracker")
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

    page.goto("/tracker/recommendations/?q=nothing+matches+this")
    expect(page.get_by_role("heading", level=2, name="0 recommendations match your filters")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    results.get_by_role("link", name="Reduce exclusions of children at SEN support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reduce exclusions of children at SEN support")
    expect(page.get_by_text("Recommendation 9", exact=True)).to_be_visible()
    expect_breadcrumbs(page, "Home", "Recommendations tracker", REVIEW_TITLE)
    reasons = page.get_by_role("region", name="Reasons")
    expect(reasons).to_contain_text(REASONS_9)
    expect(page.get_by_text("45% complete", exact=True)).to_be_visible()
    expect(page.get_by_role("progressbar", name="Progress: 45% complete")).to_be_visible()
    expect(page.get_by_text("RAG: Amber", exact=True)).to_be_visible()  # the RAG as words, not colour alone
    timeline = page.locator("ol.app-timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.first).to_contain_text("2 November 2020: At risk")
    expect(timeline.first).to_contain_text("Schools consulted on the charter.")
    expect(timeline.first.locator("time")).to_have_attribute("datetime", "2020-11-02")
    expect(timeline.nth(1)).to_contain_text("Inclusion charter drafted.")
    assert_accessible(page)
