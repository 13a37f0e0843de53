"""The two convention sets an analysis can follow, and the one place their differences are named.

``qmethod`` reproduces the R package qmethod 1.8.4 (Zabala 2014) exactly, quirks included.
``qsort`` (the default) gives the same numbers except for the documented improvements below.
"""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Conventions:
    """Switches that separate the qsort conventions from qmethod's.

    Attributes
    ----------
    name : str
        ``"qmethod"`` or ``"qsort"``; recorded in every result's settings.
    grid_respecting_arrays : bool
        Factor arrays always fill the grid exactly (ties broken by a stated rule) instead of
        qmethod's truncated-average-rank rule, which can overfill a column when tied z-scores
        straddle a column boundary.
    orient_by_defining_sorts : bool
        Flip each factor so that its defining sorts load positively (the majority of them, for a
        bipolar factor), instead of qmethod's sign of the column sum (PCA) or no flip (centroid).
    order_centroid_by_variance : bool
        Order rotated centroid factors by explained variance, as PCA factors already are.
    refuse_like_qmethod : bool
        Stop where qmethod stops (a factor without flagged sorts that is not the last one)
        instead of reporting that factor as having no defining sorts and going on.
    pqmethod_consensus : bool
        Also report consensus statements under PQMethod's definition (no pair significant at
        p < .01; those significant at p < .05 starred).
    """

    name: str
    grid_respecting_arrays: bool
    orient_by_defining_sorts: bool
    order_centroid_by_variance: bool
    refuse_like_qmethod: bool
    pqmethod_consensus: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


QMETHOD = Conventions(
    name="qmethod",
    grid_respecting_arrays=False,
    orient_by_defining_sorts=False,
    order_centroid_by_variance=False,
    refuse_like_qmethod=True,
    pqmethod_consensus=False,
)

QSORT = Conventions(
    name="qsort",
    grid_respecting_arrays=True,
    orient_by_defining_sorts=True,
    order_centroid_by_variance=True,
    refuse_like_qmethod=False,
    pqmethod_consensus=True,
)

CONVENTIONS = {c.name: c for c in (QSORT, QMETHOD)}


def get_conventions(name: str | Conventions) -> Conventions:
    """Return the convention set called ``name`` (``"qsort"`` or ``"qmethod"``)."""
    if isinstance(name, Conventions):
        return name
    try:
        return CONVENTIONS[name]
    except KeyError:
        choices = ", ".join(sorted(CONVENTIONS))
        raise ValueError(f"unknown conventions {name!r}: choose one of {choices}") from None
