"""Public tracker views (called from the routes of TrackerIndexPage and ScrutinyReviewPage).

Thin: selectors do the reading. HTML pages are the same for every anonymous visitor, so they go
through the anonymous page cache (recommendations/signals.py retires it on any change); exports
stream and are never cached.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from forum_site.core.cache import area_version
from forum_site.core.exports import csv_response, xlsx_response

from . import selectors
from .exports import recommendation_rows
from .models import Recommendation, ScrutinyReviewPage, TrackerIndexPage

PAGE_SIZE = 50
CACHE_SECONDS = 300
EXPORT_FORMATS = ("csv", "xlsx")


def cache_seconds() -> int:
    """At most five minutes, and never past midnight, when "overdue" can change."""
    now = timezone.localtime()
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo)
    return max(1, min(CACHE_SECONDS, int((midnight - now).total_seconds())))


def _urls(request, tracker: TrackerIndexPage) -> dict:
    base = tracker.get_url(request)
    return {
        "tracker": tracker,
        "tracker_url": base,
        "list_url": base + tracker.reverse_subpage("recommendation-list"),
        "report_url": base + tracker.reverse_subpage("report"),
    }


def tracker_index(request, page: TrackerIndexPage):
    reviews = list(selectors.reviews_public(index_page=page))
    summaries = selectors.review_summaries(reviews)
    context = {
        "page": page,
        "self": page,
        "reviews": [(review, summaries[review.pk]) for review in reviews],
        **_urls(request, page),
    }
    return TemplateResponse(request, "recommendations/tracker_index_page.html", context)


def recommendation_list(request, page: TrackerIndexPage):
    filters = selectors.recommendation_filters_parse(request.GET)
    paginator = Paginator(selectors.recommendations_public(filters=filters), PAGE_SIZE)
    results = paginator.get_page(request.GET.get("page"))  # not a number: page 1; too big: the last page
    query = filters.as_query()
    context = {
        "page": page,
        "self": page,
        "filters": filters,
        # Read only when the list is rendered: the template caches the rendered form and table for everyone,
        # signed in or not (they hold nothing personal), keyed by the content version so any change retires them.
        "options": SimpleLazyObject(selectors.filter_options),
        "results": results,
        "query": query,
        "fragment_version": area_version("tracker"),
        "fragment_seconds": cache_seconds(),
        **_urls(request, page),
    }
    for file_format in EXPORT_FORMATS:
        url = page.get_url(request) + page.reverse_subpage("recommendation-export", args=[file_format])
        context[f"export_{file_format}_url"] = url + (f"?{query}" if query else "")
    return TemplateResponse(request, "recommendations/recommendation_list.html", context)


def recommendation_detail(request, page: TrackerIndexPage, pk: int):
    try:
        recommendation = selectors.recommendation_public(pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404("No such recommendation.") from None
    context = {
        "page": page,
        "self": page,
        "recommendation": recommendation,
        "review": recommendation.review,
        "updates": list(reversed(recommendation.updates.all())),  # newest first
        **_urls(request, page),
    }
    return TemplateResponse(request, "recommendations/recommendation_detail.html", context)


def recommendation_export(request, page: TrackerIndexPage, file_format: str):
    if file_format not in EXPORT_FORMATS:
        raise Http404("Export as csv or xlsx.")
    filters = selectors.recommendation_filters_parse(request.GET)
    rows = recommendation_rows(selectors.recommendations_public(filters=filters))
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        return csv_response(rows, f"recommendations-{stamp}.csv")
    return xlsx_response(rows, f"recommendations-{stamp}.xlsx", sheet_title="Recommendations")


def review_overview(request, page: ScrutinyReviewPage):
    tracker = TrackerIndexPage.objects.parent_of(page).get()
    recommendations = list(selectors.recommendations_public(filters=selectors.RecommendationFilters(review=page.pk)))
    context = {
        "page": page,
        "self": page,
        "summary": selectors.review_summaries([page])[page.pk],
        "recommendations": recommendations,
        "review_report_url": page.get_url(request) + page.reverse_subpage("report"),
        **_urls(request, tracker),
    }
    return TemplateResponse(request, "recommendations/scrutiny_review_page.html", context)


def committee_report(request, tracker: TrackerIndexPage, review: ScrutinyReviewPage | None):
    context = {
        "page": review or tracker,
        "self": review or tracker,
        "review": review,
        "recommendations": list(selectors.open_recommendations(review=review)),
        "generated_on": timezone.localdate(),
        **_urls(request, tracker),
    }
    return TemplateResponse(request, "recommendations/committee_report.html", context)
