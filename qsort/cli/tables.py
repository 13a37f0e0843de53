"""Plain-text tables of an analysis for the terminal: readable, fixed-width, no dependencies."""

import numpy as np

from qsort.analysis import QAnalysis
from qsort.presentation import analysis_model

TEXT_WIDTH = 60
#: Up to this many sorts the loadings table lists every sort; above, a summary per factor.
LISTED_SORTS = 100
#: Warnings printed before the rest are counted (the JSON always has them all).
LISTED_WARNINGS = 20


def render_report(
    result: QAnalysis, texts: dict[str, str] | None = None, *, everything: bool = False
) -> str:
    """The whole printed report: settings, loadings with flags, characteristics, factor arrays,
    distinguishing and consensus statements, top five overall and per factor, warnings.

    Above ``LISTED_SORTS`` sorts the loadings are summarised per factor and only the first
    ``LISTED_WARNINGS`` warnings are printed, unless ``everything`` (``--all``).
    """
    texts = texts or {}
    listed = everything or result.n_sorts <= LISTED_SORTS
    sections = [
        _summary(result),
        _loadings(result) if listed else _loadings_summary(result),
        _characteristics(result),
        _arrays(result, texts),
        _distinguishing(result, texts),
        _top_five(result, texts),
    ]
    if result.warnings:
        sections.append(_warnings(result.warnings, everything))
    return "\n\n".join(sections)


def _warnings(warnings: list[str], everything: bool) -> str:
    shown = warnings if everything else warnings[:LISTED_WARNINGS]
    lines = ["Warnings", *(f"  - {w}" for w in shown)]
    if len(shown) < len(warnings):
        lines.append(f"  ... and {len(warnings) - len(shown)} more (--all prints them all)")
    return "\n".join(lines)


def _summary(result: QAnalysis) -> str:
    s = result.settings
    lines = [
        f"Q analysis: {result.n_sorts} sorts, {result.n_statements} statements, {result.n_factors} "
        f"factor(s), {result.method.upper()} + {result.rotation}, conventions '{s['conventions']}'",
        f"Flags: |a| > {s['flag_threshold']:.4f} (p < {s['significance']:g})"
        + (" and a² > h² - a²" if s["majority_rule"] else "")
        + ("; manual flags applied" if s["manual_flags"] else ""),
    ]
    aids = result.factor_count_aids
    if aids is not None:
        shown = ", ".join(f"{v:.3f}" for v in aids.eigenvalues[:8])
        lines.append(f"Eigenvalues: {shown}")
        lines.append(
            f"Factor-count aids: Kaiser {aids.kaiser}; parallel analysis {aids.parallel_suggestion}; "
            f"Humphrey {'/'.join('y' if h else 'n' for h in aids.humphrey)}; significant loadings "
            + "/".join(str(n) for n in aids.significant_loadings)
        )
    return "\n".join(lines)


def _factor_header(k: int, width: int = 9) -> str:
    return "".join(f"{'f' + str(f + 1):>{width}}" for f in range(k))


def _loadings(result: QAnalysis) -> str:
    width = max(11, *(len(p) + 1 for p in result.participants))
    lines = [f"Loadings (* = defining sort)\n{'sort':<{width}}{_factor_header(result.n_factors)}"]
    for name, row, flags in zip(result.participants, result.loadings, result.flags, strict=True):
        cells = "".join(
            f"{a:>8.4f}{'*' if flag else ' '}" for a, flag in zip(row, flags, strict=True)
        )
        lines.append(f"{name:<{width}}{cells}")
    return "\n".join(lines)


