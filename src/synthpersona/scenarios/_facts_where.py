"""Scenario understanding, where: the persona's city or town, the channel and the place.

Read by :func:`~synthpersona.scenarios.extract_facts`. A city of the population's list is
found anywhere; a town outside it only where a preposition places the persona there (the
setting, "from"/"lives in", or the persona's own sentence), since some town names are also
first names ("Sagar") and a relative's or a destination's town is not the persona's.
"""

from __future__ import annotations

import re

from synthpersona.schema import CITIES, CITY_ALIASES, CITY_STATE

from ._facts_lexicon import _CHANNEL_RES, _LANGS, _NOT_CALL, Channel
from ._facts_people import CALENDAR_WORDS, sentences

__all__ = ["away_relatives", "channel_of", "city_of", "place_of", "state_named", "stated_town"]


# Where the persona's own sentence places them ("Meenakshi Iyer, 52, calling from Chennai", "who
# runs a tiffin centre in Nellore"): that beats the setting's city (the resort in Udaipur).
_OWN_TOWN = re.compile(
    r"\b(?:calling from|calls from|writing from|lives in|living in|based in|from|in)\s+([A-Z][a-z]{2,})\b"
)


def own_city(sents: list[str], name: str | None) -> str | None:
    """The known city or town the persona's own sentence puts them in, else ``None``.

    Examples
    --------
    >>> own_city(["A resort in Udaipur.", "Meena Iyer, 52, is calling from Chennai."], "Meena Iyer")
    'Chennai'
    >>> own_city(["Meena Iyer, 52, says her son in Pune has not called."], "Meena Iyer") is None
    True
    """
    # "the civil hospital in Palampur, where they live": the town the scenario says is home
    for s in sents:
        home = re.search(
            r"\b(?:in|at|near)\s+([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?),\s+where\s+"
            r"(?:they|he|she|the family)\s+(?:lives?|stays?|live|stay)\b",
            s,
        )
        # "His wife teaches at a school in Ratnagiri, where she lives": the relative's home ("where
        # they live" after a relative's clause is the family's, the persona's too)
        if not home or set(home.group(1).split()) & _NOT_TOWNS:
            continue
        if re.search(r"\b(?:he|she)\s+\w+$", home.group(0)) and _elsewhere(s[: home.start()]):
            continue
        return home.group(1)
    first = (name or "").split()[0] if name else ""
    if not first:
        return None
    from ._places import is_town

    # The appositive after the name says where the persona comes from ("Dinesh Yadav, 48, a
    # wheat farmer from Rewari"): that town is theirs even when the gazetteer does not know it.
    # "a warehouse shift supervisor in Hosur with 9 years": a one-word town after "in"/"near" is
    # theirs too (two capitalised words after "in" are as often an employer: "in Kendriya Vidyalaya").
    appositive = re.compile(
        re.escape(name or "") + r"(?:,\s*\d{1,3})?,\s+an?\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+(from|in|near)\s+"
        r"([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)(?=\s*[,.;]|\s+(?:who|and|is|has|says|with)\b)"
    )
    for s in sents:
        m = appositive.search(s)
        if not m or set(m.group(2).split()) & _NOT_TOWNS:
            continue
        town = m.group(2)
        if m.group(1) == "from" or " " not in town or city_of(town) == town or is_town(town):
            return town

    for s in sents:
        if first not in s:
            continue
        for m in _OWN_TOWN.finditer(s, s.index(first)):
            town = m.group(1)
            if _elsewhere(s[: m.start()]) or _firm_follows(s, m.end()):
                continue
            if city_of(town) == town or is_town(town):
                # "is from Ratnagiri but has lived and worked in Bhiwandi": home is where they live now
                now = _LIVES_NOW.match(s, m.end()) if m.group(0).startswith("from") else None
                if now and (city_of(now.group(1)) == now.group(1) or is_town(now.group(1))):
                    return now.group(1)
                return town
    return None


# Where the persona lives or works now, after the town they come from ("from Gaya ... has worked as a
# mason in Surat for five years", "originally from Nanded, now lives in Hyderabad").
_LIVES_NOW = re.compile(
    r"(?:(?![.;]|\b(?:his|her|their)\s+(?:[\w-]+\s+)?(?:son|daughter|husband|wife|brother|sister|father|"
    r"mother|parents|children|family)\b)[^.;])*?\b(?:lives?|lived|living|stays?|stayed|staying|settled|based|"
    r"works?|worked|working|moved)\b(?:[^.;]{0,40}?)\s(?:in|to)\s+([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)\b"
)


