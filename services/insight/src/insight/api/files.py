"""Report tables as files: CSV (UTF-8 with a BOM, so spreadsheet programs read the Korean) and
XLSX (one sheet per table)."""

import csv
import io
import re
from collections.abc import Sequence

from fastapi import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from insight.domain.report import Cell, Table

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell)


def _storable(cell: Cell) -> Cell:
    """XML 1.0 cannot hold most control characters; an id from a query might carry one."""
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


def as_csv(tables: Sequence[Table], *, titled: bool) -> bytes:
    """Each table as its header and rows; `titled` puts its name above it and a blank line
    after it (the funder report's sections), else the one table stands alone (an export)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for table in tables:
        if titled:
            writer.writerow([table.name])
        writer.writerow(table.columns)
        writer.writerows([[_text(cell) for cell in row] for row in table.rows])
        if titled:
            writer.writerow([])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(tables: Sequence[Table]) -> bytes:
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    for table in tables:
        sheet = book.create_sheet(title=table.name[:31])
        sheet.append([_storable(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_storable(cell) for cell in row])
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            widest = max(len(_text(cell.value)) for cell in column)
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = min(max(10, widest + 2), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(content: bytes, media_type: str, filename: str) -> Response:
    # The name may carry an institution id from the query: only safe characters reach a header.
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
