"""The composite Q-sort of a viewpoint drawn as an SVG grid: one column per grid value, each
statement a card with its number and the start of its text; distinguishing statements shaded
(darker at p < .01), consensus statements outlined with a dashed line.
"""

from textwrap import wrap
from xml.sax.saxutils import escape

from qsort.domain.values import signed as signed_value
from qsort.reports.model import Viewpoint

WIDTH = 680  # px: the text width of an A4 page at 96 dpi, less margins
CARD_HEIGHT = 58
HEADER = 22
FONT = 8
LINES = 4


def signed(value: int | None) -> str:
    """Grid value as printed: +3, 0, −4 (a real minus sign)."""
    return "–" if value is None else signed_value(value)


def grid_svg(viewpoint: Viewpoint, column_labels: tuple[str, str] = ("", "")) -> str:
    """SVG markup of the viewpoint's factor array; ``column_labels`` names the two ends."""
    columns = viewpoint.columns
    width = WIDTH / max(len(columns), 1)
    rows = max((len(cards) for _, cards in columns), default=0)
    height = HEADER + rows * CARD_HEIGHT + 18
    chars = max(int((width - 10) / (FONT * 0.62)), 6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif" role="img">'
    ]
    for i, (value, cards) in enumerate(columns):
        x = i * width
        parts.append(
            f'<text x="{x + width / 2:.1f}" y="15" font-size="11" font-weight="bold" '
            f'text-anchor="middle">{signed(value)}</text>'
        )
        for j, card in enumerate(cards):
            y = HEADER + j * CARD_HEIGHT
            fill = {"**": "#9ec5e8", "*": "#d3e6f6"}.get(card.mark, "#ffffff")
            dash = ' stroke-dasharray="4 2"' if card.consensus else ""
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{y + 2}" width="{width - 4:.1f}" height="{CARD_HEIGHT - 4}" '
                f'rx="3" fill="{fill}" stroke="#334"{dash}/>'
            )
            lines = wrap(card.text, chars) or [""]
            if len(lines) > LINES:
                lines = [*lines[: LINES - 1], lines[LINES - 1][: chars - 1] + "…"]
            parts.append(
                f'<text x="{x + 6:.1f}" y="{y + 13}" font-size="{FONT + 1}" font-weight="bold">'
                f"{card.number}{escape(card.mark)}</text>"
            )
            for k, text in enumerate(lines):
                parts.append(
                    f'<text x="{x + 6:.1f}" y="{y + 24 + k * (FONT + 1.5):.1f}" font-size="{FONT}">'
                    f"{escape(text)}</text>"
                )
    low, high = column_labels
    parts.append(f'<text x="2" y="{height - 4}" font-size="9">{escape(low)}</text>')
    parts.append(
        f'<text x="{WIDTH - 2}" y="{height - 4}" font-size="9" text-anchor="end">{escape(high)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
