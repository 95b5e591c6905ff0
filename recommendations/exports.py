"""The recommendations list as spreadsheet rows (CSV and XLSX go through forum_site/core/exports.py).

Public information only: never internal notes, never officer accounts or emails. Recommendations are
read a chunk at a time (one query per chunk plus one for its themes): memory stays flat, and 5,000
recommendations export in well under a second (a `make bench` row).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from .models import Recommendation

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


def _date(value) -> str:
    return value.isoformat() if value else ""


def recommendation_rows(queryset: QuerySet[Recommendation], today: datetime.date | None = None) -> Iterator[list]:
    """Header, then one row per recommendation of `queryset` (from selectors.recommendations_public,
    which joins the review, prefetches themes and annotates the latest update), read in chunks."""
    today = today or timezone.localdate()
    yield HEADER
    for rec in queryset.iterator(chunk_size=1000):
        yield [
            rec.review.title,
            rec.reference,
            rec.title,
            rec.text,
            "; ".join(theme.name for theme in rec.themes.all()),
            rec.addressed_to,
            rec.get_response_display(),
            rec.response_reasons,
            _date(rec.response_decided_on),
            rec.cabinet_member,
            rec.lead_officer_name,
            _date(rec.target_date),
            _date(rec.revised_target_date),
            rec.get_status_display(),
            rec.get_rag_display(),
            rec.percent_complete,
            "Yes" if rec.is_overdue(today) else "No",
            "Yes" if rec.is_response_overdue(today) else "No",
            _date(rec.latest_update_date),
            rec.latest_update_narrative or "",
            rec.get_sign_off_display() if rec.sign_off else "",
        ]
