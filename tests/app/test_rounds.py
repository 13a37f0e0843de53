"""A clinic with a second round: starting it, sorting again on the same session, the analysis
per round and the stored comparison, checked against a direct NumPy computation.

Expected values: computed in the test from the sorts it submits (NumPy means and standard
deviations; the t quantile t(0.975, 2) = 4.302652729911275 from tables / scipy.stats.t.ppf).
"""

import numpy as np
import pytest

from qsort.extensions import db
from qsort.models import AnalysisRun, AuditEvent, Clinic, Participant, QSort
from qsort.services import analysis_run
from tests.app.participants import join, open_clinic

T_975_DF2 = 4.302652729911275
ATOL = 1e-6  # the comparison is stored rounded to 6 decimals
NAMES = ("Team A", "Team B", "Team C")


def _columns(info, order):
    ids = iter(order)
    return {str(c.value): [next(ids) for _ in range(c.height)] for c in info["grid"].columns}


def _submit(client, order, info, key):
    assert client.get("/sort").status_code == 200  # the sort page of the current round
    sort_id = _current_sort_id(client)
    body = {"version": 50, "step": "review", "columns": _columns(info, order),
            "piles": {}, "comments": {}, "free_choice": ""}  # fmt: skip
    response = client.post(
        f"/api/sorts/{sort_id}/submit", json={"idempotency_key": key, "draft": body}
    )
    assert response.status_code == 200, response.json
    return sort_id


def _current_sort_id(client):
    with client.session_transaction() as session:
        pid = session["participant_id"]
    with client.application.app_context():
        return db.session.get(Participant, pid).current_sort().id


def _grid_values(info, order):
    values = {}
    for value, ids in _columns(info, order).items():
        for sid in ids:
            values[sid] = int(value)
    return np.array([values[sid] for sid in info["ids"]])


@pytest.fixture
def setup(app, make_facilitator, make_clinic, auth, client):
    owner = make_facilitator()
    clinic_id = make_clinic(owner)
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        clinic.round2_question_en = "How should it be?"
        db.session.commit()
    info = open_clinic(app, clinic_id)
    auth.login(owner)
    tablets = [app.test_client() for _ in NAMES]
    for tablet, name in zip(tablets, NAMES, strict=True):
        assert join(tablet, info["code"], name).status_code == 302
    return info, client, tablets


def _orders(ids, seed):
    rng = np.random.default_rng(seed)
    return [list(rng.permutation(ids)) for _ in NAMES]


def _submit_round(setup, number, tablets=None):
    """Every tablet (or the ``tablets`` given) submits its order for round ``number``."""
    info, _facilitator, everyone = setup
    orders = _orders(info["ids"], number)
    key = ("round-one", "round-two")[number - 1]
    chosen = everyone if tablets is None else tablets
    for n, (tablet, order) in enumerate(zip(chosen, orders, strict=tablets is None)):
        _submit(tablet, [int(i) for i in order], info, f"{key}-key-{n}")
    return orders


def _start_round_two(setup, data, closing=None):
    """Close round one (with ``closing`` form data) and start round two with ``data``."""
    info, facilitator, _tablets = setup
    cid = info["clinic_id"]
    facilitator.post(f"/clinics/{cid}/phase", data=closing or {"phase": "closed"})
    return facilitator.post(f"/clinics/{cid}/round-two", data=data)


def _two_rounds(app, setup, show_first=True):
    first = _submit_round(setup, 1)
    response = _start_round_two(setup, {"show_first": "1"} if show_first else {})
    assert response.status_code == 302
    second = _submit_round(setup, 2)
    return setup[0], first, second


def test_round_two_is_started_audited_and_sorted_on_the_same_session(app, setup):
    info, _facilitator, _tablets = setup
    _info, _first, _second = _two_rounds(app, setup)
    with app.app_context():
        clinic = db.session.get(Clinic, info["clinic_id"])
        assert clinic.current_round == 2 and clinic.show_first_sort
        sorts = db.session.scalars(db.select(QSort).order_by(QSort.participant_id, QSort.round))
        assert [(s.round, s.status) for s in sorts] == [(1, "submitted"), (2, "submitted")] * 3
        events = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "phase").order_by(AuditEvent.id)
        ).all()
        assert events[-1].detail == {"from": "closed", "to": "sorting", "round": 2,
                                     "show_first": True, "participants": 3}  # fmt: skip
        assert {r.round for r in db.session.scalars(db.select(AnalysisRun))} == {1, 2}


