"""Clinic set-up use cases: create, edit, grid, statements, import, duplicate, delete.

Every function that changes data ends in exactly one commit and logs who did what.
"""

import csv
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qsort.domain.grid import PRESETS as GRID_PRESETS
from qsort.domain.grid import ForcedDistribution, validate_grid
from qsort.domain.limits import MAX_STATEMENTS, MAX_TEXT_LENGTH
from qsort.domain.phases import Phase
from qsort.domain.problems import Problem, ProblemError
from qsort.extensions import db
from qsort.models import Clinic, Facilitator, Participant, Statement
from qsort.models.clinic import (
    GROUP_QUESTION_FIELDS,
    ROUND_TWO_FIELDS,
    TEXT_FIELDS,
    THEMES,
)
from qsort.presets import PRESETS
from qsort.services.codes import JOIN_CODE_LENGTH, unique_code

log = logging.getLogger(__name__)


class ClinicError(ProblemError):
    """Why a change was refused, as a :class:`Problem` (``problem``) for the views to translate."""


@dataclass(frozen=True)
class StatementInput:
    """One edited or new statement row; ``id`` is None for a new one."""

    id: int | None
    text_nl: str
    text_en: str
    theme: str | None
    delete: bool = False


def owned_clinics(owner: Facilitator) -> Sequence[Clinic]:
    return db.session.scalars(
        db.select(Clinic).where(Clinic.owner_id == owner.id).order_by(Clinic.created_at.desc())
    ).all()


def has_participants(clinic: Clinic) -> bool:
    query = db.select(Participant.id).where(Participant.clinic_id == clinic.id).limit(1)
    return db.session.scalar(query) is not None


def create_clinic(
    owner: Facilitator,
    *,
    preset_key: str | None,
    grid_key: str,
    lang: str,
    title: str = "",
    titles: Mapping[str, str] | None = None,
) -> Clinic:
    """A new clinic in the lobby phase, filled from a preset (or empty).

    The title is ``titles`` (``{"nl": ..., "en": ...}``, one may be empty), or else ``title``
    in the language ``lang``; with neither, the preset's. A preset brings its question and
    instruction in both languages.
    """
    preset = PRESETS.get(preset_key) if preset_key else None
    given = dict(titles) if titles is not None else {lang: title}
    texts = {name: getattr(preset, name) if preset else "" for name in TEXT_FIELDS}
    titles_given = {f"title_{code}": (given.get(code) or "").strip() for code in ("nl", "en")}
    if any(titles_given.values()):  # else the preset's titles
        texts.update(titles_given)
    if not (texts["title_nl"] or texts["title_en"]):
        raise ClinicError("clinic.no_title")
    clinic = new_clinic(owner=owner, grid=GRID_PRESETS[grid_key].to_json(), **texts)
    if preset:
        for number, item in enumerate(preset.statements, start=1):
            clinic.statements.append(_new_statement(number, item.text_nl, item.text_en, item.theme))
    db.session.add(clinic)
    db.session.commit()
    log.info("clinic %s (%s) created by facilitator %s", clinic.id, preset_key, owner.id)
    return clinic


def new_clinic(**fields: Any) -> Clinic:
    """A clinic with ``fields`` and a join code no clinic holds yet, in the lobby unless
    ``fields`` give another phase; not added to the session."""
    code = unique_code(Clinic.join_code, JOIN_CODE_LENGTH)
    return Clinic(**{"phase": Phase.LOBBY, **fields}, join_code=code)


def _new_statement(
    number: int, text_nl: str, text_en: str, theme: str | None, code: str | None = None
) -> Statement:
    """Statement ``number`` (coded ``S01``, ``S02``, ... unless ``code`` is given)."""
    return Statement(
        position=number,
        code=code or f"S{number:02d}",
        text_nl=text_nl,
        text_en=text_en,
        theme=theme,
    )


def update_details(
    clinic: Clinic,
    actor: Facilitator,
    texts: Mapping[str, str],
    max_participants: int | None = None,
) -> None:
    """Store the clinic's texts (:data:`~qsort.models.clinic.TEXT_FIELDS`; a title is needed
    in at least one language), the joining question of the groups when given
    (:data:`~qsort.models.clinic.GROUP_QUESTION_FIELDS`) and, when given, its most participants."""
    cleaned = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
    if not (cleaned["title_nl"] or cleaned["title_en"]):
        raise ClinicError("clinic.no_title")
    for name, text in cleaned.items():
        setattr(clinic, name, text)
    for name in GROUP_QUESTION_FIELDS:
        if name in texts:
            setattr(clinic, name, " ".join((texts[name] or "").split()))
    for name in ROUND_TWO_FIELDS:  # the second round's question (empty: one round)
        if name in texts:
            setattr(clinic, name, (texts[name] or "").strip())
    if max_participants is not None:
        clinic.max_participants = max_participants
    db.session.commit()
    log.info("clinic %s details changed by facilitator %s", clinic.id, actor.id)


def set_grid(
    clinic: Clinic, actor: Facilitator, values: Sequence[int], heights: Sequence[int]
) -> list[Problem]:
    """Store the grid when it is valid for the clinic's statements; else return the errors."""
    errors = validate_grid(values, heights, len(clinic.statements))
    if errors:
        return errors
    grid = ForcedDistribution.from_lists(values, heights).to_json()
    if grid != clinic.grid and has_participants(clinic):
        raise ClinicError("clinic.grid_locked")
    clinic.grid = grid
    db.session.commit()
    log.info("clinic %s grid set to %s by facilitator %s", clinic.id, heights, actor.id)
    return []


