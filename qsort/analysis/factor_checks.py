"""How many viewpoints? The aids beyond :mod:`.factor_count`, side by side, and the automatic rule.

Aids added here (none decides alone):

- **sorts per factor**: Watts & Stenner [2]_ suggest about one factor for every six to
  eight sorts, so at most N // 6 factors (and N // 8 as the cautious end);
- **scree by the acceleration factor**: the scree's elbow is where the eigenvalue curve bends
  most, :math:`a_i = \\lambda_{i+1} - 2\\lambda_i + \\lambda_{i-1}`; the factors before the elbow
  are kept (Raîche et al. [4]_; Cattell's scree read without a ruler);
- **viewpoint checks** of a solution: every viewpoint has at least two defining sorts (Brown
  [3]_; Watts & Stenner [2]_) and, with more than one viewpoint, at least one distinguishing
  statement (p < .05) that sets it apart.

The parallel analysis of :mod:`.factor_count` already draws its random sorts as permutations of
the forced grid, one per sort (shuffling a sort's values over the statements keeps it a valid
grid: Horn's idea [1]_ with the null that fits Q).

:func:`choose_n_factors`, the automatic default: start at parallel analysis' suggestion, take at
most N // 6 factors (sorts per factor) and at most ``upper`` (and N - 1, M - 1), then step down
until the solution passes the viewpoint checks (one factor if none does). It runs at most
``upper`` analyses, each without the factor-count aids, so its time is bounded. The record says
which aids it followed, what each said, and which changed the count.

References
----------
.. [1] Horn, J. L. (1965). A rationale and test for the number of factors in factor analysis.
   *Psychometrika*, 30(2), 179-185. https://doi.org/10.1007/BF02289447
.. [2] Watts, S., & Stenner, P. (2012). *Doing Q Methodological Research: Theory, Method and
   Interpretation*. London: SAGE. https://doi.org/10.4135/9781446251911
.. [3] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in Political
   Science*. New Haven: Yale University Press (defining sorts).
.. [4] Raîche, G., Walls, T. A., Magis, D., Riopel, M., & Blais, J.-G. (2013). Non-graphical
   solutions for Cattell's scree test. *Methodology*, 9(1), 23-29.
   https://doi.org/10.1027/1614-2241/a000051
"""

from dataclasses import dataclass, replace

import numpy as np

from qsort.analysis.errors import AnalysisError

SORTS_PER_FACTOR = (6, 8)
MIN_DEFINING = 2
MIN_DISTINGUISHING = 1
MAX_FACTORS = 7  # the most viewpoints a facilitator can ask for, and the automatic choice tries
DEFAULT_UPPER = MAX_FACTORS


@dataclass(frozen=True)
class FactorCountChoice:
    n_factors: int
    followed: list[dict]
    changed_by: list[str]
    tried: list[dict]
    side_by_side: dict

    def as_dict(self) -> dict[str, object]:
        return {
            "n_factors": self.n_factors,
            "rule": (
                "parallel analysis, at most one factor per 6 sorts, then fewer until every "
                "viewpoint has at least 2 defining sorts and 1 distinguishing statement"
            ),
            "followed": self.followed,
            "changed_by": self.changed_by,
            "tried": self.tried,
            "side_by_side": self.side_by_side,
        }


