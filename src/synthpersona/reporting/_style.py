"""Shared look of the static charts: one palette and resolution for every report."""

from __future__ import annotations

DPI = 150
# Seaborn's "deep" palette: distinguishable, print-friendly, colour-blind tolerant.
PALETTE = [
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
    "#8c8c8c",
    "#ccb974",
    "#64b5cd",
]
