"""A GET only reads (issue 15 item 2): every page and download, for the facilitator and for
the room, leaves every table as it was and never calls the analysis.

The analysis' entry points (the pipeline, the automatic factor count, the factor-count aids
with parallel analysis, the bootstrap) are replaced by functions that raise, wherever a
module of qsort imported them; the database is compared table by table, every row, before
and after the GETs.
"""

import sys

import pytest
from sqlalchemy import select

from qsort.analysis import factor_checks, factor_count, parallel_draws, pipeline, stability
from qsort.extensions import db
from qsort.models import Clinic, Job
from qsort.services import analysis_run
from qsort.services.run_downloads import KINDS
from tests.golden import make_golden

#: GET routes a browser never asks for with parameters we can fill (files served as is).
NOT_PAGES = {"static", "assets.plotly_js"}
ENTRY_POINTS = (
    pipeline.analyse,
    pipeline.run_analysis,
    factor_checks.choose_n_factors,
    factor_count.factor_count_aids,
    parallel_draws.random_eigenvalues,
    parallel_draws.shared_random_eigenvalues,
    stability.bootstrap_stability,
)


class AnalysisCalled(AssertionError):
    pass


def _forbid_analysis(monkeypatch) -> list[str]:
    """Every binding of an entry point in qsort's modules raises; returns where it was bound."""
    patched = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("qsort") or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if any(value is entry for entry in ENTRY_POINTS):

                def refuse(*args, _what=f"{name}.{attribute}", **kwargs):
                    raise AnalysisCalled(f"a GET called {_what}")

                monkeypatch.setattr(module, attribute, refuse)
                patched.append(f"{name}.{attribute}")
    return patched


def _dump() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    dump = {}
    for table in db.metadata.sorted_tables:
        query = select(table).order_by(*table.primary_key.columns)
        dump[table.name] = [tuple(map(repr, row)) for row in db.session.execute(query)]
    db.session.rollback()
    return dump


def _urls(app, ids: dict) -> list[str]:
    """One URL per GET route (every kind and language of download, anonymised too)."""
    clinic, run = ids["clinic"], ids["run"]
    with app.app_context():
        job = db.session.scalar(select(Job.id).where(Job.clinic_id == clinic).limit(1))
        join_code = db.session.get(Clinic, clinic).join_code
    values = {"clinic_id": clinic, "run_id": run, "job_id": job, "token": ids["token"],
              "code": join_code, "sort_id": 1}  # fmt: skip
    urls, covered = [], set()
    adapter = app.url_map.bind("qsort.test")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        covered.add(rule.endpoint)
        if "kind" in rule.arguments:
            for kind in KINDS:
                for query in ("?lang=nl", "?lang=en", "?lang=en&anonymise=1"):
                    urls.append(adapter.build(rule.endpoint, {**values, "kind": kind}) + query)
            continue
        urls.append(adapter.build(rule.endpoint, {a: values[a] for a in rule.arguments}))
    assert {"results.results", "results.show_run", "results.download", "live.projector_panel",
            "projector.panel", "live.dashboard"} <= covered  # fmt: skip
    return urls


@pytest.fixture
def demo(app):
    """The revealed demo with two stored runs (the second with a flag toggled by hand)."""
    ids = make_golden.seed(app)
    with app.app_context():
        run = db.session.get(analysis_run.AnalysisRun, ids["run"])
        owner = run.clinic.owner
        participant = run.settings["input"]["participants"][0]
        analysis_run.toggle_flag(run, owner, participant, 1)
    return ids


def test_every_get_leaves_the_database_unchanged_and_does_not_analyse(app, demo, monkeypatch):
    """Does any GET, of any page, partial or download, write a row or run the analysis?"""
    client = app.test_client()
    urls = _urls(app, demo)
    with app.app_context():
        latest = analysis_run.latest_run(db.session.get(Clinic, demo["clinic"])).id
    urls += [u.replace(f"/runs/{demo['run']}/", f"/runs/{latest}/") for u in urls if "/runs/" in u]
    assert client.post("/login", data={"email": demo["email"], "password": make_golden.PASSWORD})
    with app.app_context():
        before = _dump()
    assert sum(len(rows) for rows in before.values()) > 100
    patched = _forbid_analysis(monkeypatch)
    assert "qsort.services.analysis_run.run_analysis" in patched
    statuses = {}
    for url in urls:
        statuses[url] = client.get(url).status_code
    with app.app_context():
        after = _dump()
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert after == before
    failed = {url: status for url, status in statuses.items() if status >= 500}
    assert not failed
    assert statuses[f"/clinics/{demo['clinic']}/runs/{demo['run']}"] == 200
    assert all(status == 200 for url, status in statuses.items() if "/download/" in url)


def test_the_guard_catches_an_analysis(app, demo, monkeypatch):
    """Would the test above notice a GET that analyses (the guard is not a no-op)?"""
    _forbid_analysis(monkeypatch)
    with app.app_context():
        run = db.session.get(analysis_run.AnalysisRun, demo["run"])
        with pytest.raises(AnalysisCalled):
            analysis_run.replay(run)
