# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Italian, Polish, Turkish, Danish on purpose)
"""A fifth held-out split of synthetic CRM exports (``heldout5``), written before any run.

``heldout4`` was looked at (and fixed against) in session 6. These four shapes were written
in session 7 and committed before the detectors ran on them (vendors, countries and
languages not used by earlier splits; file shapes not used before):

- ``vtiger_it_report``: a vtiger-shaped Italian opportunity *report* (semicolons, a title
  line, a "Filtri:" line and a blank line before the header, a ``Totale`` line and a
  ``Generato il`` line after; ``1.234.567,89 €``, ``Sì``/``No``; personal data under
  unusual headers: ``Referente`` (a person), ``Recapito`` (a phone), ``Posta elettronica``
  (an e-mail), ``Codice fiscale`` (a tax id); ``CAP`` postal codes);
- ``excel_pl_cover``: a Polish Excel workbook whose *first* sheet is a cover page (logo
  text, export date) and whose data is on the second sheet, not named to the reader (the
  user passes no ``--sheet``); ``12 345,67 zł`` with non-breaking spaces, ``NIP`` tax ids,
  ``00-950`` postal codes, ``Tak``/``Nie``, a ``Faza`` = ``Wygrana`` leakage column;
- ``bitrix_tr``: a Bitrix24-shaped Turkish deals export (comma separated, UTF-8; ``₺1.234,50``,
  ``%35``, ``Evet``/``Hayır``, ``Sorumlu`` owner, ``İletişim kişisi`` person, ``Cep`` phone,
  ``TC Kimlik No`` 11-digit ids, a ``Kapanış nedeni`` filled only for closed deals);
- ``dynamics_dk``: a Dynamics-365-shaped Danish lead export (semicolons; ``kr. 12.345,00``,
  ``Ja``/``Nej``, ``(Må ikke ændres)`` hidden GUID and row-checksum columns Dynamics writes,
  ``Postnr.`` 4-digit postal codes, ``Kontaktperson`` and ``Hvem ringer vi til`` persons,
  ``Ejer`` owner, ``Statusårsag`` = ``Kvalificeret`` leakage).
"""

from __future__ import annotations

import uuid

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout5"


def _eur_it(x: float) -> str:
    whole, cents = f"{x:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"


