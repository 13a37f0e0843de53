"""Plain-language warnings about a result, for facilitators as much as researchers."""

import numpy as np


def plain_warnings(
    loadings: np.ndarray, flags: np.ndarray, participants: list[str], n_statements: int
) -> list[str]:
    """Warnings for: factors with fewer than two defining sorts, bipolar factors, sorts flagged
    with a negative loading or on several factors, and too few sorts for the number of factors."""
    n_sorts, n_factors = loadings.shape
    messages = []
    for f in range(n_factors):
        defining = np.flatnonzero(flags[:, f])
        if defining.size == 0:
            messages.append(
                f"Factor {f + 1} has no defining sorts: no viewpoint can be computed for it. "
                "Check the flags or extract fewer factors."
            )
        elif defining.size == 1:
            messages.append(
                f"Factor {f + 1} is defined by a single sort ({participants[defining[0]]}): its "
                "viewpoint is that one sort, not a shared view."
            )
        signs = np.sign(loadings[defining, f])
        if (signs > 0).any() and (signs < 0).any():
            messages.append(
                f"Factor {f + 1} is bipolar: some defining sorts load positively and some "
                "negatively; the negative ones hold the opposite view."
            )
        for i in defining[signs < 0]:
            messages.append(
                f"Sort {participants[i]} is flagged on factor {f + 1} with a negative loading "
                f"({loadings[i, f]:.2f}): it holds the opposite of that viewpoint."
            )
    for i in np.flatnonzero(flags.sum(axis=1) > 1):
        messages.append(f"Sort {participants[i]} is flagged on more than one factor.")
    if n_sorts < 3 * n_factors:
        messages.append(
            f"Only {n_sorts} sorts for {n_factors} factors: with fewer than three sorts per factor "
            "the viewpoints rest on very few people."
        )
    return messages