def test_round_two_page_shows_the_new_question_and_the_first_sort(app, setup):
    _info, _facilitator, tablets = setup
    _submit_round(setup, 1)
    thanks = tablets[0].get("/sort/thanks").get_data(as_text=True)
    assert 'data-test="round-two-coming"' in thanks and 'http-equiv="refresh"' in thanks
    _start_round_two(setup, {"show_first": "1"})
    assert tablets[0].get("/sort/thanks").headers["Location"].endswith("/sort")
    page = tablets[0].get("/sort").get_data(as_text=True)
    assert "How should it be?" in page and 'data-test="first-sort"' in page
    assert 'data-test="round"' in page


def test_without_the_option_the_first_sort_is_not_shown(app, setup):
    _info, _facilitator, tablets = setup
    _submit_round(setup, 1)
    _start_round_two(setup, {})
    page = tablets[0].get("/sort").get_data(as_text=True)
    assert "How should it be?" in page and 'data-test="first-sort"' not in page


def _stored_state(app, cid):
    with app.app_context():
        clinic = db.session.get(Clinic, cid)
        sorts = db.session.execute(
            db.select(QSort.participant_id, QSort.round, QSort.status, QSort.version).order_by(
                QSort.id
            )
        ).all()
        return clinic.current_round, clinic.phase, clinic.show_first_sort, sorts


def test_round_two_refused_while_round_one_is_sorting(app, setup):
    """Can round 2 start while round 1 is still open? No: refused, nothing stored changes."""
    info, facilitator, _tablets = setup
    cid = info["clinic_id"]
    before = _stored_state(app, cid)
    page = facilitator.post(f"/clinics/{cid}/round-two", data={"show_first": "1"},
                            follow_redirects=True)  # fmt: skip
    assert "once round 1" in page.get_data(as_text=True)
    assert _stored_state(app, cid) == before


def test_round_two_refused_without_its_question(app, setup):
    info, facilitator, _tablets = setup
    cid = info["clinic_id"]
    with app.app_context():
        db.session.get(Clinic, cid).round2_question_en = ""
        db.session.commit()
    facilitator.post(f"/clinics/{cid}/phase", data={"phase": "closed"})
    before = _stored_state(app, cid)
    page = facilitator.post(f"/clinics/{cid}/round-two", follow_redirects=True)
    assert "no second round" in page.get_data(as_text=True)
    assert _stored_state(app, cid) == before


def test_a_round_one_draft_cannot_be_saved_in_round_two(app, setup):
    """Someone who never submitted round 1: their draft stays as it was during round 2."""
    info, _facilitator, tablets = setup
    cid = info["clinic_id"]
    _submit_round(setup, 1, tablets[:2])
    _start_round_two(setup, {}, closing={"phase": "closed", "confirm": "yes"})
    late = _current_sort_id(tablets[2])
    before = _stored_state(app, cid)
    body = {"version": 9, "step": "grid", "columns": {}, "piles": {"unsorted": info["ids"]},
            "comments": {}, "free_choice": ""}  # fmt: skip
    response = tablets[2].post(f"/api/sorts/{late}/draft", json=body)
    assert response.status_code == 409 and response.json["error"] == "closed"
    assert response.json["message"]
    assert _stored_state(app, cid) == before


