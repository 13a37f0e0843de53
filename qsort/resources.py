"""Where the app's files live: templates, static files, translations and migrations.

In a source checkout (and an editable install) they sit at the top of the project, next to
``qsort/``. A built wheel carries copies of the same four folders inside the package, under
``qsort/_bundled/`` (``setup.py`` copies them at build time), so a non-editable install runs
the app, ``qsort report`` and the migrations without the checkout.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_BUNDLED = PACKAGE / "_bundled"
#: The folder holding ``templates/``, ``static/``, ``translations/`` and ``migrations/``.
ROOT = _BUNDLED if _BUNDLED.is_dir() else PACKAGE.parent

TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
TRANSLATIONS = ROOT / "translations"
MIGRATIONS = ROOT / "migrations"
