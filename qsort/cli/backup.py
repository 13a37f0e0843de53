"""``qsort backup``: a consistent copy of the SQLite database, safe while the app runs.

Uses SQLite's online backup API, which copies a consistent snapshot even while other processes
write (WAL mode). For PostgreSQL use ``pg_dump``.
"""

import sqlite3
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import click

from qsort.cli.group import CommandError, StudyCommand
from qsort.private_files import private_file


@click.command(
    "backup", cls=StudyCommand, short_help="copy the SQLite database safely, even while qsort runs"
)
@click.option("--out", help="backup file (default: instance/backups/qsort-<time>.sqlite)")
def command(**options) -> int:
    """Copy the SQLite database with SQLite's online backup API, safe while qsort runs."""
    return run(SimpleNamespace(**options))


def run(args: SimpleNamespace) -> int:
    from qsort.app import create_app

    app = create_app()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        raise CommandError("qsort backup copies SQLite databases; for PostgreSQL use pg_dump")
    source = Path(uri.removeprefix("sqlite:///"))
    if not _has_schema(source):
        raise CommandError(
            f"{source}: no database yet; 'qsort serve' or 'flask --app qsort db upgrade' makes it"
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = (
        Path(args.out)
        if args.out
        else Path(app.instance_path) / "backups" / f"qsort-{stamp}.sqlite"
    )
    private_file(target)  # owner-only, like the database it copies
    counts = backup_sqlite(source, target)
    print(
        f"wrote {target}: {counts['clinics']} clinics, {counts['q_sorts']} sorts ({counts['submitted']} submitted)"
    )
    return 0


def _has_schema(database: Path) -> bool:
    if not database.exists():
        return False
    with sqlite3.connect(database) as connection:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clinics'"
        return connection.execute(query).fetchone() is not None


def backup_sqlite(source: Path, target: Path) -> dict[str, int]:
    """Copy ``source`` to ``target`` with the online backup API, check it, and count what it holds."""
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with sqlite3.connect(target) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise CommandError(f"{target}: the copy failed its integrity check; try again")
        return {
            "clinics": check.execute("SELECT count(*) FROM clinics").fetchone()[0],
            "q_sorts": check.execute("SELECT count(*) FROM q_sorts").fetchone()[0],
            "submitted": check.execute(
                "SELECT count(*) FROM q_sorts WHERE status = 'submitted'"
            ).fetchone()[0],
        }
