"""The top five as a server-drawn SVG chart: each statement's mean grid value with its 95 %
interval (a dot and a whisker) on the grid's scale, the neutral column marked, and in words
the mean, the interval and the verdict of the test against the neutral column. No browser or
script is needed, so the PDF carries it as it is (and its text can be copied from the PDF).
"""

from collections.abc import Callable
from html import escape
from textwrap import wrap

from qsort.reports.grid_svg import signed

WIDTH = 680
LABEL = 300  # px for the statement text at the left
ROW = 44
TOP = 26
FONT = 9
FIGURES = 96  # px at the right for the mean and its interval
VERDICT_COLOURS = {"priority": "#1a7f37", "not_priority": "#b3261e", "unclear": "#555"}


def priorities_svg(
    rows: list[dict],
    scale: tuple[int, int],
    neutral: float,
    number: Callable[[float | None], str],
    axis_label: str = "",
) -> str:
    """``rows``: dicts with ``number``, ``text``, ``mean``, ``ci_low``, ``ci_high`` and, when
    the run has them, ``interval_text`` ("1,22 tot 2,32") and ``verdict`` with its words
    ``verdict_text``; ``scale`` the lowest and highest grid value; ``number`` writes a value in
    the report's language."""
    low, high = scale
    span = max(high - low, 1)
    left, right = LABEL + 10, WIDTH - FIGURES - 8

    def x(value: float) -> float:
        return left + (value - low) / span * (right - left)

    height = TOP + ROW * len(rows) + 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif" role="img">'
    ]
    for tick in range(low, high + 1):
        stroke = "#667" if tick == neutral else "#dde"
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{TOP - 6}" x2="{x(tick):.1f}" y2="{height - 14}" '
            f'stroke="{stroke}"/><text x="{x(tick):.1f}" y="{TOP - 10}" font-size="{FONT}" '
            f'text-anchor="middle">{signed(tick)}</text>'
        )
    for i, row in enumerate(rows):
        parts.extend(_row(row, TOP + i * ROW, x, number))
    parts.append(
        f'<text x="{(left + right) / 2:.1f}" y="{height - 2}" font-size="{FONT - 1}" '
        f'text-anchor="middle" fill="#555">{escape(axis_label)}</text></svg>'
    )
    return "".join(parts)


def _row(row: dict, y: float, x, number) -> list[str]:
    mid = y + ROW / 2
    lines = wrap(f"{row['number']}. {row['text']}", 58)[:2]
    first = mid - 8 + (6 if len(lines) == 1 else 0)
    parts = [
        f'<text x="0" y="{first:.1f}" font-size="{FONT}">'
        + "".join(
            f'<tspan x="0" dy="{0 if k == 0 else FONT + 3}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        + "</text>"
    ]
    if row.get("verdict_text"):
        colour = VERDICT_COLOURS.get(row.get("verdict", ""), "#555")
        parts.append(
            f'<text x="0" y="{first + len(lines) * (FONT + 3):.1f}" font-size="{FONT - 1}" '
            f'font-weight="bold" fill="{colour}">{escape(row["verdict_text"])}</text>'
        )
    if row.get("ci_low") is not None and row.get("ci_high") is not None:
        parts.append(
            f'<line x1="{x(row["ci_low"]):.1f}" y1="{mid:.1f}" x2="{x(row["ci_high"]):.1f}" '
            f'y2="{mid:.1f}" stroke="#1d5fa8" stroke-width="2"/>'
        )
        for end in (row["ci_low"], row["ci_high"]):
            parts.append(
                f'<line x1="{x(end):.1f}" y1="{mid - 5:.1f}" x2="{x(end):.1f}" y2="{mid + 5:.1f}" '
                f'stroke="#1d5fa8" stroke-width="2"/>'
            )
    parts.append(
        f'<circle cx="{x(row["mean"]):.1f}" cy="{mid:.1f}" r="4.5" fill="#1d5fa8"/>'
        f'<text x="{WIDTH - 2}" y="{mid - 1:.1f}" font-size="{FONT}" font-weight="bold" '
        f'text-anchor="end">{escape(number(row["mean"]))}</text>'
    )
    if row.get("interval_text"):
        parts.append(
            f'<text x="{WIDTH - 2}" y="{mid + FONT + 1:.1f}" font-size="{FONT - 1}" '
            f'text-anchor="end" fill="#555">{escape(row["interval_text"])}</text>'
        )
    return parts
