"""Reads for the tracker. Two sections: the public tracker, and staff screens (dashboard, officer work)."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Public tracker: lists and filters, review summaries, charts, committee report, exports, API.
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# (end of the public section)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Staff: scrutiny dashboard, officer work lists, history.
# ---------------------------------------------------------------------------------------------
# Every list here costs a fixed number of queries, however many recommendations there are.

import datetime as _dt
from dataclasses import dataclass as _dataclass

from django.db.models import Count as _Count
from django.db.models import Q as _Q
from django.utils import timezone as _timezone
from wagtail.models import ModelLogEntry as _ModelLogEntry

from . import models as _models

_Status, _Decision, _SignOff = _models.ImplementationStatus, _models.ResponseDecision, _models.SignOffState
_Recommendation, _Review = _models.Recommendation, _models.ScrutinyReviewPage

DUE_SOON_DAYS = 30


def _staff_list(queryset):
    return queryset.select_related("review", "officer").annotate(note_count=_Count("internal_notes", distinct=True))


@_dataclass(frozen=True)
class Dashboard:
    response_overdue: list
    implementation_overdue: list
    due_soon: list
    awaiting_sign_off: list
    sent_back: list
    reviews: list
    today: _dt.date


def dashboard_for_scrutiny(*, today: _dt.date | None = None) -> Dashboard:
    """The scrutiny dashboard: the four work lists, recommendations sent back, and a summary per review."""
    today = today or _timezone.localdate()
    recs = _Recommendation.objects.all()
    return Dashboard(
        response_overdue=list(_staff_list(recs.response_overdue(today)).order_by("review__response_due_on", "position")),
        implementation_overdue=list(_staff_list(recs.implementation_overdue(today)).order_by("effective_target", "position")),
        due_soon=list(_staff_list(recs.due_within(DUE_SOON_DAYS, today)).order_by("effective_target", "position")),
        awaiting_sign_off=list(
            _staff_list(recs.awaiting_sign_off().exclude(sign_off=_SignOff.SENT_BACK)).order_by("last_update_on", "position")
        ),
        sent_back=list(_staff_list(recs.filter(sign_off=_SignOff.SENT_BACK)).order_by("review", "position")),
        reviews=list(review_summaries(today=today)),
        today=today,
    )


def review_summaries(*, today: _dt.date | None = None):
    """Every review with counts of its recommendations by response and progress (one query)."""
    today = today or _timezone.localdate()
    accepted = _Q(recommendations__response__in=[_Decision.AGREED, _Decision.PARTIALLY_AGREED])
    not_done = ~_Q(recommendations__status=_Status.COMPLETED) & ~_Q(recommendations__sign_off=_SignOff.ACHIEVED)
    past_target = _Q(recommendations__revised_target_date__lt=today) | _Q(
        recommendations__revised_target_date__isnull=True, recommendations__target_date__lt=today
    )

    def count(condition=None):
        return _Count("recommendations", filter=condition)

    return (
        _Review.objects.annotate(
            total=count(),
            agreed=count(_Q(recommendations__response=_Decision.AGREED)),
            partially_agreed=count(_Q(recommendations__response=_Decision.PARTIALLY_AGREED)),
            rejected=count(_Q(recommendations__response=_Decision.REJECTED)),
            awaiting=count(_Q(recommendations__response=_Decision.AWAITING)),
            response_overdue=count(
                _Q(recommendations__response=_Decision.AWAITING) & _Q(response_due_on__lt=today)
            ),
            overdue=count(accepted & not_done & past_target),
            completed=count(_Q(recommendations__status=_Status.COMPLETED) & ~_Q(recommendations__sign_off=_SignOff.ACHIEVED)),
            achieved=count(_Q(recommendations__sign_off=_SignOff.ACHIEVED)),
        )
        .order_by("-adopted_on", "title")
    )


def recommendations_for_officer(*, user):
    """An officer's work list: the recommendations assigned to them."""
    return (
        _Recommendation.objects.filter(officer=user)
        .select_related("review")
        .order_by("review__title", "position", "id")
    )


@_dataclass(frozen=True)
class HistoryChange:
    label: str
    before: str
    after: str


@_dataclass(frozen=True)
class HistoryEntry:
    timestamp: _dt.datetime
    user: object
    imported: bool
    changes: list


def _response_field_labels() -> dict[str, str]:
    return {
        "response": "Response",
        "response_reasons": "Reasons",
        "response_decided_on": "Decision date",
        "cabinet_member": "Cabinet member",
        "lead_officer_name": "Lead officer",
        "target_date": "Target date",
    }


def _shown(name: str, value) -> str:
    if value in (None, ""):
        return "(none)"
    if name == "response":
        return _Decision(value).label if value in _Decision.values else str(value)
    if name in ("response_decided_on", "target_date"):
        try:
            return f"{_dt.date.fromisoformat(value):%-d %B %Y}"
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def response_history(*, recommendation) -> list[HistoryEntry]:
    """Changes to the cabinet's response, newest first, from Wagtail's audit log (before and after values)."""
    from .services import LOG_RESPONSE

    labels = _response_field_labels()
    entries = []
    logs = (
        _ModelLogEntry.objects.for_instance(recommendation)
        .filter(action=LOG_RESPONSE)
        .select_related("user")
        .order_by("-timestamp", "-id")
    )
    for entry in logs:
        data = entry.data or {}
        before, after = data.get("before") or {}, data.get("after") or {}
        names = data.get("changed") or [n for n in labels if after.get(n) not in (None, "")]
        changes = [HistoryChange(labels.get(n, n), _shown(n, before.get(n)), _shown(n, after.get(n))) for n in names]
        entries.append(HistoryEntry(entry.timestamp, entry.user, bool(data.get("imported")), changes))
    return entries


@_dataclass(frozen=True)
class StaffDetail:
    recommendation: object
    actions: list
    updates: list
    sign_offs: list
    notes: list
    history: list


def recommendation_staff_detail(*, recommendation, with_notes: bool) -> StaffDetail:
    """Everything staff see about one recommendation; internal notes only when asked for."""
    return StaffDetail(
        recommendation=recommendation,
        actions=list(recommendation.actions.all()),
        updates=list(recommendation.updates.select_related("author", "action").order_by("-date", "-created_at")),
        sign_offs=list(recommendation.sign_off_decisions.select_related("decided_by").order_by("-decided_at")),
        notes=list(recommendation.internal_notes.select_related("author").order_by("-created_at")) if with_notes else [],
        history=response_history(recommendation=recommendation),
    )
