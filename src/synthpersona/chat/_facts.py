# ruff: noqa: E501  (sentence tables read better unwrapped)
"""What a persona can truthfully say about itself, in English, Hinglish and Hindi, with evidence.

Every sentence is rendered from the persona's own fields (``profile``, traits, top cares,
media), so each number or trait word a reply states can be recomputed from the persona.
A fact the persona does not have (e.g. household income) is not invented: the sentence
says what is known instead.

Examples
--------
>>> from synthpersona.chat._persona import PersonaView
>>> v = PersonaView.from_dict({"persona_id": "p", "persona_name": "Amit Tiwari",
...     "personality_traits": {"device_count": "1.0 devices"},
...     "profile": {"age": 18, "gender": "Male", "monthly_income_inr": 6300}})
>>> f = facts(v)
>>> f["devices"].text["en"], f["income"].text["hinglish"]
('I have 1 device.', 'Mahine ka lagbhag ₹6,300 kamata hoon.')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from synthpersona.chat._fact_text import (
    _CHANNEL,
    _EDUCATION,
    _WORK,
    Fact,
    _Add,
    _both,
    _evidence,
    _family,
    _g,
    _interests,
    _source,
    _three,
    lc_all,
    rupees,
)
from synthpersona.chat._persona import PersonaView
from synthpersona.chat._words import (
    FESTIVAL_HI,
    LANGUAGE_HI,
    hindi,
    interest_words,
    segment_hindi,
)

__all__ = ["FACT_KEYS", "Fact", "facts", "rupees"]

FACT_KEYS = (
    "name", "age", "city", "work", "income", "household_income", "family", "devices", "media",
    "interests", "festival", "channel", "emi", "languages", "education", "segment",
)  # fmt: skip


def _add_interests(v: PersonaView, add: _Add) -> None:
    """Hobbies: the interests the data shows at the high level, then where free time goes."""
    interests = _interests(v)
    main = v.media_main
    en, hg, hi = (interest_words(interests[:2], lang) for lang in ("en", "hinglish", "hi"))
    care_en = _both([lc_all(c) for c in v.cares[:2]], "and")
    care_hi = _both([hindi(c) for c in v.cares[:2]], "और")
    if interests:
        lead = (f"I'm really into {_both(en, 'and')}, and m", f"Mujhe {_both(hg, 'aur')} ka shauk hai, aur ",
                f"मुझे {_both(hi, 'और')} का शौक है, और ")  # fmt: skip
    elif v.interests_known:
        lead = ("No particular hobby, to be honest. M", "Koi khaas shauk nahi hai. ",
                "कोई ख़ास शौक नहीं है। ")  # fmt: skip
    else:
        lead = ("M", "", "")
    add(
        "interests",
        interests,
        _three(
            v,
            f"{lead[0]}ost of my free time goes on {main}; when I shop I look for {care_en}.",
            f"{lead[1]}free time zyada tar {main} pe jaata hai; kharidte waqt {care_en} dekh{{ta}} hoon.".replace(
                "{ta}", "ti" if v.female else "ta"
            ),
            f"{lead[2]}ख़ाली समय ज़्यादातर {main} पर जाता है; ख़रीदते समय {care_hi} देख{'ती' if v.female else 'ता'} हूँ।",
        ),
        [
            _source(v, "profile.interests", v.interests)
            if v.interests_known
            else _source(v, "title", v.title),
            _source(v, "profile.care_about", v.cares),
            _source(v, "media_preference", v.media),
        ],
        *(en[:1] or [main]),
    )


def _add_festival(v: PersonaView, add: _Add) -> None:
    """The main festival of the persona's data; without it, nothing is claimed."""
    if v.festival:
        fest, fest_hi = v.festival, FESTIVAL_HI.get(v.festival, v.festival)
        text = _three(
            v,
            f"{fest} is the big one for me; that's when the family shops and celebrates.",
            f"Mera sabse bada tyohar {fest} hai; tabhi ghar mein sabse zyada shopping hoti hai.",
            f"मेरा सबसे बड़ा त्योहार {fest_hi} है; तभी घर में सबसे ज़्यादा ख़रीदारी होती है।",
        )
        add("festival", fest, text, [_source(v, "profile.main_festival", fest)], fest)
    else:
        text = _three(
            v,
            "Festivals are a family affair for me; I wouldn't single one out.",
            "Tyohar toh ghar walon ke saath hi manate hain; koi ek nahi chun sakta.",
            "त्योहार तो घरवालों के साथ ही मनाते हैं; कोई एक नहीं चुन सकता।",
        )
        add("festival", None, text, [])


