"""Translated texts for the grid rules of ``qsort.domain.grid``."""

from flask_babel import gettext as _

from qsort.domain.grid import GridError


def grid_error_text(error: GridError) -> str:
    p = error.params
    texts = {
        "empty": lambda: _("The grid needs at least one column."),
        "length_mismatch": lambda: _(
            "There are %(values)s column values but %(heights)s heights.", **p
        ),
        "height_not_positive": lambda: _(
            "Column %(value)s has height %(height)s; every column needs at least 1.",
            value=f"{p['value']:+d}",
            height=p["height"],
        ),
        "duplicate_value": lambda: _(
            "The value %(value)s appears more than once.", value=f"{p['value']:+d}"
        ),
        "out_of_range": lambda: _("Column values must lie between %(min)s and +%(max)s.", **p),
        "not_consecutive": lambda: _(
            "Column values must be consecutive whole numbers from low to high."
        ),
        "sum_mismatch": lambda: _(
            "The heights add up to %(total)s, but there are %(statements)s statements.", **p
        ),
    }
    return texts[error.code]() if error.code in texts else error.message
