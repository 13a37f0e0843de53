"""The whole run as JSON with its provenance: what produced the numbers, from which input."""

from datetime import UTC, datetime

from qsort import __version__
from qsort.formats.run_json import input_checksum

__all__ = ["input_checksum", "provenance_document"]


def provenance_document(
    result: dict,
    sorts: list[list[int]],
    *,
    source: str = "",
    title: str = "",
    statement_texts: list[str] | None = None,
    anonymised: bool = False,
) -> dict:
    """``{"provenance": {...}, "result": result}`` where provenance names the qsort version, the
    time, the input (file, title, the sorts themselves with their statement texts, checksum),
    whether names were replaced by P01.. labels, and repeats the settings, flags and rotation
    log. qsort reads such a file back as a study (:mod:`qsort.formats.run_json`)."""
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
                "participants": result["participants"],
                "statements": result["statements"],
                "statement_texts": statement_texts,
                "sorts": sorts,
                "anonymised": anonymised,
            },
            "settings": settings,
            "manual_flags": settings.get("manual_flags"),
            "rotation_log": settings.get("judgmental_rotations", []),
            "flagged": result["flagged"],
        },
        "result": result,
    }
