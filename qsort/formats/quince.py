"""Q-sorts collected with Quince and exported from its Baserow table (or saved as
``sortData.csv`` in the Quince Configurator's KADE zip).

The export is a delimited text (Baserow writes the ASCII record separator U+001E, a comma
also occurs) with a header ``id,r1,r2,...``; each cell holds one labelled answer,
``(label): value`` for the fields Quince fills itself (``(partId)``, ``(randomId)``,
``(projectName)``, ...) and ``label: value`` for the sort, the post-sort comments (``column4: (s27): text``, kept as the
participant's comments by statement id) and the survey answers (not read). The sort is
``sort: v1|v2|...|vM`` in statement order (statement ids become ``s01``..), the participant
is ``(partId)`` unless Quince recorded "no part ID", then ``(randomId)``, then the row id.
"""

from __future__ import annotations

import re

import numpy as np

from qsort.formats.sheet import Block, Sheet, grid_value

_CELL = re.compile(r"^\(?([^():]+?)\)?:\s?(.*)$", re.DOTALL)
_COLUMN = re.compile(r"^r\d+$")
_DATED = re.compile(r"\s+-\s+\d{4}-\d{1,2}-\d{1,2}@\d{1,2}:\d{2}$")
_NO_ID = {"", "no part id", "no usercode set"}
_COMMENT = re.compile(r"^column(N?\d+):\s*\(s(\d+)\):\s*(.+)$", re.DOTALL)


def is_quince_header(header: list[str]) -> bool:
    """``id,r1,r2,...`` (Baserow's row id, then Quince's numbered result columns)."""
    return (
        len(header) > 2 and header[0].lower() == "id" and all(_COLUMN.match(h) for h in header[1:])
    )


def labelled(cells: list[str]) -> dict[str, str]:
    """The ``(label): value`` cells of one row, by label (cells without a label are skipped)."""
    answers = {}
    for cell in cells:
        match = _CELL.match(cell)
        if match:
            answers.setdefault(match.group(1).strip(), match.group(2).strip())
    return answers


def comments(cells: list[str], ids: list[str]) -> dict[str, str]:
    """The post-sort comments of one row (``columnN3: (s29): text``), by statement id."""
    found = {}
    for cell in cells:
        match = _COMMENT.match(cell)
        if match and 1 <= int(match.group(2)) <= len(ids):
            found[ids[int(match.group(2)) - 1]] = match.group(3).strip()
    return found


def read_quince_sheet(sheet: Sheet) -> tuple[Block, str, dict[int, dict[str, str]]]:
    """The sorts of a Quince/Baserow export, the project name (Quince's creation date cut) and
    the post-sort comments by sort index and statement id (survey answers are not read)."""
    if len(sheet.rows) < 2:
        raise sheet.error("format.quince_no_sorts", 0)
    names, rows, locations, title = [], [], [], ""
    for r in range(1, len(sheet.rows)):
        cells = sheet.rows[r]
        answers = labelled(cells[1:])
        col = next((c for c, cell in enumerate(cells) if cell.startswith("sort:")), None)
        if col is None:
            raise sheet.error("format.quince_no_sort_cell", r)
        values = [v.strip() for v in answers["sort"].split("|")]
        if rows and len(values) != len(rows[0]):
            raise sheet.error(
                "format.quince_sort_length",
                r,
                col,
                field=sheet.rows[0][col] if col < len(sheet.rows[0]) else "sort",
                found=len(values),
                expected=len(rows[0]),
            )
        field = sheet.rows[0][col] if col < len(sheet.rows[0]) else "sort"
        rows.append(
            [
                grid_value(sheet, v, r, col, f"{field} (sort value {k})")
                for k, v in enumerate(values, 1)
            ]
        )
        names.append(_participant(answers, cells[0], r))
        locations.append(sheet.where(r))
        title = title or _DATED.sub("", answers.get("projectName", ""))
    width = max(2, len(str(len(rows[0]))))
    ids = [f"s{j:0{width}d}" for j in range(1, len(rows[0]) + 1)]
    notes = {r - 1: c for r in range(1, len(sheet.rows)) if (c := comments(sheet.rows[r], ids))}
    return Block(names, ids, np.array(rows, dtype=np.int64), locations), title, notes


def _participant(answers: dict[str, str], row_id: str, r: int) -> str:
    for label in ("partId", "urlUsercode", "randomId"):
        value = answers.get(label, "")
        if value.lower() not in _NO_ID:
            return value
    return row_id or f"row {r}"
