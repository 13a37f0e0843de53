"""Make the README's screenshots: a tablet in portrait and in landscape, a phone, and the
projector, from a fresh clinic on a temporary SQLite database, in Debian's Chromium; and page
one of the demo clinic's English PDF report (poppler's pdftoppm, no browser).

Run: ``.venv/bin/python tools/readme_screenshots.py`` (writes ``docs/screenshots/*.png``,
reduced to 256 colours with Pillow to keep them small); ``... readme_screenshots.py report``
makes only the report's page.
"""

import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qsort import create_app  # noqa: E402
from qsort.domain.phases import Phase  # noqa: E402
from qsort.extensions import db  # noqa: E402
from qsort.models import Clinic  # noqa: E402
from tests import live_sim  # noqa: E402
from tests.builders import room  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TABLETS = {
    "tablet-portrait": ({"width": 810, "height": 1080}, "nl", 19),
    "tablet-landscape": ({"width": 1280, "height": 800}, "en", 24),
    "phone": ({"width": 390, "height": 844}, "nl", 14),
}


def start(folder: str):
    app = create_app({"SECRET_KEY": "shots", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/s.sqlite",
                      "RATELIMIT_ENABLED": False, "PUBLIC_URL": "http://192.168.1.20:8000"})  # fmt: skip
    with app.app_context():
        db.create_all()
        clinic = room(
            "shots@example.org", title="", lang="nl", phase=Phase.SORTING
        )  # the preset's title
        for n in range(5):  # people in the room, for the projector's count
            pid = live_sim.join(clinic.id, f"Team {n}")
            live_sim.place(pid, 24, shift=n)
            if n < 3:
                live_sim.submit(pid)
        ids = (clinic.id, clinic.join_code, clinic.projector_token)
        grid = [(c.value, c.height) for c in db.session.get(Clinic, clinic.id).distribution.columns]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", ids, grid


def sort_to(page, url: str, code: str, lang: str, grid, placed: int) -> None:
    page.goto(f"{url}/join/{code}")
    page.fill("#display_name", "Team Blauw")
    page.check(f"input[name=language][value={lang}]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-js=sort-app][data-ready=true]")
    page.click("[data-go=presort]")
    for i in range(24):
        page.keyboard.press("312"[i % 3])
    page.click("[data-go=grid]")
    ids = page.eval_on_selector_all(".tray .q-card", "cards => cards.map(c => c.dataset.id)")
    slots = [f"col:{v}" for v, h in grid for _ in range(h)]
    for card, target in list(zip(ids, slots, strict=True))[:placed]:
        page.locator(f'.q-card[data-id="{card}"] .q-text').tap()
        page.locator(f'[data-place="{target}"]').tap()
    if placed < 24:  # the next card selected, the column picker open
        page.locator(f'.q-card[data-id="{ids[placed]}"] .q-text').tap()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)


def save(page, name: str) -> None:
    path = OUT / f"{name}.png"
    page.screenshot(path=path)
    reduce(path)


def report_page_one() -> None:
    """Page one of the demo's English report, the executive summary, at 100 dpi."""
    from tools.report_pages import demo_reports, page_images

    with tempfile.TemporaryDirectory() as folder:
        (pdf,) = demo_reports(Path(folder), languages=("en",))
        page_images(pdf, dpi=100, first=1, last=1)
        (png,) = Path(folder).glob("report-en-*.png")
        png.replace(OUT / "report-page-one.png")
    reduce(OUT / "report-page-one.png")


def reduce(path: Path) -> None:
    Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        path, optimize=True
    )
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} kB")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    report_page_one()
    if sys.argv[1:] == ["report"]:
        return
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server, url, (_clinic, code, token), grid = start(folder)
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for name, (viewport, lang, placed) in TABLETS.items():
            context = browser.new_context(
                viewport=viewport, has_touch=True, is_mobile=name == "phone"
            )
            page = context.new_page()
            sort_to(page, url, code, lang, grid, placed)
            save(page, name)
            context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
        page = context.new_page()
        page.goto(f"{url}/projector/{token}")
        page.locator("[data-test=projector-code]").wait_for()
        save(page, "projector")
        browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
