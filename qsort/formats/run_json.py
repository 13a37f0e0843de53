"""Read back the JSON of one analysis run that qsort writes (``qsort report --format json``, the
run's *JSON with provenance* download): its input sorts, names, statement ids and texts."""

from __future__ import annotations

import hashlib

import numpy as np

from qsort.formats.errors import FormatError
from qsort.formats.sheet import Block


def input_checksum(participants: list[str], statements: list[str], sorts: list[list[int]]) -> str:
    """SHA-256 of the sorts in the canonical Q-sort CSV form (LF line endings, UTF-8)."""
    lines = [",".join(["participant", *statements])]
    lines += [",".join([p, *map(str, row)]) for p, row in zip(participants, sorts, strict=True)]
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()


def is_run_document(document: object) -> bool:
    return isinstance(document, dict) and {"provenance", "result"} <= set(document)


def run_block(document: dict, name: str) -> tuple[Block, list[str] | None, str]:
    """The run's input as a Block, its statement texts (or None) and its title.

    Raises
    ------
    FormatError
        When the file does not hold its input sorts (files from qsort before 0.2 hold only a
        checksum) or the sorts do not match the recorded checksum.
    """
    recorded = (
        document["provenance"].get("input") if isinstance(document["provenance"], dict) else None
    )
    if not isinstance(recorded, dict) or "sorts" not in recorded:
        raise FormatError(
            "format.run_no_input",
            file=name,
            field="provenance.input",
        )
    try:
        participants = [str(p) for p in recorded["participants"]]
        statements = [str(s) for s in recorded["statements"]]
        values = np.array(recorded["sorts"], dtype=np.int64).reshape(
            len(participants), len(statements)
        )
    except (KeyError, TypeError, ValueError):
        raise FormatError("format.run_damaged", file=name, field="provenance.input") from None
    if recorded.get("sha256") and recorded["sha256"] != input_checksum(
        participants, statements, values.tolist()
    ):
        raise FormatError(
            "format.run_checksum",
            file=name,
            field="provenance.input.sha256",
        )
    texts = recorded.get("statement_texts")
    texts = (
        [str(t) for t in texts]
        if isinstance(texts, list) and len(texts) == len(statements)
        else None
    )
    locations = [{"field": f"provenance.input.sorts[{i}]"} for i in range(len(participants))]
    return Block(participants, statements, values, locations), texts, str(recorded.get("title", ""))
