"""Scientific docstrings in the scipy manner: sources in a ``References`` section, numpydoc sections.

Read from the source with ``ast`` (nothing is imported). A docstring *cites* a source when it
names one of the authors or manuals below with a year within a few words ("Brown (1980, p.
222)", "Kaiser's 1959 program", "Watts & Stenner 2012"). Every module docstring and every public
function docstring that cites one has a numpydoc ``References`` section, and every ``[n]_`` it
cites has its entry ``.. [n]`` there (and no entry goes uncited). Every public function of
``qsort.analysis`` documents its arguments under ``Parameters`` and what it gives back under
``Returns``.
"""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "qsort"
ANALYSIS = PACKAGE / "analysis"

AUTHORS = (
    "Brown|Zabala|Pascual|Schmolck|PQMethod Manual|Horn|Kaiser|Watts|Stenner|McKeown|Thomas|"
    "Humphrey|Siegel|Castellan|Benjamini|Hochberg|Hodges|Lehmann|Kendall|Wilcoxon|Pratt|"
    "Cureton|Banasick|Horst|Schmidt|Student|Efron|Raîche|Conrad"
)
#: An author, then a year within 40 characters that holds no full stop or second sentence.
CITATION = re.compile(rf"\b(?:{AUTHORS})\b[^.\n]{{0,40}}?\b(?:19|20)\d\d\b")
SECTION = re.compile(r"^\s*References\n\s*-{10}\s*$", re.MULTILINE)
CITED = re.compile(r"\[(\d+)\]_")
ENTRY = re.compile(r"^\s*\.\. \[(\d+)\]", re.MULTILINE)


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _public_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]


def _docstrings(path: Path) -> list[tuple[str, str]]:
    """(where, docstring) for the module and each public function (methods included)."""
    tree = ast.parse(path.read_text(), str(path))
    found = [(str(path.relative_to(PACKAGE.parent)), ast.get_docstring(tree) or "")]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            found.append(
                (f"{path.relative_to(PACKAGE.parent)}:{node.name}", ast.get_docstring(node) or "")
            )
    return found


def _citing() -> list[tuple[str, str]]:
    return [
        (where, doc)
        for path in _modules()
        for where, doc in _docstrings(path)
        if CITATION.search(doc) or SECTION.search(doc)
    ]


def test_the_citation_pattern_finds_author_and_year_and_nothing_else():
    """Does the pattern tell a citation from a name (Kendall's W) or a format (PQMethod .DAT)?"""
    assert CITATION.search("Automatic flags follow Brown (1980, p. 222)")
    assert CITATION.search("Kaiser's 1959 program as PQMethod runs it")
    assert CITATION.search("Watts & Stenner 2012")
    assert not CITATION.search("Kendall's W from the counts")
    assert not CITATION.search("PQMethod's -6 .. +13 in its .DAT export of 2024 rows")
    assert not CITATION.search("Brown's centroid. Introduced in 2019")


def test_the_tree_cites_sources_at_all():
    """Would the checks below notice anything? The analysis cites Brown, Kaiser and Horn."""
    where = {where.split(":")[0] for where, _ in _citing()}
    for module in ("flagging.py", "varimax.py", "factor_count.py", "scores.py"):
        assert f"qsort/analysis/{module}" in where


@pytest.mark.parametrize("where,doc", [pytest.param(w, d, id=w) for w, d in _citing()])
def test_a_docstring_that_cites_a_source_has_a_references_section(where, doc):
    """Does every module and public function that cites an author and year list its sources
    under ``References``, with an entry for each ``[n]_`` and a citation of each entry?"""
    assert SECTION.search(doc), f"{where}: cites {CITATION.search(doc).group(0)!r}, no References"
    body, _, references = doc.partition("References\n")
    entries = ENTRY.findall(references)
    assert entries, f"{where}: References has no '.. [n]' entry"
    assert entries == [str(n) for n in range(1, len(entries) + 1)], f"{where}: entries {entries}"
    cited = set(CITED.findall(body))
    assert cited == set(entries), f"{where}: cites {sorted(cited)}, lists {entries}"


def _analysis_functions() -> list[tuple[str, ast.FunctionDef]]:
    return [
        (f"{path.stem}.{node.name}", node)
        for path in sorted(ANALYSIS.glob("*.py"))
        for node in _public_functions(ast.parse(path.read_text(), str(path)))
    ]


def _arguments(node: ast.FunctionDef) -> list[str]:
    args = node.args
    every = args.posonlyargs + args.args + args.kwonlyargs
    names = [a.arg for a in every] + [a.arg for a in (args.vararg, args.kwarg) if a]
    return [name for name in names if name not in ("self", "cls")]


@pytest.mark.parametrize("name,node", [pytest.param(n, f, id=n) for n, f in _analysis_functions()])
def test_a_public_analysis_function_documents_parameters_and_returns(name, node):
    """Does every public function of ``qsort.analysis`` name each argument under
    ``Parameters`` and say what it returns under ``Returns``?"""
    doc = ast.get_docstring(node) or ""
    arguments = _arguments(node)
    if arguments:
        assert re.search(r"^Parameters\n-{10}$", doc, re.MULTILINE), f"{name}: no Parameters"
        section = doc.split("Parameters\n----------\n", 1)[1]
        section = re.split(r"\n\S[^\n]*\n-{3,}\n", section)[0]
        heads = re.findall(r"^(\*{0,2}\w+(?:, \*{0,2}\w+)*)(?: : |$)", section, re.MULTILINE)
        documented = {name.lstrip("*") for head in heads for name in head.split(", ")}
        missing = [a for a in arguments if a not in documented]
        assert not missing, f"{name}: Parameters does not name {missing}"
    returns_none = isinstance(node.returns, ast.Constant) and node.returns.value is None
    if not returns_none:
        assert re.search(r"^(Returns|Yields)\n-{6,}$", doc, re.MULTILINE), f"{name}: no Returns"


def test_the_parameter_check_reads_numpydoc_sections():
    """Would the check above catch an argument left out of ``Parameters``?"""
    source = '''
def f(a, b, *, c=1):
    """Sum.

    Parameters
    ----------
    a : int
        One.
    c : int
        Three.

    Returns
    -------
    int
    """
'''
    node = ast.parse(source).body[0]
    with pytest.raises(AssertionError, match=r"does not name \['b'\]"):
        test_a_public_analysis_function_documents_parameters_and_returns("f", node)
