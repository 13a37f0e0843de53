"""The ``qsort`` command line: analyse studies, convert between formats, write reports, serve
the app and manage it, in one click command group that ``flask --app qsort`` also carries.

Every input problem ends with one line naming the file, line and field, exit status 2, and no
traceback.
"""

import sys
from collections.abc import Sequence

import click

from qsort import __version__
from qsort.cli.group import LazyGroup

COMMANDS = {
    "analyse": "qsort.cli.analyse:command",
    "export-dat": "qsort.cli.export:command",
    "report": "qsort.cli.report:command",
    "serve": "qsort.cli.serve:command",
    "backup": "qsort.cli.backup:command",
    "create-facilitator": "qsort.commands:create_facilitator",
    "set-password": "qsort.commands:set_password",
    "seed-demo": "qsort.commands:seed_demo",
    "demo": "qsort.commands:demo",
    "run-jobs": "qsort.commands:run_jobs",
}

cli = LazyGroup(
    "qsort",
    lazy=COMMANDS,
    aliases={"analyze": "analyse"},
    help="Q-methodology analysis and workshops: shared viewpoints and what matters most.",
)
cli = click.version_option(__version__, prog_name="qsort", message="%(prog)s %(version)s")(cli)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``qsort`` command line with ``argv`` (default: the process's arguments) and
    return its exit status: 0 done, 2 a usage, study or analysis problem."""
    try:
        status = cli.main(args=argv, prog_name="qsort", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        print("Aborted.", file=sys.stderr)
        return 1
    return status if isinstance(status, int) else 0


def register(app) -> None:
    """Give ``flask --app qsort`` every command of the ``qsort`` group."""
    for name in COMMANDS:
        app.cli.add_command(cli.get_command(None, name))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
