"""Options that several commands share: the study, the analysis settings and flagging."""

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import click

from qsort.analysis import METHODS, ROTATIONS
from qsort.analysis.flagging import Z_CRITICAL
from qsort.cli.conventions import conventions_options
from qsort.cli.flags_file import read_flags
from qsort.cli.group import StudyCommand
from qsort.formats import QSortTable


def _significance(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    if value not in Z_CRITICAL:
        choices = ", ".join(f"{level:g}" for level in sorted(Z_CRITICAL))
        raise click.BadParameter(f"{value:g} is not one of {choices}")
    return value


def analysis_options(command: Callable) -> Callable:
    """``--method``, ``--factors``, ``--rotation``, the conventions, ``--flags`` and
    ``--significance``, in the order ``--help`` lists them."""
    decorators = [
        click.option(
            "--method",
            type=click.Choice(METHODS),
            default="pca",
            show_default=True,
            help="extraction",
        ),
        click.option("--factors", type=int, required=True, metavar="K", help="number of factors"),
        click.option(
            "--rotation", type=click.Choice(ROTATIONS), default="varimax", show_default=True
        ),
        conventions_options,
        click.option(
            "--flags", metavar="FLAGS.csv", help="manual flags: participant,f1,f2,... with 1/0"
        ),
        click.option(
            "--significance",
            type=float,
            default=0.05,
            show_default=True,
            callback=_significance,
            help="flagging level (0.001, 0.01 or 0.05)",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def study_command(name: str, short_help: str) -> Callable[[Callable], click.Command]:
    """A command that analyses a study: its ``STUDY`` argument and :func:`analysis_options`,
    with the study problems of :class:`~qsort.cli.group.StudyCommand`."""

    def decorate(function: Callable) -> click.Command:
        command = click.argument("study")(analysis_options(function))
        return click.command(name, cls=StudyCommand, short_help=short_help)(command)

    return decorate


def analysis_settings(args: SimpleNamespace, table: QSortTable) -> dict[str, Any]:
    """The keywords of :func:`qsort.analysis.analyse` that :func:`analysis_options` set (all
    but the conventions), with the study's names and the manual flags of ``--flags``."""
    participants = list(table.participants)
    manual = read_flags(args.flags, participants, args.factors) if args.flags else None
    return {
        "method": args.method,
        "rotation": args.rotation,
        "centroid": args.centroid,
        "significance": args.significance,
        "manual_flags": manual,
        "participants": participants,
        "statements": list(table.statements),
    }
