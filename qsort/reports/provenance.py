"""The whole run as JSON with its provenance: what produced the numbers, from which input."""

import hashlib
from datetime import UTC, datetime

from qsort import __version__


def input_checksum(participants: list[str], statements: list[str], sorts: list[list[int]]) -> str:
    """SHA-256 of the sorts in the canonical Q-sort CSV form (LF line endings, UTF-8)."""
    lines = [",".join(["participant", *statements])]
    lines += [",".join([p, *map(str, row)]) for p, row in zip(participants, sorts, strict=True)]
    return hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()


def provenance_document(
    result: dict, sorts: list[list[int]], *, source: str = "", title: str = ""
) -> dict:
    """``{"provenance": {...}, "result": result}`` where provenance names the qsort version, the
    time, the input (file, title, checksum) and repeats the settings, flags and rotation log."""
    settings = result["settings"]
    return {
        "provenance": {
            "qsort_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "input": {
                "source": source,
                "title": title,
                "n_sorts": result["n_sorts"],
                "n_statements": result["n_statements"],
                "sha256": input_checksum(result["participants"], result["statements"], sorts),
            },
            "settings": settings,
            "manual_flags": settings.get("manual_flags"),
            "rotation_log": settings.get("judgmental_rotations", []),
            "flagged": result["flagged"],
        },
        "result": result,
    }
