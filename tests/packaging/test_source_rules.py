"""Rules the source of ``qsort/`` keeps (issue 15), read with ``ast`` (nothing is imported):
no function body over 50 lines, no view over 25, and no ``# fmt: skip`` (the formatter's
layout is the layout). A body is counted from its first statement after the docstring to its
last line, so docstrings and decorators do not count.
"""

import ast
import io
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "qsort"
FUNCTION_LINES = 50
VIEW_LINES = 25
ROUTES = {"route", "get", "post", "put", "delete", "patch"}


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            has_docstring = (
                isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            )
            first = body[1] if has_docstring and len(body) > 1 else body[0]
            yield node, node.end_lineno - first.lineno + 1


def _is_view(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in ROUTES:
            return True
    return False


def test_no_function_over_50_lines_and_no_view_over_25():
    too_long = []
    for path in _sources():
        for node, lines in _functions(path):
            limit = VIEW_LINES if _is_view(node) else FUNCTION_LINES
            if lines > limit:
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"
                too_long.append(f"{where}: {lines} lines (at most {limit})")
    assert too_long == []


def test_no_fmt_skip():
    found = []
    for path in _sources():
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.COMMENT and "fmt: skip" in token.string:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{token.start[0]}")
    assert found == []
