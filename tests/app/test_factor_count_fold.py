"""The results page's fold with the aids for choosing the number of viewpoints, side by side:
every aid with what it suggests (the stored run's own figures), the viewpoint checks, and
which aids the automatic default followed; read from the stored run, the GET writes nothing."""

import re

import pytest

from qsort.analysis.factor_checks import side_by_side
from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic, Facilitator
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from tests.security.test_hostile_forms import snapshot

AIDS = ("parallel_analysis", "sorts_per_factor", "scree_acceleration", "kaiser", "humphrey",
        "significant_loadings")  # fmt: skip


@pytest.fixture
def demo(app, client):
    with app.app_context():
        info = seed_demo()
        clinic_id, owner_id = info.clinic.id, info.facilitator.id
        client.post("/login", data={"email": info.facilitator.email, "password": info.password})
    return clinic_id, owner_id


def _fold(page: str) -> str:
    match = re.search(r'<details class="factor-count".*?</details>', page, re.DOTALL)
    assert match, "the fold is missing"
    return match.group(0)


def _suggested(fold: str, key: str) -> int:
    row = re.search(rf'<tr data-aid="{key}"[^>]*><th scope="row">[^<]+</th><td>(\d+)</td>', fold)
    assert row, key
    return int(row.group(1))


def test_the_fold_shows_each_aid_and_what_the_default_followed(app, client, demo):
    clinic_id, _owner = demo
    with app.app_context():
        run = db.session.scalars(db.select(AnalysisRun).where(AnalysisRun.clinic_id == clinic_id)).one()  # fmt: skip
        result = run.result
    expected = side_by_side(result["factor_count_aids"], result["n_sorts"])
    assert expected == result["factor_count_choice"]["side_by_side"]
    before = snapshot(app)
    page = client.get(f"/clinics/{clinic_id}/results").get_data(as_text=True)
    assert snapshot(app) == before
    fold = _fold(page)
    for key in AIDS:
        assert _suggested(fold, key) == expected[key]
    assert expected["sorts_per_factor"] == result["n_sorts"] // 6
    followed = fold[fold.index('data-test="factor-count-followed"') :]
    assert f"How the automatic default chose {result['n_factors']}:" in followed
    assert f"It started from parallel analysis: {expected['parallel_analysis']}." in followed
    checks = result["factor_count_checks"]["viewpoints"]["factors"]
    assert fold.count("<tr><td>") == len(checks) == result["n_factors"]
    for f in checks:
        assert f"<tr><td>{f['factor']}</td>\n          <td>{f['defining_sorts']} " in fold


def test_a_count_chosen_by_hand_says_so_in_dutch_too(app, client, demo):
    clinic_id, owner_id = demo
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        request = run_service.RunRequest(n_factors=2)
        run = run_service.run_clinic_analysis(
            clinic, db.session.get(Facilitator, owner_id), request
        )
        run_id = run.id
    page = client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True)
    fold = _fold(page)
    assert "chosen by hand" in fold and "automatic default" not in fold
    assert fold.count("<tr><td>") == 2
    client.post("/language", data={"lang": "nl"})
    dutch = _fold(client.get(f"/clinics/{clinic_id}/runs/{run_id}").get_data(as_text=True))
    assert "met de hand gekozen" in dutch and "Parallelle analyse" in dutch
