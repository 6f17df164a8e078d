"""The words and value shapes column-role detection reads (:mod:`synthpersona.tables._roles`).

Header patterns are matched after :func:`~synthpersona.tables._columns.norm_name` (lower-case
letters and digits only); the ``RAW_*`` ones are matched on the raw header, for scripts that
``norm_name`` drops. Value patterns are matched on one cell's text. A vocabulary, not a rule:
:func:`~synthpersona.tables._roles.detect_role` weighs them with the values' cardinality and
the header's meaning.
"""

from __future__ import annotations

import re


# -- names (compared after norm_name: lower-case letters and digits only) -----------------------------
def words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


N_EMAIL = words(r"^e?mail", r"email", r"emailaddress", r"courriel")
N_PHONE = words(r"phone", r"mobile", r"^cell", r"telephone", r"^tel", r"telefon", r"whatsapp", r"contactno")
N_POSTAL = words(
    r"zip",
    r"postal",
    r"postcode",
    r"pincode",
    r"^pin$",
    r"^plz$",
    r"codepostal",
    r"postleitzahl",
    r"^cep$",
    r"^cap$",
    r"^cp$",
    r"codigopostal",
    r"postnummer",
    r"^postnr",
    r"kodpocztowy",
    r"postakodu",
    r"postinumero",
    r"postcode",
    r"^npa$",
)
N_ADDRESS = words(
    r"address", r"street", r"strasse", r"adresse", r"^addr", r"addressline", r"line[12]$", r"endereco",
    r"direccion", r"domicilio", r"indirizzo", r"^calle$", r"^rua$", r"^adres$", r"^straat", r"anschrift",
    r"^ulica$", r"housenumber", r"hausnummer",
)  # fmt: skip
# the same in scripts norm_name drops: Russian, Japanese (住所, 番地), Chinese, Korean, Hindi
RAW_ADDRESS = re.compile(r"адрес|улиц|住所|番地|地址|住址|주소|पता")
N_OWNER = words(
    r"owner", r"assigned", r"assignee", r"salesrep", r"^rep$", r"agent", r"counsel+or", r"createdby",
    r"modifiedby", r"salesperson", r"handledby", r"accountmanager", r"^bde$", r"caller", r"betreuer",
    r"responsable", r"verantwortlich", r"executive$",
)  # fmt: skip
# owner words of scripts that norm_name drops (matched on the raw header): Chinese "负责人"
# (person in charge), "跟进人" (follow-up), Japanese "担当", Korean "담당", Arabic "مسؤول"/"مندوب"
# ... and "owner" itself: Japanese/Chinese "所有者", "拥有者", Korean "소유자", Russian "владелец"
RAW_OWNER = re.compile(
    r"负责|負責|跟进人|跟進人|担当|담당|مسؤول|مندوب|所有者|拥有者|擁有者|소유자|владел|ответственн|"
    r"ผู้รับผิดชอบ|พนักงานขาย|נציג|אחראי|υπεύθυν|πωλητ",
    re.IGNORECASE,
)
# a header naming who did something ("Follow-up by", "Atendido por", "Bearbeitet von", "Suivi par",
# "Gestito da", "Behandeld door", "Hanteras av", "Obsługiwane przez", "द्वारा"): the agent is a
# person, a method or a channel; the values decide which (matched on the raw header, case-folded)
RAW_AGENT = re.compile(
    r"(?:^|[\s_\-./(])(?:by|von|par|por|pelo|pela|da|dal|door|av|af|przez|tarafından|द्वारा)\s*[:?)]*\s*$"
)
# words people put around a name ("Rohit sir", "Frau Weber", "Sra. Díaz", "Tanaka-san"): a value
# carrying one is a person, whatever the language of the name
_HONORIFICS_TEXT = """
    sir madam maam ma'am ji sahab saab bhai didi mr mrs ms miss dr herr frau sr sra srta mme mlle
    signor signora sig bey hanım hanim pani san sensei sama
"""
HONORIFICS = frozenset(_HONORIFICS_TEXT.split())
N_PERSON = words(
    r"^(first|last|middle|full|given|family|sur)?name$", r"firstname", r"lastname", r"fullname",
    r"surname", r"^(lead|contact|customer|client|student|candidate|person|applicant|parent)(full)?name$",
    r"vorname", r"nachname", r"prenom", r"^nom$", r"^nombre$", r"apellido", r"^contact$", r"^naam$",
)  # fmt: skip
N_NOT_PERSON = words(
    r"company", r"account", r"campaign", r"product", r"course", r"program", r"org", r"business",
    r"brand", r"file", r"event", r"plan", r"city", r"state", r"country", r"source", r"stage",
    r"firma", r"entreprise", r"societe", r"school", r"college", r"university", r"list", r"form", r"page",
)  # fmt: skip
N_ID = words(
    r"id$", r"^id", r"uuid", r"guid", r"(number|num|no|nr|#)$", r"^(number|no|nr)$", r"key$", r"^ref",
    r"reference", r"recordid", r"code$", r"^url$", r"^ipaddress$",
)  # fmt: skip
N_DATE = words(r"date", r"time", r"^created", r"^modified", r"lastactivity", r"datum", r"^day$", r"(on|at)$")
N_TEXT = words(
    r"note", r"description", r"comment", r"remark", r"message", r"feedback", r"summary", r"details",
    r"^bio$", r"about", r"notiz", r"bemerkung", r"kommentar", r"commentaire", r"tags?$",
)  # fmt: skip
N_MONEY = words(
    r"revenue", r"amount", r"price", r"value", r"dealsize", r"income", r"salary", r"budget", r"fee",
    r"cost", r"^arr$", r"^mrr$", r"turnover", r"umsatz", r"betrag", r"montant", r"chiffre", r"ctc",
    r"spend", r"sales$", r"inr", r"usd", r"eur",
)  # fmt: skip
N_PERCENT = words(r"percent", r"pct", r"%", r"rate$", r"ratio", r"probability", r"share$", r"prozent")

