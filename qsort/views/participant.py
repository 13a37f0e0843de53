"""The participant's pages: find a clinic, join, resume, wait, sort, thank-you.

The participant is known by the signed session (set at join or resume) and by the resume code
in a long-lived cookie, which brings a reloaded or re-opened tablet back to its sort.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from qsort.domain.phases import JOINABLE, Phase
from qsort.errors import error_response
from qsort.extensions import current_language, db, limiter
from qsort.models import Clinic, Participant
from qsort.services import sorting
from qsort.services.codes import normalise_code
from qsort.services.live import timer_state
from qsort.views import limits
from qsort.views.forms import JoinForm, ParticipantJoinForm, ResumeForm
from qsort.views.labels import signed
from qsort.views.sort_messages import client_messages, phase_text
from qsort.views.urls import public_url_for, qr_response

bp = Blueprint("participant", __name__)

RESUME_COOKIE = "qsort_resume"
RESUME_SCOPE = "resume"
PARTICIPANT_LOAD = (joinedload(Participant.q_sorts), joinedload(Participant.clinic))


def _join_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


def _failed(response: Response) -> bool:
    """Only failed attempts count towards the join and resume limits: a whole room may join
    from one address (a venue's NAT), while guessing codes is stopped."""
    return response.status_code in (404, 422)


def current_participant() -> Participant | None:
    """The session's participant, else the one named by the resume-code cookie."""
    if "participant" not in g:
        participant = None
        pid = session.get("participant_id")
        if isinstance(pid, int):
            # One query for what every participant request reads: the sort and the clinic.
            participant = db.session.get(Participant, pid, options=PARTICIPANT_LOAD)
        if participant is None and request.cookies.get(RESUME_COOKIE):
            participant = _from_resume_cookie(request.cookies[RESUME_COOKIE])
        g.participant = participant
    return g.participant


def _from_resume_cookie(code: str) -> Participant | None:
    """The cookie is a resume code like the one typed on /resume, and limited alike: an
    address that used up its failed attempts gets a 429 on whichever endpoint reads it."""
    limits.refuse_when_spent("RESUME_RATE_LIMIT", RESUME_SCOPE)
    participant = sorting.by_resume_code(code)
    if participant is None:
        limits.count_failure("RESUME_RATE_LIMIT", RESUME_SCOPE)
        g.forget_resume_cookie = True  # a stale cookie counts once, then it is deleted
    else:
        session["participant_id"] = participant.id
    return participant


@bp.after_app_request
def _forget_stale_resume_cookie(response: Response) -> Response:
    if g.get("forget_resume_cookie"):
        response.delete_cookie(RESUME_COOKIE)
    return response


def _start_session(participant: Participant | sorting.Joined, target: str) -> Response:
    session["participant_id"] = participant.id
    session["lang"] = participant.language
    session.permanent = True
    response = redirect(target)
    response.set_cookie(
        RESUME_COOKIE,
        participant.resume_code,
        max_age=current_app.config["RESUME_COOKIE_MAX_AGE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.get("/join")
def find() -> str | Response:
    form = JoinForm(request.args)
    if request.args and form.validate():
        return redirect(url_for(".join", code=normalise_code(form.code.data)))
    return render_template("participant/find.html", form=form)


@bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit(_join_limit, deduct_when=_failed)
def join(code: str) -> str | Response | tuple[str, int]:
    clinic = db.first_or_404(db.select(Clinic).where(Clinic.join_code == normalise_code(code)))
    form = ParticipantJoinForm(language=current_language())
    if clinic.phase not in JOINABLE:
        known = current_participant()
        if known is not None and known.clinic_id == clinic.id:  # their own sort says what is kept
            return redirect(url_for(".sort"))
        return render_template("participant/closed.html", clinic=clinic), 200
    if form.validate_on_submit():
        limits.consume("JOIN_SUCCESS_RATE_LIMIT", "join-success")
        try:
            participant = _join(clinic, form)
        except sorting.ClinicFull as full:
            return _clinic_full(full)
        return _start_session(participant, url_for(".sort"))
    status = 200 if request.method == "GET" else 422
    page = render_template("participant/join.html", clinic=clinic, form=form)
    return page, status


def _join(clinic: Clinic, form: ParticipantJoinForm):
    return sorting.join(
        clinic,
        display_name=form.display_name.data,
        team_size=form.team_size.data,
        language=form.language.data,
        group_answer=form.group_answer.data if clinic.group_question_for("en") else None,
    )


def _clinic_full(full: sorting.ClinicFull) -> tuple[Response | str, int]:
    return error_response(
        409,
        _("This clinic is full"),
        _(
            "%(n)s participants have already joined, the most this clinic allows. "
            "Ask the facilitator to make room.",
            n=full.maximum,
        ),
    )


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> str | Response | tuple[str, int]:
    form = ResumeForm()
    if request.method == "POST":
        limits.refuse_when_spent("RESUME_RATE_LIMIT", RESUME_SCOPE)
    if request.method == "GET" and request.args.get("code"):  # from the QR code
        form.resume_code.data = normalise_code(request.args["code"])[:16]
    if form.validate_on_submit():
        participant = sorting.by_resume_code(form.resume_code.data)
        if participant is not None:
            return _start_session(participant, url_for(".sort"))
        form.resume_code.errors.append(_("This resume code is not known. Check it and try again."))
    if request.method == "GET":
        return render_template("participant/resume.html", form=form)
    limits.count_failure("RESUME_RATE_LIMIT", RESUME_SCOPE)
    return render_template("participant/resume.html", form=form), 422


@bp.get("/sort")
def sort() -> str | Response:
    participant = current_participant()
    if participant is None or participant.current_sort() is None:
        return redirect(url_for(".find"))
    q_sort, clinic = participant.current_sort(), participant.clinic
    if q_sort.status == "submitted":
        return redirect(url_for(".thanks"))
    page = {
        "clinic": clinic,
        "participant": participant,
        "lang": current_language(),
        "resume_url": public_url_for(".resume"),
    }
    if sorting.phase_seen_by(q_sort, clinic) == Phase.LOBBY:
        return render_template("participant/waiting.html", **page)
    return _sort_page(participant, q_sort, page)


def _sort_page(participant, q_sort, page: dict) -> str:
    """The sort page; closed or with results shown it is the same page, read-only, saying
    what is stored (sort-app.js). In round 2 it may show the first sort for reference."""
    clinic = participant.clinic
    phase = sorting.phase_seen_by(q_sort, clinic)
    message = phase_text(phase, sorting.placed_count(q_sort), sorting.past_round(q_sort, clinic))
    first = participant.sort_of_round(1) if q_sort.round == 2 and clinic.show_first_sort else None
    return render_template(
        "participant/sort.html",
        **page,
        round_number=q_sort.round,
        first_sort=_columns_of(first, clinic) if first is not None else None,
        statements=clinic.statements,
        columns=clinic.distribution.columns,
        phase_message=message,
        config=_sort_config(participant),
    )


@bp.get("/sort/resume-qr.svg")
def resume_qr() -> Response:
    """The participant's own resume link as a QR code, to go on on another tablet."""
    participant = current_participant()
    if participant is None:
        abort(404)
    return qr_response(public_url_for(".resume", code=participant.resume_code))


def _sort_config(participant: Participant) -> dict:
    q_sort = participant.current_sort()
    return {
        "draft": sorting.draft_state(q_sort),
        # Round 2 keeps its local copy apart from round 1's.
        "storageKey": f"qsort:{participant.clinic_id}:{participant.id}"
        + (":r2" if q_sort.round == 2 else ""),
        "draftUrl": url_for("sort_api.draft", sort_id=q_sort.id),
        "submitUrl": url_for("sort_api.submit", sort_id=q_sort.id),
        "csrfUrl": url_for("sort_api.csrf_token"),
        "thanksUrl": url_for(".thanks"),
        "statusUrl": url_for("sort_api.status"),
        "phase": sorting.phase_seen_by(q_sort, participant.clinic),
        **timer_state(participant.clinic),
        "statements": [s.id for s in participant.clinic.statements],
        "columns": [
            {**column, "label": signed(column["value"])}
            for column in participant.clinic.distribution.to_json()
        ],
        "messages": client_messages(),
    }


def _columns_of(q_sort, clinic: Clinic) -> list[tuple[int, list]]:
    """A sort's statements by grid value, most important first (thank-you page, reference)."""
    statements = {s.id: s for s in clinic.statements}
    by_value: dict[int, list] = {}
    for statement_id, value, _position in q_sort.cards():
        by_value.setdefault(value, []).append(statements[statement_id])
    return sorted(by_value.items(), reverse=True)


@bp.get("/sort/thanks")
def thanks() -> str | Response:
    participant = current_participant()
    q_sort = participant.current_sort() if participant is not None else None
    if q_sort is None:
        return redirect(url_for(".find"))
    if q_sort.status != "submitted":
        return redirect(url_for(".sort"))
    clinic = participant.clinic
    return render_template(
        "participant/thanks.html",
        participant=participant,
        q_sort=q_sort,
        columns=_columns_of(q_sort, clinic),
        # Round 2 may follow: the page looks again now and then and opens it when it starts.
        round_two_coming=clinic.has_round_two and clinic.current_round == 1,
        comments=len(q_sort.comment_texts()),
        lang=current_language(),
    )