def city_of(text: str) -> str | None:
    """The first city or town the text places someone in, unless it is a relative's or a destination.

    A city of the population's list counts anywhere; a gazetteer town only after a preposition
    (some town names are also first names, "Sagar"). A town tied to someone else ("her son, 36,
    lives in Pune", "his wife works in Dubai") or to where someone goes is not the persona's.

    Examples
    --------
    >>> city_of("A housing society in Thane. Her son, 36, lives in Pune and pays her bills.")
    'Thane'
    >>> city_of("Her husband is ill and her son studies in Nagpur.") is None
    True
    """
    low = text.lower()
    found: list[tuple[int, str]] = []
    for city, _, _ in CITIES:
        found += [(m.start(), city) for m in re.finditer(rf"\b{re.escape(city.lower())}\b", low)]
    for alias, city in CITY_ALIASES.items():
        if city in CITY_STATE:
            found += [(m.start(), city) for m in re.finditer(rf"\b{re.escape(alias)}\b", low)]
    from ._places import is_town

    # A gazetteer town after a preposition: "in Giridih district", "from Chitradurga", "near Hosur";
    # of two capitalised words ("in Sikar Road") the first alone when the pair is not a town, but
    # not when the second names a firm or a street ("at Central Bank of India", "at Krishna Market").
    gazetteer_only: list[tuple[int, str]] = []
    for m in re.finditer(r"\b(?:in|near|from|at)\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\b", text):
        words = re.split(r"[ -]", m.group(1))
        if is_town(m.group(1)):
            town = m.group(1)
        elif len(words) > 1 and words[1] in _FIRM_WORDS:
            continue
        else:
            town = words[0]
        if is_town(town) and town not in _NOT_TOWNS:
            gazetteer_only.append((m.start(1), town))
    own = [(pos, city) for pos, city in sorted(found) if not _someone_elses(text, pos)]
    # A gazetteer name that is also a word or a first name ("Central", "Krishna") yields to a city.
    for pos, town in sorted(gazetteer_only):
        if _someone_elses(text, pos) or (own and _wordlike(town)):
            continue
        own.append((pos, town))
    return min(own)[1] if own else None


# Second words that make "X Y" a firm, a market or a street, not a town "X" ("Central Bank").
_FIRM_WORDS = frozenset(
    [
        "Bank",
        "Market",
        "Road",
        "Marg",
        "Street",
        "Lane",
        "Chowk",
        "Bazaar",
        "Bazar",
        "Nagar",
        "Colony",
        "Society",
        "School",
        "College",
        "Hospital",
        "University",
        "Institute",
        "Cooperative",
        "Co",
        "Mills",
        "Industries",
        "Limited",
        "Ltd",
        "Store",
        "Stores",
        "Traders",
        "Enterprises",
        "Motors",
        "Finance",
        "Insurance",
        "Trust",
        "Foundation",
        "Hotel",
        "Mall",
        "Complex",
        "Tower",
        "Park",
        "Station",
        "Office",
        "Temple",
        "Mandir",
        "Masjid",
        "Church",
        "Company",
        "Group",
        "Sabha",
        "Samiti",
        "Sangh",
        "Centre",
        "Center",
        "Clinic",
    ]
)
# Gazetteer names that are also everyday words, titles or parts of addresses.
_COMMON_PLACE_WORDS = frozenset(
    [
        "Central",
        "North",
        "South",
        "East",
        "West",
        "New",
        "Old",
        "Nagar",
        "Road",
        "Raja",
        "Rani",
        "Main",
        "Market",
        "Bazar",
        "Bazaar",
        "Station",
        "Camp",
        "Cantonment",
        "Colony",
        "Town",
        "City",
        "Village",
        "Gate",
        "Fort",
        "Hill",
        "Hills",
        "Park",
        "Bank",
        "Lake",
        "Bridge",
    ]
)


def _firm_follows(text: str, end: int) -> bool:
    """True when the word after ``end`` makes the name a firm or a street ("Sagar| Cooperative Bank")."""
    nxt = re.match(r"[ -]([A-Z][a-z]+)", text[end:])
    return bool(nxt and nxt.group(1) in _FIRM_WORDS)


def _wordlike(town: str) -> bool:
    """True when a gazetteer-only name is also an everyday word or a first name ("Central", "Sagar")."""
    from ._facts_people import _first_names
    from ._places import town_states

    if town in CITY_STATE or town in town_states():
        return False
    return town in _COMMON_PLACE_WORDS or town in _first_names()


