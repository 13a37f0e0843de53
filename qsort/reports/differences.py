"""Where a run under the qsort conventions differs from the same run under qmethod's, in words.

Factors are matched one-to-one by the absolute correlation of their loadings
(:func:`qsort.analysis.matching.match_factors`).
"""

import numpy as np

from qsort.analysis.matching import match_factors


def convention_differences(
    ours: dict, qmethod: dict | None, qmethod_error: str | None = None
) -> list[str]:
    """Plain sentences naming every difference between the two results (empty when none)."""
    if qmethod_error:
        return [f"qmethod's conventions would stop here: {qmethod_error}"]
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
            notes.append(
                f"Factor {f + 1} is qmethod's factor {g + 1}: qsort orders centroid factors by explained variance."
            )
        if np.sum(ours_l[:, f] * theirs_l[:, g]) < 0:
            notes.append(
                f"Factor {f + 1} is turned so its defining sorts load positively; qmethod reports it with opposite signs."
            )
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
                notes.append(
                    f"Factor {f + 1}'s array fills the grid exactly; qmethod's tie rule places "
                    f"{', '.join(moved)} differently."
                )
    notes.extend(_rotation_notes(ours, ours_l, theirs_l, match))
    if ours.get("consensus_pqmethod") is not None:
        notes.append("Consensus statements are also given under PQMethod's definition (p < .01).")
    return notes


def _rotation_notes(ours: dict, ours_l: np.ndarray, theirs_l: np.ndarray, match) -> list[str]:
    """The varimax difference, when it shows in the printed loadings (4 decimals)."""
    if ours["settings"].get("varimax_algorithm") != "optimum" or ours["rotation"] != "varimax":
        return []
    gaps = []
    for f, g in enumerate(match):
        sign = -1.0 if ours_l[:, f] @ theirs_l[:, g] < 0 else 1.0
        gaps.append(float(np.abs(ours_l[:, f] - sign * theirs_l[:, g]).max()))
    gap = max(gaps)
    if gap < 5e-5:
        return []
    return [
        f"Varimax is carried to its optimum; qmethod's (R's) varimax stops earlier, so the "
        f"loadings differ by up to {gap:.4f}."
    ]


def _mirror(array: list[int]) -> list[int]:
    """The array of the opposite pole: the grid read from the other end."""
    values = sorted(array)
    order = np.argsort(array, kind="stable")
    mirrored = [0] * len(array)
    for rank, index in enumerate(order):
        mirrored[index] = values[len(values) - 1 - rank]
    return mirrored
