"""Test helpers shared by the analysis and CLI tests (never shipped in the package)."""

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from qsort.analysis.matching import match_factors

FIXTURES = Path(__file__).parent / "fixtures"


def read_sorts_csv(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    participants = [row[0] for row in rows[1:]]
    values = np.array([[int(v) for v in row[1:]] for row in rows[1:]])
    return participants, rows[0][1:], values


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text())


def as_float(value) -> np.ndarray:
    """JSON numbers with nulls -> float array with NaN (NumPy maps None to NaN for float)."""
    return np.array(value, dtype=float)


def align_factors(actual: np.ndarray, expected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column permutation and signs that best match ``actual`` to ``expected`` (by |correlation|,
    one-to-one: :func:`qsort.analysis.matching.match_factors`).

    Asserts that the match is clear (each expected factor's partner is also the one it
    correlates with most). Returns (permutation, signs) such that
    ``actual[:, permutation] * signs`` lines up with ``expected``.
    """
    match = match_factors(np.asarray(expected, float), np.asarray(actual, float))
    greedy = np.argmax(np.abs(match.correlations), axis=1)
    assert np.array_equal(match.order, greedy), (
        f"factors do not match one-to-one: {match.correlations}"
    )
    return match.order, match.signs


#: The clinic grid: 24 statements on -4..+4 with heights 1, 2, 3, 4, 4, 4, 3, 2, 1.
GRID = np.repeat(np.arange(-4, 5), [1, 2, 3, 4, 4, 4, 3, 2, 1])


def planted(n_sorts: int, seed: int = 11, grid: np.ndarray = GRID) -> np.ndarray:
    """Sorts from three random planted viewpoints plus noise, dealt onto ``grid`` by rank."""
    rng = np.random.default_rng(seed)
    views = rng.standard_normal((3, grid.size))
    scores = views[rng.integers(3, size=n_sorts)] + rng.standard_normal((n_sorts, grid.size))
    sorts = np.empty(scores.shape, dtype=np.int64)
    np.put_along_axis(sorts, np.argsort(scores, axis=1), np.sort(grid)[None, :], axis=1)
    return sorts


def demo_sorts() -> tuple[list[str], np.ndarray, dict[str, str]]:
    """The demo clinic's 30 sorts without a database: the same planted viewpoints, seed and
    grid as ``qsort.services.demo`` (which seeds them into a clinic). Returns the statement
    ids, the sorts and the planted viewpoint of each sort ("allowed", "able" or "want")."""
    import random

    from qsort.presets import CUSTOMER_FOCUS
    from qsort.services.demo import SEED, VIEWPOINTS, onto_grid, viewpoint_scores

    rng = random.Random(SEED)
    ideals = viewpoint_scores(rng)
    rows, planted_as = [], []
    for viewpoint, count in VIEWPOINTS.items():
        for _ in range(count):
            scores = [s + rng.gauss(0, 1.1) for s in ideals[viewpoint]]
            rows.append([value for value, _ in onto_grid(scores, CUSTOMER_FOCUS.grid)])
            planted_as.append(viewpoint)
    ids = [f"S{n:02d}" for n in range(1, len(CUSTOMER_FOCUS.statements) + 1)]
    return ids, np.array(rows, dtype=np.int64), planted_as


def named_cases(argnames: str | tuple[str, ...], table) -> pytest.MarkDecorator:
    """``pytest.mark.parametrize`` over a table of cases whose rows start with their test id."""
    return pytest.mark.parametrize(argnames, [pytest.param(*row[1:], id=row[0]) for row in table])


def assert_cli_analyses_alike(path: Path, reference: Path, args: list[str], out: Path) -> None:
    """Does ``qsort analyse`` with ``args`` give ``path`` the participants and loadings (to
    1e-12) it gives ``reference``? The JSON results are written into the folder ``out``."""
    from qsort.cli import main

    results = []
    for n, source in enumerate((path, reference)):
        written = out / f"analysis-{n}.json"
        assert main(["analyse", str(source), *args, "--json", str(written)]) == 0
        results.append(json.loads(written.read_text()))
    analysed, expected = results
    assert analysed["participants"] == expected["participants"]
    np.testing.assert_allclose(analysed["loadings"], expected["loadings"], rtol=0, atol=1e-12)
