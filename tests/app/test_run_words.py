"""A stored analysis run carries the issue-16 contract: named viewpoints (NL and EN) with their
accounts, priorities, the automatic factor count's record, data-quality notes and the
free-choice groups, built from the clinic's own texts, comments, answers and sort times.

Expected values: the demo's planted viewpoints (each named after its own theme, in both
languages, with the preset's labels); durations, comments and answers set in the database.
"""

from datetime import timedelta

from qsort.extensions import db
from qsort.models import Clinic, Comment, Facilitator, Participant, QSort
from qsort.presets import CUSTOMER_FOCUS
from qsort.services import analysis_run as run_service
from qsort.services.demo import NAMES, VIEWPOINTS, seed_demo

THEME = {f"S{n:02d}": s.theme for n, s in enumerate(CUSTOMER_FOCUS.statements, start=1)}
LABEL = {f"S{n:02d}": s for n, s in enumerate(CUSTOMER_FOCUS.statements, start=1)}


def _planted_of(clinic: Clinic) -> dict[str, str]:
    group_of, start = {}, 0
    for viewpoint, count in VIEWPOINTS.items():
        group_of.update({name: viewpoint for name in NAMES[start : start + count]})
        start += count
    return {
        run_service.participant_label(p.id): group_of[p.display_name] for p in clinic.participants
    }


def _people(clinic: Clinic) -> dict[str, QSort]:
    return {p.display_name: p.q_sort for p in clinic.participants}


def test_stored_run_names_each_planted_viewpoint_in_both_languages(app):
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        run = run_service.run_clinic_analysis(clinic, info.facilitator)
        result, planted = run.result, _planted_of(clinic)
    themes = set()
    for viewpoint in result["viewpoints"]:
        defining = [p for p, row in zip(result["participants"], result["flagged"], strict=True)
                    if row[viewpoint["factor"] - 1]]  # fmt: skip
        (theme,) = {planted[p] for p in defining}
        first, second = viewpoint["name_statements"]
        assert THEME[first] == THEME[second] == theme
        assert viewpoint["name_en"] == f"{LABEL[first].label_en} and {LABEL[second].label_en}"
        assert viewpoint["name_nl"] == f"{LABEL[first].label_nl} en {LABEL[second].label_nl}"
        assert viewpoint["sentences_nl"] and viewpoint["sentences_en"]
        themes.add(theme)
    assert themes == set(VIEWPOINTS)
    assert result["priorities"]["room"]["n_sorts"] == 30
    assert result["factor_count_choice"]["n_factors"] == 3 == result["n_factors"]
    assert result["factor_count_choice"]["followed"][0]["aid"] == "parallel_analysis"
    assert result["quality_notes"]["n_fast"] == 0  # demo sorts have no tablet timings
    assert result["free_choice_groups"] == []


def test_comments_answers_and_sort_times_reach_the_run(app):
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        people = _people(clinic)
        code_of = {s.code: s.id for s in clinic.statements}
        for n, name in enumerate(NAMES[:8]):  # tablet sorts: about five minutes each ...
            sort = people[name]
            sort.idempotency_key, sort.submitted_at = (
                f"key-{n}",
                sort.created_at + timedelta(minutes=5),
            )
        people["Bram"].submitted_at = people["Bram"].created_at + timedelta(
            seconds=20
        )  # ... one in 20 s
        people["Anouk"].free_choice = "Plezier en fun"
        people["Chantal"].free_choice = "fun!"
        people["Daan"].free_choice = "De basis op orde"
        db.session.commit()
        first = run_service.run_clinic_analysis(clinic, info.facilitator)
        anouk = run_service.participant_label(people["Anouk"].participant_id)
        viewpoint = next(v for v in first.result["viewpoints"] if anouk in v["facts"]["defining"])
        card = viewpoint["facts"]["first"][0]["statement"]
        db.session.add(
            Comment(q_sort=people["Anouk"], statement_id=code_of[card], text="Hier draait het om")
        )
        db.session.commit()
        run = run_service.run_clinic_analysis(clinic, info.facilitator)
        result = run.result
        bram = run_service.participant_label(people["Bram"].participant_id)
    notes = result["quality_notes"]
    assert [f["participant"] for f in notes["fast"]] == [bram] and notes["fast"][0]["seconds"] == 20
    groups = {g["label"]: g["answer_ids"] for g in result["free_choice_groups"]}
    assert len(groups) == 2 and sorted(map(len, groups.values())) == [1, 2]
    viewpoint = next(v for v in result["viewpoints"] if anouk in v["facts"]["defining"])
    assert viewpoint["facts"]["comments"] == [
        {"statement": card, "participant": anouk, "text": "Hier draait het om"}
    ]
    assert any("commented on" in s for s in viewpoint["sentences_en"])


def test_stability_check_adds_the_stability_reading_to_the_accounts(app):
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        run = run_service.run_clinic_analysis(clinic, info.facilitator)
        before = [list(v["sentences_en"]) for v in run.result["viewpoints"]]
        run = run_service.add_stability(
            run, db.session.get(Facilitator, info.facilitator.id), resamples=30
        )
        run_id = run.id
    with app.app_context():
        stored = db.session.get(run_service.AnalysisRun, run_id)
        after = [v["sentences_en"] for v in stored.result["viewpoints"]]
        readings = [v["facts"]["stability"] for v in stored.result["viewpoints"]]
    assert all(len(a) > len(b) for a, b in zip(after, before, strict=True))
    assert all(r["source"] == "z_se" and r["salient_stable"] for r in readings)
    assert "z_se" in stored.stability["factors"]["1"]


def test_replay_still_reproduces_a_run_with_words(app):
    with app.app_context():
        info = seed_demo()
        run = run_service.run_clinic_analysis(
            db.session.get(Clinic, info.clinic.id), info.facilitator
        )
        assert run_service.reproduces(run, run_service.replay(run))
        assert db.session.scalar(db.select(db.func.count(Participant.id))) == 30
