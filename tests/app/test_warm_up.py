"""A server process loads the hyphenation dictionaries and compiles the live pages' templates
when it starts (qsort.warm_up), so the first tablets of a room do not wait for them."""

import gc

import pytest

from qsort.domain import hyphenation
from qsort.warm_up import warm_up


@pytest.fixture(autouse=True)
def _unfrozen():
    """The suite's process builds many apps: what a warm-up froze is handed back after."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_warm_up_compiles_the_live_pages_and_loads_both_dictionaries(make_app):
    app = make_app()  # the suite's apps skip it; here it is called as create_app would
    hyphenation._dictionary.cache_clear()
    app.jinja_env.cache.clear()
    app.config["WARM_UP"] = True
    names = warm_up(app)
    for page in ("participant/sort.html", "participant/join.html", "projector/projector.html"):
        assert page in names
    assert not any(name.startswith(("reports/", "results/")) for name in names)
    cached = {key[1] for key in app.jinja_env.cache}
    assert set(names) <= cached
    assert hyphenation._dictionary.cache_info().currsize == len(hyphenation.DICTIONARIES)


def test_warm_up_freezes_what_the_start_made(make_app):
    """Full collections no longer walk the objects the process lives with (gc.freeze)."""
    app = make_app()
    app.config["WARM_UP"] = True
    assert gc.get_freeze_count() == 0
    warm_up(app)
    assert gc.get_freeze_count() > 50_000
    assert len(gc.get_objects(generation=2)) < gc.get_freeze_count() / 10


def test_off_it_does_nothing(make_app):
    app = make_app(WARM_UP=False)
    app.jinja_env.cache.clear()
    assert warm_up(app) == [] and len(app.jinja_env.cache) == 0
    assert gc.get_freeze_count() == 0


def test_create_app_warms_up_by_default(make_app):
    app = make_app(WARM_UP=True)
    assert "participant/sort.html" in {key[1] for key in app.jinja_env.cache}
