"""The warnings about a result: one builder, read by the results page, the report, the
workbook and the command line alike.

:func:`warning_codes` applies the rules to a result (its stored form, ``QAnalysis.as_dict()``)
and returns each warning as a code with parameters: a viewpoint resting on fewer than two sorts,
a bipolar viewpoint, a sort flagged with a negative loading or on several viewpoints, too few
sorts for the viewpoints, an exact tie in a centroid reflection that decides the viewpoints,
iterations that stopped before they settled. :func:`warning_texts` words them: each message
below is marked with ``N_`` (``pybabel extract`` finds it, its Dutch text is in
``translations/nl``) and filled in after translation, with any gettext-style ``translate``
(Flask-Babel's on the page, the report's own, ``str`` for the English of the command line and
of ``QAnalysis.warnings``).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is used.

    Parameters
    ----------
    message : str
        The English message (a msgid).

    Returns
    -------
    str
        ``message`` unchanged.
    """
    return message


MESSAGES = {
    "few-defining": N_(
        "Viewpoint %(f)s rests on %(n)s sort(s): it is not yet a shared view. "
        "Try fewer viewpoints or flag sorts by hand."
    ),
    "bipolar": N_("Viewpoint %(f)s is bipolar: some people hold it and others hold its opposite."),
    "negative-flag": N_(
        "%(name)s is flagged on viewpoint %(f)s with a negative loading "
        "(%(a)s): they hold the opposite view."
    ),
    "several-flags": N_(
        "%(name)s is flagged on more than one viewpoint: their sort counts in each."
    ),
    "few-sorts": N_(
        "Only %(n)s sorts for %(k)s viewpoints: fewer than three people per viewpoint."
    ),
    "reflection-tie": N_(
        "The viewpoints depend on the order of the sorts: %(names)s tie exactly in a step of "
        "the centroid method, and %(which)s of them in the file was taken. Another order, or "
        "another program, can give different viewpoints; with principal components (PCA) "
        "this does not happen."
    ),
    "centroid-unsettled": N_(
        "The centroid method (Horst 5.5) did not settle within %(n)s passes; the "
        "viewpoints are those of the last pass."
    ),
    "varimax-unfinished": N_("The varimax rotation stopped before reaching its optimum."),
}
WHICH = {"first": N_("the first"), "last": N_("the last")}
AND = N_("and")
#: Which of exactly tied sorts each centroid method reflects.
TIE_RULE = {"qmethod": "first", "brown": "first", "horst55": "last"}


