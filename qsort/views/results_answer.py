"""The answer at the top of the results page, read from the stored run (nothing recomputed):
the room's priorities with their intervals and verdicts, how much the room agrees, the groups
compared, each viewpoint's name and account, and the data-quality notes."""

from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from qsort.analysis.ranking import TOP
from qsort.extensions import current_language
from qsort.models import AnalysisRun
from qsort.narrative.notes import agreement_sentence, quality_sentences, verdict_label
from qsort.services.viewpoint_names import edited_name, viewpoint_names


def number(value: float | None) -> str:
    """A figure with two decimals in the page's language (decimal comma in Dutch)."""
    return "–" if value is None else format_decimal(value, format="0.00")


def _row(entry: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    return {
        **entry,
        "text": texts.get(entry["statement"], entry["statement"]),
        "mean_text": number(entry["mean"]),
        "interval_text": _(
            "%(low)s to %(high)s", low=number(entry["ci_low"]), high=number(entry["ci_high"])
        )
        if entry["ci_low"] is not None
        else "–",
        "sd_text": number(entry["sd"]),
        "verdict_text": verdict_label(entry["verdict"], _),
    }


def priority_table(table: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """One priorities table (the room or a group), statements by rank."""
    rows = [_row(e, texts) for e in sorted(table["statements"], key=lambda e: e["rank"])]
    return {
        "group": table["group"],
        "n_sorts": table["n_sorts"],
        "kendall_w": table["kendall_w"],
        "agreement": agreement_sentence(table["kendall_w"], _, number)
        if table["group"] is None
        else _(
            "How much this group agrees (Kendall's W, 0 to 1): %(w)s", w=number(table["kendall_w"])
        ),
        "rows": rows,
        "top": rows[:TOP],
    }


def priorities_context(result: dict[str, Any], texts: dict[str, str]) -> dict[str, Any] | None:
    stored = result.get("priorities")
    if not stored:
        return None
    return {
        "room": priority_table(stored["room"], texts),
        "groups": [priority_table(t, texts) for t in stored["groups"]],
        "neutral": number(stored["neutral"]),
        "grid_values": stored["grid_values"],
    }


def viewpoint_accounts(result: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each named viewpoint: its name (edited or generated), its gist and its account."""
    names = viewpoint_names(result, lang)
    accounts = []
    for entry in result.get("viewpoints") or []:
        factor = int(entry["factor"])
        sentences = entry.get(f"sentences_{lang}") or entry.get("sentences_en") or []
        accounts.append(
            {
                "factor": factor,
                "name": names.get(factor, ""),
                "generated": {"en": entry.get("name_en", ""), "nl": entry.get("name_nl", "")},
                "edited": edited_name(result, factor),
                "size": entry["facts"]["n_defining"],
                "gist": sentences[1] if len(sentences) > 1 else "",
                "sentences": sentences,
            }
        )
    return accounts


def answer_context(
    run: AnalysisRun, texts: dict[str, str], names: dict[str, str]
) -> dict[str, Any]:
    """What the first screen and the notes show, from ``run.result`` as stored."""
    result = run.result or {}
    lang = current_language()
    notes = result.get("quality_notes")
    return {
        "priorities": priorities_context(result, texts),
        "accounts": viewpoint_accounts(result, lang),
        "viewpoint_names": viewpoint_names(result, lang),
        "quality": quality_sentences(notes, _, names) if notes else [],
    }
