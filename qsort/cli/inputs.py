"""Reading the CLI's inputs: the study (any format the registry reads, with the companion
beside it), its notes, and where in its file a given sort stands."""

import sys
from pathlib import Path

from qsort.analysis import AnalysisError
from qsort.formats import FormatError, QSortTable, StudyFile, read_study_path


class StudyFileError(FormatError):
    """A refused study file: the command line adds the list of accepted formats."""

    @classmethod
    def of(cls, error: FormatError) -> "StudyFileError":
        """The same refusal, in the same place."""
        return cls(error.problem.code, **error.location(), **error.problem.values)


def read_study_file(path: str) -> StudyFile:
    """Read the study at ``path``, printing the reader's notes (e.g. repeated ids kept apart)
    to stderr."""
    try:
        study = read_study_path(path)
    except FormatError as error:
        raise StudyFileError.of(error) from None
    for note in study.notes:
        print(f"qsort: note: {study.source}: {note}", file=sys.stderr)
    return study


def read_study(path: str) -> QSortTable:
    """The table of :func:`read_study_file`."""
    return read_study_file(path).table


def locate(error: AnalysisError, path: str, study: StudyFile | QSortTable) -> Exception:
    """Turn an analysis error about one sort into a FormatError naming where the sort is."""
    if error.sort_index is None or not isinstance(study, StudyFile):
        return FormatError.of(error.problem, file=Path(path).name)
    name = study.table.participants[error.sort_index]
    where = {"field": name, **study.locations[error.sort_index]}
    where["file"] = where.get("file") or Path(path).name
    return FormatError.of(error.problem, **where)
