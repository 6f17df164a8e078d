"""The trust report: back-test, privacy, drift and representation sections as self-contained HTML.

Each section renders the JSON-ready summary of its check (``Backtest.summary()`` plus its
``claim_checks``, ``PrivacyReport.summary()``, ``Drift.summary()``,
``Representation.summary()``); every value is escaped.

Examples
--------
>>> html_text = trust_report_html(backtest={"workflow": "table", "split": "random", "n_build": 700,
...     "n_held_out": 300, "level": 0.95, "checked": 2, "inside": 2, "calibration": 1.0,
...     "outside": [], "ranking": None, "agreement": {}, "notes": [], "claim_checks": []})
>>> "2 of 2 claims" in html_text
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from synthpersona._files import atomic_write_text

__all__ = ["backtest_section", "render_trust_report", "trust_report_html"]

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.6em 0}
td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left}th{background:#f5f5f5}
.ok{color:#1b7f3b;font-weight:600}.bad{color:#b3261e;font-weight:600}.note{color:#666;font-size:.9em}
"""


def _e(value: Any) -> str:
    return html.escape(str(value))


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _notes(notes: Sequence[str]) -> str:
    return "".join(f'<p class="note">{_e(n)}</p>' for n in notes)


def backtest_section(bt: dict[str, Any]) -> str:
    """Back-test: calibration, ranking agreement, every claim with its interval."""
    cal = bt.get("calibration")
    verdict = "ok" if cal is not None and cal >= 0.9 else "bad"
    parts = [
        "<h2>Back-test on held-out data</h2>",
        f"<p>{_e(bt['workflow'])} personas built on {bt['n_build']:,} rows and checked on "
        f"{bt['n_held_out']:,} held-out rows ({_e(bt['split'])} split): "
        f'<span class="{verdict}">{bt["inside"]} of {bt["checked"]} claims</span> inside their '
        f"{bt['level']:.0%} prediction interval ({_pct(cal)}).</p>",
    ]
    ranking = bt.get("ranking")
    if ranking:
        parts.append(
            f"<p>{_e(ranking['what'])} ranking agreement between the parts: Spearman "
            f"{_e(round(ranking['spearman'], 2) if ranking['spearman'] is not None else 'n/a')}, "
            f"top segment {'kept' if ranking['top_kept'] else 'changed'}.</p>"
        )
    rows = [
        [
            c["segment_id"],
            c["statistic"]
            + (f" {c['column']}" if c["column"] else "")
            + (f"={c['category']}" if c["category"] else ""),
            f"{c['stated']:.4g}",
            "n/a" if c["held_out"] is None else f"{c['held_out']:.4g}",
            f"[{c['interval'][0]:.4g}, {c['interval'][1]:.4g}]",
            {True: "inside", False: "OUTSIDE", None: "-"}[c["inside"]],
        ]
        for c in bt.get("claim_checks", [])
    ]
    if rows:
        parts.append(_table(["segment", "claim", "stated", "held-out", "95 % interval", ""], rows))
    parts.append(_notes(bt.get("notes", [])))
    return "".join(parts)


def privacy_section(pr: dict[str, Any]) -> str:
    """Privacy: each persona's combination and matching rows, small cells, leaks, noise."""
    verdict = '<span class="ok">ok</span>' if pr["ok"] else '<span class="bad">NOT OK</span>'
    rows = [
        [
            p["persona_id"],
            ", ".join(f"{c}={'|'.join(v)}" for c, v in p["attributes"].items()) or "(none)",
            p["matches"],
            ", ".join(p["generalised"]) or "-",
        ]
        for p in pr["personas"]
    ]
    parts = [
        "<h2>Privacy</h2>",
        f"<p>k-anonymity with k = {pr['k']}: {verdict}. Never shown (personal data, identifiers, free "
        f"text): {_e(', '.join(pr['protected_columns']) or 'none')}.</p>",
        _table(["persona", "stated attribute combination", "rows matching", "generalised"], rows),
    ]
    if pr["small_cells"]:
        cells = [
            [c["segment_id"], c["column"], c["value"], c["count"], c["action"]] for c in pr["small_cells"]
        ]
        parts.append(f"<p>Counts from fewer than {pr['k']} people:</p>")
        parts.append(_table(["segment", "column", "value", "people", "action"], cells))
    if pr["leaks"]:
        parts.append(_table(["where", "column"], [[lk["where"], lk["column"]] for lk in pr["leaks"]]))
    if pr.get("epsilon") is not None:
        parts.append(
            f"<p>Laplace noise: epsilon {pr['epsilon']} in all, {pr['epsilon_per_histogram']:.4g} per "
            "published histogram.</p>"
        )
    parts.append(_notes(pr.get("notes", [])))
    return "".join(parts)


