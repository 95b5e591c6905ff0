"""Reads for the tracker. Two sections: the public tracker, and staff screens (dashboard, officer work)."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Public tracker: lists and filters, review summaries, charts, committee report, exports, API.
# ---------------------------------------------------------------------------------------------
import datetime
import re
from dataclasses import dataclass, fields
from typing import Any
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


def latest_update(field: str) -> Subquery:
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
        .annotate(latest_update_date=latest_update("date"), latest_update_narrative=latest_update("narrative"))
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
STATUS_LABELS: dict[str, str] = {ImplementationStatus.COMPLETED: "Completed, awaiting sign-off"}


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
        statuses = [
            Tally(value, STATUS_LABELS.get(value, label), by_status[review.pk].get(value, 0))
            for value, label in ImplementationStatus.choices
        ]
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
    qs: Any = recommendations_public(filters=filters)  # a RecommendationQuerySet
    return qs if review else qs.open()
