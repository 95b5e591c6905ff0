"""The tracker's staff reads: the scrutiny dashboard, officers' work lists, a recommendation's history
and its staff detail. Every list here costs a fixed number of queries, however many recommendations
there are. (The public reads are in selectors.py.)"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .models import ImplementationStatus, Recommendation, ResponseDecision, ScrutinyReviewPage, SignOffState
from .selectors import latest_update

DUE_SOON_DAYS = 30


def _staff_list(queryset):
    return queryset.select_related("review", "officer").annotate(note_count=Count("internal_notes", distinct=True))


@dataclass(frozen=True)
class Dashboard:
    response_overdue: list
    implementation_overdue: list
    slipped: list
    due_soon: list
    awaiting_sign_off: list
    sent_back: list
    reviews: list
    today: datetime.date


def _work_lists(today: datetime.date) -> dict:
    """The dashboard's work lists as querysets, by the name of their section (one definition for the
    dashboard and the counts on the admin home)."""
    recs = Recommendation.objects.all()
    return {
        "response_overdue": recs.response_overdue(today).order_by("review__response_due_on", "position"),
        "implementation_overdue": recs.implementation_overdue(today).order_by("effective_target", "position"),
        # Slipped with a revised target date: listed whether or not the new date is near, so a recommendation
        # whose officer moved its date beyond the "due soon" window does not drop off the dashboard.
        "slipped": recs.slipped().order_by("effective_target", "position"),
        "due_soon": recs.due_within(DUE_SOON_DAYS, today).order_by("effective_target", "position"),
        "awaiting_sign_off": recs.awaiting_sign_off()
        .exclude(sign_off=SignOffState.SENT_BACK)
        .order_by("last_update_on", "position"),
        "sent_back": recs.filter(sign_off=SignOffState.SENT_BACK).order_by("review", "position"),
    }


def dashboard_for_scrutiny(*, today: datetime.date | None = None) -> Dashboard:
    """The scrutiny dashboard: the work lists, recommendations sent back, and a summary per review."""
    today = today or timezone.localdate()
    querysets = _work_lists(today)
    # Why it slipped: the latest update's reason (the status is a copy of the latest update's).
    querysets["slipped"] = querysets["slipped"].annotate(slip_reason=latest_update("slip_reason"))
    lists = {name: list(_staff_list(qs)) for name, qs in querysets.items()}
    return Dashboard(**lists, reviews=list(review_counts_for_dashboard(today=today)), today=today)


@dataclass(frozen=True)
class DashboardSection:
    id: str  # the id of the dashboard's section (links from the admin home land on it)
    label: str
    description: str


DASHBOARD_SECTIONS = {
    "response_overdue": DashboardSection(
        "response-overdue",
        "Response overdue",
        "The cabinet has not responded within two months of the review's adoption.",
    ),
    "implementation_overdue": DashboardSection(
        "implementation-overdue",
        "Implementation overdue",
        "Past their target date (or revised target date) and not completed.",
    ),
    "slipped": DashboardSection(
        "slipped",
        "Slipped, target revised",
        "The officer has said these slipped and given a new target date, however far off it is.",
    ),
    "due_soon": DashboardSection(
        "due-soon", f"Due in the next {DUE_SOON_DAYS} days", "Not completed, with a target date coming up."
    ),
    "awaiting_sign_off": DashboardSection(
        "awaiting-sign-off",
        "Completed, awaiting sign-off",
        "The officer says these are done: sign them off or send them back.",
    ),
    "sent_back": DashboardSection(
        "sent-back", "Sent back, waiting for the officer", "Sent back by scrutiny for more work."
    ),
}
# The lists counted on a scrutiny member's admin home (sent-back ones wait for the officer, not for scrutiny).
HOME_COUNTS = ["response_overdue", "implementation_overdue", "slipped", "due_soon", "awaiting_sign_off"]


@dataclass(frozen=True)
class DashboardCount:
    section: DashboardSection
    count: int
    recommendations: list | None = None  # the rows, on the dashboard itself


def dashboard_sections(dashboard: Dashboard) -> list[DashboardCount]:
    """The dashboard's work lists in order, each with its rows (no query: the lists are already read)."""
    return [
        DashboardCount(section, len(getattr(dashboard, name)), getattr(dashboard, name))
        for name, section in DASHBOARD_SECTIONS.items()
    ]


