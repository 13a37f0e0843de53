"""Where a run under the qsort conventions differs from the same run under qmethod's, in words
of the report's language (the app's catalogue: every sentence has its Dutch text).

Factors are matched one-to-one by the absolute correlation of their loadings
(:func:`qsort.analysis.matching.match_factors`).
"""

import numpy as np

from qsort.analysis.matching import match_factors
from qsort.domain.problems import ProblemError
from qsort.narrative.accounts import N_
from qsort.narrative.catalogue import translator
from qsort.reports.numbers import number_text

ORDER = N_(
    "Factor %(f)s is qmethod's factor %(g)s: qsort orders centroid factors by explained variance."
)
SIGNS = N_(
    "Factor %(f)s is turned so its defining sorts load positively; qmethod reports it "
    "with opposite signs."
)
TIES = N_(
    "Factor %(f)s's array fills the grid exactly; qmethod's tie rule places "
    "%(statements)s differently."
)
VARIMAX = N_(
    "Varimax is carried to its optimum; qmethod's (R's) varimax stops earlier, so the "
    "loadings differ by up to %(gap)s."
)
CONSENSUS = N_("Consensus statements are also given under PQMethod's definition (p < %(p)s).")
STOPS = N_("qmethod's conventions would stop here: %(reason)s")
REFUSALS = {
    "single_centroid": N_("qmethod cannot varimax-rotate a single centroid factor."),
    "empty_factor": N_(
        "factor %(factors)s has no flagged sorts and is not the last factor, so "
        "qmethod's comparison of the factors cannot go on."
    ),
    "unscored": N_(
        "factors %(factors)s have no flagged sorts, so qmethod's comparison of the "
        "factors cannot go on."
    ),
}


def convention_differences(
    ours: dict,
    qmethod: dict | None,
    qmethod_error: ProblemError | str | None = None,
    lang: str = "en",
) -> list[str]:
    """Plain sentences in ``lang`` naming every difference between the two results (empty
    when none). ``qmethod_error`` is qmethod's refusal of the same run (worded in ``lang``
    when its case is known; a plain string is taken as it is)."""
    _ = translator(lang)
    if qmethod_error:
        return [_(STOPS) % {"reason": _refusal(qmethod_error, _)}]
    if qmethod is None:
        return []
    ours_l = np.array(ours["loadings"], dtype=float)
    theirs_l = np.array(qmethod["loadings"], dtype=float)
    k = ours_l.shape[1]
    match = match_factors(ours_l, theirs_l).order
    notes = []
    for f in range(k):
        g = int(match[f])
        if g != f:
            notes.append(_(ORDER) % {"f": f + 1, "g": g + 1})
        if np.sum(ours_l[:, f] * theirs_l[:, g]) < 0:
            notes.append(_(SIGNS) % {"f": f + 1})
        ours_a = [row[f] for row in ours["factor_arrays"]]
        theirs_a = [row[g] for row in qmethod["factor_arrays"]]
        if None not in ours_a and None not in theirs_a:
            sign = 1 if np.sum(ours_l[:, f] * theirs_l[:, g]) >= 0 else -1
            if sign < 0:
                theirs_a = _mirror(theirs_a)
            moved = [
                s for s, a, b in zip(ours["statements"], ours_a, theirs_a, strict=True) if a != b
            ]
            if moved:
                notes.append(_(TIES) % {"f": f + 1, "statements": ", ".join(moved)})
    gap = _rotation_gap(ours, ours_l, theirs_l, match)
    if gap is not None:
        notes.append(_(VARIMAX) % {"gap": number_text(gap, lang, 4)})
    if ours.get("consensus_pqmethod") is not None:
        notes.append(_(CONSENSUS) % {"p": number_text(0.01, lang)})
    return notes


def _refusal(error: ProblemError | str, _) -> str:
    code = getattr(error, "case", "")
    if code not in REFUSALS:
        return error.problem.worded(_) if isinstance(error, ProblemError) else str(error)
    return _(REFUSALS[code]) % {"factors": ", ".join(map(str, error.factors))}


def _rotation_gap(ours: dict, ours_l: np.ndarray, theirs_l: np.ndarray, match) -> float | None:
    """The largest loading difference varimax makes, when it shows in the printed loadings
    (4 decimals); None otherwise."""
    if ours["settings"].get("varimax_algorithm") != "optimum" or ours["rotation"] != "varimax":
        return None
    gaps = []
    for f, g in enumerate(match):
        sign = -1.0 if ours_l[:, f] @ theirs_l[:, g] < 0 else 1.0
        gaps.append(float(np.abs(ours_l[:, f] - sign * theirs_l[:, g]).max()))
    gap = max(gaps)
    return None if gap < 5e-5 else gap


def _mirror(array: list[int]) -> list[int]:
    """The array of the opposite pole: the grid read from the other end."""
    values = sorted(array)
    order = np.argsort(array, kind="stable")
    mirrored = [0] * len(array)
    for rank, index in enumerate(order):
        mirrored[index] = values[len(values) - 1 - rank]
    return mirrored
