"""The ``qsort`` command group: its commands load when run, and a study or analysis problem
ends as one line on stderr with exit status 2, under ``qsort`` and ``flask --app qsort`` alike.

Commands are named by import path and imported only when chosen (click's documented lazy
loading [1]_), so ``qsort analyse`` starts without the web app, and the web app's modules can add
the same commands to ``flask --app qsort`` without an import cycle.

References
----------
.. [1] Click documentation, "Lazily Loading Subcommands",
   https://click.palletsprojects.com/en/stable/complex/#lazily-loading-subcommands
"""

import importlib
import sys

import click

from qsort.analysis import AnalysisError
from qsort.formats import FormatError, accepted_formats
from qsort.formats.errors import ExportError


class CommandError(ValueError):
    """A command that cannot do what was asked (no SQLite database to back up, a weak secret
    key on the network): the reason, in English, is printed like a study problem."""


PROBLEMS = (FormatError, AnalysisError, ExportError, CommandError, OSError)


class LazyGroup(click.Group):
    """A group whose commands are ``"module:attribute"`` paths, imported when needed;
    ``aliases`` maps other names (``analyze``) to a command's name, unlisted."""

    def __init__(self, *args, lazy: dict[str, str], aliases: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy
        self.aliases = aliases

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.lazy)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        path = self.lazy.get(self.aliases.get(name, name))
        if path is None:
            return None
        module, attribute = path.split(":")
        return getattr(importlib.import_module(module), attribute)


class StudyCommand(click.Command):
    """A command whose study, analysis and file problems print ``qsort: error: ...`` (with
    the accepted formats when a study file was refused) and exit with status 2, no traceback."""

    def invoke(self, ctx: click.Context):
        from qsort.cli.inputs import StudyFileError

        try:
            return super().invoke(ctx)
        except PROBLEMS as error:
            print(f"qsort: error: {_describe(error)}", file=sys.stderr)
            if isinstance(error, StudyFileError):
                print(f"qsort reads these study files:\n{accepted_formats()}", file=sys.stderr)
            ctx.exit(2)


def _describe(error: Exception) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror}"
    return str(error)
