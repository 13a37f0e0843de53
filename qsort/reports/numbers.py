"""Numbers, percentages and dates written the way the report's language writes them (Dutch:
decimal comma, "2 december 2026"), with Babel. One home for the report's number formats: the
HTML and PDF use the ``*_text`` functions, the workbook the matching Excel number formats."""

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

DASH = "–"


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


def number_text(value: float | None, lang: str, digits: int = 2) -> str:
    """``1.5`` -> "1.50" (en) or "1,50" (nl); a real minus sign; "–" for no value."""
    if value is None:
        return DASH
    text = format_decimal(value, format=_pattern(digits), locale=lang)
    return text.replace("-", "−")


def percent_text(value: float | None, lang: str, digits: int = 0) -> str:
    """``value`` in percent (12.5 -> "12.5%" in English, "12,5%" in Dutch)."""
    if value is None:
        return DASH
    return format_percent(value / 100, format=_pattern(digits) + "%", locale=lang)


def date_text(value: str | date, lang: str) -> str:
    """An ISO date (or date) written out: "2 December 2026" / "2 december 2026"."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, format="long", locale=lang)


def excel_format(digits: int) -> str:
    """The XLSX number format for ``digits`` decimals. Excel stores the number and shows the
    decimal separator of the reader's locale, so the same format gives "1,50" in Dutch Excel."""
    return "0" + ("." + "0" * digits if digits else "")
