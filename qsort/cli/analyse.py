"""``qsort analyse``: run the factor analysis on a study file and print or save the results."""

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import click

from qsort.analysis import AnalysisError, JudgmentalRotation, analyse
from qsort.analysis.parallel_draws import PARALLEL_SEED
from qsort.cli.group import CommandError
from qsort.cli.inputs import locate, read_study_file
from qsort.cli.options import analysis_settings, study_command
from qsort.cli.tables import LISTED_SORTS, render_report


@study_command(
    "analyse", short_help="factor-analyse a study (any study file: CSV, .DAT, .xlsx, zip, JSON)"
)
@click.option(
    "--no-majority-rule",
    "majority_rule",
    is_flag=True,
    flag_value=False,
    default=True,
    help="flag on significance alone (drop the a² > h² - a² criterion)",
)
@click.option(
    "--rotate",
    multiple=True,
    metavar="I,J,DEGREES",
    help="judgmental rotation of factors I and J after varimax; repeat to apply several in order",
)
@click.option("--seed", type=int, default=PARALLEL_SEED, help="seed of the parallel analysis")
@click.option("--json", metavar="OUT.json", help="write the full result as JSON ('-' for stdout)")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help=f"print every sort's loadings and every warning (above {LISTED_SORTS} sorts the "
    "loadings are summarised)",
)
def command(**options) -> int:
    """By-person factor analysis: loadings, flags, factor arrays, distinguishing and consensus
    statements, and the statements that matter most.

    STUDY: Q-sort CSV, qmethod layout, HtmlQ CSV/JSON, PQMethod .DAT, KADE zip, .xlsx, qsort
    clinic file or run JSON.
    """
    return run(SimpleNamespace(**options))


def run(args: SimpleNamespace) -> int:
    study = read_study_file(args.study)
    table = study.table
    settings = analysis_settings(args, table)  # reads --flags
    try:
        rotations = [_parse_rotation(text) for text in args.rotate]
        result = analyse(
            table.values,
            args.factors,
            conventions=args.conventions,
            majority_rule=args.majority_rule,
            judgmental_rotations=rotations,
            seed=args.seed,
            **settings,
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
        raise CommandError(f"--rotate {text!r}: write it as I,J,DEGREES, e.g. 1,2,15")
    return JudgmentalRotation(int(match[1]), int(match[2]), float(match[3]))
