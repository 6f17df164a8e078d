# ruff: noqa: E501, B905  (data-generation tables read best one column per line; French, German, Spanish, Dutch on purpose)
"""An eleventh held-out split of synthetic CRM exports (``heldout11``), written before any run.

``heldout10`` was measured (and opened) in session 11. These five shapes were written by
crm11 (session 12) and committed alone, before any detector ran on them; the benchmark
prints only this split's aggregates, so it can stay held out. They cover shapes no earlier
split has: a paginated Zoho report whose header row is repeated on every page with a
``Page n / m`` line between pages, a German Dynamics 365 export with its three hidden
``(Nicht ändern)`` columns (record GUID, row checksum, modified-on), a Spanish Pipedrive
deals export whose outcome is a bare ``1``/``0`` and whose amount and currency are separate
columns, a German Odoo export whose booleans are Excel's ``WAHR``/``FALSCH`` and whose tags
are comma-separated lists, and a Flemish Teamleader export (``Ja``/``Neen``, Belgian
national register numbers, IBANs, VAT numbers). Personal columns whatever their truth role
are in :attr:`Export.personal`.

- ``zoho_report_fr``: a French Zoho CRM report (CSV): a title line, a filter line, then
  pages of 250 rows each led by the header row, a ``Page n / m`` line after every page:
  ``Nom de la piste`` (full name), ``E-mail``, ``Mobile`` (``06 12 34 56 78``),
  ``Propriétaire de la piste`` (owner), ``Ville``, ``Secteur d'activité``,
  ``Source de la piste``, ``Chiffre d'affaires annuel`` (``1 234 567,00 €``),
  ``Date de création`` (``15/03/2024 14:05``), ``Statut de la piste`` (leakage:
  ``Converti``), ``Client`` (``Oui``/``Non``);
- ``dynamics_de``: a German Dynamics 365 lead export (xlsx): ``(Nicht ändern) Lead``
  (GUIDs), ``(Nicht ändern) Zeilenprüfsumme`` (base64 checksums), ``(Nicht ändern)
  Geändert am`` (a date that is set when the lead is closed: leakage), ``Vorname``,
  ``Nachname``, ``E-Mail``, ``Mobiltelefon``, ``Straße 1``, ``Postleitzahl`` (5 digits),
  ``Bundesland``, ``Branche``, ``Leadquelle``, ``Jahresumsatz`` (plain numbers),
  ``Anzahl Mitarbeiter``, ``Besitzer`` (owner), ``Statusgrund`` (leakage: ``Qualifiziert``),
  ``Qualifiziert`` (``Ja``/``Nein``, the target);
- ``pipedrive_es``: a Spanish Pipedrive deals export (CSV): ``Negocio - ID``,
  ``Negocio - Título`` (``Acuerdo Martínez``: names a person), ``Persona - Nombre``,
  ``Persona - Correo electrónico - Trabajo``, ``Persona - Teléfono - Móvil`` (``+34 6xx
  xxx xxx``), ``Organización - Nombre``, ``Negocio - Valor`` (plain numbers),
  ``Negocio - Moneda`` (``EUR`` on every row), ``Negocio - Propietario`` (owner),
  ``Negocio - Etapa`` (leakage: ``Cerrado ganado``), ``Organización - Sector``,
  ``Negocio - Canal de origen``, ``Organización - Comunidad autónoma``,
  ``Negocio - Creado el`` (``2024-03-15 10:22:33``), ``Negocio - Ganado`` (``1``/``0``,
  the target);
- ``odoo_de``: a German Odoo CRM export (xlsx): ``Verkaufschance``, ``Kontakt`` (name),
  ``E-Mail``, ``Telefon``, ``Verkäufer`` (owner), ``Vertriebsteam``, ``Etiketten``
  (comma-separated tags, segment-driven), ``Land``, ``Erwarteter Umsatz``,
  ``Wahrscheinlichkeit`` (100 when won: leakage), ``Phase`` (leakage: ``Gewonnen``),
  ``Erstellt am``, ``Newsletter`` (``WAHR``/``FALSCH``, a descriptive boolean),
  ``Gewonnen`` (``WAHR``/``FALSCH``, the target);
- ``teamleader_be``: a Flemish Teamleader contacts export (semicolon CSV): ``Voornaam``,
  ``Familienaam``, ``E-mail``, ``GSM`` (``+32 470 12 34 56``), ``Rijksregisternummer``
  (``85.07.30-033.28``), ``IBAN`` (``BE68 5390 0754 7034``), ``Bedrijf``, ``BTW-nummer``
  (``BE 0123.456.789``), ``Straat``, ``Postcode`` (4 digits), ``Gemeente``, ``Provincie``,
  ``Sector``, ``Herkomst``, ``Omzet`` (``€ 12.345,67``), ``Verantwoordelijke`` (owner),
  ``Aangemaakt op`` (``30-07-2024``), ``Fase`` (leakage: ``Gewonnen``), ``Klant``
  (``Ja``/``Neen``).
"""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout11"


