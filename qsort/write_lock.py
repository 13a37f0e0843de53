"""One writer at a time on a SQLite file, queued by the kernel instead of SQLite's busy handler.

SQLite lets one connection write at a time; a second writer waits in the busy handler, which
sleeps in steps of 1, 2, 5, 10 ... up to 100 ms and re-tries. Under a room of tablets autosaving
every few seconds those sleeps, not the writes, make the latency. Taking an exclusive
``flock`` on ``<database>-writelock`` around the short write transaction of the hot paths
(join, autosave, submit) makes every writer — any thread of any gunicorn worker — wait in the
kernel and wake the moment the previous one commits. PostgreSQL needs no such thing (row
locks); there, and for in-memory SQLite, this is a no-op. ``SQLITE_WRITE_LOCK = False``
turns it off.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app

from qsort.extensions import db

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows (waitress, one process): busy_timeout only
    fcntl = None


def _lock_path() -> str | None:
    if fcntl is None or not current_app.config.get("SQLITE_WRITE_LOCK", True):
        return None
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return url.database + "-writelock"


@contextmanager
def write_lock() -> Iterator[None]:
    """Hold the database's write lock (SQLite files only) for the enclosed transaction."""
    path = _lock_path()
    if path is None:
        yield
        return
    # A fresh descriptor per use: flock then also queues threads of the same process.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
