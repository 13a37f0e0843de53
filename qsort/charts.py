"""Plotly figures of an analysis, built from plain values (no Flask, no database).

Every builder takes numbers and already translated texts and returns a ``go.Figure``; the views
embed ``fig.to_json()`` in a ``<script type="application/json">`` block and ``static/js/charts.js``
draws it with the locally served plotly.js.

Plotly reads labels as a subset of HTML (``<b>``, ``<br>``, ``<a href>``, ``<span style>``), so
every text that comes from a person or an import (statement codes and texts, participant
names) is escaped with :func:`plain` before Plotly sees it: markup in a name shows as the
characters typed, never as a link or styled text.
"""

import html
import textwrap
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 14}
COLOURS = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0f766e", "#a16207")
GREY = "#9aa3b2"


def plain(text: object) -> str:
    """``text`` for a Plotly label: ``<``, ``>`` and ``&`` as entities (shown literally)."""
    return html.escape(str(text), quote=False)


def _layout(title: str, **extra: object) -> dict:
    return {
        "title": {"text": title, "x": 0.01},
        "font": FONT,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        **extra,
    }


def scree_figure(
    eigenvalues: Sequence[float],
    parallel_p95: Sequence[float],
    chosen: int,
    *,
    title: str,
    eigen_label: str,
    random_label: str,
    axis_label: str,
) -> go.Figure:
    """Eigenvalues by component with the parallel-analysis 95th percentiles and the Kaiser line."""
    count = min(len(eigenvalues), 12)
    x = list(range(1, count + 1))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=list(eigenvalues[:count]),
            mode="lines+markers",
            name=eigen_label,
            line={"color": COLOURS[0], "width": 3},
            marker={"size": [14 if i == chosen else 8 for i in x]},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x[: len(parallel_p95)],
            y=list(parallel_p95[:count]),
            mode="lines",
            name=random_label,
            line={"color": COLOURS[1], "dash": "dash"},
        )
    )
    fig.add_hline(y=1.0, line={"color": GREY, "dash": "dot"}, annotation_text="1.0 (Kaiser)")
    fig.update_layout(
        _layout(title, height=320, legend={"orientation": "h", "y": -0.25}),
        xaxis={"title": axis_label, "dtick": 1},
        yaxis={"rangemode": "tozero"},
    )
    return fig


def loadings_figure(
    loadings: Sequence[Sequence[float]],
    flags: Sequence[Sequence[bool]],
    names: Sequence[str],
    first: int,
    second: int,
    *,
    title: str,
    axis_label: str,
    flagged_label: str,
    other_label: str,
) -> go.Figure:
    """Sorts as points on factors ``first`` (x) and ``second`` (y), 1-based; flagged ones bold.

    The two traces keep the sorts' order, with ``customdata`` holding each sort's index, so
    ``rotation.js`` can rotate the points client-side.
    """
    i, j = first - 1, second - 1
    fig = go.Figure()
    for flagged, label, colour in ((True, flagged_label, COLOURS[0]), (False, other_label, GREY)):
        rows = [n for n in range(len(loadings)) if bool(flags[n][i] or flags[n][j]) == flagged]
        fig.add_trace(
            go.Scatter(
                x=[loadings[n][i] for n in rows],
                y=[loadings[n][j] for n in rows],
                customdata=rows,
                text=[plain(names[n]) for n in rows],
                mode="markers",
                name=label,
                marker={"size": 11 if flagged else 8, "color": colour},
                hovertemplate="%{text}<br>%{x:.2f}, %{y:.2f}<extra></extra>",
            )
        )
    lim = {"range": [-1.05, 1.05], "zeroline": True, "zerolinecolor": GREY}
    fig.update_layout(
        _layout(title, height=440, legend={"orientation": "h", "y": -0.2}),
        xaxis={**lim, "title": axis_label % {"factor": first}},
        yaxis={**lim, "title": axis_label % {"factor": second}},
    )
    return fig


