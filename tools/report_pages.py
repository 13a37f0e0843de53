"""Render the demo clinic's report as PDF in Dutch and English and each page as a PNG, to look
at them: ``.venv/bin/python tools/report_pages.py [folder]`` (default ``/tmp/qsort-report``).
The README's report image is page one of the English PDF (``tools/readme_screenshots.py``).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qsort import create_app  # noqa: E402
from qsort.extensions import db  # noqa: E402
from qsort.models import Clinic, Facilitator  # noqa: E402
from qsort.services import analysis_run as run_service  # noqa: E402
from qsort.services.demo import seed_demo  # noqa: E402
from qsort.services.run_downloads import run_download  # noqa: E402


def demo_reports(out: Path, kinds=("pdf",), languages=("en", "nl")) -> list[Path]:
    """Write ``report-<lang>.<kind>`` of the demo's analysis run into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "pages", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/r.sqlite",
                          "RATELIMIT_ENABLED": False})  # fmt: skip
        with app.app_context():
            db.create_all()
            info = seed_demo()
            clinic = db.session.get(Clinic, info.clinic.id)
            run = run_service.run_clinic_analysis(clinic, db.session.get(Facilitator, info.facilitator.id))  # fmt: skip
            for lang in languages:
                for kind in kinds:
                    data, _, _ = run_download(run, clinic, kind, lang)
                    path = out / f"report-{lang}.{kind}"
                    path.write_bytes(data)
                    written.append(path)
    return written


def page_images(
    pdf: Path, dpi: int = 70, first: int | None = None, last: int | None = None
) -> None:
    """``<pdf stem>-<page>.png`` beside the PDF, with poppler's pdftoppm."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *pages, str(pdf), str(pdf.with_suffix(""))], check=True)  # fmt: skip


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/qsort-report")
    for path in demo_reports(target):
        page_images(path)
        print(path)
