"""Persona-data words in Hinglish and Devanagari Hindi, so Hindi replies do not quote English data.

The persona's cares and barrier (the vocabulary of ``synthpersona.personas``), its
interests, main festival and language, and the product words of the brand knowledge
file are English in the data. A Hindi reply renders them with these tables; a phrase
missing from a table stays as it is (``tests/chat`` checks every persona word has an
entry, so a new care or barrier is noticed).

Examples
--------
>>> hindi("Affordability"), hindi("Limited disposable income")
('कम दाम', 'ख़र्च के लिए पैसे कम हैं')
>>> interest_words(["gaming", "travel"], "hinglish")
['gaming', 'ghoomna-phirna']
>>> hindi_thing("the Samsung phone"), hindi_thing("what you're selling")
('Samsung फ़ोन', 'आप जो बेच रहे हैं')
>>> segment_hindi("Affluent • Higher Interest in Tech • Women (2)")
'अमीर, टेक्नोलॉजी में ज़्यादा दिलचस्पी, महिलाएँ'
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "FACT_PHRASE_HI",
    "FESTIVAL_HI",
    "INTEREST_WORDS",
    "LANGUAGE_HI",
    "TEAM_HI",
    "hindi",
    "hindi_thing",
    "interest_words",
    "segment_hindi",
]

# Cares and barriers of ``synthpersona.personas._traits`` (and the chat's defaults), lower-cased.
_PHRASES_HI: Final[dict[str, str]] = {
    "affordability": "कम दाम",
    "car tech and connectivity": "गाड़ी की टेक्नोलॉजी और कनेक्टिविटी",
    "child safety and development": "बच्चों की सुरक्षा और विकास",
    "clear, upfront pricing": "साफ़, पहले से बताया गया दाम",
    "data privacy and safety": "डेटा की सुरक्षा और निजता",
    "ease of use and after-sales support": "आसान इस्तेमाल और बिक्री के बाद की सर्विस",
    "easy emi and financing options": "आसान EMI और फ़ाइनेंस के विकल्प",
    "entertainment and content quality": "मनोरंजन और अच्छा कंटेंट",
    "fast delivery and easy returns": "जल्दी डिलीवरी और आसान वापसी",
    "fitness tracking and durability": "फ़िटनेस ट्रैकिंग और मज़बूती",
    "gaming performance": "गेमिंग परफ़ॉर्मेंस",
    "great content and screen experience": "बढ़िया कंटेंट और अच्छी स्क्रीन",
    "health benefits": "सेहत के फ़ायदे",
    "honest reviews over brand names": "ब्रांड के नाम से ज़्यादा सच्चे रिव्यू",
    "latest features and seamless device integration": "नए फ़ीचर और सारे डिवाइस का आपस में जुड़ना",
    "learning value": "सीखने का फ़ायदा",
    "one device that does it all": "एक ही डिवाइस जो सब कर दे",
    "personalised recommendations": "मेरी पसंद के हिसाब से सुझाव",
    "portability for travel": "सफ़र में साथ ले जाने की सुविधा",
    "premium experience": "प्रीमियम अनुभव",
    "premium quality and design": "प्रीमियम क्वालिटी और डिज़ाइन",
    "products for their own lifestyle": "अपनी जीवनशैली के हिसाब से चीज़ें",
    "reliability and good after-sales service": "भरोसेमंद चीज़ और अच्छी सर्विस",
    "safety and value for the family": "परिवार के लिए सुरक्षा और सही दाम",
    "saves time": "समय की बचत",
    "seeing and touching the product before buying": "ख़रीदने से पहले चीज़ को देखना-छूना",
    "shareable family products": "पूरे परिवार के काम आने वाली चीज़ें",
    "simple products that just work": "सीधी-सादी चीज़ें जो बस चल जाएँ",
    "skin-friendly, genuine products": "त्वचा के लिए सही, असली चीज़ें",
    "smart money decisions and returns": "पैसे के समझदार फ़ैसले और अच्छा रिटर्न",
    "specs and performance": "स्पेसिफ़िकेशन और परफ़ॉर्मेंस",
    "sports content and gear": "खेल का कंटेंट और सामान",
    "student discounts and value": "स्टूडेंट डिस्काउंट और सही दाम",
    "style and trends": "स्टाइल और ट्रेंड",
    "taste and freshness": "स्वाद और ताज़गी",
    "time-saving convenience": "समय बचाने वाली सुविधा",
    "tools that help the business": "काम-धंधे में मदद करने वाले टूल",
    "trends and what friends use": "ट्रेंड और दोस्त क्या इस्तेमाल करते हैं",
    "trusted, well-known brands": "भरोसेमंद, जाने-माने ब्रांड",
    "value and reliability for the household": "घर के लिए सही दाम और भरोसा",
    "value for money and discounts": "पैसे की पूरी वसूली और डिस्काउंट",
    "works across all my devices": "मेरे सारे डिवाइस पर चलना",
    "product quality": "प्रोडक्ट की क्वालिटी",
    "clear information before buying": "ख़रीदने से पहले साफ़ जानकारी",
    "good value for money": "पैसे की पूरी वसूली",
    "a product that simply works": "ऐसी चीज़ जो बस चल जाए",
    # barriers
    "complicated setup and unfamiliar technology": "मुश्किल सेटअप और अनजानी टेक्नोलॉजी",
    "distrust of buying online": "ऑनलाइन ख़रीदारी पर भरोसा नहीं",
    "limited access to devices": "डिवाइस कम हैं",
    "limited disposable income": "ख़र्च के लिए पैसे कम हैं",
    "low exposure to online ads and content": "ऑनलाइन विज्ञापन और कंटेंट कम देखना",
    "price feels high for the monthly budget": "महीने के बजट के हिसाब से दाम ज़्यादा लगता है",
    "reluctant to switch from brands they already trust": "भरोसेमंद ब्रांड छोड़ने का मन नहीं",
    "uncertainty about product quality": "क्वालिटी पर शक",
    "wary of new, untested products": "नई, बिना परखी चीज़ों से डर",
    "worried about how personal data is used": "निजी डेटा के इस्तेमाल की चिंता",
    "not yet convinced it fits their needs": "अभी यक़ीन नहीं कि यह मेरे काम का है",
    "not being sure it is worth it": "पक्का नहीं कि यह दाम के लायक़ है",
}

# interest column (without ``interest_``) -> (English, Hinglish, Hindi)
INTEREST_WORDS: Final[dict[str, tuple[str, str, str]]] = {
    "tech": ("technology", "tech", "टेक्नोलॉजी"),
    "fashion": ("fashion", "fashion", "फ़ैशन"),
    "beauty": ("beauty", "beauty", "ब्यूटी"),
    "health": ("health", "sehat", "सेहत"),
    "fitness": ("fitness", "fitness", "फ़िटनेस"),
    "education": ("learning new things", "padhai-likhai", "पढ़ाई-लिखाई"),
    "entertainment": ("films and shows", "movies aur shows", "फ़िल्में और शो"),
    "gaming": ("gaming", "gaming", "गेमिंग"),
    "sports": ("sports", "khel-kood", "खेल-कूद"),
    "travel": ("travel", "ghoomna-phirna", "घूमना-फिरना"),
    "finance": ("money and investing", "paisa aur investment", "पैसा और निवेश"),
    "food": ("food and cooking", "khana-peena", "खाना-पीना"),
    "parenting": ("parenting", "bachchon ki parvarish", "बच्चों की परवरिश"),
    "automobile": ("cars and bikes", "gaadiyan", "गाड़ियाँ"),
}
_LANG_INDEX: Final = {"en": 0, "hinglish": 1, "hi": 2}

FESTIVAL_HI: Final[dict[str, str]] = {
    "Diwali": "दिवाली", "Holi": "होली", "Durga Puja": "दुर्गा पूजा", "Ganesh Chaturthi": "गणेश चतुर्थी",
    "Navratri": "नवरात्रि", "Onam": "ओणम", "Pongal": "पोंगल", "Sankranti": "संक्रांति", "Bihu": "बिहू",
    "Chhath": "छठ", "Eid": "ईद", "Christmas": "क्रिसमस", "Gurpurab": "गुरपुरब", "Vaisakhi": "वैसाखी",
    "Buddha Purnima": "बुद्ध पूर्णिमा", "Losar": "लोसर", "Paryushan": "पर्युषण",
}  # fmt: skip

LANGUAGE_HI: Final[dict[str, str]] = {
    "Hindi": "हिंदी", "English": "अंग्रेज़ी", "Bengali": "बांग्ला", "Marathi": "मराठी", "Telugu": "तेलुगु",
    "Tamil": "तमिल", "Gujarati": "गुजराती", "Kannada": "कन्नड़", "Malayalam": "मलयालम", "Punjabi": "पंजाबी",
    "Odia": "ओड़िया",
}  # fmt: skip

# IPL teams (``chat._context.team``) as Hindi papers write them.
TEAM_HI: Final[dict[str, str]] = {
    "Mumbai Indians": "मुंबई इंडियंस", "Chennai Super Kings": "चेन्नई सुपर किंग्स",
    "Royal Challengers Bengaluru": "रॉयल चैलेंजर्स बेंगलुरु", "Kolkata Knight Riders": "कोलकाता नाइट राइडर्स",
    "Delhi Capitals": "दिल्ली कैपिटल्स", "Rajasthan Royals": "राजस्थान रॉयल्स", "Punjab Kings": "पंजाब किंग्स",
    "Sunrisers Hyderabad": "सनराइज़र्स हैदराबाद", "Gujarat Titans": "गुजरात टाइटंस",
    "Lucknow Super Giants": "लखनऊ सुपर जायंट्स",
}  # fmt: skip

# Product words of the brand knowledge file (labels and plurals) and the neutral stand-ins.
_THINGS_HI: Final[dict[str, str]] = {
    "phone": "फ़ोन", "phones": "फ़ोन", "laptop": "लैपटॉप", "laptops": "लैपटॉप", "headphones": "हेडफ़ोन",
    "speaker": "स्पीकर", "speakers": "स्पीकर", "smartwatch": "स्मार्टवॉच", "smartwatches": "स्मार्टवॉच",
    "tv": "टीवी", "tvs": "टीवी", "tablet": "टैबलेट", "tablets": "टैबलेट", "two-wheeler": "टू-व्हीलर",
    "two-wheelers": "टू-व्हीलर", "car": "कार", "cars": "कारें", "beauty product": "ब्यूटी प्रोडक्ट",
    "beauty products": "ब्यूटी प्रोडक्ट", "finance app": "फ़ाइनेंस ऐप", "finance apps": "फ़ाइनेंस ऐप",
    "appliance": "घरेलू उपकरण", "appliances": "घरेलू उपकरण", "subscription": "सब्सक्रिप्शन",
    "subscriptions": "सब्सक्रिप्शन", "product": "प्रोडक्ट", "it": "यह",
    "what you're selling": "आप जो बेच रहे हैं", "something like this": "ऐसी चीज़",
}  # fmt: skip


# What a fact is about, for "as I said about ..." in Hindi.
FACT_PHRASE_HI: Final[dict[str, str]] = {
    "name": "अपने नाम", "age": "अपनी उम्र", "city": "अपने शहर", "work": "अपने काम", "income": "अपनी कमाई",
    "household_income": "घर की आमदनी", "family": "अपने परिवार", "devices": "अपने डिवाइस",
    "media": "ख़ाली समय", "interests": "अपने शौक", "festival": "त्योहार", "channel": "ख़रीदारी",
    "emi": "EMI", "languages": "भाषा", "education": "पढ़ाई", "segment": "अपने ग्रुप",
}  # fmt: skip


def hindi(phrase: str) -> str:
    """The Devanagari rendering of a persona phrase (a care, a barrier); the phrase itself if unknown."""
    return _PHRASES_HI.get(phrase.strip().rstrip(".").lower(), phrase)


def hindi_thing(thing: str) -> str:
    """``"Samsung phone"`` -> ``"Samsung फ़ोन"``: the product word in Devanagari, brand names kept."""
    text = thing.removeprefix("the ").strip()
    if text.lower() in _THINGS_HI:
        return _THINGS_HI[text.lower()]
    words = text.split(" ")
    for n in (2, 1):  # "beauty products", then "phone"
        tail = " ".join(words[-n:]).lower()
        if len(words) > n and tail in _THINGS_HI:
            return " ".join(words[:-n]) + " " + _THINGS_HI[tail]
    return text


def interest_words(interests: list[str], lang: str) -> list[str]:
    """The words for the persona's interests in ``lang`` (``en``, ``hinglish`` or ``hi``)."""
    i = _LANG_INDEX.get(lang, 0)
    return [INTEREST_WORDS[k][i] if k in INTEREST_WORDS else k for k in interests]


