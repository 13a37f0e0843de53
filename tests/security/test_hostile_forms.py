"""Hostile input to the forms and imports: join and resume (guessing is rate-limited), the
facilitator's forms, the study and statement imports, the results actions, the projector link.

Each case asserts the status, a readable reason, and that the stored data is unchanged
(a snapshot of every table's rows, taken before and compared after).
"""

import io
import json

import pytest
from sqlalchemy import select

from qsort.extensions import db
from qsort.models import Clinic
from tests.app.participants import join, open_clinic
from tests.helpers import named_cases

NUL = "a\x00b"


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table, as plain tuples, in primary-key order."""
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
            tables[table.name] = [tuple(map(repr, row)) for row in rows]
        return tables


@pytest.fixture
def owner(app, auth, make_facilitator, make_clinic):
    account = make_facilitator()
    auth.login(account)
    clinic_id = make_clinic(account)
    return account, clinic_id


# -- participants: join and resume ----------------------------------------------------------


JOIN_CASES = [
    ("empty-name", {"display_name": "", "team_size": "3", "language": "en"}),
    ("blank-name", {"display_name": "   ", "team_size": "3", "language": "en"}),
    ("name-too-long", {"display_name": "x" * 81, "team_size": "3", "language": "en"}),
    ("team-size-zero", {"display_name": "A", "team_size": "0", "language": "en"}),
    ("team-size-huge", {"display_name": "A", "team_size": str(2**70), "language": "en"}),
    ("team-size-text", {"display_name": "A", "team_size": "<b>4</b>", "language": "en"}),
    ("language-unknown", {"display_name": "A", "team_size": "3", "language": "fr"}),
    ("nul-in-name", {"display_name": NUL, "team_size": "3", "language": "en"}),
]


@named_cases("data", JOIN_CASES)
def test_hostile_join_form_creates_nobody(app, client, owner, data):
    code = open_clinic(app, owner[1])["code"]
    before = snapshot(app)
    response = client.post(f"/join/{code}", data=data)
    assert response.status_code in (400, 422)
    page = response.get_data(as_text=True)
    assert "error" in page or "field-error" in page or "null character" in page
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "code", ["ZZZZZZ", "' OR 1=1 --", "<script>alert(1)</script>", "x" * 300, "%00", "ÄÖ😀"]
)
def test_unknown_or_hostile_join_codes_are_404(app, client, owner, code):
    before = snapshot(app)
    response = client.get(f"/join/{code}")
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert client.get("/join", query_string={"code": code}).status_code in (200, 302)
    assert snapshot(app) == before


@pytest.fixture
def limited(make_app, make_facilitator, make_clinic):
    app = make_app(
        RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="5 per minute", RESUME_RATE_LIMIT="3 per minute",
        LOGIN_RATE_LIMIT="3 per minute",
    )  # fmt: skip
    return app


def test_join_code_guessing_is_rate_limited(limited):
    client = limited.test_client()
    answers = [client.get(f"/join/GUESS{n}").status_code for n in range(8)]
    assert answers[:5] == [404] * 5
    assert answers[5:] == [429] * 3
    response = client.get("/join/GUESS9", headers={"Accept": "application/json"})
    assert response.status_code == 429
    assert response.get_json()["message"].startswith("Too many attempts")
    assert "Retry-After" in response.headers
    page = client.get("/join/GUESSA")
    assert page.status_code == 429 and "Too many attempts" in page.get_data(as_text=True)


def test_resume_code_guessing_is_rate_limited(limited):
    client = limited.test_client()
    before = snapshot(limited)
    answers = [
        client.post("/resume", data={"resume_code": f"ABCD{n:04d}"}).status_code for n in range(5)
    ]
    assert answers == [422, 422, 422, 429, 429]
    assert snapshot(limited) == before


def test_login_guessing_is_rate_limited(limited):
    client = limited.test_client()
    answers = [
        client.post("/login", data={"email": "x@example.org", "password": f"guess{n}"}).status_code
        for n in range(5)
    ]
    assert answers == [422, 422, 422, 429, 429]


@pytest.mark.parametrize("value", ["", "x" * 17, "<script>", "' OR ''='", NUL])
def test_hostile_resume_codes_are_refused(app, client, value):
    before = snapshot(app)
    response = client.post("/resume", data={"resume_code": value})
    assert response.status_code in (400, 422)
    assert snapshot(app) == before


# -- facilitator forms ----------------------------------------------------------------------


FACILITATOR_CASES = [
    ("title-too-long", "/clinics/{id}", {"title_nl": "t" * 201}),
    ("title-empty", "/clinics/{id}", {"title_nl": "", "title_en": " "}),
    ("question-too-long", "/clinics/{id}", {"title_nl": "T", "question_en": "i" * 501}),
    ("instruction-too-long", "/clinics/{id}", {"title_nl": "T", "instruction_en": "i" * 1001}),
    ("title-nul", "/clinics/{id}", {"title_en": NUL}),
    ("grid-garbage", "/clinics/{id}/grid", {"values": "a b c", "heights": "1 2", "submit": "1"}),
    ("grid-mismatch", "/clinics/{id}/grid", {"values": "-1 0 1", "heights": "1 2", "submit": "1"}),
    ("grid-huge", "/clinics/{id}/grid", {"values": str(2**70), "heights": "24", "submit": "1"}),
    ("grid-preset-unknown", "/clinics/{id}/grid", {"preset": "<script>", "apply": "1"}),
    ("new-preset-unknown", "/clinics/new", {"preset": "nope", "title_en": "X", "grid": "9"}),
    ("new-grid-unknown", "/clinics/new", {"preset": "customer-focus", "title_nl": "X", "grid": "99"}),
    ("statement-too-long", "/clinics/{id}/statements",
     {"rows-0-statement_id": "", "rows-0-text_nl": "n" * 501, "rows-0-text_en": "e"}),
    ("statement-foreign-id", "/clinics/{id}/statements",
     {"rows-0-statement_id": "999999", "rows-0-text_nl": "n", "rows-0-text_en": "e"}),
    ("statement-id-text", "/clinics/{id}/statements",
     {"rows-0-statement_id": "<b>", "rows-0-text_nl": "n", "rows-0-text_en": "e"}),
    ("timer-text", "/clinics/{id}/timer", {"minutes": "ten"}),
    ("timer-huge", "/clinics/{id}/timer", {"minutes": str(10**12)}),
    ("phase-unknown", "/clinics/{id}/phase", {"phase": "<script>"}),
    ("delete-unconfirmed", "/clinics/{id}/delete", {}),
]  # fmt: skip


@named_cases(("path", "data"), FACILITATOR_CASES)
def test_hostile_facilitator_form_changes_nothing(app, client, owner, path, data):
    _account, clinic_id = owner
    before = snapshot(app)
    response = client.post(path.format(id=clinic_id), data=data)
    assert response.status_code in (302, 400, 422), response.status_code
    if response.status_code == 302:  # refused with a flash message, e.g. the timer or phase
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "flash-error" in page or "flash" in page
    assert snapshot(app) == before


def test_another_facilitators_clinic_is_404_for_every_action(
    app, client, owner, make_facilitator, make_clinic
):
    """Can a facilitator reach another's clinic by its id? No: 404 on every page and action."""
    stranger_clinic = make_clinic(make_facilitator())
    before = snapshot(app)
    for method, path in [
        ("get", "/clinics/{id}"), ("post", "/clinics/{id}"), ("get", "/clinics/{id}/statements"),
        ("get", "/clinics/{id}/grid"), ("post", "/clinics/{id}/grid"), ("post", "/clinics/{id}/import"),
        ("post", "/clinics/{id}/duplicate"), ("post", "/clinics/{id}/delete"),
        ("get", "/clinics/{id}/qr.svg"), ("get", "/clinics/{id}/clinic-file.json"),
        ("get", "/clinics/{id}/live"), ("get", "/clinics/{id}/live.json"), ("get", "/clinics/{id}/live/roster"),
        ("post", "/clinics/{id}/phase"), ("post", "/clinics/{id}/timer"),
        ("post", "/clinics/{id}/participants/1/reopen"), ("post", "/clinics/{id}/participants/1/remove"),
        ("post", "/clinics/{id}/projector/renew"), ("get", "/clinics/{id}/projector"),
        ("get", "/clinics/{id}/results"), ("post", "/clinics/{id}/results/run"),
        ("get", "/clinics/{id}/runs/1"), ("post", "/clinics/{id}/runs/1/flag"),
        ("post", "/clinics/{id}/runs/1/rotate"), ("post", "/clinics/{id}/runs/1/stability"),
    ]:  # fmt: skip
        response = getattr(client, method)(path.format(id=stranger_clinic), data={"confirm": "yes"})
        assert response.status_code == 404, (method, path)
    assert snapshot(app) == before