# -- values ------------------------------------------------------------------------------------------
V_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")
V_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
V_PHONE = re.compile(r"^\+?[\d\s().\-/]{7,22}$")
# dialled form: a + country code or a trunk 0, digits in groups (not an ID's plain run of digits)
V_DIALLED = re.compile(r"^(\+\d{1,3}|0|\(0?\d{1,4}\))[\s(\-./]*\d[\d()]*([\s.\-/]+[\d()]+){1,6}$")
V_POSTAL = re.compile(
    r"^(\d{3,6}([- ]\d{2,4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d)$", re.IGNORECASE
)
V_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.IGNORECASE)
V_CODE = re.compile(r"^(?=.*\d)[A-Za-z]{0,8}[-_#/]?[A-Za-z0-9]{3,}([-_/][A-Za-z0-9]+)*$")
_MONTHS = r"(jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janv|févr|avr|juil|déc)[a-zé]*\.?"
V_DATE = re.compile(
    r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|"
    rf"\d{{1,2}}[ -]{_MONTHS}[ ,\-]*\d{{2,4}}|{_MONTHS} \d{{1,2}},? \d{{4}})"
    r"([ tT]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?\s*(z|[+-]\d{2}:?\d{2}|[a-z]{2,5})?)?\s*$",
    re.IGNORECASE,
)
V_STREET = re.compile(
    r"\d+\w?,? .*\b(st|street|rd|road|ave|avenue|lane|ln|blvd|drive|dr|way|nagar|marg|colony|sector|"
    r"straße|strasse|str\.|weg|platz|rue|avenue|chemin|calle|via)\b"
    # the street first, the house number after (continental Europe, Latin America, Russia, East Asia)
    r"|^\W*(calle|c/|avenida|avda\.?|av\.|rua|travessa|alameda|rodovia|paseo|plaza|carrera|via|viale|piazza|"
    r"corso|largo|ulica|ul\.|ул\.?|улица|проспект|пр-т|пер\.|шоссе|straat|laan|gracht|gasse|allee|chaussee|"
    r"flat|house no\.?|plot|h\.? ?no\.?)\s.*\d"
    # a compound street name, then the number (Hauptstraße 12, Kerkstraat 5, Storgatan 3, Nørrevej 8)
    r"|^\W*\w+(straße|strasse|str\.|weg|gasse|platz|allee|damm|straat|laan|gatan|gata|vägen|vej|veien|gade)"
    r"\s+\d+\w?\b"
    r"|\d+\s*丁目|\d+番地?|\S+(로|길)\s*\d+",
    re.IGNORECASE,
)
# any space between the parts: Japanese and Chinese exports separate family and given name by U+3000
# a letter: Thai vowel and tone marks are combining characters, not word characters to ``re``
# (heldout10's Thai names read as no names at all and were clustered)
_LETTER = r"(?:[^\W\d_]|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
V_PERSON = re.compile(rf"^{_LETTER}+(?:[\s'.\-]+{_LETTER}+){{0,3}}\.?$")
# common given names in the markets the seed covers (India, English-speaking, Europe): a hint, never a rule
_GIVEN_NAMES_TEXT = """
    aarav aditi aditya akash amit amita anil anjali ankit anita arjun aryan deepak divya gaurav
    geeta harish isha karan kavita kiran krishna lakshmi manish meena mohit neha nikhil pooja
    pradeep priya rahul raj rajesh ramesh ravi rohit sachin sanjay sandeep shreya sneha sunil sunita
    suresh swati tanvi varun vijay vikram vivek yash abhishek arun ashok ayesha farhan imran
    mohammed ahmed james john robert michael william david richard joseph thomas charles christopher
    daniel matthew anthony mark steven paul andrew joshua kevin brian george edward mary patricia
    jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra ashley emily
    donna michelle laura emma olivia sophia ava mia amelia harper ella grace chloe lucas liam noah
    ethan oliver hans peter klaus jürgen stefan andreas wolfgang uwe frank markus anna ursula monika
    petra sabine katharina julia lena lukas felix maximilian jonas leon lea marie sophie jean pierre
    michel philippe alain nicolas françois louis camille chloé manon inès léa juan carlos josé luis
    miguel javier maría carmen lucía sofía isabel ana elena pedro pablo diego
"""
GIVEN_NAMES = frozenset(_GIVEN_NAMES_TEXT.split())
