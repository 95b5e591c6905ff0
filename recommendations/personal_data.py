"""This app's sections of a member's personal data (export and erasure); see forum_site/accounts/personal_data.py.

The tracker names staff, not parents: the officer assigned to a recommendation, the authors of
implementation updates and internal notes, and the scrutiny members who signed off. The tracker's
records stay when an account is deleted (they are the council's public record), with the link to the
account removed, as the SET_NULL foreign keys would.
"""

from __future__ import annotations

from typing import Any

from forum_site.accounts.personal_data import Section, register

from .models import ImplementationUpdate, InternalNote, Recommendation, SignOffDecision


def _recommendation(recommendation: Recommendation) -> dict[str, str]:
    return {"review": recommendation.review.title, "recommendation": str(recommendation)}


def tracker_export(user) -> dict[str, list[dict[str, Any]]]:
    """What the tracker records under the member's name."""
    assigned = (
        Recommendation.objects.filter(officer=user).select_related("review").order_by("review_id", "position", "pk")
    )
    updates = (
        ImplementationUpdate.objects.filter(author=user)
        .select_related("recommendation__review")
        .order_by("created_at", "pk")
    )
    decisions = (
        SignOffDecision.objects.filter(decided_by=user)
        .select_related("recommendation__review")
        .order_by("decided_at", "pk")
    )
    notes = (
        InternalNote.objects.filter(author=user).select_related("recommendation__review").order_by("created_at", "pk")
    )
    return {
        "assigned_recommendations": [_recommendation(r) for r in assigned],
        "implementation_updates": [
            {
                **_recommendation(u.recommendation),
                "date": u.date.isoformat(),
                "status": u.status,
                "narrative": u.narrative,
            }
            for u in updates
        ],
        "sign_off_decisions": [
            {
                **_recommendation(d.recommendation),
                "decision": d.decision,
                "comment": d.comment,
                "decided_at": d.decided_at.isoformat(),
            }
            for d in decisions
        ],
        "internal_notes": [
            {**_recommendation(n.recommendation), "text": n.text, "created_at": n.created_at.isoformat()} for n in notes
        ],
    }


def tracker_erase(user) -> None:
    Recommendation.objects.filter(officer=user).update(officer=None)
    ImplementationUpdate.objects.filter(author=user).update(author=None)
    SignOffDecision.objects.filter(decided_by=user).update(decided_by=None)
    InternalNote.objects.filter(author=user).update(author=None)


register(
    Section(
        key="tracker",
        title="Your work on the recommendations tracker",
        export=tracker_export,
        erase=tracker_erase,
        covers=(
            "recommendations.Recommendation.officer",
            "recommendations.ImplementationUpdate.author",
            "recommendations.SignOffDecision.decided_by",
            "recommendations.InternalNote.author",
        ),
    )
)
