"""PowerPoint deck of a simulation run (python-pptx): the story for an executive audience.

Slides: title, behavioural personas (table), funnel, paths (Sankey), behaviour views of the
real log (converters vs the rest), experiment results with their uncertainty, generator
validation, recommendations.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from synthpersona.simulation import ABExperiment, IngestReport

_W, _H = Inches(13.333), Inches(7.5)
_ACCENT = RGBColor(0x4C, 0x72, 0xB0)


def _title(slide: Any, text: str, sub: str = "") -> None:
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), _W - Inches(1), Inches(0.9))
    tf = box.text_frame
    tf.word_wrap = True
    tf.text = text
    tf.paragraphs[0].runs[0].font.size = Pt(28)
    tf.paragraphs[0].runs[0].font.bold = True
    tf.paragraphs[0].runs[0].font.color.rgb = _ACCENT
    if sub:
        p = tf.add_paragraph()
        p.text = sub
        p.runs[0].font.size = Pt(14)


def _bullets(slide: Any, lines: Sequence[str], top: float = 1.5, size: int = 16) -> None:
    box = slide.shapes.add_textbox(Inches(0.6), Inches(top), _W - Inches(1.2), _H - Inches(top + 0.4))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = f"• {line}"
        p.space_after = Pt(8)
        for r in p.runs:
            r.font.size = Pt(size)


def _fmt(value: Any, pct: bool = False) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    if isinstance(value, float | np.floating):
        return f"{value:.1%}" if pct else f"{value:.3g}"
    return str(value)


def _table(
    slide: Any, df: pd.DataFrame, pct_cols: Sequence[str] = (), top: float = 1.4, font: int = 11
) -> None:
    rows, cols = len(df) + 1, len(df.columns)
    height = Inches(0.35) * rows
    shape = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(top), _W - Inches(1), height)
    table = shape.table
    for j, c in enumerate(df.columns):
        table.cell(0, j).text = str(c).replace("_", " ")
    for i, (_, row) in enumerate(df.iterrows(), start=1):
        for j, c in enumerate(df.columns):
            table.cell(i, j).text = _fmt(row[c], pct=c in pct_cols)
    for i in range(rows):
        for j in range(cols):
            for p in table.cell(i, j).text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(font)


def _picture(slide: Any, path: Path, top: float = 1.3) -> None:
    max_w, max_h = _W - Inches(1), _H - Inches(top + 0.3)
    pic = slide.shapes.add_picture(str(path), Inches(0.5), Inches(top))
    scale = min(max_w / pic.width, max_h / pic.height, 1.0)
    pic.width, pic.height = Emu(int(pic.width * scale)), Emu(int(pic.height * scale))
    pic.left = Emu(int((_W - pic.width) / 2))


def build_deck(
    *,
    title: str,
    persona_summary: pd.DataFrame,
    experiment_table: pd.DataFrame,
    experiment: ABExperiment,
    recommendations: Sequence[str],
    images: Mapping[str, Path],
    validation: pd.DataFrame | None = None,
    ingest: IngestReport | None = None,
    behaviour_slides: Sequence[tuple[str, str, str]] = (),
) -> bytes:
    """Build the deck and return the ``.pptx`` bytes.

    ``behaviour_slides`` are ``(image key, title, subtitle)`` of behaviour-analytics views of
    the real log, shown after the paths of the synthetic sessions.
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = _W, _H
    blank = prs.slide_layouts[6]
    s = experiment.stats

    slide = prs.slides.add_slide(blank)
    _title(slide, title, ingest.summary() if ingest else "")
    _bullets(
        slide,
        [
            f"Change tested: {experiment.modification.description}",
            f"{experiment.control.n:,} synthetic users per arm, "
            f"sessions of at most {experiment.max_length} events",
            f"Conversion {s['control_rate']:.1%} → {s['treatment_rate']:.1%} ({100 * s['abs_lift']:+.1f} pp, "
            f"95% CI {100 * s['abs_ci_low']:+.1f} to {100 * s['abs_ci_high']:+.1f} pp, "
            f"p = {s['p_value']:.2g})",
            recommendations[0] if recommendations else "",
        ],
        top=2.0,
        size=18,
    )

    if len(persona_summary):
        slide = prs.slides.add_slide(blank)
        _title(
            slide, "Behavioural personas", "Clusters of users with similar paths, named from their behaviour"
        )
        cols = [
            "persona",
            "share_users",
            "conversion_rate",
            "median_session_events",
            "exit_event",
            "top_trait",
        ]
        _table(slide, persona_summary[cols], pct_cols=("share_users", "conversion_rate"), font=12)
        for key in ("personas.png",):
            if key in images:
                slide = prs.slides.add_slide(blank)
                _title(slide, "Who they are", "Share of users and conversion per persona")
                _picture(slide, images[key])
        slide = prs.slides.add_slide(blank)
        _title(slide, "What each persona does")
        _bullets(slide, [f"{r.persona}: {r.description}" for r in persona_summary.itertuples()], size=13)

    for key, head, sub in (
        (
            "funnel.png",
            "Funnel",
            "Share of sessions reaching each step: real log, simulated control and treatment",
        ),
        ("sankey.png", "Paths", "Flows of synthetic sessions through the first steps (control arm)"),
        ("sankey_treatment.png", "Paths (treatment)", "The same flows with the product change"),
        ("transitions.png", "Transition probabilities", "Fitted Markov chain, all personas"),
        *behaviour_slides,
    ):
        if key in images:
            slide = prs.slides.add_slide(blank)
            _title(slide, head, sub)
            _picture(slide, images[key])

    slide = prs.slides.add_slide(blank)
    _title(
        slide, "Experiment results", f"{experiment.modification.description}: estimates with 95% intervals"
    )
    _table(slide, experiment_table.drop(columns=["note"]), font=12)
    if "experiment.png" in images:
        slide = prs.slides.add_slide(blank)
        _title(slide, "Experiment results by persona", "Absolute lift in percentage points, 95% intervals")
        _picture(slide, images["experiment.png"])

    if validation is not None and len(validation):
        slide = prs.slides.add_slide(blank)
        _title(slide, "Can we trust the simulator?", "Synthetic sessions vs. held-out real sessions")
        _table(slide, validation, font=12)

    slide = prs.slides.add_slide(blank)
    _title(slide, "Recommendations")
    _bullets(slide, list(recommendations), size=16)

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
