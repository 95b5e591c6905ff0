"""Exports of any filtered list to CSV and XLSX: public columns only, formulas neutralised."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from recommendations.exports import HEADER
from recommendations.models import ImplementationUpdate, InternalNote, ResponseDecision, Theme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","Click")'


def export_url(tracker_index, file_format: str) -> str:
    return tracker_index.url + tracker_index.reverse_subpage("recommendation-export", args=[file_format])


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_export_of_a_filtered_list(client, tracker_index, make_recommendation):
    officer = UserFactory(email="officer.private@example.org")
    rec = make_recommendation(
        title="Partial one",
        response=ResponseDecision.PARTIALLY_AGREED,
        response_reasons="Budget.",
        officer=officer,
        lead_officer_name="Head of SEND",
    )
    rec.themes.add(Theme.objects.create(name="SEMH", slug="semh"), Theme.objects.create(name="Autism", slug="autism"))
    ImplementationUpdate.objects.create(
        recommendation=rec,
        date=datetime.date(2026, 5, 1),
        status="on_track",
        rag="green",
        percent_complete=20,
        narrative="Latest progress",
    )
    InternalNote.objects.create(recommendation=rec, text="Internal: do not publish")
    make_recommendation(title="Agreed one", response=ResponseDecision.AGREED)
    response = client.get(export_url(tracker_index, "csv"), {"response": "partially_agreed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert len(rows) == 2
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["Title"] == "Partial one"
    assert row["Response"] == "Partially agreed"
    assert row["Reasons"] == "Budget."
    assert row["Themes"] == "Autism; SEMH"
    assert row["Lead officer"] == "Head of SEND"
    assert row["Latest update"] == "Latest progress" and row["Latest update date"] == "2026-05-01"
    flat = ",".join(",".join(r) for r in rows)
    assert "Internal: do not publish" not in flat and "officer.private@example.org" not in flat


def test_csv_export_neutralises_formulas(client, tracker_index, make_recommendation):
    make_recommendation(title=FORMULA, reference="+1", response_reasons="-2+3", text="@SUM(A1:A2)")
    row = dict(zip(HEADER, csv_rows(client.get(export_url(tracker_index, "csv")))[1], strict=True))
    assert row["Title"] == "'" + FORMULA
    assert row["Reference"] == "'+1"
    assert row["Reasons"] == "'-2+3"
    assert row["Recommendation"] == "'@SUM(A1:A2)"


def test_xlsx_export_neutralises_formulas(client, tracker_index, make_recommendation):
    make_recommendation(title=FORMULA)
    make_recommendation(title="Plain title")
    response = client.get(export_url(tracker_index, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    titles = [row[2] for row in rows[1:]]
    assert "'" + FORMULA in titles and "Plain title" in titles
    for row in sheet.iter_rows(min_row=2):
        assert row[2].data_type != "f"


def test_export_with_bad_filters_exports_everything_visible(client, tracker_index, make_recommendation, review):
    make_recommendation(title="Visible")
    rows = csv_rows(client.get(export_url(tracker_index, "csv"), {"response": "nonsense", "review": "x"}))
    assert [r[2] for r in rows[1:]] == ["Visible"]
    review.unpublish()
    assert len(csv_rows(client.get(export_url(tracker_index, "csv")))) == 1  # just the header


def test_unknown_export_format_is_404(client, tracker_index):
    assert client.get(export_url(tracker_index, "pdf")).status_code == 404


def test_exports_are_not_cached(client, tracker_index, make_recommendation):
    make_recommendation(title="Before")
    url = export_url(tracker_index, "csv")
    csv_rows(client.get(url))
    second = client.get(url)
    assert "X-Page-Cache" not in second
    assert second["Cache-Control"] == "no-store"
