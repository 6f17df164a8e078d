"""The layering rules of docs/architecture.md, checked on the imports of every module.

- the core (every package but ``api``, ``cli``, ``ui`` and ``__main__``) never imports an
  interface;
- an interface never imports a private module (``_x``) or private name of another
  package, only public names and ``synthpersona.usecases``. The private helpers at
  the root (``synthpersona._files``, ``_json``, ``_stats``) are private to the whole
  library, so every package may use them;
- the packages form no import cycle (imports inside functions count too: an arrow is
  an arrow, whether it is paid at import time or later).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import synthpersona

SRC = Path(synthpersona.__file__).parent
# ``synthpersona/__main__.py`` (``python -m synthpersona``) is the CLI's entry point
INTERFACES = frozenset({"api", "cli", "ui", "__main__"})
ROOT = "synthpersona"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")


def _package(module: str) -> str:
    """Top-level unit of ``module``: ``synthpersona.tables._io`` -> ``tables``, root -> ``synthpersona``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def _imports() -> list[tuple[str, int, str]]:
    """``(importing module, line, imported module or module.name)`` for every synthpersona import."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        module = _module_name(path)
        package_parts = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(module, node.lineno, a.name) for a in node.names if a.name.split(".")[0] == ROOT]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package_parts[: len(package_parts) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                if target.split(".")[0] != ROOT:
                    continue
                for alias in node.names:
                    name = f"{target}.{alias.name}"
                    # ``from pkg import sub`` imports the module ``pkg.sub``; otherwise a name of ``pkg``
                    found.append(
                        (module, node.lineno, name if _is_module(name) else f"{target}:{alias.name}")
                    )
    return found


IMPORTS = _imports()


def _target_package(target: str) -> str:
    return _package(target.split(":")[0]) if "." in target.split(":")[0] else ROOT


def test_the_scan_sees_the_imports() -> None:
    assert ("synthpersona.usecases.goals" in {m for m, _, _ in IMPORTS}) and len(IMPORTS) > 300


def test_the_core_never_imports_an_interface() -> None:
    bad = [
        f"{m}:{line} imports {t}"
        for m, line, t in IMPORTS
        if _package(m) not in INTERFACES and _target_package(t) in INTERFACES
    ]
    assert not bad, "core modules import cli/api/ui:\n" + "\n".join(bad)


def test_interfaces_use_only_public_names_of_other_packages() -> None:
    bad = []
    for m, line, t in IMPORTS:
        own, other = _package(m), _target_package(t)
        if own not in INTERFACES or other in (own, ROOT):
            continue
        parts = t.replace(":", ".").split(".")[2:]
        if any(p.startswith("_") and not p.startswith("__") for p in parts):
            bad.append(f"{m}:{line} imports {t}")
    assert not bad, "interfaces reach into private modules of other packages:\n" + "\n".join(bad)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for m, _, t in IMPORTS:
        own, other = _package(m), _target_package(t)
        if own != other and own != ROOT and other != ROOT:
            graph[own].add(other)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among the packages, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycles_between_packages() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


# what every package may use without naming it in docs/architecture.md's arrows table
_SHARED = frozenset(
    {"errors", "config", "_files", "_json", "_stats", "_pydantic", "_extras", "_table_options"}
)


def test_the_architecture_arrows_table_names_every_import() -> None:
    import re

    doc = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (.*) \|$", doc, re.M))
    graph = _graph()
    unnamed = []
    for package, text in rows.items():
        if package not in graph or package == "usecases":  # "every core package above"
            continue
        named = set(re.findall(r"\b\w+\b", re.sub(r"\([^)]*\)", "", text)))
        unnamed += [f"{package} -> {t}" for t in sorted(graph[package] - _SHARED - named)]
    assert rows, "docs/architecture.md has no arrows table"
    assert not unnamed, "imports docs/architecture.md's arrows table does not name:\n" + "\n".join(unnamed)
