"""Tables as downloads: CSV for French Excel and XLSX, with formula injection neutralised."""

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from portal.templating import strip_bidi_controls

# A spreadsheet reads a cell starting with one of these as a formula (or the start of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Return the value, a text that a spreadsheet would run as a formula prefixed with '.

    Bidi controls are dropped, as on the pages: a cell must not read backwards.
    """
    if isinstance(value, str):
        value = strip_bidi_controls(value)
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return value


def _download(data: bytes, filename: str, content_type: str) -> Response:
    response = Response(data, content_type=content_type)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> Response:
    """A CSV download French Excel opens as is: UTF-8 with a BOM, ';' between cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return _download(("\ufeff" + buffer.getvalue()).encode("utf-8"), filename,
                     "text/csv; charset=utf-8")


def _xlsx_cell(value):
    if isinstance(value, str):
        # openpyxl refuses control characters a worksheet cannot hold; drop them.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> Response:
    """An XLSX download with one sheet: the header row, then the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([_xlsx_cell(cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), filename, XLSX_TYPE)
