"""Warnings about an analysis result, in plain words and the reader's language, shared by the
results page and the report (both read the stored result)."""

from collections.abc import Callable, Mapping
from typing import Any

from qsort.analysis.warnings import TIE_RULE, names_in_words, reflection_ties


def result_warnings(
    result: dict[str, Any],
    _: Callable[..., str],
    names: Mapping[str, str] | None = None,
    number: Callable[[float], str] = "{:.2f}".format,
) -> list[str]:
    """Plain-language warnings from a stored result, in the language of ``_`` (a gettext that
    takes ``%(name)s`` keywords): a viewpoint resting on fewer than two sorts, a bipolar
    viewpoint, a sort flagged with a negative loading, too few sorts for the viewpoints.
    ``names`` maps participant labels to the names to show; ``number`` writes a loading in the
    reader's language (the report passes Babel's, with a decimal comma in Dutch)."""
    names = names or {}
    out = []
    k, flags, loadings = result["n_factors"], result["flagged"], result["loadings"]
    for f in range(k):
        n = result["n_defining"][f]
        if n < 2:
            out.append(
                _(
                    "Viewpoint %(f)s rests on %(n)s sort(s): it is not yet a shared view. "
                    "Try fewer viewpoints or flag sorts by hand.",
                    f=f + 1,
                    n=n,
                )
            )
        if str(f + 1) in result.get("bipolar", {}):
            out.append(
                _(
                    "Viewpoint %(f)s is bipolar: some people hold it and others hold its opposite.",
                    f=f + 1,
                )
            )
        for i, row in enumerate(flags):
            if row[f] and loadings[i][f] < 0:
                out.append(
                    _(
                        "%(name)s is flagged on viewpoint %(f)s with a negative loading "
                        "(%(a)s): they hold the opposite view.",
                        name=names.get(result["participants"][i], result["participants"][i]),
                        f=f + 1,
                        a=number(loadings[i][f]),
                    )
                )
    if result["n_sorts"] < 3 * k:
        out.append(
            _(
                "Only %(n)s sorts for %(k)s viewpoints: fewer than three people per viewpoint.",
                n=result["n_sorts"],
                k=k,
            )
        )
    return out + _iteration_warnings(result, _, names)


def _iteration_warnings(
    result: dict[str, Any], _: Callable[..., str], names: Mapping[str, str]
) -> list[str]:
    """An exact tie in a centroid reflection that decides the viewpoints, and iterations that
    stopped before they settled (see :func:`qsort.analysis.warnings.extraction_warnings`)."""
    diagnostics = result.get("diagnostics") or {}
    ties = diagnostics.get("reflection_ties")
    if ties is None:  # stored before decisive ties were recorded
        ties = reflection_ties(diagnostics, result["participants"], None)
    first = TIE_RULE.get(diagnostics.get("centroid", "qmethod"), "first") == "first"
    which = _("the first") if first else _("the last")
    conjunction = _("and")
    out = [
        _(
            "The viewpoints depend on the order of the sorts: %(names)s tie exactly in a step of "
            "the centroid method, and %(which)s of them in the file was taken. Another order, or "
            "another program, can give different viewpoints; with principal components (PCA) "
            "this does not happen.",
            names=names_in_words([names.get(p, p) for p in tie["sorts"]], conjunction),
            which=which,
        )
        for tie in ties
    ]
    if diagnostics.get("converged") is False:
        out.append(
            _(
                "The centroid method (Horst 5.5) did not settle within %(n)s passes; the "
                "viewpoints are those of the last pass.",
                n=diagnostics["passes"],
            )
        )
    if (diagnostics.get("varimax") or {}).get("converged") is False:
        out.append(_("The varimax rotation stopped before reaching its optimum."))
    return out