def vtiger_it_report(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["Giulia", "Matteo", "Chiara", "Lorenzo", "Francesca", "Alessandro", "Sara", "Davide"],
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"],
    )
    letters = list("ABCDEFGHLMNPRSTVZ")
    df = pd.DataFrame(
        {
            "N. opportunità": [f"POT{x}" for x in rng.choice(10**6, N_ROWS, replace=False) + 10**6],
            "Referente": [f"{f} {la}" for f, la in zip(first, last)],
            "Recapito": [
                f"+39 3{rng.integers(20, 99)} {rng.integers(1000000, 9999999)}" for _ in range(N_ROWS)
            ],
            "Posta elettronica": [
                f"{f.lower()}.{la.lower()}{i}@azienda.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Codice fiscale": [
                "".join(rng.choice(letters, 6))
                + f"{rng.integers(50, 99)}"
                + rng.choice(letters)
                + f"{rng.integers(1, 71):02d}"
                + rng.choice(letters)
                + f"{rng.integers(100, 999)}"
                + rng.choice(letters)
                for _ in range(N_ROWS)
            ],
            "CAP": [f"{x:05d}" for x in rng.integers(10, 98168, N_ROWS)],
            "Regione": _pick(
                rng, seg, ["Lombardia", "Lazio", "Campania", "Veneto", "Piemonte"], [[0, 3], [1], [2, 4]]
            ),
            "Settore": _pick(
                rng,
                seg,
                ["Manifattura", "Turismo", "Agroalimentare", "Servizi", "Moda"],
                [[0], [1, 3], [2, 4]],
            ),
            "Importo": [
                _eur_it(float(x))
                for x in np.where(
                    seg == 0,
                    rng.uniform(50_000, 900_000, N_ROWS),
                    np.where(seg == 1, rng.uniform(5_000, 45_000, N_ROWS), rng.uniform(300, 4_000, N_ROWS)),
                )
            ],
            "Probabilità": [
                f"{x},0%"
                for x in np.where(seg == 0, rng.integers(40, 90, N_ROWS), rng.integers(5, 40, N_ROWS))
            ],
            "Assegnato a": rng.choice(["Marco Gallo", "Elena Conti", "Paolo Greco"], N_ROWS),
            "Fonte": _pick(
                rng, seg, ["Fiera", "Sito web", "Passaparola", "Telemarketing"], [[0], [1, 2], [3]]
            ),
            "Data chiusura prevista": [
                f"{d:02d}/{m:02d}/2025"
                for d, m in zip(rng.integers(1, 29, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Note": [
                rng.choice(
                    [
                        "Richiamare dopo le ferie",
                        "Vuole un preventivo biennale",
                        "Il titolare decide a fine mese",
                        "Confronta con un concorrente",
                        "Demo fissata in sede",
                    ]
                )
                + f" ({rng.integers(1, 900)})"
                for _ in range(N_ROWS)
            ],
            "Fase di vendita": np.where(
                won,
                "Chiusa vinta",
                rng.choice(["Prospezione", "Qualificazione", "Negoziazione", "Chiusa persa"], N_ROWS),
            ),
            "Vinta": np.where(won, "Sì", "No"),
        }
    )
    truth = {
        "N. opportunità": "identifier", "Referente": "person_name", "Recapito": "phone", "Posta elettronica": "email",
        "Codice fiscale": "identifier", "CAP": "postal_code", "Regione": "state", "Settore": "industry",
        "Importo": "currency", "Probabilità": "percentage", "Assegnato a": "owner", "Fonte": "lead_source",
        "Data chiusura prevista": "date", "Note": "free_text", "Fase di vendita": "leakage", "Vinta": "target",
    }  # fmt: skip
    return Export("vtiger_it_report", SPLIT, df, truth, seg, "Vinta", fmt="report-it-semicolon")


def excel_pl_cover(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Jakub", "Zuzanna", "Kacper", "Julia", "Szymon", "Maja", "Antoni", "Zofia"],
        ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski"],
    )
    nbsp = "\u00a0"
    df = pd.DataFrame(
        {
            "Lp.": np.arange(1, N_ROWS + 1),
            "NIP": [
                f"{rng.integers(100, 999)}-{rng.integers(100, 999)}-{rng.integers(10, 99)}-{rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "Imię": first,
            "Nazwisko": last,
            "Adres e-mail": [f"{f.lower()}.{i}@firma.test" for i, f in enumerate(first)],
            "Telefon komórkowy": [
                f"+48 {rng.integers(500, 899)} {rng.integers(100, 999)} {rng.integers(100, 999)}"
                for _ in range(N_ROWS)
            ],
            "Kod pocztowy": [f"{rng.integers(0, 99):02d}-{rng.integers(0, 999):03d}" for _ in range(N_ROWS)],
            "Województwo": _pick(
                rng,
                seg,
                ["mazowieckie", "śląskie", "małopolskie", "wielkopolskie", "pomorskie"],
                [[0], [1, 3], [2, 4]],
            ),
            "Branża": _pick(
                rng, seg, ["Logistyka", "Budownictwo", "IT", "Handel", "Rolnictwo"], [[2], [0, 1], [3, 4]]
            ),
            "Liczba pracowników": np.where(
                seg == 0,
                rng.integers(200, 3000, N_ROWS),
                np.where(seg == 1, rng.integers(20, 199, N_ROWS), rng.integers(1, 19, N_ROWS)),
            ),
            "Wartość szansy": [
                f"{x:,.2f}".replace(",", nbsp).replace(".", ",") + " zł"
                for x in np.where(
                    seg == 0, rng.uniform(100_000, 2_000_000, N_ROWS), rng.uniform(2_000, 90_000, N_ROWS)
                )
            ],
            "Opiekun": rng.choice(["Tomasz Zieliński", "Agnieszka Szymańska", "Piotr Woźniak"], N_ROWS),
            "Data utworzenia": [
                f"{d:02d}.{m:02d}.2024"
                for d, m in zip(rng.integers(1, 29, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Uwagi": [
                rng.choice(
                    [
                        "Oddzwonić po urlopie",
                        "Prosi o ofertę na dwa lata",
                        "Decyzja zarządu w przyszłym miesiącu",
                        "Porównuje z konkurencją",
                        "Spotkanie w biurze klienta",
                    ]
                )
                + f" ({rng.integers(1, 700)})"
                for _ in range(N_ROWS)
            ],
            "Faza": np.where(
                won, "Wygrana", rng.choice(["Nowa", "Kwalifikacja", "Oferta", "Przegrana"], N_ROWS)
            ),
            "Sprzedano": np.where(won, "Tak", "Nie"),
        }
    )
    truth = {
        "Lp.": "identifier", "NIP": "identifier", "Imię": "person_name", "Nazwisko": "person_name",
        "Adres e-mail": "email", "Telefon komórkowy": "phone", "Kod pocztowy": "postal_code", "Województwo": "state",
        "Branża": "industry", "Liczba pracowników": "number", "Wartość szansy": "currency", "Opiekun": "owner",
        "Data utworzenia": "date", "Uwagi": "free_text", "Faza": "leakage", "Sprzedano": "target",
    }  # fmt: skip
    return Export("excel_pl_cover", SPLIT, df, truth, seg, "Sprzedano", fmt="excel-cover")


def bitrix_tr(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.22, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep", "Burak", "Elif"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk"],
    )
    closed = won | (rng.random(N_ROWS) < 0.3)
    df = pd.DataFrame(
        {
            "Kimlik": rng.choice(10**5, N_ROWS, replace=False) + 10**4,
            "Anlaşma adı": [
                f"{la} {rng.choice(['Yazılım', 'Danışmanlık', 'Lisans'])} #{i}" for i, la in enumerate(last)
            ],
            "İletişim kişisi": [f"{f} {la}" for f, la in zip(first, last)],
            "Cep": [
                f"0 (5{rng.integers(30, 59)}) {rng.integers(100, 999)} {rng.integers(10, 99)} {rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "TC Kimlik No": [str(x) for x in rng.integers(10**10, 10**11 - 1, N_ROWS)],
            "İl": _pick(rng, seg, ["İstanbul", "Ankara", "İzmir", "Bursa", "Antalya"], [[0], [1, 3], [2, 4]]),
            "Sektör": _pick(
                rng, seg, ["Tekstil", "Otomotiv", "Turizm", "Gıda", "Enerji"], [[1, 4], [0], [2, 3]]
            ),
            "Tutar": [
                "₺" + f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                for x in np.where(
                    seg == 0,
                    rng.uniform(200_000, 3_000_000, N_ROWS),
                    np.where(
                        seg == 1, rng.uniform(20_000, 180_000, N_ROWS), rng.uniform(1_000, 15_000, N_ROWS)
                    ),
                )
            ],
            "Olasılık": [
                f"%{x}" for x in np.where(seg == 0, rng.integers(40, 95, N_ROWS), rng.integers(5, 45, N_ROWS))
            ],
            "Sorumlu": rng.choice(["Can Arslan", "Deniz Aydın", "Selin Koç"], N_ROWS),
            "Kaynak": _pick(rng, seg, ["Fuar", "Web formu", "Tavsiye", "Soğuk arama"], [[0, 2], [1], [3]]),
            "Oluşturulma tarihi": [
                f"{d:02d}.{m:02d}.2024 {h:02d}:{mi:02d}"
                for d, m, h, mi in zip(
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(8, 19, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Yorum": [
                rng.choice(
                    [
                        "Bayramdan sonra aranacak",
                        "İki yıllık teklif istiyor",
                        "Karar yönetim kurulunda",
                        "Rakip firmayla karşılaştırıyor",
                        "Demo ofiste yapılacak",
                    ]
                )
                + f" ({rng.integers(1, 800)})"
                for _ in range(N_ROWS)
            ],
            "Kapanış nedeni": np.where(
                closed,
                np.where(won, "Sözleşme imzalandı", rng.choice(["Bütçe yok", "Rakibi seçti"], N_ROWS)),
                "",
            ),
            "Kazanıldı": np.where(won, "Evet", "Hayır"),
        }
    )
    truth = {
        "Kimlik": "identifier", "Anlaşma adı": "free_text", "İletişim kişisi": "person_name", "Cep": "phone",
        "TC Kimlik No": "identifier", "İl": "state", "Sektör": "industry", "Tutar": "currency",
        "Olasılık": "percentage", "Sorumlu": "owner", "Kaynak": "lead_source", "Oluşturulma tarihi": "date",
        "Yorum": "free_text", "Kapanış nedeni": "leakage", "Kazanıldı": "target",
    }  # fmt: skip
    return Export("bitrix_tr", SPLIT, df, truth, seg, "Kazanıldı")


def dynamics_dk(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.55, 0.3, 0.1, 0.03])
    first, last = _names(
        rng,
        N_ROWS,
        ["Mads", "Sofie", "Frederik", "Ida", "Mikkel", "Freja", "Rasmus", "Anna"],
        ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen"],
    )
    df = pd.DataFrame(
        {
            "(Må ikke ændres) Kundeemne": [
                str(uuid.UUID(int=int(rng.integers(0, 2**62)) << 64 | int(rng.integers(0, 2**62))))
                for _ in range(N_ROWS)
            ],
            "(Må ikke ændres) Rækkekontrolsum": [f"{int(rng.integers(0, 2**62)):x}=" for _ in range(N_ROWS)],
            "Kontaktperson": [f"{f} {la}" for f, la in zip(first, last)],
            "Hvem ringer vi til": [
                f"{f2} {la2}"
                for f2, la2 in zip(
                    *_names(
                        rng,
                        N_ROWS,
                        ["Lars", "Mette", "Henrik", "Camilla"],
                        ["Poulsen", "Møller", "Madsen", "Kristensen"],
                    )
                )
            ],
            "Mail": [f"{f.lower()}{i}@firma.test" for i, f in enumerate(first)],
            "Telefon (arbejde)": [
                f"+45 {rng.integers(20, 99)} {rng.integers(10, 99)} {rng.integers(10, 99)} {rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "Vej": [
                f"{rng.choice(['Vestergade', 'Nørregade', 'Algade', 'Strandvejen'])} {rng.integers(1, 200)}"
                for _ in range(N_ROWS)
            ],
            "Postnr.": [str(x) for x in rng.integers(1000, 9990, N_ROWS)],
            "Region": _pick(
                rng,
                seg,
                ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"],
                [[0], [1, 2], [3], [4]],
            ),
            "Branche": _pick(
                rng, seg, ["Landbrug", "Finans", "Detailhandel", "Medico", "Byggeri"], [[1], [3], [0, 4], [2]]
            ),
            "Anslået værdi": [
                f"kr. {x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                for x in np.where(
                    seg <= 1, rng.uniform(80_000, 900_000, N_ROWS), rng.uniform(2_000, 40_000, N_ROWS)
                )
            ],
            "Ejer": rng.choice(["Jonas Holm", "Line Bach", "Søren Dahl", "Karen Vinther"], N_ROWS),
            "Kilde": _pick(
                rng, seg, ["Messe", "Web", "Henvisning", "Annonce", "Andet"], [[0], [2], [1, 3], [4]]
            ),
            "Oprettet den": [
                f"{d:02d}-{m:02d}-2024 {h:02d}:{mi:02d}"
                for d, m, h, mi in zip(
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(8, 17, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Statusårsag": np.where(
                won, "Kvalificeret", rng.choice(["Ny", "Kontaktet", "Mistet", "Ikke interesseret"], N_ROWS)
            ),
            "Konverteret": np.where(won, "Ja", "Nej"),
        }
    )
    truth = {
        "(Må ikke ændres) Kundeemne": "identifier", "(Må ikke ændres) Rækkekontrolsum": "identifier",
        "Kontaktperson": "person_name", "Hvem ringer vi til": "person_name", "Mail": "email", "Telefon (arbejde)": "phone",
        "Vej": "address", "Postnr.": "postal_code", "Region": "state", "Branche": "industry", "Anslået værdi": "currency",
        "Ejer": "owner", "Kilde": "lead_source", "Oprettet den": "date", "Statusårsag": "leakage", "Konverteret": "target",
    }  # fmt: skip
    return Export("dynamics_dk", SPLIT, df, truth, seg, "Konverteret", fmt="csv-semicolon")


SHAPES = (vtiger_it_report, excel_pl_cover, bitrix_tr, dynamics_dk)
