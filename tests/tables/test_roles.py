"""Column roles from names and values together; leakage by name and by association."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.tables._leakage import LEAK_THRESHOLD, leak_by_association, leak_by_name
from synthpersona.tables._personal import has_honorific
from synthpersona.tables._roles import COLUMN_ROLES, PERSONAL_ROLES, detect_role

N = 300
RNG = np.random.default_rng(7)


def _s(values: list[str] | np.ndarray) -> pd.Series:
    return pd.Series(list(values), dtype="string")


CASES: list[tuple[str, list[str] | np.ndarray, str]] = [
    ("First Name", RNG.choice(["Aarav", "Priya", "John", "Maria", "Hans"], N), "person_name"),
    ("Nachname", RNG.choice(["Schmidt", "Weber", "Fischer", "Becker", "Wagner", "Koch"], N), "person_name"),
    ("Lead Owner", RNG.choice(["Rohit Verma", "Sneha Kapoor", "Mark Lee"], N), "owner"),
    ("Contact", [f"u{i}@example.org" for i in range(N)], "email"),
    ("Telefon", [f"+49 30 {RNG.integers(100000, 9999999)}" for _ in range(N)], "phone"),
    ("Pincode", [str(x) for x in RNG.integers(110001, 855999, N)], "postal_code"),
    ("Street Address", [f"{RNG.integers(1, 300)} Park Lane" for _ in range(N)], "address"),
    ("Lead Number", [str(660000 + 3 * i) for i in range(N)], "identifier"),
    ("Ref", [f"00Q5e{RNG.integers(10**9, 10**10)}AbC" for _ in range(N)], "identifier"),
    ("Created", [f"2024-03-{RNG.integers(1, 29):02d}T10:00:00Z" for _ in range(N)], "date"),
    ("Remarks", [f"spoke on day {i}, wants a callback about fees next week" for i in range(N)], "free_text"),
    ("Annual Revenue", [f"${x:,}" for x in RNG.integers(1, 900, N) * 10_000], "currency"),
    (
        "Jahresumsatz",
        [f"{x:,}".replace(",", ".") + ",00" for x in RNG.integers(1, 90_000, N) * 100],
        "currency",
    ),
    ("Discount", [f"{x}%" for x in RNG.integers(0, 40, N)], "percentage"),
    ("Employees", [str(x) for x in RNG.integers(1, 5000, N)], "number"),
    ("Industry", RNG.choice(["Banking", "Retail", "Software"], N), "industry"),
    ("Segment", RNG.choice(["SMB", "Mid-Market", "Enterprise"], N), "category"),
]


@pytest.mark.parametrize(("name", "values", "role"), CASES, ids=[c[0] for c in CASES])
def test_detects_role(name: str, values: list[str], role: str) -> None:
    from synthpersona.tables import match_roles

    seed = {col: r for r, col in match_roles([name]).items()}.get(name)
    decision = detect_role(name, _s(values), seed)
    assert decision.role == role, decision
    assert decision.role in COLUMN_ROLES and decision.reason


def test_values_decide_when_the_name_says_nothing() -> None:
    # a column called "Field 7" holding e-mails is still personal data
    assert detect_role("Field 7", _s([f"x{i}@mail.test" for i in range(50)])).role == "email"
    # a seed-named column holding people's names is personal data, not a category to cluster
    owner = detect_role(
        "Source", _s(RNG.choice(["Priya Sharma", "John Smith", "Anita Rao"], N)), "lead_source"
    )
    assert owner.personal


def test_people_named_beyond_the_short_list_are_personal_and_places_or_plans_are_not() -> None:
    # owners with given names outside the built-in short list (census names), under a bland header
    people = ["Avery Quinn", "Jordan Hale", "Casey Brooks", "Riley Stone", "Peyton Cole"]
    assert detect_role("user_name", _s(RNG.choice(people, N))).role == "owner"
    assert detect_role("Handled", _s(RNG.choice(people, N))).personal
    # a lone "Florida" or "Grace Period" is not a person, even though Florida and Grace are names
    for name, values in (
        ("Region", ["Florida", "Georgia", "Virginia", "Texas", "Ohio"]),
        ("Plan", ["Grace Period", "Rose Gold", "Basic", "Premium Plus"]),
        ("Channel", ["Paid Search", "Organic", "Real Estate", "Financial Services"]),
    ):
        assert detect_role(name, _s(RNG.choice(values, N))).role == "category", name


def test_lone_word_first_and_last_names_under_foreign_headers_are_personal() -> None:
    # one word per row, names missing from every given-name list, headers in languages the
    # vocabularies do not cover: the header's meaning decides, and the column is never clustered
    firsts = ["Aino", "Eetu", "Veera", "Onni", "Iida", "Väinö", "Helmi", "Leevi"] * 3
    lasts = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine"] * 4
    for header, values in (("Etunimi", firsts), ("Sukunimi", lasts), ("Voornaam", firsts)):
        decision = detect_role(header, _s(RNG.choice(values, N)))
        assert decision.personal, (header, decision)
    # lone words under a header that means a category stay a category
    regions = ["Uusimaa", "Pirkanmaa", "Lappi", "Kainuu", "Satakunta"]
    assert detect_role("Maakunta", _s(RNG.choice(regions, N))).role == "category"
    # lone words under a header whose meaning is near "owner" are a rank, not the team:
    # only full names make an owner column
    levels = ["Junior", "Senior", "Lead", "Principal", "Associate"]
    assert detect_role("Seniority", _s(RNG.choice(levels, N))).role == "category"


def test_east_asian_names_separated_by_an_ideographic_space_are_personal() -> None:
    # "王\u3000芳": family and given name with U+3000 between them, as CJK exports write them
    names = [f"{f}\u3000{g}" for f in ("王", "李", "张", "刘", "陈") for g in ("芳", "伟", "娜", "强")]
    for header in ("姓名", "客户姓名", "이름"):
        assert detect_role(header, _s(RNG.choice(names, N))).personal, header
    # a category of CJK words under a header meaning industry stays a category
    assert detect_role("行业", _s(RNG.choice(["零售", "制造", "金融", "教育"], N))).role == "category"


def test_record_numbers_of_mixed_width_under_a_header_meaning_id_are_not_quantities() -> None:
    # distinct numbers of 3 to 6 digits: their shape alone could be a quantity; the header says
    ids = [str(v) for v in RNG.choice(np.arange(100, 999_999), N, replace=False)]
    assert detect_role("레코드 번호", _s(ids)).role == "identifier"


def test_numeric_ids_are_not_quantities_but_amounts_are() -> None:
    assert detect_role("Number", _s([str(10**6 + i) for i in range(N)])).role == "identifier"
    unique_amounts = [f"{x}" for x in RNG.choice(10**7, N, replace=False) + 10**6]
    assert detect_role("Deal Value", _s(unique_amounts)).role == "currency"


def test_registry_is_consistent() -> None:
    assert {
        "person_name",
        "email",
        "phone",
        "address",
        "postal_code",
        "owner",
        "national_id",
        "birth_date",
    } == (PERSONAL_ROLES)
    for role in PERSONAL_ROLES:
        assert not COLUMN_ROLES[role].clustered
    assert {"state", "industry", "job_title", "category", "currency"} <= {
        r for r, spec in COLUMN_ROLES.items() if spec.clustered
    }


@pytest.mark.parametrize(
    ("name", "values", "leaks"),
    [
        ("Lifecycle Stage", ["Lead", "Customer"], True),
        ("Lead Status", ["Open - Not Contacted", "Closed - Converted"], True),
        ("Stage", ["Prospecting", "Closed Won", "Closed Lost"], True),
        ("Deal - Lost reason", ["Price", ""], True),
        ("Status", ["Active", "Inactive"], False),
        ("Marital Status", ["Married", "Single"], False),
        ("Industry", ["Banking", "Retail"], False),
    ],
)
def test_leak_by_name(name: str, values: list[str], leaks: bool) -> None:
    assert (leak_by_name(name, _s(values)) is not None) is leaks


def test_leak_by_association_finds_restatements_not_strong_features() -> None:
    rng = np.random.default_rng(3)
    truth = rng.random(2000) < 0.3
    known = np.ones(2000, bool)
    stage = np.where(truth, "Kunde", rng.choice(["Interessent", "Angebot"], 2000))
    filled_if_won = pd.Series(np.where(truth, "2024-05-01", None), dtype="string")
    assert leak_by_association(_s(stage), truth, known) >= LEAK_THRESHOLD
    assert leak_by_association(filled_if_won, truth, known) >= LEAK_THRESHOLD
    # a strong but honest feature (a segment converting at 60 % vs 10 %) is not leakage
    seg = rng.random(2000) < 0.5
    truth2 = rng.random(2000) < np.where(seg, 0.6, 0.1)
    industry = np.where(seg, "Banking", "Retail")
    assert leak_by_association(_s(industry), truth2, known) < LEAK_THRESHOLD


def test_phones_written_as_dialled_are_found_under_headers_no_list_knows() -> None:
    rng = np.random.default_rng(11)
    turkish = [
        f"0 (5{rng.integers(30, 59)}) {rng.integers(100, 999)} {rng.integers(10, 99)} {rng.integers(10, 99)}"
        for _ in range(200)
    ]
    italian = [f"+39 3{rng.integers(20, 99)} {rng.integers(1000000, 9999999)}" for _ in range(200)]
    assert detect_role("Cep", pd.Series(turkish)).role == "phone"
    assert detect_role("Recapito", pd.Series(italian)).role == "phone"
    # IDs with separators are not phones: no trunk 0 or +country, or too few digits
    org = [f"556{rng.integers(100, 999)}-{rng.integers(1000, 9999)}" for _ in range(200)]
    ref = [f"0{rng.integers(1000, 9999)}/{rng.integers(10, 99)}" for _ in range(200)]
    assert detect_role("Organisationsnummer", pd.Series(org)).role != "phone"
    assert detect_role("Ref", pd.Series(ref)).role != "phone"


def _drawn(values: list[str], n: int = 400, seed: int = 0) -> pd.Series:
    return pd.Series(np.random.default_rng(seed).choice(values, n))


def _combined(first: list[str], last: list[str], n: int = 400, seed: int = 0) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series([f"{a} {b}" for a, b in zip(rng.choice(first, n), rng.choice(last, n), strict=True)])


@pytest.mark.parametrize(
    ("header", "values"),
    [
        # Swahili and Indonesian customers: given names in no list, headers no vocabulary knows
        ("Mteja", (["Wanjiru", "Baraka", "Zawadi", "Kamau"], ["Odhiambo", "Mutua", "Njeri", "Kipchoge"])),
        ("Pelanggan", (["Ayu", "Bayu", "Rini", "Eko"], ["Saputra", "Hidayat", "Kurniawan", "Pratama"])),
    ],
)  # fmt: skip
def test_names_whose_words_recombine_over_the_rows_are_personal(
    header: str, values: tuple[list[str], list[str]]
) -> None:
    decision = detect_role(header, _combined(*values))
    assert decision.role == "person_name" and decision.personal


def test_a_few_full_names_under_an_unclear_header_are_kept_out_and_say_how_to_override() -> None:
    decision = detect_role(
        "Ypeythynos", _drawn(["Giorgos Papadopoulos", "Eleni Nikolaidou", "Dimitris Georgiou"])
    )
    assert decision.role == "owner" and decision.personal
    assert "--role Ypeythynos=category" in decision.reason


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("Vùng", ["Miền Bắc", "Miền Nam", "Tây Nguyên"]),
        ("Kanał", ["Sklep Internetowy", "Handel Detaliczny", "Polecenie Klienta"]),
        ("Sektor", ["Usługi Finansowe", "Przemysł Spożywczy", "Opieka Zdrowotna"]),
        ("Maakunta", ["Etelä Savo", "Pohjois Karjala", "Keski Suomi", "Kanta Häme"]),
        ("Obor", ["Stavební Práce", "Zdravotní Péče", "Veřejná Správa"]),
        ("Nível", ["Key Account", "Web Form", "Cold Call", "Trade Show"]),
    ],
)
def test_categories_of_two_capitalised_words_stay_categories(header: str, values: list[str]) -> None:
    assert detect_role(header, _drawn(values)).role == "category"


def test_a_grid_of_plans_and_billing_periods_is_not_taken_for_names() -> None:
    plans = _combined(["Gold", "Silver", "Bronze", "Basic"], ["Monthly", "Quarterly", "Annual", "Biennial"])
    assert detect_role("Abonnement", plans).role == "category"


def test_owners_in_a_script_without_capitals_are_full_names_under_a_header_meaning_owner() -> None:
    # 9725dff asked owners for capitalised full names; Hangul and kanji have no capitals
    assert detect_role("담당자", _drawn(["박 지훈", "최 수진", "정 민호"])).role == "owner"


def test_chinese_and_korean_names_written_without_a_space_are_personal_data() -> None:
    # a common family name, then one to three syllables; no given-name list covers them
    owners = _drawn(["郑晓东", "蔡文静", "高峰"])
    assert detect_role("负责人", owners).role == "owner"  # "person in charge"
    assert detect_role("跟進人", owners).role == "owner"
    assert detect_role("Sales", _drawn(["윤서준", "백하린", "노태호"])).role == "owner"  # few, repeated
    family = ["郑", "蔡", "高", "罗", "林", "谢"]
    given = ["晓东", "文静", "子涵", "一鸣", "雨欣", "浩宇", "佳怡"]
    customers = _combined(family, given)
    assert detect_role("客户", customers.str.replace(" ", "")).role == "person_name"
    # tiers sharing an ending, and places, stay categories though they start like family names
    assert detect_role("会员等级", _drawn(["黄金会员", "白金会员", "钻石会员"])).role == "category"
    assert detect_role("城市", _drawn(["上海", "深圳", "杭州", "成都", "武汉"])).role == "category"


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("リードの所有者", ["山田 一郎", "松本 さくら", "井上 拓也"]),  # Zoho's "owner of the lead"
        ("区分", ["山田 一郎", "松本 さくら", "井上 拓也"]),  # a header saying nothing: the names do
        ("Владелец", ["Виктор Орлов", "Марина Зайцева"]),
    ],
)
def test_japanese_and_russian_owners_are_people_not_categories(header: str, values: list[str]) -> None:
    rng = np.random.default_rng(0)
    assert detect_role(header, pd.Series(rng.choice(values, 300))).role == "owner"


def test_record_keys_of_related_records_are_identifiers_not_numbers() -> None:
    # an API export's assignee_id: four owners' record numbers, each on many rows
    assert (
        detect_role("assignee_id", pd.Series(["412233", "412240", "598812", "601177"] * 50)).role
        == "identifier"
    )
    # a count of one width under a header naming no ID stays a number
    assert detect_role("Employees", pd.Series(["1200", "1240", "5988", "6011"] * 50)).role == "number"
    # the ID is a word of the header, however written; "Max Bid" or "Days Paid" only end in i-d
    keys = pd.Series(["412233", "412240", "598812", "601177"] * 50)
    for header in ("Owner ID", "accountId", "owner-id"):
        assert detect_role(header, keys).role == "identifier", header
    for header in ("Max Bid", "Days Paid", "Valid"):
        assert detect_role(header, pd.Series(["1200", "1240", "5988", "6011"] * 50)).role == "number", header


def test_thai_names_and_owners_are_people_and_thai_categories_stay_categories() -> None:
    # Thai vowel and tone marks are combining characters: names carrying them read as no names
    given = ["สมชาย", "สมหญิง", "วิชัย", "มาลี", "ประเสริฐ", "สุนีย์", "อนุชา", "กานดา"] * 30
    assert detect_role("ชื่อ", pd.Series(given)).role == "person_name"
    team = ["นภัสสร ใจดี", "ชัยวัฒน์ มั่นคง", "ปิยะพงษ์ ศรีเมือง"] * 80
    assert detect_role("ผู้รับผิดชอบ", pd.Series(team)).role == "owner"
    provinces = ["กรุงเทพมหานคร", "เชียงใหม่", "ชลบุรี", "ภูเก็ต", "ขอนแก่น"] * 48
    assert detect_role("จังหวัด", pd.Series(provinces)).role == "category"


def test_compound_street_names_and_a_folded_header_are_addresses() -> None:
    # German "Straße 1" (ß folds to ss) holding Hauptstraße 12 / Lindenweg 7; Dutch and Swedish compounds
    from synthpersona.tables import detect_role

    values = pd.Series(
        [f"{s} {i}" for i, s in enumerate(["Hauptstraße", "Lindenweg", "Kerkstraat", "Storgatan"] * 30)]
    )
    assert detect_role("Straße 1", values).role == "address"
    assert detect_role("Lieferanschrift", values).role == "address"


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("Called by", ["Meera ji", "Tarun", "Ishaan"]),  # an honorific marks a person
        ("Atendido por", ["Tomás", "Beatriz", "Inés"]),  # given names, accents as the census spells them
        ("Behandeld door", ["Sanne", "Joris", "Fenna"]),  # no list knows them: the values read as people
        ("Registrert av", ["Sigrid", "Øyvind", "Kari"]),
    ],
)
def test_lone_first_names_under_a_header_naming_who_are_the_team(header: str, values: list[str]) -> None:
    # a team calls itself by first names, which the rules for full names miss: clustered, the
    # personas would print them
    got = detect_role(header, _s(RNG.choice(values, N)))
    assert got.role == "owner" and COLUMN_ROLES[got.role].personal
    assert f"--role {header}=category" in got.reason


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("Paid by", ["Cash", "Card", "Cheque"]),
        ("Pagado por", ["Efectivo", "Tarjeta", "Transferencia"]),
        ("Referred by", ["Friend", "Google", "Newspaper"]),
        ("Closed by", ["Web", "Partner", "Inside sales"]),
    ],
)
def test_payment_methods_and_channels_under_a_header_naming_who_are_categories(
    header: str, values: list[str]
) -> None:
    assert detect_role(header, _s(RNG.choice(values, N))).role == "category"


def test_an_honorific_marks_a_person_in_any_language_but_a_lone_word_is_not_one() -> None:
    assert all(has_honorific(v) for v in ("Meera ji", "Frau Albers", "Sra. Ortega", "Sato-san"))
    assert not any(has_honorific(v) for v in ("Sir", "Miss", "Cash", "Signature plan"))
