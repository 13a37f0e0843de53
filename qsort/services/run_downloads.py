"""Every download of a stored analysis run: the report (PDF, HTML) in Dutch or English, XLSX,
the raw sorts (Q-sort CSV and its statements CSV), PQMethod DAT, STA and a PQMethod zip, a KADE
zip and JSON with provenance.

Everything comes from what the run stored (its input sorts, options and result), so a download
shows exactly the numbers of that run, whatever happened to the clinic since. Participants are
named as the facilitator sees them (repeated names kept apart as ``name_2``); with
``anonymise`` they become P01, P02 ... in every download, and the JSON records it.
"""

import io
import json
from dataclasses import dataclass, replace
from datetime import date

from qsort.analysis.errors import AnalysisError, QmethodRefusal
from qsort.domain.problems import Problem
from qsort.formats import QSortTable, dat_bytes, kade_zip_bytes, sta_bytes, write_qsort_csv
from qsort.formats.names import anonymous_labels, unique_names
from qsort.formats.pqmethod_zip import pqmethod_zip_bytes
from qsort.formats.qsort_csv import write_statements_csv
from qsort.models import AnalysisRun, Clinic, Participant
from qsort.narrative.catalogue import translator
from qsort.reports import ParticipantComment, StudyInfo, build_report, render_html, render_pdf
from qsort.reports.differences import convention_differences
from qsort.reports.provenance import provenance_document
from qsort.reports.safe_text import spreadsheet_safe
from qsort.reports.workbook import xlsx_bytes
from qsort.services.analysis_run import stored_input
from qsort.services.free_choice import run_themes
from qsort.services.rounds import summary_of_run
from qsort.services.run_labels import relabel_run

#: kind -> (media type, file name suffix)
KINDS = {
    "pdf": ("application/pdf", "report.pdf"),
    "html": ("text/html; charset=utf-8", "report.html"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "tables.xlsx"),
    "csv": ("text/csv; charset=utf-8", "sorts.csv"),
    "statements": ("text/csv; charset=utf-8", "statements.csv"),
    "dat": ("application/octet-stream", "STUDY.DAT"),
    "sta": ("application/octet-stream", "STUDY.STA"),
    "pqmethod": ("application/zip", "pqmethod.zip"),
    "kade": ("application/zip", "kade.zip"),
    "json": ("application/json", "run.json"),
}
#: Downloads whose content depends on the language (texts of the statements, the report).
LANGUAGE_KINDS = frozenset(
    {"pdf", "html", "xlsx", "statements", "dat", "sta", "pqmethod", "kade", "json"}
)

#: Stored with the run for its report, not part of the run's JSON (the qmethod comparison).
INTERNAL_KEYS = frozenset({"qmethod_reference"})


@dataclass(frozen=True)
class NamedRun:
    """A run as it is downloaded: participant labels replaced by the shown names."""

    table: QSortTable
    settings: dict
    result: dict
    stability: dict | None
    names: dict[str, str]  # label -> shown name


