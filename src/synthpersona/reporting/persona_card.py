"""A persona card as a picture: PNG or PDF, drawn with matplotlib from the core :class:`Persona`.

The card shows who the persona is (from its anchor's values), what it cares about, its
main barrier, its media and match to the goal, and the statistics behind its claims, so a
card passed around a team still says what each statement rests on. Text in Devanagari
(a Hindi goal, a Hindi name) is drawn with a Devanagari font when one is installed
(Debian's ``fonts-lohit-deva``, which ``scripts/ensure_chromium.sh`` installs).

Examples
--------
>>> from synthpersona.model import Persona
>>> card = persona_card(Persona("dyn_1_0", 1, "Asha Rao", title="Tech Mom", cares=["Quality"]), fmt="png")
>>> card[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
import logging
import math
import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona.errors import InputError
from synthpersona.reporting._style import DPI, PALETTE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from synthpersona.model import Evidence, Persona

__all__ = ["CARD_FORMATS", "persona_card", "persona_card_figure"]

CARD_FORMATS = ("png", "pdf")
# Fonts with Devanagari glyphs, searched where Debian installs them; matplotlib's font cache
# may predate the install, so the files are registered by path.
_DEVANAGARI_FONTS = (
    "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansDevanagari-Regular.otf",
)
_WIDTH, _HEIGHT = 7.0, 7.5  # inches: a portrait card that fits a slide or an A5 page
_INK, _MUTED = "#1f2430", "#5b6170"


@cache
def _families() -> tuple[str, ...]:
    """Font families to draw with: DejaVu Sans, then a Devanagari font for what it lacks."""
    from matplotlib import font_manager

    families = ["DejaVu Sans"]
    for path in _DEVANAGARI_FONTS:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            families.append(font_manager.FontProperties(fname=path).get_name())
            break
    return tuple(families)


def _who(p: Persona) -> str:
    a = p.attributes
    parts = []
    # a protected persona states bands ("18-24", "Under ₹10K") where its anchor's exact value would
    # single someone out (synthpersona.trust.protect_goal_persona): shown as they are
    if a.get("age") is not None:
        age = a["age"]
        parts.append(f"{int(age) if _whole(age) else age} years")
    for key in ("gender", "occupation"):
        if a.get(key):
            parts.append(str(a[key]).replace("_", " "))
    if a.get("city"):
        parts.append(f"{a['city']}" + (f" ({a['city_tier']})" if a.get("city_tier") else ""))
    if a.get("monthly_income_inr") is not None:
        income = a["monthly_income_inr"]
        parts.append(f"₹{int(income):,} a month" if _whole(income) else f"{income} a month")
    return " · ".join(parts)


def _whole(value: object) -> bool:
    """A number, or text that is one (stored JSON may carry either)."""
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _number(value: float | None, statistic: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if statistic in ("share", "value_share", "rate"):
        return f"{100 * value:.0f}%"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def _evidence_lines(evidence: list[Evidence], limit: int = 7) -> list[str]:
    """Claims compared with the audience, and shares of the segment; each line once."""
    lines: list[str] = []
    for e in evidence:
        if not e.claim:
            continue
        if e.baseline is not None:
            line = (
                f"{e.claim}: {_number(e.value, e.statistic)} in the segment vs "
                f"{_number(e.baseline, e.statistic)} in the audience"
            )
        elif e.statistic in ("share", "value_share"):
            line = f"{e.claim}: {_number(e.value, e.statistic)} of the segment"
        else:  # member-level figures (distance to the centre ...) say little on a card
            continue
        if line not in lines:
            lines.append(line)
    return lines[:limit]


def _rows(p: Persona) -> list[tuple[str, str]]:
    rows = [
        ("Cares about", ", ".join(p.cares[:2]) or "–"),
        ("Main barrier", p.barriers[0] if p.barriers else "–"),
    ]
    facts = p.facts
    media: list[str] = getattr(facts, "media", None) or []
    if media:
        rows.append(("Media", ", ".join(media)))
    relevance = getattr(facts, "relevance", None)
    if relevance is not None and not math.isnan(relevance):
        rows.append(("Match to the goal", f"{relevance:.2f} (0–1)"))
    return rows


def persona_card_figure(persona: Persona, *, context: str = "", accent: str | None = None) -> Figure:
    """The card of ``persona`` as a matplotlib figure (7 × 7.5 in).

    Parameters
    ----------
    persona
        The core persona (for a stored run's JSON, :func:`synthpersona.views.seed000.read_persona`).
    context
        A line saying where it comes from, e.g. the goal (any script, Devanagari included).
    accent
        Colour of the band at the top (the segment's colour on the charts); default from the
        report palette by segment.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    families = list(_families())
    fig = Figure(figsize=(_WIDTH, _HEIGHT), dpi=DPI)
    colour = accent or PALETTE[persona.segment_id % len(PALETTE)]
    fig.patches.append(Rectangle((0, 0.9), 1, 0.1, transform=fig.transFigure, color=colour, zorder=0))

    def text(x: float, y: float, s: str, **kw: Any) -> None:
        fig.text(x, y, s, family=families, color=kw.pop("color", _INK), va="top", **kw)

    text(0.06, 0.975, persona.name, fontsize=20, weight="bold", color="white")
    text(0.06, 0.933, persona.title or f"Segment {persona.segment_id}", fontsize=13, color="white")
    y = 0.87
    who = _who(persona)
    if who:
        for line in textwrap.wrap(who, 70):
            text(0.06, y, line, fontsize=11, color=_MUTED)
            y -= 0.03
    y -= 0.015
    for label, value in _rows(persona):
        text(0.06, y, label, fontsize=11, weight="bold")
        lines = textwrap.wrap(value, 46) or ["–"]
        for line in lines:
            text(0.34, y, line, fontsize=11)
            y -= 0.03
        y -= 0.01
    y -= 0.01
    text(0.06, y, "What the claims rest on", fontsize=12, weight="bold")
    y -= 0.035
    for claim in _evidence_lines(persona.evidence):
        for i, line in enumerate(textwrap.wrap(claim, 78)):
            text(0.08 if i else 0.06, y, ("" if i else "• ") + line, fontsize=9.5)
            y -= 0.024
        if y < 0.12:
            break
    footer = []
    if persona.anchor is not None:
        footer.append(f"Modelled on real member #{persona.anchor.member_id} of segment {persona.segment_id}.")
    if context:
        footer.extend(textwrap.wrap(context, 90))
    footer.append(f"synthpersona · persona {persona.persona_id}")
    y = 0.035 + 0.022 * (len(footer) - 1)
    for line in footer:
        text(0.06, y, line, fontsize=8.5, color=_MUTED)
        y -= 0.022
    return fig


def persona_card(
    persona: Persona, *, fmt: str = "png", context: str = "", accent: str | None = None
) -> bytes:
    """The card of ``persona`` as PNG or PDF bytes (see :func:`persona_card_figure`).

    Raises
    ------
    InputError
        ``fmt`` is not one of :data:`CARD_FORMATS`.
    """
    if fmt not in CARD_FORMATS:
        raise InputError(
            f"Unknown persona card format {fmt!r}; use one of {', '.join(CARD_FORMATS)}.",
            code="card_format",
            details={"allowed": list(CARD_FORMATS)},
        )
    fig = persona_card_figure(persona, context=context, accent=accent)
    buf = io.BytesIO()
    fonts = logging.getLogger("matplotlib.font_manager")
    level = fonts.level
    fonts.setLevel(logging.ERROR)  # "no bold Lohit Devanagari": the regular weight is meant
    try:
        fig.savefig(buf, format=fmt, dpi=DPI, facecolor="white")
    finally:
        fonts.setLevel(level)
    return buf.getvalue()
