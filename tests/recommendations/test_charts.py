"""Per-review charts: server-rendered SVG, each with its numbers in a table, titles escaped."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template

from recommendations import selectors
from recommendations.models import ImplementationStatus, ResponseDecision

pytestmark = pytest.mark.django_db


def test_tally_chart_draws_one_bar_per_tally_scaled_to_the_largest(review, make_recommendation):
    for response in (
        [ResponseDecision.AGREED] * 4 + [ResponseDecision.PARTIALLY_AGREED] * 2 + [ResponseDecision.REJECTED]
    ):
        make_recommendation(response=response)
    summary = selectors.review_summaries([review])[review.pk]
    assert [(t.value, t.count) for t in summary.responses] == [
        ("agreed", 4), ("partially_agreed", 2), ("rejected", 1), ("awaiting", 0),
    ]  # fmt: skip
    html = Template("{% load recommendation_tags %}{% tally_chart summary.responses title %}").render(
        Context({"summary": summary, "title": 'Responses to <b>"SEND"</b>'})
    )
    assert 'role="img"' in html
    assert 'aria-label="Responses to &lt;b&gt;&quot;SEND&quot;&lt;/b&gt;"' in html
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', html)]
    assert widths[0] > 0 and widths == [widths[0], round(widths[0] / 2), round(widths[0] / 4), 0]  # scaled; none for 0
    assert ">Partially agreed<" in html and ">2<" in html  # label and number as text, never cut


def test_progress_chart_counts_open_recommendations_by_status(review, make_recommendation):
    make_recommendation(status=ImplementationStatus.ON_TRACK)
    make_recommendation(status=ImplementationStatus.ON_TRACK)
    make_recommendation(status=ImplementationStatus.SLIPPED)
    make_recommendation(response=ResponseDecision.REJECTED)  # not open: not in the progress chart
    summary = selectors.review_summaries([review])[review.pk]
    assert {t.value: t.count for t in summary.statuses} == {
        "not_started": 0, "on_track": 2, "at_risk": 0, "slipped": 1, "completed": 0,
    }  # fmt: skip


def test_review_page_puts_the_numbers_in_tables_beside_the_charts(client, review, make_recommendation):
    make_recommendation(response=ResponseDecision.AGREED, status=ImplementationStatus.ON_TRACK)
    make_recommendation(response=ResponseDecision.PARTIALLY_AGREED, status=ImplementationStatus.AT_RISK)
    make_recommendation(response=ResponseDecision.AWAITING)
    soup = BeautifulSoup(client.get(review.url).content, "html.parser")
    pairs = soup.select(".app-chart-and-table")
    assert len(pairs) == 2
    tables = []
    for pair in pairs:
        assert pair.find("svg", attrs={"role": "img"}) is not None and pair.find("table") is not None
        tables.append(
            {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in pair.find("table").tbody.find_all("tr")}
        )
    assert tables[0] == {"Agreed": "1", "Partially agreed": "1", "Rejected": "0", "Awaiting response": "1"}
    assert tables[1] == {
        "Not started": "0",
        "On track": "1",
        "At risk": "1",
        "Slipped": "0",
        "Completed, awaiting sign-off": "0",
    }


def test_chart_labels_and_titles_are_escaped(client, make_review):
    review = make_review(title='<svg onload="alert(1)">')
    html = client.get(review.url).content.decode()
    assert '<svg onload="alert(1)">' not in html
    assert "&lt;svg onload=&quot;alert(1)&quot;&gt;" in html
