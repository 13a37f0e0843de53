"""Build step that ships the app's templates, static files, translations and migrations.

They live at the top of the project (next to ``qsort/``); a wheel copies them into
``qsort/_bundled/``, where ``qsort.resources`` finds them when the checkout is absent. An
editable install reads them in place, so nothing is copied then.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
FOLDERS = ("templates", "static", "translations", "migrations")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


class BuildWithData(build_py):
    """``build_py`` plus a copy of each folder in ``FOLDERS`` into ``qsort/_bundled``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "qsort" / "_bundled"
        for name in FOLDERS:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(HERE / name, target / name, ignore=IGNORED)


setup(cmdclass={"build_py": BuildWithData})
