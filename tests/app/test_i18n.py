"""Every user-facing message has a Dutch translation and the compiled catalogue is current."""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "translations" / "nl" / "LC_MESSAGES"
METHODS = [("qsort/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def _source_ids() -> set:
    ids = set()
    for sub in ("qsort", "templates"):
        methods = [(p.split("/", 1)[1], m) for p, m in METHODS if p.startswith(sub)]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / sub, methods, keywords=KEYWORDS
        ):
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def _po():
    with open(CATALOGUE / "messages.po", "rb") as handle:
        return read_po(handle, locale="nl")


def test_every_message_has_dutch_text():
    catalogue = _po()
    missing = []
    for msgid in sorted(_source_ids()):
        message = catalogue.get(msgid)
        strings = message.string if message else None
        if isinstance(strings, tuple):
            strings = all(strings) and strings
        if not strings or (message and message.fuzzy):
            missing.append(msgid)
    assert missing == [], "run pybabel extract/update and translate: " + repr(missing)


FORMAL = re.compile(r"\b(u|uw|uzelf|U|Uw)\b")


def test_dutch_says_je_everywhere():
    """Is the participant or facilitator ever addressed as "u"? No: one register, "je"."""
    formal = []
    for message in _po():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        formal += [text for text in strings if text and FORMAL.search(text)]
    assert formal == []


def _key(value):
    return value if isinstance(value, str) else tuple(value)


def test_compiled_catalogue_is_not_stale():
    with open(CATALOGUE / "messages.mo", "rb") as handle:
        compiled = read_mo(handle)
    expected = {_key(m.id): _key(m.string) for m in _po() if m.id and not m.fuzzy}
    actual = {_key(m.id): _key(m.string) for m in compiled if m.id}
    assert actual == expected, "run: pybabel compile -d translations"


def test_pages_render_in_dutch(client, auth, make_facilitator, make_clinic):
    account = make_facilitator()
    clinic_id = make_clinic(account)
    client.post("/language", data={"lang": "nl"})
    page = client.get("/login").get_data(as_text=True)
    assert "Inloggen als facilitator" in page
    auth.login(account)
    page = client.get("/clinics/").get_data(as_text=True)
    assert "Mijn clinics" in page and "24 stellingen" in page
    page = client.get(f"/clinics/{clinic_id}/grid").get_data(as_text=True)
    assert "De hoogtes moeten optellen tot het aantal stellingen: 24." in page
    response = client.post(
        f"/clinics/{clinic_id}", data={"title_nl": "", "title_en": "", "question_en": "x" * 501}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Geef een titel in het Nederlands of in het Engels." in page
    assert "Veld mag niet langer zijn dan 500 karakters." in page  # WTForms' own Dutch


def test_new_clinic_title_follows_language(client, auth, make_facilitator):
    auth.login(make_facilitator())
    client.post("/language", data={"lang": "nl"})
    assert "Klantgerichte medewerkers" in client.get("/clinics/new").get_data(as_text=True)
