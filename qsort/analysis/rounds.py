r"""Round 1 against round 2: how far the room moved between two conditions of instruction.

Only participants who sorted both rounds count (paired rows, same statement order). Three views:

- **per statement**: the mean shift :math:`\bar d_j` of the grid value, :math:`d_{ij} = x^{(2)}_{ij}
  - x^{(1)}_{ij}`, with the paired Student t interval
  .. math:: \bar d_j \pm t_{1-\alpha/2,\,n-1}\, s_{d_j} / \sqrt n
  (:math:`s` with the n - 1 divisor; ``scipy.stats.t.ppf``); no interval below two pairs;
- **per participant**: the Pearson correlation between their two sorts (1: the same sort; the
  lower, the further they moved) and the mean absolute shift of their cards;
- **per viewpoint**: each round's factor z-scores correlated across statements, and the
  viewpoints matched one-to-one by the largest total correlation
  (``scipy.optimize.linear_sum_assignment``, as in :mod:`qsort.analysis.stability`). A
  viewpoint left over (the rounds found different numbers) is reported as unmatched.

References
----------
.. [1] Student (1908). The probable error of a mean. Biometrika, 6(1), 1-25 (paired form).
.. [2] Kuhn, H. W. (1955). The Hungarian method for the assignment problem. Naval Research
   Logistics Quarterly, 2, 83-97.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.stats import t as student_t

CONFIDENCE = 0.95
MOVED_MOST = 5


@dataclass(frozen=True)
class RoundComparison:
    """``mean_shift``, ``low``, ``high``: (n_statements,), round 2 minus round 1 (NaN bounds
    below two pairs); ``participant_r``, ``participant_shift``: (n_paired,);
    ``viewpoint_pairs``: (factor of round 1, factor of round 2, r), 1-based factors;
    ``unmatched_first``/``unmatched_second``: 1-based factors without a partner."""

    n_paired: int
    mean_shift: np.ndarray
    low: np.ndarray
    high: np.ndarray
    participant_r: np.ndarray
    participant_shift: np.ndarray
    viewpoint_pairs: tuple[tuple[int, int, float], ...] = ()
    unmatched_first: tuple[int, ...] = ()
    unmatched_second: tuple[int, ...] = ()

    def moved_most(self, n: int = MOVED_MOST) -> list[int]:
        """Indices of the statements with the largest absolute mean shift (ties: first)."""
        order = np.argsort(-np.abs(self.mean_shift), kind="stable")
        return [int(j) for j in order[:n] if self.mean_shift[j] != 0]

    def as_dict(self, participants: list[str], statements: list[str]) -> dict:
        """JSON-ready, keyed by statement code and participant label."""

        def number(x: float) -> float | None:
            return None if np.isnan(x) else round(float(x), 6)

        return {
            "n_paired": self.n_paired,
            "confidence": CONFIDENCE,
            "statements": [
                {"statement": code, "shift": number(m), "low": number(lo), "high": number(hi)}
                for code, m, lo, hi in zip(
                    statements, self.mean_shift, self.low, self.high, strict=True
                )
            ],
            "moved_most": [statements[j] for j in self.moved_most()],
            "participants": [
                {"participant": p, "r": number(r), "mean_abs_shift": number(a)}
                for p, r, a in zip(
                    participants, self.participant_r, self.participant_shift, strict=True
                )
            ],
            "viewpoints": [
                {"first": a, "second": b, "r": number(r)} for a, b, r in self.viewpoint_pairs
            ],
            "unmatched_first": list(self.unmatched_first),
            "unmatched_second": list(self.unmatched_second),
        }


def _validate_rounds(first: np.ndarray, second: np.ndarray) -> None:
    if first.ndim != 2 or first.shape != second.shape:
        raise ValueError(
            f"round comparison: both rounds need the same (sorts, statements) shape, "
            f"got {first.shape} and {second.shape}"
        )
    if first.shape[0] < 1:
        raise ValueError("round comparison: nobody sorted both rounds")


def compare_rounds(
    first: np.ndarray,
    second: np.ndarray,
    first_z: np.ndarray | None = None,
    second_z: np.ndarray | None = None,
) -> RoundComparison:
    """Compare paired sorts ``first`` and ``second`` (n_paired, n_statements) of the same
    people; ``first_z``/``second_z`` (n_statements, k) are each round's factor z-scores."""
    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    _validate_rounds(first, second)
    n = first.shape[0]
    d = second - first
    mean = d.mean(axis=0)
    low = high = np.full(mean.shape, np.nan)
    if n >= 2:
        half = student_t.ppf(1 - (1 - CONFIDENCE) / 2, n - 1) * d.std(axis=0, ddof=1) / np.sqrt(n)
        low, high = mean - half, mean + half
    pairs, left_a, left_b = _match_viewpoints(first_z, second_z)
    return RoundComparison(
        n_paired=n,
        mean_shift=mean,
        low=low,
        high=high,
        participant_r=_row_correlations(first, second),
        participant_shift=np.abs(d).mean(axis=1),
        viewpoint_pairs=pairs,
        unmatched_first=left_a,
        unmatched_second=left_b,
    )


def _row_correlations(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson r of each row of ``a`` with the same row of ``b`` (NaN for a constant row)."""
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    denominator = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, (a * b).sum(axis=1) / denominator, np.nan)


def _match_viewpoints(first_z, second_z):
    """One-to-one pairs of factors maximising the summed correlation of their z-scores."""
    if first_z is None or second_z is None:
        return (), (), ()
    za, zb = np.asarray(first_z, dtype=float), np.asarray(second_z, dtype=float)
    if za.ndim != 2 or zb.ndim != 2 or 0 in za.shape or 0 in zb.shape:
        return (), (), ()
    k1 = za.shape[1]
    r = np.corrcoef(za.T, zb.T)[:k1, k1:]  # (k1, k2) cross-correlations
    rows, cols = linear_sum_assignment(-np.nan_to_num(r, nan=-1.0))
    pairs = tuple((int(i) + 1, int(j) + 1, float(r[i, j])) for i, j in zip(rows, cols, strict=True))
    left_a = tuple(i + 1 for i in range(k1) if i not in set(rows))
    left_b = tuple(j + 1 for j in range(zb.shape[1]) if j not in set(cols))
    return pairs, left_a, left_b
