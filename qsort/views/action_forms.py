"""Flask-WTF forms of the results and live actions: every choice and range is checked, nothing
falls back silently (issue 15, item 4). A refused form names its field and the reason
(:func:`refusal`); the view answers 400 and stores nothing.

The bounds come from where the fact lives: the number of factors from
:data:`qsort.analysis.MAX_FACTORS`, the timer from :data:`qsort.services.live.MAX_TIMER_MINUTES`,
the phases from :data:`qsort.domain.phases.PHASES`.
"""

import math

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from qsort.analysis import MAX_FACTORS, METHODS, ROTATIONS
from qsort.domain.phases import PHASES
from qsort.models.moderation import KINDS as MODERATION_KINDS
from qsort.models.moderation import STATUSES as MODERATION_STATUSES
from qsort.models.moderation import Moderation
from qsort.services.live import MAX_TIMER_MINUTES
from qsort.views.results_context import SIGNIFICANCE_CHOICES

RUN_CONVENTIONS = ("qsort", "qmethod")
REPORT_LANGUAGES = ("nl", "en")
MAX_ANGLE = 180
ITEM_ID_LENGTH = Moderation.item_id.type.length  # answers and groups are named by such ids


def refusal(form: FlaskForm) -> str:
    """ "Viewpoints: Number must be between 1 and 7." for each refused field, in form order."""
    parts = [
        f"{field.label.text}: {error}"
        for field in form
        if field.name != "csrf_token"
        for error in field.errors
    ]
    return " ".join(parts)


def csrf_failed(form: FlaskForm) -> bool:
    """Only the CSRF token was refused: an expired page, not bad input."""
    return set(form.errors) == {"csrf_token"}


def _choices(values, labels=None) -> list[SelectChoice]:
    """A choice per value, labelled by ``labels`` where it has a word for it, else the value."""
    return [SelectChoice(v, (labels or {}).get(v, v)) for v in values]


def _factor_field(label) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=1, max=MAX_FACTORS)])


class RunForm(FlaskForm):
    """The run form of the results page; an empty factor count takes the suggestion. The
    page's select options are these choices (``options`` in ``templates/macros/forms.html``)."""

    method = SelectField(
        _l("Method"),
        choices=_choices(METHODS, {"pca": _l("principal components"), "centroid": _l("centroid")}),
        default="pca",
    )
    n_factors = IntegerField(
        _l("Viewpoints"), validators=[Optional(), NumberRange(min=1, max=MAX_FACTORS)]
    )
    rotation = SelectField(
        _l("Rotation"), choices=_choices(ROTATIONS, {"none": _l("none")}), default="varimax"
    )
    significance = SelectField(
        _l("Significance"),
        choices=[SelectChoice(p, f"p < {p}") for p in SIGNIFICANCE_CHOICES],
        coerce=float,
        default=SIGNIFICANCE_CHOICES[0],
    )
    conventions = SelectField(
        _l("Conventions"),
        choices=_choices(RUN_CONVENTIONS, {"qmethod": "qmethod 1.8.4"}),
        default="qsort",
    )


class FlagForm(FlaskForm):
    """One sort's flag on one factor; the button's value is ``<label>:<factor>``."""

    cell = StringField(_l("Flag"), validators=[InputRequired()])

    def validate_cell(self, field: StringField) -> None:
        label, sep, factor = (field.data or "").partition(":")
        if not (label and sep and factor.isdigit() and 1 <= int(factor) <= MAX_FACTORS):
            raise ValidationError(_l("Not a sort and a viewpoint."))
        self.label, self.factor = label, int(factor)


class RotateForm(FlaskForm):
    """Rotate two different viewpoints by at most 180° either way."""

    first = _factor_field(_l("Horizontal"))
    second = _factor_field(_l("Vertical"))
    degrees = FloatField(
        _l("Angle"), validators=[InputRequired(), NumberRange(min=-MAX_ANGLE, max=MAX_ANGLE)]
    )

    def validate_degrees(self, field: FloatField) -> None:
        if field.data is not None and not math.isfinite(field.data):
            raise ValidationError(_l("Not a number of degrees."))

    def validate_second(self, field: IntegerField) -> None:
        if field.data is not None and field.data == self.first.data:
            raise ValidationError(_l("Choose two different viewpoints."))


class StabilityForm(FlaskForm):
    """The number of resamples (empty: the default) within the configured bound."""

    resamples = IntegerField(_l("Resamples"), validators=[Optional()])

    def validate_resamples(self, field: IntegerField) -> None:
        most = current_app.config["STABILITY_MAX_RESAMPLES"]
        if field.data is not None and not 10 <= field.data <= most:
            raise ValidationError(_("Choose between 10 and %(most)s resamples.", most=most))


class ReportForm(FlaskForm):
    """Make the report of a large study: its language and whether names are hidden."""

    lang = SelectField(_l("Language"), choices=_choices(REPORT_LANGUAGES), default="en")
    anonymise = BooleanField(_l("Anonymise"))


class PhaseForm(FlaskForm):
    phase = SelectField(_l("Phase"), choices=_choices(PHASES), validators=[InputRequired()])
    confirm = HiddenField()


class TimerForm(FlaskForm):
    """Minutes of the countdown (empty, 0 or ``clear``: no timer)."""

    minutes = IntegerField(
        _l("Minutes"), validators=[Optional(), NumberRange(min=0, max=MAX_TIMER_MINUTES)]
    )
    clear = BooleanField()
    auto_close = BooleanField()


class RoundTwoForm(FlaskForm):
    """Start round 2; ``show_first``: show round 1's results first."""

    show_first = BooleanField()


class StepForm(FlaskForm):
    """A presenter step: ``next``/``previous``, or a step's index (empty: stay)."""

    move = SelectField(_l("Step"), choices=_choices(("", "next", "previous")), default="")
    index = IntegerField(_l("Step"), validators=[Optional(), NumberRange(min=0)])


class ModerationForm(FlaskForm):
    """Approve or hide one comment or answer (the service checks that it is the clinic's)."""

    kind = SelectField(_l("Text"), choices=_choices(MODERATION_KINDS), validators=[InputRequired()])
    item = StringField(_l("Text"), validators=[InputRequired(), Length(max=ITEM_ID_LENGTH)])
    status = SelectField(
        _l("Decision"), choices=_choices(MODERATION_STATUSES), validators=[InputRequired()]
    )


def _group_field(label) -> StringField:
    return StringField(label, validators=[InputRequired(), Length(max=ITEM_ID_LENGTH)])


class MergeForm(FlaskForm):
    group = _group_field(_l("Group"))
    other = _group_field(_l("Merge with"))


class SplitForm(FlaskForm):
    answer = _group_field(_l("Answer"))


class ThemeNameForm(FlaskForm):
    """The length is checked by the service after spaces are tidied (``free_choice.name``)."""

    group = _group_field(_l("Group"))
    name = StringField(_l("Name"), validators=[InputRequired()])


THEME_FORMS = {"merge": MergeForm, "split": SplitForm, "name": ThemeNameForm}
