"""Every command works on a fresh instance folder (nothing made yet): the database commands
upgrade it first, the file commands need none, and ``qsort backup`` says what to run."""

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
LIPSET = Path(__file__).resolve().parents[1] / "fixtures" / "lipset" / "sorts.csv"


def _run(args: list[str], instance: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "QSORT_INSTANCE_PATH": str(instance)}
    return subprocess.run(
        args, env=env, input=stdin, capture_output=True, text=True, timeout=180, cwd=instance.parent
    )


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["flask", "--app", "qsort", "create-facilitator", "new@example.org"],
         "a long enough password\n", "Created facilitator new@example.org"),
        (["flask", "--app", "qsort", "seed-demo"], "", "Demo login:"),
        (["flask", "--app", "qsort", "set-password", "nobody@example.org"],
         "a long enough password\n", "no facilitator with email nobody@example.org"),
        (["flask", "--app", "qsort", "db", "upgrade"], "", ""),
        (["flask", "--app", "qsort", "analyse", str(LIPSET), "--method", "pca", "--factors", "2"],
         "", "Loadings"),
        (["qsort", "analyse", str(LIPSET), "--method", "pca", "--factors", "2"], "", "Loadings"),
        (["qsort", "backup"], "", "flask --app qsort db upgrade"),
    ],
    ids=["create-facilitator", "seed-demo", "set-password", "db-upgrade", "flask-analyse",
         "analyse", "backup"],
)  # fmt: skip
def test_command_on_a_fresh_instance(tmp_path, args, stdin, expected):
    instance = tmp_path / "instance"
    done = _run([str(BIN / args[0]), *args[1:]], instance, stdin)
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "no such table" not in output, output[-2000:]
    assert expected in output, output[-2000:]
    assert done.returncode in ((1, 2) if args[-1].startswith(("nobody", "backup")) else (0,))


def test_set_password_ends_sessions_from_the_command_line(tmp_path):
    instance = tmp_path / "instance"
    flask = str(BIN / "flask")
    _run(
        [flask, "--app", "qsort", "create-facilitator", "a@example.org"],
        instance,
        "first password 1\n",
    )
    done = _run(
        [flask, "--app", "qsort", "set-password", "a@example.org"], instance, "second password 2\n"
    )
    assert done.returncode == 0 and "every session of theirs has ended" in done.stdout
