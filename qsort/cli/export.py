"""``qsort export-dat``: write a study as PQMethod ``.DAT`` (and ``.STA``) files, saying what
PQMethod cannot hold and keeping it beside them."""

import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import click

from qsort.cli.group import StudyCommand
from qsort.cli.inputs import read_study
from qsort.formats import QSortTable, read_statements_csv, write_dat, write_sta
from qsort.formats.errors import FormatError
from qsort.formats.mapping import mapping_files
from qsort.formats.names import anonymous_labels
from qsort.formats.pqmethod import dat_names, export_notes


@click.command("export-dat", cls=StudyCommand, short_help="write a study as PQMethod .DAT (+ .STA)")
@click.argument("study")
@click.option("--title", required=True, help="study title (at most 68 characters are kept)")
@click.option("--out", required=True, metavar="STUDY.DAT")
@click.option("--statements", metavar="statements.csv", help="id,text of every statement")
@click.option(
    "--pqmethod-safe",
    is_flag=True,
    help="cut statement texts to 50 characters (qmethod's importer)",
)
@click.option("--anonymise", is_flag=True, help="replace the sort names by P01, P02, ...")
def command(**options) -> int:
    """Write PQMethod files: ASCII, CRLF, fixed columns. A .STA with the statement texts is
    written beside the .DAT when the texts are known (--statements, or a statements.csv next to
    the sorts). What PQMethod cannot hold (names over 8 ASCII characters, statement ids,
    non-ASCII text) is printed and kept in <name>-names.csv and <name>-statements.csv beside
    the .DAT.

    STUDY: any study file qsort reads (CSV, .DAT, .xlsx, zip, JSON).
    """
    return run(SimpleNamespace(**options))


def run(args: SimpleNamespace) -> int:
    table = read_study(args.study)
    if args.statements:
        table = table.with_texts(_texts(table, args.statements))
    if args.anonymise:
        table = replace(table, participants=tuple(anonymous_labels(table.n_sorts)))
    out = Path(args.out)
    write_dat(table, out, title=args.title)
    print(f"wrote {out}")
    if table.statement_texts:
        sta = out.with_suffix(".STA" if out.suffix.isupper() else ".sta")
        write_sta(table.statement_texts, sta, pqmethod_safe=args.pqmethod_safe)
        print(f"wrote {sta}")
    notes = export_notes(table, args.title)
    for note in notes:
        print(f"qsort: note: {note}", file=sys.stderr)
    if notes:
        _write_mapping(table, out)
    return 0


def _texts(table: QSortTable, path: str) -> tuple[str, ...]:
    by_id = read_statements_csv(path)
    missing = [s for s in table.statements if s not in by_id]
    if missing:
        raise FormatError(
            "format.export_texts", shown=", ".join(missing[:5]), file=Path(path).name, field="id"
        )
    return tuple(by_id[s] for s in table.statements)


def _write_mapping(table: QSortTable, out: Path) -> None:
    files = mapping_files(table, dat_names(table.participants).changed, [], "PQMethod")
    for name, content in files.items():
        target = out.with_name(f"{out.stem}-{name}")
        target.write_bytes(content)
        print(f"wrote {target} (the originals PQMethod cannot hold)")
