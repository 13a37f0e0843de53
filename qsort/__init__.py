"""qsort: Q-methodology prioritisation workshops.

The package root stays import-light so that ``qsort.analysis`` and the ``qsort`` command line
can be used without loading Flask. ``qsort.create_app`` is resolved lazily (PEP 562), which is
what lets ``flask --app qsort`` find the factory.
"""

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from qsort.app import create_app

        return create_app
    raise AttributeError(f"module 'qsort' has no attribute {name!r}")