def _digits(rng: np.random.Generator, width: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, width))


def _created(rng: np.random.Generator) -> pd.Series:
    return pd.Timestamp("2024-01-03") + pd.to_timedelta(rng.integers(0, 320 * 86400, N_ROWS), unit="s")


def _eu(x: float, thousands: str = ".") -> str:
    return f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", thousands)


def zoho_report_fr(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.48, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Camille", "Julien", "Chloé", "Mathieu", "Inès", "Antoine", "Manon", "Hugo", "Sarah", "Théo"],
        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Fournier"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Nom de la piste": [f"{f} {la}" for f, la in zip(first, last)],
            "E-mail": [
                f"{f.lower().replace('é', 'e').replace('è', 'e')}.{la.lower()}{i}@societe.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Mobile": [
                f"0{rng.choice([6, 7])} {' '.join(_digits(rng, 2) for _ in range(4))}" for _ in range(N_ROWS)
            ],
            "Propriétaire de la piste": rng.choice(
                ["Sophie Lambert", "Nicolas Girard", "Émilie Roux"], N_ROWS
            ),
            "Ville": _pick(
                rng, seg, ["Paris", "Lyon", "Marseille", "Toulouse", "Lille"], [[0], [1, 4], [2, 3]]
            ),
            "Secteur d'activité": _pick(
                rng, seg, ["Banque", "Agroalimentaire", "BTP", "Commerce", "Santé"], [[0, 4], [1], [2, 3]]
            ),
            "Source de la piste": _pick(
                rng,
                seg,
                ["Salon", "Site web", "Recommandation", "Publicité", "Appel à froid"],
                [[0, 2], [1], [3, 4]],
            ),
            "Chiffre d'affaires annuel": [
                _eu(x, "\u202f") + " €"
                for x in np.where(seg == 0, rng.uniform(1e6, 4e7, N_ROWS), rng.uniform(5e4, 8e5, N_ROWS))
            ],
            "Date de création": created.strftime("%d/%m/%Y %H:%M"),
            "Statut de la piste": np.where(
                won, "Converti", rng.choice(["Non contacté", "Contacté", "Perdu", "Non qualifié"], N_ROWS)
            ),
            "Client": np.where(won, "Oui", "Non"),
        }
    )
    truth = {
        "Nom de la piste": "person_name", "E-mail": "email", "Mobile": "phone", "Propriétaire de la piste": "owner",
        "Ville": "state", "Secteur d'activité": "industry", "Source de la piste": "lead_source",
        "Chiffre d'affaires annuel": "currency", "Date de création": "date", "Statut de la piste": "leakage",
        "Client": "target",
    }  # fmt: skip
    return Export("zoho_report_fr_h11", SPLIT, df, truth, seg, "Client", fmt="csv-paged")


