"""The recommendations list as spreadsheet rows (CSV and XLSX go through forum_site/core/exports.py).

Public information only: never internal notes, never officer accounts or emails. One query for the
rows (read in chunks, as plain tuples) and one for the themes, so 5,000 recommendations export in
well under a second (a `make bench` row).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import ImplementationStatus, Rag, Recommendation, ResponseDecision, SignOffState

HEADER = [
    "Review",
    "Reference",
    "Title",
    "Recommendation",
    "Themes",
    "Addressed to",
    "Response",
    "Reasons",
    "Response date",
    "Cabinet member",
    "Lead officer",
    "Target date",
    "Revised target date",
    "Status",
    "RAG",
    "Percent complete",
    "Overdue",
    "Response overdue",
    "Latest update date",
    "Latest update",
    "Sign-off",
]


_FIELDS = [
    "id",
    "review__title",
    "reference",
    "title",
    "text",
    "addressed_to",
    "response",
    "response_reasons",
    "response_decided_on",
    "cabinet_member",
    "lead_officer_name",
    "target_date",
    "revised_target_date",
    "status",
    "rag",
    "percent_complete",
    "overdue_now",
    "response_overdue_now",
    "latest_update_date",
    "latest_update_narrative",
    "sign_off",
]


def _date(value) -> str:
    return value.isoformat() if value else ""


def recommendation_rows(queryset: QuerySet[Recommendation], today: datetime.date | None = None) -> Iterator[list]:
    """Header, then one row per recommendation of `queryset` (from selectors.recommendations_public).

    Plain tuples (building 5,000 model instances with their review pages takes seconds); "overdue" and
    "response overdue" come from the model's own QuerySet rules, as EXISTS subqueries.
    """
    today = today or timezone.localdate()
    labels = {
        "response": dict(ResponseDecision.choices),
        "status": dict(ImplementationStatus.choices),
        "rag": dict(Rag.choices),
        "sign_off": {**dict(SignOffState.choices), SignOffState.NONE: ""},
    }
    yield HEADER
    themes: dict[int, list[str]] = defaultdict(list)
    links = Recommendation.themes.through.objects.filter(recommendation__in=queryset.order_by().values("pk"))
    for recommendation_id, name in links.order_by("theme__name").values_list("recommendation_id", "theme__name"):
        themes[recommendation_id].append(name)
    same = OuterRef("pk")
    rows = queryset.prefetch_related(None).annotate(
        overdue_now=Exists(Recommendation.objects.implementation_overdue(today).filter(pk=same)),
        response_overdue_now=Exists(Recommendation.objects.response_overdue(today).filter(pk=same)),
    )
    for values in rows.values_list(*_FIELDS).iterator(chunk_size=2000):
        row = dict(zip(_FIELDS, values, strict=True))
        yield [
            row["review__title"],
            row["reference"],
            row["title"],
            row["text"],
            "; ".join(themes.get(row["id"], ())),
            row["addressed_to"],
            labels["response"].get(row["response"], row["response"]),
            row["response_reasons"],
            _date(row["response_decided_on"]),
            row["cabinet_member"],
            row["lead_officer_name"],
            _date(row["target_date"]),
            _date(row["revised_target_date"]),
            labels["status"].get(row["status"], row["status"]),
            labels["rag"].get(row["rag"], row["rag"]),
            row["percent_complete"],
            "Yes" if row["overdue_now"] else "No",
            "Yes" if row["response_overdue_now"] else "No",
            _date(row["latest_update_date"]),
            row["latest_update_narrative"] or "",
            labels["sign_off"].get(row["sign_off"], row["sign_off"]),
        ]
