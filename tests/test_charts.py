"""Chart builders: assert on the figure data (traces, titles, labels), not on HTML."""

import json

from qsort import charts

GRID = [{"value": v, "height": h} for v, h in zip(range(-2, 3), [1, 2, 3, 2, 1], strict=True)]


def test_scree_has_eigenvalues_random_line_and_kaiser():
    fig = charts.scree_figure(
        [4.0, 2.5, 1.2, 0.8, 0.5],
        [1.9, 1.6, 1.4, 1.2, 1.0],
        2,
        title="Scree",
        eigen_label="eigenwaarde",
        random_label="toeval",
        axis_label="component",
    )
    eigen, random = fig.data
    assert list(eigen.x) == [1, 2, 3, 4, 5]
    assert list(eigen.y) == [4.0, 2.5, 1.2, 0.8, 0.5]
    assert eigen.name == "eigenwaarde" and random.name == "toeval"
    assert list(eigen.marker.size) == [8, 14, 8, 8, 8]  # the chosen number stands out
    assert fig.layout.title.text == "Scree"
    assert any(shape.y0 == 1.0 for shape in fig.layout.shapes)


def test_loadings_scatter_splits_flagged_and_keeps_indices():
    loadings = [[0.8, 0.1], [0.2, 0.7], [0.1, 0.1]]
    flags = [[True, False], [False, True], [False, False]]
    fig = charts.loadings_figure(
        loadings,
        flags,
        ["Anouk", "Bram", "Chantal"],
        1,
        2,
        title="L",
        axis_label="viewpoint %(factor)s",
        flagged_label="def",
        other_label="other",
    )
    flagged, other = fig.data
    assert list(flagged.customdata) == [0, 1] and list(other.customdata) == [2]
    assert list(flagged.x) == [0.8, 0.2] and list(flagged.y) == [0.1, 0.7]
    assert list(other.text) == ["Chantal"]
    assert fig.layout.xaxis.title.text == "viewpoint 1"
    assert fig.layout.yaxis.title.text == "viewpoint 2"


def test_factor_array_places_each_statement_in_its_column():
    values = [-2, -1, -1, 0, 0, 0, 1, 1, 2]
    z = [-2.0, -1.0, -0.8, -0.1, 0.0, 0.2, 0.9, 1.1, 2.0]
    codes = [f"S{j}" for j in range(1, 10)]
    texts = [f"text {j}" for j in range(1, 10)]
    fig = charts.factor_array_figure(
        values,
        z,
        codes,
        texts,
        {"S9": "**", "S1": "*", "S5": "="},
        GRID,
        title="Viewpoint 1",
        value_label="least … most",
    )
    background, trace = fig.data
    assert sorted(trace.x) == sorted(values)
    # cells: 0 plain, 1 consensus, 2 distinguishing; None where the grid has no slot
    bottom, middle, top = (list(row) for row in background.z)
    assert bottom == [None, None, 0, None, None]
    assert middle == [None, 0, 1, 0, None]  # S5 (=) is second from the top in column 0
    assert top == [2, 0, 0, 0, 2]  # S1 (*) at -2 and S9 (**) at +2
    labels = dict(zip(trace.text, trace.x, strict=True))
    assert labels["<b>S9**</b><br>text 9"] == 2
    assert any(t.startswith("<b>S5=</b>") for t in trace.text)
    # within a column the higher z-score sits higher
    column0 = {
        t.split("</b>")[0][3:].rstrip("*="): y
        for t, x, y in zip(trace.text, trace.x, trace.y, strict=True)
        if x == 0
    }
    assert column0["S6"] > column0["S5"] > column0["S4"]
    assert list(fig.layout.xaxis.ticktext) == ["-2", "-1", "0", "+1", "+2"]
    assert fig.layout.title.text == "Viewpoint 1"


def test_ranking_has_best_on_top_and_highlights_top_five():
    codes = [f"S{j}" for j in range(1, 8)]
    fig = charts.ranking_figure(
        codes,
        [f"t{j}" for j in range(1, 8)],
        [3, 2, 1, 0, -1, -2, -3],
        [1] * 7,
        title="Ranking",
        value_label="mean",
    )
    (bar,) = fig.data
    assert bar.y[-1].startswith("S1 ")  # plotly draws the last category at the top
    assert list(bar.x) == [-3, -2, -1, 0, 1, 2, 3]
    assert list(bar.marker.color).count(charts.COLOURS[0]) == 5
    json.loads(fig.to_json())  # serialisable for the page


MARKUP = '<a href="https://evil.example">click</a> <b>bold</b> & <span style="color:red">x</span>'


def _no_markup(values) -> None:
    for value in values:
        assert "<a" not in value and "<span" not in value and "<b>bold" not in value, value


def test_user_texts_reach_plotly_as_plain_text():
    """Names, statement codes and texts with markup are escaped before Plotly reads them as
    its subset of HTML; the chart's own <b>/<br> stay."""
    fig = charts.factor_array_figure(
        [0],
        [0.5],
        ["<i>S1</i>"],
        [MARKUP],
        {},
        [{"value": 0, "height": 1}],
        title="t",
        value_label="v",
    )
    trace = fig.data[1]
    _no_markup([trace.text[0].replace("<b>", "", 1), trace.hovertext[0]])
    assert trace.text[0].startswith("<b>&lt;i&gt;S1&lt;/i&gt;</b><br>")
    assert "&lt;a href=" in trace.hovertext[0] and "&amp;" in trace.hovertext[0]
    ranking = charts.ranking_figure(["S1"], [MARKUP], [1.0], [0.5], title="t", value_label="v")
    _no_markup([*ranking.data[0].y, *ranking.data[0].hovertext])
    loadings = charts.loadings_figure(
        [[0.9, 0.1]], [[True, False]], [MARKUP], 1, 2, title="t", axis_label="f %(factor)s",
        flagged_label="a", other_label="b",
    )  # fmt: skip
    assert loadings.data[0].text[0] == charts.plain(MARKUP)
    assert charts.plain(MARKUP).startswith("&lt;a href=")
