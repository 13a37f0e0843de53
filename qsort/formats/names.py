"""Participant names that every reader makes unique: a repeated id is kept apart (``F``,
``F_2``), never merged, with a note saying where."""

from __future__ import annotations

from collections.abc import Sequence


def unique_names(
    names: Sequence[str], locations: Sequence[dict[str, object]] | None = None
) -> tuple[list[str], list[str]]:
    """Return the names with repeats renamed ``<name>_2``, ``<name>_3`` ..., and one note per
    repeated name, e.g. ``participant 'F' appears 2 times (line 3, line 7): kept apart as 'F',
    'F_2'``."""
    seen: dict[str, list[int]] = {}
    for k, name in enumerate(names):
        seen.setdefault(name, []).append(k)
    taken = set(names)
    out = list(names)
    notes = []
    for name, indexes in seen.items():
        if len(indexes) == 1:
            continue
        for n, k in enumerate(indexes[1:], start=2):
            candidate = f"{name}_{n}"
            while candidate in taken:
                candidate += "_"
            taken.add(candidate)
            out[k] = candidate
        where = ", ".join(_where(locations[k]) for k in indexes) if locations else ""
        notes.append(
            f"participant {name!r} appears {len(indexes)} times"
            + (f" ({where})" if where else "")
            + ": kept apart as "
            + ", ".join(repr(out[k]) for k in indexes)
        )
    return out, notes


def _where(location: dict[str, object]) -> str:
    if location.get("cell"):
        return f"cell {location['cell']}"
    if location.get("line"):
        return f"line {location['line']}"
    return str(location.get("field", "?"))


def anonymous_labels(n: int) -> list[str]:
    """Stable labels that replace participant names when a study is anonymised: ``P01``,
    ``P02``, ... in sort order (three digits from 100 sorts on)."""
    width = max(2, len(str(n)))
    return [f"P{k:0{width}d}" for k in range(1, n + 1)]
