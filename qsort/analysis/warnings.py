"""Plain-language warnings about a result, for facilitators as much as researchers.

The results page and the report word the same facts in the reader's language
(:mod:`qsort.reports.warnings`).
"""

import numpy as np


def plain_warnings(
    loadings: np.ndarray, flags: np.ndarray, participants: list[str], n_statements: int
) -> list[str]:
    """Warnings for: factors with fewer than two defining sorts, bipolar factors, sorts flagged
    with a negative loading or on several factors, and too few sorts for the number of factors.

    Parameters
    ----------
    loadings : ndarray, shape (n_sorts, n_factors)
        Rotated loadings.
    flags : ndarray of bool, shape (n_sorts, n_factors)
        Which sorts define which factor.
    participants : list of str
        Sort names, for the messages.
    n_statements : int
        Number of statements (not used in any warning yet).

    Returns
    -------
    list of str
        The warnings in English, in factor order.
    """
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


#: Which of exactly tied sorts each centroid method reflects.
TIE_RULE = {"qmethod": "first", "brown": "first", "horst55": "last"}


def extraction_warnings(diagnostics: dict) -> list[str]:
    """Warnings about the iterative steps, from a result's ``diagnostics``: an exact tie in a
    centroid reflection that decides the factors, a Horst 5.5 series that did not settle, a
    varimax that did not reach its optimum.

    Parameters
    ----------
    diagnostics : dict
        A result's ``diagnostics`` (:func:`qsort.analysis.factoring.solution_diagnostics`).

    Returns
    -------
    list of str
        The warnings in English.
    """
    rule = TIE_RULE.get(diagnostics.get("centroid", "qmethod"), "first")
    messages = [
        f"Centroid extraction, factor {tie['factor']}: sorts {names_in_words(tie['sorts'])} tie "
        "exactly for the smallest column sum, so their order in the file decides which one is "
        f"reflected (here the {rule}). Another order or another program can give different "
        "factors; principal components do not depend on this."
        for tie in diagnostics.get("reflection_ties", [])
    ]
    if diagnostics.get("converged") is False:
        messages.append(
            f"The Horst 5.5 communalities did not settle in {diagnostics['passes']} passes "
            f"(largest change {diagnostics['largest_change']:.4f}, criterion "
            f"{diagnostics['convergence']:g}); the loadings are those of the last pass, as PQMethod "
            "reports them."
        )
    varimax = diagnostics.get("varimax") or {}
    if varimax.get("converged") is False:
        messages.append(
            f"Varimax stopped after {varimax['sweeps']} sweeps before reaching its optimum; the "
            "rotated loadings may change slightly with more sweeps."
        )
    return messages


def reflection_ties(
    extraction: dict, participants: list[str], sorts: np.ndarray | None
) -> list[dict[str, object]]:
    """``{"factor", "sorts"}`` (names) for each exact tie in a centroid reflection step.

    A group of identical sorts is left out when ``sorts`` is given: whichever of them is
    reflected first, the others follow and the factor is the same. Results stored before the
    tied group was recorded hold only its first sort (an int); it is named alone.

    Parameters
    ----------
    extraction : dict
        The extraction's diagnostics (its ``factors`` events).
    participants : list of str
        Sort names.
    sorts : ndarray or None
        The sorts, to leave out groups of identical sorts; None keeps every tie.

    Returns
    -------
    list of dict
        ``{"factor": int, "sorts": list of str}`` per decisive tie.
    """
    ties = []
    for event in extraction.get("factors", []):
        for group in event.get("exact_ties", []):
            group = [group] if isinstance(group, int) else list(group)
            if sorts is not None and len(group) > 1 and np.all(sorts[group] == sorts[group[0]]):
                continue
            ties.append({"factor": event["factor"], "sorts": [participants[i] for i in group]})
    return ties


def names_in_words(names: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'.

    Parameters
    ----------
    names : list of str
        The names to join.
    conjunction : str
        The word before the last name.

    Returns
    -------
    str
    """
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