def update_statements(clinic: Clinic, actor: Facilitator, rows: Sequence[StatementInput]) -> None:
    """Edit texts and themes, delete marked rows and append new ones, renumbering in order."""
    by_id = {s.id: s for s in clinic.statements}
    kept = [r for r in rows if not r.delete and (r.id is not None or r.text_nl or r.text_en)]
    changes_set = any(r.delete for r in rows if r.id is not None) or any(r.id is None for r in kept)
    if changes_set and has_participants(clinic):
        raise ClinicError("clinic.statements_locked")
    if any(r.id is not None and r.id not in by_id for r in rows):
        raise ClinicError("clinic.foreign_statement")
    if not kept:
        raise ClinicError("clinic.no_statement")
    for row in rows:
        if row.delete and row.id is not None:
            db.session.delete(by_id[row.id])
    db.session.flush()
    statements = []
    for row in kept:
        statement = by_id[row.id] if row.id is not None else Statement(code="")
        statement.text_nl, statement.text_en = row.text_nl.strip(), row.text_en.strip()
        statement.theme = row.theme or None
        statements.append(statement)
    _renumber(clinic, statements)
    db.session.commit()
    log.info("clinic %s statements edited by facilitator %s", clinic.id, actor.id)


def _renumber(clinic: Clinic, statements: list[Statement]) -> None:
    """Positions 1..n in the given order; two steps so the unique position never clashes."""
    existing = [s for s in statements if s.id is not None]
    for offset, statement in enumerate(existing, start=1):
        statement.position = 10_000 + offset
    db.session.flush()
    used = {s.code for s in existing}
    for number, statement in enumerate(statements, start=1):
        statement.position = number
        if not statement.code:
            statement.code = _free_code(used, number)
            used.add(statement.code)
        if statement.id is None:
            clinic.statements.append(statement)


def _free_code(used: set[str], number: int) -> str:
    while f"S{number:02d}" in used:
        number += 1
    return f"S{number:02d}"


def parse_statements_csv(data: bytes) -> tuple[list[StatementInput], list[Problem]]:
    """Rows from a UTF-8 CSV with ``text_nl,text_en[,theme]`` (or ``id,text``) columns."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem("clinic.csv_not_utf8")]
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), skipinitialspace=True)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        reader.fieldnames = header
        records = list(reader)
    except csv.Error:
        return [], [Problem("clinic.csv_invalid")]
    if not ({"text_nl", "text_en"} & set(header) or "text" in header):
        return [], [Problem("clinic.csv_header")]
    rows, errors = [], []
    for line, record in enumerate(records, start=2):
        single = (record.get("text") or "").strip()
        text_nl = (record.get("text_nl") or "").strip() or single
        text_en = (record.get("text_en") or "").strip() or single
        theme = (record.get("theme") or "").strip().lower() or None
        if not text_nl and not text_en:
            continue
        if not text_nl or not text_en:
            errors.append(Problem("clinic.csv_both_texts", {"line": line}))
        if theme is not None and theme not in THEMES:
            errors.append(Problem("clinic.csv_theme", {"line": line}))
        if max(len(text_nl), len(text_en)) > MAX_TEXT_LENGTH:
            errors.append(Problem("clinic.csv_too_long", {"line": line}))
        rows.append(StatementInput(None, text_nl, text_en, theme))
    if not errors and not 2 <= len(rows) <= MAX_STATEMENTS:
        errors.append(Problem("clinic.csv_count", {"max": MAX_STATEMENTS}))
    return rows, errors


def replace_statements(clinic: Clinic, actor: Facilitator, rows: Sequence[StatementInput]) -> None:
    """Replace all statements (CSV import); the grid is reset to fit when a preset fits."""
    if has_participants(clinic):
        raise ClinicError("clinic.replace_locked")
    for statement in list(clinic.statements):
        db.session.delete(statement)
    db.session.flush()
    db.session.expire(clinic, ["statements"])
    for number, row in enumerate(rows, start=1):
        clinic.statements.append(_new_statement(number, row.text_nl, row.text_en, row.theme))
    fitting = [g for g in GRID_PRESETS.values() if g.size == len(rows)]
    if fitting:
        clinic.grid = fitting[0].to_json()
    db.session.commit()
    log.info("clinic %s: %s statements imported by %s", clinic.id, len(rows), actor.id)


def duplicate_clinic(clinic: Clinic, actor: Facilitator, titles: Mapping[str, str]) -> Clinic:
    """A fresh copy in the lobby: same texts, grid and statements, no participants; the copy's
    title in each language is ``titles[lang]`` (a language without a title stays without)."""
    texts = clinic.texts()
    for code in ("nl", "en"):
        if texts[f"title_{code}"]:
            texts[f"title_{code}"] = titles[code][:200]
    copy = new_clinic(owner=actor, **texts, grid=list(clinic.grid))
    db.session.add(copy)
    copy.statements.extend(
        _new_statement(s.position, s.text_nl, s.text_en, s.theme, code=s.code)
        for s in clinic.statements
    )
    db.session.commit()
    log.info("clinic %s duplicated as %s by facilitator %s", clinic.id, copy.id, actor.id)
    return copy


def delete_clinic(clinic: Clinic, actor: Facilitator) -> None:
    clinic_id = clinic.id
    db.session.delete(clinic)
    db.session.commit()
    log.info("clinic %s deleted by facilitator %s", clinic_id, actor.id)
