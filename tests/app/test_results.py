"""The results page and the analysis-run service: runs, replay, flags, rotation, demo viewpoints."""

import re
from collections import Counter

import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Facilitator
from qsort.presets import CUSTOMER_FOCUS
from qsort.services import analysis_run as run_service
from qsort.services.demo import NAMES, VIEWPOINTS, seed_demo
from tests.conftest import PASSWORD
from tests.helpers import FIXTURES


@pytest.fixture
def demo(app, client):
    """The demo clinic (30 submitted sorts, 3 planted viewpoints), its owner logged in."""
    with app.app_context():
        info = seed_demo()
        clinic_id, owner_id, email = info.clinic.id, info.facilitator.id, info.facilitator.email
        password = info.password
    client.post("/login", data={"email": email, "password": password})
    return clinic_id, owner_id


def _clinic(clinic_id):
    return db.session.get(Clinic, clinic_id)


def test_demo_results_show_the_three_planted_viewpoints(app, demo):
    """Does the default analysis of the demo find its three planted viewpoints? Yes: 3 factors,
    each defined by one planted group only, each with a top five from that group's theme."""
    clinic_id, owner_id = demo
    with app.app_context():
        clinic = _clinic(clinic_id)
        run = run_service.run_clinic_analysis(clinic, db.session.get(Facilitator, owner_id))
        result = run.result
        names = {run_service.participant_label(p.id): p.display_name for p in clinic.participants}
    assert result["n_factors"] == 3
    theme = {f"S{n:02d}": s.theme for n, s in enumerate(CUSTOMER_FOCUS.statements, start=1)}
    group_of, start = {}, 0
    for viewpoint, count in VIEWPOINTS.items():
        group_of.update({name: viewpoint for name in NAMES[start : start + count]})
        start += count
    found = set()
    for f in range(3):
        top = [e["statement"] for e in result["ranking"]["factors"][str(f + 1)][:5]]
        themes = Counter(theme[code] for code in top)
        planted, hits = themes.most_common(1)[0]
        assert hits == 5, f"factor {f + 1} top five {top} mixes themes {themes}"
        defining = [
            names[p]
            for p, row in zip(result["participants"], result["flagged"], strict=True)
            if row[f]
        ]
        assert {group_of[n] for n in defining} == {planted}
        assert len(defining) >= VIEWPOINTS[planted] - 2
        found.add(planted)
    assert found == set(VIEWPOINTS)


