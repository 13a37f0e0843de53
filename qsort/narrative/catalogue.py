"""The app's message catalogue outside Flask: a gettext callable per language.

The web app translates through Flask-Babel (``flask_babel.gettext``); the command line and the
services that store a run in both languages use :func:`translator`, which reads the same
compiled catalogue, ``translations/<lang>/LC_MESSAGES/messages.mo``. It uses the standard
library's ``gettext.GNUTranslations`` (the class ``babel.support.Translations`` extends): the
same file and the same lookups, but importing it costs under a millisecond where
``babel.support`` costs about 35 ms of ``qsort analyse``'s 0.5 s start-up budget (issue 18).
English is the source language: its translator returns each message unchanged.
"""

import gettext
from collections.abc import Callable
from functools import cache

from qsort import resources

#: The catalogues of the web app and the command line (Flask-Babel's translation directory).
TRANSLATIONS = resources.TRANSLATIONS
LANGUAGES = ("nl", "en")
SOURCE_LANGUAGE = "en"


@cache
def translator(language: str) -> Callable[[str], str]:
    """``gettext`` of ``language``; an unknown language or a missing catalogue is a ValueError."""
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for language {language!r}; choose one of {LANGUAGES}")
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations().gettext
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo"
    try:
        with open(path, "rb") as handle:
            return gettext.GNUTranslations(handle).gettext
    except OSError as error:
        raise ValueError(f"{path}: the compiled catalogue is missing ({error.strerror})") from None