def test_comparison_matches_a_direct_numpy_computation(app, setup):
    info, first, second = _two_rounds(app, setup)
    a = np.array([_grid_values(info, [int(i) for i in o]) for o in first], dtype=float)
    b = np.array([_grid_values(info, [int(i) for i in o]) for o in second], dtype=float)
    d = b - a
    mean = d.mean(axis=0)
    half = T_975_DF2 * d.std(axis=0, ddof=1) / np.sqrt(3)
    r = [np.corrcoef(a[i], b[i])[0, 1] for i in range(3)]
    with app.app_context():
        clinic = db.session.get(Clinic, info["clinic_id"])
        stored = analysis_run.latest_run(clinic, 2).result["rounds"]
    assert stored["n_paired"] == 3
    rows = stored["statements"]
    np.testing.assert_allclose([x["shift"] for x in rows], mean, rtol=0, atol=ATOL)
    np.testing.assert_allclose([x["low"] for x in rows], mean - half, rtol=0, atol=ATOL)
    np.testing.assert_allclose([x["high"] for x in rows], mean + half, rtol=0, atol=ATOL)
    np.testing.assert_allclose([p["r"] for p in stored["participants"]], r, rtol=0, atol=ATOL)
    biggest = np.argsort(-np.abs(mean), kind="stable")[:5]
    with app.app_context():
        codes = [s.code for s in db.session.get(Clinic, info["clinic_id"]).statements]
    assert stored["moved_most"] == [codes[j] for j in biggest]


def test_results_page_shows_round_one_then_the_comparison(app, setup):
    info, facilitator, _tablets = setup
    _two_rounds(app, setup)
    page = facilitator.get(f"/clinics/{info['clinic_id']}/results").get_data(as_text=True)
    assert 'data-test="rounds-comparison"' in page
    assert "3 participants sorted both rounds" in page
    assert page.count('data-test="shift-row"') == len(info["ids"])
    assert page.count('data-test="mover"') == 3


def test_each_round_has_its_own_analysis_page(app, setup):
    info, facilitator, _tablets = setup
    _two_rounds(app, setup)
    cid = info["clinic_id"]
    one = facilitator.get(f"/clinics/{cid}/results").get_data(as_text=True)
    two = facilitator.get(f"/clinics/{cid}/results?round=2")
    assert two.status_code == 200
    two = two.get_data(as_text=True)
    with app.app_context():
        runs = {r.round: r.id for r in db.session.scalars(db.select(AnalysisRun))}
    assert f"Run {runs[1]}" in one and 'data-test="round-tab-2"' in one
    assert f"Run {runs[2]}" in two and "How should it be?" in two
    assert 'data-test="rounds-comparison"' in two
    assert facilitator.get(f"/clinics/{cid}/results?round=3").status_code == 404


def test_a_one_round_clinic_has_no_round_two_page(app, setup):
    info, facilitator, _tablets = setup
    cid = info["clinic_id"]
    assert facilitator.get(f"/clinics/{cid}/results?round=2").status_code == 404
    page = facilitator.get(f"/clinics/{cid}/results").get_data(as_text=True)
    assert 'data-test="round-tabs"' not in page


def _runs(app):
    with app.app_context():
        return {r.round: r.id for r in db.session.scalars(db.select(AnalysisRun))}


def test_each_round_downloads_as_its_own_study(app, setup):
    """CSV, PQMethod and KADE: one study per round, the file name and title say which."""
    info, first, second = _two_rounds(app, setup)
    _info, facilitator, _tablets = setup
    cid, runs = info["clinic_id"], _runs(app)
    for n, orders in ((1, first), (2, second)):
        response = facilitator.get(f"/clinics/{cid}/runs/{runs[n]}/download/csv")
        assert response.status_code == 200
        assert f"-round{n}-" in response.headers["Content-Disposition"]
        rows = response.get_data(as_text=True).strip().splitlines()[1:]
        got = sorted(tuple(int(v) for v in row.split(",")[1:]) for row in rows)
        expected = sorted(tuple(_grid_values(info, [int(i) for i in o])) for o in orders)
        assert got == expected
        dat = facilitator.get(f"/clinics/{cid}/runs/{runs[n]}/download/dat?lang=en").data
        assert f"round {n}".encode() in dat.splitlines()[0]


