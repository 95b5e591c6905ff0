"""The demo tracker: the seed-004 SEND review and an older signed-off review; loading twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from recommendations import staff_selectors
from recommendations.models import (
    ImplementationUpdate,
    Recommendation,
    ScrutinyReviewPage,
    SignOffDecision,
    Theme,
    TrackerIndexPage,
)

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "recs": sorted(
            Recommendation.objects.values_list(
                "review__slug", "reference", "response", "status", "sign_off", "percent_complete", "officer__email"
            )
        ),
        "updates": ImplementationUpdate.objects.count(),
        "signoffs": SignOffDecision.objects.count(),
        "themes": Theme.objects.count(),
        "log": ModelLogEntry.objects.count(),
        "reviews": sorted(ScrutinyReviewPage.objects.values_list("slug", flat=True)),
    }


def test_demo_tracker_loads_and_is_idempotent():
    call_command("load_demo_data", verbosity=0)
    first = _snapshot()
    call_command("load_demo_data", verbosity=0)
    assert _snapshot() == first

    index = TrackerIndexPage.objects.get()
    assert (index.title, index.slug, index.live) == ("Recommendations tracker", "tracker", True)
    send = ScrutinyReviewPage.objects.get(slug="send-semh-and-autism")
    assert send.get_parent().specific == index and send.panel == "Children and Young People Scrutiny Panel"
    recs = {r.reference: r for r in send.recommendations.all()}
    assert len(recs) == 12
    assert recs["9"].response == recs["12"].response == "partially_agreed"
    assert "full complement" in recs["12"].response_reasons
    assert [r.reference for r in recs.values() if r.response == "rejected"] == ["11"]
    assert sum(r.response == "agreed" for r in recs.values()) == 9
    officer_recs = [r.reference for r in recs.values() if r.officer and r.officer.email == "officer@example.org"]
    assert len(officer_recs) >= 3

    dashboard = staff_selectors.dashboard_for_scrutiny()
    assert len(dashboard.implementation_overdue) >= 2
    assert len(dashboard.due_soon) >= 2
    assert [r.reference for r in dashboard.awaiting_sign_off] == ["5"]
    # Slipped to a date months away: in the slipped list, though in neither the overdue nor the due-soon one.
    assert "12" in [r.reference for r in dashboard.slipped]
    assert "12" not in [r.reference for r in dashboard.implementation_overdue + dashboard.due_soon]
    assert ImplementationUpdate.objects.filter(recommendation__review=send, status="slipped").count() >= 2

    old = ScrutinyReviewPage.objects.get(slug="short-breaks")
    assert old.recommendations.count() >= 3
    assert all(r.sign_off == "achieved" and r.status == "completed" for r in old.recommendations.all())
    assert old.adopted_on < send.adopted_on