def state_named(text: str) -> str | None:
    """The Indian state a scenario places the persona in when it names no town ("a weaver in rural Odisha").

    A state tied to a relative or a destination ("her son works in Kerala") does not count.

    Examples
    --------
    >>> state_named("A handloom weaver in rural Odisha calls about her loan.")
    'Odisha'
    >>> state_named("Her son works in Kerala.") is None
    True
    """
    from synthpersona.schema import STATES

    found = []
    for state in STATES:
        found += [
            (m.start(), state)
            for m in re.finditer(rf"\b{re.escape(state)}\b", text)
            if not _BANK_BEFORE.search(text[: m.start()]) and not _BANK_AFTER.match(text[m.end() :])
        ]
    for pos, state in sorted(found):
        if not _someone_elses(text, pos):
            return state
    return None


# A state in a bank's name places nobody: "Punjab National Bank", "Bank of Maharashtra".
_BANK_BEFORE = re.compile(r"\bBank\s+of\s+$")
_BANK_AFTER = re.compile(
    r"\s*(?:&\s*\w+\s+)?(?:(?:National|Gramin|Grameen|Grameena|State|Co-?operative|Mercantile|Urban|"
    r"Apex|Rural|Financial)\s+)*(?:Bank|Corporation)\b"
)


def _someone_elses(text: str, pos: int) -> bool:
    """True when the place at ``pos`` belongs to a relative or a destination (see ``_ELSEWHERE``)."""
    start = max(text.rfind(".", 0, pos), text.rfind(";", 0, pos), text.rfind("\n\n", 0, pos)) + 1
    return _elsewhere(text[start:pos])


# Capitalised words after "in"/"from" that are not towns.
_NOT_TOWNS = frozenset(
    {
        "India",
        "English",
        "Diwali",
        "Hinglish",
        "Class",
        "Zoom",
        "Teams",
        "Google",
    }
    | set(_LANGS)
    | CALENDAR_WORDS
)
_TOWN = re.compile(
    r"\b(?:in|near|from|lives in|based in)\s+([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)(?=\s*[.,;:]|\s*$)"
)


# A setting line ending in its town, as trainers write headings: "Government TB clinic, Howrah."
_SETTING_TOWN = re.compile(r",\s+([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)\s*[.:\u0964]?\s*$")


_TRANSLITERATED = re.compile(r"[^\x00-\x7f]\s*\(([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)\)")


# The same spelling once the gloss has turned the script name into English: "Satara (Satara) tehsil".
_GLOSSED_TWICE = re.compile(r"\b([A-Z][a-z]{2,})\s*\(\1\)")


def stated_town(sents: list[str], name: str | None) -> str | None:
    """A town the scenario's setting names but the city list does not know ("a desk in Kota").

    Only the first sentence (the setting) and phrases saying where someone lives or comes from
    are read, so a destination ("a job in Dubai") is not taken for the persona's town.
    """
    names = set((name or "").replace(".", " ").split())
    heading = _SETTING_TOWN.search(sents[0]) if sents else None
    if heading and not set(heading.group(1).split()) & (names | _NOT_TOWNS):
        return heading.group(1)
    # A setting in another script gives its town's Latin spelling in brackets: "सातारा (Satara) तहसील".
    spelled = (_TRANSLITERATED.search(sents[0]) or _GLOSSED_TWICE.search(sents[0])) if sents else None
    if spelled and not set(spelled.group(1).split()) & (names | _NOT_TOWNS):
        return spelled.group(1)
    for i, s in enumerate(sents):
        about_persona = bool(names & set(re.findall(r"[A-Z][a-z]+", s)))
        for m in _TOWN.finditer(s):
            town = m.group(1)
            setting = i == 0 or re.match(r"(?:from|lives in|based in)\b", m.group(0))
            # The persona's own sentence places them ("grows wheat near Bathinda", "a maker in
            # Hosur") unless the town belongs to a relative or is where someone goes.
            own = about_persona and not _elsewhere(s[: m.start()])
            if (setting or own) and not (set(town.split()) & (names | _NOT_TOWNS)):
                return town
    return None


