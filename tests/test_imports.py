"""The library's import graph has no cycle, counting imports inside functions too
(they hid one, in the flat layout: registry → builtins → nli ⇄ nli_model → registry), neither between
modules nor between the subpackages and top-level modules they make up (``text``,
``nli``, ``index`` each count as one), and each module imports on its own in a
fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "claimcheck"


def _name(path: Path) -> str:
    """Module name below ``claimcheck``: "pipeline", "text.lang"; a package is its folder ("text")."""
    parts = path.relative_to(PKG).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


FILES = {_name(p): p for p in sorted(PKG.rglob("*.py")) if p.name != "__main__.py" and p != PKG / "__init__.py"}
MODULES = sorted(FILES)


def _package(module: str) -> str:
    """The package ``module``'s relative imports start from ("" is claimcheck itself)."""
    return module if FILES[module].name == "__init__.py" else module.rpartition(".")[0]


def _imports(module: str) -> set[str]:
    """claimcheck modules that ``module`` imports anywhere in its body, with the
    packages a submodule import runs first ("nli" for "nli.model") unless they
    enclose ``module`` (they are running already)."""
    tree = ast.parse(FILES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x / from ..x import y
                pkg = _package(module).split(".") if _package(module) else []
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join(["claimcheck", *pkg, *([base] if base else [])])
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for n in names:
            if not n.startswith("claimcheck."):
                continue
            parts = n.split(".")[1:]
            for i in range(1, len(parts) + 1):  # the module and each package above it
                m = ".".join(parts[:i])
                if m in FILES and not (module + ".").startswith(m + "."):
                    found.add(m)
    return found - {module}


GRAPH = {m: _imports(m) for m in MODULES}


def _unit(module: str) -> str:
    """The top-level module or subpackage ``module`` belongs to."""
    return module.split(".")[0]


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_import_graph_has_no_cycle():
    assert GRAPH["nli.model"] >= {"nli.labels"} and "nli.backends" not in GRAPH["nli.model"]
    cycle = _cycle(GRAPH)
    assert cycle is None, " → ".join(cycle)


def test_subpackages_and_top_level_modules_import_each_other_one_way():
    units: dict[str, set[str]] = {}
    for m, deps in GRAPH.items():
        units.setdefault(_unit(m), set()).update(_unit(d) for d in deps if _unit(d) != _unit(m))
    cycle = _cycle(units)
    assert cycle is None, " → ".join(cycle)


def test_the_graph_sees_nested_and_relative_imports():
    # "from .text.claims import …" (inside a function), "from ..errors import …", "from .dates import …"
    assert {"text", "text.claims", "text.ingest"} <= GRAPH["pipeline"]
    assert {"errors", "types", "text.dates", "text.ingest"} <= GRAPH["text.webpage"]


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


def test_labels_is_a_leaf():
    assert GRAPH["nli.labels"] <= {"errors"}


@pytest.mark.parametrize("first", ["nli.model", "nli.backends", "builtins", "registry", "nli.labels", "pipeline"])
def test_each_backend_module_imports_first_in_a_fresh_interpreter(first):
    code = (f"import claimcheck.{first}\n"
            "from claimcheck.registry import LABELS, resolve_nli\n"
            "print(resolve_nli('builtin'), LABELS[2])\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["claimcheck-nli-ar.v2", "contradiction"]
