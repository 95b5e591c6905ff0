"""Notification fixtures: followable things that exist today (a consultation, a review, a recommendation)."""

from __future__ import annotations

import pytest

from tests.consultations.conftest import consultation, consultation_index, make_consultation  # noqa: F401
from tests.factories import UserFactory
from tests.recommendations.conftest import make_recommendation, make_review, review, tracker_index  # noqa: F401


@pytest.fixture
def recommendation(request):
    return request.getfixturevalue("make_recommendation")(title="Publish EHC plan timeliness monthly")


@pytest.fixture
def make_member(db):
    """make_member(**fields) -> a verified parent (a new email address each time)."""

    def make(**fields):
        return UserFactory(**fields)

    return make
