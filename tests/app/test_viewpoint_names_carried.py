"""A viewpoint name the facilitator edited follows the viewpoint into later runs (one more
sort arrives, a re-analysis, a flag toggled), matched on the factor scores; checked on the
demo's planted viewpoints: a carried name lands on the factor whose defining sorts come from
the same planted viewpoint."""

import random
from collections import Counter
from datetime import UTC, datetime

import numpy as np

from qsort.extensions import db
from qsort.models import Clinic, Facilitator, Participant, Placement, QSort
from qsort.services import analysis_run as run_service
from qsort.services.demo import SEED, onto_grid, seed_demo, viewpoint_scores
from qsort.services.participants import new_participant
from qsort.services.run_downloads import run_download
from qsort.services.viewpoint_names import rename_viewpoint, viewpoint_names
from tests.app.test_run_words import _planted_of


def _planted_factor(result: dict, planted: dict[str, str], pure: bool = True) -> dict[int, str]:
    """factor -> the planted viewpoint its defining sorts come from (``pure``: all of them,
    else most of them)."""
    found = {}
    for f in range(1, result["n_factors"] + 1):
        kinds = Counter(planted[p] for p, row in zip(result["participants"], result["flagged"],
                                                     strict=True) if row[f - 1])  # fmt: skip
        if kinds:
            assert len(kinds) == 1 or not pure, kinds
            found[f] = kinds.most_common(1)[0][0]
    return found


def _add_sort(clinic: Clinic, viewpoint: str) -> Participant:
    ideal = viewpoint_scores(random.Random(SEED))[viewpoint]
    rng = random.Random(99)
    scores = [s + rng.gauss(0, 1.1) for s in ideal]
    slots = list(zip(clinic.statements, onto_grid(scores, clinic.distribution), strict=True))
    with db.session.no_autoflush:
        person = new_participant(clinic=clinic, display_name="Late team")
        q_sort = QSort(participant=person, status="submitted", submitted_at=datetime.now(UTC))
        for statement, (value, position) in slots:
            q_sort.placements.append(Placement(statement=statement, column_value=value, position=position))  # fmt: skip
        db.session.add(person)
    db.session.commit()
    return person


def _r(earlier: dict, later: dict, old: int, new: int) -> float:
    z_old = np.array([row[old - 1] for row in earlier["zscores"]], dtype=float)
    z_new = np.array([row[new - 1] for row in later["zscores"]], dtype=float)
    return float(np.corrcoef(z_old, z_new)[0, 1])


def test_edited_names_follow_their_viewpoints_into_later_runs(app):
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        owner = db.session.get(Facilitator, info.facilitator.id)
        first = run_service.run_clinic_analysis(clinic, owner)
        planted = _planted_of(clinic)
        kind_of = _planted_factor(first.result, planted)
        mine = {kind: (f"Our {kind} view", f"Onze {kind}-kijk") for kind in kind_of.values()}
        for factor, kind in kind_of.items():
            rename_viewpoint(first, owner, factor, dict(zip(("en", "nl"), mine[kind], strict=True)))  # fmt: skip

        late = _add_sort(clinic, "able")
        planted[run_service.participant_label(late.id)] = "able"
        second = run_service.run_clinic_analysis(clinic, owner)
        assert second.result["n_sorts"] == 31
        for lang, k in (("en", 0), ("nl", 1)):
            names = viewpoint_names(second.result, lang)
            kinds = _planted_factor(second.result, planted)
            assert names == {f: mine[kind][k] for f, kind in kinds.items()}
        carried = second.result["viewpoint_names_carried"]
        assert set(carried) == {"1", "2", "3"}
        for new, match in carried.items():
            assert match["r"] == round(
                _r(first.result, second.result, match["factor"], int(new)), 4
            )
            assert abs(match["r"]) >= 0.8

        again = run_service.run_clinic_analysis(clinic, owner, run_service.RunRequest(method="centroid", n_factors=3))  # fmt: skip
        kinds = _planted_factor(again.result, planted, pure=False)
        for new in again.result["viewpoint_names_carried"]:
            assert viewpoint_names(again.result, "en")[int(new)] == mine[kinds[int(new)]][0]
        report = run_download(again, clinic, "html", "nl")[0].decode()
        assert mine[kinds[int(next(iter(again.result["viewpoint_names_carried"])))]][1] in report

        toggled = run_service.toggle_flag(second, owner, second.result["participants"][0], 1)
        assert viewpoint_names(toggled.result, "en") == viewpoint_names(second.result, "en")


def test_a_changed_or_mirrored_viewpoint_keeps_its_generated_name(app):
    """Two viewpoints instead of three: the third name has no factor left (one to one). One
    viewpoint: its scores are the mirror image of a named one (r <= -0.8), the opposite view,
    so that name is not carried either."""
    with app.app_context():
        info = seed_demo()
        clinic = db.session.get(Clinic, info.clinic.id)
        owner = db.session.get(Facilitator, info.facilitator.id)
        first = run_service.run_clinic_analysis(clinic, owner)
        mine = {f: {"en": f"Named {f}", "nl": f"Genoemd {f}"} for f in (1, 2, 3)}
        for f, names in mine.items():
            rename_viewpoint(first, owner, f, names)
        one = run_service.run_clinic_analysis(clinic, owner, run_service.RunRequest(n_factors=1))
        r = [_r(first.result, one.result, f, 1) for f in (1, 2, 3)]
        assert min(r) <= -0.8 and max(r) < 0.8  # only a mirror image is that close
        assert "viewpoint_names" not in one.result
        generated = {v["factor"]: v["name_en"] for v in one.result["viewpoints"]}
        assert viewpoint_names(one.result, "en") == generated
        # the latest run is named again (a flag toggled on the first run keeps its names) ...
        toggled = run_service.toggle_flag(first, owner, first.result["participants"][0], 1)
        assert toggled.result["viewpoint_names"] == first.result["viewpoint_names"]
        # ... and two viewpoints instead of three take two of the three names
        two = run_service.run_clinic_analysis(clinic, owner, run_service.RunRequest(n_factors=2))
        carried = two.result["viewpoint_names_carried"]
        assert len(carried) == 2 and len({m["factor"] for m in carried.values()}) == 2
        for new, match in carried.items():
            assert two.result["viewpoint_names"][new] == mine[match["factor"]]
            assert match["r"] >= 0.8