# Segment label words: every trait label of ``synthpersona.personas._traits`` and the
# comparatives ``personas._stats.comparative_label`` builds ("Higher Income", "Younger"), so a
# Hindi reply names the segment in Hindi instead of quoting its English label.
_SEGMENT_HI: Final[dict[str, str]] = {
    "tech adopters": "नई टेक्नोलॉजी अपनाने वाले", "tech cautious": "टेक्नोलॉजी से सावधान",
    "value conscious": "दाम का ध्यान रखने वाले", "premium seekers": "प्रीमियम चीज़ें चाहने वाले",
    "brand loyal": "ब्रांड के पक्के", "brand agnostic": "ब्रांड से ज़्यादा रिव्यू देखने वाले",
    "privacy first": "निजता को सबसे ऊपर रखने वाले", "open sharers": "खुलकर जानकारी देने वाले",
    "multi-device": "कई डिवाइस वाले", "single-device": "एक ही डिवाइस वाले",
    "always online": "हमेशा ऑनलाइन", "light users": "कम स्क्रीन देखने वाले",
    "frequent shoppers": "अक्सर ख़रीदारी करने वाले", "occasional shoppers": "कभी-कभार ख़रीदारी करने वाले",
    "affluent": "अमीर", "budget-constrained": "तंग बजट वाले", "mature": "ज़्यादा उम्र वाले",
    "young": "युवा", "emi users": "EMI पर ख़रीदने वाले", "pay-upfront": "पूरा पैसा पहले देने वाले",
    "parents": "माता-पिता", "child-free": "बिना बच्चों वाले", "large households": "बड़े परिवार वाले",
    "gadget lovers": "गैजेट के शौक़ीन", "fashion-forward": "फ़ैशन के शौक़ीन",
    "beauty buffs": "ब्यूटी के शौक़ीन", "health focused": "सेहत पर ध्यान देने वाले",
    "fitness fans": "फ़िटनेस के शौक़ीन", "learners": "सीखने के शौक़ीन",
    "entertainment seekers": "मनोरंजन के शौक़ीन", "gamers": "गेम खेलने वाले",
    "sports fans": "खेल के शौक़ीन", "travellers": "घूमने-फिरने के शौक़ीन",
    "finance savvy": "पैसों की समझ रखने वाले", "foodies": "खाने के शौक़ीन",
    "parenting focused": "बच्चों की परवरिश पर ध्यान देने वाले", "auto enthusiasts": "गाड़ियों के शौक़ीन",
    "tier-1": "बड़े महानगरों वाले", "tier-2": "टियर-2 शहरों वाले", "tier-3": "छोटे शहरों वाले",
    "rural": "गाँव वाले", "semi-urban": "क़स्बों वाले", "students": "विद्यार्थी", "salaried": "नौकरीपेशा",
    "business owners": "कारोबारी", "self-employed": "अपना काम करने वाले", "homemakers": "गृहिणियाँ",
    "freelancers": "फ़्रीलांस काम करने वाले", "retirees": "रिटायर्ड लोग",
    "youtube-first": "ज़्यादातर यूट्यूब देखने वाले", "instagram-first": "ज़्यादातर इंस्टाग्राम चलाने वाले",
    "whatsapp-first": "ज़्यादातर व्हाट्सऐप चलाने वाले", "facebook-first": "ज़्यादातर फ़ेसबुक चलाने वाले",
    "tv watchers": "टीवी देखने वाले", "ott streamers": "ओटीटी देखने वाले", "news readers": "ख़बरें पढ़ने वाले",
    "quick-commerce regulars": "क्विक कॉमर्स से मँगाने वाले", "in-store buyers": "दुकान से ख़रीदने वाले",
    "social shoppers": "सोशल मीडिया से ख़रीदने वाले", "women": "महिलाएँ", "men": "पुरुष",
    "new parents": "नए माता-पिता", "parents of toddlers": "छोटे बच्चों के माता-पिता",
    "school parents": "स्कूल जाने वाले बच्चों के माता-पिता", "parents of teens": "किशोर बच्चों के माता-पिता",
    "high income": "ऊँची कमाई वाले", "low income": "कम कमाई वाले", "mainstream": "आम लोग",
    "older": "ज़्यादा उम्र वाले", "younger": "कम उम्र वाले",
}  # fmt: skip
# What a comparative label measures ("Higher <noun>"), for "<more/less> <noun>".
_COMPARED_HI: Final[dict[str, str]] = {
    "income": "कमाई", "brand awareness": "ब्रांड की जानकारी", "device count": "डिवाइस",
    "emi use": "EMI का इस्तेमाल", "household size": "परिवार का आकार", "online shopping": "ऑनलाइन ख़रीदारी",
    "price sensitivity": "दाम की फ़िक्र", "privacy preference": "निजता की फ़िक्र", "screen time": "स्क्रीन टाइम",
    "share of parents": "माता-पिता", "tech savviness": "टेक की समझ",
}  # fmt: skip


def _segment_part_hindi(part: str) -> str | None:
    key = part.strip().lower()
    if key in _SEGMENT_HI:
        return _SEGMENT_HI[key]
    more, _, what = key.partition(" ")
    if more not in ("higher", "lower"):
        return None
    amount = "ज़्यादा" if more == "higher" else "कम"
    if what.startswith("interest in "):
        topic = what.removeprefix("interest in ")
        words = INTEREST_WORDS.get(topic)
        return f"{words[2]} में {amount} दिलचस्पी" if words else None
    return f"{amount} {_COMPARED_HI[what]}" if what in _COMPARED_HI else None


def segment_hindi(label: str) -> str | None:
    """A segment label in Hindi, part by part; ``None`` when a part has no Hindi words.

    Labels join trait words with " • " and may end in a number that tells apart two
    segments with the same words ("Gamers (2)"); the number is dropped.
    """
    text = re.sub(r"\s*\(\d+\)\s*$", "", label)
    parts = [_segment_part_hindi(p) for p in text.split("•") if p.strip()]
    if not parts or any(p is None for p in parts):
        return None
    return ", ".join(p for p in parts if p)
