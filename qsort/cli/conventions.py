"""The ``--conventions`` and ``--centroid`` options that ``analyse`` and ``report`` share."""

from collections.abc import Callable

import click

from qsort.analysis.conventions import CONVENTIONS, PQMETHOD


def conventions_options(command: Callable) -> Callable:
    """Add ``--conventions`` and ``--centroid`` to a click command."""
    command = click.option(
        "--centroid",
        type=click.Choice(PQMETHOD.centroid_choices),
        help="with --conventions pqmethod --method centroid: PQMethod's Horst 5.5 (default) or "
        "Brown's centroid",
    )(command)
    return click.option(
        "--conventions",
        type=click.Choice(tuple(CONVENTIONS)),
        default="qsort",
        show_default=True,
        help="qmethod: reproduce R qmethod 1.8.4 exactly; pqmethod: PQMethod 2.35 (Horst 5.5 "
        "centroid, its varimax); qsort: grid-true arrays, factors oriented by their defining "
        "sorts, varimax to its optimum",
    )(command)
