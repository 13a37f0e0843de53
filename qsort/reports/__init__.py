"""Reports organisers can hand on: a summary for non-researchers and a researcher appendix, as
HTML or PDF, plus XLSX and JSON with provenance. Built from a stored analysis result; no Flask."""

from qsort.reports.model import ParticipantComment, Report, StudyInfo, build_report
from qsort.reports.render import render_html, render_pdf

__all__ = ["ParticipantComment", "Report", "StudyInfo", "build_report", "render_html", "render_pdf"]
