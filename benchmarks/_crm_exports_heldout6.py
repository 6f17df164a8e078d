# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Hungarian, Vietnamese, Indonesian, Finnish, Czech, Swahili on purpose)
"""A sixth held-out split of synthetic CRM exports (``heldout6``), written before any run.

``heldout5`` was looked at in session 7. These three shapes were written by crm6 (session 7,
second wave) and committed before the detectors ran on them. They test personal data in
languages no name list covers, beside *confounders*: category columns whose values are two
capitalised words (plans, regions, channels, industries, products, cities), which must stay
categories:

- ``salesforce_hu``: a Hungarian export (family name first: ``Kovács Bence``) with
  ``Kapcsolattartó`` (person), ``Felelős`` (owner, four names), categories ``Csomag``
  (``Prémium Csomag``...), ``Megye`` (``Pest Megye``...), ``Értékesítési csatorna``;
- ``odoo_vi_id``: a Vietnamese/Indonesian export with three-part Vietnamese names under
  ``Người liên hệ``, Indonesian ``PIC`` (owner) names, categories ``Kota`` (``Ho Chi Minh``,
  ``Da Nang``...), ``Industri`` (``Jasa Keuangan``...), ``Produk`` (``Paket Dasar``...);
- ``pipedrive_fi_cz``: a Finnish/Czech export with ``Yhteyshenkilö`` (person), ``Vastuuhenkilö``
  (owner, Czech/Swahili names), ``Kenen kanssa puhuttu`` (person), categories ``Alue``
  (``Uusimaa Etelä``...), ``Toimiala`` (``Tukku Kauppa``...), ``Kanava`` (``Suora Myynti``...).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout6"


def salesforce_hu(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.05])
    given, family = _names(
        rng,
        N_ROWS,
        ["Bence", "Réka", "Levente", "Zsófia", "Csaba", "Ildikó", "Gergő", "Enikő", "Botond"],
        ["Kovács", "Szabó", "Tóth", "Varga", "Horváth", "Kiss", "Molnár", "Németh"],
    )
    df = pd.DataFrame(
        {
            "Azonosító": [f"HU-{x}" for x in rng.choice(10**6, N_ROWS, replace=False) + 10**5],
            "Kapcsolattartó": [f"{fa} {g}" for g, fa in zip(given, family)],
            "Telefonszám": [
                f"+36 {rng.integers(20, 70)} {rng.integers(100, 999)} {rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "Csomag": _pick(
                rng,
                seg,
                ["Prémium Csomag", "Alap Csomag", "Üzleti Csomag", "Egyedi Megoldás"],
                [[0], [1], [2, 3]],
            ),
            "Megye": _pick(
                rng,
                seg,
                ["Pest Megye", "Győr-Moson-Sopron", "Hajdú-Bihar", "Baranya Megye", "Csongrád-Csanád"],
                [[0, 1], [2], [3, 4]],
            ),
            "Értékesítési csatorna": _pick(
                rng,
                seg,
                ["Közvetlen Értékesítés", "Online Hirdetés", "Partner Ajánlás", "Vásár"],
                [[0], [1], [2, 3]],
            ),
            "Felelős": rng.choice(["Farkas Dániel", "Balogh Nóra", "Papp Ádám", "Takács Viktória"], N_ROWS),
            "Várható érték (Ft)": np.where(
                seg == 0, rng.uniform(2e6, 9e6, N_ROWS), rng.uniform(1e5, 1.5e6, N_ROWS)
            )
            .round(0)
            .astype(int),
            "Megnyert": np.where(won, "Igen", "Nem"),
        }
    )
    truth = {
        "Azonosító": "identifier", "Kapcsolattartó": "person_name", "Telefonszám": "phone", "Csomag": "category",
        "Megye": "state", "Értékesítési csatorna": "lead_source", "Felelős": "owner", "Várható érték (Ft)": "number",
        "Megnyert": "target",
    }  # fmt: skip
    return Export("salesforce_hu", SPLIT, df, truth, seg, "Megnyert")


def odoo_vi_id(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.15, 0.05])
    fam, given = _names(
        rng,
        N_ROWS,
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"],
        ["Thị Lan", "Văn Hùng", "Minh Tuấn", "Thu Hà", "Quốc Bảo", "Ngọc Anh", "Đức Thắng"],
    )
    df = pd.DataFrame(
        {
            "Mã": [f"S{x:05d}" for x in rng.choice(10**5, N_ROWS, replace=False)],
            "Người liên hệ": [f"{f} {g}" for f, g in zip(fam, given)],
            "Kota": _pick(
                rng,
                seg,
                ["Ho Chi Minh", "Da Nang", "Ha Noi", "Jakarta Selatan", "Bandung Barat"],
                [[0], [1, 2], [3, 4]],
            ),
            "Industri": _pick(
                rng,
                seg,
                ["Jasa Keuangan", "Manufaktur Tekstil", "Ritel Modern", "Logistik Darat"],
                [[0], [1, 3], [2]],
            ),
            "Produk": _pick(rng, seg, ["Paket Dasar", "Paket Bisnis", "Paket Korporat"], [[2], [1], [0]]),
            "PIC": rng.choice(["Budi Santoso", "Siti Rahayu", "Agus Wijaya", "Dewi Lestari"], N_ROWS),
            "Doanh thu dự kiến": np.where(
                seg == 0, rng.uniform(5e7, 5e8, N_ROWS), rng.uniform(1e6, 4e7, N_ROWS)
            )
            .round(-3)
            .astype(int),
            "Thành công": np.where(won, "Có", "Không"),
        }
    )
    truth = {
        "Mã": "identifier", "Người liên hệ": "person_name", "Kota": "state", "Industri": "industry", "Produk": "category",
        "PIC": "owner", "Doanh thu dự kiến": "number", "Thành công": "target",
    }  # fmt: skip
    return Export("odoo_vi_id", SPLIT, df, truth, seg, "Thành công")


def pipedrive_fi_cz(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.25, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Aino", "Eetu", "Veera", "Onni", "Iida", "Leevi", "Helmi"],
        ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Heikkinen", "Koskinen"],
    )
    first2, last2 = _names(
        rng,
        N_ROWS,
        ["Jiří", "Tereza", "Lukáš", "Markéta", "Ondřej"],
        ["Novák", "Dvořák", "Procházka", "Černá", "Veselý"],
    )
    df = pd.DataFrame(
        {
            "Tunnus": [f"{x}" for x in rng.choice(10**6, N_ROWS, replace=False) + 10**6],
            "Yhteyshenkilö": [f"{f} {la}" for f, la in zip(first, last)],
            "Kenen kanssa puhuttu": [f"{f} {la}" for f, la in zip(first2, last2)],
            "Sähköposti": [f"{f.lower()}.{i}@yritys.test" for i, f in enumerate(last)],
            "Alue": _pick(
                rng,
                seg,
                ["Uusimaa Etelä", "Pirkanmaa Keski", "Lappi Pohjoinen", "Varsinais Suomi"],
                [[0], [1, 3], [2]],
            ),
            "Toimiala": _pick(
                rng,
                seg,
                ["Tukku Kauppa", "Rakennus Ala", "Julkinen Sektori", "Terveys Palvelut"],
                [[1], [0, 3], [2]],
            ),
            "Kanava": _pick(
                rng, seg, ["Suora Myynti", "Verkko Kauppa", "Kumppani Verkosto"], [[0], [1], [2]]
            ),
            "Vastuuhenkilö": rng.choice(
                ["Amani Mwangi", "Petra Svobodová", "Juma Otieno", "Kateřina Horáková"], N_ROWS
            ),
            "Arvo (€)": np.where(
                seg == 0, rng.uniform(20_000, 90_000, N_ROWS), rng.uniform(1_000, 15_000, N_ROWS)
            ).round(2),
            "Voitettu": np.where(won, "Kyllä", "Ei"),
        }
    )
    truth = {
        "Tunnus": "identifier", "Yhteyshenkilö": "person_name", "Kenen kanssa puhuttu": "person_name", "Sähköposti": "email",
        "Alue": "state", "Toimiala": "industry", "Kanava": "lead_source", "Vastuuhenkilö": "owner", "Arvo (€)": "currency",
        "Voitettu": "target",
    }  # fmt: skip
    return Export("pipedrive_fi_cz", SPLIT, df, truth, seg, "Voitettu", fmt="csv-semicolon")


SHAPES = (salesforce_hu, odoo_vi_id, pipedrive_fi_cz)
