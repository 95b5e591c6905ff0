"""Read a review's recommendations and responses from a CSV or XLSX file, and check every row.

`spreadsheet_read` turns an upload into raw rows of text (or reports why it cannot); `rows_check` turns raw
rows into :class:`services.ImportRow` values and a list of errors, each with its row number and column.
Raw rows are what the preview carries to the confirm step, where they are checked again before
`services.recommendations_import` saves all of them in one transaction (or none).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from .models import Recommendation, ResponseDecision, ScrutinyReviewPage
from .services import ImportRow, response_problems

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500

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


def _read_csv(data: bytes) -> list[list[str]] | str:
    if b"\x00" in data:
        return "This is not a spreadsheet we can read. Upload a CSV file or an Excel (.xlsx) workbook."
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        return "The CSV file's characters cannot be read. Save it as CSV UTF-8 and try again."
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        return "This is not a CSV file we can read. Save it as CSV UTF-8 and try again."


def _read_xlsx(data: bytes) -> list[list[str]] | str:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        return "This is not an Excel (.xlsx) workbook. Upload a CSV file or an Excel (.xlsx) workbook."
    try:
        # Formulas are kept as their text ("=HYPERLINK(...)") so they can be refused, never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 2:
                break
        workbook.close()
        return rows
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        return "This Excel file cannot be read. Save it again as an Excel workbook (.xlsx) or as CSV."


def spreadsheet_read(*, name: str, data: bytes) -> Sheet:
    """Raw rows of a CSV or XLSX upload (blank rows left out), or the reason it cannot be used."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(data) > MAX_BYTES:
        return _file_error(f"The file is too big: the limit is {MAX_BYTES // (1024 * 1024)} MB.")
    if not data.strip():
        return _file_error("The file is empty.")
    if extension == "csv":
        table = _read_csv(data)
    elif extension == "xlsx":
        table = _read_xlsx(data)
    elif extension == "xls":
        return _file_error("Old Excel files (.xls) cannot be read. Save it as an Excel workbook (.xlsx) or as CSV.")
    else:
        return _file_error("This is not a spreadsheet. Upload a CSV file or an Excel (.xlsx) workbook.")
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
            ImportProblem(1, "", f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                         f"The columns are: {', '.join(COLUMNS)}.")
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
        cells = {column: "" for column in COLUMNS}
        for heading, value in zip(headings, values):
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


def rows_check(*, review: ScrutinyReviewPage, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[ImportRow], list[ImportProblem]]:
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
                error(column, "Looks like a spreadsheet formula (it starts with “=”, “+”, “-” or “@”), which is "
                      "not allowed. Type the text without the leading sign.")
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
            error("response", f"Unknown response “{cells['response'][:40]}”: use agreed, partially agreed, rejected "
                  "(or not agreed) or awaiting.")
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
