"""The ``qsort`` command line: analyse studies and convert between formats without the web app.

Every input problem ends with one line naming the file, line and field, exit status 2, and no
traceback.
"""

import argparse
import sys
from collections.abc import Sequence

from qsort import __version__
from qsort.analysis import AnalysisError
from qsort.cli import analyse, backup, export, report, serve
from qsort.cli.inputs import StudyFileError
from qsort.formats import FormatError, accepted_formats
from qsort.formats.errors import ExportError

COMMANDS = (analyse, export, report, serve, backup)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qsort",
        description="Q-methodology analysis: shared viewpoints and what matters most.",
    )
    parser.add_argument("--version", action="version", version=f"qsort {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (FormatError, AnalysisError, ExportError, OSError) as error:
        print(f"qsort: error: {_describe(error)}", file=sys.stderr)
        if isinstance(error, StudyFileError):
            print(f"qsort reads these study files:\n{accepted_formats()}", file=sys.stderr)
        return 2


def _describe(error: Exception) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror}"
    return str(error)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