def _add_name(v: PersonaView, add: _Add) -> None:
    """The persona's name."""
    add(
        "name",
        v.name,
        _three(v, f"I'm {v.name}.", f"Mera naam {v.name} hai.", f"मेरा नाम {v.name} है।"),
        [_source(v, "profile.name", v.name)],
        v.first,
    )


def _add_age(v: PersonaView, add: _Add) -> None:
    """Their age, when the data has it (a privacy-protected persona says its band, never a year)."""
    if v.age is None and v.age_range:
        add(
            "age",
            v.age_range,
            _three(
                v,
                f"I'm in the {v.age_range} bracket; I'd rather not say exactly.",
                f"Main {v.age_range} wale group mein hoon; exact nahi {_g(v, 'bataunga', 'bataungi')}.",
                f"मेरी उम्र {v.age_range} के बीच है; ठीक-ठीक नहीं {_g(v, 'बताऊँगा', 'बताऊँगी')}।",
            ),
            _evidence(v, "profile.age", v.age_range, "demographics"),
            v.age_range,
        )
    if v.age is not None:
        add(
            "age",
            v.age,
            _three(
                v,
                f"I'm {v.age}.",
                f"Main {v.age} saal {_g(v, 'ka', 'ki')} hoon.",
                f"मैं {v.age} साल {_g(v, 'का', 'की')} हूँ।",
            ),
            _evidence(v, "profile.age", v.age, "demographics"),
            str(v.age),
        )


def _add_city(v: PersonaView, add: _Add) -> None:
    """Where they live: city, state and tier."""
    if v.city:
        state = f", {v.state}" if v.state and v.state != v.city else ""
        tier = f" (a {v.tier} city)" if v.tier else ""
        add(
            "city",
            v.city,
            _three(
                v,
                f"I live in {v.city}{state}{tier}.",
                f"Main {v.city}{state} mein rehta hoon.",
                f"मैं {v.city}{state} में रहता हूँ।",
            ),
            _evidence(v, "profile.city", v.city, "demographics"),
            v.city,
        )


def _add_work(v: PersonaView, add: _Add) -> None:
    """What they do, for the occupations the data knows."""
    occ = v.occupation
    if occ in _WORK:
        en, hg, hi = _WORK[occ]
        add(
            "work",
            occ,
            _three(v, en, hg, hi),
            [_source(v, "profile.occupation", v.profile.get("occupation"))],
            occ.split()[0],
        )


def _add_income(v: PersonaView, add: _Add) -> None:
    """Their own monthly income (or that they have none)."""
    if v.income_inr is not None:
        amount = rupees(v.income_inr)
        if v.income_inr > 0:
            text = _three(
                v,
                f"I earn about {amount} a month.",
                f"Mahine ka lagbhag {amount} kamata hoon.",
                f"मैं महीने का लगभग {amount} कमाता हूँ।",
            )
        else:
            text = _three(
                v,
                "I don't have an income of my own; the household budget pays for things.",
                "Meri apni koi income nahi hai, ghar ke budget se chalta hai.",
                "मेरी अपनी कोई कमाई नहीं है, घर के बजट से चलता है।",
            )
        add(
            "income",
            v.income_inr,
            text,
            _evidence(v, "profile.monthly_income_inr", v.income_inr),
            amount if v.income_inr else "income",
        )