@dataclass(frozen=True)
class ResultWarning:
    """One warning: its code (a key of :data:`MESSAGES`) and its parameters, in numbers and
    participant labels (``name``/``names`` are labels, ``a`` a loading, ``which`` a key of
    :data:`WHICH`); never words."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def warning_codes(result: Mapping[str, Any]) -> list[ResultWarning]:
    """Every warning about ``result``, in the order they are shown.

    Parameters
    ----------
    result : mapping
        A stored result (``QAnalysis.as_dict()``), or the same keys with arrays:
        ``n_factors``, ``n_sorts``, ``participants``, ``n_defining``, ``flagged``,
        ``loadings``, ``bipolar`` and ``diagnostics``.

    Returns
    -------
    list of ResultWarning
        Per viewpoint (too few defining sorts, bipolar, negative flags), then sorts flagged
        on several viewpoints, too few sorts, and the iterations' warnings.
    """
    k, labels = int(result["n_factors"]), list(result["participants"])
    flags = np.asarray(result["flagged"], dtype=bool).reshape(len(labels), k)
    loadings = np.asarray(result["loadings"], dtype=float).reshape(len(labels), k)
    out = []
    for f in range(k):
        n = int(result["n_defining"][f])
        if n < 2:
            out.append(ResultWarning("few-defining", {"f": f + 1, "n": n}))
        if str(f + 1) in (result.get("bipolar") or {}):
            out.append(ResultWarning("bipolar", {"f": f + 1}))
        out += [
            ResultWarning("negative-flag", {"name": labels[i], "f": f + 1, "a": loadings[i, f]})
            for i in np.flatnonzero(flags[:, f] & (loadings[:, f] < 0))
        ]
    out += [
        ResultWarning("several-flags", {"name": labels[i]})
        for i in np.flatnonzero(flags.sum(axis=1) > 1)
    ]
    if int(result["n_sorts"]) < 3 * k:
        out.append(ResultWarning("few-sorts", {"n": int(result["n_sorts"]), "k": k}))
    return out + _iteration_codes(result.get("diagnostics") or {}, labels)


def _iteration_codes(diagnostics: Mapping[str, Any], labels: list[str]) -> list[ResultWarning]:
    ties = diagnostics.get("reflection_ties")
    if ties is None:  # stored before decisive ties were recorded
        ties = reflection_ties(diagnostics, labels, None)
    which = TIE_RULE.get(diagnostics.get("centroid", "qmethod"), "first")
    out = [ResultWarning("reflection-tie", {"names": tie["sorts"], "which": which}) for tie in ties]
    if diagnostics.get("converged") is False:
        out.append(ResultWarning("centroid-unsettled", {"n": diagnostics["passes"]}))
    if (diagnostics.get("varimax") or {}).get("converged") is False:
        out.append(ResultWarning("varimax-unfinished"))
    return out


def warning_texts(
    result: Mapping[str, Any],
    translate: Translate = str,
    names: Mapping[str, str] | None = None,
    number: Callable[[float], str] = "{:.2f}".format,
) -> list[str]:
    """The warnings about ``result`` in words.

    Parameters
    ----------
    result : mapping
        A stored result (see :func:`warning_codes`).
    translate : callable
        gettext-style: message -> message in the reader's language (``str``: English).
    names : mapping, optional
        Participant label -> the name to show.
    number : callable
        Writes a loading (the report passes Babel's, with a decimal comma in Dutch).

    Returns
    -------
    list of str
        The warnings, in the order of :func:`warning_codes`.
    """
    return [word(w, translate, names, number) for w in warning_codes(result)]


def word(
    warning: ResultWarning,
    translate: Translate = str,
    names: Mapping[str, str] | None = None,
    number: Callable[[float], str] = "{:.2f}".format,
) -> str:
    """One warning in words.

    Parameters
    ----------
    warning : ResultWarning
        The warning's code and parameters.
    translate, names, number
        As for :func:`warning_texts`.

    Returns
    -------
    str
        The translated message with its parameters filled in.
    """
    names = names or {}
    values = dict(warning.params)
    if "name" in values:
        values["name"] = names.get(values["name"], values["name"])
    if "names" in values:
        shown = [names.get(label, label) for label in values["names"]]
        values["names"] = names_in_words(shown, translate(AND))
    if "a" in values:
        values["a"] = number(values["a"])
    if "which" in values:
        values["which"] = translate(WHICH[values["which"]])
    return translate(MESSAGES[warning.code]) % values


def reflection_ties(
    extraction: dict, participants: list[str], sorts: np.ndarray | None
) -> list[dict[str, object]]:
    """``{"factor", "sorts"}`` (names) for each exact tie in a centroid reflection step.

    A group of identical sorts is left out when ``sorts`` is given: whichever of them is
    reflected first, the others follow and the factor is the same. Results stored before the
    tied group was recorded hold only its first sort (an int); it is named alone.

    Parameters
    ----------
    extraction : dict
        The extraction's diagnostics (its ``factors`` events).
    participants : list of str
        Sort names.
    sorts : ndarray or None
        The sorts, to leave out groups of identical sorts; None keeps every tie.

    Returns
    -------
    list of dict
        ``{"factor": int, "sorts": list of str}`` per decisive tie.
    """
    ties = []
    for event in extraction.get("factors", []):
        for group in event.get("exact_ties", []):
            group = [group] if isinstance(group, int) else list(group)
            if sorts is not None and len(group) > 1 and np.all(sorts[group] == sorts[group[0]]):
                continue
            ties.append({"factor": event["factor"], "sorts": [participants[i] for i in group]})
    return ties


def names_in_words(names: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'.

    Parameters
    ----------
    names : list of str
        The names to join.
    conjunction : str
        The word before the last name.

    Returns
    -------
    str
    """
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
