"""How the JSON columns (drafts, run settings and results, job results) are written and read.

orjson [1]_, passed to SQLAlchemy's engine [2]_, instead of the standard library's ``json``:
a stored run of 300 sorts is about 150 kB of JSON, which ``json.dumps`` writes in 7.5 ms and
orjson in 0.4 ms; every autosave writes its draft document the same way. The two differ only
where ``json`` would write what no JSON reader accepts: a NaN or infinity is written as
``null``. Dictionary keys that are not text (a statement id) are written as text, as ``json``
does; NumPy scalars and arrays are written as the numbers they hold.

References
----------
.. [1] orjson, https://github.com/ijl/orjson (``OPT_NON_STR_KEYS``, ``OPT_SERIALIZE_NUMPY``).
.. [2] SQLAlchemy, ``create_engine(json_serializer=..., json_deserializer=...)``.
"""

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dumps(value: Any) -> str:
    """``value`` as JSON text."""
    return orjson.dumps(value, option=_OPTIONS).decode()


def loads(text: str | bytes) -> Any:
    """The value of stored JSON text; a document an older version wrote with ``json`` (SQLite
    kept its ``NaN``) is still read, its NaN as NaN."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def engine_options() -> dict[str, Any]:
    """The engine options that make SQLAlchemy use :func:`dumps` and :func:`loads`."""
    return {"json_serializer": dumps, "json_deserializer": loads}
