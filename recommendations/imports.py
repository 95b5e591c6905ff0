"""Read a review's recommendations and responses from a CSV or XLSX file, and check every row.

`spreadsheet_read` turns an upload into raw rows of text (or reports why it cannot); `rows_check` turns raw
rows into :class:`services.ImportRow` values and a list of errors, each with its row number and column.
Raw rows are what the preview carries to the confirm step, where they are checked again before
`services.recommendations_import` saves all of them in one transaction (or none).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import math
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from django.conf import settings
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import SHEET_MAIN_NS

from .models import Recommendation, ResponseDecision, ScrutinyReviewPage
from .services import ImportRow, response_problems

MAX_ROWS = 500  # recommendations in one file
# Caps on what is read, so that a hostile file is refused after a little work (well under a second, tens of MB
# at most) instead of after a lot; each is far above what MAX_ROWS recommendations need. The file's size is
# capped by settings.UPLOAD_MAX_BYTES (see max_bytes), before anything is read.
MAX_SHEET_ROWS = 2_000  # rows read, blank ones included; reading stops at the next one
MAX_COLUMNS = 50
# An .xlsx workbook is a zip archive of XML parts: what the archive says it holds, checked before unpacking it.
MAX_PARTS = 200
MAX_PART_BYTES = 20 * 1024 * 1024  # one part, unpacked
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all parts, unpacked
MAX_RATIO = 100  # unpacked size / packed size of a part over RATIO_FROM_BYTES (XML packs 5 to 20 times)
RATIO_FROM_BYTES = 1024 * 1024
# openpyxl builds Python objects for the XML elements it reads (all of a row's cells at once, all of styles.xml),
# so the elements of every part are counted first, in one streaming pass. Cells and their text are cheap to
# build (500 full rows have about 25,000 of these elements); anything else (a style, a defined name, an entry in
# the list of parts) costs several times more, and a workbook of recommendations has a few hundred.
MAX_CELL_ELEMENTS = 40_000
MAX_OTHER_ELEMENTS = 10_000
CELL_ELEMENTS = frozenset(
    f"{SHEET_MAIN_NS} {name}"
    for name in (
        "row",
        "c",
        "v",
        "f",
        "is",
        "si",
        "t",
        "r",
        "rPr",
        "rFont",
        "b",
        "i",
        "u",
        "strike",
        "sz",
        "color",
        "family",
        "charset",
        "scheme",
        "vertAlign",
        "outline",
        "shadow",
        "condense",
        "extend",
    )
)
# The text encodings a CSV file may be in, as the import form offers them.
ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252 (Excel on older Windows)"}

COLUMNS = [
    "reference",
    "title",
    "text",
    "themes",
    "addressed_to",
    "response",
    "reasons",
    "decision_date",
    "cabinet_member",
    "lead_officer",
    "target_date",
]
LIMITS = {
    "reference": 30,
    "title": 255,
    "text": 10000,
    "addressed_to": 200,
    "reasons": 10000,
    "cabinet_member": 200,
    "lead_officer": 200,
}
REQUIRED = ("reference", "title", "text")
RESPONSES = {
    "agreed": ResponseDecision.AGREED,
    "partially agreed": ResponseDecision.PARTIALLY_AGREED,
    "partially_agreed": ResponseDecision.PARTIALLY_AGREED,
    "partly agreed": ResponseDecision.PARTIALLY_AGREED,
    "rejected": ResponseDecision.REJECTED,
    "not agreed": ResponseDecision.REJECTED,
    "awaiting": ResponseDecision.AWAITING,
    "awaiting response": ResponseDecision.AWAITING,
    "": ResponseDecision.AWAITING,
}
FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")
# Which service field a response rule's message belongs to, as a spreadsheet column.
RULE_COLUMNS = {
    "response": "response",
    "response_reasons": "reasons",
    "response_decided_on": "decision_date",
    "target_date": "target_date",
}
# Messages for files refused as a whole.
TOO_MANY_ROWS = (
    f"The spreadsheet has more than {MAX_SHEET_ROWS:,} rows (blank rows count too), and the import takes at most "
    f"{MAX_ROWS} recommendations. Delete the rows you do not need, or split it into smaller files, and upload it again."
)
TOO_MANY_COLUMNS = (
    f"has more than {MAX_COLUMNS} columns. The import needs only the {len(COLUMNS)} columns listed below: delete "
    "the others and upload it again."
)
WORKBOOK_TOO_BIG = "Copy the recommendations into a new workbook, or save them as CSV, and upload that."
NOT_XLSX = (
    "This file is not an Excel workbook, although its name ends in .xlsx. Open it in Excel and save it as an "
    "Excel workbook (.xlsx) or as CSV, then upload that."
)
DAMAGED_XLSX = (
    "This Excel file is damaged or incomplete (perhaps it did not finish downloading). Open it in Excel, save it "
    "again and upload it again."
)


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # the spreadsheet's row number (the header is row 1); None for the file as a whole
    column: str  # the column's heading, "" for the file or a whole row
    message: str

    @property
    def column_letter(self) -> str:
        return get_column_letter(COLUMNS.index(self.column) + 1) if self.column in COLUMNS else ""


@dataclass(frozen=True)
class Sheet:
    """Raw rows: (row number, {column: text}); or the errors that stopped the file being read."""

    rows: list[tuple[int, dict[str, str]]]
    errors: list[ImportProblem]


def max_bytes() -> int:
    """The largest upload read, in bytes (a setting, read at call time)."""
    return settings.UPLOAD_MAX_BYTES


def _size_text(size: int) -> str:
    """60 MB, 5.1 MB, 12 KB: rounded up, so a file just over a limit never reads as equal to it."""
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024):,} KB"
    return f"{math.ceil(size * 10 / (1024 * 1024)) / 10:,g} MB"


def _file_error(message: str) -> Sheet:
    return Sheet(rows=[], errors=[ImportProblem(None, "", message)])


def _heading(value) -> str:
    return re.sub(r"[\s-]+", "_", str(value or "").strip().lower())


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _capped(rows: Iterable[list[str]]) -> list[list[str]] | str:
    """The rows, or why there are too many or they are too wide. Stops at the first row past MAX_SHEET_ROWS, so a
    sheet of a million rows costs no more to refuse than one of MAX_SHEET_ROWS."""
    table = []
    for number, cells in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:
            return TOO_MANY_ROWS
        # At C speed, even for a CSV row of millions of cells.
        if any(map(str.strip, itertools.islice(cells, MAX_COLUMNS, None))):
            return f"Row {number} {TOO_MANY_COLUMNS}"
        table.append(cells[:MAX_COLUMNS])
    return table


def _csv_row_at(text: str) -> int:
    """The row (the header is row 1) in which `text`, the start of a CSV file, ends."""
    try:
        return sum(1 for _ in csv.reader(io.StringIO(text + "x", newline="")))
    except csv.Error:
        return text.count("\n") + 1


def _read_csv(data: bytes, encoding: str) -> list[list[str]] | str:
    if b"\x00" in data:
        return "This is not a spreadsheet we can read. Upload a CSV file or an Excel (.xlsx) workbook."
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"  # Excel's "CSV UTF-8" starts with this mark, which settles the question
    try:
        data.decode(encoding)  # all of it first, to name the row of the first character that is wrong
    except UnicodeDecodeError as error:
        row = _csv_row_at(data[: error.start].decode(encoding, errors="replace"))
        if encoding == "cp1252":
            return (
                f"The file is not Windows-1252 text: row {row} has characters that cannot be read. Choose UTF-8 "
                "as the text encoding, or save the file as “CSV UTF-8” in Excel, and upload it again."
            )
        return (
            f"The file is not UTF-8 text: row {row} has characters that cannot be read. Save it as “CSV UTF-8” "
            "in Excel and upload it again; or, if it was saved as plain “CSV” by Excel on Windows, choose "
            "Windows-1252 as the text encoding."
        )
    try:
        # Decoded again as it is read, a piece at a time, so the file is not held whole as text as well as bytes.
        return _capped(csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")))
    except csv.Error:
        return "This is not a CSV file we can read. Save it as CSV UTF-8 and try again."


def _archive_problem(parts: list[zipfile.ZipInfo]) -> str | None:
    """Why the workbook would unpack into too much, judged only from the sizes its archive's central directory
    declares (None if it is fine). Python's zipfile never inflates a part past its declared size (it stops there,
    and a part that should have been longer fails its CRC check), so declared sizes bound all unpacking."""
    if len(parts) > MAX_PARTS:
        return (
            f"The workbook is made of {len(parts):,} parts (sheets, pictures, charts and so on); the most we "
            f"read is {MAX_PARTS}. {WORKBOOK_TOO_BIG}"
        )
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            return (
                f"Part of the workbook unpacks to {_size_text(part.file_size)}; the largest part we read is "
                f"{_size_text(MAX_PART_BYTES)}. {WORKBOOK_TOO_BIG}"
            )
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * part.compress_size:
            return (
                "Part of the workbook is packed far more tightly than a spreadsheet can be (it unpacks to "
                f"{part.file_size // max(part.compress_size, 1):,} times its size), as files made to overload "
                f"a server are. {WORKBOOK_TOO_BIG}"
            )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        return (
            f"The workbook unpacks to {_size_text(total)}; the most we read is {_size_text(MAX_UNPACKED_BYTES)}. "
            f"{WORKBOOK_TOO_BIG}"
        )
    return None


class _Refused(Exception):
    """Stops the XML count (raised from expat's handler) with the message for the organiser."""


def _xml_problem(archive: zipfile.ZipFile) -> str | None:
    """Why the workbook's XML is too much to read (None if it is fine): one streaming pass over every part, in
    constant memory, counting elements (see MAX_CELL_ELEMENTS) and a sheet's rows and cells per row. Parts that
    are not XML (pictures) stop at their first byte; a document type declaration, which can define entities
    that expand to gigabytes, is refused."""
    cell_elements = other_elements = 0
    for part in archive.infolist():
        rows = cells = 0

        def start(name: str, attributes: dict) -> None:
            nonlocal cell_elements, other_elements, rows, cells
            if name in CELL_ELEMENTS:
                cell_elements += 1
            else:
                other_elements += 1
            if cell_elements > MAX_CELL_ELEMENTS or other_elements > MAX_OTHER_ELEMENTS:
                raise _Refused(
                    f"The workbook holds too much to read: more cells, formatting or other content than "
                    f"{MAX_ROWS} recommendations need. {WORKBOOK_TOO_BIG}"
                )
            if name == f"{SHEET_MAIN_NS} row":
                rows, cells = rows + 1, 0
                if rows > MAX_SHEET_ROWS:
                    raise _Refused(TOO_MANY_ROWS)
            elif name == f"{SHEET_MAIN_NS} c":
                cells += 1
                if cells > MAX_COLUMNS:
                    raise _Refused(f"A row of the workbook {TOO_MANY_COLUMNS}")

        def doctype(*args) -> None:
            raise _Refused("This Excel file cannot be read. Save it again as an Excel workbook (.xlsx) or as CSV.")

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = doctype
        try:
            with archive.open(part) as stream:
                while chunk := stream.read(64 * 1024):
                    parser.Parse(chunk, False)
        except expat.ExpatError:
            continue  # not XML, or broken XML: openpyxl stops at the same place (its parsers are expat too)
        except _Refused as refusal:
            return str(refusal)
    return None


def _read_xlsx(data: bytes) -> list[list[str]] | str:
    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        return NOT_XLSX
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = _archive_problem(archive.infolist()) or _xml_problem(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        return DAMAGED_XLSX  # truncated, corrupt, encrypted, or packed in a way zipfile does not read
    if problem:
        return problem
    try:
        # Formulas are kept as their text ("=HYPERLINK(...)") so they can be refused, never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # read the rows that are there, not the range the file claims
            # Streamed a row at a time; cells right of column MAX_COLUMNS + 1 are never read.
            rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
            return _capped([_cell_text(v) for v in values] for values in rows)
        finally:
            workbook.close()
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        return "This Excel file cannot be read. Save it again as an Excel workbook (.xlsx) or as CSV."


def spreadsheet_read(*, name: str, size: int, file: IO[bytes], encoding: str = "utf-8") -> Sheet:
    """Raw rows of a CSV or XLSX upload of `size` bytes (blank rows left out), or the reason it cannot be used.
    The name and size are checked before the file is read; `encoding` is a key of ENCODINGS (CSV only)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xls":
        return _file_error("Old Excel files (.xls) cannot be read. Save it as an Excel workbook (.xlsx) or as CSV.")
    if extension not in ("csv", "xlsx"):
        return _file_error("This is not a spreadsheet. Upload a CSV file or an Excel (.xlsx) workbook.")
    limit = max_bytes()
    data = file.read(limit + 1) if size <= limit else b""  # too big: refused unread; never more than the limit
    if max(size, len(data)) > limit:
        return _file_error(
            f"The file is {_size_text(max(size, len(data)))}; the largest file we can read is "
            f"{_size_text(limit)}. Split it into smaller files."
        )
    if not data.strip():
        return _file_error("The file is empty.")
    table = _read_csv(data, encoding) if extension == "csv" else _read_xlsx(data)
    if isinstance(table, str):
        return _file_error(table)
    while table and not any(str(c).strip() for c in table[0]):
        table.pop(0)
    if not table:
        return _file_error("The file is empty.")

    headings = [_heading(h) for h in table[0]]
    errors = []
    missing = [c for c in COLUMNS if c not in headings]
    if missing:
        errors.append(ImportProblem(1, "", f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}."))
    unknown = [h for h in headings if h and h not in COLUMNS]
    if unknown:
        errors.append(
            ImportProblem(
                1,
                "",
                f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                f"The columns are: {', '.join(COLUMNS)}.",
            )
        )
    repeated = sorted({h for h in headings if h and headings.count(h) > 1})
    if repeated:
        errors.append(ImportProblem(1, "", f"Repeated column: {', '.join(repeated)}."))
    if errors:
        return Sheet(rows=[], errors=errors)

    rows = []
    for offset, values in enumerate(table[1:], start=2):
        if not any(str(v).strip() for v in values):
            continue
        cells = dict.fromkeys(COLUMNS, "")
        for heading, value in zip(headings, values, strict=False):
            if heading:
                cells[heading] = str(value)
        rows.append((offset, cells))
    if not rows:
        return _file_error("The file has headings but no recommendations under them.")
    if len(rows) > MAX_ROWS:
        return _file_error(f"The file has more than {MAX_ROWS} recommendations. Split it into smaller files.")
    return Sheet(rows=rows, errors=[])


def _parse_date(text: str) -> datetime.date | None | str:
    """A date, None for empty, or the error message."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00", text):
        text = text[:10]
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}", text):
        return f"“{text[:40]}” is not a real date."
    return f"“{text[:40]}” is not a date we can read. Write dates like 2026-03-27 or 27/03/2026."


