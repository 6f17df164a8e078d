# ruff: noqa: E501, B905  (data-generation tables read best one column per line)
"""An evaluation set of synthetic CRM exports in foreign shapes (no real personal data).

Each export has planted behaviour segments (which drive a few descriptive columns and
the outcome), personal data (names, e-mails, phones, addresses, postal codes), team
members (owners), IDs of several types, dates, free text, currency and percentage
columns, and columns that restate the outcome (leakage). ``truth`` gives every column's
expected role (:data:`synthpersona.tables.COLUMN_ROLES`) and ``_segment`` the planted
segment of each row (written to a side file, never into the export).

Two splits: ``tuning`` shapes (HubSpot-, Salesforce-report-, Zoho-German-, Indian
ed-tech- and French-shaped) were looked at while building the detectors; ``heldout``
shapes (Pipedrive-, Freshsales-, Spanish-, Hindi-ed-tech- and Excel-report-shaped) use
other column names, other name pools and other value vocabularies and were only scored.

    python benchmarks/_crm_exports.py OUT_DIR   # writes the files and truth.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

N_ROWS = 1200


@dataclass
class Export:
    """One generated export: the frame, how to write it, the expected role of each column."""

    name: str
    split: str
    frame: pd.DataFrame
    truth: dict[str, str]
    segments: np.ndarray
    target: str
    fmt: str = "csv"  # csv, csv-semicolon, csv-cp1251-semicolon, csv-cp932, tsv-bom, csv-bom-semicolon, tsv-utf16, salesforce-report, excel-report, excel-cover, report-it-semicolon
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    # columns holding personal data whatever their expected role (national IDs, IBANs, dates of
    # birth, notes naming people): their values count as personal data printed (heldout9 on)
    personal: list[str] = field(default_factory=list)


def _pick(rng: np.random.Generator, seg: np.ndarray, choices: list[str], fav: list[list[int]]) -> np.ndarray:
    """Each segment favours some choices (85 %), the rest spread evenly."""
    out = np.empty(len(seg), dtype=object)
    for s, favoured in enumerate(fav):
        idx = np.flatnonzero(seg == s)
        p = np.full(len(choices), 0.15 / len(choices))
        p[favoured] += 0.85 / len(favoured)
        out[idx] = np.asarray(choices, dtype=object)[rng.choice(len(choices), len(idx), p=p / p.sum())]
    return out


def _names(
    rng: np.random.Generator, n: int, first: list[str], last: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    return rng.choice(first, n), rng.choice(last, n)


def _outcome(rng: np.random.Generator, seg: np.ndarray, rates: list[float]) -> np.ndarray:
    return rng.random(len(seg)) < np.asarray(rates)[seg]


def _segments(rng: np.random.Generator, k: int) -> np.ndarray:
    return rng.choice(k, N_ROWS, p=np.full(k, 1 / k))


# --- tuning shapes -----------------------------------------------------------------------------------
FIRST_A = [
    "Aarav",
    "Priya",
    "John",
    "Maria",
    "Hans",
    "Léa",
    "Rahul",
    "Emily",
    "Sneha",
    "Lukas",
    "Ana",
    "Omar",
]
LAST_A = ["Sharma", "Smith", "Müller", "Dupont", "Garcia", "Patel", "Khan", "Rao", "Brown", "Iyer", "Weber"]


def hubspot(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.55, 0.2, 0.04])
    first, last = _names(rng, N_ROWS, FIRST_A, LAST_A)
    df = pd.DataFrame(
        {
            "Record ID": rng.choice(10**10, N_ROWS, replace=False).astype(str),
            "First Name": first,
            "Last Name": last,
            "Email": [
                f"{f.lower()}.{la.lower()}{i}@example.com" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Phone Number": [
                f"+1 ({rng.integers(200, 999)}) {rng.integers(200, 999)}-{rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "Contact owner": rng.choice(["Dana Whitfield", "Marcus Lee", "Tom Becker"], N_ROWS),
            "Create Date": [
                f"2024-{m:02d}-{d:02d} 09:{mi:02d}"
                for m, d, mi in zip(
                    rng.integers(1, 13, N_ROWS), rng.integers(1, 28, N_ROWS), rng.integers(0, 60, N_ROWS)
                )
            ],
            "Industry": _pick(
                rng, seg, ["Technology", "Retail", "Healthcare", "Finance", "Education"], [[0], [1, 2], [4]]
            ),
            "Number of Employees": [
                str(int(x))
                for x in np.where(seg == 0, rng.integers(500, 5000, N_ROWS), rng.integers(5, 200, N_ROWS))
            ],
            "Annual Revenue": [
                f"${int(x):,}"
                for x in np.where(
                    seg == 0, rng.integers(50, 900, N_ROWS) * 100_000, rng.integers(1, 40, N_ROWS) * 50_000
                )
            ],
            "Original Source": _pick(
                rng,
                seg,
                ["Organic Search", "Paid Social", "Referrals", "Direct Traffic", "Email Marketing"],
                [[2], [1], [0, 3]],
            ),
            "Lifecycle Stage": np.where(
                won, "Customer", rng.choice(["Lead", "Marketing Qualified Lead", "Opportunity"], N_ROWS)
            ),
            "Zip": [f"{x:05d}" for x in rng.integers(1000, 99999, N_ROWS)],
            "Became a Customer Date": [
                f"2024-11-{d:02d}" if w else "" for w, d in zip(won, rng.integers(1, 28, N_ROWS))
            ],
            "Converted": np.where(won, "Yes", "No"),
        }
    )
    truth = {
        "Record ID": "identifier", "First Name": "person_name", "Last Name": "person_name", "Email": "email",
        "Phone Number": "phone", "Contact owner": "owner", "Create Date": "date", "Industry": "category",
        "Number of Employees": "number", "Annual Revenue": "currency", "Original Source": "category",
        "Lifecycle Stage": "leakage", "Zip": "postal_code", "Became a Customer Date": "leakage", "Converted": "target",
    }  # fmt: skip
    return Export("hubspot_contacts", "tuning", df, truth, seg, "Converted")


def salesforce_report(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.6, 0.3, 0.1, 0.02])
    first, last = _names(rng, N_ROWS, FIRST_A, LAST_A)
    df = pd.DataFrame(
        {
            "Lead ID": [f"00Q5e00000{x}AbC" for x in rng.choice(90000, N_ROWS, replace=False) + 10000],
            "Salutation": rng.choice(["Mr.", "Ms.", "Dr."], N_ROWS),
            "Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Title": _pick(
                rng, seg, ["CEO", "VP Sales", "IT Manager", "Analyst", "Intern"], [[0, 1], [2], [3], [4]]
            ),
            "Company / Account": [f"Company {i}" for i in rng.integers(0, 900, N_ROWS)],
            "Lead Source": _pick(
                rng,
                seg,
                ["Web", "Partner Referral", "Trade Show", "Purchased List", "Phone Inquiry"],
                [[1], [2], [0], [3]],
            ),
            "Rating": _pick(rng, seg, ["Hot", "Warm", "Cold"], [[0], [1], [1, 2], [2]]),
            "Street": [
                f"{rng.integers(1, 999)} {rng.choice(['Main', 'Oak', 'Pine', 'Maple'])} Street"
                for _ in range(N_ROWS)
            ],
            "Mailing Zip/Postal Code": [f"{x:05d}" for x in rng.integers(1000, 99999, N_ROWS)],
            "Lead Owner": rng.choice(["Karen Ortiz", "Steve Novak", "Priya Menon", "Li Wei"], N_ROWS),
            "Lead Status": np.where(
                won,
                "Closed - Converted",
                rng.choice(["Open - Not Contacted", "Working - Contacted", "Closed - Not Converted"], N_ROWS),
            ),
            "Description": [
                f"Asked about {rng.choice(['pricing', 'demo', 'integration', 'support'])} on call {i}, follow up in {rng.integers(2, 9)} days"
                for i in range(N_ROWS)
            ],
            "Converted": np.where(won, "1", "0"),
        }
    )
    truth = {
        "Lead ID": "identifier", "Salutation": "category", "Name": "person_name", "Title": "job_title",
        "Company / Account": "category", "Lead Source": "lead_source", "Rating": "category", "Street": "address",
        "Mailing Zip/Postal Code": "postal_code", "Lead Owner": "owner", "Lead Status": "leakage",
        "Description": "free_text", "Converted": "target",
    }  # fmt: skip
    return Export("salesforce_leads_report", "tuning", df, truth, seg, "Converted", fmt="salesforce-report")


def zoho_de(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.15, 0.03])
    first, last = _names(
        rng,
        N_ROWS,
        ["Jürgen", "Anna", "Lukas", "Sabine", "Felix", "Petra"],
        ["Schmidt", "Weber", "Fischer", "Wagner", "Becker"],
    )
    umsatz = np.where(
        seg == 0, rng.integers(1_000_000, 60_000_000, N_ROWS), rng.integers(20_000, 900_000, N_ROWS)
    )
    df = pd.DataFrame(
        {
            "Lead-ID": [f"ZL-{x}" for x in rng.choice(10**6, N_ROWS, replace=False)],
            "Vorname": first,
            "Nachname": last,
            "E-Mail": [
                f"{f.lower()}.{la.lower()}{i}@beispiel.de" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Telefon": [
                f"+49 {rng.integers(30, 999)} {rng.integers(100000, 9999999)}" for _ in range(N_ROWS)
            ],
            "Branche": _pick(
                rng,
                seg,
                ["Maschinenbau", "Handel", "IT-Dienstleistung", "Logistik", "Bildung"],
                [[0], [1, 3], [4]],
            ),
            "Bundesland": _pick(
                rng, seg, ["Bayern", "Berlin", "Hamburg", "Sachsen", "Hessen"], [[0, 4], [1, 2], [3]]
            ),
            "Jahresumsatz": [
                f"{x:,}".replace(",", ".") + f",{c:02d}" for x, c in zip(umsatz, rng.integers(0, 100, N_ROWS))
            ],
            "Rabatt": [
                f"{x},{y} %" for x, y in zip(rng.integers(0, 30, N_ROWS), rng.integers(0, 10, N_ROWS))
            ],
            "PLZ": [f"{x:05d}" for x in rng.integers(1000, 99999, N_ROWS)],
            "Lead-Inhaber": rng.choice(["Jürgen Hoffmann", "Sabine Krause", "Felix Braun"], N_ROWS),
            "Erstellt am": [
                f"{d:02d}.{m:02d}.2024"
                for d, m in zip(rng.integers(1, 28, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Abschluss": np.where(won, "Ja", "Nein"),
        }
    )
    truth = {
        "Lead-ID": "identifier", "Vorname": "person_name", "Nachname": "person_name", "E-Mail": "email",
        "Telefon": "phone", "Branche": "category", "Bundesland": "category", "Jahresumsatz": "currency",
        "Rabatt": "percentage", "PLZ": "postal_code", "Lead-Inhaber": "owner", "Erstellt am": "date",
        "Abschluss": "target",
    }  # fmt: skip
    return Export("zoho_leads_de", "tuning", df, truth, seg, "Abschluss", fmt="csv-semicolon")


def edtech_india(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.7, 0.3, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Aarav", "Priya", "Rahul", "Sneha", "Vikram", "Ananya", "Rohit"],
        ["Sharma", "Iyer", "Reddy", "Gupta", "Nair"],
    )
    fees = np.where(seg == 0, rng.integers(2, 9, N_ROWS) * 100_000, rng.integers(20, 90, N_ROWS) * 1_000)
    df = pd.DataFrame(
        {
            "Prospect ID": [
                f"{rng.integers(16**7, 16**8):08x}-{rng.integers(4096, 65535):04x}-4{rng.integers(256, 4095):03x}-a{rng.integers(256, 4095):03x}-{rng.integers(16**11, 16**12):012x}"
                for _ in range(N_ROWS)
            ],
            "Lead Number": (660_000 + rng.choice(90_000, N_ROWS, replace=False)).astype(str),
            "Lead Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Mobile": [f"9{rng.integers(100_000_000, 999_999_999)}" for _ in range(N_ROWS)],
            "Lead Origin": _pick(
                rng, seg, ["Landing Page Submission", "API", "Lead Add Form", "Lead Import"], [[2], [0], [1]]
            ),
            "Specialization": _pick(
                rng,
                seg,
                [
                    "Finance Management",
                    "Human Resource Management",
                    "Marketing Management",
                    "IT Projects Management",
                    "Select",
                ],
                [[0, 2], [3], [4]],
            ),
            "Current Occupation": _pick(
                rng, seg, ["Working Professional", "Student", "Unemployed"], [[0], [1], [2]]
            ),
            "City": rng.choice(
                ["Mumbai", "Thane & Outskirts", "Other Cities of Maharashtra", "Other Metro Cities"], N_ROWS
            ),
            "Total Time Spent on Website": [
                str(int(x))
                for x in np.where(seg == 0, rng.integers(900, 2200, N_ROWS), rng.integers(0, 600, N_ROWS))
            ],
            "Course Fee": [
                f"₹{x:,}" if x < 100_000 else f"₹{x // 100_000},{(x // 1000) % 100:02d},{x % 1000:03d}"
                for x in fees
            ],
            "Counsellor": rng.choice(["Rohit Verma", "Sneha Kapoor", "Imran Qureshi", "Deepa Nair"], N_ROWS),
            "Lead Stage": np.where(
                won, "Enrolled", rng.choice(["Interested", "Not Interested", "Follow-up"], N_ROWS)
            ),
            "Converted": np.where(won, "1", "0"),
        }
    )
    truth = {
        "Prospect ID": "identifier", "Lead Number": "identifier", "Lead Name": "person_name", "Mobile": "phone",
        "Lead Origin": "category", "Specialization": "category", "Current Occupation": "category", "City": "category",
        "Total Time Spent on Website": "number", "Course Fee": "currency", "Counsellor": "owner",
        "Lead Stage": "leakage", "Converted": "target",
    }  # fmt: skip
    return Export("edtech_india_leads", "tuning", df, truth, seg, "Converted")


def french_customers(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Camille", "Louis", "Chloé", "Nicolas", "Inès", "Pierre"],
        ["Martin", "Bernard", "Dubois", "Laurent", "Moreau"],
    )
    df = pd.DataFrame(
        {
            "N° client": [f"C{x:06d}" for x in rng.choice(10**6, N_ROWS, replace=False)],
            "Prénom": first,
            "Nom": last,
            "Adresse e-mail": [
                f"{f.lower()}.{la.lower()}{i}@exemple.fr" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Adresse": [
                f"{rng.integers(1, 200)} rue {rng.choice(['de la Paix', 'Victor Hugo', 'des Lilas'])}"
                for _ in range(N_ROWS)
            ],
            "Code postal": [f"{x:05d}" for x in rng.integers(1000, 95999, N_ROWS)],
            "Secteur": _pick(rng, seg, ["Industrie", "Commerce", "Santé", "Services"], [[0], [1, 3], [2]]),
            "Région": _pick(
                rng, seg, ["Île-de-France", "Bretagne", "Occitanie", "Normandie"], [[0], [1], [2, 3]]
            ),
            "Chiffre d'affaires": [
                f"{x:,}".replace(",", "\u202f") + " €"
                for x in np.where(
                    seg == 0,
                    rng.integers(1_000_000, 9_000_000, N_ROWS),
                    rng.integers(10_000, 300_000, N_ROWS),
                )
            ],
            "Commercial": rng.choice(["Camille Roux", "Nicolas Petit", "Pierre Blanc"], N_ROWS),
            "Date de création": [
                f"{d:02d}/{m:02d}/2024"
                for d, m in zip(rng.integers(1, 28, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Converti": np.where(won, "Oui", "Non"),
        }
    )
    truth = {
        "N° client": "identifier", "Prénom": "person_name", "Nom": "person_name", "Adresse e-mail": "email",
        "Adresse": "address", "Code postal": "postal_code", "Secteur": "category", "Région": "state",
        "Chiffre d'affaires": "currency", "Commercial": "owner", "Date de création": "date", "Converti": "target",
    }  # fmt: skip
    return Export("french_customers", "tuning", df, truth, seg, "Converti", fmt="csv-semicolon")


# --- held-out shapes (other names, pools, vocabularies; scored only) --------------------------------
FIRST_B = ["Olivia", "Mateo", "Hiroshi", "Zara", "Kwame", "Ingrid", "Dmitri", "Fatima", "Noah", "Yuki"]
LAST_B = ["Okafor", "Lindqvist", "Tanaka", "Moreno", "Kowalski", "Haddad", "O'Brien", "Nguyen"]


def pipedrive(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.6, 0.25, 0.05])
    first, last = _names(rng, N_ROWS, FIRST_B, LAST_B)
    df = pd.DataFrame(
        {
            "Deal - ID": (1000 + rng.choice(50_000, N_ROWS, replace=False)).astype(str),
            "Person - Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Person - Email": [
                f"{f[0].lower()}{la.lower().replace(chr(39), '')}{i}@mail.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Person - Phone": [
                f"+44 7{rng.integers(100, 999)} {rng.integers(100000, 999999)}" for _ in range(N_ROWS)
            ],
            "Organization - Industry": _pick(
                rng, seg, ["SaaS", "Agency", "E-commerce", "Manufacturing"], [[0], [1, 2], [3]]
            ),
            "Deal - Value": [
                f"£{x:,}"
                for x in np.where(
                    seg == 0, rng.integers(20_000, 200_000, N_ROWS), rng.integers(500, 9_000, N_ROWS)
                )
            ],
            "Deal - Probability": [f"{x}%" for x in rng.integers(0, 100, N_ROWS)],
            "Deal - Owner": rng.choice(["Grace Hopper", "Alan Turing", "Ada Byron"], N_ROWS),
            "Deal - Source channel": _pick(
                rng, seg, ["Inbound", "Outbound", "Partner", "Event"], [[2], [0], [1, 3]]
            ),
            "Deal - Expected close date": [
                f"2025-{m:02d}-{d:02d}"
                for m, d in zip(rng.integers(1, 13, N_ROWS), rng.integers(1, 28, N_ROWS))
            ],
            "Deal - Lost reason": np.where(won, "", rng.choice(["Price", "Timing", "Competitor"], N_ROWS)),
            "Deal - Status": np.where(won, "Won", "Lost"),
        }
    )
    truth = {
        "Deal - ID": "identifier", "Person - Name": "person_name", "Person - Email": "email", "Person - Phone": "phone",
        "Organization - Industry": "category", "Deal - Value": "currency", "Deal - Probability": "percentage",
        "Deal - Owner": "owner", "Deal - Source channel": "lead_source", "Deal - Expected close date": "date",
        "Deal - Lost reason": "leakage", "Deal - Status": "target",
    }  # fmt: skip
    return Export("pipedrive_deals", "heldout", df, truth, seg, "Deal - Status")


def freshsales(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.65, 0.35, 0.12, 0.03])
    first, last = _names(rng, N_ROWS, FIRST_B, LAST_B)
    df = pd.DataFrame(
        {
            "Contact No.": [f"CN{x}" for x in rng.choice(10**7, N_ROWS, replace=False)],
            "Full name": [f"{f} {la}" for f, la in zip(first, last)],
            "Work email": [f"{f.lower()}@corp{i}.test" for i, f in enumerate(first)],
            "Work phone": [
                f"({rng.integers(200, 999)}) {rng.integers(200, 999)}-{rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "Job title": _pick(
                rng,
                seg,
                ["Founder", "Head of Growth", "Engineering Manager", "Developer", "Student"],
                [[0], [1], [2, 3], [4]],
            ),
            "Territory": _pick(rng, seg, ["EMEA", "North America", "APAC", "LATAM"], [[1], [0], [2], [3]]),
            "Employee range": _pick(
                rng, seg, ["1-10", "11-50", "51-200", "201-1000", "1000+"], [[3, 4], [2], [1], [0]]
            ),
            "Sales owner": rng.choice(["Rita Gomez", "Sam Patel", "Kim Park", "Joe Blake"], N_ROWS),
            "Last contacted time": [
                f"{m}/{d}/2024 {h}:{mi:02d} PM"
                for m, d, h, mi in zip(
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(1, 28, N_ROWS),
                    rng.integers(1, 12, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Deal stage": np.where(
                won, "Closed Won", rng.choice(["New", "Demo Scheduled", "Negotiation", "Closed Lost"], N_ROWS)
            ),
            "Won": np.where(won, "Closed Won", "Closed Lost"),
        }
    )
    truth = {
        "Contact No.": "identifier", "Full name": "person_name", "Work email": "email", "Work phone": "phone",
        "Job title": "job_title", "Territory": "state", "Employee range": "category", "Sales owner": "owner",
        "Last contacted time": "date", "Deal stage": "leakage", "Won": "target",
    }  # fmt: skip
    return Export("freshsales_contacts", "heldout", df, truth, seg, "Won")


def spanish(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["Alejandro", "Valentina", "Santiago", "Camila", "Mateo"],
        ["Fernández", "López", "Martínez", "Sánchez"],
    )
    df = pd.DataFrame(
        {
            "Código": [f"ES-{x:05d}" for x in rng.choice(10**5, N_ROWS, replace=False)],
            "Nombre": first,
            "Apellidos": last,
            "Correo electrónico": [f"{f.lower()}{i}@correo.test" for i, f in enumerate(first)],
            "Teléfono": [
                f"+34 6{rng.integers(10, 99)} {rng.integers(100, 999)} {rng.integers(100, 999)}"
                for _ in range(N_ROWS)
            ],
            "Sector": _pick(
                rng, seg, ["Turismo", "Construcción", "Tecnología", "Alimentación"], [[0], [1, 3], [2]]
            ),
            "Provincia": _pick(rng, seg, ["Madrid", "Barcelona", "Valencia", "Sevilla"], [[0], [1], [2, 3]]),
            "Facturación": [
                f"{x:,}".replace(",", ".") + " €"
                for x in np.where(
                    seg == 0,
                    rng.integers(1_000_000, 30_000_000, N_ROWS),
                    rng.integers(10_000, 500_000, N_ROWS),
                )
            ],
            "Comercial asignado": rng.choice(["Lucía Romero", "Javier Ortega", "Carmen Vidal"], N_ROWS),
            "Fecha de alta": [
                f"{d}/{m}/2024" for d, m in zip(rng.integers(1, 28, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Observaciones": [
                f"Cliente interesado en {rng.choice(['la oferta', 'una demo', 'el precio'])}, llamar el día {i % 28 + 1}"
                for i in range(N_ROWS)
            ],
            "Convertido": np.where(won, "Sí", "No"),
        }
    )
    truth = {
        "Código": "identifier", "Nombre": "person_name", "Apellidos": "person_name", "Correo electrónico": "email",
        "Teléfono": "phone", "Sector": "category", "Provincia": "category", "Facturación": "currency",
        "Comercial asignado": "owner", "Fecha de alta": "date", "Observaciones": "free_text", "Convertido": "target",
    }  # fmt: skip
    return Export("spanish_crm", "heldout", df, truth, seg, "Convertido", fmt="csv-semicolon")


def hindi_edtech(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.6, 0.25, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Arjun", "Kavya", "Ishaan", "Meera", "Kabir", "Diya"],
        ["Joshi", "Mehta", "Chopra", "Bose"],
    )
    df = pd.DataFrame(
        {
            "Enquiry No": (200_000 + rng.choice(700_000, N_ROWS, replace=False)).astype(str),
            "Student Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Parent Mobile": [
                f"+91-{rng.integers(70000, 99999)}-{rng.integers(10000, 99999)}" for _ in range(N_ROWS)
            ],
            "Email ID": [
                f"{f.lower()}.{la.lower()}{i}@shiksha.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Pincode": [str(x) for x in rng.integers(110001, 855999, N_ROWS)],
            "Class": _pick(
                rng, seg, ["Class 9", "Class 10", "Class 11", "Class 12", "Dropper"], [[3, 4], [1, 2], [0]]
            ),
            "Board": _pick(rng, seg, ["CBSE", "ICSE", "State Board"], [[0], [1], [2]]),
            "Family Income": [
                f"₹{x / 100_000:.1f} L"
                for x in np.where(
                    seg == 0, rng.integers(800_000, 4_000_000, N_ROWS), rng.integers(150_000, 600_000, N_ROWS)
                )
            ],
            "Demo Attended": _pick(rng, seg, ["Yes", "No"], [[0], [0, 1], [1]]),
            "Assigned To": rng.choice(["Neha Agarwal", "Sunil Yadav", "Pooja Bhatt"], N_ROWS),
            "Admission Status": np.where(won, "Admitted", rng.choice(["Pending", "Dropped"], N_ROWS)),
            "दाखिला": np.where(won, "हाँ", "नहीं"),
        }
    )
    truth = {
        "Enquiry No": "identifier", "Student Name": "person_name", "Parent Mobile": "phone", "Email ID": "email",
        "Pincode": "postal_code", "Class": "category", "Board": "category", "Family Income": "currency",
        "Demo Attended": "category", "Assigned To": "owner", "Admission Status": "leakage", "दाखिला": "target",
    }  # fmt: skip
    return Export(
        "hindi_edtech_enquiries", "heldout", df, truth, seg, "दाखिला", fmt="excel-report", sheet="Enquiries"
    )


SHAPES: tuple[Callable[[np.random.Generator], Export], ...] = (
    hubspot, salesforce_report, zoho_de, edtech_india, french_customers,
    pipedrive, freshsales, spanish, hindi_edtech,
)  # fmt: skip


def write(export: Export, folder: Path) -> Path:
    """Write ``export`` in its file shape (report junk included); return the path."""
    df = export.frame
    if export.fmt == "excel-cover":  # heldout5: a cover sheet first, the data on the second (not named)
        path = folder / f"{export.name}.xlsx"
        with pd.ExcelWriter(path) as xw:
            cover = pd.DataFrame(
                [["Eksport danych z CRM"], ["Wygenerowano: 2024-11-30 08:15"], ["Użytkownik: admin"]]
            )
            cover.to_excel(xw, sheet_name="Okładka", index=False, header=False)
            df.to_excel(xw, sheet_name="Dane", index=False)
        return path
    if export.fmt == "excel-dynamics":  # heldout8: Dynamics 365's export, data first, then a hidden sheet
        path = folder / f"{export.name}.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            df.to_excel(xw, sheet_name="Prospects", index=False)
            pd.DataFrame([["lead:Dt7Xq0tF3kOZcPjR"]]).to_excel(
                xw, sheet_name="hiddenSheet", index=False, header=False
            )
            xw.book["hiddenSheet"].sheet_state = "hidden"
        return path
    if export.fmt == "excel":  # heldout9: a plain one-sheet Excel export (Odoo)
        path = folder / f"{export.name}.xlsx"
        df.to_excel(path, index=False, sheet_name="Sheet1")
        return path
    if (
        export.fmt == "excel-board"
    ):  # heldout10: monday.com, a title line, then per group its title and header
        path = folder / f"{export.name}.xlsx"
        lines: list[list[object]] = [["Verkaufspipeline 2024"]]
        for g, part in enumerate(np.array_split(np.arange(len(df)), 3)):
            lines += [[["März", "April", "Mai"][g]], list(df.columns)]
            lines += [*df.iloc[part].astype(object).values.tolist(), []]
        pd.DataFrame(lines).to_excel(path, index=False, header=False, sheet_name="Verkaufspipeline")
        return path
    if export.fmt == "excel-report":
        path = folder / f"{export.name}.xlsx"
        with pd.ExcelWriter(path) as xw:
            pd.DataFrame({"Summary": ["Enquiries Q3", "Exported by CRM"]}).to_excel(
                xw, sheet_name="Summary", index=False
            )
            title = pd.DataFrame([["Enquiry report - Q3 2024"], ["Filter: all centres"], [""]])
            title.to_excel(xw, sheet_name=export.sheet or "Sheet1", index=False, header=False)
            df.to_excel(xw, sheet_name=export.sheet or "Sheet1", index=False, startrow=3)
            foot = pd.DataFrame([["Total", *[""] * (df.shape[1] - 1)]])
            foot.to_excel(
                xw, sheet_name=export.sheet or "Sheet1", index=False, header=False, startrow=4 + len(df) + 1
            )
        return path
    path = folder / f"{export.name}.{'txt' if export.fmt.startswith('tsv') else 'csv'}"
    sep = ";" if export.fmt.endswith("semicolon") else "\t" if export.fmt.startswith("tsv") else ","
    body = df.to_csv(index=False, sep=sep, lineterminator="\n")
    if export.fmt == "salesforce-report":
        head = '"Leads by Source - Q3"\n"Filtered By:"\n"  Lead Status not equal to Junk"\n\n'
        foot = (
            f'\n"Grand Totals ({len(df)} records)"\n\n"Confidential Information - Do Not Distribute"\n'
            '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\n'
        )
        body = head + body + foot
    if export.fmt == "csv-paged":  # heldout11: a Zoho report, the header row repeated on every page
        lines = body.splitlines()
        header, rows = lines[0], lines[1:]
        pages = [rows[i : i + 250] for i in range(0, len(rows), 250)]
        parts = ["Rapport : Pistes par source", "Filtres : Toutes les pistes", ""]
        for p, page in enumerate(pages):
            parts += [header, *page, f"Page {p + 1} / {len(pages)}"]
        body = "\n".join(parts) + "\n"
    if export.fmt == "report-it-semicolon":  # heldout5: an Italian report with title, filter and total lines
        head = "Report Opportunità - 2° semestre 2024;\nFiltri: Fase di vendita tutte;\n;\n"
        foot = f"Totale ({len(df)} record);\nGenerato il 30/11/2024 alle 18:02;\n"
        body = head + body + foot
    encoding = {
        "cp1251": "cp1251",
        "cp1255": "cp1255",
        "cp932": "cp932",
        "bom": "utf-8-sig",
        "utf16": "utf-16",
    }
    path.write_text(body, encoding=next((e for k, e in encoding.items() if k in export.fmt), "utf-8"))
    return path


def build(folder: Path, seed: int = 2024) -> list[dict[str, object]]:
    """Write every export into ``folder``; return their descriptions (path, split, truth, target, sheet)."""
    from _crm_exports_heldout2 import SHAPES as HELDOUT2  # imports this module, so imported late
    from _crm_exports_heldout3 import SHAPES as HELDOUT3
    from _crm_exports_heldout4 import SHAPES as HELDOUT4
    from _crm_exports_heldout5 import SHAPES as HELDOUT5
    from _crm_exports_heldout6 import SHAPES as HELDOUT6
    from _crm_exports_heldout7 import SHAPES as HELDOUT7
    from _crm_exports_heldout8 import SHAPES as HELDOUT8
    from _crm_exports_heldout9 import SHAPES as HELDOUT9
    from _crm_exports_heldout10 import SHAPES as HELDOUT10
    from _crm_exports_heldout11 import SHAPES as HELDOUT11
    from _crm_exports_heldout12 import SHAPES as HELDOUT12
    from _crm_exports_heldout12 import write as write12

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    shapes = (*SHAPES, *HELDOUT2, *HELDOUT3, *HELDOUT4, *HELDOUT5, *HELDOUT6, *HELDOUT7, *HELDOUT8, *HELDOUT9)
    for i, shape in enumerate((*shapes, *HELDOUT10, *HELDOUT11, *HELDOUT12)):
        export = shape(np.random.default_rng([seed, i]))
        if any(o["name"] == export.name for o in out):  # heldout8 reused heldout2's "bitrix24_ru"
            export.name = f"{export.name}_{export.split}"  # its own files and results, same data
        path = write12(export, folder) or write(export, folder)
        np.save(folder / f"{export.name}.segments.npy", export.segments)
        out.append(
            {
                "name": export.name,
                "split": export.split,
                "path": str(path),
                "target": export.target,
                "sheet": export.sheet,
                "truth": export.truth,
                "personal": export.personal,
                "segments": str(folder / f"{export.name}.segments.npy"),
            }
        )
    (folder / "truth.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return out


if __name__ == "__main__":
    build(Path(sys.argv[1]))
