"""The import page's format examples and the results page's fold of factor-count aids, as a
user sees them (screenshots in test-artifacts/): every example is a visible <pre> that fits
the page, and the fold opens to show each aid with what it suggests."""

import pytest

from qsort.formats import FORMATS
from tests.browser.sort_support import log_in
from tests.browser.test_screens import ARTIFACTS, PASSWORD, live_server  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_import_examples_and_factor_count_fold(browser, live_server, lang):  # noqa: F811
    base, clinic_id, _code = live_server
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="nl-NL" if lang == "nl" else "en-GB"
    )
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        log_in(page, base)
        page.goto(f"{base}/clinics/import/")
        examples = page.locator("[data-test=accepted-formats] pre.example")
        assert examples.count() == len(FORMATS)
        for k in range(examples.count()):
            assert examples.nth(k).is_visible()
        dat = page.locator("[data-format=pqmethod] pre.example").inner_text()
        assert dat.splitlines()[3] == "Bo         1 0-1"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        page.screenshot(path=ARTIFACTS / f"import-formats-{lang}.png", full_page=True)
        page.goto(f"{base}/clinics/{clinic_id}/results")
        fold = page.locator("[data-test=factor-count]")
        assert not fold.locator("[data-test=factor-count-aids]").is_visible()
        fold.locator("summary").click()
        assert fold.locator("[data-test=factor-count-aids] tbody tr").count() == 6
        assert fold.locator("[data-test=factor-count-followed]").is_visible()
        fold.screenshot(path=ARTIFACTS / f"factor-count-fold-{lang}.png")
    finally:
        context.close()
