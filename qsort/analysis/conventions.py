"""The convention sets an analysis can follow, and the one place their differences are named.

``qmethod`` reproduces the R package qmethod 1.8.4 [1]_ exactly, quirks included.
``qsort`` (the default) gives the same numbers except for the documented improvements below.
``pqmethod`` follows PQMethod 2.35 [2]_: its Horst 5.5 centroid (or Brown's, as KADE [3]_
computes it), Kaiser's varimax program [4]_ with PQMethod's stopping rule, factors kept in
extraction order and signed so that the sum of signed squared loadings is positive, PQMethod's
consensus.

References
----------
.. [1] Zabala, A. (2014). qmethod: A Package to Explore Human Perspectives Using Q Methodology.
   *The R Journal*, 6(2), 163-173. https://doi.org/10.32614/RJ-2014-032
.. [2] Schmolck, P. (2014). *PQMethod Manual*, version 2.35.
   http://schmolck.org/qmethod/pqmanual.htm
.. [3] Banasick, S. (2019). KADE: A desktop application for Q methodology. *Journal of Open
   Source Software*, 4(36), 1360. https://doi.org/10.21105/joss.01360
.. [4] Kaiser, H. F. (1959). Computer program for varimax rotation in factor analysis.
   *Educational and Psychological Measurement*, 19(3), 413-420.
"""

from dataclasses import asdict, dataclass, replace

from qsort.analysis.errors import AnalysisError


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
    varimax : {"r", "optimum", "pqmethod"}
        The varimax algorithm (:mod:`qsort.analysis.rotation`): R's ``stats::varimax``, carried
        to the criterion's optimum, or Kaiser's program [2]_ as PQMethod runs it.
    centroid_choices : tuple of str
        The centroid methods offered, the default first: ``"qmethod"`` (Brown's [1]_ as Hermans
        implements it in qmethod), or PQMethod's ``"horst55"`` and ``"brown"`` (Brown's, as KADE
        computes it; :mod:`qsort.analysis.centroid_pqmethod`).
    psych_order_and_sign : bool
        After rotation, order principal components by explained variance and sign them by their
        column sum (psych, hence qmethod); otherwise keep the extraction order and sign every
        principal component, and every varimax factor, by its sum of signed squares (PQMethod).
    loading_decimals : int or None
        Round the unrotated loadings before rotation, and the rotated ones before flagging and
        scoring, to this many decimals: PQMethod hands them from step to step in its .UNR and
        .ROT files, written with 5 decimals.

    References
    ----------
    .. [1] Brown, S. R. (1980). *Political Subjectivity: Applications of Q Methodology in
       Political Science*. New Haven: Yale University Press, pp. 208-224 (the centroid).
    .. [2] Kaiser, H. F. (1959). Computer program for varimax rotation in factor analysis.
       *Educational and Psychological Measurement*, 19(3), 413-420 (as PQMethod runs it).
    """

    # The defaults are qmethod's behaviour, which the other sets depart from.
    name: str = "qmethod"
    grid_respecting_arrays: bool = False
    orient_by_defining_sorts: bool = False
    order_centroid_by_variance: bool = False
    refuse_like_qmethod: bool = True
    pqmethod_consensus: bool = False
    varimax: str = "r"
    centroid_choices: tuple[str, ...] = ("qmethod",)
    psych_order_and_sign: bool = True
    loading_decimals: int | None = None

    def as_dict(self) -> dict[str, object]:
        """The switches as JSON values (the centroid choices as a list)."""
        return {**asdict(self), "centroid_choices": list(self.centroid_choices)}


QMETHOD = Conventions()

# qsort's own conventions: qmethod's, but grid-true arrays, factors oriented by their defining
# sorts, centroid factors ordered by variance, PQMethod's consensus too, varimax to its optimum,
# and no refusal where qmethod stops.
QSORT = replace(
    QMETHOD,
    name="qsort",
    grid_respecting_arrays=True,
    orient_by_defining_sorts=True,
    order_centroid_by_variance=True,
    refuse_like_qmethod=False,
    pqmethod_consensus=True,
    varimax="optimum",
)

# PQMethod 2.35's: grid-true arrays and its consensus, its own varimax and centroids, its
# factor order and signs, loadings read at five decimals.
PQMETHOD = replace(
    QSORT,
    name="pqmethod",
    orient_by_defining_sorts=False,
    order_centroid_by_variance=False,
    varimax="pqmethod",
    centroid_choices=("horst55", "brown"),
    psych_order_and_sign=False,
    loading_decimals=5,
)

CONVENTIONS = {c.name: c for c in (QSORT, QMETHOD, PQMETHOD)}


def get_conventions(name: str | Conventions) -> Conventions:
    """Return the convention set called ``name``.

    Parameters
    ----------
    name : str or Conventions
        ``"qsort"``, ``"qmethod"`` or ``"pqmethod"``; a :class:`Conventions` is returned as is.

    Returns
    -------
    Conventions

    Raises
    ------
    ValueError
        For an unknown name.
    """
    if isinstance(name, Conventions):
        return name
    try:
        return CONVENTIONS[name]
    except KeyError:
        choices = ", ".join(sorted(CONVENTIONS))
        raise ValueError(f"unknown conventions {name!r}: choose one of {choices}") from None


def centroid_method(conv: Conventions, requested: str | None) -> str:
    """The centroid method to use: ``requested`` if the conventions offer it, else their default.

    Parameters
    ----------
    conv : Conventions
        The run's conventions.
    requested : str or None
        The centroid method asked for; None for the conventions' default.

    Returns
    -------
    str
        One of ``conv.centroid_choices``.

    Raises
    ------
    AnalysisError
        When the conventions do not offer ``requested``.
    """
    choices = conv.centroid_choices
    if requested is None:
        return choices[0]
    if requested not in choices:
        if len(choices) == 1:
            raise AnalysisError(
                "analysis.centroid_conventions", centroid=repr(requested), conventions=conv.name
            )
        raise AnalysisError("analysis.centroid_choice", centroid=repr(requested), choices=choices)
    return requested
