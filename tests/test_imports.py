"""The library's import graph has no cycle, counting imports inside functions too
(they hid one: registry → builtins → nli ⇄ nli_model → registry), and each module
imports on its own in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "claimcheck"
MODULES = sorted(p.stem for p in PKG.glob("*.py") if p.stem not in ("__init__", "__main__"))


def _imports(module: str) -> set[str]:
    """claimcheck modules that ``module`` imports anywhere in its body."""
    tree = ast.parse((PKG / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x / from .x import y
                base = f"claimcheck.{base}" if base else "claimcheck"
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for n in names:
            if n.startswith("claimcheck.") and n.split(".")[1] in MODULES:
                out.add(n.split(".")[1])
    return out - {module}


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
    graph = {m: _imports(m) for m in MODULES}
    assert graph["nli_model"] >= {"labels"} and "nli" not in graph["nli_model"]
    cycle = _cycle(graph)
    assert cycle is None, " → ".join(cycle)


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


def test_labels_is_a_leaf():
    assert _imports("labels") <= {"errors"}


@pytest.mark.parametrize("first", ["nli_model", "nli", "builtins", "registry", "labels", "pipeline"])
def test_each_backend_module_imports_first_in_a_fresh_interpreter(first):
    code = (f"import claimcheck.{first}\n"
            "from claimcheck.registry import LABELS, resolve_nli\n"
            "print(resolve_nli('builtin'), LABELS[2])\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["claimcheck-nli-ar.v2", "contradiction"]
