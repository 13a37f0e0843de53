"""How stable are the viewpoints? A seeded bootstrap of the sorts.

Each resample draws N sorts with replacement and re-runs the analysis with the same options
(method, rotation, number of factors, conventions, significance) but with automatic flags and no
judgmental rotations, and without the factor-count aids. Each resampled factor is matched to an
original factor by a one-to-one assignment that maximises the total absolute correlation of
their z-scores over the statements (:func:`qsort.analysis.matching.match_factors`); a negative
correlation flips the resampled factor. Then we count

- **top-five retention**: for each original factor and each of its top statements, the share of
  resamples in which the statement is also in the matched factor's top five;
- **flag agreement**: for each participant, among the resamples that drew their sort, the share
  in which it is flagged on exactly the same (matched) factors as in the original analysis
  (no flag counts as a result too);
- **bootstrap standard errors of the z-scores**: per factor and statement, the standard
  deviation (n - 1 divisor) of the matched factor's z-score over the successful resamples, with
  their mean: Zabala & Pascual's (2016) statement-level measure of variability, read against
  the statement's salience in their Table 1 (see :mod:`qsort.narrative.facts`).

Resamples whose analysis fails (e.g. a factor without defining sorts under the qmethod
conventions) are counted and skipped. This bootstrap of Q-sorts follows the idea of Zabala &
Pascual (2016), "Bootstrapping Q Methodology to Improve the Understanding of Human
Perspectives", PLoS ONE 11(2); the matching and the two summaries are our own, simpler choice.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from qsort.analysis.errors import AnalysisError
from qsort.analysis.matching import match_factors
from qsort.analysis.options import AnalysisOptions
from qsort.analysis.pipeline import run_analysis


@dataclass(frozen=True)
class StabilityResult:
    """Bootstrap summaries; k factors, N sorts, ``top`` statements per factor.

    Attributes
    ----------
    top_statements : int (k, top)
        Indices of each original factor's top statements (-1 where a factor has no scores).
    top_retention : (k, top)
        Share of successful resamples in which that statement stays in the matched top ``top``.
    flag_agreement : (N,)
        Share of the resamples that drew the sort in which its flags match; NaN if never drawn.
    match_correlation : (k,)
        Mean absolute z-score correlation between each original factor and its match.
    z_mean, z_se : (M, k) or None
        Bootstrap mean and standard error of each statement's matched z-score (NaN for a
        factor without scores or with fewer than two successful resamples).
    """

    n_resamples: int
    n_failed: int
    seed: int
    top_statements: np.ndarray
    top_retention: np.ndarray
    flag_agreement: np.ndarray
    match_correlation: np.ndarray
    z_mean: np.ndarray | None = None
    z_se: np.ndarray | None = None

    def as_dict(self, participants: list[str], statements: list[str]) -> dict[str, object]:
        factors = {}
        for f in range(self.top_statements.shape[0]):
            kept = self.top_statements[f] >= 0
            factors[str(f + 1)] = {
                "top": [
                    {"statement": statements[j], "retention": float(r)}
                    for j, r in zip(
                        self.top_statements[f][kept], self.top_retention[f][kept], strict=True
                    )
                ],
                "mean_retention": float(np.mean(self.top_retention[f][kept]))
                if kept.any()
                else None,
                "match_correlation": _number(self.match_correlation[f]),
            }
            if self.z_se is not None:
                factors[str(f + 1)]["z_mean"] = [_number(v) for v in self.z_mean[:, f]]
                factors[str(f + 1)]["z_se"] = [_number(v) for v in self.z_se[:, f]]
        return {
            "n_resamples": self.n_resamples,
            "n_failed": self.n_failed,
            "seed": self.seed,
            "factors": factors,
            "flag_agreement": {
                p: _number(a) for p, a in zip(participants, self.flag_agreement, strict=True)
            },
            "method": "bootstrap of sorts, automatic flags, factors matched by |r| of z-scores",
        }


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def bootstrap_stability(
    sorts: np.ndarray,
    options: AnalysisOptions,
    *,
    n_resamples: int = 200,
    seed: int = 20240601,
    top: int = 5,
    progress: Callable[[int, int], None] | None = None,
) -> StabilityResult:
    """Bootstrap ``sorts`` (shape (N, M)) ``n_resamples`` times; see the module docstring.

    ``progress(done, n_resamples)`` is called after every resample; an exception it raises
    stops the bootstrap (how a caller enforces a time limit or a cancel).
    """
    x = np.asarray(sorts)
    if n_resamples < 1:
        raise ValueError("stability: n_resamples must be at least 1")
    if x.ndim != 2 or x.shape[0] < 2:
        raise ValueError("stability: at least two sorts are needed")
    base = replace(options, manual_flags={}, judgmental_rotations=())
    original = run_analysis(x, base, with_factor_count_aids=False, with_interpretation=False)
    top_idx = _top_indices(original.z_scores, top)
    tally = {
        "in_top": np.zeros(top_idx.shape),
        "agree": np.zeros(x.shape[0]),
        "drawn": np.zeros(x.shape[0]),
        "match_r": np.zeros(original.n_factors),
        "z_sum": np.zeros(original.z_scores.shape),
        "z_squares": np.zeros(original.z_scores.shape),
    }
    failed = 0
    draws = np.random.default_rng(seed).integers(0, x.shape[0], size=(n_resamples, x.shape[0]))
    for done, rows in enumerate(draws, start=1):
        if progress is not None and done > 1:
            progress(done - 1, n_resamples)
        try:
            sample = run_analysis(
                x[rows], base, with_factor_count_aids=False, with_interpretation=False
            )
        except AnalysisError:
            failed += 1
            continue
        _count(tally, original, sample, rows, top_idx, top)
    done = max(n_resamples - failed, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        agreement = np.where(tally["drawn"] > 0, tally["agree"] / tally["drawn"], np.nan)
    z_mean, z_se = _z_moments(tally["z_sum"], tally["z_squares"], n_resamples - failed)
    return StabilityResult(
        n_resamples=n_resamples,
        n_failed=failed,
        seed=seed,
        top_statements=top_idx,
        top_retention=tally["in_top"] / done,
        flag_agreement=agreement,
        match_correlation=tally["match_r"] / done,
        z_mean=z_mean,
        z_se=z_se,
    )


def _count(tally: dict, original, sample, rows: np.ndarray, top_idx: np.ndarray, top: int) -> None:
    """Add one successful resample to the running sums (matched to the original factors)."""
    match = match_factors(original.z_scores, sample.z_scores)
    perm, z = match.order, match.aligned(sample.z_scores)
    tally["z_sum"] += z
    tally["z_squares"] += z**2
    tally["in_top"] += _retained(top_idx, z, top)
    flags = sample.flags[:, perm]
    unique, first = np.unique(rows, return_index=True)
    tally["agree"][unique] += np.all(flags[first] == original.flags[unique], axis=1)
    tally["drawn"][unique] += 1
    tally["match_r"] += match.similarity


def _z_moments(total: np.ndarray, squares: np.ndarray, count: int):
    """Mean and n - 1 standard deviation from running sums (NaN below two resamples)."""
    if count < 2:
        return np.full(total.shape, np.nan), np.full(total.shape, np.nan)
    mean = total / count
    variance = (squares - count * mean**2).clip(min=0) / (count - 1)
    return mean, np.sqrt(variance)


def _top_indices(z: np.ndarray, top: int) -> np.ndarray:
    """Each factor's ``top`` statements by z (ties by statement order); -1 for empty factors."""
    m, k = z.shape
    top = min(top, m)
    result = np.full((k, top), -1, dtype=np.int64)
    for f in range(k):
        if not np.all(np.isnan(z[:, f])):
            result[f] = np.lexsort((np.arange(m), -z[:, f]))[:top]
    return result


def _retained(top_idx: np.ndarray, z: np.ndarray, top: int) -> np.ndarray:
    """1 where an original top statement is in the matched sample factor's top ``top``."""
    sample_top = _top_indices(z, top)
    hits = np.zeros(top_idx.shape)
    for f in range(top_idx.shape[0]):
        if sample_top[f, 0] >= 0:
            hits[f] = np.isin(top_idx[f], sample_top[f]) & (top_idx[f] >= 0)
    return hits
