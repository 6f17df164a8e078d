"""Issue 11's "one home per concept", checked from the source: what the design says has one home has one."""

from __future__ import annotations

import ast
from pathlib import Path

import synthpersona
from synthpersona.segmentation import ClusteringParams

SRC = Path(synthpersona.__file__).parent

# The clustering defaults every workflow shares; their one home is ClusteringParams. A workflow
# may choose another value on purpose (the clickstream's algorithm="kmeans"); the same value
# written out again is a copy that drifts when the default changes.
SHARED_DEFAULTS = ("k_min", "k_max", "min_cluster_pct", "algorithm")
DEFAULT_VALUES = {name: getattr(ClusteringParams(), name) for name in SHARED_DEFAULTS}


def _literal_default(node: ast.expr | None) -> object:
    """The literal a default spells out (``2``, ``"auto"``, ``Field(0.03, ...)``), else ``None``."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Field" and node.args:
        node = node.args[0]
    if isinstance(node, ast.Constant) and node.value is not None and not isinstance(node.value, bool):
        return node.value
    return None


def _defaults(tree: ast.AST) -> list[tuple[str, int, object]]:
    """Every (name, line, literal) of a parameter or class field spelling out a shared default's value."""
    found: list[tuple[str, int, object]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            positional = args.posonlyargs + args.args
            pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
            pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
            found += [(a.arg, a.lineno, _literal_default(d)) for a, d in pairs]
        elif isinstance(node, ast.ClassDef):
            found += [
                (stmt.target.id, stmt.lineno, _literal_default(stmt.value))
                for stmt in node.body
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
            ]
    return [
        (name, line, value)
        for name, line, value in found
        if name in DEFAULT_VALUES and value == DEFAULT_VALUES[name]
    ]


def test_the_scan_finds_a_repeated_clustering_default() -> None:
    planted = ast.parse(
        "def run(goal, *, k_min: int = 2, k_max=_DEFAULTS.k_max, algorithm: str = 'auto', k=2): ...\n"
        "def walk(log, algorithm: str = 'kmeans', min_cluster_pct=0.05): ...\n"
        "class Body:\n    min_cluster_pct: float = Field(0.03, ge=0.0)\n    k_max: int = Field(_D.k_max)\n"
    )
    assert sorted(name for name, _, _ in _defaults(planted)) == ["algorithm", "k_min", "min_cluster_pct"]


def test_clustering_defaults_are_written_once_in_the_parameters_object() -> None:
    home = SRC / "segmentation" / "_params.py"
    repeated = [
        f"{path.relative_to(SRC)}:{line} {name}={value!r}"
        for path in sorted(SRC.rglob("*.py"))
        if path != home
        for name, line, value in _defaults(ast.parse(path.read_text(encoding="utf-8")))
    ]
    # a signature, a pydantic field or a dataclass field reads ClusteringParams() instead
    assert repeated == []
    written = _defaults(ast.parse(home.read_text(encoding="utf-8")))
    assert sorted(name for name, _, _ in written) == sorted(SHARED_DEFAULTS)  # the scan sees the home


def _option_defaults(tree: ast.AST) -> list[str]:
    """Parameters whose default is a ``typer.Option(...)``/``typer.Argument(...)`` call."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for arg, default in zip(reversed(node.args.args), reversed(node.args.defaults), strict=False):
                call = default.func if isinstance(default, ast.Call) else None
                if isinstance(call, ast.Attribute) and call.attr in ("Option", "Argument"):
                    found.append(f"{node.name}({arg.arg})")
    return found


def test_cli_options_are_module_level_annotated_aliases() -> None:
    planted = ast.parse("def cmd(out: Path = typer.Option(None, '--out'), k: K = 4): ...")
    assert _option_defaults(planted) == ["cmd(out)"]
    in_signatures = {
        path.name: found
        for path in sorted((SRC / "cli").glob("*.py"))
        if (found := _option_defaults(ast.parse(path.read_text(encoding="utf-8"))))
    }
    # `Out = Annotated[Path | None, typer.Option("--out", ...)]`, then `out: Out = None`
    assert in_signatures == {}


def test_role_play_engine_choices_come_from_one_registry() -> None:
    import re

    import typer

    from synthpersona.api import _scenarios
    from synthpersona.cli import load_commands
    from synthpersona.scenarios import GENERATION_ENGINES, PersonaGenerator

    patterns = {
        m.__name__: str(m.model_fields["engine"].metadata)
        for m in vars(_scenarios).values()
        if isinstance(m, type)
        and m.__name__.endswith("Request")
        and "engine" in getattr(m, "model_fields", {})
    }
    assert len(patterns) >= 4
    for name in GENERATION_ENGINES:  # every body accepts exactly the registry's names
        assert all(re.search(rf"\b{name}\b", p) for p in patterns.values()), name
    scenario = getattr(typer.main.get_command(load_commands()), "commands", {})["scenario"]
    commands = getattr(scenario, "commands", {}).values()
    helps = [p.help or "" for c in commands for p in c.params if "--engine" in p.opts]
    assert len(helps) >= 4 and all(all(n in h for n in GENERATION_ENGINES) for h in helps)
    for name in GENERATION_ENGINES:  # and the generator takes each of them
        if name != "llm":  # needs a client
            PersonaGenerator(engine=name)
