"""Everything the results page shows, built from a stored result dict: texts, tables, charts.

Kept apart from the view functions so they stay thin; no database writes here.
"""

from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import SelectChoice

from qsort import charts
from qsort.analysis.warnings import warning_texts
from qsort.domain.values import signed
from qsort.extensions import current_language
from qsort.formats.pqmethod import HIGHEST, LOWEST, dat_losses
from qsort.models import AnalysisRun, Clinic
from qsort.presentation import TOP, run_model
from qsort.services import analysis_run, run_downloads
from qsort.services.rounds import rounds_summary
from qsort.views.factor_count_context import factor_count_context
from qsort.views.results_answer import answer_context
from qsort.views.reveal import statement_texts

SIGNIFICANCE_CHOICES = (0.05, 0.01, 0.001)


@dataclass(frozen=True)
class FactorView:
    number: int
    n_defining: int
    explained: float
    defining: list[str]
    top: list[dict]
    bottom: list[dict]
    distinguishing: list[dict]
    chart: str


def embed(figure: Any) -> str:
    """Figure JSON safe inside a ``<script type="application/json">`` element."""
    text = figure.to_json()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def run_label(label: str | None) -> str:
    """The stored label of a run, in words."""
    label = label or ""
    if label.startswith("flag"):
        return _("flag changed by hand")
    if label.startswith("rotate"):
        return _("rotated by hand")
    return {
        "auto": _("automatic"),
        "reveal": _("made at the reveal"),
        "run": _("settings chosen"),
    }.get(label, label)


def participant_names(clinic: Clinic) -> dict[str, str]:
    return {analysis_run.participant_label(p.id): p.display_name for p in clinic.participants}


def _name(names: dict[str, str], label: str) -> str:
    return names.get(label, _("(removed) %(label)s", label=label))


def factor_views(clinic: Clinic, result: dict[str, Any], names: dict[str, str]) -> list[FactorView]:
    texts = statement_texts(clinic)
    codes = result["statements"]
    model = run_model(result)
    views = []
    for viewpoint in model.viewpoints:
        f = viewpoint.number
        marks = {s.statement: s.page_mark for s in viewpoint.ranked if s.page_mark}
        chart = ""
        if not viewpoint.empty:
            chart = embed(
                charts.factor_array_figure(
                    [row[f - 1] for row in result["factor_arrays"]],
                    [row[f - 1] for row in result["zscores"]],
                    codes,
                    [texts.get(c, c) for c in codes],
                    marks,
                    clinic.grid,
                    title=_("Viewpoint %(f)s as a composite sort", f=f),
                    value_label=_("least important … most important"),
                )
            )
        views.append(
            FactorView(
                number=f,
                n_defining=viewpoint.n_defining,
                explained=viewpoint.explained_variance,
                defining=[_name(names, p) for p in viewpoint.defining],
                top=_with_text(viewpoint.top(), texts),
                bottom=_with_text(viewpoint.bottom(), texts),
                distinguishing=[
                    {"code": c, "text": texts.get(c, c), "mark": marks[c]}
                    for c in codes
                    if marks.get(c, "").startswith("*")
                ],
                chart=chart,
            )
        )
    return views


def _with_text(entries: list, texts: dict[str, str]) -> list[dict]:
    rows = [asdict(e) if is_dataclass(e) else e for e in entries]
    return [{**e, "text": texts.get(e["statement"], e["statement"])} for e in rows]


def ranking_context(clinic: Clinic, result: dict[str, Any]) -> dict[str, Any]:
    texts = statement_texts(clinic)
    overall = _with_text(result["ranking"]["overall"], texts)
    chart = embed(
        charts.ranking_figure(
            [e["statement"] for e in overall],
            [e["text"] for e in overall],
            [e["mean"] for e in overall],
            [e["sd"] for e in overall],
            title=_("All statements by average place on the grid"),
            value_label=_("average grid value (bar: spread)"),
        )
    )
    return {
        "overall": overall,
        "top_five": overall[:TOP],
        "dividing": _with_text(result["ranking"]["dividing"], texts),
        "consensus": [{"statement": c, "text": texts.get(c, c)} for c in result["consensus"]],
        "chart": chart,
    }


def aids_context(result: dict[str, Any]) -> dict[str, Any] | None:
    aids = result.get("factor_count_aids")
    if not aids:
        return None
    parallel = aids["parallel_analysis"]
    count = min(len(aids["eigenvalues"]), len(parallel["p95"]), len(aids["humphrey"]))
    rows = [
        {
            "n": n + 1,
            "eigenvalue": aids["eigenvalues"][n],
            "random": parallel["p95"][n],
            "kaiser": aids["eigenvalues"][n] > 1,
            "humphrey": aids["humphrey"][n] if n < len(aids["humphrey"]) else None,
            "significant": aids["significant_loadings"][n]
            if n < len(aids["significant_loadings"])
            else None,
        }
        for n in range(count)
    ]
    chart = embed(
        charts.scree_figure(
            aids["eigenvalues"],
            parallel["p95"],
            result["n_factors"],
            title=_("Scree plot"),
            eigen_label=_("eigenvalue"),
            random_label=_("random data (95th percentile)"),
            axis_label=_("component"),
        )
    )
    return {
        "rows": rows,
        "suggested": parallel["suggested"],
        "kaiser": aids["kaiser"],
        "chart": chart,
    }


