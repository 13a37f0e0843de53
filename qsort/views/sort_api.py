"""JSON endpoints of the sort page: fresh CSRF token, phase status, autosave and submit.

Every answer is JSON, errors included: ``{"error": code, "message": readable reason,
"problems": [readable reasons]}`` plus what the client needs to recover (``version``,
``receipt``). A participant only reaches their own sort; any other sort id is a 404.
"""

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, jsonify, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response

from qsort.domain.limits import MAX_ROW_ID
from qsort.domain.phases import Phase
from qsort.domain.sort_validation import DraftFormatError, parse_draft
from qsort.errors import _readable, with_retry_after
from qsort.extensions import db
from qsort.models import Clinic, QSort
from qsort.services import sorting
from qsort.services.live import close_when_due, timer_state
from qsort.views.participant import current_participant
from qsort.views.problems import problem_text
from qsort.views.sort_messages import more_problems_text, phase_text, refusal_text

bp = Blueprint("sort_api", __name__, url_prefix="/api")

JsonReply = tuple[Response, int]
MAX_PROBLEMS = 30


def problem_response(status: int, error: str, message: str, **extra: Any) -> JsonReply:
    body = {"error": error, "message": message, "problems": extra.pop("problems", []), **extra}
    return jsonify(body), status


@bp.errorhandler(CSRFError)
def _csrf_error(error: CSRFError) -> JsonReply:
    return problem_response(
        400, "csrf", _("The security token has expired. Fetch a fresh one and try again.")
    )


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    title, message = _readable(code)
    body, status = problem_response(code, title, message)
    body.status_code = status
    return with_retry_after(body, error)


REJECTED_STATUS = {"bad_key": 400, "invalid": 422, "key_taken": 409}
"""HTTP status of each refusal reason; the rest (closed, stale, submitted) are conflicts."""


def _rejected(exc: sorting.SortRejected, action: str) -> JsonReply:
    problems = [problem_text(p) for p in exc.problems[:MAX_PROBLEMS]]
    if len(exc.problems) > MAX_PROBLEMS:  # a real draft has a handful; never echo a flood
        problems.append(more_problems_text(len(exc.problems) - MAX_PROBLEMS))
    reason = "bad_key" if exc.reason == "key_taken" else exc.reason  # one reason on the wire
    message = refusal_text(reason, exc.extra, action)
    status = REJECTED_STATUS.get(exc.reason, 409)
    return problem_response(status, reason, message, problems=problems, **exc.extra)


def own_sort_or_404(sort_id: int) -> QSort:
    participant = current_participant()
    own = [s for s in (participant.q_sorts if participant else []) if s.id == sort_id]
    if not own:
        raise NotFound()
    return own[0]


@bp.get("/csrf")
def csrf_token() -> Response:
    return jsonify(csrf_token=generate_csrf())


@bp.get("/sort/status")
def status() -> Response:
    """The clinic's phase, polled every few seconds by every tablet: while sorting is open it is
    one query (participant, sort and clinic together) and a tiny body; otherwise it also says
    what is stored, in the participant's language."""
    participant = current_participant()
    if participant is None:
        raise NotFound()
    q_sort = participant.current_sort()
    clinic = participant.clinic
    phase = sorting.phase_seen_by(q_sort, clinic) if q_sort else clinic.phase
    body: dict = {"phase": phase, "status": q_sort.status if q_sort else None}
    body.update(timer_state(clinic))
    if q_sort is not None:
        body["version"] = q_sort.version
    if phase != Phase.SORTING and q_sort is not None:
        body["placed"] = sorting.placed_count(q_sort)
        body["message"] = phase_text(phase, body["placed"], sorting.past_round(q_sort, clinic))
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sorts/<int:sort_id>/draft")
def draft(sort_id: int) -> Response:
    return jsonify(sorting.draft_state(own_sort_or_404(sort_id)))


def _own_identity_or_404(sort_id: int) -> sorting.SortIdentity:
    """The autosave's one query: the session's participant with this sort and its clinic."""
    if not 0 < sort_id <= MAX_ROW_ID:  # no such row; PostgreSQL would refuse the query
        raise NotFound()
    participant_id = session.get("participant_id")
    if not isinstance(participant_id, int):  # a tablet known by its resume cookie only
        participant = current_participant()
        participant_id = participant.id if participant is not None else None
    who = sorting.sort_identity(participant_id, sort_id) if participant_id is not None else None
    if who is None:
        raise NotFound()
    return who


@bp.post("/sorts/<int:sort_id>/draft")
def save(sort_id: int) -> Response | JsonReply:
    who = _own_identity_or_404(sort_id)
    if who.timer_due(datetime.now(UTC)):  # rare: only then load the clinic to close it
        close_when_due(db.session.get(Clinic, who.clinic_id))
        who = _own_identity_or_404(sort_id)
    try:
        version = sorting.save_draft(who, parse_draft(request.get_json(silent=True)))
    except DraftFormatError as exc:
        return problem_response(
            400, "bad_draft", refusal_text("bad_draft"), problems=[problem_text(exc.problem)]
        )
    except sorting.SortRejected as exc:
        return _rejected(exc, "save")
    return jsonify(version=version)


@bp.post("/sorts/<int:sort_id>/submit")
def submit(sort_id: int) -> Response | JsonReply:
    q_sort = own_sort_or_404(sort_id)
    close_when_due(q_sort.participant.clinic)
    data = request.get_json(silent=True) or {}
    try:
        draft = parse_draft(data.get("draft"))
        receipt = sorting.submit(q_sort, str(data.get("idempotency_key") or ""), draft)
    except DraftFormatError as exc:
        return problem_response(
            400, "bad_draft", refusal_text("bad_draft"), problems=[problem_text(exc.problem)]
        )
    except sorting.SortRejected as exc:
        return _rejected(exc, "submit")
    return jsonify(receipt=receipt, status="submitted")
