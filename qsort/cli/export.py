"""``qsort export-dat``: write a study as PQMethod ``.DAT`` (and ``.STA``) files."""

import argparse
from pathlib import Path

from qsort.cli.inputs import read_study
from qsort.formats import read_statements_csv, write_dat, write_sta
from qsort.formats.errors import FormatError


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "export-dat",
        help="write a Q-sort CSV as PQMethod .DAT (+ .STA)",
        description="Write PQMethod files: ASCII, CRLF, fixed columns. A .STA with the statement "
        "texts is written beside the .DAT when the texts are known (--statements, or a "
        "statements.csv next to the sorts).",
    )
    parser.add_argument("study", help="Q-sort CSV or PQMethod .DAT")
    parser.add_argument(
        "--title", required=True, help="study title (at most 68 characters are kept)"
    )
    parser.add_argument("--out", required=True, metavar="STUDY.DAT")
    parser.add_argument("--statements", metavar="statements.csv", help="id,text of every statement")
    parser.add_argument(
        "--pqmethod-safe",
        action="store_true",
        help="cut statement texts to 50 characters (qmethod's importer)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    table = read_study(args.study)
    texts = table.statement_texts
    if args.statements:
        by_id = read_statements_csv(args.statements)
        missing = [s for s in table.statements if s not in by_id]
        if missing:
            raise FormatError(
                f"no text for statement(s) {', '.join(missing[:5])}",
                file=Path(args.statements).name,
                field="id",
            )
        texts = tuple(by_id[s] for s in table.statements)
    out = Path(args.out)
    write_dat(table, out, title=args.title)
    print(f"wrote {out}")
    if texts:
        sta = out.with_suffix(".STA" if out.suffix.isupper() else ".sta")
        write_sta(texts, sta, pqmethod_safe=args.pqmethod_safe)
        print(f"wrote {sta}")
    return 0
