"""Warnings about an analysis result, in plain words and the reader's language, shared by the
results page and the report (both read the stored result)."""

from collections.abc import Callable, Mapping
from typing import Any


def result_warnings(
    result: dict[str, Any], _: Callable[..., str], names: Mapping[str, str] | None = None
) -> list[str]:
    """Plain-language warnings from a stored result, in the language of ``_`` (a gettext that
    takes ``%(name)s`` keywords): a viewpoint resting on fewer than two sorts, a bipolar
    viewpoint, a sort flagged with a negative loading, too few sorts for the viewpoints.
    ``names`` maps participant labels to the names to show."""
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
                        "(%(a).2f): they hold the opposite view.",
                        name=names.get(result["participants"][i], result["participants"][i]),
                        f=f + 1,
                        a=loadings[i][f],
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
    return out
