"""claimcheck.config is the one place that reads claimcheck's environment settings
and declares their defaults."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from claimcheck import config

PKG = Path(__file__).resolve().parents[1] / "claimcheck"
ENV_NAME = re.compile(r"^CLAIMCHECK_[A-Z_]+$")
# not settings: a fault-injection hook that only the fault tests set
NOT_SETTINGS = {"CLAIMCHECK_FAULT_AT"}


def test_no_other_module_names_a_claimcheck_env_variable():
    found = []
    for path in sorted(PKG.glob("*.py")):
        if path.name == "config.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ENV_NAME.match(node.value) \
                    and node.value not in NOT_SETTINGS:
                found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert found == []


def test_defaults_and_their_overrides(monkeypatch, tmp_path):
    for var in ("CLAIMCHECK_INDEX", "CLAIMCHECK_ENCODER", "CLAIMCHECK_NLI"):
        monkeypatch.delenv(var, raising=False)
    assert config.default_index_dir() == config.DEFAULT_INDEX_DIR == Path("indexes/default")
    assert config.default_encoder() == config.DEFAULT_ENCODER
    assert config.default_nli() == config.DEFAULT_NLI == "builtin"
    monkeypatch.setenv("CLAIMCHECK_INDEX", str(tmp_path / "ix"))
    monkeypatch.setenv("CLAIMCHECK_NLI", "interim-cues.v1")
    monkeypatch.setenv("CLAIMCHECK_ENCODER", "")  # empty = unset
    assert config.default_index_dir() == tmp_path / "ix"
    assert config.default_nli() == "interim-cues.v1"
    assert config.default_encoder() == config.DEFAULT_ENCODER


def test_the_cli_index_option_reads_the_same_variable(monkeypatch, tmp_path, corpus):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    monkeypatch.setenv(config.INDEX_ENV, str(tmp_path / "from-env"))
    res = CliRunner().invoke(app, ["-q", "index", str(corpus), "--encoder", "hash.v1"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "from-env" / "CURRENT").is_file()


def test_each_default_is_declared_once():
    """The CLI's option defaults and the library's keyword defaults are the same
    objects: Settings (how claimcheck decides), settings.SEARCH_RESULTS, config."""
    import inspect

    import typer

    from claimcheck import decision, pipeline
    from claimcheck.cli import app
    from claimcheck.settings import DEFAULT, SEARCH_RESULTS

    commands = typer.main.get_command(app).commands
    defaults = {name: {p.name: p.default for p in cmd.params} for name, cmd in commands.items()}
    assert defaults["report"]["neighbours"] == DEFAULT.neighbours
    assert defaults["report"]["threshold"] == DEFAULT.contradiction_threshold
    assert defaults["report"]["show_threshold"] == defaults["check"]["show_threshold"] == DEFAULT.show_threshold
    assert defaults["report"]["max_pairs"] == DEFAULT.max_pairs
    assert defaults["check"]["k"] == DEFAULT.check_neighbours
    assert defaults["search"]["k"] == SEARCH_RESULTS == inspect.signature(pipeline.search).parameters["k"].default
    for name in ("index", "report", "search", "check"):
        assert defaults[name]["index"] is None  # its callback puts in config.default_index_dir()
    assert defaults["report"]["nli"] is defaults["check"]["nli"] is None  # the library asks config.default_nli()
    flag = inspect.signature(decision.nli_contradiction).parameters
    judge = inspect.signature(decision.judge).parameters
    assert flag["threshold"].default == judge["nli_threshold"].default == DEFAULT.contradiction_threshold
    assert flag["one_way"].default == judge["one_way"].default == DEFAULT.confident_one_way


def test_the_cli_index_default_is_config_default_index_dir(monkeypatch, tmp_path, corpus):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    monkeypatch.delenv(config.INDEX_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["-q", "index", str(corpus), "--encoder", "hash.v1"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / config.default_index_dir() / "CURRENT").is_file()
    assert config.default_index_dir() == config.DEFAULT_INDEX_DIR
