"""Flask-WTF forms. Labels are lazy so they follow the request's language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from qsort.domain import limits
from qsort.domain.clinic_texts import THEMES
from qsort.domain.grid import parse_int_list
from qsort.models.clinic import MAX_PARTICIPANTS_LIMIT
from qsort.services.viewpoint_names import MAX_NAME_LENGTH as VIEWPOINT_NAME

GRID_CHOICES = [
    SelectChoice("9", _l("9 columns, −4 … +4 (1, 2, 3, 4, 4, 4, 3, 2, 1)")),
    SelectChoice("7", _l("7 columns, −3 … +3 (1, 3, 5, 6, 5, 3, 1)")),
]
THEME_LABELS = {"want": _l("want"), "able": _l("able"), "allowed": _l("allowed")}
THEME_CHOICES = [
    SelectChoice("", _l("(no theme)")),
    *(SelectChoice(theme, THEME_LABELS[theme]) for theme in THEMES),
]


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons such as duplicate and log out."""


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    submit = SubmitField(_l("Log in"))


class LanguageForm(FlaskForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


def _in_both_languages(field: type, label_nl: str, label_en: str, limit: int) -> tuple:
    """The Dutch and the English field of one text (each may stay empty: the screens fall back
    to the other language), at most ``limit`` characters."""
    return tuple(
        field(label, validators=[Optional(), Length(max=limit)]) for label in (label_nl, label_en)
    )


def _needs_a_title(form: FlaskForm) -> bool:
    """At least one of the two titles; the other falls back to it on the screens."""
    if (form.title_nl.data or "").strip() or (form.title_en.data or "").strip():
        return True
    form.title_nl.errors = [*form.title_nl.errors, _l("Give a title in Dutch or in English.")]
    return False


class NewClinicForm(FlaskForm):
    preset = RadioField(
        _l("Start from"),
        choices=[
            SelectChoice("customer-focus", _l("Customer focus: 24 statements, Dutch and English")),
            SelectChoice("", _l("An empty clinic: add or import statements yourself")),
        ],
        default="customer-focus",
        validate_choice=True,
    )
    title_nl, title_en = _in_both_languages(
        StringField, _l("Title (Dutch)"), _l("Title (English)"), limits.MAX_TITLE_LENGTH
    )
    grid = SelectField(_l("Grid"), choices=GRID_CHOICES, default="9")
    submit = SubmitField(_l("Create clinic"))

    def validate(self, extra_validators=None) -> bool:
        fields_ok = super().validate(extra_validators)
        return _needs_a_title(self) and fields_ok


class ClinicDetailsForm(FlaskForm):
    """The texts participants read, each in Dutch and English; an empty one falls back to the
    other language (field names as in :data:`qsort.models.clinic.TEXT_FIELDS`)."""

    title_nl, title_en = _in_both_languages(
        StringField, _l("Title (Dutch)"), _l("Title (English)"), limits.MAX_TITLE_LENGTH
    )
    question_nl, question_en = _in_both_languages(
        TextAreaField,
        _l("Question: what the sort answers (Dutch)"),
        _l("Question: what the sort answers (English)"),
        limits.MAX_QUESTION_LENGTH,
    )
    instruction_nl, instruction_en = _in_both_languages(
        TextAreaField,
        _l("Instruction for participants (Dutch, optional)"),
        _l("Instruction for participants (English, optional)"),
        limits.MAX_INSTRUCTION_LENGTH,
    )
    group_question_nl, group_question_en = _in_both_languages(
        StringField,
        _l("Question at joining, for comparing groups (Dutch, optional)"),
        _l("Question at joining, for comparing groups (English, optional)"),
        limits.MAX_GROUP_QUESTION_LENGTH,
    )
    round2_question_nl, round2_question_en = _in_both_languages(
        TextAreaField,
        _l("Round 2: question for a second sort (Dutch, optional)"),
        _l("Round 2: question for a second sort (English, optional)"),
        limits.MAX_QUESTION_LENGTH,
    )
    max_participants = IntegerField(
        _l("Most participants who can join"),
        validators=[DataRequired(), NumberRange(min=1, max=MAX_PARTICIPANTS_LIMIT)],
    )
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        fields_ok = super().validate(extra_validators)
        return _needs_a_title(self) and fields_ok


class StatementRowForm(Form):
    """One row of the statements table (a sub-form: the CSRF token is on the parent)."""

    statement_id = HiddenField()
    text_nl = TextAreaField(_l("Dutch"), validators=[Length(max=limits.MAX_TEXT_LENGTH)])
    text_en = TextAreaField(_l("English"), validators=[Length(max=limits.MAX_TEXT_LENGTH)])
    theme = SelectField(_l("Theme"), choices=THEME_CHOICES, default="")
    delete = BooleanField(_l("Remove"))

    def validate_text_en(self, field: TextAreaField) -> None:
        nl, en = (self.text_nl.data or "").strip(), (field.data or "").strip()
        if bool(nl) != bool(en):
            raise ValidationError(_l("Give both the Dutch and the English text."))

    def validate_statement_id(self, field: HiddenField) -> None:
        if field.data and not str(field.data).isdigit():
            raise ValidationError(_l("Not a valid statement."))


class StatementsForm(FlaskForm):
    rows = FieldList(FormField(StatementRowForm), min_entries=0, max_entries=201)
    submit = SubmitField(_l("Save statements"))


class IntListField(StringField):
    """A row of whole numbers typed as text, e.g. ``-4 -3 -2`` or ``1, 2, 3``."""

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata(valuelist)
        try:
            self.numbers = parse_int_list(self.data or "")
        except ValueError as exc:
            self.numbers = []
            raise ValueError(_l("Type whole numbers separated by spaces or commas.")) from exc

    def _value(self) -> str:
        return self.data or ""


class GridForm(FlaskForm):
    values = IntListField(_l("Column values, from low to high"), validators=[DataRequired()])
    heights = IntListField(_l("Column heights"), validators=[DataRequired()])
    submit = SubmitField(_l("Save grid"))


class GridPresetForm(FlaskForm):
    preset = SelectField(_l("Preset"), choices=GRID_CHOICES, default="9")
    apply = SubmitField(_l("Use this preset"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Choose a .csv file."))],
    )
    confirm = BooleanField(_l("Replace all current statements"), validators=[DataRequired()])
    submit = SubmitField(_l("Import"))


class DeleteForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, delete this clinic with its statements, participants and sorts"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Delete clinic for good"))


class JoinForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only looks a clinic up

    code = StringField(_l("Join code"), validators=[DataRequired(), Length(min=4, max=12)])
    submit = SubmitField(_l("Join"))


class ParticipantJoinForm(FlaskForm):
    display_name = StringField(
        _l("Your name or your team's name"),
        validators=[DataRequired(), Length(max=limits.MAX_NAME_LENGTH)],
    )
    team_size = IntegerField(
        _l("How many people sort together? (leave empty if you sort alone)"),
        validators=[Optional(), NumberRange(min=1, max=limits.MAX_TEAM_SIZE)],
        render_kw={"min": 1, "max": limits.MAX_TEAM_SIZE},
    )
    # Shown only when the clinic asks a joining question; its label is that question.
    group_answer = StringField(validators=[Optional(), Length(max=limits.MAX_GROUP_ANSWER_LENGTH)])
    language = RadioField(
        _l("Language"),
        choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")],
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Start"))


class ResumeForm(FlaskForm):
    resume_code = StringField(_l("Resume code"), validators=[DataRequired(), Length(max=16)])
    submit = SubmitField(_l("Continue my sort"))


class ViewpointNameForm(FlaskForm):
    """The facilitator's name of one viewpoint, in both languages (empty: the generated name)."""

    factor = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=99)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=VIEWPOINT_NAME)])
    name_nl = StringField(_l("Name (Dutch)"), validators=[Optional(), Length(max=VIEWPOINT_NAME)])
    submit = SubmitField(_l("Save the name"))
