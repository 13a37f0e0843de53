"""Render everything a facilitator reads of a run over the demo clinic, normalised, as text.

The golden comparison of issue 15: ``python -m tests.golden.make_golden`` (from the repository
root) writes the results page, the page of the stored run, the projector's reveal partials (one
per presenter step, facilitator's and public link) and every download of the run (in Dutch and
English) into ``tests/golden/files/``; ``tests/golden/test_golden.py`` renders them again and
compares. Volatile bits are replaced by placeholders: CSRF tokens, CSP nonces, dates and times,
database ids, join/resume codes and projector tokens. Pages and partials drop trailing
whitespace and whitespace-only lines (template layout, not content). Binary downloads become text: XLSX as
its cell values per sheet, ZIPs as their members' text, the PDF as its extracted text.

The demo is seeded deterministically (:func:`qsort.services.demo.seed_demo`, fixed seed) plus
a few free-choice answers and one comment, revealed in the room, with one stored run made as
the facilitator's POST would make it; before it, a run with warnings (its page and the
downloads that word them are compared too).
"""

import io
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

FOLDER = Path(__file__).with_name("files")
PASSWORD = "golden password 1"
LANGS = ("nl", "en")
DOWNLOADS = ("csv", "statements", "dat", "sta", "pqmethod", "kade", "json", "xlsx", "html", "pdf")
#: Downloads of the run with warnings (the report words them, the JSON stores them).
WARNING_DOWNLOADS = ("json", "xlsx", "html")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "golden",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "SERVER_NAME": "qsort.test",
    "CLI_UPGRADES_DATABASE": False,
    "JOBS_MODE": "inline",
}


def seed(app: Flask) -> dict[str, Any]:
    """The demo clinic, revealed, with answers, a comment and one stored run; its ids."""
    from qsort.services import analysis_run
    from tests.presenter_seed import revealed_demo

    with app.app_context():
        clinic, owner, _sorts = revealed_demo(PASSWORD)
        warned = _warning_run(clinic, owner)
        run = analysis_run.run_clinic_analysis(clinic, owner)
        return {
            "email": owner.email,
            "clinic": clinic.id,
            "run": run.id,
            "warning_run": warned.id,
            "token": clinic.projector_token,
            "codes": [clinic.join_code, *(p.resume_code for p in clinic.participants)],
            "steps": len(_steps(clinic)),
        }


def _warning_run(clinic, owner):
    """A run with warnings: six centroid factors (three without defining sorts) and the first
    sort flagged by hand on a second factor, where it loads negatively (a bipolar viewpoint)."""
    from qsort.services import analysis_run

    request = analysis_run.RunRequest(method="centroid", n_factors=6)
    base = analysis_run.run_clinic_analysis(clinic, owner, request)
    return analysis_run.toggle_flag(base, owner, base.result["participants"][0], 2)


def _steps(clinic) -> list[str]:
    from qsort.services import presenter

    return presenter.steps(clinic)


