"""The analysis as an XLSX workbook, one sheet per table (as KADE exports it), with openpyxl.

Every cell and header that can hold participant or imported text (names, statement ids,
comments, answers, statement texts) goes through :func:`spreadsheet_safe`, so no spreadsheet
runs it as a formula.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from qsort.reports.model import Report
from qsort.reports.safe_text import spreadsheet_safe

BOLD = Font(bold=True)


def xlsx_bytes(report: Report, sorts: list[list[int]] | None = None, anonymised: bool = False) -> bytes:  # fmt: skip
    """Sheets: Summary, Ranking, Loadings, Flags, Z-scores, Factor arrays, Characteristics,
    SED, Factor correlations, Distinguishing, Eigenvalues, Statements, Settings, Free choice,
    Comments and (when ``sorts`` is given, rows in participant order) Sorts. qsort reads the
    workbook back as a study (sheets Sorts, Statements and Summary's title)."""
    r = report.result
    factors = [f"F{f}" for f in range(1, r["n_factors"] + 1)]
    texts = report.study.statements
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Summary", ["Item", "Value"], [
        ["Title", report.study.title], ["Question", report.study.question], ["Date", report.study.date],
        ["Sorts", r["n_sorts"]], ["Statements", r["n_statements"]], ["Factors", r["n_factors"]],
        ["Method", r["method"]], ["Rotation", r["rotation"]], ["Conventions", r["settings"]["conventions"]],
        ["Names", "anonymised (P01, P02, ...)" if anonymised else "as in the clinic"],
        *[[f"Viewpoint {v.number}", v.label] for v in report.viewpoints],
    ])  # fmt: skip
    _sheet(book, "Ranking", ["Rank", "Statement", "Text", "Mean", "SD", "Min", "Max"], [
        [x["rank"], x["statement"], texts.get(x["statement"], ""), x["mean"], x["sd"], x["minimum"], x["maximum"]]
        for x in r["ranking"]["overall"]
    ])  # fmt: skip
    _sheet(book, "Loadings", ["Participant", *factors], _rows(r["participants"], r["loadings"]))
    _sheet(
        book,
        "Flags",
        ["Participant", *factors],
        _rows(r["participants"], [[int(b) for b in row] for row in r["flagged"]]),
    )
    _sheet(
        book,
        "Z-scores",
        ["Statement", "Text", *factors],
        _rows(r["statements"], r["zscores"], texts),
    )
    _sheet(
        book,
        "Factor arrays",
        ["Statement", "Text", *factors],
        _rows(r["statements"], r["factor_arrays"], texts),
    )
    _sheet(book, "Characteristics", ["Characteristic", *factors], [
        ["Defining sorts", *r["n_defining"]], ["Explained variance (%)", *r["explained_variance"]],
        ["Rotated eigenvalue", *r["rotated_eigenvalues"]], ["Composite reliability", *r["composite_reliability"]],
        ["SE of z-scores", *r["se_factor_scores"]],
    ])  # fmt: skip
    _sheet(book, "SED", ["", *factors], _rows(factors, r["sed"]))
    _sheet(book, "Factor correlations", ["", *factors], _rows(factors, r["factor_correlations"]))
    pairs = r["qdc_pairs"]
    _sheet(book, "Distinguishing", [
        "Statement", "Text", *(f"F{p['pair'][0]}-F{p['pair'][1]}" for p in pairs),
        *(f"sig F{p['pair'][0]}-F{p['pair'][1]}" for p in pairs), "Consensus", "Distinguishes",
    ], [
        [s, texts.get(s, ""), *(p["difference"][j] for p in pairs), *(p["significance"][j] for p in pairs),
         "yes" if s in r["consensus"] else "",
         ", ".join(f"F{f}" for f, ids in r["distinguishing"].items() if s in ids)]
        for j, s in enumerate(r["statements"])
    ])  # fmt: skip
    aids = r.get("factor_count_aids") or {}
    _sheet(book, "Eigenvalues", ["Component", "Eigenvalue", "Parallel 95th pct.", "Parallel mean"], [
        [i + 1, e, _at(aids, "p95", i), _at(aids, "mean", i)] for i, e in enumerate(r["eigenvalues"])
    ])  # fmt: skip
    _sheet(
        book,
        "Statements",
        ["Statement", "Number", "Text"],
        [[s, i, texts.get(s, "")] for i, s in enumerate(r["statements"], 1)],
    )
    _sheet(book, "Settings", ["Setting", "Value"], [[k, str(v)] for k, v in r["settings"].items()])
    _sheet(book, "Free choice", ["Answer", "Count"], [list(item) for item in report.free_choice])
    _sheet(
        book,
        "Comments",
        ["Participant", "Statement", "Comment"],
        [[c.participant, c.statement, c.text] for c in report.study.comments],
    )
    if sorts is not None:
        _sheet(
            book,
            "Sorts",
            ["Participant", *r["statements"]],
            [[p, *row] for p, row in zip(r["participants"], sorts, strict=True)],
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _at(aids: dict, key: str, i: int):
    values = aids.get("parallel_analysis", {}).get(key, [])
    return values[i] if i < len(values) else None


def _rows(labels: list[str], matrix: list[list], texts: dict[str, str] | None = None) -> list[list]:
    if texts is None:
        return [[label, *row] for label, row in zip(labels, matrix, strict=True)]
    return [[label, texts.get(label, ""), *row] for label, row in zip(labels, matrix, strict=True)]


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([spreadsheet_safe(value) for value in header])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    sheet.freeze_panes = "B2"