# -- imports --------------------------------------------------------------------------------


def _upload(client, files, url="/clinics/import/"):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(url, data=data, content_type="multipart/form-data")


IMPORT_CASES = [
    ("not-a-study-file", [("evil.exe", b"MZ\x90\x00")]),
    ("empty-csv", [("sorts.csv", b"")]),
    ("csv-header-only", [("sorts.csv", b"participant,s1,s2\n")]),
    ("csv-not-utf8", [("sorts.csv", "participant,s1\nAnne,1\n".encode("utf-16"))]),
    ("csv-values-text", [("sorts.csv", b"participant,s1,s2,s3\nA,x,y,z\nB,1,0,-1\n")]),
    ("csv-ragged", [("sorts.csv", b"participant,s1,s2,s3\nA,1,0\nB,1,0,-1,4\n")]),
    ("csv-huge-values", [("sorts.csv", f"participant,s1,s2,s3\nA,{2**70},0,-1\nB,1,0,-1\n".encode())]),
    ("csv-statement-twice", [("sorts.csv", b"participant,s1,s1,s2\nA,1,0,-1\nB,-1,0,1\n")]),
    ("csv-formula-name", [("sorts.csv", b"participant,s1,s2,s3\n=cmd|' /C calc'!A0,1,0,-1\n")]),
    ("dat-garbage", [("study.dat", b"this is not a PQMethod file\n")]),
    ("dat-counts-wrong", [("study.dat", b"  0  2  3 T\n -1  1  0  0  0  0  0  1  1  1  0  0  0  0  0  0  0  0  0  0  0  0\nA          1 0-1\n")]),
    ("dat-nul", [("study.dat", b"  0\x00 2  3 T\n")]),
    ("json-malformed", [("study.json", b'{"a": ')]),
    ("json-array", [("study.json", b"[1, 2, 3]")]),
    ("json-deep", [("study.json", b"[" * 50000 + b"]" * 50000)]),
    ("htmlq-bad-sort", [("study.json", json.dumps({"r1": {"sort": "1|x|3"}}).encode())]),
    ("clinic-file-wrong-types", [("clinic.json", json.dumps({"kind": "qsort-clinic", "version": 1, "statements": "many", "grid": 5}).encode())]),
    ("clinic-file-future-version", [("clinic.json", json.dumps({"kind": "qsort-clinic", "version": 999}).encode())]),
    ("clinic-file-format-key", [("clinic.json", json.dumps({"format": "qsort-clinic", "version": 1, "statements": "many"}).encode())]),
]  # fmt: skip


