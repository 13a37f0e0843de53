"""The database, its WAL files, the secret key, the instance folder and backups are created
owner-only (0600 files, 0700 folders) even when the umask would let everyone read them."""

import stat
import subprocess
import sys
from pathlib import Path

QSORT = str(Path(sys.executable).parent / "qsort")
MAKE = """
from qsort.app import create_app
from qsort.extensions import db
app = create_app()
with app.app_context():
    db.create_all()
    db.session.execute(db.text("SELECT 1"))
    db.session.commit()
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_owner_only_under_a_permissive_umask(tmp_path):
    instance = tmp_path / "new" / "instance"
    env = {"PATH": "/usr/bin:/bin", "QSORT_INSTANCE_PATH": str(instance)}
    subprocess.run([sys.executable, "-c", MAKE], env=env, umask=0, check=True, timeout=120)
    backup = subprocess.run(
        [QSORT, "backup"], env=env, umask=0, capture_output=True, text=True, timeout=120
    )
    assert backup.returncode == 0, backup.stderr
    assert _mode(instance) == 0o700
    assert _mode(instance / "secret_key") == 0o600
    database = instance / "qsort.sqlite"
    assert _mode(database) == 0o600
    for extra in database.parent.glob("qsort.sqlite-*"):
        assert _mode(extra) == 0o600, extra
    backups = instance / "backups"
    assert _mode(backups) == 0o700
    copies = list(backups.iterdir())
    assert len(copies) == 1 and _mode(copies[0]) == 0o600