def dynamics_de(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.5, 0.25, 0.1, 0.03])
    first, last = _names(
        rng,
        N_ROWS,
        ["Lukas", "Hannah", "Felix", "Lena", "Maximilian", "Sophie", "Paul", "Marie", "Jan", "Laura"],
        ["Schneider", "Fischer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Wolf"],
    )
    created = _created(rng)
    modified = created + pd.to_timedelta(rng.integers(1, 60, N_ROWS), unit="D")
    df = pd.DataFrame(
        {
            "(Nicht ändern) Lead": [
                "-".join(f"{int(rng.integers(0, 16**w)):0{w}x}" for w in (8, 4, 4, 4, 12))
                for _ in range(N_ROWS)
            ],
            "(Nicht ändern) Zeilenprüfsumme": [
                base64.b64encode(rng.bytes(48)).decode() for _ in range(N_ROWS)
            ],
            "(Nicht ändern) Geändert am": np.where(
                won, modified.strftime("%d.%m.%Y %H:%M"), created.strftime("%d.%m.%Y %H:%M")
            ),
            "Vorname": first,
            "Nachname": last,
            "E-Mail": [
                f"{f.lower()}.{la.lower()}{i}@firma.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Mobiltelefon": [
                f"+49 1{rng.choice([51, 52, 60, 70, 76])} {_digits(rng, 7)}" for _ in range(N_ROWS)
            ],
            "Straße 1": [
                f"{rng.choice(['Hauptstraße', 'Bahnhofstraße', 'Lindenweg', 'Gartenstraße'])} {rng.integers(1, 120)}"
                for _ in range(N_ROWS)
            ],
            "Postleitzahl": [
                f"{rng.choice(['10', '20', '50', '60', '80'])}{_digits(rng, 3)}" for _ in range(N_ROWS)
            ],
            "Bundesland": _pick(
                rng,
                seg,
                ["Bayern", "Berlin", "Hamburg", "Hessen", "Sachsen", "Nordrhein-Westfalen"],
                [[0], [1, 2], [3, 5], [4]],
            ),
            "Branche": _pick(
                rng, seg, ["Automobil", "Chemie", "Handel", "Logistik", "Software"], [[0, 1], [4], [2], [3]]
            ),
            "Leadquelle": _pick(
                rng,
                seg,
                ["Messe", "Webseite", "Empfehlung", "Kaltakquise", "Partner"],
                [[0, 4], [1], [2], [3]],
            ),
            "Jahresumsatz": np.where(
                seg == 0, rng.integers(20, 500, N_ROWS) * 10**6, rng.integers(1, 90, N_ROWS) * 10**5
            ),
            "Anzahl Mitarbeiter": np.where(
                seg == 0, rng.integers(500, 20000, N_ROWS), rng.integers(5, 400, N_ROWS)
            ),
            "Besitzer": rng.choice(
                ["Katrin Vogel", "Thomas Braun", "Sabine Krüger", "Michael Lange"], N_ROWS
            ),
            "Statusgrund": np.where(
                won, "Qualifiziert", rng.choice(["Neu", "In Kontakt", "Kein Interesse", "Storniert"], N_ROWS)
            ),
            "Qualifiziert": np.where(won, "Ja", "Nein"),
        }
    )
    truth = {
        "(Nicht ändern) Lead": "identifier", "(Nicht ändern) Zeilenprüfsumme": "identifier",
        "(Nicht ändern) Geändert am": "date", "Vorname": "person_name", "Nachname": "person_name",
        "E-Mail": "email", "Mobiltelefon": "phone", "Straße 1": "address", "Postleitzahl": "postal_code",
        "Bundesland": "state", "Branche": "industry", "Leadquelle": "lead_source", "Jahresumsatz": "currency",
        "Anzahl Mitarbeiter": "number", "Besitzer": "owner", "Statusgrund": "leakage", "Qualifiziert": "target",
    }  # fmt: skip
    return Export("dynamics_de_h11", SPLIT, df, truth, seg, "Qualifiziert", fmt="excel-dynamics")


def pipedrive_es(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.18, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Alejandro", "Lucía", "Pablo", "Carmen", "Javier", "Marta", "Sergio", "Elena", "Diego", "Paula"],
        ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Ruiz", "Hernández", "Jiménez"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Negocio - ID": np.arange(N_ROWS) + 1041,
            "Negocio - Título": [f"Acuerdo {la}" for la in last],
            "Persona - Nombre": [f"{f} {la}" for f, la in zip(first, last)],
            "Persona - Correo electrónico - Trabajo": [
                f"{f.lower()[0]}{la.lower().replace('í', 'i').replace('á', 'a').replace('é', 'e').replace('ó', 'o')}{i}@empresa.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Persona - Teléfono - Móvil": [
                f"+34 6{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}" for _ in range(N_ROWS)
            ],
            "Organización - Nombre": [
                f"{rng.choice(['Grupo', 'Soluciones', 'Industrias', 'Distribuciones'])} {rng.choice(['Iberia', 'Levante', 'Norte', 'Sur', 'Atlántico', 'Meseta'])} {rng.choice(['S.L.', 'S.A.'])}"
                for _ in range(N_ROWS)
            ],
            "Negocio - Valor": np.where(
                seg == 0, rng.integers(40, 400, N_ROWS) * 500, rng.integers(2, 60, N_ROWS) * 250
            ),
            "Negocio - Moneda": "EUR",
            "Negocio - Propietario": rng.choice(
                ["Raquel Navarro", "Óscar Domínguez", "Nuria Castillo"], N_ROWS
            ),
            "Negocio - Etapa": np.where(
                won,
                "Cerrado ganado",
                rng.choice(["Contactado", "Propuesta enviada", "Negociación", "Cerrado perdido"], N_ROWS),
            ),
            "Organización - Sector": _pick(
                rng,
                seg,
                ["Hostelería", "Construcción", "Tecnología", "Agricultura", "Retail"],
                [[2], [1, 3], [0, 4]],
            ),
            "Negocio - Canal de origen": _pick(
                rng, seg, ["Web", "Referido", "Feria", "Email frío", "LinkedIn"], [[1, 2], [0, 4], [3]]
            ),
            "Organización - Comunidad autónoma": _pick(
                rng,
                seg,
                ["Madrid", "Cataluña", "Andalucía", "Comunidad Valenciana", "País Vasco"],
                [[0, 1], [4], [2, 3]],
            ),
            "Negocio - Creado el": created.strftime("%Y-%m-%d %H:%M:%S"),
            "Negocio - Ganado": won.astype(int),
        }
    )
    truth = {
        "Negocio - ID": "identifier", "Negocio - Título": "person_name", "Persona - Nombre": "person_name",
        "Persona - Correo electrónico - Trabajo": "email", "Persona - Teléfono - Móvil": "phone",
        "Organización - Nombre": "category", "Negocio - Valor": "currency", "Negocio - Moneda": "extra",
        "Negocio - Propietario": "owner", "Negocio - Etapa": "leakage", "Organización - Sector": "industry",
        "Negocio - Canal de origen": "lead_source", "Organización - Comunidad autónoma": "state",
        "Negocio - Creado el": "date", "Negocio - Ganado": "target",
    }  # fmt: skip
    return Export(
        "pipedrive_es_h11", SPLIT, df, truth, seg, "Negocio - Ganado", personal=["Negocio - Título"]
    )


def odoo_de(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.06])
    first, last = _names(
        rng,
        N_ROWS,
        ["Jonas", "Emma", "Leon", "Mia", "Elias", "Lina", "Noah", "Clara", "Ben", "Ida"],
        ["Neumann", "Schwarz", "Zimmermann", "Krause", "Hartmann", "Lange", "Werner", "Lehmann"],
    )
    tags = ["Produkt", "Dienstleistung", "Schulung", "Wartung", "Beratung", "Lizenz"]
    fav = {0: [0, 5], 1: [1, 3], 2: [2, 4]}

    def _tags(s: int) -> str:
        own = [tags[i] for i in fav[s] if rng.random() < 0.8]
        other = [t for t in tags if rng.random() < 0.08]
        return ", ".join(dict.fromkeys(own + other))

    created = _created(rng)
    df = pd.DataFrame(
        {
            "Verkaufschance": [
                f"{rng.choice(['Angebot', 'Anfrage', 'Projekt'])} {rng.choice(['Nord', 'Süd', 'West', 'Ost'])}-{int(x)}"
                for x in rng.integers(100, 999, N_ROWS)
            ],
            "Kontakt": [f"{f} {la}" for f, la in zip(first, last)],
            "E-Mail": [f"{f.lower()}{i}@kunde.test" for i, f in enumerate(first)],
            "Telefon": [f"+49 {rng.choice([30, 40, 89, 69])} {_digits(rng, 7)}" for _ in range(N_ROWS)],
            "Verkäufer": rng.choice(["Andreas Kaiser", "Julia Peters", "Stefan König"], N_ROWS),
            "Vertriebsteam": rng.choice(["Direktvertrieb", "Website"], N_ROWS),
            "Etiketten": [_tags(int(s)) for s in seg],
            "Land": _pick(
                rng, seg, ["Deutschland", "Österreich", "Schweiz", "Niederlande"], [[0], [1, 2], [3]]
            ),
            "Erwarteter Umsatz": np.where(
                seg == 0, rng.uniform(2e4, 3e5, N_ROWS), rng.uniform(500, 2e4, N_ROWS)
            ).round(2),
            "Wahrscheinlichkeit": np.where(won, 100.0, rng.choice([10.0, 20.0, 50.0, 70.0], N_ROWS)),
            "Phase": np.where(
                won, "Gewonnen", rng.choice(["Neu", "Qualifiziert", "Angebot", "Verloren"], N_ROWS)
            ),
            "Erstellt am": created.strftime("%Y-%m-%d %H:%M:%S"),
            "Newsletter": _pick(rng, seg, ["WAHR", "FALSCH"], [[1], [0], [0, 1]]),
            "Gewonnen": np.where(won, "WAHR", "FALSCH"),
        }
    )
    truth = {
        "Verkaufschance": "identifier", "Kontakt": "person_name", "E-Mail": "email", "Telefon": "phone",
        "Verkäufer": "owner", "Vertriebsteam": "category", "Etiketten": "category", "Land": "state",
        "Erwarteter Umsatz": "currency", "Wahrscheinlichkeit": "leakage", "Phase": "leakage",
        "Erstellt am": "date", "Newsletter": "category", "Gewonnen": "target",
    }  # fmt: skip
    return Export("odoo_de_h11", SPLIT, df, truth, seg, "Gewonnen", fmt="excel")