@named_cases("files", IMPORT_CASES)
def test_hostile_study_import_creates_nothing(app, client, owner, files):
    before = snapshot(app)
    response = _upload(client, files)
    if sum(len(content) for _name, content in files) >= app.config["IMPORT_JOB_MIN_BYTES"]:
        # a large upload is imported by a job: the POST answers with its page at once, and
        # the job's page gives the refusal (the job ran inline here)
        assert response.status_code == 302, response.status_code
        response = client.get(response.headers["Location"])
        assert response.status_code == 200
    else:
        assert response.status_code in (400, 422), response.status_code
    page = response.get_data(as_text=True)
    assert 'class="error' in page or "null character" in page or "form-error" in page, page
    after = snapshot(app)
    after.pop("jobs", None), before.pop("jobs", None)  # the job itself, and its outcome
    assert after == before


STATEMENT_IMPORT_CASES = [
    ("not-utf8", b"\xff\xfe\x00t\x00e"),
    ("no-header", b"just one line\n"),
    ("too-long", ("text_nl,text_en\n" + "n" * 600 + ",e\nb,c\n").encode()),
    ("one-row", b"text_nl,text_en\na,b\n"),
    ("bad-theme", b"text_nl,text_en,theme\na,b,<script>\nc,d,want\n"),
    ("nul", b"text_nl,text_en\na\x00,b\nc,d\n"),
    ("unterminated-quote", b'text_nl,text_en\n"a,b\nc,d\n'),
]


