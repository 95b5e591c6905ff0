"""Reads for the tracker. Two sections: the public tracker, and staff screens (dashboard, officer work)."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Public tracker: lists and filters, review summaries, charts, committee report, exports, API.
# ---------------------------------------------------------------------------------------------
import datetime
import re
from dataclasses import dataclass, fields
from urllib.parse import urlsplit

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone

from forum_site.core.ids import MAX_ID

from .models import (
    ImplementationStatus,
    ImplementationUpdate,
    Rag,
    Recommendation,
    ResponseDecision,
    ScrutinyReviewPage,
    SignOffState,
    Theme,
)

SEARCH_MAX_LENGTH = 100
OVERDUE_CHOICES = [("implementation", "Implementation overdue"), ("response", "Response overdue")]
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")


class FilterError(ValueError):
    """A filter value that is not one of the allowed values (the API reports it; pages ignore it)."""

    def __init__(self, name: str, value: str, allowed: list[str]):
        self.name = name
        super().__init__(f"Unknown value {value!r} for {name!r}. Allowed: {', '.join(allowed) or 'none'}.")


@dataclass(frozen=True)
class RecommendationFilters:
    """The list's filters, all plain GET parameters so every filtered list has its own URL."""

    review: int | None = None
    response: str = ""
    status: str = ""
    rag: str = ""
    theme: str = ""
    overdue: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def as_query(self) -> str:
        """The filters as a query string (for pagination and export links): only those set."""
        query = QueryDict(mutable=True)
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                query[f.name] = str(value)
        return query.urlencode()


def recommendation_filters_parse(params, *, strict: bool = False) -> RecommendationFilters:
    """Filters from GET parameters. Unknown values are dropped, or raise FilterError when `strict` (the API)."""
    values: dict = {}

    def pick(name: str, allowed: list[str]) -> None:
        value = (params.get(name) or "").strip()
        if not value:
            return
        if value in allowed:
            values[name] = value
        elif strict:
            raise FilterError(name, value, allowed)

    pick("response", ResponseDecision.values)
    pick("status", ImplementationStatus.values)
    pick("rag", Rag.values)
    pick("overdue", [key for key, _ in OVERDUE_CHOICES])
    review = (params.get("review") or "").strip()
    if review:
        if review.isdigit() and len(review) < 10:
            values["review"] = int(review)
        elif strict:
            raise FilterError("review", review, ["a review id"])
    theme = (params.get("theme") or "").strip()
    if theme:
        if _SLUG.match(theme):
            values["theme"] = theme
        elif strict:
            raise FilterError("theme", theme, ["a theme slug"])
    values["q"] = " ".join((params.get("q") or "").split())[:SEARCH_MAX_LENGTH]
    return RecommendationFilters(**values)


def _latest_update(field: str) -> Subquery:
    # Ordered exactly as the (recommendation, -date, -created_at) index, so each lookup is one index probe.
    latest = ImplementationUpdate.objects.filter(recommendation=OuterRef("pk")).order_by("-date", "-created_at")
    return Subquery(latest.values(field)[:1])


def recommendations_public(
    *, filters: RecommendationFilters | None = None, today: datetime.date | None = None
) -> QuerySet[Recommendation]:
    """Recommendations of live reviews, filtered, each with its review, themes and latest update.

    A fixed number of queries whatever the number of rows: the review is joined, the latest update
    comes from subqueries (`latest_update_date`, `latest_update_narrative`), themes are prefetched.
    """
    filters = filters or RecommendationFilters()
    today = today or timezone.localdate()
    qs = Recommendation.objects.filter(review__live=True)
    if filters.review:
        qs = qs.filter(review_id=filters.review)
    if filters.response:
        qs = qs.filter(response=filters.response)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.rag:
        qs = qs.filter(rag=filters.rag)
    if filters.theme:
        qs = qs.filter(themes__slug=filters.theme)
    if filters.overdue == "implementation":
        qs = qs.implementation_overdue(today)
    elif filters.overdue == "response":
        qs = qs.response_overdue(today)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(text__icontains=filters.q) | Q(reference__icontains=filters.q))
    return (
        qs.select_related("review")
        .prefetch_related("themes")
        .annotate(latest_update_date=_latest_update("date"), latest_update_narrative=_latest_update("narrative"))
        .order_by("-review__adopted_on", "review_id", "position", "id")
    )


def filter_options() -> dict:
    """Choices for the filter form: live reviews and themes (two queries), and the fixed choices."""
    return {
        "reviews": list(ScrutinyReviewPage.objects.live().order_by("-adopted_on").values_list("id", "title")),
        "themes": list(Theme.objects.values_list("slug", "name")),
        "responses": ResponseDecision.choices,
        "statuses": ImplementationStatus.choices,
        "rags": Rag.choices,
        "overdue": OVERDUE_CHOICES,
    }


