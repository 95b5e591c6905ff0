"""The tracker's lists use a fixed number of SQL queries, whatever the number of recommendations."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import (
    Action,
    ImplementationStatus,
    ImplementationUpdate,
    Rag,
    Recommendation,
    ResponseDecision,
    Theme,
)
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

RESPONSES = itertools.cycle([ResponseDecision.AGREED, ResponseDecision.PARTIALLY_AGREED, ResponseDecision.REJECTED])
STATUSES = itertools.cycle(
    [ImplementationStatus.ON_TRACK, ImplementationStatus.AT_RISK, ImplementationStatus.NOT_STARTED]
)


def build(reviews, count: int) -> list[Recommendation]:
    """`count` recommendations spread over `reviews`, each with two themes, two updates and an action."""
    themes = [Theme.objects.create(name=f"Theme {n}", slug=f"theme-{n}") for n in range(3)]
    recs = Recommendation.objects.bulk_create(
        Recommendation(
            review=reviews[n % len(reviews)],
            reference=f"R{n}",
            position=n,
            title=f"Recommendation {n}",
            text="The council should publish EHC plan timeliness every month.",
            response=next(RESPONSES),
            status=next(STATUSES),
            rag=Rag.AMBER,
            percent_complete=n % 100,
            target_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(count)
    )
    recs = list(Recommendation.objects.order_by("id"))
    through = Recommendation.themes.through
    through.objects.bulk_create([through(recommendation=r, theme=t) for r in recs for t in themes[:2]])
    ImplementationUpdate.objects.bulk_create(
        [
            ImplementationUpdate(
                recommendation=r,
                date=datetime.date(2026, 4, day),
                status="on_track",
                rag="green",
                percent_complete=10 * day,
                narrative=f"Update {day}",
            )
            for r in recs
            for day in (1, 2)
        ]
    )
    Action.objects.bulk_create([Action(recommendation=r, title="Do it") for r in recs])
    return recs


def count(client, path: str, params=None) -> int:
    client.get(path, params)  # warm Wagtail's site and navigation caches
    from forum_site.core.cache import area_changed

    area_changed("tracker")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    return len(ctx.captured_queries)


def paths(tracker_index, review) -> list[tuple[str, dict | None]]:
    base = tracker_index.url
    return [
        (base, None),
        (base + "recommendations/", None),
        (base + "recommendations/", {"response": "agreed", "status": "on_track", "theme": "theme-1"}),
        (base + "recommendations/", {"q": "Recommendation", "page": "2"}),
        (base + "report/", None),
        (review.url, None),
        (review.url + "report/", None),
        (reverse("recommendations:api-recommendation-list"), {"page_size": "100"}),
        (reverse("recommendations:api-review-list"), None),
    ]


def measure(client, tracker_index, review) -> list[int]:
    return [count(client, path, params) for path, params in paths(tracker_index, review)]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "scrutiny-member"])
def test_query_count_constant_from_5_to_500(client, tracker_index, make_review, scrutiny_member, signed_in):
    if signed_in:
        sign_in(client, scrutiny_member)
    reviews = [make_review() for _ in range(20)]
    build(reviews, 5)
    few = measure(client, tracker_index, reviews[0])
    Recommendation.objects.all().delete()
    Theme.objects.all().delete()
    build(reviews, 500)
    many = measure(client, tracker_index, reviews[0])
    assert few == many, list(zip([p for p, _ in paths(tracker_index, reviews[0])], few, many, strict=True))
    # A budget too: routing and the page take about 12; a signed-in member adds the session, user and userbar.
    assert max(many) <= (22 if signed_in else 14)


def test_detail_query_count_does_not_grow_with_updates(client, tracker_index, make_recommendation):
    rec = make_recommendation()
    url = tracker_index.url + f"recommendations/{rec.pk}/"
    ImplementationUpdate.objects.create(
        recommendation=rec, status="on_track", rag="green", percent_complete=5, narrative="One"
    )
    few = count(client, url)
    ImplementationUpdate.objects.bulk_create(
        [
            ImplementationUpdate(recommendation=rec, status="on_track", rag="green", percent_complete=5, narrative="n")
            for _ in range(50)
        ]
    )
    Action.objects.bulk_create([Action(recommendation=rec, title=f"A{n}") for n in range(20)])
    assert count(client, url) == few


def test_anonymous_list_is_served_from_cache_without_queries(client, tracker_index, make_recommendation):
    make_recommendation()
    url = tracker_index.url + "recommendations/?response=agreed"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0
