"""The import graph of ``qsort``: no cycle, and no web framework in the pure layers.

Read from the source with ``ast`` (nothing is imported). An edge ``a -> b`` is an import of
``b`` that runs when ``a`` is imported (a statement outside any function); a cycle of such
edges works only by the order the modules happen to load in, and breaks when it changes. ``qsort.analysis``, ``qsort.domain`` and
``qsort.services`` must not import Flask, its extensions, Babel, Jinja or WTForms themselves
(Werkzeug's password hashing in ``qsort.services.auth`` is a library call, not the web layer).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "qsort"
PURE = ("qsort.analysis", "qsort.domain", "qsort.services")
WEB = ("flask", "flask_babel", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate",
       "flask_limiter", "babel", "jinja2", "wtforms")  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, name: str, modules=frozenset()) -> set[str]:
    """The modules module ``name`` (file ``path``) imports when it loads: ``from pkg import x``
    imports the module ``pkg.x`` when ``modules`` holds it, else ``pkg``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _import_time_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}".rstrip(".")
            for alias in node.names:
                module = f"{base}.{alias.name}"
                found.add(module if module in modules else base)
    return found


def _import_time_nodes(tree: ast.Module):
    """The statements run when the module is imported: all but function bodies and
    ``if TYPE_CHECKING:`` blocks."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """Module -> the ``qsort`` modules it imports when it loads."""
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {other for other in _imported(path, name, files.keys()) if other in files} - {name}
        for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan 1972)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_reader_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_reader_resolves_relative_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from . import sibling, name\nfrom ..up import thing\nimport flask\n"
        "def later():\n    import qsort.late\n"
    )
    modules = {"qsort.pkg.sibling", "qsort.up"}
    found = _imported(module, "qsort.pkg.m", modules)
    assert found == {"qsort.pkg.sibling", "qsort.pkg", "qsort.up", "flask"}


def test_qsort_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_pure_layers_import_no_web_framework():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        if name.startswith(PURE):
            web = {m for m in _imported(path, name) if m.split(".")[0] in WEB}
            offenders += [f"{name} imports {m}" for m in sorted(web)]
    assert offenders == []