def drift_section(diffs: Sequence[dict[str, Any]]) -> str:
    """Versions: matched segments with share changes, new and vanished segments, column drift."""
    parts = ["<h2>Versions and drift</h2>"]
    for d in diffs:
        parts.append(f"<p><b>{_e(d['old'])} → {_e(d['new'])}</b></p>")
        rows = [
            [
                f"{m['old_id']} → {m['new_id']}",
                m["new_label"],
                _pct(m["share_old"]),
                _pct(m["share_new"]),
                f"{m['share_change'] * 100:+.1f}",
                f"{m['overlap']:.2f}",
            ]
            for m in d["matches"]
        ]
        rows += [["new", s["label"], "-", _pct(s["share"]), "", ""] for s in d["new_segments"]]
        rows += [["vanished", s["label"], _pct(s["share"]), "-", "", ""] for s in d["vanished_segments"]]
        rows += [
            [f"new, inside {g['new_segment_id']}", g["label"], _pct(g["share_old_region"]),
             _pct(g["share_new"]), f"{g['excess'] * 100:+.1f}", ""]
            for g in d.get("emerging_groups", [])
        ]  # fmt: skip
        parts.append(_table(["segment", "label", "share before", "share now", "points", "overlap"], rows))
        cols = [
            [
                c["column"],
                f"{c['psi']:.3f}" if c["psi"] is not None else "n/a",
                c["level"],
                c["test"],
                c["p_value"],
            ]
            for c in d["columns"]
        ]
        parts.append(_table(["column", "PSI", "level", "test", "p"], cols))
        parts.append(_notes(d.get("notes", [])))
    return "".join(parts)


def representation_section(rep: dict[str, Any]) -> str:
    """Representation: each group's shares, its personas and flags; over-claims."""
    rows = [
        [
            g["dimension"],
            g["group"],
            _pct(g["reference_share"]),
            _pct(g["audience_share"]),
            ", ".join(g["personas"]) or "-",
            g["flag"] or "",
        ]
        for g in rep["groups"]
    ]
    parts = [
        "<h2>Representation</h2>",
        _table(["dimension", "group", "reference", "segmented", "personas", "flag"], rows),
    ]
    if rep["over_claims"]:
        over = [
            [o["persona_id"], f"{o['dimension']}={o['group']}", _pct(o["share_in_segment"])]
            for o in rep["over_claims"]
        ]
        parts.append("<p>Personas whose own group is a small minority of their segment:</p>")
        parts.append(_table(["persona", "group", "share of its segment"], over))
    parts.append(_notes(rep.get("notes", [])))
    return "".join(parts)


def trust_report_html(
    *,
    backtest: dict[str, Any] | None = None,
    privacy: dict[str, Any] | None = None,
    drift: Sequence[dict[str, Any]] | None = None,
    representation: dict[str, Any] | None = None,
    title: str = "Trust report: personas back-tested, private, versioned and representative",
) -> str:
    """A self-contained HTML page with a section per check given."""
    sections = []
    if backtest is not None:
        sections.append(backtest_section(backtest))
    if privacy is not None:
        sections.append(privacy_section(privacy))
    if drift:
        sections.append(drift_section(drift))
    if representation is not None:
        sections.append(representation_section(representation))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{_e(title)}</h1>{''.join(sections)}"
        '<p class="note">How each figure is computed: docs/trust.md.</p></body></html>'
    )


def render_trust_report(path: str | Path, **sections: Any) -> Path:
    """Write :func:`trust_report_html` to ``path`` atomically; return the path."""
    return atomic_write_text(path, trust_report_html(**sections))
