"""The one exception type that every reader in :mod:`qsort.formats` raises for a bad input file.

A :class:`FormatError` carries its reason as a :class:`~qsort.domain.problems.Problem` (a
``format.*`` code of :mod:`qsort.messages` with its values) and locates it for the user (file,
1-based line, field; or worksheet and cell) as structured values, so the command line prints
the English line (``str()``) and the web app shows the same in the reader's language
(:func:`qsort.views.problems.reason_text`).
"""

from __future__ import annotations

from typing import Any

from qsort.domain.problems import Problem, ProblemError

LOCATION = ("file", "line", "field", "sheet", "cell")
"""The keywords that locate a :class:`FormatError` (every other keyword is a value of its text)."""


class FormatError(ValueError):
    """A problem in an input file, located for the user.

    Parameters
    ----------
    code : str
        A ``format.*`` code of :data:`qsort.messages.CATALOGUE`; its English text with
        ``values`` filled in is :attr:`reason`.
    file : str, optional
        The file's name as the user knows it (readers pass the base name).
    line : int, optional
        1-based physical line number, as an editor shows it.
    field : str, optional
        The column or field, e.g. a statement id such as ``"s07"`` or ``"participant"``.
    sheet : str, optional
        The worksheet of a workbook.
    cell : str, optional
        The cell of a workbook, e.g. ``"C5"``, or ``"row 5"`` for a whole row.
    **values
        The values the code's text shows.

    Examples
    --------
    >>> str(FormatError("format.not_integer", value="'x'", file="sorts.csv", line=4, field="s07"))
    "sorts.csv, line 4, field 's07': 'x' is not an integer; grid values are whole numbers such as -2 or 3"
    """

    def __init__(
        self,
        code: str,
        /,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        **values: Any,
    ) -> None:
        self.problem = Problem(code, values)
        self.file = file
        self.line = line
        self.field = field
        self.sheet = sheet
        self.cell = cell
        super().__init__(self._located())

    @classmethod
    def of(cls, problem: Problem, **where: Any) -> FormatError:
        """``problem`` (e.g. the analysis's refusal of a sort, ``analysis.*``) located in the
        file at ``where`` (``file``, ``line``, ``field``, ``sheet``, ``cell``)."""
        return cls(problem.code, **where, **problem.values)

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def reason(self) -> str:
        """The bare English reason, without the location."""
        return str(self.problem)

    def where(self) -> list[Problem]:
        """The location after the file's name, as problems (``format.at_*``) to translate."""
        parts = []
        if self.sheet is not None:
            parts.append(Problem("format.at_sheet", {"sheet": repr(self.sheet)}))
        if self.cell is not None:
            if self.cell.startswith("row "):
                parts.append(Problem("format.at_row", {"row": self.cell[4:]}))
            else:
                parts.append(Problem("format.at_cell", {"cell": self.cell}))
        if self.line is not None:
            parts.append(Problem("format.at_line", {"line": self.line}))
        if self.field is not None:
            parts.append(Problem("format.at_field", {"field": repr(self.field)}))
        return parts

    def _located(self) -> str:
        where = ([self.file] if self.file is not None else []) + [str(p) for p in self.where()]
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def __str__(self) -> str:
        return self._located()

    def location(self) -> dict[str, Any]:
        """The location as keywords (those that are set)."""
        return {k: getattr(self, k) for k in LOCATION if getattr(self, k) is not None}

    def to_json(self) -> dict[str, Any]:
        """The problem and its location as JSON (a value that is a :class:`Problem` nested),
        e.g. for a failed import job; :meth:`from_json` reads it back."""
        return {"where": self.location(), **self.problem.to_json()}

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> FormatError:
        return cls.of(Problem.from_json(stored), **stored.get("where", {}))

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments do not survive ValueError's default pickling.
        return (_rebuild, (self.problem.code, dict(self.problem.values), self.location()))

    def located(self, **where: Any) -> FormatError:
        """A copy with more location (``file``, ``line``, ``field``, ``sheet``, ``cell``)."""
        known = {k: getattr(self, k) for k in LOCATION}
        more = {k: v for k, v in where.items() if v}
        return type(self)(self.problem.code, **{**known, **more}, **self.problem.values)


def _rebuild(code: str, values: dict[str, Any], where: dict[str, Any]) -> FormatError:
    return FormatError(code, **where, **values)


class ExportError(ProblemError):
    """A study that a file format cannot hold (e.g. a grid beyond PQMethod's range,
    :data:`qsort.formats.pqmethod.LOWEST` .. ``HIGHEST``): its problem (``export.*``) says what
    and what to choose instead."""
