"""Personal data that looks like something else: national IDs, dates of birth, GPS, parts of names.

The patterns :func:`synthpersona.tables.detect_role` checks before the value shapes that
would make such a column an identifier, a date, a number or a category: a national ID,
tax, social-security or bank account number (``national_id``), a date of birth
(``birth_date``), GPS coordinates (``address``) and patronymics or middle names
(``person_name``). Headers are matched after ``norm_name`` (Latin letters) and, for scripts
it drops, on the raw header.
"""

from __future__ import annotations

import re
import unicodedata

from synthpersona.tables._role_words import HONORIFICS


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# parts of a name that are no given or family name: patronymics, middle, second and maiden names
N_NAME_PART = _words(
    r"patronymic", r"middlename", r"middleinitial", r"secondname", r"maidenname", r"birthname",
    r"apellidomaterno", r"apellidopaterno", r"segundoapellido", r"geburtsname", r"nomdejeunefille",
    r"nomdenaissance", r"sobrenome", r"cognome",
)  # fmt: skip
# the same in scripts norm_name drops (matched on the raw header, case-folded): Russian,
# Ukrainian and Bulgarian patronymic, Japanese/Chinese/Korean family and given names
RAW_NAME_PART = re.compile(
    r"отчеств|по[\s-]*батьков|презиме|по[\s-]*бащин|氏名|姓名|苗字|名字|성명"
    r"|^ชื่อ$|^นามสกุล$|ชื่อ-นามสกุล|^שם פרטי$|^שם משפחה$|^שם מלא$|^όνομα$|^επώνυμο$|ονοματεπώνυμο"
)
# Slavic patronymics (Сергеевич, Андреевна, Ильинична; Sergeyevich, Petrovna in Latin script)
V_PATRONYMIC = re.compile(
    r"^[^\W\d_]+(?:ович|евич|ьич|ична|овна|евна|инична|ovich|evich|ovna|evna|ovych|ivna)$", re.IGNORECASE
)
# national ID, tax, social-security, passport and bank numbers (personal whatever their shape)
N_NATIONAL_ID = _words(
    r"ssn", r"socialsecurity", r"socialinsurance", r"nationalid", r"nationalidentity", r"aadha+r",
    r"^pan$", r"pan(card|no|number)$", r"^cpf", r"^cnpj", r"^rg$", r"^dni", r"^nif", r"^nie$", r"^curp",
    r"^rfc$", r"^nino$", r"^insee", r"steuerid", r"steueridentifikation", r"steuernummer", r"personnummer",
    r"^bsn$", r"burgerservice", r"pesel", r"codicefiscale", r"mynumber", r"iban", r"bankaccount",
    r"accountno$", r"kontonummer", r"passport", r"reisepass", r"passeport", r"pasaporte", r"voterid",
    r"^epic$", r"^tin$", r"taxid", r"taxnumber", r"^vat(id|no|number)", r"^ustid", r"^gstin", r"^uan$",
    r"drivinglicen[cs]e", r"driverslicen[cs]e", r"fuhrerschein", r"^nir$", r"numerosecu", r"^ci$",
    r"cedula", r"^dui$", r"^nic$", r"^ktp$", r"^nik$", r"emiratesid", r"iqama", r"^rut$", r"^run$",
)  # fmt: skip
RAW_NATIONAL_ID = re.compile(
    r"マイナンバー|個人番号|주민등록|외국인등록|身份证|身分證|护照|снилс|инн|паспорт|आधार|पैन|pasaporte|tc\s*kimlik"
)
N_BIRTH = _words(
    r"^dob$", r"dateofbirth", r"birthdate", r"birthday", r"^born", r"geburtsdatum", r"geburtstag",
    r"datedenaissance", r"naissance", r"fechadenacimiento", r"nacimiento", r"datadenascimento",
    r"nascimento", r"datadinascita", r"geboortedatum", r"fodelsedatum", r"urodzenia", r"^birth",
)  # fmt: skip
RAW_BIRTH = re.compile(r"生年月日|誕生日|出生日期|出生年月|생년월일|생일|дата\s*рождения|день\s*рождения|जन्म")
# GPS coordinates: a location precise to a building is personal data
N_GEO = _words(
    r"^lat$", r"latitude", r"^lng$", r"^lon$", r"^long$", r"longitude", r"latitud", r"longitud",
    r"breitengrad", r"langengrad", r"coordinates?$", r"coords?$", r"^gps", r"geolocation",
    r"^geo(lat|lon|lng)",
)  # fmt: skip
RAW_GEO = re.compile(r"緯度|経度|纬度|经度|위도|경도|широта|долгота|座標|좌표|координат")
V_LATLON = re.compile(r"^\(?\s*-?\d{1,3}\.\d{3,}\s*[,;/ ]\s*-?\d{1,3}\.\d{3,}\s*\)?$")
# the shapes of common national IDs and bank accounts, when no header says so
V_NATIONAL_ID = re.compile(
    r"^(?:[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?"  # IBAN
    r"|\d{3}\.\d{3}\.\d{3}-\d{2}"  # Brazilian CPF
    r"|\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}"  # Brazilian CNPJ
    r"|[2-9]\d{3} \d{4} \d{4}"  # Indian Aadhaar as printed
    r"|[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]"  # Indian PAN
    r"|\d{3}-\d{2}-\d{4}"  # US social security number
    r"|\d{6}-[1-8]\d{6}"  # Korean resident registration number
    r"|\d{8}-?[A-HJ-NP-TV-Z]|[XYZ]\d{7}-?[A-Z]"  # Spanish DNI / NIE
    r")$"
)


# The most common Japanese family names (written before the given name, often with a space)
_JA_FAMILY_TEXT = (
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 "
    "松本 井上 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 "
    "石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 斉藤 福田 "
    "太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 "
    "中山 和田 石田 森田 上田 原 柴田 酒井 工藤 横山 宮崎 宮本 内田 高木 "
    "安藤 島田 谷口 大野 丸山 今井 高田 藤本 武田 村田 上野 杉山 増田 小山 "
    "大塚 平野 菅原 久保 松井 千葉 岩崎 桜井 木下 野口 松尾 菊地 野村 新井 "
    "渡部"
)
JA_FAMILY = frozenset(_JA_FAMILY_TEXT.split())
_JA_NAME = re.compile(r"^(\S{1,4})[ \u3000]+[\u3040-\u30ff\u4e00-\u9fff]{1,4}$")


def japanese_name_share(sample: list[str]) -> float:
    """Share of values written as a Japanese name: a common family name, a space, a given name."""
    hits = 0
    for v in sample:
        m = _JA_NAME.match(v)
        hits += m is not None and m.group(1) in JA_FAMILY
    return hits / len(sample) if sample else 0.0


def has_honorific(value: str) -> bool:
    """A name said with an honorific: ``"Rohit sir"``, ``"Frau Weber"``, ``"Tanaka-san"``."""
    words = [w for w in re.split(r"[\s\-.,]+", value.casefold()) if w]
    return len(words) >= 2 and any(w in HONORIFICS for w in words)


def bare_word(word: str) -> str:
    """Lower case without accents (``Tomás`` -> ``tomas``), as the census list spells names."""
    folded = unicodedata.normalize("NFD", word.strip(".,").casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))
