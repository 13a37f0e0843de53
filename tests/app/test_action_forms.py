"""The results and live forms refuse bad input by name (400, the field and the reason shown)
and store nothing: no silent fallback to "none", "automatic" or "en" (issue 15, item 4)."""

import re

import pytest
from wtforms import SelectChoice

from qsort.analysis import MAX_FACTORS
from qsort.extensions import db
from qsort.models import AnalysisRun, Clinic
from qsort.services import analysis_run as run_service
from qsort.services.demo import seed_demo
from qsort.views.action_forms import RunForm
from tests.helpers import named_cases
from tests.security.test_hostile_forms import snapshot


@pytest.fixture
def demo(app, client):
    """The demo clinic with its automatic run, its owner logged in."""
    with app.app_context():
        info = seed_demo()
        clinic_id, email, password = info.clinic.id, info.facilitator.email, info.password
        run_id = run_service.run_clinic_analysis(info.clinic, info.facilitator).id
    client.post("/login", data={"email": email, "password": password})
    return clinic_id, run_id


BETWEEN = f"Number must be between 1 and {MAX_FACTORS}."
REFUSED = [
    ("rotation-unknown", "results/run", {"rotation": "promax"}, "Rotation: Not a valid choice."),
    ("factors-text", "results/run", {"n_factors": "3x"}, "Viewpoints: Not a valid integer value."),
    ("factors-zero", "results/run", {"n_factors": "0"}, f"Viewpoints: {BETWEEN}"),
    ("factors-99", "results/run", {"n_factors": "99"}, f"Viewpoints: {BETWEEN}"),
    ("factors-negative", "results/run", {"n_factors": "-2"}, f"Viewpoints: {BETWEEN}"),
    ("conventions-unknown", "results/run", {"conventions": "spss"}, "Conventions: Not a valid choice."),
    ("method-unknown", "results/run", {"method": "ml"}, "Method: Not a valid choice."),
    ("significance-other", "results/run", {"significance": "0.1"}, "Significance: Not a valid choice."),
    ("flag-no-factor", "runs/{run}/flag", {"cell": "P01:"}, "Flag: Not a sort and a viewpoint."),
    ("flag-factor-zero", "runs/{run}/flag", {"cell": "P01:0"}, "Flag: Not a sort and a viewpoint."),
    ("rotate-angle-text", "runs/{run}/rotate", {"first": "1", "second": "2", "degrees": "ten"},
     "Angle: Not a valid float value."),
    ("rotate-angle-big", "runs/{run}/rotate", {"first": "1", "second": "2", "degrees": "181"},
     "Angle: Number must be between -180 and 180."),
    ("rotate-factor-zero", "runs/{run}/rotate", {"first": "0", "second": "2", "degrees": "5"},
     f"Horizontal: {BETWEEN}"),
    ("stability-few", "runs/{run}/stability", {"resamples": "5"}, "Resamples: Choose between 10 and 1000 resamples."),
    ("stability-text", "runs/{run}/stability", {"resamples": "many"},
     "Resamples: Not a valid integer value."),
    ("phase-unknown", "phase", {"phase": "finished"}, "Phase: Not a valid choice."),
    ("phase-missing", "phase", {}, "Phase: This field is required."),
    ("timer-negative", "timer", {"minutes": "-5"}, "Minutes: Number must be between 0 and 180."),
    ("timer-181", "timer", {"minutes": "181"}, "Minutes: Number must be between 0 and 180."),
    ("timer-text", "timer", {"minutes": "ten"}, "Minutes: Not a valid integer value."),
    ("step-move-unknown", "reveal/step", {"move": "sideways"}, "Step: Not a valid choice."),
    ("step-index-text", "reveal/step", {"index": "two"}, "Step: Not a valid integer value."),
    ("step-index-negative", "reveal/step", {"index": "-1"}, "Step: Number must be at least 0."),
    ("moderate-no-item", "moderation", {"kind": "comment", "status": "hidden"},
     "Text: This field is required."),
    ("moderate-long-item", "moderation", {"kind": "comment", "item": "1" * 33, "status": "hidden"},
     "Text: Field cannot be longer than 32 characters."),
    ("moderate-status", "moderation", {"kind": "comment", "item": "1", "status": "deleted"},
     "Decision: Not a valid choice."),
    ("merge-no-other", "themes/merge", {"group": "g1"}, "Merge with: This field is required."),
    ("split-no-answer", "themes/split", {}, "Answer: This field is required."),
    ("name-no-group", "themes/name", {"name": "Joy"}, "Group: This field is required."),
]  # fmt: skip


