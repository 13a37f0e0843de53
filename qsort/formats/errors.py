"""The one exception type that every reader in :mod:`qsort.formats` raises for a bad input file.

A :class:`FormatError` locates the problem for the user (file, 1-based line, field) and keeps the
bare reason apart, so the command line can print it and the web app can show it next to the
upload field.
"""

from __future__ import annotations

from typing import Any

from qsort.domain.problems import ProblemError


class FormatError(ValueError):
    """A problem in an input file, located for the user.

    Parameters
    ----------
    message : str
        The bare reason, e.g. ``"'x' is not an integer"``. Kept as :attr:`reason`.
    file : str, optional
        The file's name as the user knows it (readers pass the base name).
    line : int, optional
        1-based physical line number, as an editor shows it.
    field : str, optional
        The column or field, e.g. a statement id such as ``"s07"`` or ``"participant"``.
    sheet : str, optional
        The worksheet of a workbook.
    cell : str, optional
        The cell of a workbook, e.g. ``"C5"``.

    Examples
    --------
    >>> str(FormatError("'x' is not an integer", file="sorts.csv", line=4, field="s07"))
    "sorts.csv, line 4, field 's07': 'x' is not an integer"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> None:
        self.reason = message
        self.file = file
        self.line = line
        self.field = field
        self.sheet = sheet
        self.cell = cell
        super().__init__(self._located())

    def _located(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.cell is not None:  # "C5", or "row 5" for a whole row
            where.append(self.cell if self.cell.startswith("row ") else f"cell {self.cell}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def __str__(self) -> str:
        return self._located()

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments do not survive ValueError's default pickling.
        return (_rebuild, (self.reason, self.file, self.line, self.field, self.sheet, self.cell))

    def located(self, **where: Any) -> FormatError:
        """A copy with more location (``file``, ``line``, ``field``, ``sheet``, ``cell``)."""
        known = {k: getattr(self, k) for k in ("file", "line", "field", "sheet", "cell")}
        return FormatError(self.reason, **{**known, **{k: v for k, v in where.items() if v}})


def _rebuild(
    reason: str,
    file: str | None,
    line: int | None,
    field: str | None,
    sheet: str | None = None,
    cell: str | None = None,
) -> FormatError:
    return FormatError(reason, file=file, line=line, field=field, sheet=sheet, cell=cell)


class ExportError(ProblemError):
    """A study that a file format cannot hold (e.g. a grid beyond PQMethod's range,
    :data:`qsort.formats.pqmethod.LOWEST` .. ``HIGHEST``): its problem (``export.*``) says what
    and what to choose instead."""
