"""Clinic presets: ready-made statement sets with their instruction and grid."""

from collections.abc import Mapping

from qsort.presets.customer_focus import CUSTOMER_FOCUS, ClinicPreset, PresetStatement

PRESETS: dict[str, ClinicPreset] = {CUSTOMER_FOCUS.key: CUSTOMER_FOCUS}


def preset_labels(texts: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """The presets' short labels of the statements whose text is a preset's (in any language).

    ``texts`` is ``{language: {statement id: text}}``; the result ``{statement id: {"nl": ...,
    "en": ...}}`` holds only the statements found (a facilitator may have edited the others).
    """
    known = {}
    for preset in PRESETS.values():
        for item in preset.statements:
            labels = {"nl": item.label_nl, "en": item.label_en}
            for text in (item.text_nl, item.text_en):
                known[" ".join(text.split()).casefold()] = labels
    found = {}
    for by_id in texts.values():
        for statement, text in by_id.items():
            labels = known.get(" ".join(text.split()).casefold())
            if labels and statement not in found:
                found[statement] = dict(labels)
    return found


__all__ = ["CUSTOMER_FOCUS", "PRESETS", "ClinicPreset", "PresetStatement", "preset_labels"]