def reviews_public(*, index_page=None) -> QuerySet[ScrutinyReviewPage]:
    qs = ScrutinyReviewPage.objects.live()
    if index_page is not None:
        qs = qs.child_of(index_page)
    return qs.order_by("-adopted_on", "id")


@dataclass(frozen=True)
class Tally:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class ReviewSummary:
    total: int
    responses: list[Tally]
    statuses: list[Tally]  # accepted and not yet signed off, by status (completed ones wait for sign-off)
    signed_off: int
    response_overdue: bool

    @property
    def responses_given(self) -> list[Tally]:
        """The responses that some recommendations have (for a sentence; the charts show every one)."""
        return [t for t in self.responses if t.count]

    @property
    def in_progress(self) -> list[Tally]:
        """Accepted, not completed: the recommendations still being worked on, by status, leaving out none-counts."""
        return [t for t in self.statuses if t.count and t.value != ImplementationStatus.COMPLETED]

    @property
    def awaiting_sign_off(self) -> int:
        return next(t.count for t in self.statuses if t.value == ImplementationStatus.COMPLETED)


# Open recommendations that are completed still wait for the committee to sign them off.
STATUS_LABELS = {ImplementationStatus.COMPLETED: "Completed, awaiting sign-off"}


def review_summaries(
    reviews: list[ScrutinyReviewPage], *, today: datetime.date | None = None
) -> dict[int, ReviewSummary]:
    """Counts by response and by status for each review: two queries for any number of reviews."""
    today = today or timezone.localdate()
    ids = [r.pk for r in reviews]
    by_response: dict[int, dict[str, int]] = {i: {} for i in ids}
    by_status: dict[int, dict[str, int]] = {i: {} for i in ids}
    signed_off: dict[int, int] = dict.fromkeys(ids, 0)
    rows = Recommendation.objects.filter(review_id__in=ids).values_list("review_id", "response").annotate(n=Count("id"))
    for review_id, response, n in rows.order_by():
        by_response[review_id][response] = n
    rows = (
        Recommendation.objects.filter(
            review_id__in=ids, response__in=[ResponseDecision.AGREED, ResponseDecision.PARTIALLY_AGREED]
        )
        .values_list("review_id", "status", "sign_off")
        .annotate(n=Count("id"))
    )
    for review_id, status, sign_off, n in rows.order_by():
        if sign_off == SignOffState.ACHIEVED:
            signed_off[review_id] += n
        else:  # open (Recommendation.objects.open())
            by_status[review_id][status] = by_status[review_id].get(status, 0) + n
    summaries = {}
    for review in reviews:
        responses = [
            Tally(value, label, by_response[review.pk].get(value, 0))
            for value, label in [
                (ResponseDecision.AGREED, ResponseDecision.AGREED.label),
                (ResponseDecision.PARTIALLY_AGREED, ResponseDecision.PARTIALLY_AGREED.label),
                (ResponseDecision.REJECTED, ResponseDecision.REJECTED.label),
                (ResponseDecision.AWAITING, ResponseDecision.AWAITING.label),
            ]
        ]
        statuses = [Tally(value, STATUS_LABELS.get(value, label), by_status[review.pk].get(value, 0))
                    for value, label in ImplementationStatus.choices]
        awaiting = by_response[review.pk].get(ResponseDecision.AWAITING, 0)
        due = review.response_due_on
        summaries[review.pk] = ReviewSummary(
            total=sum(by_response[review.pk].values()),
            responses=responses,
            statuses=statuses,
            signed_off=signed_off[review.pk],
            response_overdue=bool(awaiting and due and due < today),
        )
    return summaries


def recommendation_public(*, pk: int) -> Recommendation:
    """One recommendation of a live review, with its themes, actions and updates (oldest first).

    Raises Recommendation.DoesNotExist for an unknown id or a review that is not live.
    """
    if not 0 < pk <= MAX_ID:  # a tampered id too big for the database is simply not found
        raise Recommendation.DoesNotExist
    return (
        Recommendation.objects.filter(review__live=True)
        .select_related("review")
        .prefetch_related("themes", "actions", "updates", "sign_off_decisions")
        .get(pk=pk)
    )


def evidence_urls(links) -> list[str]:
    """The evidence links that are plain http(s) addresses; anything else (javascript:, data:) is dropped."""
    urls = []
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, str):
            continue
        link = link.strip()
        parts = urlsplit(link)
        if parts.scheme in ("http", "https") and parts.netloc:
            urls.append(link)
    return urls


def open_recommendations(*, review: ScrutinyReviewPage | None = None) -> QuerySet[Recommendation]:
    """The committee report's rows: accepted recommendations not yet signed off (one review, or all)."""
    filters = RecommendationFilters(review=review.pk if review else None)
    qs = recommendations_public(filters=filters)
    return qs if review else qs.open()


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
    slipped: list
    due_soon: list
    awaiting_sign_off: list
    sent_back: list
    reviews: list
    today: _dt.date


