"""The test suite's own rules: the slow list names real tests, and in CI a skip fails."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import conftest

pytest_plugins = ["pytester"]

TESTS = Path(__file__).resolve().parent


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_the_slow_list_names_real_tests():
    # a renamed file or test would otherwise drop silently into the fast path
    for name in conftest.SLOW_MODULES:
        assert (TESTS / name).is_file(), name
    for node in conftest.SLOW_TESTS:
        file, func = node.split("::")
        assert func in _test_functions(TESTS / file), node


@pytest.mark.parametrize("ci,outcome", [("true", "failed"), ("", "skipped")])
def test_a_skip_fails_in_ci_only(pytester, monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_x="""
        import pytest

        def test_needs_something():
            pytest.skip("the shipped asset is missing")
    """)
    res = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    res.assert_outcomes(**{outcome: 1})
    if ci:
        res.stdout.fnmatch_lines(["*skipped in CI*the shipped asset is missing*"])
