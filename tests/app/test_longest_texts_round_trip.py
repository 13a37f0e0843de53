"""Every text a facilitator may type, at the longest the set-up form accepts, leaves in the
clinic file and comes back in full: the file's own limits are never tighter than the form's
(the instruction once was: the form took 1 000 characters, the file's schema 500, so a clinic
with a long instruction could be exported but not imported back)."""

import json

from wtforms.validators import Length

from qsort.domain.clinic_texts import TEXT_FIELDS
from qsort.extensions import db
from qsort.models import Clinic
from qsort.views.forms import ClinicDetailsForm
from tests.builders import import_clinic_file, newest_clinic_id

GROUP_AND_ROUND_TWO = ("group_question_nl", "group_question_en", "round2_question_nl",
                       "round2_question_en")  # fmt: skip


def _form_limit(name: str) -> int:
    """The longest text the set-up form accepts in field ``name`` (its Length validator)."""
    validators = getattr(ClinicDetailsForm, name).kwargs["validators"]
    return next(v.max for v in validators if isinstance(v, Length))


def _texts(app, clinic_id: int) -> dict[str, str]:
    with app.app_context():
        clinic = db.session.get(Clinic, clinic_id)
        return {name: getattr(clinic, name) for name in (*TEXT_FIELDS, *GROUP_AND_ROUND_TWO)}


def test_texts_at_the_forms_limits_round_trip_through_the_clinic_file(app, client, owner,
                                                                      make_clinic):  # fmt: skip
    clinic_id = make_clinic(owner)
    longest = {
        name: (f"{name} " + "ä" * 2000)[: _form_limit(name)]
        for name in (*TEXT_FIELDS, *GROUP_AND_ROUND_TWO)
    }
    assert _form_limit("instruction_nl") > _form_limit("question_nl")  # the case that failed
    saved = client.post(f"/clinics/{clinic_id}", data={**longest, "max_participants": 40})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    assert _texts(app, clinic_id) == longest
    document = json.loads(client.get(f"/clinics/{clinic_id}/clinic-file.json").data)
    assert document["clinic"]["instruction_en"] == longest["instruction_en"]
    response = import_clinic_file(client, document)
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    newest = newest_clinic_id(app)
    assert newest != clinic_id and _texts(app, newest) == longest
