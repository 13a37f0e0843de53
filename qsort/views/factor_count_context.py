"""The aids for choosing the number of viewpoints, side by side, for the results page's fold
(``templates/results/_factor_count.html``). Read from the stored run only: the aids, the
viewpoint checks and, for an automatic run, the choice it made (a GET computes nothing)."""

from typing import Any

from flask_babel import gettext as _

from qsort.analysis.factor_checks import side_by_side


def _aid_rows(suggests: dict[str, int], result: dict[str, Any]) -> list[dict[str, Any]]:
    iterations = result["factor_count_aids"]["parallel_analysis"].get("iterations")
    explained = {
        "parallel_analysis": (
            _("Parallel analysis"),
            _(
                "Keep the viewpoints whose eigenvalue beats the 95th percentile of %(n)s random studies of the same size, each random sort a valid sort on this grid.",
                n=iterations,
            ),
        ),
        "sorts_per_factor": (
            _("Sorts per viewpoint (Watts & Stenner)"),
            _("About 6 to 8 sorts for each viewpoint: at most one viewpoint per 6 sorts."),
        ),
        "scree_acceleration": (
            _("Scree"),
            _("Stop before the sharpest bend in the line of eigenvalues."),
        ),
        "kaiser": (_("Kaiser"), _("Keep the viewpoints with an eigenvalue above 1.")),
        "humphrey": (
            _("Humphrey's rule"),
            _(
                "Keep a viewpoint while its two highest loadings multiplied exceed twice the standard error of a correlation."
            ),
        ),
        "significant_loadings": (
            _("Significant loadings"),
            _("Keep a viewpoint while at least two sorts load on it significantly."),
        ),
    }
    return [
        {"key": key, "name": name, "means": means, "suggests": suggests[key]}
        for key, (name, means) in explained.items()
    ]


def _followed(choice: dict[str, Any] | None) -> list[str]:
    """What the automatic default followed, in words (nothing for a count chosen by hand)."""
    if not choice:
        return []
    steps = {f["aid"]: f for f in choice["followed"]}
    lines = [
        _("It started from parallel analysis: %(n)s.", n=steps["parallel_analysis"]["suggests"])
    ]
    if "sorts_per_factor" in choice["changed_by"]:
        lines.append(
            _(
                "It kept to at most one viewpoint per 6 sorts: %(n)s.",
                n=steps["sorts_per_factor"]["at_most"],
            )
        )
    if "limit" in choice["changed_by"]:
        lines.append(_("It kept within what the data allow: %(n)s.", n=steps["limit"]["at_most"]))
    tried = steps["viewpoint_checks"]["tried"]
    if "viewpoint_checks" in choice["changed_by"]:
        lines.append(
            _(
                "It then took fewer viewpoints until each had at least 2 defining sorts and 1 distinguishing statement (tried %(tried)s).",
                tried=", ".join(map(str, tried)),
            )
        )
    else:
        lines.append(
            _(
                "Every viewpoint passed the checks: at least 2 defining sorts and 1 distinguishing statement."
            )
        )
    return lines


def factor_count_context(result: dict[str, Any]) -> dict[str, Any] | None:
    """Rows of aids with what each suggests, the viewpoint checks of this run, and what the
    automatic default followed; None for a run stored without its aids."""
    aids = result.get("factor_count_aids")
    if not aids:
        return None
    choice = result.get("factor_count_choice")
    suggests = (choice or {}).get("side_by_side") or side_by_side(aids, result["n_sorts"])
    checks = (result.get("factor_count_checks") or {}).get("viewpoints")
    return {
        "aids": _aid_rows(suggests, result),
        "chosen": result["n_factors"],
        "automatic": choice is not None,
        "followed": _followed(choice),
        "checks": checks["factors"] if checks else [],
        "all_pass": bool(checks and checks["all_pass"]),
    }
