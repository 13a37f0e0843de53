"""A run's viewpoint names: the facilitator's own name where one was given, else the generated one.

:func:`viewpoint_names` is the one source of a viewpoint's name for the results page, the
projector, the reports and the workbook. Generated names are the stored ``viewpoints`` entries'
``name_en`` / ``name_nl`` (:mod:`qsort.narrative.accounts`); names edited by the facilitator are
kept with the run, in its stored result under ``viewpoint_names``
(``{"1": {"en": "...", "nl": "..."}}``), so every download of the run carries them.
"""

from collections.abc import Mapping
from typing import Any

import numpy as np

from qsort.analysis.matching import matched_pairs
from qsort.extensions import db
from qsort.models import AnalysisRun, AuditEvent, Facilitator

LANGUAGES = ("en", "nl")
MAX_NAME_LENGTH = 120
#: The smallest correlation of two factors' scores for a name to follow from one to the other.
SAME_VIEWPOINT_R = 0.8


def generated_names(result: Mapping[str, Any], lang: str) -> dict[int, str]:
    """The names made from the numbers, ``{factor: name}`` (the other language as fallback)."""
    other = "nl" if lang == "en" else "en"
    names = {}
    for entry in result.get("viewpoints") or []:
        name = entry.get(f"name_{lang}") or entry.get(f"name_{other}")
        if name:
            names[int(entry["factor"])] = name
    return names


def viewpoint_names(result: Mapping[str, Any], lang: str) -> dict[int, str]:
    """``{factor: name}`` of a stored run's result in ``lang``: the edited name where there is
    one, else the generated one. Factors without defining sorts have no name (show them as
    "Viewpoint n")."""
    names = generated_names(result, lang)
    for factor, edited in (result.get("viewpoint_names") or {}).items():
        name = edited.get(lang) or edited.get("nl" if lang == "en" else "en")
        if name:
            names[int(factor)] = name
    return names


def edited_name(result: Mapping[str, Any], factor: int) -> dict[str, str]:
    """The facilitator's names of one viewpoint, ``{"en": ..., "nl": ...}`` (empty when none)."""
    return dict((result.get("viewpoint_names") or {}).get(str(factor), {}))


def nameable_factors(result: Mapping[str, Any]) -> set[int]:
    return {int(entry["factor"]) for entry in result.get("viewpoints") or []}


def carried_names(earlier: Mapping[str, Any], later: Mapping[str, Any]) -> dict[str, Any]:
    r"""The facilitator's names of an earlier run's viewpoints that a later run finds again
    (one more sort arrived, or the clinic was analysed again), as the keys to add to the later
    result: ``viewpoint_names`` and ``viewpoint_names_carried`` (``{later factor: {"factor":
    earlier factor, "r": correlation}}``); empty when no name carries.

    Factors are matched one-to-one on the absolute correlation of their factor scores
    (z-scores) over the statements both runs hold,
    :func:`qsort.analysis.matching.matched_pairs` (qsort's one matcher,
    :func:`scipy.optimize.linear_sum_assignment`); a name is carried only when
    :math:`|r| \ge 0.8` (``SAME_VIEWPOINT_R``) **and r is positive**, so a viewpoint that
    changed or is new gets its generated name instead. A match with r <= -0.8 is the mirror
    image: the later factor puts first what the named one put last (both runs turn each
    factor so its defining sorts load positively, so the sign is meaningful here). The
    demo's one-factor run is such a case (r = -0.82 with the viewpoint "want"); carrying
    that name would give the opposite view the facilitator's name for it.
    """
    edited = earlier.get("viewpoint_names") or {}
    shared = [s for s in later["statements"] if s in set(earlier["statements"])]
    if not edited or len(shared) < 3:
        return {}
    matches = matched_pairs(_scores(earlier, shared), _scores(later, shared), SAME_VIEWPOINT_R)
    names, carried = {}, {}
    for new, (old, r) in sorted(matches.items()):
        text = {lang: t for lang, t in edited.get(str(old + 1), {}).items() if t}
        if text and r > 0 and new + 1 in nameable_factors(later):
            names[str(new + 1)] = text
            carried[str(new + 1)] = {"factor": old + 1, "r": round(r, 4)}
    return {"viewpoint_names": names, "viewpoint_names_carried": carried} if names else {}


def _scores(result: Mapping[str, Any], statements: list[str]) -> np.ndarray:
    rows = dict(zip(result["statements"], result["zscores"], strict=True))
    return np.array([rows[s] for s in statements], dtype=float)


def rename_viewpoint(
    run: AnalysisRun, actor: Facilitator, factor: int, names: Mapping[str, str]
) -> None:
    """Store the facilitator's names of ``factor`` (empty texts: back to the generated name)
    with the run and record the change in the clinic's audit log (one commit)."""
    if factor not in nameable_factors(run.result):
        raise ValueError("no such viewpoint in this run")
    cleaned = {lang: " ".join(names.get(lang, "").split()) for lang in LANGUAGES}
    if any(len(text) > MAX_NAME_LENGTH for text in cleaned.values()):
        raise ValueError("name too long")
    before = edited_name(run.result, factor)
    stored = dict(run.result.get("viewpoint_names") or {})
    kept = {lang: text for lang, text in cleaned.items() if text}
    if kept:
        stored[str(factor)] = kept
    else:
        stored.pop(str(factor), None)
    run.result = {**run.result, "viewpoint_names": stored}
    detail = {"run_id": run.id, "factor": factor, "from": before, "to": kept}
    db.session.add(
        AuditEvent(
            clinic_id=run.clinic_id, actor_id=actor.id, action="viewpoint-name", detail=detail
        )
    )
    db.session.commit()
