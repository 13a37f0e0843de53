"""Distinguishing and consensus statements (Brown [1]_, pp. 244-247; qmethod ``qdc`` [2]_).

For every pair of factors (a, b) the difference :math:`d = z_a - z_b` of a statement is
significant at level p when :math:`|d| > c_p \\cdot SED_{ab}` (strict), with
c = 1.960 (p < .05), 2.576 (.01), 3.291 (.001) and 4.8916 (1e-6).

References
----------
.. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press, pp. 244-247 (differences between factors).
.. [2] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
"""

from dataclasses import dataclass
from itertools import combinations

import numpy as np

#: (p, critical multiple of SED, qmethod's mark), weakest first.
LEVELS = ((0.05, 1.960, "*"), (0.01, 2.576, "**"), (0.001, 3.291, "***"), (1e-6, 4.8916, "6*"))


@dataclass(frozen=True)
class PairComparison:
    """z-score differences between two factors (0-based indices) and their significance.

    ``level`` holds, per statement, the smallest p (from LEVELS) at which the difference is
    significant, or 1.0 when it is not significant at .05.
    """

    first: int
    second: int
    difference: np.ndarray
    level: np.ndarray

    def marks(self) -> list[str]:
        mark = {p: m for p, _, m in LEVELS}
        return [mark.get(float(p), "") for p in self.level]

    def significant(self, p: float = 0.05) -> np.ndarray:
        return self.level <= p


def compare_factors(z: np.ndarray, sed: np.ndarray, factors: list[int]) -> list[PairComparison]:
    """All pairwise comparisons among ``factors`` (0-based, in order).

    Parameters
    ----------
    z : ndarray, shape (n_statements, n_factors)
        Statement z-scores.
    sed : ndarray, shape (n_factors, n_factors)
        Standard errors of differences :math:`SED_{ab}`.
    factors : list of int
        0-based factors to compare (those with scores).

    Returns
    -------
    list of PairComparison
        One per pair (a, b), a before b in ``factors``.
    """
    pairs = []
    for a, b in combinations(factors, 2):
        difference = z[:, a] - z[:, b]
        level = np.ones(difference.size)
        for p, critical, _ in LEVELS:
            level[np.abs(difference) > critical * sed[a, b]] = p
        pairs.append(PairComparison(a, b, difference, level))
    return pairs


def distinguishing_statements(
    pairs: list[PairComparison], factor: int, p: float = 0.05
) -> np.ndarray:
    """Mask of statements on which ``factor`` differs significantly from every other factor.

    Parameters
    ----------
    pairs : list of PairComparison
        From :func:`compare_factors`.
    factor : int
        0-based factor.
    p : float, optional
        Level, one of those in ``LEVELS``.

    Returns
    -------
    ndarray of bool, shape (n_statements,)
        Empty when ``factor`` is in no pair.
    """
    involved = [pair for pair in pairs if factor in (pair.first, pair.second)]
    if not involved:
        return np.zeros(0 if not pairs else pairs[0].level.size, dtype=bool)
    return np.logical_and.reduce([pair.significant(p) for pair in involved])


def consensus_statements(pairs: list[PairComparison], p: float = 0.05) -> np.ndarray:
    """Mask of statements on which no pair of factors differs significantly at ``p``.

    Parameters
    ----------
    pairs : list of PairComparison
        From :func:`compare_factors`; at least one.
    p : float, optional
        Level, one of those in ``LEVELS``.

    Returns
    -------
    ndarray of bool, shape (n_statements,)
    """
    return ~np.logical_or.reduce([pair.significant(p) for pair in pairs])


def qmethod_labels(pairs: list[PairComparison], factors: list[int]) -> list[str]:
    """qmethod's ``dist.and.cons`` text per statement ("Consensus", "Distinguishes all",
    "Distinguishes f2 only", "Distinguishes f1 Distinguishes f3 ", "Distinguishing" for two
    factors, or "").

    Parameters
    ----------
    pairs : list of PairComparison
        From :func:`compare_factors`; at least one.
    factors : list of int
        The 0-based factors compared, as passed to :func:`compare_factors`.

    Returns
    -------
    list of str
        One label per statement, at p < .05.
    """
    n_statements = pairs[0].level.size
    significant = np.column_stack([pair.significant() for pair in pairs])
    labels = []
    for s in range(n_statements):
        row = significant[s]
        if not row.any():
            labels.append("Consensus")
        elif len(factors) == 2:
            labels.append("Distinguishing")
        elif row.all():
            labels.append("Distinguishes all")
        else:
            label = ""
            for f in factors:
                number = f + 1
                inside = [i for i, pair in enumerate(pairs) if f in (pair.first, pair.second)]
                outside = [i for i in range(len(pairs)) if i not in inside]
                if row[inside].all() and not row[outside].any():
                    label = f"Distinguishes f{number} only"
                elif row[inside].all():
                    label += f"Distinguishes f{number} "
            labels.append(label)
    return labels


def summarise(
    comparisons: list[PairComparison],
    compared: list[int],
    n_factors: int,
    statements: list[str],
    pqmethod_consensus: bool,
) -> dict[str, object]:
    """Distinguishing statements per factor (p < .05 and p < .01), consensus statements (qmethod's
    definition, and PQMethod's when asked) and qmethod's labels, by statement id.

    Factors not in ``compared`` (no scores) get empty lists; with fewer than two compared factors
    there is nothing to compare and every list is empty.

    Parameters
    ----------
    comparisons : list of PairComparison
        From :func:`compare_factors`.
    compared : list of int
        The 0-based factors compared.
    n_factors : int
        Number of factors in the solution.
    statements : list of str
        Statement ids, in the order of the z-scores.
    pqmethod_consensus : bool
        Also list consensus statements by PQMethod's definition (none significant at .01).

    Returns
    -------
    dict
        ``distinguishing`` and ``distinguishing_p01`` (1-based factor -> statement ids),
        ``consensus`` (ids), ``consensus_pqmethod`` (None unless asked) and ``qdc_labels``.
    """

    def ids(mask: np.ndarray) -> list[str]:
        return [s for s, m in zip(statements, mask, strict=True) if m]

    distinguishing = {f + 1: [] for f in range(n_factors)}
    distinguishing_p01 = {f + 1: [] for f in range(n_factors)}
    if not comparisons:
        return {
            "distinguishing": distinguishing,
            "distinguishing_p01": distinguishing_p01,
            "consensus": [],
            "consensus_pqmethod": [] if pqmethod_consensus else None,
            "qdc_labels": None,
        }
    for f in compared:
        distinguishing[f + 1] = ids(distinguishing_statements(comparisons, f, 0.05))
        distinguishing_p01[f + 1] = ids(distinguishing_statements(comparisons, f, 0.01))
    pqmethod = None
    if pqmethod_consensus:
        at_01, at_05 = (
            consensus_statements(comparisons, 0.01),
            consensus_statements(comparisons, 0.05),
        )
        pqmethod = [
            {"statement": s, "significant_at_05": not bool(c05)}
            for s, c01, c05 in zip(statements, at_01, at_05, strict=True)
            if c01
        ]
    return {
        "distinguishing": distinguishing,
        "distinguishing_p01": distinguishing_p01,
        "consensus": ids(consensus_statements(comparisons, 0.05)),
        "consensus_pqmethod": pqmethod,
        "qdc_labels": qmethod_labels(comparisons, compared),
    }