def _work_lists(today: _dt.date) -> dict:
    """The dashboard's work lists as querysets, by the name of their section (one definition for the
    dashboard and the counts on the admin home)."""
    recs = _Recommendation.objects.all()
    return {
        "response_overdue": recs.response_overdue(today).order_by("review__response_due_on", "position"),
        "implementation_overdue": recs.implementation_overdue(today).order_by("effective_target", "position"),
        # Slipped with a revised target date: listed whether or not the new date is near, so a recommendation
        # whose officer moved its date beyond the "due soon" window does not drop off the dashboard.
        "slipped": recs.slipped().order_by("effective_target", "position"),
        "due_soon": recs.due_within(DUE_SOON_DAYS, today).order_by("effective_target", "position"),
        "awaiting_sign_off": recs.awaiting_sign_off().exclude(sign_off=_SignOff.SENT_BACK).order_by("last_update_on", "position"),
        "sent_back": recs.filter(sign_off=_SignOff.SENT_BACK).order_by("review", "position"),
    }


def dashboard_for_scrutiny(*, today: _dt.date | None = None) -> Dashboard:
    """The scrutiny dashboard: the work lists, recommendations sent back, and a summary per review."""
    today = today or _timezone.localdate()
    querysets = _work_lists(today)
    # Why it slipped: the latest update's reason (the status is a copy of the latest update's).
    querysets["slipped"] = querysets["slipped"].annotate(slip_reason=_latest_update("slip_reason"))
    lists = {name: list(_staff_list(qs)) for name, qs in querysets.items()}
    return Dashboard(**lists, reviews=list(review_counts_for_dashboard(today=today)), today=today)


@_dataclass(frozen=True)
class DashboardSection:
    id: str  # the id of the dashboard's section (links from the admin home land on it)
    label: str
    description: str


DASHBOARD_SECTIONS = {
    "response_overdue": DashboardSection(
        "response-overdue", "Response overdue", "The cabinet has not responded within two months of the review's adoption."
    ),
    "implementation_overdue": DashboardSection(
        "implementation-overdue", "Implementation overdue", "Past their target date (or revised target date) and not completed."
    ),
    "slipped": DashboardSection(
        "slipped", "Slipped, target revised",
        "The officer has said these slipped and given a new target date, however far off it is.",
    ),
    "due_soon": DashboardSection("due-soon", f"Due in the next {DUE_SOON_DAYS} days", "Not completed, with a target date coming up."),
    "awaiting_sign_off": DashboardSection(
        "awaiting-sign-off", "Completed, awaiting sign-off", "The officer says these are done: sign them off or send them back."
    ),
    "sent_back": DashboardSection("sent-back", "Sent back, waiting for the officer", "Sent back by scrutiny for more work."),
}
# The lists counted on a scrutiny member's admin home (sent-back ones wait for the officer, not for scrutiny).
HOME_COUNTS = ["response_overdue", "implementation_overdue", "slipped", "due_soon", "awaiting_sign_off"]


@_dataclass(frozen=True)
class DashboardCount:
    section: DashboardSection
    count: int
    recommendations: list | None = None  # the rows, on the dashboard itself


def dashboard_sections(dashboard: Dashboard) -> list[DashboardCount]:
    """The dashboard's work lists in order, each with its rows (no query: the lists are already read)."""
    return [DashboardCount(section, len(getattr(dashboard, name)), getattr(dashboard, name))
            for name, section in DASHBOARD_SECTIONS.items()]


def dashboard_counts(*, today: _dt.date | None = None) -> list[DashboardCount]:
    """How many recommendations are in each of the dashboard's work lists (for the admin home): one query."""
    today = today or _timezone.localdate()
    lists = _work_lists(today)
    counts = _Recommendation.objects.aggregate(
        **{name: _Count("pk", filter=_Q(pk__in=lists[name].values("pk"))) for name in HOME_COUNTS}
    )
    return [DashboardCount(DASHBOARD_SECTIONS[name], counts[name]) for name in HOME_COUNTS]


def review_counts_for_dashboard(*, today: _dt.date | None = None):
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
            slipped=count(accepted & not_done & _Q(recommendations__status=_Status.SLIPPED)),
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


OFFICER_DUE_NEXT = 5


def officer_due_next(*, user, limit: int = OFFICER_DUE_NEXT) -> list:
    """An officer's open recommendations with the nearest (revised) target dates first (for the admin home)."""
    return list(
        _Recommendation.objects.filter(officer=user)
        .open()
        .exclude(status=_Status.COMPLETED)
        .filter(_Q(target_date__isnull=False) | _Q(revised_target_date__isnull=False))
        .with_effective_target()
        .select_related("review")
        .order_by("effective_target", "review__title", "position", "id")[:limit]
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