# Words before a town that tie it to someone else or to a destination ("his son in Pune",
# "moved to a branch in Satara", "a job in Dubai").
_ELSEWHERE = re.compile(
    r"(?:\b(?:his|her|their|whose)\s+(?:[\w-]+\s+)?|^\s*)(?:son|daughter|husband|wife|brother|sister|"
    r"father|mother|parents|children|relatives?|nephew|niece|cousin|uncle|aunt|in-laws?|"
    r"(?:father|mother|brother|sister|son|daughter)-in-law)\b"
    r"(?:,?\s+[\w'-]+,?){0,4}\s*$"
    r"|\b(?:job|moved|moving|transferred|posted|travel(?:s|ling|led)|flew|going|goes|to|rival|competitor|"
    r"another (?:firm|company|employer|bank|school|hospital))\b"
    r"(?:,?\s+[\w'-]+,?){0,4}\s*$",
    re.I,
)


_KIN = (
    r"(?:son|daughter|husband|wife|brother|sister|father|mother|parent|child|children|kid|relative|nephew|"
    r"niece|cousin|uncle|aunt|grandson|granddaughter|grandchildren|fianc[eé]e?|in-laws?|"
    r"(?:father|mother|brother|sister|son|daughter|parents)-in-law)"
)
# A clause whose subject is a relative ("Her husband drives a truck between Hosur and Hyderabad",
# "two daughters in school and a son, 20, who works in a factory in Pune"): its places and
# channels are the relative's. "a father of two" and "the mother" (the persona) are not.
_RELATIVE_SUBJECT = re.compile(
    r"(?:^\s*(?:but|while|whereas)?|\band)\s*(?:(?:his|her|their|whose)\s+|(?:a|an|one|two|three|four|five|\d)\s+)"
    r"(?:[\w-]+\s+)?" + _KIN + r"s?\b(?!\s+of\b)",
    re.I,
)
# Where the persona takes the subject back inside a sentence ("..., and she runs a shop in Nashik").
_CLAUSE_BREAK = re.compile(
    r"[.;:]|\b(?:and|but|while|whereas)\s+(?:he|she|they)\b|,\s*(?:he|she)\b|\n\n", re.I
)


def _elsewhere(prefix: str) -> bool:
    """True when what follows ``prefix`` (a place, a channel) belongs to a relative or a destination.

    Examples
    --------
    >>> _elsewhere("Her husband drives a truck between Hosur and ")
    True
    >>> _elsewhere("Her husband died; she runs a shop in "), _elsewhere("A father of two from ")
    (False, False)
    """
    clause = _CLAUSE_BREAK.split(prefix)[-1]
    return bool(_ELSEWHERE.search(prefix) or _RELATIVE_SUBJECT.search(clause) or _RELATIVE_WHO.search(prefix))


# A relative's "who" clause ("with his younger brother, who handles the buying in Bhusawal", "his
# mother, 78, who fell twice at home in Jorhat"): its places are the relative's.
_RELATIVE_WHO = re.compile(
    r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?" + _KIN + r"s?(?:,\s*\d{1,3})?,?\s+who\b[^.;]*$", re.I
)


