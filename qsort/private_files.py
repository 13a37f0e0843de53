"""Files only the owner may read: the database, the secret key, backups, the instance folder.

Created with mode 0600 (folders 0700) by ``os.open``/``os.makedirs``, which a umask can only
narrow, so even a permissive umask (``umask 000``) leaves them unreadable to other local users.
SQLite gives its ``-wal`` and ``-shm`` files the mode of the database file.
"""

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: str | Path) -> Path:
    """Make ``path`` (and missing parents) as owner-only folders; an existing one is kept."""
    folder = Path(path)
    if not folder.exists():
        os.makedirs(folder, mode=FOLDER_MODE, exist_ok=True)
        os.chmod(folder, FOLDER_MODE)
    return folder


def private_file(path: str | Path) -> Path:
    """Create ``path`` empty with mode 0600 unless it exists (its folder owner-only if new)."""
    target = Path(path)
    private_folder(target.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    return target
