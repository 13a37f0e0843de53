"""Crib sheets as KADE builds them (qsort.analysis.crib_sheets).

Expected values: worked by hand from the definitions in the module docstring (KADE's rules:
highest/lowest by z-score, sized by the extreme columns; then "at least as high/low as every
other factor and on its side of neutral"), and properties on the Lipset study.
"""

import numpy as np

from qsort.analysis import analyse
from qsort.analysis.crib_sheets import crib_sheets
from tests.helpers import FIXTURES, read_sorts_csv

STATEMENTS = list("ABCDEFGHI")
GRID9 = np.array([-2, -1, -1, 0, 0, 0, 1, 1, 2])
ARRAYS = np.array(
    [  # factor 1, 2, 3
        [2, 0, 1],
        [1, 1, -1],
        [1, 2, 0],
        [0, -1, 0],
        [0, 0, 2],
        [0, 1, -1],
        [-1, -2, 1],
        [-1, 0, -2],
        [-2, -1, 0],
    ]
)


def _z():
    """z-scores ordered like the arrays (statement order breaks no ties here)."""
    z = np.empty(ARRAYS.shape)
    for f in range(3):
        z[:, f] = ARRAYS[:, f] + np.linspace(0.4, 0.0, 9)  # strictly decreasing within a value
    return z


def _ids(entries):
    return [e.statement for e in entries]


def test_hand_worked_crib_sheet():
    """Factor 1: highest A (top column holds 1), lowest I; of the rest B (1 vs 1, -1) and D
    (0 vs -1, 0) are at least as high as elsewhere, E (0 vs 0, 2) at least as low."""
    sheet = crib_sheets(_z(), ARRAYS, GRID9, STATEMENTS, {1: ["A"]}, ["D"])[0]
    assert _ids(sheet.highest) == ["A"] and _ids(sheet.lowest) == ["I"]
    assert _ids(sheet.higher) == ["B", "D"]
    assert _ids(sheet.lower) == ["E"]
    b, d = sheet.higher
    assert b.others == {2: 1, 3: -1} and b.strict is False  # tied with factor 2
    assert d.marker == "consensus" and sheet.highest[0].marker == "distinguishing"
    assert sheet.highest[0].strict is True  # +2 against 0 and +1


def test_factor_two_follows_the_same_rules():
    """Factor 2 (A0 B1 C2 D-1 E0 F1 G-2 H0 I-1): highest C, lowest G. Higher: B (1 vs 1, -1),
    F (1 vs 0, -1), H (0 vs -1, -2). Lower: A (0 vs 2, 1), E (0 vs 0, 2), D (-1 vs 0, 0);
    I (-1 vs -2, 0) is not, factor 1 puts it lower. Each list runs down the z-scores."""
    sheets = crib_sheets(_z(), ARRAYS, GRID9, STATEMENTS, {}, [])
    second = sheets[1]
    assert _ids(second.highest) == ["C"] and _ids(second.lowest) == ["G"]
    assert _ids(second.higher) == ["B", "F", "H"]
    assert [e.strict for e in second.higher] == [False, True, True]
    assert _ids(second.lower) == ["A", "E", "D"]
    assert [e.strict for e in second.lower] == [True, False, True]
    assert _ids(sheets[2].highest) == ["E"] and _ids(sheets[2].lowest) == ["H"]


def test_lipset_crib_sheets_keep_the_definitions():
    participants, statements, sorts = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")
    result = analyse(sorts, 3, participants=participants, statements=statements)
    heights = dict(zip(*np.unique(sorts[0], return_counts=True), strict=True))
    index = {s: j for j, s in enumerate(statements)}
    for sheet in result.crib_sheets:
        f = sheet.factor - 1
        assert len(sheet.highest) == heights[4] and len(sheet.lowest) == heights[-4]
        listed = _ids(sheet.highest) + _ids(sheet.lowest)
        for entry in sheet.higher:
            row = result.factor_arrays[index[entry.statement]]
            assert entry.statement not in listed and row[f] >= 0 and row[f] == row.max()
        for entry in sheet.lower:
            row = result.factor_arrays[index[entry.statement]]
            assert entry.statement not in listed and row[f] <= 0 and row[f] == row.min()
        z = [e.z for e in sheet.highest + sheet.higher]
        assert z == sorted(z, reverse=True)


def test_single_factor_has_nothing_to_compare():
    _participants, statements, sorts = read_sorts_csv(FIXTURES / "lipset" / "sorts.csv")
    sheet = analyse(sorts, 1, statements=statements).crib_sheets[0]
    assert sheet.higher == [] and sheet.lower == [] and len(sheet.highest) == 2
