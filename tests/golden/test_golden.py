"""Golden comparison (issue 15): the results page, the stored run's page, the projector's
reveal partials and every download of a run over the demo clinic render exactly as the files
in ``tests/golden/files/`` (made by ``python -m tests.golden.make_golden`` before the
consolidation; normalised as that module says). A difference means a screen or a file changed
for the user: update the files only where an issue names the change, and say so in the commit.
"""

import difflib

import pytest

from tests.golden import make_golden

pytestmark = pytest.mark.slow


def _golden() -> dict[str, str]:
    return make_golden.read()


def test_golden_files_cover_every_page_and_download():
    """Does the golden folder hold the two pages, each reveal step and each download in both
    languages (so a comparison over an empty folder cannot pass)?"""
    names = set(_golden())
    for lang in make_golden.LANGS:
        assert {f"results_{lang}.html", f"run_{lang}.html"} <= names
        assert {f"download_{k}_{lang}.txt" for k in make_golden.DOWNLOADS} <= names
        assert f"reveal_0_public_{lang}.html" in names


def test_pages_and_downloads_match_the_golden_files(make_app):
    """Does every page, partial and download of the demo run render as it did before?"""
    app = make_app()
    files = make_golden.render(app, make_golden.seed(app))
    golden = _golden()
    assert sorted(files) == sorted(golden)
    changed = [name for name in golden if files[name] != golden[name]]
    diffs = [
        "".join(
            difflib.unified_diff(
                golden[name].splitlines(keepends=True)[:4000],
                files[name].splitlines(keepends=True)[:4000],
                f"golden/{name}",
                f"now/{name}",
                n=1,
            )
        )[:3000]
        for name in changed[:5]
    ]
    assert not changed, f"{len(changed)} changed: {changed}\n" + "\n".join(diffs)
