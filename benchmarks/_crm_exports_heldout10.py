# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Greek, Hebrew, Thai, Norwegian, Swiss German on purpose)
"""A tenth held-out split of synthetic CRM exports (``heldout10``), written before any run.

``heldout9`` was measured (and opened) in session 10. These five shapes were written by
crm10 (session 11) and committed alone, before any detector ran on them; the benchmark
prints only this split's aggregates, so it can stay held out. They cover CRMs, scripts and
locales no earlier split has (Insightly, SugarCRM, Zendesk Sell, Copper, monday.com; Greek,
Hebrew, Thai, Norwegian, Swiss German) and traps no earlier split planted: a legacy 8-bit
Hebrew code page with a quote inside a header, Buddhist-era dates (year 2567), a Thai
national ID, personal data inside JSON-list cells of an API export, creation and closing
times as bare epoch seconds, Swiss ``CHF 12'345.50`` amounts and AHV numbers, and an Excel
board export whose header row is repeated above every group of rows (with a group title
line before it). Personal columns whatever their truth role are in :attr:`Export.personal`.

- ``insightly_gr``: a Greek Insightly leads export (UTF-8): ``Αναγνωριστικό`` (8 digits),
  ``Όνομα``/``Επώνυμο``, ``Email``, ``Κινητό`` (``69x xxx xxxx``), ``Υπεύθυνος`` (owner),
  ``ΑΦΜ`` (9-digit tax number), ``Διεύθυνση`` (``Ερμού 25``), ``Τ.Κ.`` (``105 63``),
  ``Περιοχή``, ``Κλάδος``, ``Πηγή``, ``Εκτιμώμενη αξία`` (``12.345,67 €``),
  ``Ημερομηνία δημιουργίας`` (``15/03/2024``), ``Κατάσταση`` (leakage: ``Κερδισμένη``),
  ``Κλείσιμο`` (``Ναι``/``Όχι``);
- ``sugarcrm_he``: a Hebrew SugarCRM leads export in Windows-1255: ``שם פרטי``,
  ``שם משפחה``, ``דוא"ל`` (a quote inside the header), ``טלפון נייד`` (``050-1234567``),
  ``מספר זהות`` (9 digits), ``כתובת`` (``רחוב הרצל 12``), ``מיקוד`` (7 digits), ``עיר``,
  ``תחום``, ``מקור``, ``הכנסה שנתית`` (``₪1,234,567``), ``נציג מכירות`` (owner),
  ``תאריך יצירה`` (``15/03/2024``), ``סטטוס`` (leakage: ``הומר``), ``נסגר`` (``כן``/``לא``);
- ``zendesk_sell_th``: a Thai Zendesk Sell deals export: ``ชื่อ``/``นามสกุล``, ``อีเมล``,
  ``โทรศัพท์`` (``081-234-5678``), ``เลขประจำตัวประชาชน`` (``1-2345-67890-12-3``),
  ``วันเกิด`` (Buddhist era ``12/04/2528``), ``ที่อยู่`` (``123/45 ถนนสุขุมวิท``),
  ``รหัสไปรษณีย์`` (5 digits), ``จังหวัด``, ``อุตสาหกรรม``, ``แหล่งที่มา``, ``มูลค่าดีล``
  (``฿1,234,567.00``), ``ผู้รับผิดชอบ`` (owner), ``วันที่สร้าง`` (Buddhist era with a time),
  ``สถานะ`` (leakage: ``ชนะ``), ``ปิดการขาย`` (``ใช่``/``ไม่ใช่``);
- ``copper_api_no``: a Norwegian Copper API export flattened to CSV: ``id`` (integers),
  ``name`` (full names), ``emails`` and ``phone_numbers`` (JSON lists of objects, as the
  API gives them), ``assignee_id`` (integers), ``date_created`` (epoch seconds),
  ``address.postal_code`` (``0150``, four digits), ``address.city``,
  ``custom_fields.Bransje``, ``custom_fields.Kilde``, ``monetary_value`` (plain numbers),
  ``custom_fields.Fødselsnummer`` (11 digits), ``status`` (leakage: ``Won``),
  ``close_date`` (epoch seconds, only when won: leakage by association),
  ``custom_fields.Kunde`` (``Ja``/``Nei``);
- ``monday_ch``: a Swiss German monday.com board exported to Excel: a board title line,
  then per group a group title line, the header row and the group's items, a blank line
  between groups (groups are months, unrelated to the outcome): ``Name`` (the person),
  ``Person`` (owner), ``E-Mail``, ``Telefon`` (``+41 79 123 45 67``), ``PLZ`` (4 digits),
  ``Ort``, ``Kanton`` (``ZH``, ``BE``...), ``Branche``, ``Quelle``, ``Umsatz``
  (``CHF 12'345.50``), ``AHV-Nr.`` (``756.1234.5678.97``), ``Erstellt`` (``2024-03-15``),
  ``Status`` (leakage: ``Gewonnen``), ``Abschluss`` (``Ja``/``Nein``).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout10"


def _digits(rng: np.random.Generator, width: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, width))


def _dob(rng: np.random.Generator, fmt: str, era: int = 0) -> str:
    y, m, d = int(rng.integers(1960, 2004)) + era, int(rng.integers(1, 13)), int(rng.integers(1, 29))
    return fmt.format(y=y, m=m, d=d)


def _created(rng: np.random.Generator) -> pd.Series:
    return pd.Timestamp("2024-01-02") + pd.to_timedelta(rng.integers(0, 300 * 86400, N_ROWS), unit="s")


def _eur_gr(x: float) -> str:
    return f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " €"


def insightly_gr(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        [
            "Γιώργος",
            "Μαρία",
            "Νίκος",
            "Ελένη",
            "Κώστας",
            "Αικατερίνη",
            "Δημήτρης",
            "Σοφία",
            "Γιάννης",
            "Αναστασία",
        ],
        [
            "Παπαδόπουλος",
            "Παπαδοπούλου",
            "Νικολάου",
            "Γεωργίου",
            "Βασιλείου",
            "Οικονόμου",
            "Κωνσταντίνου",
            "Αθανασίου",
        ],
    )
    translit = ["giorgos", "maria", "nikos", "eleni", "kostas", "katerina", "dimitris", "sofia"]
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Αναγνωριστικό": [str(x) for x in rng.choice(9 * 10**7, N_ROWS, replace=False) + 10**7],
            "Όνομα": first,
            "Επώνυμο": last,
            "Email": [f"{rng.choice(translit)}.{i}@etairia.test" for i in range(N_ROWS)],
            "Κινητό": [f"69{rng.integers(0, 10)} {_digits(rng, 3)} {_digits(rng, 4)}" for _ in range(N_ROWS)],
            "Υπεύθυνος": rng.choice(["Χρήστος Αλεξίου", "Βάσω Μιχαηλίδου", "Πέτρος Σταύρου"], N_ROWS),
            "ΑΦΜ": [f"{rng.integers(0, 2)}{_digits(rng, 8)}" for _ in range(N_ROWS)],
            "Διεύθυνση": [
                f"{rng.choice(['Ερμού', 'Σταδίου', 'Πανεπιστημίου', 'Τσιμισκή', 'Εγνατίας'])} {rng.integers(1, 200)}"
                for _ in range(N_ROWS)
            ],
            "Τ.Κ.": [
                f"{rng.choice(['105', '106', '115', '546', '262'])} {_digits(rng, 2)}" for _ in range(N_ROWS)
            ],
            "Περιοχή": _pick(
                rng,
                seg,
                ["Αττική", "Κεντρική Μακεδονία", "Κρήτη", "Δυτική Ελλάδα", "Θεσσαλία"],
                [[0], [1, 3], [2, 4]],
            ),
            "Κλάδος": _pick(
                rng,
                seg,
                ["Τουρισμός", "Ναυτιλία", "Λιανεμπόριο", "Τρόφιμα", "Πληροφορική"],
                [[4, 1], [0], [2, 3]],
            ),
            "Πηγή": _pick(
                rng,
                seg,
                ["Ιστοσελίδα", "Σύσταση", "Έκθεση", "LinkedIn", "Τηλεφωνική επαφή"],
                [[3, 0], [1], [2, 4]],
            ),
            "Εκτιμώμενη αξία": [
                _eur_gr(x)
                for x in np.where(seg == 0, rng.uniform(5e4, 6e5, N_ROWS), rng.uniform(800, 3e4, N_ROWS))
            ],
            "Ημερομηνία δημιουργίας": created.strftime("%d/%m/%Y"),
            "Κατάσταση": np.where(won, "Κερδισμένη", rng.choice(["Νέα", "Σε επαφή", "Χαμένη"], N_ROWS)),
            "Κλείσιμο": np.where(won, "Ναι", "Όχι"),
        }
    )
    truth = {
        "Αναγνωριστικό": "identifier", "Όνομα": "person_name", "Επώνυμο": "person_name", "Email": "email",
        "Κινητό": "phone", "Υπεύθυνος": "owner", "ΑΦΜ": "identifier", "Διεύθυνση": "address",
        "Τ.Κ.": "postal_code", "Περιοχή": "state", "Κλάδος": "industry", "Πηγή": "lead_source",
        "Εκτιμώμενη αξία": "currency", "Ημερομηνία δημιουργίας": "date", "Κατάσταση": "leakage",
        "Κλείσιμο": "target",
    }  # fmt: skip
    return Export("insightly_gr_h10", SPLIT, df, truth, seg, "Κλείσιμο", personal=["ΑΦΜ"])


def sugarcrm_he(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.15, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["יוסי", "מיכל", "אבי", "נועה", "דני", "שירה", "רון", "תמר", "איתי", "יעל"],
        ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם", "פרידמן", "אזולאי"],
    )
    latin = ["yossi", "michal", "avi", "noa", "dani", "shira", "ron", "tamar"]
    created = _created(rng)
    df = pd.DataFrame(
        {
            "שם פרטי": first,
            "שם משפחה": last,
            'דוא"ל': [f"{rng.choice(latin)}{i}@hevra.test" for i in range(N_ROWS)],
            "טלפון נייד": [f"05{rng.choice([0, 2, 3, 4, 8])}-{_digits(rng, 7)}" for _ in range(N_ROWS)],
            "מספר זהות": [_digits(rng, 9) for _ in range(N_ROWS)],
            "כתובת": [
                f"{rng.choice(['רחוב הרצל', 'שדרות רוטשילד', 'רחוב ויצמן', 'דרך בגין'])} {rng.integers(1, 180)}"
                for _ in range(N_ROWS)
            ],
            "מיקוד": [f"{rng.choice([61, 94, 31, 84])}{_digits(rng, 5)}" for _ in range(N_ROWS)],
            "עיר": _pick(rng, seg, ["תל אביב", "ירושלים", "חיפה", "באר שבע", "נתניה"], [[0], [1, 3], [2, 4]]),
            "תחום": _pick(rng, seg, ["הייטק", 'נדל"ן', "קמעונאות", "בריאות", "חינוך"], [[0], [1, 2], [3, 4]]),
            "מקור": _pick(rng, seg, ["אתר", "פייסבוק", "המלצה", "כנס", "גוגל"], [[4, 3], [1], [2, 0]]),
            "הכנסה שנתית": [
                f"₪{int(x):,}"
                for x in np.where(
                    seg == 0, rng.integers(2, 40, N_ROWS) * 10**6, rng.integers(80, 900, N_ROWS) * 10**3
                )
            ],
            "נציג מכירות": rng.choice(["אורית שמעוני", "עמית גולן", "הילה ברק"], N_ROWS),
            "תאריך יצירה": created.strftime("%d/%m/%Y"),
            "סטטוס": np.where(won, "הומר", rng.choice(["חדש", "בטיפול", "לא רלוונטי"], N_ROWS)),
            "נסגר": np.where(won, "כן", "לא"),
        }
    )
    truth = {
        "שם פרטי": "person_name", "שם משפחה": "person_name", 'דוא"ל': "email", "טלפון נייד": "phone",
        "מספר זהות": "identifier", "כתובת": "address", "מיקוד": "postal_code", "עיר": "state",
        "תחום": "industry", "מקור": "lead_source", "הכנסה שנתית": "currency", "נציג מכירות": "owner",
        "תאריך יצירה": "date", "סטטוס": "leakage", "נסגר": "target",
    }  # fmt: skip
    return Export("sugarcrm_he_h10", SPLIT, df, truth, seg, "נסגר", fmt="csv-cp1255", personal=["מספר זהות"])


def zendesk_sell_th(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.22, 0.06])
    first, last = _names(
        rng,
        N_ROWS,
        ["สมชาย", "สมหญิง", "วิชัย", "มาลี", "ประเสริฐ", "สุนีย์", "อนุชา", "กานดา", "ธนพล", "พรทิพย์"],
        ["ศรีสุข", "วงศ์ใหญ่", "แสงทอง", "บุญมา", "ทองดี", "จันทร์เพ็ญ", "สุขสวัสดิ์", "รัตนวงศ์"],
    )
    latin = ["somchai", "somying", "wichai", "malee", "prasert", "sunee", "anucha", "kanda"]
    created = _created(rng)
    df = pd.DataFrame(
        {
            "ชื่อ": first,
            "นามสกุล": last,
            "อีเมล": [f"{rng.choice(latin)}.{i}@borisat.test" for i in range(N_ROWS)],
            "โทรศัพท์": [
                f"0{rng.choice([81, 86, 89, 92, 95])}-{_digits(rng, 3)}-{_digits(rng, 4)}"
                for _ in range(N_ROWS)
            ],
            "เลขประจำตัวประชาชน": [
                f"{rng.integers(1, 9)}-{_digits(rng, 4)}-{_digits(rng, 5)}-{_digits(rng, 2)}-{_digits(rng, 1)}"
                for _ in range(N_ROWS)
            ],
            "วันเกิด": [_dob(rng, "{d:02d}/{m:02d}/{y}", era=543) for _ in range(N_ROWS)],
            "ที่อยู่": [
                f"{rng.integers(1, 999)}/{rng.integers(1, 99)} {rng.choice(['ถนนสุขุมวิท', 'ถนนพหลโยธิน', 'ถนนเพชรบุรี', 'ถนนนิมมานเหมินท์'])}"
                for _ in range(N_ROWS)
            ],
            "รหัสไปรษณีย์": [f"{rng.choice(['10', '50', '20', '83'])}{_digits(rng, 3)}" for _ in range(N_ROWS)],
            "จังหวัด": _pick(
                rng, seg, ["กรุงเทพมหานคร", "เชียงใหม่", "ชลบุรี", "ภูเก็ต", "ขอนแก่น"], [[0], [1, 4], [2, 3]]
            ),
            "อุตสาหกรรม": _pick(
                rng, seg, ["การผลิต", "ค้าปลีก", "ท่องเที่ยว", "อสังหาริมทรัพย์", "เทคโนโลยี"], [[0, 4], [1], [2, 3]]
            ),
            "แหล่งที่มา": _pick(
                rng, seg, ["เว็บไซต์", "LINE OA", "งานแสดงสินค้า", "แนะนำ", "Facebook"], [[2, 0], [1, 4], [3]]
            ),
            "มูลค่าดีล": [
                f"฿{x:,.2f}"
                for x in np.where(seg == 0, rng.uniform(5e5, 9e6, N_ROWS), rng.uniform(1e4, 3e5, N_ROWS))
            ],
            "ผู้รับผิดชอบ": rng.choice(["นภัสสร ใจดี", "ชัยวัฒน์ มั่นคง", "ปิยะพงษ์ ศรีเมือง"], N_ROWS),
            "วันที่สร้าง": [
                f"{t.day:02d}/{t.month:02d}/{t.year + 543} {t.hour:02d}:{t.minute:02d}" for t in created
            ],
            "สถานะ": np.where(won, "ชนะ", rng.choice(["ใหม่", "กำลังเจรจา", "แพ้"], N_ROWS)),
            "ปิดการขาย": np.where(won, "ใช่", "ไม่ใช่"),
        }
    )
    truth = {
        "ชื่อ": "person_name", "นามสกุล": "person_name", "อีเมล": "email", "โทรศัพท์": "phone",
        "เลขประจำตัวประชาชน": "identifier", "วันเกิด": "date", "ที่อยู่": "address",
        "รหัสไปรษณีย์": "postal_code", "จังหวัด": "state", "อุตสาหกรรม": "industry",
        "แหล่งที่มา": "lead_source", "มูลค่าดีล": "currency", "ผู้รับผิดชอบ": "owner",
        "วันที่สร้าง": "date", "สถานะ": "leakage", "ปิดการขาย": "target",
    }  # fmt: skip
    personal = ["เลขประจำตัวประชาชน", "วันเกิด"]
    return Export("zendesk_sell_th_h10", SPLIT, df, truth, seg, "ปิดการขาย", personal=personal)


def copper_api_no(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Ola", "Kari", "Lars", "Ingrid", "Magnus", "Sigrid", "Henrik", "Solveig", "Eirik", "Astrid"],
        ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen"],
    )
    created = np.asarray((_created(rng) - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1))
    close = created + rng.integers(5, 90, N_ROWS) * 86400
    df = pd.DataFrame(
        {
            "id": rng.choice(9 * 10**7, N_ROWS, replace=False) + 10**7,
            "name": [f"{f} {la}" for f, la in zip(first, last)],
            "emails": [
                json.dumps([{"email": f"{f.lower()}.{la.lower()}{i}@firma.test", "category": "work"}])
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "phone_numbers": [
                json.dumps(
                    [
                        {
                            "number": f"+47 {rng.choice([4, 9])}{_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 3)}",
                            "category": "mobile",
                        }
                    ]
                )
                for _ in range(N_ROWS)
            ],
            "assignee_id": rng.choice([412233, 412240, 598812, 601177], N_ROWS),
            "date_created": created,
            "address.postal_code": [
                f"{rng.choice(['0', '5', '7', '9'])}{_digits(rng, 3)}" for _ in range(N_ROWS)
            ],
            "address.city": _pick(
                rng, seg, ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"], [[0], [1, 3], [2, 4]]
            ),
            "custom_fields.Bransje": _pick(
                rng,
                seg,
                ["Olje og gass", "Sjømat", "Programvare", "Bygg og anlegg", "Detaljhandel"],
                [[0, 2], [1], [3, 4]],
            ),
            "custom_fields.Kilde": _pick(
                rng,
                seg,
                ["Nettside", "Messe", "Henvisning", "Kald e-post", "LinkedIn"],
                [[1, 2], [0], [3, 4]],
            ),
            "monetary_value": np.where(
                seg == 0, rng.integers(200, 3000, N_ROWS) * 1000, rng.integers(5, 150, N_ROWS) * 1000
            ),
            "custom_fields.Fødselsnummer": [
                f"{rng.integers(1, 29):02d}{rng.integers(1, 13):02d}{rng.integers(60, 100)}{_digits(rng, 5)}"
                for _ in range(N_ROWS)
            ],
            "status": np.where(won, "Won", rng.choice(["Open", "Lost", "Abandoned"], N_ROWS)),
            "close_date": np.where(won, close.astype(str), ""),
            "custom_fields.Kunde": np.where(won, "Ja", "Nei"),
        }
    )
    truth = {
        "id": "identifier", "name": "person_name", "emails": "email", "phone_numbers": "phone",
        "assignee_id": "identifier", "date_created": "date", "address.postal_code": "postal_code",
        "address.city": "state", "custom_fields.Bransje": "industry", "custom_fields.Kilde": "lead_source",
        "monetary_value": "currency", "custom_fields.Fødselsnummer": "identifier", "status": "leakage",
        "close_date": "leakage", "custom_fields.Kunde": "target",
    }  # fmt: skip
    personal = ["custom_fields.Fødselsnummer"]
    return Export("copper_api_no_h10", SPLIT, df, truth, seg, "custom_fields.Kunde", personal=personal)


def monday_ch(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.18, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Luca", "Lea", "Noah", "Mia", "Jonas", "Lara", "Nico", "Elena", "Matteo", "Anna"],
        ["Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Brunner", "Baumann", "Frei", "Gerber"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Person": rng.choice(["Reto Fischer", "Sandra Wyss", "Urs Zimmermann"], N_ROWS),
            "E-Mail": [
                f"{f.lower()}.{la.lower().replace('ü', 'ue')}{i}@firma.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Telefon": [
                f"+41 7{rng.choice([6, 7, 8, 9])} {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "PLZ": [f"{rng.choice(['80', '30', '12', '40', '60'])}{_digits(rng, 2)}" for _ in range(N_ROWS)],
            "Ort": rng.choice(["Zürich", "Bern", "Genève", "Basel", "Luzern"], N_ROWS),
            "Kanton": _pick(rng, seg, ["ZH", "BE", "GE", "BS", "LU"], [[0], [1, 4], [2, 3]]),
            "Branche": _pick(
                rng, seg, ["Banken", "Pharma", "Maschinenbau", "Gastronomie", "Uhren"], [[0, 1], [2], [3, 4]]
            ),
            "Quelle": _pick(
                rng,
                seg,
                ["Website", "Messe", "Empfehlung", "Newsletter", "Google Ads"],
                [[2], [1, 0], [3, 4]],
            ),
            "Umsatz": [
                "CHF " + f"{x:,.2f}".replace(",", "'")
                for x in np.where(seg == 0, rng.uniform(1e5, 2e6, N_ROWS), rng.uniform(2e3, 6e4, N_ROWS))
            ],
            "AHV-Nr.": [f"756.{_digits(rng, 4)}.{_digits(rng, 4)}.{_digits(rng, 2)}" for _ in range(N_ROWS)],
            "Erstellt": created.strftime("%Y-%m-%d"),
            "Status": np.where(won, "Gewonnen", rng.choice(["Neu", "In Bearbeitung", "Verloren"], N_ROWS)),
            "Abschluss": np.where(won, "Ja", "Nein"),
        }
    )
    truth = {
        "Name": "person_name", "Person": "owner", "E-Mail": "email", "Telefon": "phone", "PLZ": "postal_code",
        "Ort": "state", "Kanton": "state", "Branche": "industry", "Quelle": "lead_source", "Umsatz": "currency",
        "AHV-Nr.": "identifier", "Erstellt": "date", "Status": "leakage", "Abschluss": "target",
    }  # fmt: skip
    return Export(
        "monday_ch_h10", SPLIT, df, truth, seg, "Abschluss", fmt="excel-board", personal=["AHV-Nr."]
    )


SHAPES = (insightly_gr, sugarcrm_he, zendesk_sell_th, copper_api_no, monday_ch)
