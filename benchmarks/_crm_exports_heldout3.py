# ruff: noqa: E501, B905  (data-generation tables read best one column per line; German and Italian on purpose)
"""A third held-out split of synthetic CRM exports (``heldout3``), written before any run.

``heldout2`` was looked at (and fixed against) in session 4, so it no longer counts as
unseen. These four shapes were written in session 5 and committed before the detectors
ran on them:

- ``sap_de_at``: an Austrian SAP-Sales-Cloud-shaped account export (German headers,
  ``1.234.567,89 €``, ``12,5 %``, dd.mm.yyyy dates, ISO times with offsets, 4-digit numeric
  postal codes, a numeric customer number, Ja/Nein, semicolons, a UTF-8 BOM);
- ``marketing_wide``: a Marketo-shaped marketing-automation export with 80+ columns
  (engagement counters, dozens of empty or constant custom fields, numeric ID-like
  columns, a referrer URL, a free-text form note, an owner, and a leakage column that is
  leakage by association only: ``Renewal Quarter`` is filled exactly for customers);
- ``kommo_it``: an Italian Kommo/amoCRM-shaped deal export saved by Excel as "Unicode
  text" (UTF-16, tab-separated; ``€ 12.500,00``, Sì/No, codice fiscale, 5-digit CAP with
  leading zeros, Italian notes, a ``Fase`` pipeline stage);
- ``close_api_en``: a Close-shaped snake_case API export (``lead_`` string ids and numeric
  ids, ISO timestamps with ``Z``, ``custom.`` prefixed fields, notes, a ``user_name``
  owner, and ``custom.onboarding_cohort`` filled only for won deals: leakage by association).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout3"


def _eur_de(x: float) -> str:
    whole, cents = f"{x:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"


def _eur_it(x: float) -> str:
    whole, cents = f"{x:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def sap_de_at(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Florian", "Katharina", "Stefan", "Johanna", "Matthias", "Elisabeth", "Lukas", "Theresa"],
        ["Gruber", "Huber", "Wagner", "Pichler", "Steiner", "Moser", "Mayer", "Hofer"],
    )
    df = pd.DataFrame(
        {
            "Kundennr.": (4_100_000 + rng.choice(800_000, N_ROWS, replace=False)).astype(int),
            "Anrede": rng.choice(["Herr", "Frau"], N_ROWS),
            "Vorname": first,
            "Nachname": last,
            "Straße": [
                f"{rng.choice(['Hauptstraße', 'Mariahilfer Straße', 'Bahnhofstraße', 'Kirchengasse'])} {rng.integers(1, 120)}"
                for _ in range(N_ROWS)
            ],
            "PLZ": rng.choice([1010, 1070, 4020, 5020, 6020, 8010, 9020, 3100], N_ROWS),
            "Bundesland": _pick(
                rng, seg, ["Wien", "Oberösterreich", "Salzburg", "Tirol", "Steiermark"], [[0], [1, 4], [2, 3]]
            ),
            "Branche": _pick(
                rng,
                seg,
                ["Maschinenbau", "Handel", "Tourismus", "Bauwesen", "Dienstleistungen"],
                [[0, 3], [1, 4], [2]],
            ),
            "Mitarbeiter": np.where(
                seg == 0,
                rng.integers(250, 3000, N_ROWS),
                np.where(seg == 1, rng.integers(20, 240, N_ROWS), rng.integers(1, 19, N_ROWS)),
            ),
            "Jahresumsatz": [
                _eur_de(float(x))
                for x in np.where(
                    seg == 0,
                    rng.integers(5_000_000, 60_000_000, N_ROWS),
                    np.where(
                        seg == 1,
                        rng.integers(800_000, 4_000_000, N_ROWS),
                        rng.integers(60_000, 700_000, N_ROWS),
                    ),
                )
                + rng.integers(0, 99, N_ROWS) / 100
            ],
            "Rabatt": [
                f"{x:.1f} %".replace(".", ",")
                for x in np.where(seg == 0, rng.uniform(10, 20, N_ROWS), rng.uniform(0, 8, N_ROWS))
            ],
            "Vertriebsmitarbeiter": rng.choice(["Andreas Berger", "Sabine Fuchs", "Thomas Eder"], N_ROWS),
            "Angelegt am": [
                f"{d:02d}.{m:02d}.2024"
                for d, m in zip(rng.integers(1, 29, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Letzte Aktivität": [
                f"2024-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:00+0{rng.integers(1, 3)}:00"
                for m, d, h, mi in zip(
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(7, 19, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Notiz": [
                rng.choice(
                    [
                        "Rückruf vereinbart, Angebot bis Freitag",
                        "Interesse an Wartungsvertrag, Budget noch offen",
                        "Messekontakt Linz, Unterlagen geschickt",
                        "Hat nach Ratenzahlung gefragt",
                        "Ansprechpartner im Urlaub, nächste Woche melden",
                        "Preis zu hoch laut Einkauf",
                    ]
                )
                + f" ({rng.integers(1, 900)})"
                for _ in range(N_ROWS)
            ],
            "Phase": np.where(
                won, "Auftrag erteilt", rng.choice(["Qualifizierung", "Angebot", "Verloren"], N_ROWS)
            ),
            "Abschluss": np.where(won, "Ja", "Nein"),
        }
    )
    truth = {
        "Kundennr.": "identifier", "Anrede": "category", "Vorname": "person_name", "Nachname": "person_name",
        "Straße": "address", "PLZ": "postal_code", "Bundesland": "state", "Branche": "industry",
        "Mitarbeiter": "number", "Jahresumsatz": "currency", "Rabatt": "percentage",
        "Vertriebsmitarbeiter": "owner", "Angelegt am": "date", "Letzte Aktivität": "date", "Notiz": "free_text",
        "Phase": "leakage", "Abschluss": "target",
    }  # fmt: skip
    return Export("sap_de_at", SPLIT, df, truth, seg, "Abschluss", fmt="csv-bom-semicolon")


def marketing_wide(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.15, 0.03])
    first, last = _names(
        rng,
        N_ROWS,
        ["Madison", "Ethan", "Chloe", "Noah", "Avery", "Logan", "Harper", "Mason"],
        ["Miller", "Davis", "Martinez", "Anderson", "Thomas", "Moore", "Jackson"],
    )
    cols: dict[str, object] = {
        "Id": np.arange(100_001, 100_001 + N_ROWS),
        "SFDC Lead Id": [f"00Q{rng.integers(10**11, 10**12)}" for _ in range(N_ROWS)],
        "Visitor Cookie": rng.choice(9 * 10**9, N_ROWS, replace=False) + 10**9,
        "First Name": first,
        "Last Name": last,
        "Email Address": [
            f"{f.lower()}.{la.lower()}{i}@corp.test" for i, (f, la) in enumerate(zip(first, last))
        ],
        "Phone Number": [
            f"{rng.integers(200, 999)}.{rng.integers(200, 999)}.{rng.integers(1000, 9999)}"
            for _ in range(N_ROWS)
        ],
        "Address": [
            f"{rng.integers(10, 9999)} {rng.choice(['Elm St', 'Lake Ave', 'Cedar Rd', '5th Ave'])}"
            for _ in range(N_ROWS)
        ],
        "Postal Code": rng.integers(10_000, 99_999, N_ROWS),
        "Lead Owner Name": rng.choice(["Jordan Pike", "Alexis Grant", "Riley Shaw", "Casey Moran"], N_ROWS),
        "Industry": _pick(
            rng, seg, ["Software", "Manufacturing", "Healthcare", "Nonprofit", "Media"], [[0], [1, 2], [3, 4]]
        ),
        "Company Size": _pick(
            rng, seg, ["1-10", "11-50", "51-200", "201-1000", "1000+"], [[3, 4], [1, 2], [0]]
        ),
        "Lead Source": _pick(
            rng,
            seg,
            ["Webinar", "Paid Search", "Content Syndication", "Event", "Organic"],
            [[0, 3], [1], [2, 4]],
        ),
        "Created At": [
            f"2024-{m:02d}-{d:02d} {h:02d}:{mi:02d}:00"
            for m, d, h, mi in zip(
                rng.integers(1, 13, N_ROWS),
                rng.integers(1, 29, N_ROWS),
                rng.integers(0, 24, N_ROWS),
                rng.integers(0, 60, N_ROWS),
            )
        ],
        "Original Referrer": [
            f"https://www.{rng.choice(['google', 'bing', 'linkedin', 'news'])}.test/?q={rng.integers(1, 10**6)}"
            for _ in range(N_ROWS)
        ],
        "Last Form Note": [
            rng.choice(
                [
                    "Please send pricing for the enterprise tier",
                    "Need SSO and audit logs",
                    "Just browsing for now",
                    "Our contract ends in March",
                    "Want a demo with my team lead",
                    "Student project, not buying",
                ]
            )
            + f" [{rng.integers(1, 999)}]"
            for _ in range(N_ROWS)
        ],
        "Lead Score": np.where(
            seg == 0,
            rng.integers(60, 100, N_ROWS),
            np.where(seg == 1, rng.integers(25, 70, N_ROWS), rng.integers(0, 30, N_ROWS)),
        ),
    }
    engaged = np.asarray([6.0, 2.5, 0.6])[seg]
    for name in (
        "Webinar Attended",
        "Email Clicks 90d",
        "Web Visits 90d",
        "Content Downloads",
        "Pricing Page Views",
        "Demo Requests",
    ):
        cols[name] = rng.poisson(engaged * (3 if "Visits" in name else 1))
    for i in range(1, 25):  # engagement per campaign: sparse, noisy, mildly tied to the segment
        cols[f"Email Opens - Campaign {i:02d}"] = rng.poisson(np.asarray([0.9, 0.5, 0.2])[seg])
    for i in range(1, 31):  # custom fields nobody fills
        cols[f"Custom Field {i}"] = ""
    for name in ("Unsubscribed", "Email Invalid", "Do Not Call", "Marketing Suspended"):
        cols[name] = np.where(rng.random(N_ROWS) < 0.01, "true", "false")
    cols["Acquisition Program"] = "2024 Inbound"
    cols["Renewal Quarter"] = np.where(
        won, rng.choice(["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"], N_ROWS), ""
    )
    cols["Is Customer"] = np.where(won, "true", "false")
    df = pd.DataFrame(cols)
    truth = {
        "Id": "identifier", "SFDC Lead Id": "identifier", "Visitor Cookie": "identifier", "First Name": "person_name",
        "Last Name": "person_name", "Email Address": "email", "Phone Number": "phone", "Address": "address",
        "Postal Code": "postal_code", "Lead Owner Name": "owner", "Industry": "industry", "Company Size": "category",
        "Lead Source": "lead_source", "Created At": "date", "Original Referrer": "identifier",
        "Last Form Note": "free_text", "Lead Score": "number", "Webinar Attended": "number",
        "Email Clicks 90d": "number", "Web Visits 90d": "number", "Content Downloads": "number",
        "Pricing Page Views": "number", "Demo Requests": "number", "Renewal Quarter": "leakage",
        "Is Customer": "target",
    }  # fmt: skip
    return Export("marketing_wide", SPLIT, df, truth, seg, "Is Customer")


def kommo_it(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.55, 0.25, 0.06])
    first, last = _names(
        rng,
        N_ROWS,
        ["Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Matteo", "Sara", "Lorenzo"],
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"],
    )
    letters = list("ABCDEFGHLMNPRSTVZ")
    df = pd.DataFrame(
        {
            "ID affare": (20_000_000 + rng.choice(5_000_000, N_ROWS, replace=False)).astype(int),
            "Nome contatto": [f"{f} {la}" for f, la in zip(first, last)],
            "Codice fiscale": [
                "".join(rng.choice(letters, 6))
                + f"{rng.integers(50, 99)}"
                + rng.choice(letters)
                + f"{rng.integers(10, 70)}"
                + rng.choice(letters)
                + f"{rng.integers(100, 999)}"
                + rng.choice(letters)
                for _ in range(N_ROWS)
            ],
            "Telefono cellulare": [
                f"+39 3{rng.integers(10, 99)} {rng.integers(100, 999)} {rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "Email": [
                f"{f.lower()}.{la.lower()}{i}@posta.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "CAP": [
                f"{x:05d}" for x in rng.choice([184, 20121, 10121, 80133, 50123, 40121, 90133, 16121], N_ROWS)
            ],
            "Città": _pick(
                rng,
                seg,
                ["Roma", "Milano", "Torino", "Napoli", "Firenze", "Bologna"],
                [[1, 2], [0, 5], [3, 4]],
            ),
            "Settore": _pick(
                rng, seg, ["Moda", "Alimentare", "Turismo", "Edilizia", "Informatica"], [[4], [0, 1], [2, 3]]
            ),
            "Fonte": _pick(
                rng,
                seg,
                ["Sito web", "Passaparola", "Fiera", "Instagram", "Telefonata"],
                [[2], [0, 4], [1, 3]],
            ),
            "Budget": [
                _eur_it(float(x))
                for x in np.where(
                    seg == 0, rng.integers(20_000, 150_000, N_ROWS), rng.integers(800, 15_000, N_ROWS)
                )
                + rng.integers(0, 99, N_ROWS) / 100
            ],
            "Responsabile": rng.choice(["Davide Conti", "Elena Marino", "Paolo Greco"], N_ROWS),
            "Data creazione": [
                f"{d:02d}/{m:02d}/2024 {h:02d}:{mi:02d}"
                for d, m, h, mi in zip(
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(8, 20, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Note": [
                rng.choice(
                    [
                        "Richiamare dopo le 17",
                        "Vuole un preventivo dettagliato",
                        "Ha chiesto uno sconto",
                        "Non risponde al telefono",
                        "Interessato alla versione annuale",
                        "Da ricontattare a settembre",
                    ]
                )
                + f" ({rng.integers(1, 700)})"
                for _ in range(N_ROWS)
            ],
            "Fase": np.where(
                won, "Chiuso - vinto", rng.choice(["Primo contatto", "Trattativa", "Chiuso - perso"], N_ROWS)
            ),
            "Vinto": np.where(won, "Sì", "No"),
        }
    )
    truth = {
        "ID affare": "identifier", "Nome contatto": "person_name", "Codice fiscale": "identifier",
        "Telefono cellulare": "phone", "Email": "email", "CAP": "postal_code", "Città": "state",
        "Settore": "industry", "Fonte": "lead_source", "Budget": "currency", "Responsabile": "owner",
        "Data creazione": "date", "Note": "free_text", "Fase": "leakage", "Vinto": "target",
    }  # fmt: skip
    return Export("kommo_it", SPLIT, df, truth, seg, "Vinto", fmt="tsv-utf16")


def close_api_en(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.6, 0.3, 0.12, 0.03])
    first, last = _names(
        rng,
        N_ROWS,
        ["Zoe", "Caleb", "Nora", "Isaac", "Leah", "Owen", "Ruby", "Eli"],
        ["Nguyen", "Kim", "Walker", "Young", "King", "Wright", "Lopez"],
    )
    df = pd.DataFrame(
        {
            "id": [
                f"lead_{''.join(rng.choice(list('abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789'), 22))}"
                for _ in range(N_ROWS)
            ],
            "organization_id": rng.choice(10**6, N_ROWS, replace=False) + 10**6,
            "display_name": [f"{f} {la}" for f, la in zip(first, last)],
            "contact_email": [
                f"{f[0].lower()}{la.lower()}{i}@mail.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "contact_phone": [
                f"+1{rng.integers(200, 999)}{rng.integers(200, 999)}{rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "user_name": rng.choice(
                ["Morgan Blake", "Jamie Fox", "Taylor Reese", "Drew Carter", "Sam Ellis"], N_ROWS
            ),
            "date_created": [
                f"2024-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{ms:03d}000+00:00"
                for m, d, h, mi, s, ms in zip(
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(0, 24, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                    rng.integers(0, 1000, N_ROWS),
                )
            ],
            "custom.industry": _pick(
                rng, seg, ["SaaS", "E-commerce", "Agency", "Logistics", "Fintech"], [[0, 4], [1], [2], [3]]
            ),
            "custom.seats": np.where(
                seg == 0,
                rng.integers(50, 400, N_ROWS),
                np.where(seg == 1, rng.integers(10, 60, N_ROWS), rng.integers(1, 12, N_ROWS)),
            ),
            "custom.mrr_usd": [
                f"{x:.2f}"
                for x in np.where(
                    seg <= 1, rng.uniform(2_000, 20_000, N_ROWS), rng.uniform(50, 1_500, N_ROWS)
                )
            ],
            "custom.trial_usage_pct": [
                f"{x:.0f}%"
                for x in np.where(seg % 2 == 0, rng.uniform(55, 100, N_ROWS), rng.uniform(0, 45, N_ROWS))
            ],
            "custom.acquisition_channel": _pick(
                rng, seg, ["outbound", "inbound", "partner", "product_led"], [[0], [1, 3], [2], [3]]
            ),
            "custom.timezone": rng.choice(
                ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London"], N_ROWS
            ),
            "description": [
                rng.choice(
                    [
                        "Spoke with ops lead about rollout",
                        "Evaluating against a competitor",
                        "Budget frozen until Q3",
                        "Champion left the company",
                        "Needs SOC2 report",
                        "Asked for annual billing",
                    ]
                )
                + f" - ref {rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "custom.onboarding_cohort": np.where(
                won, rng.choice(["2024-W40", "2024-W44", "2024-W48"], N_ROWS), ""
            ),
            "won": np.where(won, "True", "False"),
        }
    )
    truth = {
        "id": "identifier", "organization_id": "identifier", "display_name": "person_name",
        "contact_email": "email", "contact_phone": "phone", "user_name": "owner", "date_created": "date",
        "custom.industry": "industry", "custom.seats": "number", "custom.mrr_usd": "currency",
        "custom.trial_usage_pct": "percentage", "custom.acquisition_channel": "lead_source",
        "custom.timezone": "category", "description": "free_text", "custom.onboarding_cohort": "leakage",
        "won": "target",
    }  # fmt: skip
    return Export("close_api_en", SPLIT, df, truth, seg, "won")


SHAPES = (sap_de_at, marketing_wide, kommo_it, close_api_en)
