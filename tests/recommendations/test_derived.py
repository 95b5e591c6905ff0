""" "Overdue" and "response overdue" are derived from dates at request time, never stored."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest

from recommendations import selectors
from recommendations.exports import HEADER, recommendation_rows
from recommendations.models import ImplementationStatus, Recommendation, ResponseDecision, SignOffState

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2026, 3, 10)  # the review fixture's adoption date; response due 10 May 2026
TARGET = datetime.date(2026, 9, 30)


def frozen(day: datetime.date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.mark.parametrize(
    "today, expected",
    [
        (datetime.date(2026, 5, 9), False),
        (datetime.date(2026, 5, 10), False),  # due today: not yet overdue
        (datetime.date(2026, 5, 11), True),
    ],
)
def test_response_overdue_after_two_months(make_recommendation, today, expected):
    rec = make_recommendation(response=ResponseDecision.AWAITING)
    assert rec.review.response_due_on == datetime.date(2026, 5, 10)
    assert rec.is_response_overdue(today) is expected
    overdue = selectors.recommendations_public(filters=selectors.RecommendationFilters(overdue="response"), today=today)
    assert (rec in overdue) is expected


@pytest.mark.parametrize("response", [ResponseDecision.AGREED, ResponseDecision.REJECTED])
def test_a_given_response_is_never_response_overdue(make_recommendation, response):
    rec = make_recommendation(response=response)
    assert rec.is_response_overdue(datetime.date(2030, 1, 1)) is False


@pytest.mark.parametrize(
    "fields, today, expected",
    [
        ({}, TARGET, False),
        ({}, TARGET + datetime.timedelta(days=1), True),
        ({"revised_target_date": datetime.date(2026, 12, 31)}, TARGET + datetime.timedelta(days=1), False),
        ({"revised_target_date": datetime.date(2026, 12, 31)}, datetime.date(2027, 1, 1), True),
        ({"status": ImplementationStatus.COMPLETED, "percent_complete": 100}, datetime.date(2027, 1, 1), False),
        ({"response": ResponseDecision.REJECTED}, datetime.date(2027, 1, 1), False),
        ({"response": ResponseDecision.PARTIALLY_AGREED}, datetime.date(2027, 1, 1), True),
        ({"target_date": None}, datetime.date(2027, 1, 1), False),
    ],
)
def test_implementation_overdue(make_recommendation, fields, today, expected):
    fields.setdefault("target_date", TARGET)
    rec = make_recommendation(**fields)
    assert rec.is_overdue(today) is expected
    listed = selectors.recommendations_public(
        filters=selectors.RecommendationFilters(overdue="implementation"), today=today
    )
    assert (rec in listed) is expected
    exported = list(recommendation_rows(selectors.recommendations_public(), today))
    row = dict(zip(HEADER, exported[1], strict=True))
    assert row["Overdue"] == ("Yes" if expected else "No")


def test_signed_off_is_never_overdue(make_recommendation):
    rec = make_recommendation(target_date=TARGET, status=ImplementationStatus.COMPLETED, percent_complete=100)
    rec.sign_off = SignOffState.ACHIEVED
    rec.save()
    assert rec.is_overdue(datetime.date(2030, 1, 1)) is False


def test_pages_show_overdue_by_the_clock(client, tracker_index, make_recommendation):
    rec = make_recommendation(title="Timeliness", target_date=TARGET)
    url = tracker_index.url + tracker_index.reverse_subpage("recommendation-detail", args=[rec.pk])
    with frozen(TARGET):
        html = client.get(url).content.decode()
    assert 'govuk-tag--red">Overdue<' not in html
    from django.core.cache import cache

    cache.clear()  # the anonymous page cache never lives past midnight; clear it to move the clock at once
    with frozen(TARGET + datetime.timedelta(days=1)):
        html = client.get(url).content.decode()
    assert 'govuk-tag--red">Overdue<' in html
    assert not Recommendation.objects.filter(pk=rec.pk, status="overdue").exists()  # nothing stored


def test_page_cache_expires_by_midnight():
    from django.utils import timezone

    from recommendations.views import CACHE_SECONDS, cache_seconds

    london = timezone.get_current_timezone()
    late = datetime.datetime(2026, 6, 1, 23, 59, 0, tzinfo=london)
    with mock.patch("django.utils.timezone.localtime", return_value=late):
        assert cache_seconds() == 60
    noon = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=london)
    with mock.patch("django.utils.timezone.localtime", return_value=noon):
        assert cache_seconds() == CACHE_SECONDS
