"""The ``--conventions`` and ``--centroid`` options that ``analyse`` and ``report`` share."""

import argparse

from qsort.analysis.conventions import CONVENTIONS, PQMETHOD


def add_conventions_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--conventions",
        choices=tuple(CONVENTIONS),
        default="qsort",
        help="qmethod: reproduce R qmethod 1.8.4 exactly; pqmethod: PQMethod 2.35 (Horst 5.5 "
        "centroid, its varimax); qsort (default): grid-true arrays, factors oriented by their "
        "defining sorts, varimax to its optimum",
    )
    parser.add_argument(
        "--centroid",
        choices=PQMETHOD.centroid_choices,
        help="with --conventions pqmethod --method centroid: PQMethod's Horst 5.5 (default) or "
        "Brown's centroid",
    )