def _cells_trace(columns: list[int], cells: list[list[int | None]]) -> go.Heatmap:
    """The grid's cells as one heatmap: 0 plain, 1 consensus, 2 distinguishing, None a gap."""
    return go.Heatmap(
        x=columns,
        y=list(range(len(cells))),
        z=cells,
        zmin=0,
        zmax=2,
        colorscale=[[0, "#eef3fc"], [0.5, "#e3f1e7"], [1, "#fde7c7"]],
        showscale=False,
        xgap=4,
        ygap=4,
        hoverinfo="skip",
    )


def _statement_label(code: str, text: str, mark: str, z: float) -> tuple[str, str]:
    """A cell's label (code and mark in bold over the wrapped text) and its hover text, both
    with the statement's text as plain text, never as Plotly's HTML."""
    lines = textwrap.wrap(text, 17, max_lines=5, placeholder=" …")
    label = f"<b>{plain(code)}{mark}</b><br>" + "<br>".join(map(plain, lines))
    return label, f"{plain(code)}{mark} · z = {z:.2f}<br>{plain(text)}"


def factor_array_figure(
    values: Sequence[int],
    z_scores: Sequence[float],
    codes: Sequence[str],
    texts: Sequence[str],
    marks: Mapping[str, str],
    grid: Sequence[Mapping[str, int]],
    *,
    title: str,
    value_label: str,
) -> go.Figure:
    """The composite Q-sort: each statement in its column of the grid, highest z on top.

    ``marks`` maps a statement code to its mark (``**`` p<.01, ``*`` p<.05 distinguishing,
    ``=`` consensus). The cells are one heatmap trace (0 plain, 1 consensus, 2 distinguishing;
    empty slots are gaps), the texts one text trace with code, mark and wrapped statement.
    """
    columns = [c["value"] for c in grid]
    height = max(c["height"] for c in grid)
    cells: list[list[int | None]] = [[None] * len(columns) for _ in range(height)]
    xs, ys, labels, hovers = [], [], [], []
    for col, value in enumerate(columns):
        members = [j for j, v in enumerate(values) if int(v) == value]
        for row, j in enumerate(sorted(members, key=lambda j: -z_scores[j])):
            y = height - row - 1
            mark = marks.get(codes[j], "")
            cells[y][col] = 2 if mark.startswith("*") else 1 if mark == "=" else 0
            xs.append(value)
            ys.append(y)
            label, hover = _statement_label(codes[j], texts[j], mark, z_scores[j])
            labels.append(label)
            hovers.append(hover)
    background = _cells_trace(columns, cells)
    statements = go.Scatter(
        x=xs,
        y=ys,
        mode="text",
        text=labels,
        hovertext=hovers,
        hoverinfo="text",
        textfont={"size": 9},
        showlegend=False,
    )
    layout = _layout(
        title,
        height=140 * height + 90,
        xaxis={
            "tickvals": columns,
            "ticktext": [f"{v:+d}" if v else "0" for v in columns],
            "title": {"text": value_label},
            "showgrid": False,
            "zeroline": False,
            "side": "top",
        },
        yaxis={"visible": False},
    )
    return go.Figure(data=[background, statements], layout=layout)


def ranking_figure(
    codes: Sequence[str],
    texts: Sequence[str],
    means: Sequence[float],
    sds: Sequence[float],
    *,
    title: str,
    value_label: str,
    top: int = 5,
) -> go.Figure:
    """All statements by mean grid value (best at the top), the top ``top`` highlighted."""
    order = list(range(len(codes)))[::-1]
    labels = [plain(f"{codes[j]} {textwrap.shorten(texts[j], 48)}") for j in order]
    colours = [COLOURS[0] if j < top else GREY for j in order]
    fig = go.Figure(
        go.Bar(
            x=[means[j] for j in order],
            y=labels,
            orientation="h",
            error_x={"type": "data", "array": [sds[j] for j in order], "color": "#c5cbd6"},
            marker={"color": colours},
            hovertext=[plain(texts[j]) for j in order],
            hovertemplate="%{hovertext}<br>%{x:.2f}<extra></extra>",
        )
    )
    fig.update_layout(
        _layout(title, height=26 * len(codes) + 100, margin={"l": 360, "r": 20, "t": 50, "b": 50}),
        xaxis={"title": value_label, "zeroline": True, "zerolinecolor": GREY},
        yaxis={"automargin": True},
    )
    return fig