# A contact that happened before this conversation ("she called the toll-free number within 72
# hours", "he emailed twice", "asked by phone last month"): not the channel of this one.
_PAST_CONTACT = re.compile(r"\b(?:called|phoned|rang|emailed|messaged|wrote|had (?:called|phoned))\b", re.I)
_EARLIER = re.compile(
    r"\b(?:last (?:week|month|year|night|time)|yesterday|earlier|ago|already|twice|thrice|(?:two|three|"
    r"several|many|\d+) times|previously|the next (?:morning|day|evening)|that (?:night|morning|evening)|"
    r"the same (?:day|night))\b"
    # a report made before this conversation: "he reported the fire to the insurer by phone"
    r"|\b(?:reported|informed|notified|complained|lodged|filed)\b"
    # an event before this conversation: "he joined after a sales call on the phone"
    r"|\b(?:joined|signed up|enrolled|subscribed|registered|was (?:told|promised|sold|shown)|"
    r"were (?:told|promised)|after (?:a|an|the|his|her) (?:[\w-]+ )?(?:call|visit|chat|email))\b",
    re.I,
)
# A relative on another line ("his wife, on the phone, says"): someone else's channel.
_RELATIVE_BEFORE = re.compile(
    r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?(?:son|daughter|husband|wife|brother|sister|father|mother|"
    r"parents|relatives?|family)\b[\s,]*(?:\w+\s+){0,2}$",
    re.I,
)


def _relatives_line(text: str, start: int) -> bool:
    """True when the channel cue at ``start`` is a relative's ("His wife ... will join on a video call")."""
    left = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
    before = text[left:start]
    return bool(_RELATIVE_BEFORE.search(before) or _RELATIVE_SUBJECT.search(_CLAUSE_BREAK.split(before)[-1]))


def _earlier_or_elsewhere(text: str, start: int, end: int) -> bool:
    """True when the channel cue at ``start:end`` is a past contact or a relative's line."""
    left = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
    right_stops = [i for i in (text.find(".", end), text.find(";", end)) if i >= 0]
    clause = text[left : min(right_stops) if right_stops else len(text)]
    cue = text[start:end]
    return bool(_PAST_CONTACT.fullmatch(cue) or _EARLIER.search(clause) or _relatives_line(text, start))


def channel_of(text: str) -> Channel | None:
    """The channel of this conversation: phone, video, chat or in person (``None`` if unsaid).

    A cue for the persona's earlier contact is weighed only when nothing else says how this
    conversation happens; a relative's line ("his wife will join later on a video call") never is.

    Examples
    --------
    >>> channel_of("Counter of a chemist shop. His wife, on the phone, says the doctor said no.")
    'in_person'
    >>> channel_of("A help camp at the tehsil office. She called the toll-free number within 72 hours.")
    'in_person'
    >>> channel_of("Sunita calls the helpline furious; she has called twice already.")
    'phone'
    """
    scrubbed = _NOT_CALL.sub(lambda m: "video" if "video" in m.group(0).lower() else " ", text)
    current: set[str] = set()
    for ch, rx in _CHANNEL_RES:
        if any(not _earlier_or_elsewhere(scrubbed, m.start(), m.end()) for m in rx.finditer(scrubbed)):
            current.add(ch)
    for ch, _ in _CHANNEL_RES:
        if ch in current:
            return ch
    for ch, rx in _CHANNEL_RES:
        if any(not _relatives_line(scrubbed, m.start()) for m in rx.finditer(scrubbed)):
            return ch
    return None


_PLACES = (
    "showroom",
    "dealership",
    "branch",
    "counter",
    "store",
    "shop",
    "office",
    "school",
    "college",
    "hospital",
    "ward",
    "clinic",
    "health centre",
    "help desk",
    "service desk",
    "helpline",
    "airport",
    "kendra",
    "university",
    "reception",
    "warehouse",
    "factory",
    "plant",
    "collectorate",
    "hotel",
    "campus",
)


def place_of(text: str) -> str | None:
    sents = sentences(text)
    title = sents[0].lower() if sents else ""
    low = text.lower()
    best: tuple[int, str] | None = None
    for p in _PLACES:
        rx = (
            r"\b(?:at|in|into|visits|reach|comes to|to the)\s+(?:an?|the|his|her)?\s*(?:[a-z'-]+\s+){0,3}?"
            + re.escape(p)
            + r"\b"
        )
        m = re.search(rx, low)
        pos = m.start() if m else (0 if re.search(rf"\b{re.escape(p)}\b", title) else None)
        if pos is not None and (best is None or pos < best[0]):
            best = (pos, p)
    return best[1] if best else None


_AWAY = re.compile(
    r"(?i:\b(?:his|her|their|a|an|one)\s+(?:elder\s+|younger\s+|eldest\s+|youngest\s+|only\s+)?("
    + _KIN
    + r")s?\b(?!'s)((?:(?!\b"
    + _KIN
    + r"s?\b)[^.;]){0,70}?)\b(?:in|at|near))\s+([A-Z][a-z]{2,})\b"
)


# A relative at home after all ("who lives with them"), or only visiting a place ("a trip to Goa").
_AT_HOME = re.compile(
    r"\b(?:he|she|they|lives with|living with|stays with|visit|visiting|holiday|trip|came|comes|brought|"
    r"drove|reached|staying)\b",
    re.I,
)


def away_relatives(about: str, city: str | None) -> list[str]:
    """Relatives the scenario places in another town than the persona's ("her mother in Almora").

    They do not live with the persona. A relative "who lives with them" stays at home even when a
    place of theirs is named later in the clause.

    Examples
    --------
    >>> away_relatives("Her husband is posted in Haridwar; her mother in Almora calls.", "Dehradun")
    ['husband', 'mother']
    >>> away_relatives("Her mother-in-law, who lives with them, trusts a clinic in Kolkata.", "Howrah")
    []
    """
    out: list[str] = []
    for m in _AWAY.finditer(about):
        who, between, town = m.group(1).lower(), m.group(2), m.group(3)
        if town == city or town in _NOT_TOWNS or _AT_HOME.search(between):
            continue
        if who not in out:
            out.append(who)
    return out
