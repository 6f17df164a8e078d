"""Key benchmark figures, machine-readable, and the "recorded vs now" comparison of `make bench`.

Each benchmark writes a Markdown section (``_harness.write_section``). Its key figures are
declared once, in ``benchmarks/recorded.json``, by where they stand in that section (a table
row and column, or a line of text) together with their unit, which way is better, their kind
(``quality``, ``speed`` or ``memory``) and the last recorded value. ``write_section`` reads
them back out of the Markdown it writes and saves ``.bench/results/NAME.json``; ``run_all``
compares every figure with its recorded value:

- quality figures (ARI, precision, counts...) do not depend on the machine: any change beyond
  the figure's ``tol`` (absolute, default 0) in the worse direction is a regression;
- speed and memory figures are compared with a relative tolerance (``tol``; default 25 % for
  speed, 15 % for memory); speed figures are labelled with the 1-minute load average of their
  benchmark's run, since a loaded machine slows them: "slower" on a quiet machine, "slower under
  load" when the load average was at least ``QUIET_LOAD`` per core. Peak memory is "larger".

A figure that cannot be found any more (its table changed, its benchmark failed) is "missing",
which counts as a regression: change its locator in ``recorded.json`` with the table. A figure
recorded as ``null`` and still absent (a run that stops before it) is "none".
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RECORDED = HERE / "recorded.json"
KINDS = ("quality", "speed", "memory")
DEFAULT_TOL = {"quality": 0.0, "speed": 0.25, "memory": 0.15}
QUIET_LOAD = 0.5  # 1-min load average per core under which a timing counts as quiet
NUMBER = re.compile(r"[-+]?\d[\d,]*\.?\d*(?:[eE][-+]?\d+)?")


@dataclass
class Spec:
    """Where one key figure stands in its benchmark's section, and what it means.

    ``row`` lists cells that the row must contain (a blank cell takes the value above it, as in
    a table whose first column groups rows); ``column`` is the column's header; ``text`` is
    instead a regular expression searched in the whole section. ``pattern`` (a regular
    expression with one group) picks the number out of the cell or match; by default the first
    number (thousands separators allowed).
    """

    bench: str
    name: str
    unit: str
    better: str  # "higher" | "lower"
    kind: str  # "quality" | "speed" | "memory"
    recorded: float | None = None
    row: list[str] = field(default_factory=list)
    column: str = ""
    text: str = ""
    pattern: str = ""
    tol: float | None = None
    note: str = ""

    @property
    def tolerance(self) -> float:
        return DEFAULT_TOL[self.kind] if self.tol is None else self.tol


@dataclass
class Figure:
    """One measured key figure of a run (what ``.bench/results/NAME.json`` holds)."""

    name: str
    value: float | None
    unit: str
    better: str
    kind: str


@dataclass
class Row:
    """One line of the "recorded vs now" table."""

    bench: str
    name: str
    kind: str
    unit: str
    recorded: float | None
    now: float | None
    status: str  # same | better | worse | slower | faster | missing | new
    regression: bool
    load: float | None = None


def load_specs(path: Path | None = None) -> list[Spec]:
    """The key figures declared in ``recorded.json``."""
    data = json.loads((path or RECORDED).read_text())
    return [Spec(**item) for item in data["figures"]]


def save_specs(specs: list[Spec], path: Path | None = None, **meta: Any) -> None:
    """Write ``recorded.json`` back with ``meta`` updated (used by ``run_all.py --record``)."""
    path = path or RECORDED
    body = json.loads(path.read_text()) if path.exists() else {}
    body.update(meta)
    body["figures"] = [
        {k: v for k, v in asdict(s).items() if k == "recorded" or v not in ("", [], None)} for s in specs
    ]
    path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n")


def parse_number(text: str, pattern: str = "") -> float | None:
    """The number in ``text`` (``pattern``'s group, or the first number); None if there is none.

    >>> parse_number("3,660 req/s")
    3660.0
    >>> parse_number("132/140 = 94.3% (without ...)", r"= ([\\d.]+)%")
    94.3
    >>> parse_number("-")
    """
    if pattern:
        match = re.search(pattern, text)
        if not match:
            return None
        text = match.group(1)
    found = NUMBER.search(text)
    if not found:
        return None
    try:
        return float(found.group(0).replace(",", ""))
    except ValueError:
        return None


def tables(markdown: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every Markdown table of ``markdown`` as (header cells, body rows); blank cells filled from above."""
    found: list[tuple[list[str], list[list[str]]]] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        is_table = lines[i].lstrip().startswith("|") and i + 1 < len(lines)
        if is_table and re.fullmatch(r"\s*\|[\s:|-]+\|\s*", lines[i + 1]):
            header = _cells(lines[i])
            rows: list[list[str]] = []
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                cells = _cells(lines[i])
                if rows:
                    above = rows[-1]
                    cells = [c or (above[j] if j < len(above) else "") for j, c in enumerate(cells)]
                rows.append(cells)
                i += 1
            found.append((header, rows))
        else:
            i += 1
    return found


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def locate(spec: Spec, markdown: str) -> float | None:
    """The value of ``spec`` in ``markdown`` (a benchmark's section), or None if it is not there."""
    if spec.text:
        match = re.search(spec.text, markdown)
        if not match:
            return None
        return parse_number(match.group(1) if match.groups() else match.group(0), spec.pattern)
    for header, rows in tables(markdown):
        if spec.column not in header:
            continue
        col = header.index(spec.column)
        for cells in rows:
            if col < len(cells) and all(want in cells for want in spec.row):
                return parse_number(cells[col], spec.pattern)
    return None


def figures_of(bench: str, markdown: str, specs: list[Spec]) -> list[Figure]:
    """The key figures of ``bench`` read out of its section."""
    return [Figure(s.name, locate(s, markdown), s.unit, s.better, s.kind) for s in specs if s.bench == bench]


def write_results(bench: str, markdown: str, results_dir: Path, extra: list[Figure] | None = None) -> Path:
    """Save ``results_dir/BENCH.json``: the key figures declared for ``bench`` plus ``extra``."""
    specs = load_specs() if RECORDED.exists() else []
    figures = figures_of(bench, markdown, specs) + list(extra or [])
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{bench}.json"
    body = {"bench": bench, "load_per_core": load_per_core(), "figures": [asdict(f) for f in figures]}
    path.write_text(json.dumps(body, indent=1) + "\n")
    return path


def load_per_core() -> float | None:
    """The 1-minute load average divided by the number of cores (None where it cannot be read)."""
    try:
        return round(os.getloadavg()[0] / (os.cpu_count() or 1), 2)
    except OSError:
        return None


def compare_one(spec: Spec, now: float | None, load_per_core: float | None = None) -> Row:
    """Compare one figure with its recorded value (see the module docstring for the rules)."""
    row = Row(spec.bench, spec.name, spec.kind, spec.unit, spec.recorded, now, "same", False, load_per_core)
    if now is None or (isinstance(now, float) and math.isnan(now)):
        if spec.recorded is None:  # never measured (e.g. a run that stops before the figure)
            row.status = "none"
        else:
            row.status, row.regression = "missing", True
        return row
    if spec.recorded is None:
        row.status = "new"
        return row
    sign = 1.0 if spec.better == "higher" else -1.0
    delta = sign * (now - spec.recorded)  # > 0: better
    if spec.kind == "quality":
        if abs(now - spec.recorded) <= spec.tolerance or delta == 0:
            return row
        row.status = "better" if delta > 0 else "worse"
        row.regression = delta < 0
        return row
    scale = abs(spec.recorded) or 1.0
    if abs(delta) / scale <= spec.tolerance:
        return row
    if delta > 0:
        row.status = "faster" if spec.kind == "speed" else "smaller"
        return row
    loaded = load_per_core is not None and load_per_core >= QUIET_LOAD
    if spec.kind == "memory":  # peak memory hardly depends on the neighbours' load
        row.status = "larger"
    else:
        row.status = "slower under load" if loaded else "slower"
    row.regression = True
    return row


def compare(
    specs: list[Spec], results: dict[str, dict[str, float | None]], loads: dict[str, float]
) -> list[Row]:
    """Every declared figure against the run's ``results`` ({bench: {name: value}}).

    ``loads`` maps a benchmark to the 1-minute load average per core while it ran.
    """
    return [compare_one(s, results.get(s.bench, {}).get(s.name), loads.get(s.bench)) for s in specs]


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value == int(value) and abs(value) >= 10:
        return f"{int(value):,}"
    return f"{value:.4g}"


def render(rows: list[Row], cores: int = 2) -> str:
    """The "recorded vs now" table in Markdown; regressions are marked with ✗."""
    lines = [
        "| benchmark | figure | kind | recorded | now | unit | status |",
        "|-----------|--------|------|----------|-----|------|--------|",
    ]
    for r in rows:
        status = r.status + (" ✗" if r.regression else "")
        if r.kind == "speed" and r.load is not None:
            status += f" (load {r.load * cores:.1f})"
        lines.append(
            f"| {r.bench} | {r.name} | {r.kind} | {_fmt(r.recorded)} | {_fmt(r.now)} | {r.unit} | {status} |"
        )
    return "\n".join(lines)


def read_results(results_dir: Path) -> tuple[dict[str, dict[str, float | None]], dict[str, float]]:
    """({bench: {figure name: value}}, {bench: load per core}) from ``results_dir/NAME.json``."""
    out: dict[str, dict[str, float | None]] = {}
    loads: dict[str, float] = {}
    for path in sorted(results_dir.glob("*.json")):
        if path.name.startswith("_"):
            continue
        data = json.loads(path.read_text())
        out[data["bench"]] = {f["name"]: f["value"] for f in data["figures"]}
        if data.get("load_per_core") is not None:
            loads[data["bench"]] = data["load_per_core"]
    return out, loads


def results_from_sections(sections_dir: Path, specs: list[Spec]) -> dict[str, dict[str, float | None]]:
    """The same as :func:`read_results`, read from a run's Markdown sections (a run without results)."""
    out: dict[str, dict[str, float | None]] = {}
    for bench in sorted({s.bench for s in specs}):
        path = sections_dir / f"{bench}.md"
        if path.exists():
            out[bench] = {f.name: f.value for f in figures_of(bench, path.read_text(), specs)}
    return out
