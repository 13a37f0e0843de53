"""A run's viewpoint names: the facilitator's own name where one was given, else the generated one.

:func:`viewpoint_names` is the one source of a viewpoint's name for the results page, the
projector, the reports and the workbook. Generated names are the stored ``viewpoints`` entries'
``name_en`` / ``name_nl`` (:mod:`qsort.narrative.accounts`); names edited by the facilitator are
kept with the run, in its stored result under ``viewpoint_names``
(``{"1": {"en": "...", "nl": "..."}}``), so every download of the run carries them.
"""

from collections.abc import Mapping
from typing import Any

from qsort.extensions import db
from qsort.models import AnalysisRun, AuditEvent, Facilitator

LANGUAGES = ("en", "nl")
MAX_NAME_LENGTH = 120


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