def sorts_per_factor(n_sorts: int) -> dict[str, int]:
    """Watts & Stenner's guide [1]_: N // 8 .. N // 6 factors (at least 1).

    Parameters
    ----------
    n_sorts : int
        Number of sorts N.

    Returns
    -------
    dict
        ``at_most`` (N // 6) and ``cautious`` (N // 8), each at least 1.

    References
    ----------
    .. [1] Watts, S., & Stenner, P. (2012). *Doing Q Methodological Research: Theory, Method
       and Interpretation*. London: SAGE (one factor for every six to eight sorts).
    """
    fewest, most = SORTS_PER_FACTOR
    return {"at_most": max(1, n_sorts // fewest), "cautious": max(1, n_sorts // most)}


def scree_acceleration(eigenvalues: np.ndarray) -> int:
    r"""Factors before the scree's sharpest bend (at least 1).

    .. math:: a_i = \lambda_{i+1} - 2\lambda_i + \lambda_{i-1}

    Parameters
    ----------
    eigenvalues : array_like, shape (n,)
        Eigenvalues :math:`\lambda`, descending.

    Returns
    -------
    int
        The index i (1-based) of the largest :math:`a_i`, minus one; 1 with fewer than three
        eigenvalues.
    """
    values = np.asarray(eigenvalues, dtype=float)
    if values.size < 3:
        return 1
    acceleration = values[2:] - 2 * values[1:-1] + values[:-2]  # a_i for i = 2 .. n - 1
    return max(1, int(np.argmax(acceleration)) + 1)


def viewpoint_checks(n_defining, distinguishing: dict, n_factors: int) -> dict[str, object]:
    """Per factor: enough defining sorts, at least one distinguishing statement (k > 1).

    Parameters
    ----------
    n_defining : sequence of int, shape (n_factors,)
        Defining sorts per factor.
    distinguishing : dict
        1-based factor (int or str) -> its distinguishing statement ids at p < .05.
    n_factors : int
        Number of factors k.

    Returns
    -------
    dict
        ``factors`` (one record per factor) and ``all_pass``.
    """
    factors = []
    for f in range(1, n_factors + 1):
        defining = int(n_defining[f - 1])
        count = len(distinguishing.get(f, distinguishing.get(str(f), [])))
        factors.append(
            {
                "factor": f,
                "defining_sorts": defining,
                "enough_defining_sorts": defining >= MIN_DEFINING,
                "distinguishing_statements": count,
                "has_distinguishing": None if n_factors == 1 else count >= MIN_DISTINGUISHING,
            }
        )
    passed = all(
        f["enough_defining_sorts"] and f["has_distinguishing"] is not False for f in factors
    )
    return {"factors": factors, "all_pass": passed}


def checks_record(result) -> dict[str, object]:
    """The aids of this module for one analysis result.

    Parameters
    ----------
    result : QAnalysis
        A finished analysis.

    Returns
    -------
    dict
        ``sorts_per_factor``, ``viewpoints`` and ``scree_acceleration`` (None without aids).
    """
    record = {
        "sorts_per_factor": sorts_per_factor(result.n_sorts),
        "viewpoints": viewpoint_checks(result.n_defining, result.distinguishing, result.n_factors),
    }
    aids = result.factor_count_aids
    record["scree_acceleration"] = scree_acceleration(aids.eigenvalues) if aids else None
    return record


def choose_n_factors(sorts, options, *, upper: int = DEFAULT_UPPER, aids=None):
    """The automatic number of factors (see the module).

    Parameters
    ----------
    sorts : array_like, shape (n_sorts, n_statements)
        The sorts.
    options : AnalysisOptions
        The run's options; ``n_factors`` is replaced by each count tried.
    upper : int
        Most factors considered.
    aids : FactorCountAids, optional
        Aids already computed (else computed from principal components).

    Returns
    -------
    choice : FactorCountChoice
        The count, the aids followed, which changed it and the counts tried.
    result : QAnalysis
        The analysis of the chosen count, without aids or interpretation (the checks need
        only the factors, their defining sorts and distinguishing statements).
    """
    from qsort.analysis.pipeline import run_analysis

    x = np.asarray(sorts)
    n_sorts, n_statements = x.shape
    if aids is None:
        aids = _pca_aids(x, options.seed, options.draws())
    guide = sorts_per_factor(n_sorts)
    limit = max(1, min(upper, n_sorts - 1, n_statements - 1))
    start = max(1, aids.parallel_suggestion)
    k = min(start, guide["at_most"], limit)
    changed = [
        name
        for name, cap in (("sorts_per_factor", guide["at_most"]), ("limit", limit))
        if cap < start and k == cap
    ]
    tried, result = [], None
    for candidate in range(k, 0, -1):
        try:
            result = run_analysis(
                x,
                replace(options, n_factors=candidate),
                with_factor_count_aids=False,
                with_interpretation=False,
            )
        except AnalysisError as error:  # e.g. qmethod's refusal of a factor without flags
            if candidate == 1:
                raise
            tried.append({"n_factors": candidate, "all_pass": False, "error": str(error)})
            continue
        checks = viewpoint_checks(result.n_defining, result.distinguishing, candidate)
        tried.append({"n_factors": candidate, "all_pass": checks["all_pass"]})
        if checks["all_pass"]:
            break
    if len(tried) > 1:
        changed.append("viewpoint_checks")
    choice = FactorCountChoice(
        n_factors=tried[-1]["n_factors"],
        followed=[
            {"aid": "parallel_analysis", "suggests": int(aids.parallel_suggestion)},
            {"aid": "sorts_per_factor", "at_most": guide["at_most"]},
            {"aid": "limit", "at_most": limit},
            {"aid": "viewpoint_checks", "tried": [t["n_factors"] for t in tried]},
        ],
        changed_by=changed,
        tried=tried,
        side_by_side=side_by_side(aids.as_dict(), n_sorts),
    )
    return choice, result


def side_by_side(aids: dict, n_sorts: int) -> dict[str, int]:
    """What each aid suggests on its own, as a number of factors, from the stored aids
    (:meth:`FactorCountAids.as_dict`): parallel analysis, Kaiser (eigenvalues > 1), the
    scree's sharpest bend, Humphrey's rule and significant loadings (the leading factors
    that pass / have at least two), and Watts & Stenner's at most one factor per 6 sorts.

    Parameters
    ----------
    aids : dict
        :meth:`FactorCountAids.as_dict`.
    n_sorts : int
        Number of sorts N.

    Returns
    -------
    dict
        Aid name -> number of factors it suggests.
    """
    humphrey = 0
    while humphrey < len(aids["humphrey"]) and aids["humphrey"][humphrey]:
        humphrey += 1
    loadings, significant = 0, aids["significant_loadings"]
    while loadings < len(significant) and significant[loadings] >= 2:
        loadings += 1
    return {
        "parallel_analysis": int(aids["parallel_analysis"]["suggested"]),
        "kaiser": int(aids["kaiser"]),
        "scree_acceleration": scree_acceleration(aids["eigenvalues"]),
        "humphrey": humphrey,
        "significant_loadings": loadings,
        "sorts_per_factor": sorts_per_factor(n_sorts)["at_most"],
    }


def _pca_aids(x: np.ndarray, seed: int, draws: str | None = None):
    from qsort.analysis.extraction import principal_components
    from qsort.analysis.factor_count import MAX_CANDIDATES, factor_count_aids
    from qsort.analysis.parallel_draws import DEFAULT_DRAWS

    pca = principal_components(x, min(MAX_CANDIDATES, x.shape[0], x.shape[1] - 1))
    return factor_count_aids(
        x, pca.eigenvalues, pca.loadings, seed=seed, draws=draws or DEFAULT_DRAWS
    )
