"""The read-only JSON API for open data: reviews and recommendations with their responses and latest status.

GET only, anonymous, paginated (`page`, `page_size`), filtered like the public list. Public fields
only: never internal notes, officer accounts or emails. Documented in docs/tracker-public.md; field
names are stable (add fields, never rename or remove them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from forum_site.core.cache import cached_for_visitors

from . import selectors
from .models import Recommendation, ScrutinyReviewPage, TrackerIndexPage
from .views import cache_seconds

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
API_VERSION = 1


def _json(request, data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it (no cookies are used)
    return response


def _error(request, message: str, status: int = 400) -> JsonResponse:
    return _json(request, {"error": message}, status=status)


class _BadParameter(ValueError):
    pass


def _positive_int(params, name: str, default: int) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise _BadParameter(f"{name} must be a whole number of 1 or more.")
    return int(raw)


def _page(request, queryset, serialise: Callable[[list], list[dict]]) -> JsonResponse:
    """One page of `queryset` as {count, page, page_size, num_pages, next, previous, results}."""
    try:
        number = _positive_int(request.GET, "page", 1)
        size = min(_positive_int(request.GET, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    except _BadParameter as error:
        return _error(request, str(error))
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        return _error(request, f"page {number} does not exist; there are {paginator.num_pages} page(s).", status=404)

    def link(n: int) -> str:
        query = request.GET.copy()
        query["page"] = str(n)
        query["page_size"] = str(size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return _json(
        request,
        {
            "count": paginator.count,
            "page": number,
            "page_size": size,
            "num_pages": paginator.num_pages,
            "next": link(number + 1) if page.has_next() else None,
            "previous": link(number - 1) if page.has_previous() else None,
            "results": serialise(list(page.object_list)),
        },
    )


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _absolute(request, path: str | None) -> str | None:
    return request.build_absolute_uri(path) if path else None


def _review_json(request, review: ScrutinyReviewPage, summary: selectors.ReviewSummary) -> dict:
    return {
        "id": review.pk,
        "title": review.title,
        "url": _absolute(request, review.get_url(request)),
        "panel": review.panel,
        "scope": review.scope,
        "adopted_on": _date(review.adopted_on),
        "response_due_on": _date(review.response_due_on),
        "cabinet_response_on": _date(review.cabinet_response_on),
        "lead_cabinet_member": review.lead_cabinet_member,
        "lead_director": review.lead_director,
        "report_document_url": _absolute(request, review.report_document.url if review.report_document else None),
        "appendix_document_url": _absolute(request, review.appendix_document.url if review.appendix_document else None),
        "recommendation_count": summary.total,
        "responses": {t.value: t.count for t in summary.responses},
        "open_by_status": {t.value: t.count for t in summary.statuses},
        "response_overdue": summary.response_overdue,
        "recommendations_url": request.build_absolute_uri(
            reverse("recommendations:api-recommendation-list") + f"?review={review.pk}"
        ),
    }


def _detail_prefix(request) -> str | None:
    """The public page of a recommendation is <tracker>/recommendations/<id>/: the tracker's URL, once."""
    tracker = TrackerIndexPage.objects.live().first()
    if tracker is None:
        return None
    return request.build_absolute_uri(tracker.get_url(request) + tracker.reverse_subpage("recommendation-list"))


def _recommendation_json(rec: Recommendation, prefix: str | None) -> dict:
    latest = None
    if rec.latest_update_date:
        latest = {"date": _date(rec.latest_update_date), "narrative": rec.latest_update_narrative}
    return {
        "id": rec.pk,
        "url": f"{prefix}{rec.pk}/" if prefix else None,
        "review": {"id": rec.review_id, "title": rec.review.title},
        "reference": rec.reference,
        "title": rec.title,
        "text": rec.text,
        "themes": [theme.name for theme in rec.themes.all()],
        "addressed_to": rec.addressed_to,
        "response": {
            "decision": rec.response,
            "label": rec.get_response_display(),
            "reasons": rec.response_reasons,
            "decided_on": _date(rec.response_decided_on),
            "cabinet_member": rec.cabinet_member,
            "lead_officer": rec.lead_officer_name,
            "overdue": rec.is_response_overdue(),
        },
        "target_date": _date(rec.target_date),
        "revised_target_date": _date(rec.revised_target_date),
        "status": rec.status,
        "status_label": rec.get_status_display(),
        "rag": rec.rag or None,
        "percent_complete": rec.percent_complete,
        "overdue": rec.is_overdue(),
        "last_update_on": _date(rec.last_update_on),
        "latest_update": latest,
        "sign_off": rec.sign_off or None,
        "signed_off_at": rec.signed_off_at.isoformat() if rec.signed_off_at else None,
    }


@require_GET
@cached_for_visitors(areas=("tracker",), seconds=cache_seconds)
def review_list(request):
    def serialise(reviews: list) -> list[dict]:
        summaries = selectors.review_summaries(reviews)  # two queries for the whole page
        return [_review_json(request, review, summaries[review.pk]) for review in reviews]

    queryset = selectors.reviews_public().select_related("report_document", "appendix_document")
    return _page(request, queryset, serialise)


@require_GET
@cached_for_visitors(areas=("tracker",), seconds=cache_seconds)
def review_detail(request, pk: int):
    queryset = selectors.reviews_public().select_related("report_document", "appendix_document")
    review = queryset.filter(pk=pk).first() if pk <= selectors.MAX_ID else None
    if review is None:
        return _error(request, "No such review.", status=404)
    return _json(request, _review_json(request, review, selectors.review_summaries([review])[review.pk]))


@require_GET
@cached_for_visitors(areas=("tracker",), seconds=cache_seconds)
def recommendation_list(request):
    try:
        filters = selectors.recommendation_filters_parse(request.GET, strict=True)
    except selectors.FilterError as error:
        return _error(request, str(error))
    prefix = _detail_prefix(request)
    return _page(
        request,
        selectors.recommendations_public(filters=filters),
        lambda recs: [_recommendation_json(rec, prefix) for rec in recs],
    )


@require_GET
@cached_for_visitors(areas=("tracker",), seconds=cache_seconds)
def recommendation_detail(request, pk: int):
    try:
        rec = selectors.recommendations_public().get(pk=pk) if pk <= selectors.MAX_ID else None
    except Recommendation.DoesNotExist:
        rec = None
    if rec is None:
        return _error(request, "No such recommendation.", status=404)
    return _json(request, _recommendation_json(rec, _detail_prefix(request)))
