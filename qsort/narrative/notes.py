"""Words for the priorities' verdicts, the room's agreement and the data-quality notes.

Messages are marked with ``N_`` and translated through the ``translate`` callable (see
:mod:`qsort.narrative.accounts`). The screens that show them come later; these functions are
their one source of wording.
"""

from collections.abc import Callable, Mapping

from qsort.narrative.accounts import N_, Translate, join

VERDICTS = {
    "priority": N_("clearly a priority"),
    "not_priority": N_("clearly not a priority"),
    "unclear": N_("no clear verdict"),
}
AGREEMENT = N_("How much the room agrees on the order (Kendall's W, 0 to 1): %(w)s")
FAST = N_("Finished suspiciously fast (under %(seconds)d seconds): %(names)s.")
NEAR_IDENTICAL = N_("Nearly identical sorts (r > 0.95): %(pairs)s.")
DUPLICATES_ONLY = N_("With this many sorts only exact duplicates were looked for.")
NO_VIEWPOINT = N_("Sorts that define no viewpoint: %(names)s.")
AGREEMENT_BANDS = (  # (W below, words): Schmidt (1997), Table 2
    (0.2, N_("The room hardly agrees on the order")),
    (0.4, N_("The room agrees weakly on the order")),
    (0.6, N_("The room agrees moderately on the order")),
    (0.8, N_("The room agrees strongly on the order")),
    (float("inf"), N_("The room agrees almost completely on the order")),
)
PAIR = N_("%(first)s and %(second)s")
NOTE_NOT_EXCLUSION = N_("These are notes, not exclusions: every sort stays in the analysis.")


def verdict_label(verdict: str, translate: Translate) -> str:
    return translate(VERDICTS[verdict])


def agreement_sentence(
    w: float | None, translate: Translate, number: Callable[[float], str]
) -> str:
    """``number`` formats W in the page's language (decimal comma in Dutch)."""
    return translate(AGREEMENT) % {"w": "–" if w is None else number(w)}


def agreement_words(w: float | None, translate: Translate) -> str:
    """Kendall's W in words, by the bands Schmidt [1]_ gives for it: around 0.1 very weak,
    0.3 weak, 0.5 moderate, 0.7 strong, 0.9 unusually strong agreement (the cut points here
    lie halfway between). Empty without W (fewer than two sorts).

    References
    ----------
    .. [1] Schmidt, R. C. (1997). Managing Delphi surveys using nonparametric statistical
       techniques. *Decision Sciences*, 28(3), 763-774, Table 2 (interpretation of W).
    """
    if w is None:
        return ""
    return translate(next(words for below, words in AGREEMENT_BANDS if w < below))


def quality_sentences(
    notes: Mapping, translate: Translate, name_of: Mapping[str, str] | None = None
) -> list[str]:
    """One sentence per note that applies (stored ``quality_notes``), names via ``name_of``."""

    def name(label: str) -> str:
        return (name_of or {}).get(label, label)

    sentences = []
    if notes["fast"]:
        names = join([name(f["participant"]) for f in notes["fast"]], translate)
        sentences.append(
            translate(FAST) % {"seconds": round(notes["fast_threshold_seconds"]), "names": names}
        )
    if notes["near_identical"]:
        pairs = [
            translate(PAIR) % {"first": name(p["first"]), "second": name(p["second"])}
            for p in notes["near_identical"]
        ]
        sentences.append(translate(NEAR_IDENTICAL) % {"pairs": "; ".join(pairs)})
    if not notes["near_identical_checked"]:
        sentences.append(translate(DUPLICATES_ONLY))
    if notes["no_viewpoint"]:
        names = join([name(p) for p in notes["no_viewpoint"]], translate)
        sentences.append(translate(NO_VIEWPOINT) % {"names": names})
    if sentences:
        sentences.append(translate(NOTE_NOT_EXCLUSION))
    return sentences
