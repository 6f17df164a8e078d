"""CLI conventions: ``-`` reads stdin, ``--json`` on commands that print results, ``--quiet``,
configuration errors in one line, missing extras named, the packaged examples."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from synthpersona.cli._app import run
from synthpersona.examples import EXAMPLES_DIR, example_files


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def test_leads_analyze_reads_stdin_like_the_file_and_prints_json_without_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    table = EXAMPLES_DIR / "leads.csv"
    args = ["--k", "3", "--json"]
    assert run(["leads", "analyze", str(table), *args]) == 0
    from_file = _json(capsys)
    _stdin(monkeypatch, table.read_bytes())
    assert run(["leads", "analyze", "-", *args]) == 0
    from_stdin = _json(capsys)
    assert from_stdin == from_file
    assert isinstance(from_file, list) and len(from_file) == 3
    assert sum(p["cluster_size"] for p in from_file) == 1000  # every row of the example table


def test_leads_analyze_needs_out_or_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["leads", "analyze", str(EXAMPLES_DIR / "leads.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--out" in err and "--json" in err


def test_scenario_template_from_stdin_is_the_same_persona(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    template = EXAMPLES_DIR / "scenarios" / "dei_training.yaml"
    args = ["--seed", "3", "--engine", "offline", "--json"]
    assert run(["scenario", "persona", "-t", str(template), *args]) == 0
    from_file = _json(capsys)
    _stdin(monkeypatch, template.read_bytes())
    assert run(["scenario", "persona", "-t", "-", *args]) == 0
    from_stdin = _json(capsys)
    assert isinstance(from_file, dict) and isinstance(from_stdin, dict)
    drop = {"id", "created_at", "generation_metadata"}  # ids, clock and timings differ
    assert {k: v for k, v in from_stdin.items() if k not in drop} == {
        k: v for k, v in from_file.items() if k not in drop
    }


def test_population_sources_and_info_print_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from synthpersona.population import COLUMNS, read_population_file, targets

    assert run(["population", "sources", "--json"]) == 0
    sources = _json(capsys)
    assert isinstance(sources, list)
    assert {s["column"] for s in sources} == {t.column for t in targets()}
    out = tmp_path / "p.parquet"
    assert run(["population", "generate", "-n", "300", "--seed", "2", "--out", str(out), "--json"]) == 0
    written = _json(capsys)
    assert written == {
        "path": str(out),
        "rows": 300,
        "columns": len(COLUMNS),
        "seed": 2,
        "bytes": out.stat().st_size,
    }
    assert run(["population", "info", "--population", str(out), "--json"]) == 0
    info = _json(capsys)
    df = read_population_file(out)
    assert isinstance(info, dict) and info["rows"] == len(df) == 300
    assert [c["column"] for c in info["columns"]] == list(df.columns)
    assert run(["population", "generate", "-n", "300", "--out", str(tmp_path / "q.csv"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_a_bad_environment_variable_is_one_configuration_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SYNTHPERSONA_LLM_TIMEOUT_S", "soon")
    code = run(["scenario", "persona", "-t", str(EXAMPLES_DIR / "scenarios" / "pharma_sales.json")])
    err = capsys.readouterr().err.strip()
    assert code not in (0, 1)
    assert len(err.splitlines()) == 1
    assert err.startswith("error: SYNTHPERSONA_LLM_TIMEOUT_S='soon' is invalid")
    assert "unexpected" not in err


def test_a_missing_extra_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # makes `import uvicorn` fail
    assert run(["serve", "--port", "1"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pip install 'synthpersona[api]'" in err


def test_the_llm_client_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from synthpersona._extras import MissingExtraError
    from synthpersona.llm import LLMClient

    monkeypatch.setitem(sys.modules, "openai", None)
    with pytest.raises(MissingExtraError, match=r"synthpersona\[llm\]"):
        LLMClient("http://127.0.0.1:9/v1", "m")


def test_examples_are_copied_and_never_overwritten_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "examples"
    assert run(["examples", str(dest), "--json"]) == 0
    written = [Path(p) for p in _json(capsys)]  # type: ignore[union-attr]
    assert [p.relative_to(dest) for p in written] == [p.relative_to(EXAMPLES_DIR) for p in example_files()]
    assert (dest / "scenarios" / "pharma_sales.json").read_bytes() == (
        EXAMPLES_DIR / "scenarios" / "pharma_sales.json"
    ).read_bytes()
    (dest / "leads.csv").write_text("mine")
    assert run(["examples", str(dest)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (dest / "leads.csv").read_text() == "mine"
    assert run(["examples", str(dest), "--force", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert (dest / "leads.csv").read_bytes() == (EXAMPLES_DIR / "leads.csv").read_bytes()


def test_every_random_step_is_set_with_random_state_and_seed_is_its_alias() -> None:
    import click
    import typer

    from synthpersona.cli import load_commands

    def walk(cmd: click.Command, path: str) -> list[tuple[str, list[str], object]]:
        found = [
            (path, list(p.opts), p.default)
            for p in cmd.params
            if "--seed" in p.opts or "--random-state" in p.opts
        ]
        for name, sub in getattr(cmd, "commands", {}).items():
            found += walk(sub, f"{path} {name}")
        return found

    options = walk(typer.main.get_command(load_commands()), "synthpersona")
    assert len(options) >= 8  # segment, leads, simulate, chat, population, scenario, behaviour ...
    for path, opts, default in options:
        assert opts[:2] == ["--random-state", "--seed"], path
        # one default seed for every workflow (None: "the configured built-in population")
        assert default in (0, None), path


def test_every_api_request_and_use_case_defaults_random_state_to_zero() -> None:
    import importlib
    import inspect
    import pkgutil

    from pydantic import BaseModel

    import synthpersona.api
    from synthpersona import usecases

    models: set[type[BaseModel]] = set()
    for info in pkgutil.iter_modules(synthpersona.api.__path__, "synthpersona.api."):
        module = importlib.import_module(info.name)
        models |= {
            m
            for m in vars(module).values()
            if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == info.name
        }
    defaults = {
        m.__name__: m.model_fields["random_state"].default for m in models if "random_state" in m.model_fields
    }
    assert len(defaults) >= 5 and set(defaults.values()) == {0}, defaults
    functions = []
    for info in pkgutil.iter_modules(usecases.__path__, "synthpersona.usecases."):
        module = importlib.import_module(info.name)
        functions += [
            f for _, f in inspect.getmembers(module, inspect.isfunction) if f.__module__ == info.name
        ]
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name:
                functions += [f for _, f in inspect.getmembers(cls, inspect.isfunction)]
    seeded = {
        f.__qualname__: inspect.signature(f).parameters["random_state"].default
        for f in functions
        if "random_state" in inspect.signature(f).parameters and not f.__name__.startswith("_")
    }
    # None only where a fresh seed per call is the point and is recorded (role-play personas)
    assert len(seeded) >= 5 and set(seeded.values()) <= {0, None}, seeded
    assert [name for name, default in seeded.items() if default is None] == ["agenerate_persona"]


def test_every_command_that_prints_results_takes_json() -> None:
    import click
    import typer

    from synthpersona.cli import load_commands

    # servers and the key helper print no results to parse
    exempt = {"synthpersona serve", "synthpersona ui", "synthpersona store add-key"}

    def leaves(cmd: click.Command, path: str) -> list[tuple[str, click.Command]]:
        subs = getattr(cmd, "commands", {})
        if not subs:
            return [(path, cmd)]
        return [leaf for name, sub in subs.items() for leaf in leaves(sub, f"{path} {name}")]

    commands = leaves(typer.main.get_command(load_commands()), "synthpersona")
    assert len(commands) >= 25
    missing = [
        path
        for path, cmd in commands
        if path not in exempt and not any("--json" in p.opts for p in cmd.params)
    ]
    assert missing == []