def normaliser(ids: dict[str, Any]) -> Callable[[str], str]:
    """Replace what changes from one rendering to the next by placeholders."""
    literal = [(re.escape(str(ids["token"])), "<token>")]
    literal += [(re.escape(code), "<code>") for code in ids["codes"] if code]
    patterns = [
        *literal,
        (r'(name="csrf_token"[^>]*value=")[^"]*', r"\1<csrf>"),
        (r'(name="csrf-token" content=")[^"]*', r"\1<csrf>"),
        (r'nonce="[^"]*"', 'nonce="<nonce>"'),
        (r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?", "<date>"),
        (r"\b\d{1,2}:\d{2}(:\d{2})?\b", "<time>"),
        (rf"\b({'|'.join(MONTHS_EN)}) \d{{1,2}}, \d{{4}}\b", "<date>"),
        (rf"\b\d{{1,2}} ({'|'.join(MONTHS_NL)}) \d{{4}}\b", "<date>"),
        (rf"/clinics/{ids['clinic']}\b", "/clinics/<clinic>"),
        (rf"/runs/{ids['run']}\b", "/runs/<run>"),
        (rf"-run{ids['run']}\b", "-run<run>"),
        (rf"\brun {ids['run']}\b", "run <run>"),
        (rf"\bclinic {ids['clinic']}\b", "clinic <clinic>"),
        (r"\bp\d+\b", "p<id>"),
        (r"/jobs/\d+", "/jobs/<job>"),
        (r"\?v=[0-9a-f]+", "?v=<v>"),
    ]
    compiled = [(re.compile(p), r) for p, r in patterns]

    def normalise(text: str) -> str:
        for pattern, replacement in compiled:
            text = pattern.sub(replacement, text)
        return text

    return normalise


def _page_text(data: bytes) -> str:
    lines = data.decode().splitlines()
    return "\n".join(line.rstrip() for line in lines if line.strip()) + "\n"


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## sheet {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            lines.append("\t".join("" if v is None else repr(v) for v in row).rstrip())
    return "\n".join(lines) + "\n"


def _zip_text(data: bytes) -> str:
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            lines.append(f"## member {name}")
            lines.append(archive.read(name).decode("utf-8", errors="replace"))
    return "\n".join(lines) + "\n"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(f"## page {i}\n{page.extract_text()}" for i, page in enumerate(pages, 1))


def _as_text(kind: str, data: bytes) -> str:
    if kind == "xlsx":
        return _xlsx_text(data)
    if kind in ("pqmethod", "kade"):
        return _zip_text(data)
    if kind == "pdf":
        return _pdf_text(data)
    return data.decode("utf-8", errors="replace")


def _get(client, url: str) -> tuple[str, bytes]:
    response = client.get(url)
    disposition = response.headers.get("Content-Disposition", "")
    head = f"# GET {url} -> {response.status_code} {response.mimetype} {disposition}\n"
    return head, response.data


def render(app: Flask, ids: dict[str, Any]) -> dict[str, str]:
    """File name -> normalised text of every page, partial and download (logged in)."""
    from qsort.extensions import db
    from qsort.models import Clinic

    normalise = normaliser(ids)
    client = app.test_client()
    client.post("/login", data={"email": ids["email"], "password": PASSWORD})
    clinic, run = ids["clinic"], ids["run"]
    out: dict[str, str] = {}
    for lang in LANGS:
        client.post("/language", data={"lang": lang})
        for name, url in (
            ("results", f"/clinics/{clinic}/results"),
            ("run", f"/clinics/{clinic}/runs/{run}"),
        ):
            head, body = _get(client, url)
            out[f"{name}_{lang}.html"] = normalise(head + _page_text(body))
        for step in range(ids["steps"]):
            with app.app_context():
                db.session.get(Clinic, clinic).reveal_step = step
                db.session.commit()
            for name, url in (
                ("panel", f"/clinics/{clinic}/projector/panel"),
                ("public", f"/projector/{ids['token']}/panel"),
            ):
                head, body = _get(client, url)
                out[f"reveal_{step}_{name}_{lang}.html"] = normalise(head + _page_text(body))
        for kind in DOWNLOADS:
            head, body = _get(client, f"/clinics/{clinic}/runs/{run}/download/{kind}?lang={lang}")
            out[f"download_{kind}_{lang}.txt"] = normalise(head + _as_text(kind, body))
        warned = f"/clinics/{clinic}/runs/{ids['warning_run']}"
        head, body = _get(client, warned)
        out[f"warnings_run_{lang}.html"] = normalise(head + _page_text(body))
        for kind in WARNING_DOWNLOADS:
            head, body = _get(client, f"{warned}/download/{kind}?lang={lang}")
            out[f"warnings_download_{kind}_{lang}.txt"] = normalise(head + _as_text(kind, body))
    return out


def read(folder: Path = FOLDER) -> dict[str, str]:
    """The golden files as written (PQMethod's CRLF line endings kept)."""
    files = {}
    for path in sorted(folder.iterdir()):
        with path.open(encoding="utf-8", newline="") as file:
            files[path.name] = file.read()
    return files


def write(files: dict[str, str], folder: Path = FOLDER) -> None:
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*"):
        old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")  # CRLF kept


def main() -> int:
    from qsort import create_app
    from qsort.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({**CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/golden.sqlite"})
        with app.app_context():
            db.create_all()
        files = render(app, seed(app))
        with app.app_context():
            db.engine.dispose()
    write(files)
    print(f"{len(files)} golden files in {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