def run_download(
    run: AnalysisRun, clinic: Clinic, kind: str, lang: str, anonymise: bool = False
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of one download of ``run``.

    Raises
    ------
    ExportError
        When the format cannot hold the study (a grid beyond PQMethod's range,
        :data:`qsort.formats.pqmethod.LOWEST` .. ``HIGHEST``, for DAT, STA's companion DAT, the PQMethod zip and KADE).
    """
    media_type, suffix = KINDS[kind]
    named = named_run(run, clinic, lang, anonymise)
    content = _WRITERS[kind](run, clinic, named, lang, anonymise)
    anonymous = "-anonymised" if anonymise else ""
    if run.round == 2 or clinic.current_round == 2:  # one study per round: the name says which
        anonymous = f"-round{run.round}{anonymous}"
    if kind in LANGUAGE_KINDS:  # the file name says the language: ..._nl.pdf
        stem, _dot, extension = suffix.rpartition(".")
        suffix = f"{stem}_{lang}.{extension}"
    return content, media_type, f"{_slug(named.table.title)}-run{run.id}{anonymous}-{suffix}"


def shown_names(run: AnalysisRun, clinic: Clinic, anonymise: bool = False) -> dict[str, str]:
    """Run label (``p<id>``) -> the name the downloads use."""
    labels = stored_input(run).participants
    if anonymise:
        return dict(zip(labels, anonymous_labels(len(labels)), strict=True))
    by_id = {p.id: p.display_name for p in clinic.participants}
    names = [by_id.get(int(label[1:]), label) if label[1:].isdigit() else label for label in labels]
    return dict(zip(labels, unique_names(names)[0], strict=True))


def named_run(run: AnalysisRun, clinic: Clinic, lang: str, anonymise: bool = False) -> NamedRun:
    names = shown_names(run, clinic, anonymise)
    settings, result, stability = relabel_run(run.settings, run.result, names, run.stability)
    return NamedRun(run_table(run, clinic, lang, names), settings, result, stability, names)


def run_table(
    run: AnalysisRun, clinic: Clinic, lang: str, names: dict[str, str] | None = None
) -> QSortTable:
    """The run's input sorts with the statement texts in ``lang`` (labels renamed by ``names``)."""
    data = stored_input(run)
    texts = _texts(clinic, lang)
    names = names or {}
    return QSortTable(
        participants=tuple(names.get(p, p) for p in data.participants),
        statements=tuple(data.statements),
        values=data.sorts,
        title=_study_title(run, clinic, lang),
        statement_texts=tuple(texts.get(code, code) for code in data.statements),
    )


def _study_title(run: AnalysisRun, clinic: Clinic, lang: str) -> str:
    """The clinic's title; in a clinic with two rounds also the run's round (one study per
    round in PQMethod, KADE and the CSV)."""
    title = clinic.title_for(lang)
    if run.round == 2 or clinic.current_round == 2:
        title = f"{title} - {'ronde' if lang == 'nl' else 'round'} {run.round}"
    return title


def _csv(run, clinic, named: NamedRun, lang, anonymise) -> bytes:
    table = named.table
    safe = replace(
        table,
        participants=tuple(str(spreadsheet_safe(p)) for p in table.participants),
        statements=tuple(str(spreadsheet_safe(s)) for s in table.statements),
    )
    buffer = io.StringIO()
    write_qsort_csv(safe, buffer)
    return buffer.getvalue().encode("utf-8")


def _statements(run, clinic, named: NamedRun, lang, anonymise) -> bytes:
    table = named.table
    buffer = io.StringIO()
    write_statements_csv(
        {
            str(spreadsheet_safe(s)): str(spreadsheet_safe(t))
            for s, t in zip(table.statements, table.statement_texts, strict=True)
        },
        buffer,
    )
    return buffer.getvalue().encode("utf-8")


def _json(run, clinic, named: NamedRun, lang, anonymise) -> bytes:
    result = {key: value for key, value in named.result.items() if key not in INTERNAL_KEYS}
    document = provenance_document(
        result,
        named.table.values.tolist(),
        source=f"clinic {clinic.id}, run {run.id}",
        title=named.table.title,
        statement_texts=list(named.table.statement_texts),
        anonymised=anonymise,
    )
    return (json.dumps(document, indent=1, allow_nan=False, ensure_ascii=False) + "\n").encode(
        "utf-8"
    )


def _report(kind: str):
    def write(run, clinic, named: NamedRun, lang, anonymise) -> bytes:
        report = build_report(
            named.result,
            study_info(run, clinic, lang, named.names),
            convention_differences=_differences(run, lang),
            stability=named.stability,
        )
        if kind == "xlsx":
            return xlsx_bytes(
                report, sorts=named.table.values.tolist(), anonymised=anonymise, lang=lang
            )
        if kind == "html":
            return render_html(report, lang).encode("utf-8")
        return render_pdf(report, lang)

    return write


_WRITERS = {
    "csv": _csv,
    "statements": _statements,
    "dat": lambda run, clinic, named, lang, anon: dat_bytes(named.table, title=named.table.title),
    "sta": lambda run, clinic, named, lang, anon: sta_bytes(named.table.statement_texts),
    "pqmethod": lambda run, clinic, named, lang, anon: pqmethod_zip_bytes(
        named.table, named.table.title, gettext=translator(lang)
    ),
    "kade": lambda run, clinic, named, lang, anon: kade_zip_bytes(
        named.table, named.table.title, gettext=translator(lang)
    ),
    "json": _json,
    "xlsx": _report("xlsx"),
    "html": _report("html"),
    "pdf": _report("pdf"),
}


def study_info(
    run: AnalysisRun, clinic: Clinic, lang: str, names: dict[str, str] | None = None
) -> StudyInfo:
    """Everything the report says about the clinic beyond the numbers."""
    data = stored_input(run)
    people = _participants(clinic, data.participants)
    names = names or {}
    code_of = {s.id: s.code for s in clinic.statements}
    comments, answers = [], []
    for label, participant in people.items():
        q_sort = participant.sort_of_round(run.round)
        if q_sort is None:
            continue
        comments += [
            ParticipantComment(names.get(label, label), code_of[c.statement_id], c.text)
            for c in q_sort.comments
        ]
        if q_sort.free_choice:
            answers.append(q_sort.free_choice)
    sizes = [p.team_size or 1 for p in people.values()]
    two_rounds = clinic.current_round == 2 or run.round == 2
    return StudyInfo(
        title=clinic.title_for(lang),
        statements=_texts(clinic, lang),
        question=clinic.round_question_for(run.round, lang),
        rounds=summary_of_run(run, clinic, lang, names),
        round_number=run.round if two_rounds else None,
        date=(run.created_at.date() if run.created_at else date.today()).isoformat(),
        n_teams=sum(1 for size in sizes if size > 1) or None,
        n_people=sum(sizes) if any(size > 1 for size in sizes) else None,
        grid=tuple((c.value, c.height) for c in clinic.distribution.columns),
        free_choice=tuple(answers),
        comments=tuple(comments),
        free_choice_groups=tuple((g.label, g.count) for g in run_themes(clinic, data.participants)),
    )


def _differences(run: AnalysisRun, lang: str) -> list[str]:
    """The notes in ``lang`` comparing the qsort conventions with qmethod's, from the qmethod
    run stored with the run (none for a run under qmethod's conventions, or stored before it
    was kept)."""
    reference = run.result.get("qmethod_reference")
    if not reference:
        return []
    if "refusal" in reference:
        case = reference.get("refusal_code", "")
        factors = tuple(reference.get("refusal_factors", ()))
        refusal = QmethodRefusal.of_case(case, factors) if case else _stored_refusal(reference)
        return convention_differences(run.result, None, qmethod_error=refusal, lang=lang)
    return convention_differences(run.result, reference, lang=lang)


def _stored_refusal(reference: dict) -> AnalysisError | str:
    """qmethod's refusal as stored with the run: its problem, or (stored before problems were)
    its English words."""
    stored = reference.get("refusal_problem")
    return AnalysisError.of(Problem.from_json(stored)) if stored else reference["refusal"]


def _participants(clinic: Clinic, labels: list[str]) -> dict[str, Participant]:
    by_id = {p.id: p for p in clinic.participants}
    return {
        label: by_id[int(label[1:])]
        for label in labels
        if label[1:].isdigit() and int(label[1:]) in by_id
    }


def _texts(clinic: Clinic, lang: str) -> dict[str, str]:
    return {s.code: (s.text_nl if lang == "nl" else s.text_en) for s in clinic.statements}


def _slug(title: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    return "-".join(part for part in slug.split("-") if part)[:50] or "clinic"
