"""A clinic (one workshop) with its texts in Dutch and English, grid and statements.

Each text a participant reads has a Dutch and an English column: the ``title``, the
``question`` (the condition of instruction: what the sort answers) and the ``instruction`` (the
facilitator's own words on how to sort, optional). One of the two may stay empty: the
``*_for(lang)`` accessors fall back to the other language.
"""

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qsort.domain import limits, phases
from qsort.domain.clinic_texts import TEXT_FIELDS, THEMES
from qsort.domain.grid import ForcedDistribution
from qsort.domain.phases import Phase
from qsort.extensions import db
from qsort.models._types import UtcDateTime, owned_rows, utcnow

if TYPE_CHECKING:
    from qsort.models.analysis_run import AnalysisRun
    from qsort.models.sort import Participant
    from qsort.models.user import Facilitator

DEFAULT_MAX_PARTICIPANTS = 100
MAX_PARTICIPANTS_LIMIT = 1000
#: The optional question asked at joining (e.g. "department"), for the priorities per group.
GROUP_QUESTION_FIELDS = ("group_question_nl", "group_question_en")
#: The question of an optional second round (same statements and grid); empty: one round.
ROUND_TWO_FIELDS = ("round2_question_nl", "round2_question_en")


def new_projector_token() -> str:
    return secrets.token_urlsafe(24)


class Clinic(db.Model):
    __tablename__ = "clinics"
    __table_args__ = (
        CheckConstraint("phase IN ('lobby', 'sorting', 'closed', 'revealed')", name="phase_known"),
        CheckConstraint("length(join_code) >= 4", name="join_code_length"),
        CheckConstraint(
            f"max_participants BETWEEN 1 AND {MAX_PARTICIPANTS_LIMIT}",
            name="max_participants_range",
        ),
        CheckConstraint("length(title_nl) > 0 OR length(title_en) > 0", name="title_given"),
        CheckConstraint("current_round IN (1, 2)", name="current_round_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("facilitators.id", ondelete="CASCADE"), index=True
    )
    title_nl: Mapped[str] = mapped_column(String(limits.MAX_TITLE_LENGTH), default="")
    title_en: Mapped[str] = mapped_column(String(limits.MAX_TITLE_LENGTH), default="")
    question_nl: Mapped[str] = mapped_column(Text, default="")
    question_en: Mapped[str] = mapped_column(Text, default="")
    instruction_nl: Mapped[str] = mapped_column(Text, default="")
    instruction_en: Mapped[str] = mapped_column(Text, default="")
    group_question_nl: Mapped[str] = mapped_column(
        String(limits.MAX_GROUP_QUESTION_LENGTH), default="", server_default=""
    )
    group_question_en: Mapped[str] = mapped_column(
        String(limits.MAX_GROUP_QUESTION_LENGTH), default="", server_default=""
    )
    # [{"value": -4, "height": 1}, ...] in ascending value order; see qsort.domain.grid.
    grid: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    phase: Mapped[str] = mapped_column(String(16), default=Phase.LOBBY.value)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # The read-only projector link /projector/<token>: a secret of its own, never the join code.
    projector_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_projector_token
    )
    timer_ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Joining stops at this many participants (set-up page); fake joins cannot flood a clinic.
    max_participants: Mapped[int] = mapped_column(
        default=DEFAULT_MAX_PARTICIPANTS, server_default=text(str(DEFAULT_MAX_PARTICIPANTS))
    )
    # The presenter: which reveal step the projector shows (qsort.services.presenter), and a
    # counter bumped by every presenter or moderation change (it feeds the projector's ETag).
    reveal_step: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    presenter_version: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # Sorting closes by itself when the timer reaches zero (qsort.services.live.close_due_timers).
    auto_close: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # The facilitator's free-choice group edits: {"merge": [...], "move": {...}, "names": {...}}
    # (qsort.narrative.answer_groups.apply_edits).
    free_choice_edits: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # A second round: the same statements and grid under its own condition of instruction
    # (``round2_question_*``); ``current_round`` is 2 once the facilitator started it, and
    # ``show_first_sort`` shows each participant their round-1 sort for reference.
    round2_question_nl: Mapped[str] = mapped_column(Text, default="", server_default="")
    round2_question_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    current_round: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    show_first_sort: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    owner: Mapped["Facilitator"] = relationship(back_populates="clinics")
    statements: Mapped[list["Statement"]] = owned_rows("clinic", "Statement.position")
    participants: Mapped[list["Participant"]] = owned_rows("clinic", "Participant.id")
    analysis_runs: Mapped[list["AnalysisRun"]] = owned_rows("clinic", "AnalysisRun.id")

    @property
    def distribution(self) -> ForcedDistribution:
        return ForcedDistribution.from_json(self.grid)

    def timer_due(self, now: datetime) -> bool:
        """Whether sorting should be closed by the timer now (``auto_close`` and zero reached);
        the job runner closes it (qsort.services.live.close_due_timers), every request that
        changes a sort refuses it before then."""
        return phases.timer_due(self.phase, self.auto_close, self.timer_ends_at, now)

    def _text_for(self, field: str, lang: str) -> str:
        """``field`` in ``lang``; the other language's text when that one is empty."""
        first = "nl" if lang == "nl" else "en"
        other = "en" if first == "nl" else "nl"
        return getattr(self, f"{field}_{first}") or getattr(self, f"{field}_{other}")

    def texts(self) -> dict[str, str]:
        """Every field of :data:`TEXT_FIELDS` with its stored text."""
        return {name: getattr(self, name) for name in TEXT_FIELDS}

    def title_for(self, lang: str) -> str:
        return self._text_for("title", lang)

    def question_for(self, lang: str) -> str:
        return self._text_for("question", lang)

    def instruction_for(self, lang: str) -> str:
        return self._text_for("instruction", lang)

    def round_question_for(self, round_number: int, lang: str) -> str:
        """The condition of instruction of round 1 or 2."""
        return self._text_for("round2_question" if round_number == 2 else "question", lang)

    @property
    def has_round_two(self) -> bool:
        """A second round is set up (its question given in either language)."""
        return bool(self.round2_question_nl or self.round2_question_en)

    def group_question_for(self, lang: str) -> str:
        """The joining question of the groups ("" when the clinic asks none)."""
        return self._text_for("group_question", lang)

    def __repr__(self) -> str:
        return f"<Clinic {self.id} {self.join_code}>"


class Statement(db.Model):
    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("clinic_id", "position"),
        UniqueConstraint("clinic_id", "code"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint(
            f"theme IS NULL OR theme IN ({', '.join(repr(theme) for theme in THEMES)})",
            name="theme_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(limits.MAX_CODE_LENGTH))
    text_nl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(16))

    clinic: Mapped[Clinic] = relationship(back_populates="statements")

    def text(self, lang: str) -> str:
        return self.text_nl if lang == "nl" else self.text_en

    def __repr__(self) -> str:
        return f"<Statement {self.code}>"
