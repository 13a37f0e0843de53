"""Pay when a server process starts what the first tablets of a room would otherwise wait for.

The first sort page a process draws loads the hyphenation dictionary of its language (about
60 ms each for Dutch and English) and compiles its templates (about 100 ms); while it does, it
holds the interpreter, so every other request of the room waits too. ``warm_up`` does both
before the first request, once per process (``qsort serve``, each gunicorn worker), when
``WARM_UP`` is on (the default; the test suite turns it off, since it builds many apps).

Then it moves every object the start made into the garbage collector's permanent generation
(:func:`gc.freeze` [1]_). A started process holds about 190 000 objects (Flask, SQLAlchemy,
NumPy, the templates, the dictionaries) that live as long as it does; every full collection
walked them all: 210 ms on this 2-core host, every ten analyses or so, with every request
of that process waiting. Frozen, a full collection takes 5-7 ms.

References
----------
.. [1] Python documentation, ``gc.freeze``: https://docs.python.org/3/library/gc.html#gc.freeze
"""

import gc

from flask import Flask

from qsort.domain.hyphenation import load_dictionaries

#: The templates of the pages a room's tablets, the projector and the dashboard poll.
LIVE_TEMPLATES = ("base", "macros/", "participant/", "projector/", "dashboard/")


def warm_up(app: Flask) -> list[str]:
    """Load the hyphenation dictionaries and compile the live pages' templates; returns the
    names of the templates compiled (none when ``WARM_UP`` is off)."""
    if not app.config.get("WARM_UP", True):
        return []
    load_dictionaries()
    names = app.jinja_env.list_templates(filter_func=lambda name: name.startswith(LIVE_TEMPLATES))
    for name in names:
        app.jinja_env.get_template(name)  # compiled once, kept in the environment's cache
    gc.collect()  # what the start left as garbage is freed, not frozen
    gc.freeze()
    return names