def assert_refused(app, client, url: str, data: dict, text: str) -> None:
    """POST ``data`` to ``url``: a 400 that shows ``text``, and nothing stored changes."""
    before = snapshot(app)
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert text in response.get_data(as_text=True)
    assert snapshot(app) == before


@named_cases(("action", "data", "reason"), REFUSED)
def test_a_refused_form_names_the_field_and_stores_nothing(app, client, demo, action, data, reason):
    clinic_id, run_id = demo
    url = f"/clinics/{clinic_id}/{action.format(run=run_id)}"
    assert_refused(app, client, url, data, f"Not accepted: {reason}")


def test_a_refusal_reads_in_dutch(app, client, demo):
    clinic_id, _run_id = demo
    client.post("/language", data={"lang": "nl"})
    url = f"/clinics/{clinic_id}/results/run"
    assert_refused(app, client, url, {"rotation": "promax"}, "Niet aanvaard: Rotatie: ")


def _runs(app, clinic_id) -> list[AnalysisRun]:
    with app.app_context():
        return list(db.session.get(Clinic, clinic_id).analysis_runs)


def test_valid_choices_are_stored_as_given(app, client, demo):
    """The accepted values reach the run unchanged (no fallback either way)."""
    clinic_id, _run_id = demo
    data = {"method": "centroid", "rotation": "none", "n_factors": "2", "significance": "0.01",
            "conventions": "qmethod"}  # fmt: skip
    response = client.post(f"/clinics/{clinic_id}/results/run", data=data)
    assert response.status_code == 302
    made = _runs(app, clinic_id)[-1]
    assert (made.result["method"], made.result["rotation"], made.result["n_factors"]) == (
        "centroid",
        "none",
        2,
    )
    assert (made.settings["significance"], made.settings["conventions"]) == (0.01, "qmethod")


def test_an_empty_factor_count_takes_the_suggestion(app, client, demo):
    clinic_id, _run_id = demo
    before = len(_runs(app, clinic_id))
    response = client.post(f"/clinics/{clinic_id}/results/run", data={"n_factors": ""})
    assert response.status_code == 302
    runs = _runs(app, clinic_id)
    assert len(runs) == before + 1 and runs[-1].result["factor_count_choice"] is not None
    response = client.post(f"/clinics/{clinic_id}/results/run", data={"n_factors": "2"})
    assert _runs(app, clinic_id)[-1].result["factor_count_choice"] is None


def test_every_refused_field_is_named(app, client, demo):
    clinic_id, _run_id = demo
    data = {"n_factors": "99", "rotation": "promax"}
    reason = f"Viewpoints: {BETWEEN} Rotation: Not a valid choice."
    assert_refused(app, client, f"/clinics/{clinic_id}/results/run", data, reason)


def test_a_large_report_in_an_unknown_language_is_refused(app, client, demo):
    """No fallback to English: the report job is not queued."""
    clinic_id, run_id = demo
    app.config["REPORT_JOB_MIN_SORTS"] = 10
    before = snapshot(app)
    url = f"/clinics/{clinic_id}/runs/{run_id}/download/pdf"
    assert_refused(app, client, url, {"lang": "fr"}, "Not accepted: Language: Not a valid choice.")
    assert client.post(url, data={"lang": "nl"}).status_code == 302
    assert snapshot(app) != before  # the same form with a known language queues the job


def _options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page).group(1)
    return re.findall(r'<option value="([^"]*)" (?:selected)?>([^<]*)</option>', select)


def test_the_run_form_offers_the_forms_choices(app, client, demo, monkeypatch):
    """The page's select options are RunForm's choices (values and words), and a choice added
    to the form appears on the page: they are not written by hand."""
    clinic_id, run_id = demo
    url = f"/clinics/{clinic_id}/runs/{run_id}"
    page = client.get(url).get_data(as_text=True)
    assert _options(page, "method") == [("pca", "principal components"), ("centroid", "centroid")]
    assert _options(page, "rotation") == [("varimax", "varimax"), ("none", "none")]
    assert _options(page, "significance") == [(p, f"p &lt; {p}") for p in ("0.05", "0.01", "0.001")]
    assert _options(page, "conventions") == [("qsort", "qsort"), ("qmethod", "qmethod 1.8.4")]
    assert [v for v, _ in _options(page, "n_factors")] == [str(n) for n in range(1, 8)]
    extra = [*RunForm.rotation.kwargs["choices"], SelectChoice("quartimax", "quartimax")]
    monkeypatch.setitem(RunForm.rotation.kwargs, "choices", extra)
    page = client.get(url).get_data(as_text=True)
    assert _options(page, "rotation")[-1] == ("quartimax", "quartimax")
