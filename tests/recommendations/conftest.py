"""Tracker fixtures: the tracker index, a published review, and a factory for recommendations."""

from __future__ import annotations

import datetime
import itertools

import pytest

from recommendations.models import Recommendation, ResponseDecision, ScrutinyReviewPage, TrackerIndexPage
from tests.conftest import mfa_login, sign_in

_numbers = itertools.count(1)


@pytest.fixture
def tracker_index(home_page) -> TrackerIndexPage:
    index = TrackerIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = TrackerIndexPage(title="Recommendations tracker", slug="tracker-test", intro="Every recommendation.")
        home_page.add_child(instance=index)
        index.save_revision().publish()
    return index


@pytest.fixture
def make_review(tracker_index):
    def make(**fields) -> ScrutinyReviewPage:
        n = next(_numbers)
        fields.setdefault("title", f"Review of SEND provision {n}")
        fields.setdefault("slug", f"review-{n}")
        fields.setdefault("panel", "Children and Young People Scrutiny Panel")
        fields.setdefault("scope", "How well the council meets the needs of children with SEND.")
        fields.setdefault("adopted_on", datetime.date(2026, 3, 10))
        review = ScrutinyReviewPage(**fields)
        tracker_index.add_child(instance=review)
        review.save_revision().publish()
        return review

    return make


@pytest.fixture
def review(make_review) -> ScrutinyReviewPage:
    return make_review()


@pytest.fixture
def make_recommendation(review):
    def make(**fields) -> Recommendation:
        fields.setdefault("review", review)
        n = fields["review"].recommendations.count() + 1
        fields.setdefault("reference", str(n))
        fields.setdefault("position", n)
        fields.setdefault("title", f"Recommendation {n}")
        fields.setdefault("text", "The council should publish EHC plan timeliness every month.")
        fields.setdefault("response", ResponseDecision.AGREED)
        fields.setdefault("target_date", datetime.date(2026, 12, 31))
        return Recommendation.objects.create(**fields)

    return make


# --- Staff side (appended by the staff-screens work) ----------------------------------------------------


@pytest.fixture
def tracker_login(client, totp):
    """tracker_login(user) -> the test client signed in as `user` (staff get a TOTP device, as MFA requires)."""

    def login(user):
        if user is not None:
            if user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
                mfa_login(client, user)
            else:
                sign_in(client, user)
        return client

    return login


@pytest.fixture
def assigned_recommendation(make_recommendation, officer) -> Recommendation:
    """An agreed recommendation assigned to the `officer` fixture, decided and with a target date."""
    return make_recommendation(
        officer=officer,
        title="Publish EHC plan timeliness monthly",
        response_decided_on=datetime.date(2026, 4, 20),
        lead_officer_name="Head of SEND",
    )
