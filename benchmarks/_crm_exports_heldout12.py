# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Norwegian, Polish, Ukrainian, Hindi on purpose)
"""A twelfth held-out split of synthetic CRM exports (``heldout12``), written before any run.

``heldout11`` was measured (and opened) in session 12. These six shapes were written by
crm12 (session 13) and committed alone, before any detector ran on them; the benchmark
prints only this split's aggregates, so it can stay held out. They cover tools and shapes
no earlier split has: a Keap (Infusionsoft) saved-search report with ``Page n of m`` lines
and no repeated header, a Norwegian SuperOffice selection export (``Ja``/``Nei``,
``kr 1 234 567,00``, fødselsnummer), a hand-kept Google Sheets lead tracker from a Pune
branch (header on row 3, ``Y``/``yes``/``Haan``/``✓`` and blanks, ``80k``/``₹ 1.2 L``
amounts, a serial-number column, trailing empty columns, a total row), a Polish Bitrix24
export saved as ``.xls`` that is really an HTML table (what Bitrix24 writes), a Ukrainian
Creatio export (xlsx with a title block, ``Так``/``Ні``) and an Australian Capsule export
(``$1,234.50``, ABN numbers, ``TRUE``/``FALSE``). Personal columns whatever their truth
role are in :attr:`Export.personal`.

- ``keap_report_us``: a Keap saved-search report (CSV): two title lines, a blank line,
  the header, pages of 300 rows each followed by ``Page n of 4`` (no header repeat), and a
  ``Total: 1,200 contacts`` line: ``Contact Id``, ``First Name``, ``Last Name``,
  ``Email``, ``Phone 1`` (``(555) 123-4567``), ``Street Address 1``, ``City``, ``State``,
  ``Postal Code`` (ZIP or ZIP+4), ``Company``, ``Lead Source``, ``Tags`` (comma lists,
  segment-driven), ``Lead Score`` (0-100), ``Owner``, ``Date Created``
  (``03/15/2024 2:05 PM``), ``Person Notes`` (free text naming people), ``Lifecycle``
  (leakage: ``Customer``), ``Purchased`` (``Yes``/``No``, the target);
- ``superoffice_no``: a Norwegian SuperOffice selection export (semicolon CSV, a title
  line and ``Side n av m`` lines between pages): ``Kontakt-ID``, ``Fornavn``,
  ``Etternavn``, ``E-post``, ``Mobil`` (``+47 912 34 567``), ``Fødselsnummer`` (11 digits),
  ``Firma``, ``Org.nr.`` (``912 345 678``), ``Postnr.`` (4 digits), ``Poststed``,
  ``Fylke``, ``Bransje``, ``Kilde``, ``Omsetning`` (``kr 1 234 567,00``), ``Ansatte``,
  ``Vår kontakt`` (owner), ``Registrert`` (``15.03.2024``), ``Salgsstatus`` (leakage:
  ``Vunnet``), ``Kunde`` (``Ja``/``Nei``, the target);
- ``sheets_tracker_pune``: a hand-kept Google Sheets lead tracker downloaded as CSV: a title
  line and a blank line above the header, trailing empty columns, a ``Total`` row:
  ``S.No``, ``Date`` (``15-Mar-24``), ``Student / Parent Name``, ``Mobile`` (10 digits),
  ``Email``, ``Area`` (Pune localities), ``Course Interested``, ``Budget`` (``80k``,
  ``₹ 1.2 L``, ``1,20,000``), ``How did they hear``, ``Demo done?`` (``Y``/``yes``/``Haan``/
  ``✓``/blank, descriptive), ``Follow-up by`` (owner), ``Remarks`` (free text),
  ``Fees paid`` (leakage: an amount when joined), ``Joined?`` (``Y``/``N``/``Haan``/
  ``Nahi``, the target);
- ``bitrix24_pl_html``: a Polish Bitrix24 lead export, an ``.xls`` file that holds an HTML
  table (what Bitrix24's "Export to Excel" writes): ``ID``, ``Nazwa leada``, ``Imię``,
  ``Nazwisko``, ``Telefon komórkowy`` (``+48 601 234 567``), ``E-mail służbowy``,
  ``PESEL`` (11 digits), ``Firma``, ``NIP`` (``123-456-78-90``), ``Województwo``,
  ``Branża``, ``Źródło``, ``Przychód`` (``12 345,67 zł``), ``Osoba odpowiedzialna``
  (owner), ``Data utworzenia``, ``Etap`` (leakage: ``Skonwertowany``), ``Klient``
  (``Tak``/``Nie``, the target);
- ``creatio_ua``: a Ukrainian Creatio lead export (xlsx, three title rows and a blank row
  above the header): ``Номер``, ``ПІБ`` (full name), ``Email``, ``Мобільний телефон``
  (``+380 67 123 45 67``), ``Місто``, ``Галузь``, ``Джерело``, ``Річний дохід``
  (``1 234 567,00 ₴``), ``Кількість співробітників``, ``Відповідальний`` (owner),
  ``Дата створення``, ``Стадія`` (leakage: ``Угода виграна``), ``Конвертовано``
  (``Так``/``Ні``, the target);
- ``capsule_au``: an Australian Capsule CRM party export (CSV): ``Party ID``, ``Name``,
  ``Email Address``, ``Mobile`` (``+61 4xx xxx xxx``), ``Address Street``, ``Suburb``,
  ``State``, ``Postcode`` (4 digits), ``Organisation``, ``ABN`` (``51 824 753 556``),
  ``Industry``, ``Source``, ``Annual Revenue`` (``$1,234,567.50``), ``Owner``,
  ``Created`` (``2024-03-15T10:22:33Z``), ``Milestone`` (leakage: ``Won``),
  ``Won?`` (``TRUE``/``FALSE``, the target).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout12"


def _digits(rng: np.random.Generator, width: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, width))


def _created(rng: np.random.Generator) -> pd.Series:
    return pd.Timestamp("2024-01-08") + pd.to_timedelta(rng.integers(0, 320 * 86400, N_ROWS), unit="s")


def _eu(x: float, thousands: str = ".") -> str:
    return f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", thousands)


def keap_report_us(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.47, 0.19, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Ashley", "Brandon", "Megan", "Tyler", "Kayla", "Justin", "Brittany", "Kyle", "Amber", "Cody"],
        ["Johnson", "Williams", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore", "Jackson"],
    )
    tags = ["Webinar", "Ebook", "Coaching", "Newsletter", "Workshop", "Free Trial"]
    fav = {0: [2, 4], 1: [0, 5], 2: [1, 3]}

    def _tags(s: int) -> str:
        own = [tags[i] for i in fav[s] if rng.random() < 0.8]
        other = [t for t in tags if rng.random() < 0.07]
        return ", ".join(dict.fromkeys(own + other))

    created = _created(rng)
    notes = [
        f"Spoke with {f} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}, {rng.choice(['wants pricing', 'call back next week', 'interested in the group plan', 'left voicemail'])}"
        for f in first
    ]
    df = pd.DataFrame(
        {
            "Contact Id": rng.choice(np.arange(10_000, 99_999), N_ROWS, replace=False),
            "First Name": first,
            "Last Name": last,
            "Email": [f"{f.lower()}.{la.lower()}{i}@mail.test" for i, (f, la) in enumerate(zip(first, last))],
            "Phone 1": [f"({_digits(rng, 3)}) {_digits(rng, 3)}-{_digits(rng, 4)}" for _ in range(N_ROWS)],
            "Street Address 1": [
                f"{rng.integers(10, 9999)} {rng.choice(['Oak', 'Maple', 'Cedar', 'Pine', 'Elm'])} {rng.choice(['St', 'Ave', 'Dr', 'Ln'])}"
                for _ in range(N_ROWS)
            ],
            "City": rng.choice(["Austin", "Denver", "Tampa", "Columbus", "Phoenix", "Raleigh"], N_ROWS),
            "State": _pick(rng, seg, ["TX", "CO", "FL", "OH", "AZ", "NC"], [[0, 4], [1, 5], [2, 3]]),
            "Postal Code": [
                _digits(rng, 5) + (f"-{_digits(rng, 4)}" if rng.random() < 0.3 else "") for _ in range(N_ROWS)
            ],
            "Company": [
                f"{rng.choice(['Summit', 'Bright', 'Blue Ridge', 'Northstar', 'Lakeside'])} {rng.choice(['Fitness', 'Dental', 'Realty', 'Consulting', 'Bakery'])} {rng.choice(['LLC', 'Inc.', 'Co.'])}"
                for _ in range(N_ROWS)
            ],
            "Lead Source": _pick(
                rng,
                seg,
                ["Facebook Ad", "Referral", "Webinar Signup", "Google Search", "Podcast"],
                [[1], [2, 3], [0, 4]],
            ),
            "Tags": [_tags(int(s)) for s in seg],
            "Lead Score": np.clip(
                np.where(seg == 0, rng.normal(72, 10, N_ROWS), rng.normal(35, 12, N_ROWS)), 0, 100
            ).astype(int),
            "Owner": rng.choice(["Jessica Harper", "Ryan Mitchell", "Lauren Brooks"], N_ROWS),
            "Date Created": [d.strftime("%m/%d/%Y ") + d.strftime("%I:%M %p").lstrip("0") for d in created],
            "Person Notes": notes,
            "Lifecycle": np.where(
                won, "Customer", rng.choice(["Lead", "Prospect", "Nurture", "Cold"], N_ROWS)
            ),
            "Purchased": np.where(won, "Yes", "No"),
        }
    )
    truth = {
        "Contact Id": "identifier", "First Name": "person_name", "Last Name": "person_name", "Email": "email",
        "Phone 1": "phone", "Street Address 1": "address", "City": "state", "State": "state",
        "Postal Code": "postal_code", "Company": "category", "Lead Source": "lead_source", "Tags": "category",
        "Lead Score": "number", "Owner": "owner", "Date Created": "date", "Person Notes": "free_text",
        "Lifecycle": "leakage", "Purchased": "target",
    }  # fmt: skip
    return Export(
        "keap_report_us", SPLIT, df, truth, seg, "Purchased", fmt="csv-pages-of", personal=["Person Notes"]
    )


def superoffice_no(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.5, 0.24, 0.1, 0.03])
    first, last = _names(
        rng,
        N_ROWS,
        ["Emma", "Jakob", "Nora", "Lukas", "Sofie", "Filip", "Ingrid", "Henrik", "Thea", "Magnus"],
        ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Berg"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Kontakt-ID": np.arange(N_ROWS) + 20_417,
            "Fornavn": first,
            "Etternavn": last,
            "E-post": [
                f"{f.lower()}.{la.lower()}{i}@firma.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Mobil": [
                f"+47 {rng.choice([4, 9])}{_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 3)}"
                for _ in range(N_ROWS)
            ],
            "Fødselsnummer": [
                f"{rng.integers(1, 29):02d}{rng.integers(1, 13):02d}{rng.integers(50, 99)}{_digits(rng, 5)}"
                for _ in range(N_ROWS)
            ],
            "Firma": [
                f"{rng.choice(['Nordlys', 'Fjord', 'Vestland', 'Polar', 'Bergen'])} {rng.choice(['Bygg', 'Data', 'Fisk', 'Energi', 'Transport'])} AS"
                for _ in range(N_ROWS)
            ],
            "Org.nr.": [f"9{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}" for _ in range(N_ROWS)],
            "Postnr.": [f"{rng.choice(['0', '1', '4', '5', '7'])}{_digits(rng, 3)}" for _ in range(N_ROWS)],
            "Poststed": rng.choice(["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Drammen"], N_ROWS),
            "Fylke": _pick(
                rng,
                seg,
                ["Oslo", "Vestland", "Trøndelag", "Rogaland", "Troms og Finnmark", "Viken"],
                [[0], [1, 3], [2], [4, 5]],
            ),
            "Bransje": _pick(
                rng,
                seg,
                ["Olje og gass", "IT", "Sjømat", "Bygg og anlegg", "Varehandel"],
                [[0, 1], [2], [3], [4]],
            ),
            "Kilde": _pick(
                rng,
                seg,
                ["Messe", "Nettside", "Anbefaling", "Kald telefon", "LinkedIn"],
                [[2], [0, 4], [1], [3]],
            ),
            "Omsetning": [
                "kr " + _eu(x, "\u00a0")
                for x in np.where(seg == 0, rng.uniform(5e7, 9e8, N_ROWS), rng.uniform(2e5, 2e7, N_ROWS))
            ],
            "Ansatte": np.where(seg == 0, rng.integers(200, 5000, N_ROWS), rng.integers(2, 120, N_ROWS)),
            "Vår kontakt": rng.choice(["Kari Nordmann", "Ola Haugen", "Silje Dahl", "Espen Moe"], N_ROWS),
            "Registrert": created.strftime("%d.%m.%Y"),
            "Salgsstatus": np.where(
                won, "Vunnet", rng.choice(["Åpen", "Tilbud sendt", "Tapt", "Utsatt"], N_ROWS)
            ),
            "Kunde": np.where(won, "Ja", "Nei"),
        }
    )
    truth = {
        "Kontakt-ID": "identifier", "Fornavn": "person_name", "Etternavn": "person_name", "E-post": "email",
        "Mobil": "phone", "Fødselsnummer": "identifier", "Firma": "category", "Org.nr.": "identifier",
        "Postnr.": "postal_code", "Poststed": "state", "Fylke": "state", "Bransje": "industry",
        "Kilde": "lead_source", "Omsetning": "currency", "Ansatte": "number", "Vår kontakt": "owner",
        "Registrert": "date", "Salgsstatus": "leakage", "Kunde": "target",
    }  # fmt: skip
    return Export(
        "superoffice_no",
        SPLIT,
        df,
        truth,
        seg,
        "Kunde",
        fmt="report-no-semicolon",
        personal=["Fødselsnummer"],
    )


def sheets_tracker_pune(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.06])
    first, last = _names(
        rng,
        N_ROWS,
        ["Aditya", "Sakshi", "Omkar", "Pooja", "Vaibhav", "Shruti", "Tejas", "Rutuja", "Pratik", "Ankita"],
        ["Kulkarni", "Deshpande", "Joshi", "Patil", "Pawar", "Jadhav", "Shinde", "Gokhale", "More"],
    )
    created = _created(rng)
    budget = np.where(seg == 0, rng.integers(90, 250, N_ROWS) * 1000, rng.integers(15, 70, N_ROWS) * 1000)

    def _money(x: int) -> str:
        style = rng.integers(0, 3)
        if style == 0:
            return f"{x // 1000}k"
        if style == 1:
            return f"₹ {x / 100_000:.2f} L"
        head, tail = str(x)[:-3], str(x)[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        return ",".join([head, *groups, tail]) if head else tail

    yes = np.array(["Y", "yes", "Yes", "Haan", "✓"])
    no = np.array(["N", "no", "Nahi", ""])
    demo = _pick(rng, seg, ["1", "0"], [[0], [0, 1], [1]]) == "1"
    df = pd.DataFrame(
        {
            "S.No": np.arange(1, N_ROWS + 1),
            "Date": created.strftime("%d-%b-%y"),
            "Student / Parent Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Mobile": [f"{rng.choice([7, 8, 9])}{_digits(rng, 9)}" for _ in range(N_ROWS)],
            "Email": [
                f"{f.lower()}{la.lower()[:3]}{rng.integers(10, 99)}@gmail.test" for f, la in zip(first, last)
            ],
            "Area": _pick(
                rng,
                seg,
                ["Kothrud", "Baner", "Hinjewadi", "Hadapsar", "Wakad", "Aundh"],
                [[1, 5], [2, 4], [0, 3]],
            ),
            "Course Interested": _pick(
                rng,
                seg,
                ["JEE Main + Adv", "NEET", "Foundation (8-10)", "MHT-CET", "Olympiad"],
                [[0, 1], [3], [2, 4]],
            ),
            "Budget": [_money(int(x)) for x in budget],
            "How did they hear": _pick(
                rng,
                seg,
                ["Friend / relative", "Instagram", "Newspaper ad", "School seminar", "Walk-in"],
                [[0, 4], [1], [2, 3]],
            ),
            "Demo done?": [str(rng.choice(yes)) if d else str(rng.choice(no)) for d in demo],
            "Follow-up by": rng.choice(["Snehal", "Rohit sir", "Madhuri"], N_ROWS),
            "Remarks": [
                str(
                    rng.choice(
                        [
                            "call after exams",
                            "father will decide",
                            "asked for EMI option",
                            "not picking up",
                            "visited centre with mother",
                            "",
                        ]
                    )
                )
                for _ in range(N_ROWS)
            ],
            "Fees paid": [f"{int(rng.integers(20, 80)) * 1000:,}" if w else "" for w in won],
            "Joined?": [
                str(rng.choice(["Y", "Haan", "yes"])) if w else str(rng.choice(["N", "Nahi", "no"]))
                for w in won
            ],
        }
    )
    truth = {
        "S.No": "identifier", "Date": "date", "Student / Parent Name": "person_name", "Mobile": "phone",
        "Email": "email", "Area": "state", "Course Interested": "category", "Budget": "currency",
        "How did they hear": "lead_source", "Demo done?": "category", "Follow-up by": "owner",
        "Remarks": "free_text", "Fees paid": "leakage", "Joined?": "target",
    }  # fmt: skip
    return Export("sheets_tracker_pune", SPLIT, df, truth, seg, "Joined?", fmt="csv-sheet-tracker")


def bitrix24_pl_html(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.18, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Jakub", "Zuzanna", "Kacper", "Julia", "Szymon", "Maja", "Filip", "Zofia", "Antoni", "Hanna"],
        ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "ID": np.arange(N_ROWS) + 3301,
            "Nazwa leada": [
                f"Lead #{int(x)} - {la}" for x, la in zip(rng.integers(1000, 9999, N_ROWS), last)
            ],
            "Imię": first,
            "Nazwisko": last,
            "Telefon komórkowy": [
                f"+48 {rng.choice([5, 6, 7, 8])}{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}"
                for _ in range(N_ROWS)
            ],
            "E-mail służbowy": [f"{f.lower()[0]}.{i}@firma.test" for i, f in enumerate(first)],
            "PESEL": [
                f"{rng.integers(60, 99)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}{_digits(rng, 5)}"
                for _ in range(N_ROWS)
            ],
            "Firma": [
                f"{rng.choice(['Poltex', 'Budimex', 'Agromax', 'Infotech', 'Transpol'])} Sp. z o.o."
                for _ in range(N_ROWS)
            ],
            "NIP": [
                f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "Województwo": _pick(
                rng,
                seg,
                ["mazowieckie", "małopolskie", "śląskie", "wielkopolskie", "pomorskie"],
                [[0], [1, 2], [3, 4]],
            ),
            "Branża": _pick(
                rng, seg, ["IT", "Budownictwo", "Rolnictwo", "Transport", "Handel"], [[0, 4], [1], [2, 3]]
            ),
            "Źródło": _pick(
                rng,
                seg,
                ["Strona WWW", "Polecenie", "Targi", "Zimny telefon", "E-mail"],
                [[0, 1], [2], [3, 4]],
            ),
            "Przychód": [
                _eu(x, " ") + " zł"
                for x in np.where(seg == 0, rng.uniform(1e6, 5e7, N_ROWS), rng.uniform(2e4, 9e5, N_ROWS))
            ],
            "Osoba odpowiedzialna": rng.choice(
                ["Agnieszka Mazur", "Tomasz Krawczyk", "Katarzyna Dąbrowska"], N_ROWS
            ),
            "Data utworzenia": created.strftime("%d.%m.%Y %H:%M:%S"),
            "Etap": np.where(
                won, "Skonwertowany", rng.choice(["Nowy", "W toku", "Nieudany", "Oczekuje"], N_ROWS)
            ),
            "Klient": np.where(won, "Tak", "Nie"),
        }
    )
    truth = {
        "ID": "identifier", "Nazwa leada": "identifier", "Imię": "person_name", "Nazwisko": "person_name",
        "Telefon komórkowy": "phone", "E-mail służbowy": "email", "PESEL": "identifier", "Firma": "category",
        "NIP": "identifier", "Województwo": "state", "Branża": "industry", "Źródło": "lead_source",
        "Przychód": "currency", "Osoba odpowiedzialna": "owner", "Data utworzenia": "date", "Etap": "leakage",
        "Klient": "target",
    }  # fmt: skip
    return Export(
        "bitrix24_pl_html", SPLIT, df, truth, seg, "Klient", fmt="html-xls", personal=["PESEL", "Nazwa leada"]
    )


def creatio_ua(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.48, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Олександр", "Марія", "Андрій", "Олена", "Дмитро", "Ірина", "Максим", "Наталія", "Тарас", "Юлія"],
        ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Мельник", "Поліщук"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Номер": [f"LD-{int(x):05d}" for x in np.arange(N_ROWS) + 812],
            "ПІБ": [f"{la} {f}" for f, la in zip(first, last)],
            "Email": [f"client{i}.{int(rng.integers(100, 999))}@ukr.test" for i in range(N_ROWS)],
            "Мобільний телефон": [
                f"+380 {rng.choice(['67', '50', '63', '97'])} {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "Місто": _pick(rng, seg, ["Київ", "Львів", "Харків", "Одеса", "Дніпро"], [[0], [1, 3], [2, 4]]),
            "Галузь": _pick(
                rng,
                seg,
                ["ІТ", "Агробізнес", "Роздрібна торгівля", "Логістика", "Виробництво"],
                [[0], [1, 4], [2, 3]],
            ),
            "Джерело": _pick(
                rng,
                seg,
                ["Вебсайт", "Рекомендація", "Виставка", "Реклама", "Холодний дзвінок"],
                [[1, 2], [0], [3, 4]],
            ),
            "Річний дохід": [
                _eu(x, " ") + " ₴"
                for x in np.where(seg == 0, rng.uniform(5e6, 2e8, N_ROWS), rng.uniform(1e5, 4e6, N_ROWS))
            ],
            "Кількість співробітників": np.where(
                seg == 0, rng.integers(100, 3000, N_ROWS), rng.integers(3, 90, N_ROWS)
            ),
            "Відповідальний": rng.choice(["Сергій Литвиненко", "Оксана Савчук", "Віктор Руденко"], N_ROWS),
            "Дата створення": created.strftime("%d.%m.%Y %H:%M"),
            "Стадія": np.where(
                won, "Угода виграна", rng.choice(["Новий", "Кваліфікація", "Відхилено", "Пропозиція"], N_ROWS)
            ),
            "Конвертовано": np.where(won, "Так", "Ні"),
        }
    )
    truth = {
        "Номер": "identifier", "ПІБ": "person_name", "Email": "email", "Мобільний телефон": "phone",
        "Місто": "state", "Галузь": "industry", "Джерело": "lead_source", "Річний дохід": "currency",
        "Кількість співробітників": "number", "Відповідальний": "owner", "Дата створення": "date",
        "Стадія": "leakage", "Конвертовано": "target",
    }  # fmt: skip
    return Export("creatio_ua", SPLIT, df, truth, seg, "Конвертовано", fmt="excel-title-block")


def capsule_au(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.46, 0.19, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Olivia", "Jack", "Charlotte", "William", "Mia", "Lachlan", "Isla", "Oliver", "Chloe", "Noah"],
        ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Kelly", "Ryan"],
    )
    created = _created(rng)
    df = pd.DataFrame(
        {
            "Party ID": rng.choice(np.arange(10**8, 2 * 10**8), N_ROWS, replace=False),
            "Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Email Address": [
                f"{f.lower()}{la.lower()}{i}@biz.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Mobile": [f"+61 4{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}" for _ in range(N_ROWS)],
            "Address Street": [
                f"{rng.integers(1, 300)} {rng.choice(['George', 'King', 'Queen', 'Collins', 'Hunter'])} St"
                for _ in range(N_ROWS)
            ],
            "Suburb": rng.choice(
                ["Parramatta", "Fitzroy", "Fortitude Valley", "Fremantle", "Glenelg"], N_ROWS
            ),
            "State": _pick(rng, seg, ["NSW", "VIC", "QLD", "WA", "SA"], [[0], [1, 4], [2, 3]]),
            "Postcode": [f"{rng.choice(['2', '3', '4', '5', '6'])}{_digits(rng, 3)}" for _ in range(N_ROWS)],
            "Organisation": [
                f"{rng.choice(['Coastal', 'Outback', 'Harbour', 'Southern Cross'])} {rng.choice(['Plumbing', 'Accounting', 'Cafe', 'Builders'])} Pty Ltd"
                for _ in range(N_ROWS)
            ],
            "ABN": [
                f"{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}"
                for _ in range(N_ROWS)
            ],
            "Industry": _pick(
                rng,
                seg,
                ["Construction", "Hospitality", "Professional Services", "Mining", "Retail"],
                [[2, 3], [0], [1, 4]],
            ),
            "Source": _pick(
                rng,
                seg,
                ["Website", "Referral", "Trade Show", "Google Ads", "Cold Call"],
                [[1, 2], [0, 3], [4]],
            ),
            "Annual Revenue": [
                f"${x:,.2f}"
                for x in np.where(seg == 0, rng.uniform(2e6, 6e7, N_ROWS), rng.uniform(5e4, 1.5e6, N_ROWS))
            ],
            "Owner": rng.choice(["Sarah O'Brien", "Matt Fraser", "Priya Raman"], N_ROWS),
            "Created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Milestone": np.where(won, "Won", rng.choice(["New", "Qualified", "Proposal", "Lost"], N_ROWS)),
            "Won?": np.where(won, "TRUE", "FALSE"),
        }
    )
    truth = {
        "Party ID": "identifier", "Name": "person_name", "Email Address": "email", "Mobile": "phone",
        "Address Street": "address", "Suburb": "state", "State": "state", "Postcode": "postal_code",
        "Organisation": "category", "ABN": "identifier", "Industry": "industry", "Source": "lead_source",
        "Annual Revenue": "currency", "Owner": "owner", "Created": "date", "Milestone": "leakage",
        "Won?": "target",
    }  # fmt: skip
    return Export("capsule_au", SPLIT, df, truth, seg, "Won?")


SHAPES = (keap_report_us, superoffice_no, sheets_tracker_pune, bitrix24_pl_html, creatio_ua, capsule_au)


def write(export: Export, folder: Path) -> Path | None:
    """Write the shapes of this split the shared writer does not know; ``None`` for the others."""
    df = export.frame
    if export.fmt == "csv-pages-of":  # Keap: title lines, ``Page n of m`` after each page, a total line
        rows = df.to_csv(index=False, lineterminator="\n").splitlines()
        header, body = rows[0], rows[1:]
        pages = [body[i : i + 300] for i in range(0, len(body), 300)]
        parts = ["Saved Search: Hot leads (all owners)", "Run on 11/30/2024 6:02 PM", "", header]
        for p, page in enumerate(pages):
            parts += [*page, f"Page {p + 1} of {len(pages)}"]
        parts.append(f"Total: {len(df):,} contacts")
        path = folder / f"{export.name}.csv"
        path.write_text("\n".join(parts) + "\n", encoding="utf-8")
        return path
    if export.fmt == "report-no-semicolon":  # SuperOffice: a title line, ``Side n av m`` between pages
        rows = df.to_csv(index=False, sep=";", lineterminator="\n").splitlines()
        header, body = rows[0], rows[1:]
        pages = [body[i : i + 400] for i in range(0, len(body), 400)]
        parts = ["Utvalg: Potensielle kunder 2024;", header]
        for p, page in enumerate(pages):
            parts += [*page, f"Side {p + 1} av {len(pages)};"]
        path = folder / f"{export.name}.csv"
        path.write_text("\n".join(parts) + "\n", encoding="utf-8-sig")
        return path
    if (
        export.fmt == "csv-sheet-tracker"
    ):  # Google Sheets: title, blank row, trailing empty columns, total row
        wide = df.copy()
        wide[""] = ""
        wide[" "] = ""
        body = wide.to_csv(index=False, lineterminator="\n").replace(", \n", ",\n")
        ncol = wide.shape[1]
        head = "Leads tracker - Pune branch (2024 batch)" + "," * (ncol - 1) + "\n" + "," * (ncol - 1) + "\n"
        total = (
            "Total"
            + "," * 12
            + f'"{int(sum(int(x.replace(",", "")) for x in df["Fees paid"] if x)):,}"'
            + "," * (ncol - 13)
            + "\n"
        )
        path = folder / f"{export.name}.csv"
        path.write_text(head + body + total, encoding="utf-8")
        return path
    if export.fmt == "html-xls":  # Bitrix24: "Export to Excel" writes an HTML table with an .xls name
        path = folder / f"{export.name}.xls"
        table = df.to_html(index=False, border=1)
        html = (
            '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
            '<head><meta http-equiv="Content-type" content="text/html;charset=UTF-8" /></head><body>'
            + table
            + "</body></html>"
        )
        path.write_text(html, encoding="utf-8")
        return path
    if export.fmt == "excel-title-block":  # Creatio: three title rows and a blank row above the header
        path = folder / f"{export.name}.xlsx"
        lines: list[list[object]] = [
            ["Ліди"],
            ["Фільтр: Усі ліди, створені у 2024 році"],
            ["Сформовано: 30.11.2024 17:45"],
            [],
            list(df.columns),
            *df.astype(object).values.tolist(),
        ]
        pd.DataFrame(lines).to_excel(path, index=False, header=False, sheet_name="Ліди")
        return path
    return None
