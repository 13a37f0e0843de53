"""The analysis as an XLSX workbook, one sheet per table (as KADE exports it), with openpyxl.

Sheet names, headers and labels are in the report's language; numbers are stored as numbers
with a number format (``0.000``), so a spreadsheet shows them with the reader's decimal
separator (a comma in Dutch Excel or LibreOffice). qsort reads the workbook back in either
language (:mod:`qsort.formats.workbook_reader` knows the Dutch sheet names).

Every cell and header that can hold participant or imported text (names, statement ids,
comments, answers, statement texts) goes through :func:`spreadsheet_safe`, so no spreadsheet
runs it as a formula.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from qsort.narrative.catalogue import translator
from qsort.presentation import RunModel, RunTables
from qsort.reports.model import Report
from qsort.reports.numbers import excel_format
from qsort.reports.safe_text import spreadsheet_safe

BOLD = Font(bold=True)
CRIB_GROUPS = (
    ("highest", "Ranked highest"),
    ("higher", "Ranked higher than in the other viewpoints"),
    ("lower", "Ranked lower than in the other viewpoints"),
    ("lowest", "Ranked lowest"),
)


def xlsx_bytes(
    report: Report, sorts: list[list[int]] | None = None, anonymised: bool = False, lang: str = "en"
) -> bytes:
    """Sheets: Summary, Ranking, Loadings, Flags, Z-scores, Factor arrays, Characteristics,
    SED, Factor correlations, Distinguishing, Crib sheets, Eigenvalues, Statements, Settings,
    Free choice, Comments and (when ``sorts`` is given, rows in participant order) Sorts, their
    names in ``lang``. qsort reads the workbook back as a study (sheets Sorts, Statements and
    Summary's title)."""
    _ = translator(lang)
    book = Workbook()
    book.remove(book.active)
    _summary_sheets(book, report, anonymised, _, lang)
    _factor_sheets(book, report, _)
    _text_sheets(book, report, sorts, _)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary_sheets(book: Workbook, report: Report, anonymised: bool, _, lang: str) -> None:
    t, texts = report.model.tables, report.study.statements
    _sheet(
        book,
        _("Summary"),
        [_("Item"), _("Value")],
        [
            [_("Title"), report.study.title],
            [_("Question"), report.study.question],
            [_("Date"), report.study.date],
            [_("Sorts"), t.n_sorts],
            [_("Statements"), t.n_statements],
            [_("Factors"), report.model.n_factors],
            [_("Method"), t.method],
            [_("Rotation"), t.rotation],
            [_("Conventions"), t.settings["conventions"]],
            [_("Names"), _("anonymised (P01, P02, ...)") if anonymised else _("as in the clinic")],
            [_("Kendall's W"), report.kendall_w],
            *[[_("Viewpoint %(n)s") % {"n": v.number}, v.name(lang)] for v in report.viewpoints],
        ],
        digits=3,
    )
    _sheet(
        book,
        _("Ranking"),
        [_("Rank"), _("Statement"), _("Text"), _("Mean"), _("SD"), "Min", "Max"],
        [
            [x.rank, x.statement, texts.get(x.statement, ""), x.mean, x.sd, x.minimum, x.maximum]
            for x in report.model.overall
        ],
        digits=2,
    )


def _factor_sheets(book: Workbook, report: Report, _) -> None:
    model, texts = report.model, report.study.statements
    t, factors = model.tables, _factor_labels(model)
    who, what = [_("Participant"), *factors], [_("Statement"), _("Text"), *factors]
    flags = [[int(b) for b in row] for row in t.flags]
    _sheet(book, _("Loadings"), who, _rows(model.participants, t.loadings), digits=3)
    _sheet(book, _("Flags"), who, _rows(model.participants, flags))
    _sheet(book, _("Z-scores"), what, _rows(model.statements, t.zscores, texts), digits=3)
    _sheet(book, _("Factor arrays"), what, _rows(model.statements, t.factor_arrays, texts))
    _characteristics_sheets(book, t, factors, _)
    _distinguishing_sheet(book, model, texts, _)
    _crib_sheet(book, report, _)
    _sheet(
        book,
        _("Eigenvalues"),
        [_("Component"), _("Eigenvalue"), _("Parallel 95th pct."), _("Parallel mean")],
        [
            [i + 1, e, _at(t.parallel_p95, i), _at(t.parallel_mean, i)]
            for i, e in enumerate(t.eigenvalues)
        ],
        digits=3,
    )


def _factor_labels(model: RunModel) -> list[str]:
    return [f"F{v.number}" for v in model.viewpoints]


def _characteristics_sheets(book: Workbook, t: RunTables, factors: list[str], _) -> None:
    """The factors' characteristics, their standard errors of differences and correlations."""
    _sheet(
        book,
        _("Characteristics"),
        [_("Characteristic"), *factors],
        [
            [_("Defining sorts"), *t.n_defining],
            [_("Explained variance (%)"), *t.explained_variance],
            [_("Rotated eigenvalue"), *t.rotated_eigenvalues],
            [_("Composite reliability"), *t.composite_reliability],
            [_("SE of z-scores"), *t.se_factor_scores],
        ],
        digits=3,
    )
    _sheet(book, "SED", ["", *factors], _rows(factors, t.sed), digits=3)
    _sheet(
        book,
        _("Factor correlations"),
        ["", *factors],
        _rows(factors, t.factor_correlations),
        digits=3,
    )


def _distinguishing_sheet(book: Workbook, model: RunModel, texts: dict, _) -> None:
    """Every statement's differences and significance per pair of factors, consensus, and
    the factors it distinguishes."""
    pairs, consensus = model.tables.pairs, set(model.consensus)
    labels = [f"F{first}-F{second}" for first, second in (p.pair for p in pairs)]
    _sheet(
        book,
        _("Distinguishing"),
        [
            _("Statement"),
            _("Text"),
            *labels,
            *(f"p {label}" for label in labels),
            "Consensus",
            _("Distinguishes"),
        ],
        [
            [
                s,
                texts.get(s, ""),
                *(p.difference[j] for p in pairs),
                *(p.significance[j] for p in pairs),
                _("yes") if s in consensus else "",
                ", ".join(f"F{f}" for f in model.tables.distinguished_by(s)),
            ]
            for j, s in enumerate(model.statements)
        ],
        digits=3,
    )


def _crib_sheet(book: Workbook, report: Report, _) -> None:
    """KADE's crib sheets, one block of rows per viewpoint and group."""
    factors = _factor_labels(report.model)
    rows = []
    for sheet in report.crib_sheets:
        for key, title in CRIB_GROUPS:
            for e in getattr(sheet, key):
                others = dict(e.others)
                values = [
                    e.value if f == sheet.factor else others.get(f)
                    for f in range(1, len(factors) + 1)
                ]
                marker = _("consensus") if e.consensus else _("distinguishing") if e.mark else ""
                rows.append(
                    [f"F{sheet.factor}", _(title), e.number, e.id, e.text, e.z, *values, marker]
                )
    header = [
        _("Viewpoint"),
        _("Group"),
        "#",
        _("Statement"),
        _("Text"),
        "z",
        *factors,
        _("Marker"),
    ]
    _sheet(book, _("Crib sheets"), header, rows, digits=3)


def _text_sheets(book: Workbook, report: Report, sorts, _) -> None:
    model, texts = report.model, report.study.statements
    _sheet(
        book,
        _("Statements"),
        [_("Statement"), _("Number"), _("Text")],
        [[s, i, texts.get(s, "")] for i, s in enumerate(model.statements, 1)],
    )
    _sheet(
        book,
        _("Settings"),
        [_("Setting"), _("Value")],
        [[k, str(v)] for k, v in model.tables.settings.items()],
    )
    _sheet(
        book,
        _("Free choice"),
        [_("Answer"), _("Count")],
        [list(item) for item in report.free_choice],
    )
    _sheet(
        book,
        _("Comments"),
        [_("Participant"), _("Statement"), _("Comment")],
        [[c.participant, c.statement, c.text] for c in report.study.comments],
    )
    if sorts is not None:
        _sheet(
            book,
            _("Sorts"),
            [_("Participant"), *model.statements],
            [[p, *row] for p, row in zip(model.participants, sorts, strict=True)],
        )


def _at(values: tuple, i: int):
    return values[i] if i < len(values) else None


def _rows(labels, matrix, texts: dict[str, str] | None = None) -> list[list]:
    if texts is None:
        return [[label, *row] for label, row in zip(labels, matrix, strict=True)]
    return [[label, texts.get(label, ""), *row] for label, row in zip(labels, matrix, strict=True)]


def _sheet(
    book: Workbook, title: str, header: list[str], rows: list[list], digits: int | None = None
) -> None:
    """A sheet with a bold, frozen header; fractional numbers get ``digits`` decimals."""
    sheet = book.create_sheet(title)
    sheet.append([spreadsheet_safe(value) for value in header])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    if digits is not None:
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, float):
                    cell.number_format = excel_format(digits)
    sheet.freeze_panes = "B2"
