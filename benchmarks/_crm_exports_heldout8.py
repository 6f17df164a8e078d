# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Dutch, Russian, French, Hinglish on purpose)
"""An eighth held-out split of synthetic CRM exports (``heldout8``), written before any run.

``heldout7`` was looked at in session 8. These four shapes were written by crm8 (session 9)
and committed before the detectors ran on them; the benchmark prints only this split's
aggregates (no per-column mistakes), so it can stay held out. They cover CRMs and locales no
earlier split has, postal codes of four countries (which must never be printed raw), owners,
leakage columns, locale numbers and an e-mail A/B test column that carries no segment signal:

- ``pipedrive_nl``: a Dutch Pipedrive deals export, semicolon separated, with Pipedrive's
  ``Entity - Field`` headers: ``Persoon - Naam`` (names with ``van``/``de`` particles),
  ``Persoon - E-mail``, ``Persoon - Telefoon`` (``+31 6 1234 5678``), ``Deal - Eigenaar``
  (owner), ``Organisatie - Postcode`` (``1012 AB``), ``Organisatie - Plaats``,
  ``Organisatie - Branche``, ``Deal - Bron``, ``Deal - Waarde`` (``€ 12.345,00``),
  ``Deal - Aangemaakt op`` (``15-03-2024``), ``Mailing variant`` (``A``/``B``, random),
  ``Deal - Fase`` (leakage: ``Gewonnen``), ``Deal gewonnen`` (``Ja``/``Nee``);
- ``bitrix24_ru``: a Russian Bitrix24 leads export in cp1251 with semicolons: ``ID``
  (numbers), ``Имя``, ``Фамилия``, ``Отчество`` (patronymic), ``Мобильный телефон``
  (``+7 916 123-45-67``), ``Рабочий e-mail``, ``Ответственный`` (owner), ``Индекс`` (six
  digits), ``Город``, ``Сфера деятельности``, ``Источник``, ``Сумма`` (``1 234 567,00``
  with a space as thousands separator), ``Дата создания`` (``15.03.2024 10:22:00``),
  ``Статус`` (leakage: ``Сконвертирован``), ``Сделка заключена`` (``Да``/``Нет``);
- ``dynamics_fr``: a French Dynamics 365 Excel export: the data on a ``Prospects`` sheet
  with Dynamics' three ``(Ne pas modifier)`` columns (a GUID, a base64 row checksum, a
  modified-on time), then a hidden ``hiddenSheet``; ``Nom complet``, ``Adresse e-mail``,
  ``Téléphone professionnel`` (``01 23 45 67 89``), ``Propriétaire`` (owner), ``Code
  postal`` (five digits), ``Ville``, ``Secteur d'activité``, ``Origine du prospect``,
  ``Chiffre d'affaires annuel`` (``1 234 567,00 €`` with narrow no-break spaces),
  ``Nombre d'employés``, ``Raison du statut`` (leakage: ``Qualifié``), ``Converti``
  (``Oui``/``Non``);
- ``leadsquared_in``: a LeadSquared export of an Indian ed-tech company, with ``mx_``
  custom fields and Hinglish values: ``Prospect ID`` (UUID), ``First Name``, ``Last Name``,
  ``Email``, ``Mobile Number`` (``+91-9812345678``), ``Owner``, ``mx_Pincode`` (six digits),
  ``mx_City``, ``mx_Course_Interested``, ``mx_Qualification``, ``Source``,
  ``mx_Budget`` (``₹1,20,000``), ``mx_Preferred_Batch`` (``Weekend wala``/``Weekday
  shaam``), ``Counsellor Remarks`` (Hinglish notes), ``Lead Stage`` (leakage: ``Admission
  Done``), ``Admission Liya`` (``Haan``/``Nahi``).
"""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout8"


def _digits(rng: np.random.Generator, width: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, width))


