# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Japanese, Dutch, Swedish, Spanish on purpose)
"""A fourth held-out split of synthetic CRM exports (``heldout4``), written before any run.

``heldout3`` was looked at (and fixed against) in session 5, so it no longer counts as
unseen. These five shapes were written in session 6 and committed before the detectors
ran on them (vendors and locales not used by earlier splits):

- ``zoho_in_report``: a Zoho-CRM-shaped Indian English deals report (title and filter lines
  before the header, a total line after; ``Rs. 12,50,000.00`` in Indian digit grouping,
  ``zcrm_`` record ids, 6-digit PIN codes, a ``Stage`` that says ``Closed Won``, a
  ``Won`` outcome with ``true``/``false``);
- ``kintone_ja``: a kintone-shaped Japanese customer export saved by Excel in Shift_JIS
  (cp932; ``氏名`` with a full-width space, ``〒100-0001`` postal codes, ``03-1234-5678``
  phones, ``￥12,345,000`` and ``1,234万円``, ``2024/03/05`` dates, ``はい``/``いいえ``);
- ``odoo_nl``: an Odoo-shaped Dutch opportunity export (semicolons; ``€ 12.345,67``,
  ``35,0 %``, Dutch postcodes ``1012 AB``, KvK numbers, a ``Factuurnummer`` filled only for
  won deals: leakage by association; ``Ja``/``Nee``);
- ``lime_sv``: a Lime-CRM-shaped Swedish company export (tab-separated, UTF-8 with BOM;
  organisation numbers ``556123-4567``, postnummer ``114 55``, ``12 345 678 kr`` with
  non-breaking spaces, ``Säljare``, ``Kundstatus`` = leakage, ``Ja``/``Nej``);
- ``hubspot_mx``: a HubSpot-shaped Mexican Spanish deals export (``$1,234,567.89 MXN``,
  ``Propietario del negocio``, ``Etapa del negocio`` = ``Cerrado ganado``, RFC tax ids,
  ``Verdadero``/``Falso``, ISO dates with ``-06:00``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout4"


def _inr(x: int) -> str:
    s = str(x)
    head, tail = s[:-3], s[-3:]
    parts: list[str] = []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    if head:
        parts.insert(0, head)
    return "Rs. " + (",".join(parts) + "," if parts else "") + tail + ".00"


def zoho_in_report(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.22, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["Karthik", "Lakshmi", "Suresh", "Divya", "Harish", "Nandini", "Venkat", "Swathi"],
        ["Subramanian", "Krishnan", "Pillai", "Menon", "Naidu", "Hegde", "Kulkarni"],
    )
    df = pd.DataFrame(
        {
            "Record Id": [f"zcrm_4876{x:015d}" for x in rng.choice(10**12, N_ROWS, replace=False)],
            "Deal Name": [f"{la} - {rng.choice(['ERP', 'Payroll', 'CRM'])} rollout" for la in last],
            "Contact Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Mobile": [
                f"+91 {rng.integers(70000, 99999)} {rng.integers(10000, 99999)}" for _ in range(N_ROWS)
            ],
            "Deal Owner": rng.choice(["Arvind Rao", "Meena Iyer", "Gopal Shetty"], N_ROWS),
            "Industry": _pick(
                rng,
                seg,
                ["Manufacturing", "IT Services", "Retail", "Pharma", "Logistics"],
                [[0, 3], [1], [2, 4]],
            ),
            "Billing City": _pick(
                rng, seg, ["Chennai", "Bengaluru", "Hyderabad", "Pune", "Coimbatore"], [[0, 4], [1, 2], [3]]
            ),
            "PIN Code": [str(x) for x in rng.integers(400001, 700099, N_ROWS)],
            "Amount": [
                _inr(int(x))
                for x in np.where(
                    seg == 0,
                    rng.integers(15, 90, N_ROWS) * 100_000,
                    np.where(
                        seg == 1, rng.integers(2, 14, N_ROWS) * 100_000, rng.integers(20, 95, N_ROWS) * 1_000
                    ),
                )
            ],
            "Probability (%)": np.where(seg == 0, rng.integers(40, 90, N_ROWS), rng.integers(5, 50, N_ROWS)),
            "Lead Source": _pick(
                rng,
                seg,
                ["Trade Show", "Web Download", "Partner", "Cold Call", "Seminar"],
                [[0, 4], [1], [2, 3]],
            ),
            "Closing Date": [
                f"{rng.choice(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'])} {d:02d}, 2025"
                for d in rng.integers(1, 29, N_ROWS)
            ],
            "Description": [
                rng.choice(
                    [
                        "Client wants demo at their plant",
                        "Decision maker travelling, follow up next week",
                        "Asked for GST invoice format",
                        "Budget approval pending from MD",
                        "Comparing with Tally add-on",
                    ]
                )
                + f" #{rng.integers(100, 999)}"
                for _ in range(N_ROWS)
            ],
            "Stage": np.where(
                won,
                "Closed Won",
                rng.choice(
                    ["Qualification", "Needs Analysis", "Proposal/Price Quote", "Closed Lost"], N_ROWS
                ),
            ),
            "Won": np.where(won, "true", "false"),
        }
    )
    truth = {
        "Record Id": "identifier", "Deal Name": "free_text", "Contact Name": "person_name", "Mobile": "phone",
        "Deal Owner": "owner", "Industry": "industry", "Billing City": "state", "PIN Code": "postal_code",
        "Amount": "currency", "Probability (%)": "percentage", "Lead Source": "lead_source",
        "Closing Date": "date", "Description": "free_text", "Stage": "leakage", "Won": "target",
    }  # fmt: skip
    return Export("zoho_in_report", SPLIT, df, truth, seg, "Won", fmt="salesforce-report")


def kintone_ja(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.18, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["健", "陽子", "大輔", "美咲", "翔太", "由美", "誠", "彩"],
        ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本"],
    )
    df = pd.DataFrame(
        {
            "レコード番号": (1 + rng.choice(90_000, N_ROWS, replace=False)).astype(int),
            "氏名": [f"{la}\u3000{f}" for f, la in zip(first, last)],
            "メールアドレス": [f"user{i}.{rng.integers(100, 999)}@kaisha.test" for i in range(N_ROWS)],
            "電話番号": [
                f"0{rng.integers(3, 99)}-{rng.integers(1000, 9999)}-{rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "郵便番号": [f"〒{rng.integers(100, 999)}-{rng.integers(0, 9999):04d}" for _ in range(N_ROWS)],
            "都道府県": _pick(
                rng, seg, ["東京都", "大阪府", "愛知県", "福岡県", "北海道"], [[0], [1, 2], [3, 4]]
            ),
            "業種": _pick(
                rng, seg, ["製造業", "小売業", "情報通信業", "建設業", "医療・福祉"], [[2], [0, 3], [1, 4]]
            ),
            "従業員数": np.where(
                seg == 0,
                rng.integers(300, 5000, N_ROWS),
                np.where(seg == 1, rng.integers(50, 300, N_ROWS), rng.integers(1, 49, N_ROWS)),
            ),
            "年間売上": [
                f"￥{int(x):,}"
                for x in np.where(
                    seg == 0,
                    rng.integers(500, 9000, N_ROWS) * 1_000_000,
                    rng.integers(10, 400, N_ROWS) * 1_000_000,
                )
            ],
            "予算": [
                f"{int(x):,}万円"
                for x in np.where(seg == 0, rng.integers(500, 3000, N_ROWS), rng.integers(20, 400, N_ROWS))
            ],
            "担当者": rng.choice(["中村 浩", "小林 優子", "加藤 隆"], N_ROWS),
            "作成日時": [
                f"2024/{m:02d}/{d:02d} {h:02d}:{mi:02d}"
                for m, d, h, mi in zip(
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(9, 19, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "メモ": [
                rng.choice(
                    [
                        "来週再度訪問予定",
                        "見積書を送付済み、返答待ち",
                        "決裁者は部長、稟議中",
                        "競合他社と比較検討中",
                        "展示会で名刺交換",
                    ]
                )
                + f"（{rng.integers(1, 500)}）"
                for _ in range(N_ROWS)
            ],
            "商談ステータス": np.where(won, "受注", rng.choice(["アプローチ中", "提案中", "失注"], N_ROWS)),
            "成約": np.where(won, "はい", "いいえ"),
        }
    )
    truth = {
        "レコード番号": "identifier", "氏名": "person_name", "メールアドレス": "email", "電話番号": "phone",
        "郵便番号": "postal_code", "都道府県": "state", "業種": "industry", "従業員数": "number",
        "年間売上": "currency", "予算": "currency", "担当者": "owner", "作成日時": "date", "メモ": "free_text",
        "商談ステータス": "leakage", "成約": "target",
    }  # fmt: skip
    return Export("kintone_ja", SPLIT, df, truth, seg, "成約", fmt="csv-cp932")


def _eur_nl(x: float) -> str:
    whole, cents = f"{x:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def odoo_nl(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.55, 0.3, 0.1, 0.02])
    first, last = _names(
        rng,
        N_ROWS,
        ["Daan", "Sanne", "Bram", "Femke", "Thijs", "Lotte", "Joris", "Eva"],
        ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit"],
    )
    df = pd.DataFrame(
        {
            "ID": rng.choice(10**5, N_ROWS, replace=False) + 10**5,
            "KvK-nummer": [f"{x:08d}" for x in rng.choice(10**8, N_ROWS, replace=False)],
            "Contactpersoon": [f"{f} {la}" for f, la in zip(first, last)],
            "E-mailadres": [
                f"{f.lower()}.{la.lower().replace(' ', '')}{i}@bedrijf.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Telefoonnummer": [f"+31 6 {rng.integers(10000000, 99999999)}" for _ in range(N_ROWS)],
            "Straat": [
                f"{rng.choice(['Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Molenweg'])} {rng.integers(1, 250)}"
                for _ in range(N_ROWS)
            ],
            "Postcode": [
                f"{rng.integers(1000, 9999)} {''.join(rng.choice(list('ABCDEGHJKLMNPRSTVWXZ'), 2))}"
                for _ in range(N_ROWS)
            ],
            "Provincie": _pick(
                rng,
                seg,
                ["Noord-Holland", "Zuid-Holland", "Utrecht", "Noord-Brabant", "Gelderland"],
                [[0], [1], [2, 4], [3]],
            ),
            "Sector": _pick(
                rng, seg, ["Zorg", "Bouw", "ICT", "Groothandel", "Onderwijs"], [[2], [1, 3], [0], [4]]
            ),
            "Verwachte omzet": [
                _eur_nl(float(x))
                for x in np.where(
                    seg <= 1, rng.integers(25_000, 250_000, N_ROWS), rng.integers(800, 12_000, N_ROWS)
                )
                + rng.integers(0, 99, N_ROWS) / 100
            ],
            "Kans": [
                f"{x:.1f} %".replace(".", ",")
                for x in np.where(seg % 2 == 0, rng.uniform(40, 90, N_ROWS), rng.uniform(5, 35, N_ROWS))
            ],
            "Verkoper": rng.choice(["Pieter Mulder", "Anouk Dekker", "Ruben Bos", "Iris Peters"], N_ROWS),
            "Aangemaakt op": [
                f"{d:02d}-{m:02d}-2024 {h:02d}:{mi:02d}:{s:02d}"
                for d, m, h, mi, s in zip(
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(8, 18, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Interne notitie": [
                rng.choice(
                    [
                        "Terugbellen na de vakantie",
                        "Wil een offerte voor twee jaar",
                        "Prijs te hoog volgens inkoop",
                        "Demo gepland met IT-afdeling",
                        "Contract loopt af in juni",
                    ]
                )
                + f" ({rng.integers(1, 800)})"
                for _ in range(N_ROWS)
            ],
            "Factuurnummer": np.where(
                won, [f"INV/2024/{x:05d}" for x in rng.choice(10**5, N_ROWS, replace=False)], ""
            ),
            "Gewonnen": np.where(won, "Ja", "Nee"),
        }
    )
    truth = {
        "ID": "identifier", "KvK-nummer": "identifier", "Contactpersoon": "person_name", "E-mailadres": "email",
        "Telefoonnummer": "phone", "Straat": "address", "Postcode": "postal_code", "Provincie": "state",
        "Sector": "industry", "Verwachte omzet": "currency", "Kans": "percentage", "Verkoper": "owner",
        "Aangemaakt op": "date", "Interne notitie": "free_text", "Factuurnummer": "leakage", "Gewonnen": "target",
    }  # fmt: skip
    return Export("odoo_nl", SPLIT, df, truth, seg, "Gewonnen", fmt="csv-semicolon")


def lime_sv(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Erik", "Maja", "Oskar", "Elsa", "Viktor", "Ebba", "Gustav", "Linnea"],
        ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson"],
    )
    nbsp = "\u00a0"
    df = pd.DataFrame(
        {
            "Organisationsnummer": [
                f"556{rng.integers(100, 999)}-{rng.integers(1000, 9999)}" for _ in range(N_ROWS)
            ],
            "Förnamn": first,
            "Efternamn": last,
            "E-post": [
                f"{f.lower()}.{la.lower()}{i}@foretag.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Mobilnummer": [
                f"07{rng.integers(0, 9)}-{rng.integers(100, 999)} {rng.integers(10, 99)} {rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "Postnummer": [f"{rng.integers(100, 985)} {rng.integers(10, 99)}" for _ in range(N_ROWS)],
            "Ort": _pick(
                rng, seg, ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Umeå"], [[0, 3], [1], [2, 4]]
            ),
            "Bransch": _pick(
                rng,
                seg,
                ["Fastighet", "Detaljhandel", "Tillverkning", "Konsult", "Transport"],
                [[3], [1, 4], [0, 2]],
            ),
            "Antal anställda": np.where(
                seg == 0, rng.integers(100, 2000, N_ROWS), rng.integers(1, 80, N_ROWS)
            ),
            "Omsättning": [
                f"{int(x):,} kr".replace(",", nbsp)
                for x in np.where(
                    seg == 0,
                    rng.integers(20_000_000, 400_000_000, N_ROWS),
                    np.where(
                        seg == 1,
                        rng.integers(2_000_000, 15_000_000, N_ROWS),
                        rng.integers(200_000, 1_800_000, N_ROWS),
                    ),
                )
            ],
            "Säljare": rng.choice(["Anna Lindgren", "Johan Berg", "Sara Holm"], N_ROWS),
            "Källa": _pick(
                rng, seg, ["Mässa", "Webbformulär", "Kalla samtal", "Rekommendation"], [[0, 3], [1], [2]]
            ),
            "Senast kontaktad": [
                f"2024-{m:02d}-{d:02d}"
                for m, d in zip(rng.integers(1, 13, N_ROWS), rng.integers(1, 29, N_ROWS))
            ],
            "Anteckning": [
                rng.choice(
                    [
                        "Ring efter semestern",
                        "Vill ha offert på årsavtal",
                        "Beslutsfattare på tjänsteresa",
                        "Jämför med konkurrent",
                        "Intresserad av integration",
                    ]
                )
                + f" ({rng.integers(1, 600)})"
                for _ in range(N_ROWS)
            ],
            "Kundstatus": np.where(
                won, "Kund", rng.choice(["Prospekt", "Kontaktad", "Ej intresserad"], N_ROWS)
            ),
            "Affär vunnen": np.where(won, "Ja", "Nej"),
        }
    )
    truth = {
        "Organisationsnummer": "identifier", "Förnamn": "person_name", "Efternamn": "person_name", "E-post": "email",
        "Mobilnummer": "phone", "Postnummer": "postal_code", "Ort": "state", "Bransch": "industry",
        "Antal anställda": "number", "Omsättning": "currency", "Säljare": "owner", "Källa": "lead_source",
        "Senast kontaktad": "date", "Anteckning": "free_text", "Kundstatus": "leakage", "Affär vunnen": "target",
    }  # fmt: skip
    return Export("lime_sv", SPLIT, df, truth, seg, "Affär vunnen", fmt="tsv-bom")


def hubspot_mx(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.55, 0.25, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Guadalupe", "José Luis", "Ximena", "Diego", "Fernanda", "Emiliano", "Renata", "Iván"],
        ["Hernández", "García", "Ramírez", "Flores", "Cruz", "Reyes", "Morales"],
    )
    letters = list("ABCDEFGHJKLMNPRSTUVWXYZ")
    df = pd.DataFrame(
        {
            "ID del registro": rng.choice(10**10, N_ROWS, replace=False) + 10**10,
            "Nombre del negocio": [
                f"Proyecto {rng.choice(['Norte', 'Centro', 'Bajío', 'Sur'])} {i}" for i in range(N_ROWS)
            ],
            "Contacto asociado": [f"{f} {la}" for f, la in zip(first, last)],
            "RFC": [
                "".join(rng.choice(letters, 4))
                + f"{rng.integers(60, 99)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}"
                + "".join(rng.choice(letters + list("0123456789"), 3))
                for _ in range(N_ROWS)
            ],
            "Teléfono": [
                f"+52 55 {rng.integers(1000, 9999)} {rng.integers(1000, 9999)}" for _ in range(N_ROWS)
            ],
            "Correo": [f"{f.split()[0].lower()}{i}@empresa.test" for i, f in enumerate(first)],
            "Código postal": [f"{x:05d}" for x in rng.integers(1000, 99999, N_ROWS)],
            "Estado": _pick(
                rng,
                seg,
                ["Ciudad de México", "Jalisco", "Nuevo León", "Puebla", "Querétaro"],
                [[0], [2, 4], [1, 3]],
            ),
            "Industria": _pick(
                rng,
                seg,
                ["Automotriz", "Alimentos", "Software", "Construcción", "Turismo"],
                [[0, 3], [2], [1, 4]],
            ),
            "Valor": [
                f"${x:,.2f} MXN"
                for x in np.where(
                    seg == 0,
                    rng.uniform(500_000, 5_000_000, N_ROWS),
                    np.where(
                        seg == 1, rng.uniform(80_000, 450_000, N_ROWS), rng.uniform(5_000, 60_000, N_ROWS)
                    ),
                )
            ],
            "Origen": _pick(
                rng,
                seg,
                ["Búsqueda orgánica", "Redes sociales", "Referencias", "Tráfico directo"],
                [[2], [0, 3], [1]],
            ),
            "Propietario del negocio": rng.choice(
                ["Alejandra Vega", "Ricardo Salinas", "Mónica Ibarra", "Héctor Luna"], N_ROWS
            ),
            "Fecha de creación": [
                f"2024-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:00-06:00"
                for m, d, h, mi in zip(
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(8, 20, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Etapa del negocio": np.where(
                won,
                "Cerrado ganado",
                rng.choice(["Cita programada", "Propuesta enviada", "Cerrado perdido"], N_ROWS),
            ),
            "Ganado": np.where(won, "Verdadero", "Falso"),
        }
    )
    truth = {
        "ID del registro": "identifier", "Nombre del negocio": "free_text", "Contacto asociado": "person_name",
        "RFC": "identifier", "Teléfono": "phone", "Correo": "email", "Código postal": "postal_code", "Estado": "state",
        "Industria": "industry", "Valor": "currency", "Origen": "lead_source", "Propietario del negocio": "owner",
        "Fecha de creación": "date", "Etapa del negocio": "leakage", "Ganado": "target",
    }  # fmt: skip
    return Export("hubspot_mx", SPLIT, df, truth, seg, "Ganado")


SHAPES = (zoho_in_report, kintone_ja, odoo_nl, lime_sv, hubspot_mx)