def loadings_context(result: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    shown = [_name(names, p) for p in result["participants"]]
    chart = None
    if result["n_factors"] >= 2:
        chart = embed(
            charts.loadings_figure(
                result["loadings"],
                result["flagged"],
                shown,
                1,
                2,
                title=_("Loadings on two viewpoints"),
                axis_label=_("viewpoint %(factor)s"),
                flagged_label=_("defining sort"),
                other_label=_("other sort"),
            )
        )
    return {
        "rows": [
            {"label": p, "name": n, "loadings": a, "flags": fl}
            for p, n, a, fl in zip(
                result["participants"], shown, result["loadings"], result["flagged"], strict=True
            )
        ],
        "chart": chart,
        "rotation_data": {
            "loadings": result["loadings"],
            "flags": result["flagged"],
            "names": [charts.plain(name) for name in shown],  # rotation.js hands them to Plotly
            "flaggedLabel": _("defining sort"),
            "otherLabel": _("other sort"),
            "axisLabel": _("viewpoint %(factor)s"),
        },
    }


def stability_context(run: AnalysisRun, clinic: Clinic, names: dict[str, str]) -> dict | None:
    if not run.stability:
        return None
    texts = statement_texts(clinic)
    factors = {
        int(f): {**v, "top": _stability_rows(v["top"], texts)}
        for f, v in run.stability["factors"].items()
    }
    agreement = sorted(
        ((_name(names, p), a) for p, a in run.stability["flag_agreement"].items() if a is not None),
        key=lambda pair: pair[1],
    )
    return {**run.stability, "factors": factors, "agreement": agreement}


def _stability_rows(rows: list[dict], texts: dict[str, str]) -> list[dict]:
    return [{**r, "text": texts.get(r["statement"], r["statement"])} for r in rows]


def summary_line(result: dict[str, Any]) -> str:
    return ngettext(
        "%(num)d sort, %(k)s viewpoint(s).",
        "%(num)d sorts, %(k)s viewpoint(s).",
        result["n_sorts"],
        k=result["n_factors"],
    )


def export_notes(clinic: Clinic, run: AnalysisRun) -> list[str]:
    """What the PQMethod and KADE downloads of ``run`` cannot hold, in the page's language."""
    lang = current_language()
    table = run_downloads.run_table(run, clinic, lang, run_downloads.shown_names(run, clinic))
    losses = dat_losses(table, table.title)
    if losses.grid_refused:
        return [
            _(
                "PQMethod and KADE hold grids from %(lowest)s to %(highest)s only; this grid does not fit, so use the CSV, XLSX or JSON download.",
                lowest=signed(LOWEST, minus="-"),
                highest=signed(HIGHEST, minus="-"),
            )
        ]
    notes = []
    if losses.names:
        notes.append(
            _(
                "PQMethod keeps 8 ASCII characters per name: %(n)s name(s) are shortened or transliterated (the PQMethod zip lists the originals in names.csv).",
                n=len(losses.names),
            )
        )
    if losses.ids_lost:
        notes.append(
            _(
                "PQMethod and KADE number the statements 1, 2, 3 ...; the statement codes are kept in statements.csv inside the zips."
            )
        )
    if losses.texts_folded:
        notes.append(
            _(
                "PQMethod holds ASCII text only: %(n)s statement text(s) are transliterated in the .DAT/.STA (the full texts are in statements.csv inside the PQMethod zip).",
                n=losses.texts_folded,
            )
        )
    return notes


def page_context(clinic: Clinic, run: AnalysisRun, result: dict[str, Any]) -> dict[str, Any]:
    names = participant_names(clinic)
    return {
        "clinic": clinic,
        "run": run,
        "result": result,
        "settings": run.settings,
        "summary": summary_line(result),
        "warnings": warning_texts(result, _, {p: _name(names, p) for p in result["participants"]}),
        "aids": aids_context(result),
        "factor_count": factor_count_context(result),
        "ranking": ranking_context(clinic, result),
        "factors": factor_views(clinic, result, names),
        "loadings": loadings_context(result, names),
        "stability": stability_context(run, clinic, names),
        "runs": analysis_run.runs_of(clinic, run.round),
        "rounds": rounds_summary(clinic, current_language(), names)
        if clinic.current_round == 2
        else None,
        "stale": analysis_run.is_stale(run, clinic),
        "factor_choices": factor_choices(result),
        "export_notes": export_notes(clinic, run),
        **answer_context(run, statement_texts(clinic), names),
    }


def factor_choices(result: dict[str, Any]) -> list[SelectChoice]:
    """The run form's numbers of viewpoints: 1 up to what the sorts and statements allow."""
    most = min(analysis_run.MAX_DEFAULT_FACTORS, result["n_sorts"] - 1, result["n_statements"] - 1)
    return [SelectChoice(n, str(n)) for n in range(1, max(1, most) + 1)]
