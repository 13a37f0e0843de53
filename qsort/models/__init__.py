"""Typed SQLAlchemy 2.0 models, one module per aggregate."""

from qsort.models.analysis_run import AnalysisRun
from qsort.models.audit import AuditEvent
from qsort.models.clinic import Clinic, Statement
from qsort.models.job import Job
from qsort.models.moderation import Moderation
from qsort.models.sort import Comment, Participant, Placement, QSort
from qsort.models.user import Facilitator

__all__ = [
    "AnalysisRun",
    "AuditEvent",
    "Clinic",
    "Comment",
    "Facilitator",
    "Job",
    "Moderation",
    "Participant",
    "Placement",
    "QSort",
    "Statement",
]