def _add_household_income(v: PersonaView, add: _Add) -> None:
    """The household's income; without it, what the persona can say instead (never an invented total)."""
    if v.household_income_inr is not None:
        amount = rupees(v.household_income_inr)
        add(
            "household_income",
            v.household_income_inr,
            _three(
                v,
                f"Our household brings in about {amount} a month.",
                f"Ghar ki total income lagbhag {amount} mahina hai.",
                f"घर की कुल आमदनी लगभग {amount} महीना है।",
            ),
            [_source(v, "profile.household_income_inr", v.household_income_inr)],
            amount,
        )
    elif v.income_inr == 0:
        add(
            "household_income",
            None,
            _three(
                v,
                "I have no income of my own, and I don't know the exact household total; we manage on the family budget.",
                "Meri apni income nahi hai, aur ghar ka exact total mujhe nahi pata; family budget se chalta hai.",
                "मेरी अपनी आमदनी नहीं है, और घर का सही कुल मुझे नहीं पता; परिवार के बजट से चलता है।",
            ),
            [_source(v, "profile.monthly_income_inr", 0)],
            "income",
        )
    elif v.income_inr is not None:
        own = rupees(v.income_inr)
        add(
            "household_income",
            None,
            _three(
                v,
                f"I can only speak for my own money: about {own} a month. I don't keep track of the household total.",
                f"Ghar ka total mujhe exact nahi pata; meri apni income lagbhag {own} mahina hai.",
                f"घर का कुल मुझे ठीक से नहीं पता; मेरी अपनी आमदनी लगभग {own} महीना है।",
            ),
            [_source(v, "profile.monthly_income_inr", v.income_inr)],
            own,
        )


def _add_family(v: PersonaView, add: _Add) -> None:
    """Marital status and children."""
    fam = _family(v)
    add(
        "family",
        v.marital,
        fam,
        [_source(v, "profile.marital_status", v.marital), _source(v, "profile.num_children", v.children)],
        v.marital.lower() if v.marital else "",
    )


def _add_devices(v: PersonaView, add: _Add) -> None:
    """How many devices they have."""
    n = v.device_count
    if n is not None:
        noun_en = "device" if n == 1 else "devices"
        verb = "hai" if n == 1 else "hain"
        verb_hi = "है" if n == 1 else "हैं"
        add(
            "devices",
            n,
            _three(
                v, f"I have {n} {noun_en}.", f"Mere paas {n} device {verb}.", f"मेरे पास {n} डिवाइस {verb_hi}।"
            ),
            _evidence(v, "personality_traits.device_count", v.traits.get("device_count")),
            f"{n} device",
        )


def _add_media(v: PersonaView, add: _Add) -> None:
    """Where their time goes: the media of their data."""
    media = [m.strip() for m in v.media.split(",") if m.strip()]
    if media:
        joined_en = (
            " and ".join(media[:3]) if len(media) <= 2 else ", ".join(media[:-1]) + " and " + media[-1]
        )
        joined_hg = " aur ".join(media[:3])
        joined_hi = " और ".join(media[:3])
        add(
            "media",
            media,
            _three(
                v,
                f"I'm mostly on {joined_en}.",
                f"Zyada time {joined_hg} pe jaata hai.",
                f"मेरा ज़्यादातर समय {joined_hi} पर जाता है।",
            ),
            _evidence(v, "media_preference", v.media, "media_preference"),
            media[0],
        )


def _add_channel(v: PersonaView, add: _Add) -> None:
    """How they prefer to be reached."""
    chan = v.channel.lower()
    if chan in _CHANNEL:
        en, hg, hi = _CHANNEL[chan]
        add(
            "channel",
            v.profile.get("preferred_channel"),
            _three(v, en, hg, hi),
            [_source(v, "profile.preferred_channel", v.profile.get("preferred_channel"))],
            chan.split()[0],
        )


