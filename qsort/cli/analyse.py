"""``qsort analyse``: run the factor analysis on a study file and print or save the results."""

import argparse
import re
import sys
from pathlib import Path

from qsort.analysis import METHODS, ROTATIONS, AnalysisError, JudgmentalRotation, analyse
from qsort.analysis.flagging import Z_CRITICAL
from qsort.cli.conventions import add_conventions_arguments
from qsort.cli.flags_file import read_flags
from qsort.cli.inputs import locate, read_study_file
from qsort.cli.tables import LISTED_SORTS, render_report


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "analyse",
        aliases=["analyze"],
        help="factor-analyse a study (any study file: CSV, .DAT, .xlsx, zip, JSON)",
        description="By-person factor analysis: loadings, flags, factor arrays, distinguishing and "
        "consensus statements, and the statements that matter most.",
    )
    parser.add_argument(
        "study",
        help="Q-sort CSV, qmethod layout, HtmlQ CSV/JSON, PQMethod .DAT, KADE zip, .xlsx, qsort clinic file or run JSON",
    )
    parser.add_argument(
        "--method", choices=METHODS, default="pca", help="extraction (default: pca)"
    )
    parser.add_argument("--factors", type=int, required=True, metavar="K", help="number of factors")
    parser.add_argument("--rotation", choices=ROTATIONS, default="varimax")
    add_conventions_arguments(parser)
    _add_flagging_arguments(parser)
    parser.add_argument("--seed", type=int, default=20140601, help="seed of the parallel analysis")
    parser.add_argument(
        "--json", metavar="OUT.json", help="write the full result as JSON ('-' for stdout)"
    )
    parser.add_argument(
        "--all",
        dest="everything",
        action="store_true",
        help=f"print every sort's loadings and every warning (above {LISTED_SORTS} sorts the "
        "loadings are summarised)",
    )
    parser.set_defaults(run=run)


def _add_flagging_arguments(parser: argparse.ArgumentParser) -> None:
    """Which sorts define a factor: manual flags, the significance level, the majority rule,
    and the judgmental rotations applied before flagging."""
    parser.add_argument(
        "--flags", metavar="FLAGS.csv", help="manual flags: participant,f1,f2,... with 1/0"
    )
    parser.add_argument(
        "--significance",
        type=float,
        default=0.05,
        choices=sorted(Z_CRITICAL),
        help="flagging level (default .05)",
    )
    parser.add_argument(
        "--no-majority-rule",
        dest="majority_rule",
        action="store_false",
        help="flag on significance alone (drop the a² > h² - a² criterion)",
    )
    parser.add_argument(
        "--rotate",
        action="append",
        default=[],
        metavar="I,J,DEGREES",
        help="judgmental rotation of factors I and J after varimax; repeat to apply several in order",
    )


def run(args: argparse.Namespace) -> int:
    study = read_study_file(args.study)
    table = study.table
    participants = list(table.participants)
    manual = read_flags(args.flags, participants, args.factors) if args.flags else None
    try:
        result = analyse(
            table.values,
            args.factors,
            method=args.method,
            rotation=args.rotation,
            conventions=args.conventions,
            centroid=args.centroid,
            significance=args.significance,
            majority_rule=args.majority_rule,
            manual_flags=manual,
            judgmental_rotations=[_parse_rotation(text) for text in args.rotate],
            participants=participants,
            statements=list(table.statements),
            seed=args.seed,
        )
    except AnalysisError as error:
        raise locate(error, args.study, study) from None
    if args.json:
        document = result.as_dict(arrays=True)  # per-sort arrays stay NumPy for orjson
        document["settings"]["input"] = {"file": Path(args.study).name, "title": table.title}
        from qsort.narrative.document import describe  # only when the words are written

        document.update(describe(document, _texts(table)))
        _write_json(document, args.json)
    if args.json != "-":
        texts = dict(zip(table.statements, table.statement_texts or (), strict=False))
        print(render_report(result, texts, everything=args.everything))
    return 0


def _write_json(document: dict, target: str) -> None:
    """The document as indented UTF-8 JSON to a file or '-' (orjson writes NumPy arrays as they
    are, and NaN as null)."""
    import orjson

    options = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_APPEND_NEWLINE
    data = orjson.dumps(document, option=options)
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    Path(target).write_bytes(data)
    print(f"wrote {target}")


def _texts(table) -> dict[str, dict[str, str]]:
    """The statement texts of the study file (one language, used for both), if it has them."""
    texts = dict(zip(table.statements, table.statement_texts or (), strict=False))
    return {"nl": texts, "en": texts}


def _parse_rotation(text: str) -> JudgmentalRotation:
    match = re.fullmatch(r"\s*(\d+)\s*,\s*(\d+)\s*,\s*(-?\d+(?:\.\d+)?)\s*", text)
    if not match:
        raise AnalysisError(f"--rotate {text!r}: write it as I,J,DEGREES, e.g. 1,2,15")
    return JudgmentalRotation(int(match[1]), int(match[2]), float(match[3]))
