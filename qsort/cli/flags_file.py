"""Manual flags from a CSV file: ``participant,f1,f2,...``; 1/0 (also x, yes/no, true/false).

Each listed sort's flags replace its automatic flags; sorts not listed keep theirs.
"""

import csv
from pathlib import Path

from qsort.formats import FormatError

TRUE = {"1", "x", "yes", "y", "true", "t", "*"}
FALSE = {"0", "", "no", "n", "false", "f", "-"}


def read_flags(path: str, participants: list[str], n_factors: int) -> dict[int, list[int]]:
    """Return sort index -> 1-based factors flagged, validating every cell."""
    name = Path(path).name
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise FormatError("format.flags_empty", file=name)
    header = [cell.strip() for cell in rows[0]]
    factors = _header_factors(header, n_factors, name)
    index = {p: i for i, p in enumerate(participants)}
    manual: dict[int, list[int]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise FormatError(
                "format.flags_fields", expected=len(header), found=len(row), file=name, line=line
            )
        participant = row[0].strip()
        _check_participant(participant, index, manual, name, line)
        manual[index[participant]] = _row_flags(factors, header[1:], row[1:], name, line)
    return manual


def _header_factors(header: list[str], n_factors: int, name: str) -> list[int]:
    """The 1-based factor of each column after ``participant`` (``f1``, ``2``, ...)."""
    if not header or header[0].lower() != "participant":
        raise FormatError(
            "format.flags_header",
            file=name,
            line=1,
            field=header[0] if header else None,
        )
    factors = []
    for cell in header[1:]:
        number = cell.lower().removeprefix("f")
        if not number.isdigit() or not 1 <= int(number) <= n_factors:
            raise FormatError(
                "format.flags_factor",
                column=repr(cell),
                n=n_factors,
                file=name,
                line=1,
                field=cell,
            )
        factors.append(int(number))
    return factors


def _check_participant(
    participant: str, index: dict[str, int], seen: dict, name: str, line: int
) -> None:
    where = {"file": name, "line": line, "field": "participant"}
    if participant not in index:
        raise FormatError("format.flags_unknown", participant=repr(participant), **where)
    if index[participant] in seen:
        raise FormatError("format.flags_twice", participant=repr(participant), **where)


def _row_flags(
    factors: list[int], columns: list[str], cells: list[str], name: str, line: int
) -> list[int]:
    """The factors a row flags, each cell 1 or 0 (or the other spellings of TRUE/FALSE)."""
    chosen = []
    for factor, column, cell in zip(factors, columns, cells, strict=True):
        value = cell.strip().lower()
        if value not in TRUE | FALSE:
            raise FormatError(
                "format.flags_value", value=repr(cell), file=name, line=line, field=column
            )
        if value in TRUE:
            chosen.append(factor)
    return chosen
