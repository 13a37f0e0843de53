"""Priorities per statement, for the room and per group (qsort.analysis.priorities).

Expected values follow from the definitions (mean, n - 1 standard deviation, counts) computed
directly from the sorts with NumPy, and from scipy.stats for the test (``wilcoxon`` with Pratt's
zeros, normal approximation; ``false_discovery_control``); tolerance ``ATOL`` is round-off.
"""

import json

import numpy as np
import pytest
import scipy.stats as st

from qsort.analysis import analyse
from qsort.analysis.concordance import kendall_w
from qsort.analysis.priorities import priorities
from tests.helpers import GRID, planted

ATOL = 1e-12
STATEMENTS = [f"S{j + 1:02d}" for j in range(GRID.size)]


def _column(table, key):
    return np.array(
        [np.nan if s.as_dict()[key] is None else s.as_dict()[key] for s in table.statements]
    )


def test_room_figures_equal_direct_computation():
    x = planted(30)
    room = priorities(x, STATEMENTS).room
    np.testing.assert_allclose(_column(room, "mean"), x.mean(axis=0), rtol=0, atol=ATOL)
    np.testing.assert_allclose(_column(room, "sd"), x.std(axis=0, ddof=1), rtol=0, atol=ATOL)
    reference = st.wilcoxon(x, zero_method="pratt", method="asymptotic")
    np.testing.assert_allclose(_column(room, "p"), reference.pvalue, rtol=0, atol=ATOL)
    q = st.false_discovery_control(reference.pvalue, method="bh")
    np.testing.assert_allclose(_column(room, "q"), q, rtol=0, atol=ATOL)
    counts = np.array([s.counts for s in room.statements])
    expected = np.stack([(x == v).sum(axis=0) for v in range(-4, 5)], axis=1)
    np.testing.assert_array_equal(counts, expected)
    assert [s.n_top for s in room.statements] == (x == 4).sum(axis=0).tolist()
    assert [s.n_bottom for s in room.statements] == (x == -4).sum(axis=0).tolist()
    assert room.concordance.w == pytest.approx(kendall_w(x).w, abs=ATOL)


def test_verdicts_follow_q_values_and_direction():
    """q <= .05 above neutral is a priority, below neutral clearly not; otherwise unclear."""
    x = planted(60)
    for s in priorities(x, STATEMENTS).room.statements:
        if s.q is not None and s.q <= 0.05:
            assert s.verdict == ("priority" if s.z > 0 else "not_priority")
            assert (s.mean > 0) == (s.verdict == "priority")
        else:
            assert s.verdict == "unclear"
    verdicts = {s.verdict for s in priorities(x, STATEMENTS).room.statements}
    assert verdicts == {"priority", "not_priority", "unclear"}


def test_ranks_by_mean_then_spread_like_the_overall_ranking():
    x = planted(30)
    result = analyse(x, 3, statements=STATEMENTS)
    by_rank = [s.statement for s in result.priorities.room.ranked()]
    assert by_rank == [r.statement for r in result.overall_ranking]


def test_groups_are_their_own_tables_and_the_room_keeps_everyone():
    x = planted(40)
    groups = ["Sales"] * 12 + [" Service "] * 15 + [None] * 5 + [""] * 8
    result = priorities(x, STATEMENTS, groups=groups)
    assert [g.group for g in result.groups] == ["Sales", "Service"]
    assert [g.n_sorts for g in result.groups] == [12, 15] and result.room.n_sorts == 40
    sales = result.groups[0]
    np.testing.assert_allclose(_column(sales, "mean"), x[:12].mean(axis=0), rtol=0, atol=ATOL)
    p = st.wilcoxon(x[12:27], zero_method="pratt", method="asymptotic").pvalue
    np.testing.assert_allclose(_column(result.groups[1], "p"), p, rtol=0, atol=ATOL)
    assert sales.concordance.w == pytest.approx(kendall_w(x[:12]).w, abs=ATOL)


def test_a_group_of_one_has_no_interval_and_no_agreement():
    x = planted(10)
    result = priorities(x, STATEMENTS, groups=["solo"] + ["rest"] * 9)
    solo = result.groups[1]
    assert solo.group == "solo" and solo.n_sorts == 1
    assert all(s.ci_low is None and s.sd is None for s in solo.statements)
    assert solo.concordance.w is None


def test_group_labels_must_match_the_sorts():
    with pytest.raises(ValueError, match="3 group labels for 10 sorts"):
        priorities(planted(10), STATEMENTS, groups=["a", "b", "c"])


@pytest.mark.parametrize("shift", [5, 1, -2])
def test_asymmetric_value_range_tests_against_its_own_middle(shift):
    """The same sorts on 1..9 (neutral 5) or -3..+5 (neutral 1): identical tests and verdicts."""
    x = planted(30)
    base = priorities(x, STATEMENTS)
    moved = priorities(x + shift, STATEMENTS)
    assert moved.neutral == shift
    np.testing.assert_allclose(_column(moved.room, "p"), _column(base.room, "p"), atol=ATOL)
    assert [s.verdict for s in moved.room.statements] == [s.verdict for s in base.room.statements]
    np.testing.assert_allclose(
        _column(moved.room, "mean"), _column(base.room, "mean") + shift, atol=ATOL
    )


def test_even_number_of_columns_puts_neutral_between_them():
    """Grid -3..+4 (8 columns): neutral 0.5; a card at 0 counts as below neutral."""
    grid = np.repeat(np.arange(-3, 5), [1, 2, 3, 4, 4, 3, 2, 1])
    x = planted(25, grid=grid)
    result = priorities(x, [f"s{j}" for j in range(grid.size)])
    assert result.neutral == 0.5
    reference = st.wilcoxon(x - 0.5, zero_method="pratt", method="asymptotic").pvalue
    np.testing.assert_allclose(_column(result.room, "p"), reference, rtol=0, atol=ATOL)


def test_skewed_heights_report_the_grid_mean_beside_neutral():
    grid = np.repeat(np.arange(-2, 3), [1, 2, 3, 5, 4])  # more room on the positive side
    x = planted(20, grid=grid)
    result = priorities(x, [f"s{j}" for j in range(grid.size)])
    assert result.neutral == 0.0
    assert result.grid_mean == pytest.approx(grid.mean(), abs=ATOL) and result.grid_mean > 0


def test_json_shape_of_the_contract():
    """``priorities`` in as_dict: per statement mean, interval, verdict, spread, extremes."""
    groups = ["a", "b"] * 15
    document = json.loads(
        json.dumps(analyse(planted(30), 2, statements=STATEMENTS, groups=groups).as_dict())
    )
    block = document["priorities"]
    assert block["neutral"] == 0.0 and block["fdr"] == 0.05 and block["confidence"] == 0.95
    for table in [block["room"], *block["groups"]]:
        assert 0 < table["kendall_w"] < 1
        first = table["statements"][0]
        assert set(first) >= {"statement", "mean", "ci_low", "ci_high", "verdict", "sd",
                              "n_top", "n_bottom", "counts", "p", "q", "rank"}  # fmt: skip
        assert [s["statement"] for s in table["statements"]] == STATEMENTS
    assert [g["group"] for g in block["groups"]] == ["a", "b"]
