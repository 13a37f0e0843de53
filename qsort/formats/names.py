"""Participant names that every reader makes unique: a repeated id is kept apart (``F``,
``F_2``), never merged, with a note saying where."""

from __future__ import annotations

from collections.abc import Sequence

from qsort.domain.problems import Problem


def unique_names(
    names: Sequence[str], locations: Sequence[dict[str, object]] | None = None
) -> tuple[list[str], list[Problem]]:
    """Return the names with repeats renamed ``<name>_2``, ``<name>_3`` ..., and one note per
    repeated name (a ``note.*`` problem), e.g. ``participant 'F' appears 2 times (lines 3, 7):
    kept apart as 'F', 'F_2'``."""
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
        notes.append(
            _repeated(
                name,
                [out[k] for k in indexes],
                [locations[k] for k in indexes] if locations else [],
            )
        )
    return out, notes


def _repeated(name: str, kept: list[str], where: list[dict[str, object]]) -> Problem:
    """The note on a repeated name: where it stands (lines or cells, when each is known)."""
    values = {"name": repr(name), "count": len(kept), "kept": [repr(k) for k in kept]}
    if where and all(w.get("cell") for w in where):
        return Problem("note.name_repeated_cells", {**values, "cells": [w["cell"] for w in where]})
    if where and all(w.get("line") for w in where):
        return Problem("note.name_repeated_lines", {**values, "lines": [w["line"] for w in where]})
    return Problem("note.name_repeated", values)


def anonymous_labels(n: int) -> list[str]:
    """Stable labels that replace participant names when a study is anonymised: ``P01``,
    ``P02``, ... in sort order (three digits from 100 sorts on)."""
    width = max(2, len(str(n)))
    return [f"P{k:0{width}d}" for k in range(1, n + 1)]
