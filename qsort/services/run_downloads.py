"""Every download of a stored analysis run: the report (PDF, HTML) in Dutch or English, XLSX,
the raw sorts (Q-sort CSV), PQMethod DAT and STA, a KADE zip and JSON with provenance.

Everything comes from what the run stored (its input sorts, options and result), so a download
shows exactly the numbers of that run, whatever happened to the clinic since.
"""

import io
from dataclasses import replace
from datetime import date

from qsort.analysis import QmethodRefusal, run_analysis
from qsort.formats import QSortTable, dat_bytes, kade_zip_bytes, sta_bytes, write_qsort_csv
from qsort.models import AnalysisRun, Clinic, Participant
from qsort.reports import ParticipantComment, StudyInfo, build_report, render_html, render_pdf
from qsort.reports.differences import convention_differences
from qsort.reports.provenance import provenance_document
from qsort.reports.safe_text import spreadsheet_safe
from qsort.reports.workbook import xlsx_bytes
from qsort.services.analysis_run import stored_input, stored_options

#: kind -> (media type, file name suffix)
KINDS = {
    "pdf": ("application/pdf", "report.pdf"),
    "html": ("text/html; charset=utf-8", "report.html"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "tables.xlsx"),
    "csv": ("text/csv; charset=utf-8", "sorts.csv"),
    "dat": ("application/octet-stream", "STUDY.DAT"),
    "sta": ("application/octet-stream", "STUDY.STA"),
    "kade": ("application/zip", "kade.zip"),
    "json": ("application/json", "run.json"),
}


def run_download(run: AnalysisRun, clinic: Clinic, kind: str, lang: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of one download of ``run``."""
    media_type, suffix = KINDS[kind]
    table = run_table(run, clinic, lang)
    if kind == "csv":
        buffer = io.StringIO()
        write_qsort_csv(_safe_names(table), buffer)
        content = buffer.getvalue().encode("utf-8")
    elif kind == "dat":
        content = dat_bytes(table, title=table.title)
    elif kind == "sta":
        content = sta_bytes(table.statement_texts)
    elif kind == "kade":
        content = kade_zip_bytes(table, table.title)
    elif kind == "json":
        import json

        document = provenance_document(
            run.result,
            table.values.tolist(),
            source=f"clinic {clinic.id}, run {run.id}",
            title=table.title,
        )
        content = (json.dumps(document, indent=1, allow_nan=False) + "\n").encode("utf-8")
    else:
        report = build_report(run.result, study_info(run, clinic, lang), convention_differences=_differences(run),
                              stability=run.stability)  # fmt: skip
        if kind == "xlsx":
            content = xlsx_bytes(report, sorts=table.values.tolist())
        elif kind == "html":
            content = render_html(report, lang).encode("utf-8")
        else:
            content = render_pdf(report, lang)
    return content, media_type, f"{_slug(table.title)}-run{run.id}-{suffix}"


def run_table(run: AnalysisRun, clinic: Clinic, lang: str) -> QSortTable:
    """The run's input sorts with the statement texts in ``lang``."""
    data = stored_input(run)
    texts = _texts(clinic, lang)
    return QSortTable(
        participants=tuple(data.participants),
        statements=tuple(data.statements),
        values=data.sorts,
        title=clinic.title_for(lang),
        statement_texts=tuple(texts.get(code, code) for code in data.statements),
    )


def study_info(run: AnalysisRun, clinic: Clinic, lang: str) -> StudyInfo:
    """Everything the report says about the clinic beyond the numbers."""
    data = stored_input(run)
    people = _participants(clinic, data.participants)
    code_of = {s.id: s.code for s in clinic.statements}
    comments, answers = [], []
    for label, participant in people.items():
        q_sort = participant.q_sort
        if q_sort is None:
            continue
        comments += [
            ParticipantComment(label, code_of[c.statement_id], c.text) for c in q_sort.comments
        ]
        if q_sort.free_choice:
            answers.append(q_sort.free_choice)
    sizes = [p.team_size or 1 for p in people.values()]
    return StudyInfo(
        title=clinic.title_for(lang),
        statements=_texts(clinic, lang),
        question=clinic.question_for(lang),
        date=(run.created_at.date() if run.created_at else date.today()).isoformat(),
        n_teams=sum(1 for size in sizes if size > 1) or None,
        n_people=sum(sizes) if any(size > 1 for size in sizes) else None,
        grid=tuple((c.value, c.height) for c in clinic.distribution.columns),
        free_choice=tuple(answers),
        comments=tuple(comments),
    )


def _differences(run: AnalysisRun) -> list[str]:
    options = stored_options(run)
    if options.conventions == "qmethod":
        return []
    data = stored_input(run)
    try:
        reference = run_analysis(data.sorts, replace(options, conventions="qmethod"), participants=data.participants,
                                 statements=data.statements, with_factor_count_aids=False)  # fmt: skip
    except QmethodRefusal as refusal:
        return convention_differences(run.result, None, qmethod_error=str(refusal))
    return convention_differences(run.result, reference.as_dict())


def _participants(clinic: Clinic, labels: list[str]) -> dict[str, Participant]:
    by_id = {p.id: p for p in clinic.participants}
    return {
        label: by_id[int(label[1:])]
        for label in labels
        if label[1:].isdigit() and int(label[1:]) in by_id
    }


def _texts(clinic: Clinic, lang: str) -> dict[str, str]:
    return {s.code: (s.text_nl if lang == "nl" else s.text_en) for s in clinic.statements}


def _safe_names(table: QSortTable) -> QSortTable:
    names = tuple(str(spreadsheet_safe(p)) for p in table.participants)
    return replace(table, participants=names)


def _slug(title: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    return "-".join(part for part in slug.split("-") if part)[:50] or "clinic"
