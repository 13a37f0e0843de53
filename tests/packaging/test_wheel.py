"""A built wheel (not the checkout) runs the command line and the app.

The wheel is built from a copy of the project, installed into a fresh virtual environment
whose only other path is this environment's site-packages (for the dependencies; a ``.pth``
line adds it, so the editable install of the checkout is not seen), and run from a folder
outside the checkout.
"""

import re
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIPSET = ROOT / "tests" / "fixtures" / "lipset" / "sorts.csv"
LEFT_OUT = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "instance", "__pycache__", "tests", "docs"
)
START_PAGE = """
from qsort.app import create_app
app = create_app({"SECRET_KEY": "a wheel test key of some length"})
client = app.test_client()
login = client.get("/login", headers={"Accept-Language": "nl"})
css = client.get("/static/css/app.css")
import qsort
print(qsort.__file__)
print(login.status_code, css.status_code)
print(login.get_data(as_text=True))
"""

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, instance: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "QSORT_INSTANCE_PATH": str(instance), "HOME": str(cwd)}
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, cwd=cwd)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin`` folder of a virtual environment holding qsort from a freshly built wheel."""
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "src", ignore=LEFT_OUT)
    pip = [sys.executable, "-m", "pip"]
    _run(
        [*pip, "wheel", "-q", "--no-deps", "-w", str(work / "dist"), str(work / "src")], work, work
    )
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(work / "venv")], check=True)
    python = work / "venv" / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    wheel = next((work / "dist").glob("qsort-*.whl"))
    _run([*pip, "--python", str(python), "install", "-q", "--no-deps", str(wheel)], work, work)
    shutil.rmtree(work / "src")
    return python.parent


def _head_revision() -> str:
    """The one revision no other migration names as its ``down_revision``."""
    texts = [path.read_text() for path in (ROOT / "migrations" / "versions").glob("*.py")]
    revisions = {re.search(r'^revision = "([^"]+)"', t, re.M).group(1) for t in texts}
    parents = {m.group(1) for t in texts for m in re.finditer(r'"([^"]+)"', _down(t))}
    (head,) = revisions - parents
    return head


def _down(text: str) -> str:
    return re.search(r"^down_revision.*$", text, re.M).group(0)


def test_the_wheel_carries_the_app_files(installed):
    lib = Path(sysconfig.get_path("purelib", vars={"base": str(installed.parent)}))
    bundled = lib / "qsort" / "_bundled"
    for name in ("templates/base.html", "static/js/sort-model.js", "migrations/env.py"):
        assert (bundled / name).is_file(), name
    assert next((bundled / "translations" / "nl" / "LC_MESSAGES").glob("messages.mo"))


def test_qsort_analyse_runs_from_the_wheel(installed, tmp_path):
    args = [str(installed / "qsort"), "analyse", str(LIPSET), "--method", "pca", "--factors", "2"]
    done = _run(args, tmp_path, tmp_path / "instance")
    assert "Loadings" in done.stdout


def test_the_start_page_is_served_from_the_wheel(installed, tmp_path):
    instance = tmp_path / "instance"
    _run(
        [str(installed / "python"), "-m", "flask", "--app", "qsort", "db", "upgrade"],
        tmp_path,
        instance,
    )
    with sqlite3.connect(instance / "qsort.sqlite") as database:
        (revision,) = database.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == _head_revision()
    done = _run([str(installed / "python"), "-c", START_PAGE], tmp_path, instance)
    module, statuses, page = done.stdout.split("\n", 2)
    assert module.startswith(str(installed.parent)), module
    assert statuses == "200 200"
    assert 'lang="nl"' in page and "Inloggen" in page
