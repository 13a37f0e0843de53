"""The error-code catalogue (qsort.messages): every code raised in qsort/ has an entry, the
values given where it is raised are the fields of its text, and the text has Dutch in the
translation catalogue, compiled. The raise sites are read from the source with ``ast``."""

import ast
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from qsort.domain.problems import Problem
from qsort.messages import CATALOGUE, english

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "qsort"
NL = ROOT / "translations" / "nl" / "LC_MESSAGES"
FIELD = re.compile(r"%\((\w+)\)s")


def _trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text(), str(p)) for p in sorted(PACKAGE.rglob("*.py"))}


def _problem_classes(trees) -> set[str]:
    """``Problem``, ``ProblemError`` and every class in qsort derived from it (read, not run)."""
    found = {"Problem", "ProblemError"}
    classes = [n for tree in trees.values() for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    while True:
        more = {c.name for c in classes if any(_name(b) in found for b in c.bases)} - found
        if not more:
            return found
        found |= more


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


LOCATION = {"file", "line", "field", "sheet", "cell"}
"""A FormatError's location keywords: not values of its text."""

NOT_VALUES = {"sort_index"}
"""An AnalysisError's pointer to the sort to blame: not a value of its text."""

BUILDERS = {PACKAGE / "domain" / "problems.py", PACKAGE / "formats" / "errors.py"} | {
    PACKAGE / "formats" / "sheet.py",
    PACKAGE / "services" / "jobs.py",
}
"""The modules that build a problem from a code they are given (and their own literal ones)."""


def _format_site(call: ast.Call) -> bool:
    """``FormatError("format...", ...)`` or ``sheet.error("format...", ...)``."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "error":
        return isinstance(func.value, ast.Name) and func.value.id in {"sheet", "self"}
    return _name(func) == "FormatError"


def _values(call: ast.Call) -> set[str] | None:
    """The value names a raise site gives (None: not knowable from the source)."""
    if _name(call.func) != "Problem":
        if any(k.arg is None for k in call.keywords):
            return None
        given = {k.arg for k in call.keywords} - NOT_VALUES
        return given - LOCATION if _format_site(call) else given
    if len(call.args) < 2:
        return set()
    given = call.args[1]
    if isinstance(given, ast.Dict) and all(isinstance(k, ast.Constant) for k in given.keys):
        return {k.value for k in given.keys}
    return None


def raise_sites() -> list[tuple[str, str, set[str] | None]]:
    """(where, code, value names) of every ``Problem(...)``, ``XError("code", ...)``,
    ``FormatError("format...", ...)`` and ``sheet.error("format...", ...)`` in qsort."""
    trees = _trees()
    classes = (_problem_classes(trees) - {"ProblemError"}) | {"FormatError", "JobRefused"}
    sites = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            if not (_name(node.func) in classes or _format_site(node)):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            code = node.args[0]
            if path in BUILDERS and not isinstance(code, ast.Constant):
                continue
            assert isinstance(code, ast.Constant) and isinstance(code.value, str), (
                f"{where}: the code must be a literal, so this test can check it"
            )
            sites.append((where, code.value, _values(node)))
    return sites


SITES = raise_sites()


def test_the_source_reader_finds_the_raise_sites():
    codes = {code for _where, code, _values in SITES}
    assert {"grid.sum_mismatch", "sort.column_count", "draft.version", "live.confirm"} <= codes
    assert {"clinic.csv_count", "account.exists", "theme.no-group", "run.too_few_sorts"} <= codes
    assert {"analysis.off_distribution", "analysis.more_sorts_differ"} <= codes
    assert {"analysis.qmethod_unscored", "analysis.horst_signs", "job.no_run"} <= codes
    assert len(SITES) >= len(CATALOGUE)


def test_every_raised_code_has_a_catalogue_entry():
    missing = [f"{where}: {code}" for where, code, _values in SITES if code not in CATALOGUE]
    assert missing == []


def test_every_catalogue_entry_is_raised_somewhere():
    assert set(CATALOGUE) - {code for _where, code, _values in SITES} == set()


def test_each_raise_site_gives_the_fields_of_its_text():
    wrong = []
    for where, code, given in SITES:
        fields = set(FIELD.findall(CATALOGUE.get(code, "")))
        if given is not None and given != fields:
            wrong.append(f"{where}: {code} gives {sorted(given)}, its text needs {sorted(fields)}")
    assert wrong == []


def _dutch(catalogue) -> dict[str, str]:
    return {m.id: m.string for m in catalogue if isinstance(m.id, str) and m.id and not m.fuzzy}


@pytest.mark.parametrize("kind", ["po", "mo"])
def test_every_catalogue_text_has_dutch_with_the_same_fields(kind):
    with open(NL / f"messages.{kind}", "rb") as handle:
        dutch = _dutch(read_po(handle, locale="nl") if kind == "po" else read_mo(handle))
    missing = [code for code, text in CATALOGUE.items() if not dutch.get(text)]
    assert missing == []
    fields = {
        c: (set(FIELD.findall(t)), set(FIELD.findall(dutch[t]))) for c, t in CATALOGUE.items()
    }
    assert {code: pair for code, pair in fields.items() if pair[0] != pair[1]} == {}


def test_english_fills_the_values_as_people_write_them():
    assert str(Problem("grid.height_not_positive", {"value": -2, "height": 0})) == (
        "Column -2 has height 0; every column needs at least 1."
    )
    assert str(Problem("sort.column_count", {"column": -2, "count": 3, "height": 2})) == (
        "Column −2 holds 3 statements; it must hold 2."
    )
    long_pile = "p" * 100
    assert str(Problem("sort.unknown_pile", {"pile": long_pile})) == (
        f"There is no pile called “{'p' * 40}…”."
    )
    assert english("clinic.no_title", {}) == "Give the clinic a title, in Dutch or in English."


def test_a_problem_error_reads_as_english_and_keeps_its_problem():
    from qsort.services.auth import AccountError

    error = AccountError("account.short_password", min=10)
    assert isinstance(error, ValueError)
    assert str(error) == "the password needs at least 10 characters"
    assert error.problem == Problem("account.short_password", {"min": 10})
    assert error.code == "account.short_password"


def test_a_problem_error_survives_pickling():
    import pickle

    from qsort.services.live import LiveError

    again = pickle.loads(pickle.dumps(LiveError("live.timer-range")))
    assert type(again) is LiveError and again.problem == Problem("live.timer-range")


def test_a_missing_code_is_a_key_error_not_a_silent_fallback():
    with pytest.raises(KeyError):
        str(Problem("nowhere.nothing"))


def test_the_source_reader_finds_the_file_format_sites():
    codes = {code for _where, code, _values in SITES}
    assert {"format.not_integer", "format.sort_columns", "format.dat_line1"} <= codes
    assert {"format.htmlq_no_sort", "format.xlsx_no_sorts", "format.clinic_version"} <= codes
    assert {"format.schema_missing", "format.at_line", "format.at_field"} <= codes
    sheet_sites = [w for w, code, _v in SITES if w.startswith("qsort/formats/sheet.py")]
    assert len(sheet_sites) >= 10  # sheet.error("format...", ...) sites are read too


def test_no_site_gives_a_problem_as_english_text():
    """No refusal is given as English words any more (``FormatError.untranslated`` and the
    codes whose text was only ``%(reason)s`` of English are gone)."""
    found = []
    for path, tree in _trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "untranslated":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
    assert {"format.untranslated", "run.analysis"} & set(CATALOGUE) == set()


def test_an_analysis_error_is_a_problem_with_its_sort_and_survives_pickling():
    import pickle

    from qsort.analysis import AnalysisError, ConvergenceError, QmethodRefusal

    error = AnalysisError("analysis.constant_sort", sort=3, sort_index=2)
    assert isinstance(error, ValueError) and error.problem == Problem(
        "analysis.constant_sort", {"sort": 3}
    )
    assert str(error) == "Q-sort input: sort 3 gives every statement the same value"
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.problem, again.sort_index) == (AnalysisError, error.problem, 2)
    stuck = pickle.loads(pickle.dumps(ConvergenceError("analysis.horst_signs", factor=2)))
    assert type(stuck) is ConvergenceError and stuck.sort_index is None
    refusal = pickle.loads(pickle.dumps(QmethodRefusal.of_case("unscored", (3, 4))))
    assert (refusal.code, refusal.case, refusal.factors) == (
        "analysis.qmethod_unscored",
        "unscored",
        (3, 4),
    )
    assert str(refusal).startswith("factors 3, 4 have no flagged sorts;")


def test_lists_are_values_written_with_commas_and_a_problem_nests_in_json():
    import json

    more = Problem("analysis.more_sorts_differ", {"more": 2})
    problem = Problem(
        "analysis.off_distribution",
        {"sort": "'B'", "first": "'A'", "columns": ["-1", "+2"], "found": [2, 0],
         "grid": [1, 1], "more": more},
    )  # fmt: skip
    assert str(problem) == (
        "Q-sort input: sort 'B' does not follow the forced distribution of sort 'A': in the "
        "columns -1, +2 it has 2, 0 statements where the grid has 1, 1 (2 more sort(s) differ too)"
    )
    stored = json.loads(json.dumps(problem.to_json()))
    assert stored["values"]["more"] == {"problem": {"code": more.code, "values": {"more": 2}}}
    assert Problem.from_json(stored) == problem


def test_a_problem_in_the_readers_language_nests_its_parts(app):
    from flask_babel import force_locale

    from qsort.views.problems import problem_text

    problem = Problem(
        "analysis.off_distribution",
        {"sort": 2, "first": 1, "columns": ["0"], "found": [3], "grid": [2],
         "more": Problem("analysis.more_sorts_differ", {"more": 1})},
    )  # fmt: skip
    with app.test_request_context(), force_locale("nl"):
        assert problem_text(problem) == (
            "Q-sorteringen: sortering 2 volgt niet de vaste verdeling van sortering 1: in de "
            "kolommen 0 heeft ze 3 stellingen waar het raster er 2 heeft (nog 1 sortering(en) "
            "wijken ook af)"
        )