def pipedrive_nl(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.18, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Jan", "Sanne", "Pieter", "Lotte", "Daan", "Femke", "Bram", "Eva", "Thijs", "Anouk"],
        ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Jong", "van Dijk", "Mulder"],
    )
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    df = pd.DataFrame(
        {
            "Deal - ID": [str(x) for x in rng.choice(90000, N_ROWS, replace=False) + 1000],
            "Persoon - Naam": [f"{f} {la}" for f, la in zip(first, last)],
            "Persoon - E-mail": [
                f"{f.lower()}.{la.lower().replace(' ', '')}{i}@bedrijf.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Persoon - Telefoon": [
                f"+31 6 {rng.integers(1000, 9999)} {rng.integers(1000, 9999)}" for _ in range(N_ROWS)
            ],
            "Deal - Eigenaar": rng.choice(["Marieke Hoekstra", "Joost Peters", "Ilse Vermeulen"], N_ROWS),
            "Organisatie - Postcode": [
                f"{rng.integers(1000, 9999)} {rng.choice(list(letters))}{rng.choice(list(letters))}"
                for _ in range(N_ROWS)
            ],
            "Organisatie - Plaats": _pick(
                rng,
                seg,
                ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen"],
                [[0], [1, 2], [3, 4]],
            ),
            "Organisatie - Branche": _pick(
                rng,
                seg,
                ["Zakelijke dienstverlening", "Bouw", "Zorg", "Detailhandel", "ICT"],
                [[4, 0], [1], [2, 3]],
            ),
            "Deal - Bron": _pick(
                rng, seg, ["Website", "Beurs", "Koude acquisitie", "Partner"], [[3], [1], [0, 2]]
            ),
            "Deal - Waarde": [
                "€ " + f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                for x in np.where(seg == 0, rng.uniform(4e4, 4e5, N_ROWS), rng.uniform(800, 2.5e4, N_ROWS))
            ],
            "Deal - Aangemaakt op": [
                f"{d:02d}-{m:02d}-2024"
                for d, m in zip(rng.integers(1, 29, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Mailing variant": rng.choice(["A", "B"], N_ROWS),
            "Deal - Fase": np.where(
                won, "Gewonnen", rng.choice(["Gekwalificeerd", "Offerte verstuurd", "Verloren"], N_ROWS)
            ),
            "Deal gewonnen": np.where(won, "Ja", "Nee"),
        }
    )
    truth = {
        "Deal - ID": "identifier", "Persoon - Naam": "person_name", "Persoon - E-mail": "email",
        "Persoon - Telefoon": "phone", "Deal - Eigenaar": "owner", "Organisatie - Postcode": "postal_code",
        "Organisatie - Plaats": "state", "Organisatie - Branche": "industry", "Deal - Bron": "lead_source",
        "Deal - Waarde": "currency", "Deal - Aangemaakt op": "date", "Mailing variant": "category",
        "Deal - Fase": "leakage", "Deal gewonnen": "target",
    }  # fmt: skip
    return Export("pipedrive_nl", SPLIT, df, truth, seg, "Deal gewonnen", fmt="csv-semicolon")


def bitrix24_ru(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.15, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["Александр", "Елена", "Дмитрий", "Ольга", "Сергей", "Наталья", "Андрей", "Татьяна", "Иван"],
        ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков"],
    )
    patronymic = rng.choice(
        ["Сергеевич", "Андреевна", "Иванович", "Петровна", "Николаевич", "Викторовна"], N_ROWS
    )
    translit = ["aleksandr", "elena", "dmitry", "olga", "sergey", "natalia", "andrey", "tatiana", "ivan"]
    df = pd.DataFrame(
        {
            "ID": [str(x) for x in np.sort(rng.choice(60000, N_ROWS, replace=False)) + 100],
            "Имя": first,
            "Фамилия": last,
            "Отчество": patronymic,
            "Мобильный телефон": [
                f"+7 9{rng.integers(10, 99)} {rng.integers(100, 999)}-{rng.integers(10, 99)}-{rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "Рабочий e-mail": [f"{rng.choice(translit)}{i}@firma.test" for i in range(N_ROWS)],
            "Ответственный": rng.choice(
                ["Виктор Орлов", "Марина Зайцева", "Павел Волков", "Анна Морозова"], N_ROWS
            ),
            "Индекс": [f"{rng.choice([101, 119, 190, 420, 630])}{_digits(rng, 3)}" for _ in range(N_ROWS)],
            "Город": _pick(
                rng,
                seg,
                ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург"],
                [[0], [1, 2], [3, 4]],
            ),
            "Сфера деятельности": _pick(
                rng,
                seg,
                ["Производство", "Торговля", "IT", "Строительство", "Логистика"],
                [[2], [0, 3], [1, 4]],
            ),
            "Источник": _pick(rng, seg, ["Сайт", "Звонок", "Выставка", "Рекомендация"], [[2], [0], [1, 3]]),
            "Сумма": [
                f"{x:,.2f}".replace(",", " ").replace(".", ",")
                for x in np.where(seg == 0, rng.uniform(5e5, 9e6, N_ROWS), rng.uniform(1e4, 3e5, N_ROWS))
            ],
            "Дата создания": [
                f"{d:02d}.{m:02d}.2024 {h:02d}:{mi:02d}:00"
                for d, m, h, mi in zip(
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(8, 20, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Статус": np.where(
                won, "Сконвертирован", rng.choice(["Новый", "В работе", "Некачественный лид"], N_ROWS)
            ),
            "Сделка заключена": np.where(won, "Да", "Нет"),
        }
    )
    truth = {
        "ID": "identifier", "Имя": "person_name", "Фамилия": "person_name", "Отчество": "person_name",
        "Мобильный телефон": "phone", "Рабочий e-mail": "email", "Ответственный": "owner", "Индекс": "postal_code",
        "Город": "state", "Сфера деятельности": "industry", "Источник": "lead_source", "Сумма": "currency",
        "Дата создания": "date", "Статус": "leakage", "Сделка заключена": "target",
    }  # fmt: skip
    return Export("bitrix24_ru", SPLIT, df, truth, seg, "Сделка заключена", fmt="csv-cp1251-semicolon")


def dynamics_fr(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.06])
    first, last = _names(
        rng,
        N_ROWS,
        ["Camille", "Louis", "Manon", "Hugo", "Chloé", "Lucas", "Inès", "Théo", "Juliette"],
        ["Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Laurent", "Girard", "Roux"],
    )
    nnbsp = "\u202f"
    guids = [
        "-".join(f"{int(rng.integers(0, 16**w)):0{w}x}" for w in (8, 4, 4, 4, 12)) for _ in range(N_ROWS)
    ]
    df = pd.DataFrame(
        {
            "(Ne pas modifier) Prospect": guids,
            "(Ne pas modifier) Somme de contrôle de ligne": [
                base64.b64encode(rng.bytes(60)).decode() for _ in range(N_ROWS)
            ],
            "(Ne pas modifier) Modifié le": [
                f"{d:02d}/{m:02d}/2024 {h:02d}:{mi:02d}"
                for d, m, h, mi in zip(
                    rng.integers(1, 29, N_ROWS),
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(8, 19, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Nom complet": [f"{f} {la}" for f, la in zip(first, last)],
            "Adresse e-mail": [
                f"{f.lower()}.{la.lower()}{i}@societe.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Téléphone professionnel": [
                f"0{rng.integers(1, 6)} {rng.integers(10, 99)} {rng.integers(10, 99)} {rng.integers(10, 99)} {rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "Propriétaire": rng.choice(
                ["Nathalie Fontaine", "Olivier Mercier", "Sophie Garnier", "Julien Faure"], N_ROWS
            ),
            "Code postal": [
                f"{rng.choice([75, 69, 13, 31, 33, 59])}{_digits(rng, 3)}" for _ in range(N_ROWS)
            ],
            "Ville": _pick(
                rng,
                seg,
                ["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille"],
                [[0], [1, 5], [2, 3, 4]],
            ),
            "Secteur d'activité": _pick(
                rng,
                seg,
                ["Services financiers", "Industrie", "Commerce de détail", "Santé", "Hôtellerie"],
                [[0], [1, 3], [2, 4]],
            ),
            "Origine du prospect": _pick(
                rng, seg, ["Publicité", "Recommandation", "Salon", "Site web", "Autre"], [[1], [2], [0, 3]]
            ),
            "Chiffre d'affaires annuel": [
                f"{x:,.2f}".replace(",", nnbsp).replace(".", ",") + f"{nnbsp}€"
                for x in np.where(seg == 0, rng.uniform(5e6, 8e7, N_ROWS), rng.uniform(1e5, 2e6, N_ROWS))
            ],
            "Nombre d'employés": np.where(
                seg == 0, rng.integers(250, 4000, N_ROWS), rng.integers(2, 90, N_ROWS)
            ),
            "Raison du statut": np.where(
                won, "Qualifié", rng.choice(["Nouveau", "Contacté", "Disqualifié"], N_ROWS)
            ),
            "Converti": np.where(won, "Oui", "Non"),
        }
    )
    truth = {
        "(Ne pas modifier) Prospect": "identifier", "(Ne pas modifier) Somme de contrôle de ligne": "identifier",
        "(Ne pas modifier) Modifié le": "date", "Nom complet": "person_name", "Adresse e-mail": "email",
        "Téléphone professionnel": "phone", "Propriétaire": "owner", "Code postal": "postal_code", "Ville": "state",
        "Secteur d'activité": "industry", "Origine du prospect": "lead_source", "Chiffre d'affaires annuel": "currency",
        "Nombre d'employés": "number", "Raison du statut": "leakage", "Converti": "target",
    }  # fmt: skip
    return Export("dynamics_fr", SPLIT, df, truth, seg, "Converti", fmt="excel-dynamics")


def leadsquared_in(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.4, 0.15, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["Rohit", "Pooja", "Aman", "Neha", "Karan", "Simran", "Vikas", "Anjali", "Deepak", "Ritu"],
        ["Verma", "Gupta", "Singh", "Yadav", "Chauhan", "Mishra", "Jain", "Agarwal"],
    )
    remarks = [
        "call back kal shaam ko", "fees thoda zyada lag raha hai", "papa se baat karke batayega",
        "demo class attend kiya, interested hai", "abhi exam chal rahe hain, next month", "EMI option poocha",
        "number busy aa raha tha", "weekend batch chahiye",
    ]  # fmt: skip
    budget = np.where(seg == 0, rng.integers(8, 30, N_ROWS) * 10000, rng.integers(1, 7, N_ROWS) * 5000)
    df = pd.DataFrame(
        {
            "Prospect ID": [
                "-".join(f"{int(rng.integers(0, 16**w)):0{w}x}" for w in (8, 4, 4, 4, 12))
                for _ in range(N_ROWS)
            ],
            "First Name": first,
            "Last Name": last,
            "Email": [f"{f.lower()}{la.lower()}{i}@gmail.test" for i, (f, la) in enumerate(zip(first, last))],
            "Mobile Number": [
                f"+91-{rng.choice([98, 97, 88, 79, 70])}{_digits(rng, 8)}" for _ in range(N_ROWS)
            ],
            "Owner": rng.choice(["Sunita Rawat", "Manish Tiwari", "Kavya Nair", "Arjun Mehta"], N_ROWS),
            "mx_Pincode": [
                f"{rng.choice([110, 226, 302, 400, 560, 800])}{_digits(rng, 3)}" for _ in range(N_ROWS)
            ],
            "mx_City": _pick(
                rng,
                seg,
                ["Delhi", "Lucknow", "Jaipur", "Mumbai", "Bengaluru", "Patna"],
                [[3, 4], [0, 2], [1, 5]],
            ),
            "mx_Course_Interested": _pick(
                rng,
                seg,
                [
                    "Data Science",
                    "Full Stack Development",
                    "UPSC Foundation",
                    "NEET Crash Course",
                    "Spoken English",
                ],
                [[0, 1], [2], [3, 4]],
            ),
            "mx_Qualification": _pick(
                rng, seg, ["B.Tech", "Graduate", "12th Pass", "10th Pass"], [[0], [1], [2, 3]]
            ),
            "Source": _pick(
                rng,
                seg,
                ["Google Ads", "Facebook Ads", "Walk-in", "Referral", "YouTube"],
                [[0], [4, 3], [1, 2]],
            ),
            "mx_Budget": [
                f"₹{x // 100000},{(x // 1000) % 100:02d},{x % 1000:03d}"
                if x >= 100000
                else f"₹{x // 1000},{x % 1000:03d}"
                for x in budget
            ],
            "mx_Preferred_Batch": _pick(
                rng, seg, ["Weekend wala", "Weekday shaam", "Weekday subah"], [[0], [1], [2]]
            ),
            "Counsellor Remarks": [
                f"{rng.choice(remarks)}; {rng.choice(remarks)} ({i})" for i in range(N_ROWS)
            ],
            "Lead Stage": np.where(
                won, "Admission Done", rng.choice(["Prospect", "Counselling Done", "Not Interested"], N_ROWS)
            ),
            "Admission Liya": np.where(won, "Haan", "Nahi"),
        }
    )
    truth = {
        "Prospect ID": "identifier", "First Name": "person_name", "Last Name": "person_name", "Email": "email",
        "Mobile Number": "phone", "Owner": "owner", "mx_Pincode": "postal_code", "mx_City": "state",
        "mx_Course_Interested": "category", "mx_Qualification": "education", "Source": "lead_source",
        "mx_Budget": "currency", "mx_Preferred_Batch": "category", "Counsellor Remarks": "free_text",
        "Lead Stage": "leakage", "Admission Liya": "target",
    }  # fmt: skip
    return Export("leadsquared_in", SPLIT, df, truth, seg, "Admission Liya")


SHAPES = (pipedrive_nl, bitrix24_ru, dynamics_fr, leadsquared_in)