def test_results_page_shows_the_automatic_run_and_never_makes_one(app, client, demo):
    """The automatic run is made by a background job when sorts change (here: when the demo
    was seeded); a GET of the page only reads it."""
    clinic_id, _owner = demo
    page = client.get(f"/clinics/{clinic_id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('data-test="viewpoint"') == 3
    assert html.count('data-chart="chart-array-') == 3
    assert 'data-chart="chart-scree"' in html and 'data-chart="chart-loadings"' in html
    assert "<script>" not in html  # no inline script with content
    assert "Anouk" in html  # the facilitator sees names in the loadings table
    client.get(f"/clinics/{clinic_id}/results")
    with app.app_context():
        runs = db.session.scalars(db.select(AnalysisRun)).all()
        assert len(runs) == 1 and runs[0].label == "auto"
        assert runs[0].settings["n_factors"] == 3
        assert len(runs[0].settings["input"]["sorts"]) == 30
        assert runs[0].result["correlation"] is None


def test_reopened_run_replays_with_identical_numbers(app, client, demo):
    """Does re-opening a stored run reproduce it exactly? Yes, and the page says so."""
    clinic_id, owner_id = demo
    with app.app_context():
        run = run_service.run_clinic_analysis(
            _clinic(clinic_id),
            db.session.get(Facilitator, owner_id),
            run_service.RunRequest(method="centroid", n_factors=2, significance=0.01),
        )
        run_id, stored = run.id, run.result
        replayed = run_service.replay(run)
    for key in run_service.REPRODUCED_KEYS:
        assert replayed[key] == stored[key], key
    assert replayed["settings"] == stored["settings"]
    assert (
        _checked(client, clinic_id, run_id)
        == "✓ re-run from its stored settings: identical numbers"
    )


def test_run_stored_before_the_draws_were_named_replays_identically(app, client, demo):
    """A run stored before issue 18 has no ``parallel_analysis_draws`` in its settings and aids
    from NumPy's permuted draws: re-opening it reproduces those aids (new runs draw by keys)."""
    from dataclasses import replace

    clinic_id, owner_id = demo
    with app.app_context():
        run = run_service.run_clinic_analysis(
            _clinic(clinic_id), db.session.get(Facilitator, owner_id), run_service.RunRequest()
        )
        assert run.settings["parallel_analysis_draws"] == "keys"
        data, options = run_service.stored_input(run), run_service.stored_options(run)
        old = run_service._analyse(data, replace(options, parallel_draws="permuted"))
        assert old["factor_count_aids"] != run.result["factor_count_aids"]
        settings = {k: v for k, v in run.settings.items() if k != "parallel_analysis_draws"}
        old["settings"].pop("parallel_analysis_draws")
        run.settings, run.result = settings, old
        db.session.commit()
        run_id = run.id
        assert run_service.reproduces(run, run_service.replay(run))
    assert (
        _checked(client, clinic_id, run_id)
        == "✓ re-run from its stored settings: identical numbers"
    )


def _checked(client, clinic_id: int, run_id: int) -> str:
    """The run page only shows the stored numbers; its check button replays the run and says
    whether they are identical (in a message on the run page)."""
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    assert 'data-test="check-run"' in page and "identical numbers" not in page
    response = client.post(f"/clinics/{clinic_id}/runs/{run_id}/check")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/clinics/{clinic_id}/runs/{run_id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r'<p class="flash flash-\w+">([^<]*)</p>', page).group(1)


def test_run_form_stores_the_chosen_options(app, client, demo):
    clinic_id, _owner = demo
    response = client.post(
        f"/clinics/{clinic_id}/results/run",
        data={
            "method": "centroid",
            "n_factors": "2",
            "significance": "0.01",
            "rotation": "varimax",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        run = db.session.scalars(db.select(AnalysisRun).where(AnalysisRun.label == "run")).one()
        assert response.headers["Location"].endswith(f"/clinics/{clinic_id}/runs/{run.id}")
        assert run.settings["method"] == "centroid"
        assert run.settings["n_factors"] == 2
        assert run.settings["significance"] == 0.01
        assert run.result["n_factors"] == 2


def test_bad_run_option_is_refused_with_a_reason(app, client, demo):
    clinic_id, _owner = demo
    response = client.post(f"/clinics/{clinic_id}/results/run", data={"method": "magic"})
    assert response.status_code == 400
    assert "Method: Not a valid choice." in response.get_data(as_text=True)
    with app.app_context():  # only the automatic run (made when the demo was seeded)
        assert [r.label for r in db.session.scalars(db.select(AnalysisRun))] == ["auto"]


def _first_run(app, clinic_id, owner_id):
    with app.app_context():
        run = run_service.run_clinic_analysis(
            _clinic(clinic_id), db.session.get(Facilitator, owner_id)
        )
        return run.id, run.result


def test_manual_flag_changes_the_result_and_is_stored(app, client, demo):
    """Does toggling a flag by hand re-run the analysis and keep the flag in the stored run?"""
    clinic_id, owner_id = demo
    run_id, before = _first_run(app, clinic_id, owner_id)
    label = next(
        p for p, row in zip(before["participants"], before["flagged"], strict=True) if row[0]
    )
    response = client.post(f"/clinics/{clinic_id}/runs/{run_id}/flag", data={"cell": f"{label}:1"})
    assert response.status_code == 302
    with app.app_context():
        new = db.session.scalars(db.select(AnalysisRun).order_by(AnalysisRun.id.desc())).first()
        assert new.id != run_id
        assert new.settings["manual_flags"] == {label: []}
        i = new.result["participants"].index(label)
        assert new.result["flagged"][i][0] is False
        assert new.result["n_defining"][0] == before["n_defining"][0] - 1
        assert new.result["zscores"] != before["zscores"]
        assert run_service.reproduces(new, run_service.replay(new))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-test="hand-log"' in page


def test_rotation_changes_the_result_and_is_logged(app, client, demo):
    clinic_id, owner_id = demo
    run_id, before = _first_run(app, clinic_id, owner_id)
    response = client.post(
        f"/clinics/{clinic_id}/runs/{run_id}/rotate",
        data={"first": "1", "second": "2", "degrees": "20"},
    )
    assert response.status_code == 302
    with app.app_context():
        new = db.session.scalars(db.select(AnalysisRun).order_by(AnalysisRun.id.desc())).first()
        assert new.settings["judgmental_rotations"] == [{"first": 1, "second": 2, "degrees": 20.0}]
        assert new.result["loadings"] != before["loadings"]
        assert run_service.reproduces(new, run_service.replay(new))
    bad = client.post(
        f"/clinics/{clinic_id}/runs/{run_id}/rotate",
        data={"first": "1", "second": "1", "degrees": "20"},
    )
    assert bad.status_code == 400
    assert "Vertical: Choose two different viewpoints." in bad.get_data(as_text=True)


def test_stability_is_computed_on_request_and_kept(app, client, demo):
    clinic_id, owner_id = demo
    run_id, _result = _first_run(app, clinic_id, owner_id)
    response = client.post(f"/clinics/{clinic_id}/runs/{run_id}/stability")
    assert response.status_code == 302
    with app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        assert run.stability["n_resamples"] == run_service.STABILITY_RESAMPLES
        assert set(run.stability["factors"]) == {"1", "2", "3"}
        assert len(run.stability["flag_agreement"]) == 30
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    assert 'data-test="stability"' in page


def test_too_few_sorts_show_an_explanation(app, client, make_facilitator, make_clinic, auth):
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    auth.login(owner)
    page = client.get(f"/clinics/{clinic_id}/results")
    assert page.status_code == 200
    assert 'data-test="no-results"' in page.get_data(as_text=True)


def test_too_few_sorts_to_run_read_in_dutch(app, client, make_facilitator, make_clinic, auth):
    """Does a Dutch facilitator who asks for a run without sorts read why in Dutch? Yes (the
    reason was English before): the service's run.too_few_sorts, worded by the catalogue."""
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    auth.login(owner)
    client.post("/language", data={"lang": "nl"})
    data = {"method": "pca", "n_factors": "2", "significance": "0.05", "rotation": "varimax"}
    response = client.post(f"/clinics/{clinic_id}/results/run", data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "De analyse kon niet worden uitgevoerd: er zijn minstens 3 ingestuurde" in page
    with app.app_context():
        assert db.session.scalars(db.select(AnalysisRun)).all() == []


def test_stale_run_is_marked(app, client, demo):
    """After a sort is reopened, a hand-made run says it no longer covers the current sorts."""
    from qsort.services import live

    clinic_id, owner_id = demo
    client.post(f"/clinics/{clinic_id}/results/run", data={"n_factors": "3"})
    with app.app_context():
        clinic = _clinic(clinic_id)
        live.reopen_sort(clinic, db.session.get(Facilitator, owner_id), clinic.participants[0].id)
    page = client.get(f"/clinics/{clinic_id}/results").get_data(as_text=True)
    assert 'data-test="stale"' in page


def test_automatic_run_follows_new_sorts(app, client, demo):
    """Is the automatic run redone when sorts change? Yes: results follow the last submit."""
    from qsort.services import live

    clinic_id, owner_id = demo
    client.get(f"/clinics/{clinic_id}/results")
    with app.app_context():
        clinic = _clinic(clinic_id)
        live.remove_participant(
            clinic, db.session.get(Facilitator, owner_id), clinic.participants[0].id
        )
    client.get(f"/clinics/{clinic_id}/results")
    with app.app_context():
        runs = db.session.scalars(db.select(AnalysisRun).order_by(AnalysisRun.id)).all()
        assert [r.result["n_sorts"] for r in runs] == [30, 29]


def test_plotly_js_is_served_from_the_package_with_caching(client):
    response = client.get("/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert b"plotly" in response.data[:2000].lower()
    assert "max-age=31536000" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    again = client.get("/vendor/plotly.min.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("POST", "/flag"), ("POST", "/rotate"), ("POST", "/stability")],
)
def test_other_facilitator_cannot_reach_a_run(app, client, demo, make_facilitator, method, suffix):
    """Can another facilitator open or change a clinic's run? No: 404, nothing stored."""
    clinic_id, owner_id = demo
    run_id, _result = _first_run(app, clinic_id, owner_id)
    client.post("/logout")
    client.post("/login", data={"email": make_facilitator().email, "password": PASSWORD})
    with app.app_context():
        before = len(db.session.scalars(db.select(AnalysisRun)).all())
    response = client.open(f"/clinics/{clinic_id}/runs/{run_id}{suffix}", method=method)
    assert response.status_code == 404
    with app.app_context():
        assert len(db.session.scalars(db.select(AnalysisRun)).all()) == before
        assert db.session.get(AnalysisRun, run_id).stability is None


def test_exact_tie_warning_reaches_the_results_page(app, client, auth, make_facilitator):
    """When a centroid run meets an exact tie that decides its viewpoints (the tie study of
    tests/fixtures/pqmethod), does the results page say so, naming the sorts, in EN and NL?"""
    import io

    auth.login(make_facilitator())
    study = (FIXTURES / "pqmethod" / "tie.csv").read_bytes()
    imported = client.post(
        "/clinics/import/",
        data={"title": "Tie", "files": [(io.BytesIO(study), "sorts.csv")]},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302
    with app.app_context():
        clinic_id = db.session.scalars(db.select(Clinic).order_by(Clinic.id.desc())).first().id
    run = client.post(
        f"/clinics/{clinic_id}/results/run", data={"method": "centroid", "n_factors": "2"}
    )
    page = client.get(run.headers["Location"]).get_data(as_text=True)
    assert "The viewpoints depend on the order of the sorts: P5 and P6 tie exactly" in page
    client.post("/language", data={"lang": "nl"})
    page = client.get(run.headers["Location"]).get_data(as_text=True)
    assert "De gezichtspunten hangen af van de volgorde van de sorteringen: P5 en P6" in page
    pca = client.post(f"/clinics/{clinic_id}/results/run", data={"method": "pca", "n_factors": "2"})
    assert "De gezichtspunten hangen af" not in client.get(pca.headers["Location"]).get_data(
        as_text=True
    )


def test_check_of_a_changed_run_says_the_numbers_differ_and_stores_nothing(app, client, demo):
    """Does the check button notice stored numbers that a replay no longer gives, and leave
    every run as it was (the check stores nothing; the page shows the stored numbers)?"""
    clinic_id, owner_id = demo
    with app.app_context():
        run = run_service.run_clinic_analysis(
            _clinic(clinic_id), db.session.get(Facilitator, owner_id)
        )
        loadings = [[round(v + 0.25, 6) for v in row] for row in run.result["loadings"]]
        run.result = {**run.result, "loadings": loadings}
        db.session.commit()
        run_id = run.id
        before = [(r.id, r.result, r.settings) for r in db.session.scalars(db.select(AnalysisRun))]
    message = _checked(client, clinic_id, run_id)
    assert message == "re-run from its stored settings: the numbers differ (software changed?)"
    with app.app_context():
        after = [(r.id, r.result, r.settings) for r in db.session.scalars(db.select(AnalysisRun))]
    assert after == before


def test_a_run_stores_its_comparison_with_qmethod(app, demo):
    """Is the same run under qmethod's conventions stored with a qsort run (the report's notes
    read it), and none with a run that follows qmethod's conventions already?"""
    clinic_id, owner_id = demo
    with app.app_context():
        owner = db.session.get(Facilitator, owner_id)
        ours = run_service.run_clinic_analysis(_clinic(clinic_id), owner)
        theirs = run_service.run_clinic_analysis(
            _clinic(clinic_id), owner, run_service.RunRequest(conventions="qmethod")
        )
        reference = ours.result["qmethod_reference"]
        assert set(reference) == {"loadings", "factor_arrays"}
        shape = (len(ours.result["participants"]), ours.result["n_factors"])
        assert (len(reference["loadings"]), len(reference["loadings"][0])) == shape
        assert reference["factor_arrays"] == theirs.result["factor_arrays"]
        assert theirs.result["qmethod_reference"] is None