@named_cases("content", STATEMENT_IMPORT_CASES)
def test_hostile_statement_import_changes_nothing(app, client, owner, content):
    _account, clinic_id = owner
    before = snapshot(app)
    response = client.post(
        f"/clinics/{clinic_id}/import",
        data={"file": (io.BytesIO(content), "statements.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (400, 422)
    assert snapshot(app) == before


def test_upload_over_the_size_limit_is_413_and_changes_nothing(make_app, make_facilitator):
    app = make_app(MAX_CONTENT_LENGTH=64 * 1024)
    account = make_facilitator()
    client = app.test_client()
    client.post("/login", data={"email": account.email, "password": account.password})
    before = snapshot(app)
    response = _upload(client, [("sorts.csv", b"participant,s1\n" + b"A,1\n" * 40000)])
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert snapshot(app) == before


# -- results actions and the projector link --------------------------------------------------


@pytest.fixture
def results_clinic(app, client):
    from qsort.services.demo import seed_demo

    with app.app_context():
        info = seed_demo()
        clinic_id, email, password = info.clinic.id, info.facilitator.email, info.password
    client.post("/login", data={"email": email, "password": password})
    page = client.get(f"/clinics/{clinic_id}/results")
    assert page.status_code == 200
    with app.app_context():
        run_id = db.session.get(Clinic, clinic_id).analysis_runs[-1].id
    return clinic_id, run_id


RESULTS_CASES = [  # refused by the form (400, the field named) or by the analysis (302, flash)
    ("run-method-unknown", "results/run", {"method": "<script>"}, 400, "Method"),
    ("run-significance-text", "results/run", {"significance": "abc"}, 400, "Significance"),
    ("run-significance-nan", "results/run", {"significance": "nan"}, 400, "Significance"),
    ("run-factors-huge", "results/run", {"n_factors": str(10**9)}, 400, "Viewpoints"),
    ("flag-no-cell", "runs/{run}/flag", {}, 400, "Flag"),
    ("flag-bad-factor", "runs/{run}/flag", {"cell": "P01:x"}, 400, "Flag"),
    ("flag-unknown-sort", "runs/{run}/flag", {"cell": "<img src=x onerror=alert(1)>:1"}, 302, ""),
    ("flag-factor-huge", "runs/{run}/flag", {"cell": f"P01:{2**70}"}, 400, "Flag"),
    ("rotate-missing", "runs/{run}/rotate", {}, 400, "Horizontal"),
    ("rotate-nan", "runs/{run}/rotate", {"first": "1", "second": "2", "degrees": "nan"}, 400, "Angle"),
    ("rotate-inf", "runs/{run}/rotate", {"first": "1", "second": "2", "degrees": "inf"}, 400, "Angle"),
    ("rotate-same", "runs/{run}/rotate", {"first": "1", "second": "1", "degrees": "10"}, 400, "Vertical"),
    ("rotate-factor-out", "runs/{run}/rotate", {"first": "1", "second": "99", "degrees": "10"}, 400, "Vertical"),
]  # fmt: skip


@named_cases(("action", "data", "status", "field"), RESULTS_CASES)
def test_hostile_results_action_makes_no_run(
    app, client, results_clinic, action, data, status, field
):
    clinic_id, run_id = results_clinic
    before = snapshot(app)
    response = client.post(f"/clinics/{clinic_id}/{action.format(run=run_id)}", data=data)
    assert response.status_code == status
    if status == 400:
        assert f"Not accepted: {field}: " in response.get_data(as_text=True)
    else:
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "could not run" in page
    assert snapshot(app) == before


@pytest.mark.parametrize("token", ["wrong", "x" * 65, "<script>", "%00", "' OR 1=1 --"])
def test_a_wrong_projector_token_is_404(app, client, owner, token):
    for suffix in ("", "/panel", "/qr.svg"):
        response = app.test_client().get(f"/projector/{token}{suffix}")
        assert response.status_code == 404


def test_participant_cannot_reach_facilitator_pages(app, owner, client):
    _account, clinic_id = owner
    code = open_clinic(app, clinic_id)["code"]
    tablet = app.test_client()
    join(tablet, code)
    for path in (f"/clinics/{clinic_id}/live", f"/clinics/{clinic_id}/results", "/clinics/"):
        response = tablet.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


# -- successful joins, the clinic's maximum, the resume cookie ---------------------------------


def test_successful_joins_from_one_address_are_limited(make_app, make_facilitator, make_clinic):
    """Can one device fill a clinic with fake participants? No: after JOIN_SUCCESS_RATE_LIMIT
    joins from its address the next is a 429 with a readable reason, and nobody is added."""
    app = make_app(RATELIMIT_ENABLED=True, JOIN_SUCCESS_RATE_LIMIT="3 per minute")
    code = open_clinic(app, make_clinic(make_facilitator()))["code"]
    answers = [join(app.test_client(), code, name=f"Fake {n}").status_code for n in range(3)]
    assert answers == [302, 302, 302]
    before = snapshot(app)
    refused = join(app.test_client(), code, name="Fake 4")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert snapshot(app) == before


def test_a_full_clinic_refuses_the_next_join(app, make_facilitator, make_clinic):
    clinic_id = make_clinic(make_facilitator())
    with app.app_context():
        db.session.get(Clinic, clinic_id).max_participants = 2
        db.session.commit()
    code = open_clinic(app, clinic_id)["code"]
    assert [join(app.test_client(), code, name=f"T{n}").status_code for n in range(2)] == [302] * 2
    before = snapshot(app)
    for lang in ("en", "nl"):
        response = app.test_client().post(
            f"/join/{code}", data={"display_name": "T3", "team_size": "1", "language": lang},
            headers={"Accept-Language": lang},
        )  # fmt: skip
        assert response.status_code == 409
        page = response.get_data(as_text=True)
        expected = "This clinic is full" if lang == "en" else "Deze clinic is vol"
        assert expected in page and "2" in page
    assert snapshot(app) == before


def test_the_maximum_is_shown_and_changed_on_the_set_up_page(client, owner, app):
    _account, clinic_id = owner
    page = client.get(f"/clinics/{clinic_id}").get_data(as_text=True)
    assert 'name="max_participants"' in page and 'value="100"' in page
    data = {
        "title": "Test clinic",
        "instruction_nl": "",
        "instruction_en": "",
        "max_participants": "30",
    }
    assert client.post(f"/clinics/{clinic_id}", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Clinic, clinic_id).max_participants == 30
    before = snapshot(app)
    for bad in ("0", "1001", "-1", "x"):
        response = client.post(f"/clinics/{clinic_id}", data={**data, "max_participants": bad})
        assert response.status_code == 422
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "path", ["/api/sort/status", "/sort", "/sort/thanks", "/api/sorts/1/draft"]
)
def test_resume_cookie_guessing_is_limited_on_every_endpoint(limited, path):
    """Does the qsort_resume cookie bypass the resume limit? No: failed cookie look-ups count
    like failed /resume attempts (3 per minute here), on every endpoint that reads it."""
    before = snapshot(limited)
    answers = []
    for n in range(5):
        client = limited.test_client()
        client.set_cookie("qsort_resume", f"ABCD{n:04d}", domain="qsort.test")
        answers.append(client.get(path).status_code)
    assert answers[3:] == [429, 429] and 429 not in answers[:3]
    assert snapshot(limited) == before


def test_form_and_cookie_guesses_share_one_limit(limited):
    client = limited.test_client()
    statuses = [
        client.post("/resume", data={"resume_code": "ABCD0000"}).status_code for _ in range(2)
    ]
    for guess in ("ABCD0001", "ABCD0002"):
        client.set_cookie("qsort_resume", guess, domain="qsort.test")
        response = client.get("/api/sort/status")
        statuses.append(response.status_code)
        if response.status_code == 404:  # a cookie that names nobody is deleted
            assert "qsort_resume=;" in response.headers["Set-Cookie"]
    assert statuses == [422, 422, 404, 429]
