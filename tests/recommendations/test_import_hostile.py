"""Hostile uploads to the tracker's import are refused quickly, in little memory, with a plain message, and
nothing is saved: zip bombs, row and column bombs, huge files, files that are not what their name says, and
CSV text in the wrong encoding (with an explicit choice for Windows-1252)."""

from __future__ import annotations

import csv
import io
import re
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations import imports
from recommendations.models import Recommendation
from tests.recommendations.test_imports import GOOD_ROWS, HEADER, bad_row, payload_of, upload, xlsx_file

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"


def row_xml(number: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def header_row() -> bytes:
    return row_xml(1, HEADER)


def xlsx_with(part: str, chunks: Iterable[bytes], *, level: int = 9) -> bytes:
    """A real workbook (headings and one good row) whose `part` is replaced by `chunks`, written as a stream, so
    a part of hundreds of MB never exists in memory."""
    source = zipfile.ZipFile(xlsx_file([GOOD_ROWS[0]]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open(part, "w") as stream:
            for chunk in chunks:
                stream.write(chunk)
    return out.getvalue()


def sheet_of(*rows: bytes) -> Iterator[bytes]:
    yield SHEET_START
    yield header_row()
    yield from rows
    yield SHEET_END


def bomb_chunks(megabytes: int) -> Iterator[bytes]:
    """A sheet whose second row holds one cell of `megabytes` MB of text: packs about 200 times."""
    yield SHEET_START + header_row() + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    chunk = b"x" * MB
    for _ in range(megabytes):
        yield chunk
    yield b"</t></is></c></row>" + SHEET_END


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """About 1 MB that unpacks to 200 MB of sheet XML."""
    return xlsx_with(SHEET, bomb_chunks(200), level=1)


@pytest.fixture(scope="module")
def row_bomb() -> bytes:
    """500,000 rows in 8 MB of sheet XML that packs only 7 times: under every byte cap and the ratio cap."""

    def rows() -> Iterator[bytes]:
        for start in range(2, 500_002, 10_000):
            yield "".join(f'<row r="{n}"/>' for n in range(start, start + 10_000)).encode()

    return xlsx_with(SHEET, sheet_of(*rows()), level=1)


def read(data: bytes, name: str = "recs.xlsx", encoding: str = "utf-8") -> imports.Sheet:
    return imports.spreadsheet_read(name=name, size=len(data), file=io.BytesIO(data), encoding=encoding)


def refusal(data: bytes, name: str = "recs.xlsx", encoding: str = "utf-8") -> str:
    sheet = read(data, name, encoding)
    assert not sheet.rows and len(sheet.errors) == 1, sheet
    return sheet.errors[0].message


def measured(data: bytes) -> tuple[str, float, float]:
    """Refusing `data`: the message, the seconds taken and the peak of memory allocated (MB) meanwhile."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refusal(data)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    return message, elapsed, peak


# --- Through the admin view, as an organiser: the message shows and nothing is saved ---------------------


@pytest.fixture
def organiser_client(tracker_login, organiser):
    return tracker_login(organiser)


def shown_and_nothing_saved(client, review, file, message: str, *, previewed: bool = True) -> str:
    """Uploads `file` and checks the page shows `message`, no preview, and no new recommendation."""
    before = Recommendation.objects.count()
    response = client.post(reverse("tracker_admin:import"), {"review": review.pk, "file": file, "encoding": "utf-8"})
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content, content[:3000]
    assert "Check before importing" not in content
    assert ("Nothing has been saved" in content) is previewed  # the problems table, or the form's own errors
    assert Recommendation.objects.count() == before
    return content


@pytest.mark.django_db
def test_zip_bomb_is_refused_through_the_view(organiser_client, review, make_recommendation, zip_bomb):
    make_recommendation()
    shown_and_nothing_saved(
        organiser_client,
        review,
        SimpleUploadedFile("recs.xlsx", zip_bomb),
        "Part of the workbook unpacks to 200.1 MB; the largest part we read is 20 MB.",
    )


@pytest.mark.django_db
def test_row_bomb_is_refused_through_the_view(organiser_client, review, row_bomb):
    shown_and_nothing_saved(
        organiser_client,
        review,
        SimpleUploadedFile("recs.xlsx", row_bomb),
        "The spreadsheet has more than 2,000 rows (blank rows count too)",
    )


@pytest.mark.django_db
def test_sixty_megabyte_file_is_refused_by_its_size(organiser_client, review):
    shown_and_nothing_saved(
        organiser_client,
        review,
        SimpleUploadedFile("recs.csv", b"x" * (60 * MB)),
        "The file is 60 MB; the largest file we can read is 5 MB. Split it into smaller files.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "recs.xlsx",
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
            "This file is not an Excel workbook, although its name ends in .xlsx.",
        ),
        ("recs.xlsx", xlsx_file(GOOD_ROWS).read()[:2000], "This Excel file is damaged or incomplete"),
        ("recs.xlsx", b"  \n", "The file is empty."),
        (
            "recs.docx",
            b"PK\x03\x04 a Word document",
            "This is not a spreadsheet. Upload a CSV file or an Excel (.xlsx) workbook.",
        ),
    ],
    ids=["png-renamed-xlsx", "truncated-zip", "blank", "word-document"],
)
def test_files_that_are_not_spreadsheets_get_clear_errors(organiser_client, review, name, data, message):
    shown_and_nothing_saved(organiser_client, review, SimpleUploadedFile(name, data), message)


@pytest.mark.django_db
def test_an_empty_file_is_refused_by_the_form(organiser_client, review):
    content = shown_and_nothing_saved(
        organiser_client, review, SimpleUploadedFile("recs.xlsx", b""), "The file is empty.", previewed=False
    )
    assert "There is a problem" in content


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode(encoding)


CAFE_ROW = bad_row(reference="2", title="Café-style drop-in sessions for parents")


@pytest.mark.django_db
def test_invalid_utf8_csv_is_refused_naming_the_row(organiser_client, review):
    data = csv_bytes([GOOD_ROWS[0], CAFE_ROW], encoding="cp1252")  # é is one byte, 0xE9: not UTF-8
    content = shown_and_nothing_saved(
        organiser_client,
        review,
        SimpleUploadedFile("recs.csv", data),
        "The file is not UTF-8 text: row 3 has characters that cannot be read.",
    )
    assert "Caf" not in content  # no mojibake preview


@pytest.mark.django_db
def test_windows_1252_csv_is_imported_when_chosen(organiser_client, review):
    data = csv_bytes([GOOD_ROWS[0], CAFE_ROW], encoding="cp1252")
    response = organiser_client.post(
        reverse("tracker_admin:import"),
        {"review": review.pk, "file": SimpleUploadedFile("recs.csv", data), "encoding": "cp1252"},
    )
    content = response.content.decode()
    assert "Check before importing" in content and "Café-style drop-in sessions" in content
    organiser_client.post(reverse("tracker_admin:import-confirm"), {"payload": payload_of(content)})
    assert Recommendation.objects.get(review=review, reference="2").title == "Café-style drop-in sessions for parents"


@pytest.mark.django_db
def test_utf8_csv_with_bom_is_imported(organiser_client, review):
    data = "\ufeff".encode() + csv_bytes([GOOD_ROWS[0], CAFE_ROW])
    content = upload(organiser_client, review, SimpleUploadedFile("recs.csv", data)).content.decode()
    assert "Check before importing" in content and "Café-style drop-in sessions" in content
    organiser_client.post(reverse("tracker_admin:import-confirm"), {"payload": payload_of(content)})
    assert set(Recommendation.objects.filter(review=review).values_list("reference", flat=True)) == {"1", "2"}


@pytest.mark.django_db
def test_the_form_offers_the_encodings_and_the_size_limit_from_settings(organiser_client, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    content = organiser_client.get(reverse("tracker_admin:import")).content.decode()
    assert "Text encoding" in content and "Windows-1252 (Excel on older Windows)" in content
    assert re.search(r'<input type="radio" name="encoding" value="utf-8"[^>]* checked', content)
    assert "at most 1 MB and 500 rows" in content


# --- Cost of refusing: quick and small --------------------------------------------------------------


@pytest.mark.parametrize(
    ("bomb", "message_start"),
    [
        ("zip_bomb", "Part of the workbook unpacks to 200.1 MB"),
        ("row_bomb", "The spreadsheet has more than 2,000 rows"),
    ],
)
def test_refusing_a_bomb_is_quick_and_small(request, bomb, message_start):
    data = request.getfixturevalue(bomb)
    assert len(data) < 3 * MB  # small enough to upload
    message, elapsed, peak = measured(data)
    assert message.startswith(message_start)
    assert elapsed < 2, f"{elapsed:.2f} s"
    assert peak < 100, f"{peak:.1f} MB"


# --- Each cap on its own -----------------------------------------------------------------------------


def test_size_is_checked_before_the_file_is_read(settings):
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("read")

    message = imports.spreadsheet_read(name="recs.xlsx", size=60 * MB, file=Unreadable()).errors[0].message
    assert message == "The file is 60 MB; the largest file we can read is 5 MB. Split it into smaller files."
    settings.UPLOAD_MAX_BYTES = 1 * MB  # read at call time
    assert "The file is 1.5 MB; the largest file we can read is 1 MB." in refusal(b"x" * (3 * MB // 2), "r.csv")
    assert read(csv_bytes([GOOD_ROWS[0]]), "r.csv").rows  # a small file is still read


def test_a_part_packed_too_tightly_is_refused():
    # 15 MB is under the part and total caps, but it packs about 1,000 times.
    message = refusal(xlsx_with(SHEET, bomb_chunks(15)))
    assert "packed far more tightly than a spreadsheet can be" in message


def test_too_much_in_all_and_too_many_parts_are_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 10 * 1024)  # the small workbook unpacks to about 17 KB
    message = refusal(xlsx_file([GOOD_ROWS[0]]).read())
    assert message.startswith("The workbook unpacks to ") and "KB; the most we read is 10 KB." in message
    monkeypatch.undo()
    source = zipfile.ZipFile(xlsx_file([GOOD_ROWS[0]]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        for n in range(imports.MAX_PARTS):
            archive.writestr(f"xl/media/image{n}.png", b"")
    parts = len(source.infolist()) + imports.MAX_PARTS
    assert f"The workbook is made of {parts} parts" in refusal(out.getvalue())


def test_a_part_that_lies_about_its_size_is_read_no_further():
    """The premise of the archive checks: zipfile stops at the declared size (and the CRC check then fails)."""
    data = bytearray(xlsx_with(SHEET, bomb_chunks(50), level=1))
    header = data.rindex(SHEET.encode()) - 46  # the part's entry in the central directory
    assert data[header : header + 4] == b"PK\x01\x02"
    data[header + 24 : header + 28] = struct.pack("<I", 4096)  # declares 4 KB; holds 50 MB
    message, elapsed, peak = measured(bytes(data))
    assert message.startswith("This Excel file is damaged or incomplete")
    assert elapsed < 2 and peak < 10, (elapsed, peak)


def test_a_wide_row_is_refused_before_openpyxl_reads_it(monkeypatch):
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the file"))
    cells = "".join(f'<c r="A2"><v>{n}</v></c>' for n in range(100_000)).encode()
    message = refusal(xlsx_with(SHEET, sheet_of(b'<row r="2">' + cells + b"</row>")))
    assert message.startswith("A row of the workbook has more than 50 columns.")


def defined_names(count: int) -> bytes:
    workbook = zipfile.ZipFile(xlsx_file([GOOD_ROWS[0]])).read("xl/workbook.xml").decode()
    names = "".join(f'<definedName name="n{n}">Sheet!$A$1</definedName>' for n in range(count))
    return workbook.replace("</workbook>", f"<definedNames>{names}</definedNames></workbook>").encode()


def test_too_many_xml_elements_are_refused():
    # Each defined name costs openpyxl about 50 microseconds, and 10,000 of them fit in 30 KB.
    message = refusal(xlsx_with("xl/workbook.xml", [defined_names(imports.MAX_OTHER_ELEMENTS + 1)]))
    assert message.startswith("The workbook holds too much to read: more cells, formatting or other content")
    # Cells are cheaper, and have a larger allowance: 2,000 rows of 20 cells, each with a value, is too much.
    rows = (
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + n)}{r}"><v>1</v></c>' for n in range(20)) + "</row>"
        for r in range(2, 2001)
    )
    message = refusal(xlsx_with(SHEET, sheet_of(*(row.encode() for row in rows))))
    assert message.startswith("The workbook holds too much to read")


def test_a_document_type_declaration_is_refused(monkeypatch):
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the file"))
    entities = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    sheet = (
        SHEET_START.replace(b"?>", b"?>" + entities)
        + header_row()
        + b'<row r="2"><c r="A2"><v>&b;</v></c></row>'
        + SHEET_END
    )
    assert refusal(xlsx_with(SHEET, [sheet])).startswith("This Excel file cannot be read.")


def test_rows_and_columns_are_capped_while_streaming_the_sheet():
    # Only two rows in the XML, so the first pass lets them through; openpyxl fills in the rows between them.
    far_row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>1</t></is></c></row>'
    assert refusal(xlsx_with(SHEET, sheet_of(far_row))).startswith("The spreadsheet has more than 2,000 rows")
    # Something in column AY, the 51st: a row of one cell, far to the right.
    far_cell = b'<row r="2"><c r="AY2" t="inlineStr"><is><t>notes</t></is></c></row>'
    assert refusal(xlsx_with(SHEET, sheet_of(far_cell))).startswith("Row 2 has more than 50 columns.")


def test_a_sheet_that_understates_its_size_is_read_in_full():
    start = SHEET_START.replace(b"<sheetData>", b'<dimension ref="A1:K2"/><sheetData>')
    rows = [row_xml(number, values) for number, values in enumerate(GOOD_ROWS[:3], start=2)]
    sheet = read(xlsx_with(SHEET, [start, header_row(), *rows, SHEET_END]))
    assert [cells["reference"] for _, cells in sheet.rows] == ["1", "9", "12"]


def test_a_full_workbook_of_recommendations_is_within_every_cap():
    text = "Work with health partners to cut waits. " * 50
    rows = [bad_row(reference=str(n), text=text) for n in range(imports.MAX_ROWS)]
    sheet = read(xlsx_file(rows).read())
    assert not sheet.errors and len(sheet.rows) == imports.MAX_ROWS


def test_csv_row_and_column_caps():
    assert refusal(b"reference\n" + b"\n" * 3 * MB, "r.csv").startswith("The spreadsheet has more than 2,000 rows")
    assert refusal(b"reference\n1" + b"," * (4 * MB) + b"x\n", "r.csv").startswith("Row 2 has more than 50 columns.")
    # Trailing empty cells, as Excel writes for a wide used range, are fine.
    assert read(csv_bytes([GOOD_ROWS[0] + [""] * 60]), "r.csv").rows


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        # Row 2 has a cell over two lines, so the bad byte is on line 4 but in row 3.
        (
            csv_bytes([bad_row(text="two\nlines"), CAFE_ROW], "cp1252"),
            "utf-8",
            "The file is not UTF-8 text: row 3 has characters that cannot be read.",
        ),
        (b"reference,title\n1,\x81\n", "cp1252", "The file is not Windows-1252 text: row 2 has characters"),
    ],
)
def test_encoding_errors_name_the_row(data, encoding, message):
    assert message in refusal(data, "r.csv", encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_bom_means_utf8_whatever_was_chosen(encoding):
    sheet = read(b"\xef\xbb\xbf" + csv_bytes([CAFE_ROW]), "r.csv", encoding)
    assert not sheet.errors and sheet.rows[0][1]["title"] == "Café-style drop-in sessions for parents"
