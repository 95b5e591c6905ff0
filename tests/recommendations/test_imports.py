"""Importing a review's recommendations from CSV or XLSX: preview, every error with its row and column,
nothing saved unless every row is valid."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from recommendations import imports
from recommendations.models import Recommendation, ResponseDecision, Theme

pytestmark = pytest.mark.django_db

HEADER = imports.COLUMNS
GOOD_ROWS = [
    [
        "1",
        "Reduce waits for autism diagnosis",
        "Work with health partners to cut waits.",
        "Autism; Health",
        "Cabinet",
        "Agreed",
        "",
        "2026-04-20",
        "Cllr Brown",
        "Head of SEND",
        "2027-03-31",
    ],
    [
        "9",
        "Inclusion in mainstream",
        "Reduce exclusions at SEN support.",
        "Exclusions",
        "Cabinet",
        "partially agreed",
        "Principles agreed; AP plans follow.",
        "20/04/2026",
        "Cllr Brown",
        "Head of Inclusion",
        "",
    ],
    [
        "12",
        "Fund educational psychologists",
        "Seek funding for EPs.",
        "",
        "Cabinet",
        "Not agreed",
        "There is now a full complement.",
        "20 April 2026",
        "",
        "",
        "",
    ],
    ["13", "Report twice a year", "Report progress to the panel.", "", "", "awaiting", "", "", "", "", ""],
]


def csv_file(rows, header=HEADER, name="recs.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, header=HEADER, name="recs.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def organiser_client(tracker_login, organiser):
    return tracker_login(organiser)


def upload(client, review, file):
    return client.post(reverse("tracker_admin:import"), {"review": review.pk, "file": file})


def payload_of(content: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', content).group(1)


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_happy_path_preview_then_confirm(organiser_client, organiser, review, make_file):
    response = upload(organiser_client, review, make_file(GOOD_ROWS))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Check before importing" in content and "Reduce waits for autism diagnosis" in content
    assert not Recommendation.objects.exists()  # nothing saved by the preview

    response = organiser_client.post(reverse("tracker_admin:import-confirm"), {"payload": payload_of(content)})
    assert response.status_code == 302
    recs = {r.reference: r for r in Recommendation.objects.filter(review=review)}
    assert set(recs) == {"1", "9", "12", "13"}
    assert recs["1"].response == ResponseDecision.AGREED
    assert sorted(recs["1"].themes.values_list("name", flat=True)) == ["Autism", "Health"]
    assert recs["9"].response == ResponseDecision.PARTIALLY_AGREED and recs["9"].response_decided_on.day == 20
    assert recs["12"].response == ResponseDecision.REJECTED  # "not agreed"
    assert recs["13"].response == ResponseDecision.AWAITING
    assert [r.position for r in Recommendation.objects.filter(review=review)] == [1, 2, 3, 4]
    # Each imported response starts its history, and the import is in the review's audit log.
    entry = ModelLogEntry.objects.for_instance(recs["9"]).get()
    assert entry.user == organiser and entry.data["imported"]

    # The same file again: every reference already exists.
    again = upload(organiser_client, review, make_file(GOOD_ROWS)).content.decode()
    assert "is already in this review" in again and "Check before importing" not in again
    assert Recommendation.objects.count() == 4


def test_existing_themes_are_reused(organiser_client, review):
    Theme.objects.create(name="Autism", slug="autism")
    content = upload(organiser_client, review, csv_file(GOOD_ROWS[:1])).content.decode()
    organiser_client.post(reverse("tracker_admin:import-confirm"), {"payload": payload_of(content)})
    assert Theme.objects.filter(name__iexact="autism").count() == 1


def problems(response) -> list[tuple[str, str, str]]:
    """(row, column, message) of every problem in the preview's problems table."""
    content = response.content.decode()
    assert "Nothing has been saved" in content
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(content, "html.parser")
    table = next(
        t for t in soup.find_all("table") if t.caption and t.caption.get_text(strip=True) == "Problems in the file"
    )
    return [tuple(td.get_text(strip=True) for td in tr.find_all("td")) for tr in table.tbody.find_all("tr")]


def bad_row(**changes):
    row = dict(zip(HEADER, GOOD_ROWS[0], strict=True))
    row.update(changes)
    return [row[c] for c in HEADER]


