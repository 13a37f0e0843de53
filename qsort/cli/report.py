"""``qsort report``: the factor report (PDF, HTML, XLSX, JSON) or an exchange file (DAT, KADE)
for a study, without the web app.

The report modules (Jinja2, WeasyPrint, openpyxl) are imported when a report is written, not
when the command line starts (issue 18).
"""

import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import click

from qsort.analysis import AnalysisError, QmethodRefusal, analyse
from qsort.cli.inputs import locate, read_study_file
from qsort.cli.options import analysis_settings, study_command
from qsort.formats import FormatError, QSortTable, dat_bytes, kade_zip_bytes
from qsort.formats.names import anonymous_labels
from qsort.formats.pqmethod import export_notes

FORMATS = ("pdf", "html", "xlsx", "json", "dat", "kade")
SUFFIXES = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".json": "json",
    ".dat": "dat",
    ".zip": "kade",
}


@study_command(
    "report",
    short_help="write the factor report (pdf, html, xlsx, json) or an exchange file (dat, kade)",
)
@click.option("--lang", type=click.Choice(("nl", "en")), default="en", help="report language")
@click.option("--title", help="study title (default: from the file)")
@click.option("--question", default="", help="the condition of instruction, shown in the report")
@click.option("--format", type=click.Choice(FORMATS), help="default: from the --out suffix")
@click.option("--out", required=True, metavar="FILE")
@click.option("--anonymise", is_flag=True, help="replace the sort names by P01, P02, ...")
def command(**options) -> int:
    """Analyse a study and write a report a management team can read and a researcher can
    check, or the study in PQMethod/KADE form.

    STUDY: any study file qsort reads (CSV, .DAT, .xlsx, zip, JSON).
    """
    return run(SimpleNamespace(**options))


def run(args: SimpleNamespace) -> int:
    kind = args.format or SUFFIXES.get(Path(args.out).suffix.lower())
    if kind is None:
        raise FormatError(
            "format.report_kind", name=repr(Path(args.out).name), kinds=", ".join(FORMATS)
        )
    study = read_study_file(args.study)
    table = study.table
    if args.anonymise:
        table = replace(table, participants=tuple(anonymous_labels(table.n_sorts)))
    title = args.title or table.title or Path(args.study).stem
    if kind in ("dat", "kade"):
        data = dat_bytes(table, title=title) if kind == "dat" else kade_zip_bytes(table, title)
        notes = export_notes(table, title) if kind == "dat" else []
        for note in notes:
            print(
                f"qsort: note: {note} (export-dat keeps the originals beside the .DAT)",
                file=sys.stderr,
            )
        return _write(args.out, data)
    result, differences = _analyse(args, table, study)
    if kind == "json":
        from qsort.reports.provenance import provenance_document

        document = provenance_document(
            result,
            table.values.tolist(),
            source=Path(args.study).name,
            title=title,
            statement_texts=list(table.statement_texts) if table.statement_texts else None,
            anonymised=args.anonymise,
        )
        return _write(args.out, (json.dumps(document, indent=1, allow_nan=False) + "\n").encode())
    from qsort.reports import build_report, render_html, render_pdf

    report = build_report(
        result, _study_info(table, title, args.question), convention_differences=differences
    )
    if kind == "xlsx":
        from qsort.reports.workbook import xlsx_bytes

        return _write(args.out, xlsx_bytes(report, sorts=table.values.tolist(), lang=args.lang))
    if kind == "html":
        return _write(args.out, render_html(report, args.lang).encode("utf-8"))
    return _write(args.out, render_pdf(report, args.lang))


def _analyse(args: SimpleNamespace, table: QSortTable, study) -> tuple[dict, list[str]]:
    from qsort.reports.differences import convention_differences

    options = analysis_settings(args, table)
    try:
        result = analyse(
            table.values, args.factors, conventions=args.conventions, **options
        ).as_dict()
    except AnalysisError as error:
        raise locate(error, args.study, study) from None
    result |= _words(result, table)
    if args.conventions != "qsort":  # the notes compare the qsort conventions with qmethod's
        return result, []
    try:
        reference = analyse(
            table.values,
            args.factors,
            conventions="qmethod",
            with_factor_count_aids=False,
            **options,
        )
    except QmethodRefusal as refusal:
        return result, convention_differences(result, None, qmethod_error=refusal, lang=args.lang)
    return result, convention_differences(result, reference.as_dict(), lang=args.lang)


def _words(result: dict, table: QSortTable) -> dict:
    """Viewpoint names and accounts (:func:`qsort.narrative.document.describe`)."""
    from qsort.cli.analyse import _texts
    from qsort.narrative.document import describe

    return describe(result, _texts(table))


def _study_info(table: QSortTable, title: str, question: str):
    from qsort.reports import StudyInfo

    values, counts = zip(
        *sorted({int(v): int((table.values[0] == v).sum()) for v in table.values[0]}.items()),
        strict=True,
    )
    texts = table.statement_texts or table.statements
    return StudyInfo(
        title=title,
        statements=dict(zip(table.statements, texts, strict=True)),
        question=question,
        date=date.today().isoformat(),
        grid=tuple(zip(values, counts, strict=True)),
        source=table.title or "",
    )


def _write(path: str, data: bytes) -> int:
    Path(path).write_bytes(data)
    print(f"wrote {path} ({len(data):,} bytes)")
    return 0