def dashboard_counts(*, today: datetime.date | None = None) -> list[DashboardCount]:
    """How many recommendations are in each of the dashboard's work lists (for the admin home): one query."""
    today = today or timezone.localdate()
    lists = _work_lists(today)
    counts = Recommendation.objects.aggregate(
        **{name: Count("pk", filter=Q(pk__in=lists[name].values("pk"))) for name in HOME_COUNTS}
    )
    return [DashboardCount(DASHBOARD_SECTIONS[name], counts[name]) for name in HOME_COUNTS]


def review_counts_for_dashboard(*, today: datetime.date | None = None):
    """Every review with counts of its recommendations by response and progress (one query)."""
    today = today or timezone.localdate()
    accepted = Q(recommendations__response__in=[ResponseDecision.AGREED, ResponseDecision.PARTIALLY_AGREED])
    not_done = ~Q(recommendations__status=ImplementationStatus.COMPLETED) & ~Q(
        recommendations__sign_off=SignOffState.ACHIEVED
    )
    past_target = Q(recommendations__revised_target_date__lt=today) | Q(
        recommendations__revised_target_date__isnull=True, recommendations__target_date__lt=today
    )

    def count(condition=None):
        return Count("recommendations", filter=condition)

    return ScrutinyReviewPage.objects.annotate(
        total=count(),
        agreed=count(Q(recommendations__response=ResponseDecision.AGREED)),
        partially_agreed=count(Q(recommendations__response=ResponseDecision.PARTIALLY_AGREED)),
        rejected=count(Q(recommendations__response=ResponseDecision.REJECTED)),
        awaiting=count(Q(recommendations__response=ResponseDecision.AWAITING)),
        response_overdue=count(Q(recommendations__response=ResponseDecision.AWAITING) & Q(response_due_on__lt=today)),
        overdue=count(accepted & not_done & past_target),
        slipped=count(accepted & not_done & Q(recommendations__status=ImplementationStatus.SLIPPED)),
        completed=count(
            Q(recommendations__status=ImplementationStatus.COMPLETED)
            & ~Q(recommendations__sign_off=SignOffState.ACHIEVED)
        ),
        achieved=count(Q(recommendations__sign_off=SignOffState.ACHIEVED)),
    ).order_by("-adopted_on", "title")


def recommendations_for_officer(*, user):
    """An officer's work list: the recommendations assigned to them."""
    return (
        Recommendation.objects.filter(officer=user).select_related("review").order_by("review__title", "position", "id")
    )


OFFICER_DUE_NEXT = 5


def officer_due_next(*, user, limit: int = OFFICER_DUE_NEXT) -> list:
    """An officer's open recommendations with the nearest (revised) target dates first (for the admin home)."""
    return list(
        Recommendation.objects.filter(officer=user)
        .open()
        .exclude(status=ImplementationStatus.COMPLETED)
        .filter(Q(target_date__isnull=False) | Q(revised_target_date__isnull=False))
        .with_effective_target()
        .select_related("review")
        .order_by("effective_target", "review__title", "position", "id")[:limit]
    )


@dataclass(frozen=True)
class HistoryChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    timestamp: datetime.datetime
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
        return ResponseDecision(value).label if value in ResponseDecision.values else str(value)
    if name in ("response_decided_on", "target_date"):
        try:
            return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def response_history(*, recommendation) -> list[HistoryEntry]:
    """Changes to the cabinet's response, newest first, from Wagtail's audit log (before and after values)."""
    from .services import LOG_RESPONSE

    labels = _response_field_labels()
    entries = []
    logs = (
        ModelLogEntry.objects.for_instance(recommendation)
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


@dataclass(frozen=True)
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
        notes=list(recommendation.internal_notes.select_related("author").order_by("-created_at"))
        if with_notes
        else [],
        history=response_history(recommendation=recommendation),
    )