@pytest.mark.parametrize(
    ("rows", "row", "column", "message"),
    [
        ([bad_row(response="Maybe later")], "2", "response (F)", "Unknown response"),
        ([bad_row(), bad_row()], "3", "reference (A)", "is repeated (first on row 2)"),
        ([bad_row(decision_date="31/02/2026")], "2", "decision_date (H)", "is not a real date"),
        ([bad_row(target_date="next spring")], "2", "target_date (K)", "not a date we can read"),
        ([bad_row(title='=HYPERLINK("http://evil.example","click")')], "2", "title (B)", "formula"),
        ([bad_row(text="@SUM(A1)")], "2", "text (C)", "formula"),
        ([bad_row(reference="")], "2", "reference (A)", "The reference is missing."),
        ([bad_row(title="x" * 256)], "2", "title (B)", "Too long"),
        ([bad_row(response="Rejected", reasons="")], "2", "reasons (G)", "Give the cabinet"),
        ([bad_row(decision_date="")], "2", "decision_date (H)", "Enter the date of the cabinet"),
    ],
)
def test_row_errors_have_row_and_column(organiser_client, review, rows, row, column, message):
    response = upload(organiser_client, review, csv_file(rows))
    found = problems(response)
    assert any(r == row and c == column and message in m for r, c, m in found), found
    assert not Recommendation.objects.exists()


def test_every_error_is_reported_not_just_the_first(organiser_client, review):
    rows = [GOOD_ROWS[0], bad_row(reference="2", response="perhaps"), bad_row(reference="3", target_date="2026-02-30")]
    found = problems(upload(organiser_client, review, csv_file(rows)))
    assert {(r, c) for r, c, _ in found} == {("3", "response (F)"), ("4", "target_date (K)")}
    assert not Recommendation.objects.exists()


def test_formula_in_xlsx_is_refused(organiser_client, review):
    found = problems(upload(organiser_client, review, xlsx_file([bad_row(title='=HYPERLINK("http://x","y")')])))
    assert found[0][:2] == ("2", "title (B)")


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            lambda: csv_file([GOOD_ROWS[0][:5] + GOOD_ROWS[0][6:]], header=[h for h in HEADER if h != "response"]),
            "Missing column: response.",
        ),
        (lambda: csv_file([GOOD_ROWS[0] + ["x"]], header=HEADER + ["colour"]), "Unknown column: colour."),
        (lambda: csv_file([]), "headings but no recommendations"),
        (lambda: SimpleUploadedFile("empty.csv", b"   \n"), "The file is empty."),
        (lambda: SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"), "This is not a spreadsheet."),
        (lambda: SimpleUploadedFile("fake.xlsx", b"reference,title\n1,2\n"), "This file is not an Excel workbook"),
        (lambda: SimpleUploadedFile("binary.csv", b"ref\x00\x01\x02"), "not a spreadsheet we can read"),
        (lambda: SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0"), "Old Excel files (.xls)"),
        (
            lambda: SimpleUploadedFile("big.csv", b"a" * (imports.max_bytes() + 1)),
            "the largest file we can read is 5 MB",
        ),
        (
            lambda: csv_file([bad_row(reference=str(n)) for n in range(imports.MAX_ROWS + 1)]),
            "more than 500 recommendations",
        ),
    ],
)
def test_file_errors(organiser_client, review, file, message):
    response = upload(organiser_client, review, file())
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content, content[:3000]
    assert "Nothing has been saved" in content
    assert not Recommendation.objects.exists()


def test_zero_byte_file_and_missing_review(organiser_client, review):
    content = organiser_client.post(
        reverse("tracker_admin:import"), {"review": "999999", "file": SimpleUploadedFile("e.csv", b"")}
    ).content.decode()
    assert "Choose one of the reviews offered." in content
    assert "The file is empty." in content
    assert "There is a problem" in content


def test_tampered_or_stale_payload_saves_nothing(organiser_client, review):
    content = upload(organiser_client, review, csv_file(GOOD_ROWS)).content.decode()
    payload = payload_of(content)
    response = organiser_client.post(
        reverse("tracker_admin:import-confirm"), {"payload": payload[:-3] + "abc"}, follow=True
    )
    assert "That import could not be read" in response.content.decode()
    assert not Recommendation.objects.exists()
    # Someone else imports reference 9 between the preview and the confirm: all rows are refused.
    Recommendation.objects.create(review=review, reference="9", title="Already here", text="x")
    response = organiser_client.post(reverse("tracker_admin:import-confirm"), {"payload": payload})
    assert "is already in this review" in response.content.decode()
    assert list(Recommendation.objects.values_list("reference", flat=True)) == ["9"]


def test_html_in_cells_is_shown_as_text(organiser_client, review):
    content = upload(organiser_client, review, csv_file([bad_row(title="<script>alert(1)</script>")])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