def _loadings_summary(result: QAnalysis) -> str:
    """Per factor: how many sorts define it (and how many of them load negatively), and the
    highest, median and lowest loading; then the sorts that define no factor."""
    a, flags = result.loadings, result.flags
    rows = [
        ("defining sorts", flags.sum(axis=0), "{:>9d}"),
        ("  negative", (flags & (a < 0)).sum(axis=0), "{:>9d}"),
        ("highest", a.max(axis=0), "{:>9.4f}"),
        ("median", np.median(a, axis=0), "{:>9.4f}"),
        ("lowest", a.min(axis=0), "{:>9.4f}"),
    ]
    lines = [
        f"Loadings of {result.n_sorts} sorts, summarised (--all lists every sort; --json writes "
        f"them)\n{'':<16}{_factor_header(result.n_factors)}"
    ]
    lines += [
        f"{label:<16}" + "".join(fmt.format(v) for v in values) for label, values, fmt in rows
    ]
    best = np.argmax(a, axis=0)
    lines.append(
        "Highest-loading sort: "
        + ", ".join(f"f{f + 1} {result.participants[i]}" for f, i in enumerate(best))
    )
    lines.append(f"Sorts that define no factor: {int((~flags.any(axis=1)).sum())}")
    return "\n".join(lines)


def _characteristics(result: QAnalysis) -> str:
    rows = [
        ("defining sorts", result.n_defining, "{:>9.0f}"),
        ("explained var %", result.explained_variance, "{:>9.2f}"),
        ("reliability", result.composite_reliability, "{:>9.4f}"),
        ("SE of z-scores", result.se_factor_scores, "{:>9.4f}"),
    ]
    lines = [f"Factor characteristics\n{'':<16}{_factor_header(result.n_factors)}"]
    for label, values, fmt in rows:
        cells = "".join(
            "       --" if np.isnan(v) else fmt.format(v) for v in np.asarray(values, float)
        )
        lines.append(f"{label:<16}{cells}")
    return "\n".join(lines)


def _label(statement: str, texts: dict[str, str]) -> str:
    text = texts.get(statement, "")
    if len(text) > TEXT_WIDTH:
        text = text[: TEXT_WIDTH - 1] + "…"
    return f"{statement:<5} {text}".rstrip()


def _arrays(result: QAnalysis, texts: dict[str, str]) -> str:
    width = max(len(_label(s, texts)) for s in result.statements) + 2
    lines = [
        f"Factor arrays (grid values)\n{'statement':<{width}}{_factor_header(result.n_factors, 5)}"
    ]
    for statement, row in zip(result.statements, result.factor_arrays, strict=True):
        cells = "".join("   --" if np.isnan(v) else f"{int(v):>+5d}" for v in row)
        lines.append(f"{_label(statement, texts):<{width}}{cells}")
    return "\n".join(lines)


def _distinguishing(result: QAnalysis, texts: dict[str, str]) -> str:
    lines = ["Distinguishing statements (p < .05)"]
    for factor, ids in result.distinguishing.items():
        lines.append(f"  f{factor}: " + (", ".join(ids) if ids else "none"))
    lines.append(
        "Consensus statements (no pair differs at p < .05): "
        + (", ".join(result.consensus) or "none")
    )
    if result.consensus_pqmethod is not None:
        marked = [
            c["statement"] + ("*" if c["significant_at_05"] else "")
            for c in result.consensus_pqmethod
        ]
        lines.append(
            "Consensus, PQMethod definition (p < .01; * significant at .05): "
            + (", ".join(marked) or "none")
        )
    return "\n".join(lines)


def _top_five(result: QAnalysis, texts: dict[str, str]) -> str:
    """The room's top five and each viewpoint's, from the presentation model the web app and
    the report read (one builder of the rankings)."""
    model = analysis_model(result)
    lines = ["What matters most: top five overall (mean grid value)"]
    lines += [f"  {r.rank}. {_label(r.statement, texts)}  ({r.mean:+.2f})" for r in model.top]
    for viewpoint in model.viewpoints:
        if viewpoint.empty:
            lines.append(f"Factor {viewpoint.number}: no defining sorts, no ranking")
            continue
        lines.append(f"Factor {viewpoint.number}: top five (z-score, array value)")
        lines += [
            f"  {r.rank}. {_label(r.statement, texts)}  ({r.z_score:+.3f}, {r.array_value:+d})"
            for r in viewpoint.top()
        ]
    return "\n".join(lines)