def teamleader_be(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.46, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Lotte", "Arne", "Fien", "Wout", "Lien", "Jelle", "Noor", "Seppe", "Marie", "Robbe"],
        ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Voornaam": first,
            "Familienaam": last,
            "E-mail": [
                f"{f.lower()}.{la.lower()}{i}@bedrijf.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "GSM": [
                f"+32 4{rng.choice([70, 75, 78, 85, 94])} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "Rijksregisternummer": [
                f"{rng.integers(50, 99)}.{rng.integers(1, 13):02d}.{rng.integers(1, 29):02d}-{_digits(rng, 3)}.{_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "IBAN": [
                f"BE{_digits(rng, 2)} {_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
                for _ in range(N_ROWS)
            ],
            "Bedrijf": [
                f"{rng.choice(['Vlaamse', 'Brabantse', 'Kempense', 'Gentse'])} {rng.choice(['Bouw', 'Logistiek', 'Voeding', 'Techniek'])} {rng.choice(['BV', 'NV', 'CV'])}"
                for _ in range(N_ROWS)
            ],
            "BTW-nummer": [
                f"BE 0{_digits(rng, 3)}.{_digits(rng, 3)}.{_digits(rng, 3)}" for _ in range(N_ROWS)
            ],
            "Straat": [
                f"{rng.choice(['Kerkstraat', 'Stationsstraat', 'Dorpsstraat', 'Molenstraat'])} {rng.integers(1, 200)}"
                for _ in range(N_ROWS)
            ],
            "Postcode": [
                f"{rng.choice(['1000', '2000', '3000', '8000', '9000'])[:2]}{_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "Gemeente": rng.choice(["Antwerpen", "Gent", "Leuven", "Brugge", "Hasselt", "Mechelen"], N_ROWS),
            "Provincie": _pick(
                rng,
                seg,
                ["Antwerpen", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", "Limburg"],
                [[0], [1, 3], [2, 4]],
            ),
            "Sector": _pick(
                rng, seg, ["Bouw", "Voeding", "IT-diensten", "Transport", "Zorg"], [[2], [0, 3], [1, 4]]
            ),
            "Herkomst": _pick(
                rng,
                seg,
                ["Website", "Beurs", "Doorverwijzing", "Nieuwsbrief", "Koude acquisitie"],
                [[1, 2], [0], [3, 4]],
            ),
            "Omzet": [
                "€ " + _eu(x)
                for x in np.where(seg == 0, rng.uniform(2e5, 5e6, N_ROWS), rng.uniform(5e3, 1.5e5, N_ROWS))
            ],
            "Verantwoordelijke": rng.choice(["Katrien De Smet", "Bart Vermeulen", "Els Van Damme"], N_ROWS),
            "Aangemaakt op": created.strftime("%d-%m-%Y"),
            "Fase": np.where(
                won, "Gewonnen", rng.choice(["Nieuw", "Contact gelegd", "Offerte", "Verloren"], N_ROWS)
            ),
            "Klant": np.where(won, "Ja", "Neen"),
        }
    )
    truth = {
        "Voornaam": "person_name", "Familienaam": "person_name", "E-mail": "email", "GSM": "phone",
        "Rijksregisternummer": "identifier", "IBAN": "identifier", "Bedrijf": "category",
        "BTW-nummer": "identifier", "Straat": "address", "Postcode": "postal_code", "Gemeente": "state",
        "Provincie": "state", "Sector": "industry", "Herkomst": "lead_source", "Omzet": "currency",
        "Verantwoordelijke": "owner", "Aangemaakt op": "date", "Fase": "leakage", "Klant": "target",
    }  # fmt: skip
    personal = ["Rijksregisternummer", "IBAN"]
    return Export("teamleader_be_h11", SPLIT, df, truth, seg, "Klant", fmt="csv-semicolon", personal=personal)


SHAPES = (zoho_report_fr, dynamics_de, pipedrive_es, odoo_de, teamleader_be)