def test_round_two_report_compares_the_rounds_in_html_and_pdf(app, setup):
    import io

    from pypdf import PdfReader

    info, _first, _second = _two_rounds(app, setup)
    _info, facilitator, _tablets = setup
    cid, runs = info["clinic_id"], _runs(app)
    html = facilitator.get(f"/clinics/{cid}/runs/{runs[2]}/download/html?lang=en")
    page = html.get_data(as_text=True)
    assert "Round 1 vs round 2" in page and "Round 2 of 2" in page
    assert "How should it be?" in page and "3 participants sorted both rounds" in page
    with app.app_context():
        stored = db.session.get(AnalysisRun, runs[2]).result["rounds"]
    top = stored["statements"][[s["statement"] for s in stored["statements"]].index(
        stored["moved_most"][0])]  # fmt: skip
    shift = f"{'+' if top['shift'] > 0 else ''}{top['shift']:.2f}".replace("-", "\u2212")
    assert shift in page
    pdf = facilitator.get(f"/clinics/{cid}/runs/{runs[2]}/download/pdf?lang=en")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Round 1 vs round 2" in text and shift in text
    one = facilitator.get(f"/clinics/{cid}/runs/{runs[1]}/download/html?lang=en")
    assert "Round 1 of 2" in one.get_data(as_text=True)
    assert "Round 1 vs round 2" not in one.get_data(as_text=True)


def test_clinic_file_carries_both_rounds_and_imports_them_back(app, setup, make_facilitator):
    from qsort.models import Facilitator
    from qsort.services.clinic_file import import_clinic_document

    info, _first, _second = _two_rounds(app, setup)
    _info, facilitator, _tablets = setup
    document = facilitator.get(f"/clinics/{info['clinic_id']}/clinic-file.json").json
    assert document["clinic"]["current_round"] == 2
    assert all(p["round2_sort"]["status"] == "submitted" for p in document["participants"])
    assert sorted(r["round"] for r in document["analysis_runs"]) == [1, 2]
    other = make_facilitator("other@example.org")
    with app.app_context():
        copy = import_clinic_document(db.session.get(Facilitator, other.id), document)
        sorts = db.session.execute(
            db.select(QSort.round, QSort.status)
            .join(Participant, QSort.participant_id == Participant.id)
            .where(Participant.clinic_id == copy.id)
        ).all()
        assert sorted(sorts) == [(1, "submitted")] * 3 + [(2, "submitted")] * 3
        assert copy.current_round == 2 and copy.round2_question_en == "How should it be?"
        imported = {r.round: r for r in copy.analysis_runs}
        original = db.session.get(AnalysisRun, _runs(app)[2]).result["rounds"]
        assert imported[2].result["rounds"]["statements"] == original["statements"]
        labels = {f"p{p.id}" for p in copy.participants}
        assert {
            row["participant"] for row in imported[2].result["rounds"]["participants"]
        } == labels


def test_projector_shows_round_two_then_the_comparison_as_a_step_without_names(app, setup):
    info, _first, _second = _two_rounds(app, setup)
    _info, facilitator, _tablets = setup
    cid = info["clinic_id"]
    with app.app_context():
        token = db.session.get(Clinic, cid).projector_token
    facilitator.post(f"/clinics/{cid}/phase", data={"phase": "closed"})
    facilitator.post(f"/clinics/{cid}/phase", data={"phase": "revealed"})
    live = facilitator.get(f"/clinics/{cid}/live").get_data(as_text=True)
    assert "Round 1 vs round 2" in live  # the presenter's step list
    assert facilitator.post(f"/clinics/{cid}/reveal/step", data={"index": 1}).status_code == 302
    panel = facilitator.get(f"/projector/{token}/panel").get_data(as_text=True)
    assert 'data-step="rounds"' in panel and "How should it be?" in panel
    with app.app_context():
        stored = analysis_run.latest_run(db.session.get(Clinic, cid), 2).result["rounds"]
        texts = {s.code: s.text_en for s in db.session.get(Clinic, cid).statements}
    assert panel.count('data-test="move"') == len(stored["moved_most"])
    for code in stored["moved_most"]:
        assert texts[code] in panel
    for name in NAMES:
        assert name not in panel


def test_projector_says_round_two_while_it_is_sorted(app, setup):
    info, facilitator, _tablets = setup
    cid = info["clinic_id"]
    _submit_round(setup, 1)
    _start_round_two(setup, {})
    with app.app_context():
        token = db.session.get(Clinic, cid).projector_token
    panel = facilitator.get(f"/projector/{token}/panel").get_data(as_text=True)
    assert 'data-test="projector-round"' in panel and "How should it be?" in panel
    assert "0 of 3 done" in panel