def rows_check(
    *, review: ScrutinyReviewPage, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[ImportRow], list[ImportProblem]]:
    """Valid rows, and every error found (all of them, not just the first)."""
    errors: list[ImportProblem] = []
    clean: list[ImportRow] = []
    existing = set(Recommendation.objects.filter(review=review).values_list("reference", flat=True))
    first_seen: dict[str, int] = {}
    for number, raw in rows:
        row_errors: list[ImportProblem] = []

        def error(column: str, message: str, number=number, row_errors=row_errors) -> None:
            row_errors.append(ImportProblem(number, column, message))

        for column in COLUMNS:
            value = raw.get(column, "")
            if value.strip().startswith(FORMULA_STARTS):
                error(
                    column,
                    "Looks like a spreadsheet formula (it starts with “=”, “+”, “-” or “@”), which is "
                    "not allowed. Type the text without the leading sign.",
                )
        cells = {c: raw.get(c, "").strip() for c in COLUMNS}
        for column in REQUIRED:
            if not cells[column]:
                error(column, f"The {column} is missing.")
        for column, limit in LIMITS.items():
            if len(cells[column]) > limit:
                error(column, f"Too long: at most {limit:,} characters (it has {len(cells[column]):,}).")
        reference = cells["reference"]
        if reference:
            if reference in first_seen:
                error("reference", f"Reference “{reference[:30]}” is repeated (first on row {first_seen[reference]}).")
            elif reference in existing:
                error("reference", f"Reference “{reference[:30]}” is already in this review.")
            first_seen.setdefault(reference, number)
        themes = list(dict.fromkeys(t.strip() for t in cells["themes"].split(";") if t.strip()))
        if any(len(t) > 80 for t in themes):
            error("themes", "A theme must be 80 characters or fewer.")
        response_key = re.sub(r"\s+", " ", cells["response"].lower())
        response = RESPONSES.get(response_key)
        if response is None:
            error(
                "response",
                f"Unknown response “{cells['response'][:40]}”: use agreed, partially agreed, rejected "
                "(or not agreed) or awaiting.",
            )
        dates = {}
        for column in ("decision_date", "target_date"):
            parsed = _parse_date(cells[column])
            if isinstance(parsed, str):
                error(column, parsed)
                parsed = None
            dates[column] = parsed
        date_ok = not any(e.column in ("decision_date", "target_date") for e in row_errors)
        if response is not None and date_ok:
            problems = response_problems(
                review=review,
                decision=response,
                reasons=cells["reasons"],
                decided_on=dates["decision_date"],
                target_date=dates["target_date"],
            )
            for field_name, message in problems.items():
                error(RULE_COLUMNS[field_name], message)
        if row_errors:
            errors.extend(row_errors)
            continue
        clean.append(
            ImportRow(
                row_number=number,
                reference=reference,
                title=cells["title"],
                text=cells["text"],
                themes=themes,
                addressed_to=cells["addressed_to"],
                response=response,
                reasons=cells["reasons"],
                decided_on=dates["decision_date"],
                cabinet_member=cells["cabinet_member"],
                lead_officer_name=cells["lead_officer"],
                target_date=dates["target_date"],
            )
        )
    return clean, errors