def _add_emi(v: PersonaView, add: _Add) -> None:
    """How often they pay in EMIs, and the share of people like them who do."""
    if "emi_usage_likelihood" in v.traits:
        pct = f"{round(v.emi * 100)}%"
        habit = "often" if v.emi >= 0.5 else "sometimes" if v.emi >= 0.25 else "rarely"
        hg_habit = {"often": "aksar", "sometimes": "kabhi kabhi", "rarely": "kam hi"}[habit]
        hi_habit = {"often": "अक्सर", "sometimes": "कभी-कभी", "rarely": "कम ही"}[habit]
        add(
            "emi",
            v.emi,
            _three(
                v,
                f"I {habit} use EMI; about {pct} of people like me do.",
                f"EMI main {hg_habit} leta hoon; mere jaise logon mein lagbhag {pct} lete hain.",
                f"मैं EMI {hi_habit} लेता हूँ; मेरे जैसे लोगों में लगभग {pct} लेते हैं।",
            ),
            _evidence(
                v,
                "personality_traits.emi_usage_likelihood",
                v.traits.get("emi_usage_likelihood"),
                "personality_traits.emi_usage_likelihood",
            ),
            pct,
        )


def _add_languages(v: PersonaView, add: _Add) -> None:
    """The language they speak (and English)."""
    if v.language:
        lang = v.language
        en_extra = "" if lang == "English" else " and I get by in English"
        hg_extra = "" if lang == "English" else ", English bhi chal jaati hai"
        hi_extra = "" if lang == "English" else ", अंग्रेज़ी भी चल जाती है"
        add(
            "languages",
            lang,
            _three(
                v,
                f"I mostly speak {lang}{en_extra}.",
                f"Main zyada tar {lang} bolta hoon{hg_extra}.",
                f"मैं ज़्यादातर {LANGUAGE_HI.get(lang, lang)} बोलता हूँ{hi_extra}।",
            ),
            [_source(v, "profile.language", lang)],
            lang,
        )


def _add_education(v: PersonaView, add: _Add) -> None:
    """Their education, for the levels the data knows."""
    edu = v.education.lower()
    if edu in _EDUCATION:
        en, hg, hi = _EDUCATION[edu]
        add(
            "education",
            v.education,
            _three(v, en, hg, hi),
            [_source(v, "profile.education_level", v.education)],
        )


def _add_segment(v: PersonaView, add: _Add) -> None:
    """The name of their group (in Hindi, its words, never the English label)."""
    if v.segment:
        add(
            "segment",
            v.segment,
            _three(
                v,
                f"People call my group '{v.segment}'.",
                f"Mera group hai '{v.segment}'.",
                # the label's words in Hindi, never the English label inside a Hindi reply
                f"मेरा ग्रुप: {seg_hi}।"
                if (seg_hi := segment_hindi(v.segment))
                else "मैं अपने जैसे लोगों के एक ग्रुप में गिना जाता हूँ।",
            ),
            [_source(v, "profile.cluster_label", v.segment)],
            v.segment,
        )


#: The fact builders, in the order a persona's facts are listed (each adds its fact, or nothing).
FACT_BUILDERS: tuple[Callable[[PersonaView, _Add], None], ...] = (
    _add_name,
    _add_age,
    _add_city,
    _add_work,
    _add_income,
    _add_household_income,
    _add_family,
    _add_devices,
    _add_media,
    _add_interests,
    _add_festival,
    _add_channel,
    _add_emi,
    _add_languages,
    _add_education,
    _add_segment,
)


def facts(v: PersonaView) -> dict[str, Fact]:
    """Every self-fact the persona has, keyed by :data:`FACT_KEYS` (absent ones are left out)."""
    out: dict[str, Fact] = {}

    def add(
        key: str, value: Any, text: dict[str, str] | None, ev: list[dict[str, Any]], *markers: str
    ) -> None:
        if text is not None:
            out[key] = Fact(key, value, text, ev, tuple(m for m in markers if m))

    for build in FACT_BUILDERS:
        build(v, add)
    return out
