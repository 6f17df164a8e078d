"""A small seeded CRM export in a foreign shape: personal data, owners, IDs, leakage, locale numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

PERSONAL = ("Vorname", "Nachname", "E-Mail", "Telefon", "PLZ", "Strasse", "Lead-Inhaber")


def make_crm(n: int = 600, seed: int = 5) -> tuple[pd.DataFrame, np.ndarray]:
    """A German-style export of three planted segments; returns ``(frame, segments)``."""
    rng = np.random.default_rng(seed)
    seg = rng.choice(3, n)
    won = rng.random(n) < np.array([0.55, 0.2, 0.04])[seg]

    def pick(choices: list[str]) -> np.ndarray:
        fav = rng.random(n) < 0.85
        return np.where(fav, np.asarray(choices)[seg], rng.choice(choices, n))

    first = rng.choice(["Jürgen", "Anna", "Lukas", "Sabine", "Felix", "Petra"], n)
    last = rng.choice(["Schmidt", "Weber", "Fischer", "Wagner", "Becker"], n)
    revenue = np.where(seg == 0, rng.integers(1_000, 60_000, n) * 1000, rng.integers(20, 900, n) * 1000)
    frame = pd.DataFrame(
        {
            "Lead-Nummer": (600_000 + rng.choice(90_000, n, replace=False)).astype(str),
            "Vorname": first,
            "Nachname": last,
            "E-Mail": [
                f"{f.lower()}.{la.lower()}{i}@beispiel.test"
                for i, (f, la) in enumerate(zip(first, last, strict=True))
            ],
            "Telefon": [f"+49 30 {x}" for x in rng.integers(1_000_000, 9_999_999, n)],
            "Strasse": [f"Hauptstraße {x}" for x in rng.integers(1, 300, n)],
            "PLZ": [f"{x:05d}" for x in rng.integers(1000, 99999, n)],
            "Lead-Inhaber": rng.choice(["Jürgen Hoffmann", "Sabine Krause", "Felix Braun"], n),
            "Branche": pick(["Maschinenbau", "Handel", "Bildung"]),
            "Bundesland": pick(["Bayern", "Berlin", "Sachsen"]),
            "Jahresumsatz": [f"{x:,}".replace(",", ".") + ",00 €" for x in revenue],
            "Erstellt am": [
                f"{d:02d}.{m:02d}.2024"
                for d, m in zip(rng.integers(1, 28, n), rng.integers(1, 13, n), strict=True)
            ],
            "Lead-Status": np.where(won, "Gewonnen", rng.choice(["Neu", "In Bearbeitung", "Verloren"], n)),
            "Abschluss": np.where(won, "Ja", "Nein"),
        }
    )
    return frame, seg
