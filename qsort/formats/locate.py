"""Where in a study file a given sort stands, so errors found later (by the analysis or an
import) can still name the line."""

import csv


def sort_line(text: str, name: str, kind: str) -> int | None:
    """1-based line of the sort called ``name`` in a Q-sort CSV (``kind="csv"``: first field)
    or a PQMethod DAT (``kind="dat"``: columns 1-8 from line 3), or None."""
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if kind == "csv" and number > 1 and line.strip():
            if next(csv.reader([line]))[0].strip() == name:
                return number
        elif kind == "dat" and number > 2 and line[:8].strip() == name[:8]:
            return number
    return None
