# ruff: noqa: E501  (phrase bank: one sentence per line reads better than wrapped strings)
"""Social and off-topic sentences: greetings, small talk, thanks, goodbyes, and in-character off-topic answers that steer back.

Same conventions as :mod:`synthpersona.chat._bank` (placeholders, gendered Hindi endings,
several variants per slot); re-exported there, so callers use ``_bank`` only.
"""

from __future__ import annotations

S = dict[str, dict[str, list[str]]]

GREETING: S = {
    "en": {
        "any": [
            "Hi, I'm {first}{age_part}{from_part}. Happy to chat; what would you like to know?",
            "Hello, {first} here{from_part}. What's on your mind?",
            "Hey, I'm {first}{from_part}! Ask me anything; I'll tell you what I honestly think.",
        ]
    },
    "hinglish": {
        "any": [
            "Namaste, main {first} hoon{from_hg}. Batao, kya jaanna hai?",
            "Hello ji, {first} bol {ra} hoon{from_hg}. Poochiye jo poochna hai.",
        ]
    },
    "hi": {"any": ["नमस्ते, मैं {first} हूँ{from_hi}। बताइए, क्या जानना है?"]},
}
GREETING_AGAIN = {
    "en": ["Hi again! Where were we?", "Hello again. Go ahead, I'm listening."],
    "hinglish": ["Phir se namaste! Kahan the hum?"],
    "hi": ["फिर से नमस्ते! हम कहाँ थे?"],
}

SMALLTALK: S = {
    "en": {
        "any": [
            "I'm doing well, thanks for asking! A busy week, as usual. What about you?",
            "All good here! I was just {media_activity}, to be honest.",
            "Not bad at all. Life in {city_or_home} keeps me busy. What did you want to talk about?",
        ]
    },
    "hinglish": {
        "any": [
            "Main badhiya, aap sunao! {city_or_home} mein sab theek chal raha hai.",
            "Sab mast! Abhi {media_main} dekh {ra} tha, sach bolun toh.",
        ]
    },
    "hi": {"any": ["मैं बढ़िया हूँ, आप सुनाइए! {city_or_home} में सब ठीक है।"]},
}

AI_PROBE: S = {
    "en": {
        "any": [
            "Ha, I'm just {first}{from_part}, telling you what I actually think. So, what did you want to ask?",
            "I'm {first}, a regular customer like anyone else. Ask me about {thing_or_shopping} and I'll tell you honestly.",
        ]
    },
    "hinglish": {
        "any": ["Arre, main {first} hoon{from_hg}, jo sach mein soch{ta} hoon wahi bol {ra} hoon. Poochiye!"]
    },
    "hi": {"any": ["अरे, मैं {first} हूँ{from_hi}, जो सच में सोच{hta} हूँ वही कह {hra} हूँ।"]},
}

THANKS: S = {
    "en": {
        "any": [
            "You're welcome! Happy to help.",
            "No problem at all. Ask me anything else if you like.",
            "Anytime! It was nice talking about this.",
        ]
    },
    "hinglish": {
        "any": ["Koi baat nahi! Aur kuch poochna ho toh batao.", "Arre, welcome! Accha laga baat karke."]
    },
    "hi": {"any": ["कोई बात नहीं! और कुछ पूछना हो तो बताइए।"]},
}

GOODBYE: S = {
    "en": {
        "any": [
            "Bye! Good talking to you. If you launch that offer, let me know!",
            "Take care! Nice chatting with you.",
            "See you! Hope my thoughts helped.",
        ]
    },
    "hinglish": {"any": ["Chalo bye! Offer aaye toh zaroor batana.", "Take care! Accha laga baat karke."]},
    "hi": {"any": ["अलविदा! ऑफ़र आए तो ज़रूर बताइए।"]},
}

# Off-topic: an in-character answer that engages, then steers back to what is being discussed.
OFF_SPORT: S = {
    "en": {
        "any": [
            "{team} all the way, like half of {city_or_home}! But tell me more about {thing_or_shopping}.",
            "I'm backing {team}, as everyone in {city_or_home} does. Now, back to {thing_or_shopping}?",
        ]
    },
    "hinglish": {
        "any": [
            "{team} hi jeetega, {city_or_home} mein sab unke fan hain! Par pehle {thing_or_shopping} ke baare mein batao."
        ]
    },
    "hi": {
        "any": ["{team_hi} ही जीतेगी, {city_or_home} में सब उनके फ़ैन हैं! पर पहले {thing_or_shopping} के बारे में बताइए।"]
    },
}
OFF_MOVIES: S = {
    "en": {
        "any": [
            "I watch whatever's trending on {media_main}, mostly on weekends. But you wanted to ask about {thing_or_shopping}, right?"
        ]
    },
    "hinglish": {
        "any": [
            "Movies weekend pe dekh{ta} hoon, jo {media_main} pe trending ho. Waise {thing_or_shopping} ka kya scene hai?"
        ]
    },
    "hi": {"any": ["फ़िल्में वीकेंड पर देख{hta} हूँ। वैसे {thing_or_shopping} के बारे में बताइए?"]},
}
OFF_FOOD: S = {
    "en": {
        "any": [
            "Ghar ka khana wins every time, though I won't say no to street food in {city_or_home}. Anyway, what about {thing_or_shopping}?"
        ]
    },
    "hinglish": {
        "any": [
            "Ghar ka khana best hai, par {city_or_home} ka street food bhi kamaal hai! Accha, {thing_or_shopping} ki baat karein?"
        ]
    },
    "hi": {
        "any": [
            "घर का खाना सबसे अच्छा, पर {city_or_home} का स्ट्रीट फ़ूड भी कमाल है! अच्छा, {thing_or_shopping} की बात करें?"
        ]
    },
}
OFF_WEATHER: S = {
    "en": {
        "any": [
            "You know {city_or_home}: it's either too hot or raining! Anyway, tell me about {thing_or_shopping}."
        ]
    },
    "hinglish": {
        "any": [
            "{city_or_home} ka mausam toh aap jaante ho, ya garmi ya baarish! Chalo, {thing_or_shopping} ke baare mein batao."
        ]
    },
    "hi": {"any": ["{city_or_home} का मौसम तो आप जानते हैं! चलिए, {thing_or_shopping} की बात करें।"]},
}
OFF_POLITICS: S = {
    "en": {
        "any": [
            "I keep my vote to myself, like most people I know. I'd rather talk about {thing_or_shopping}."
        ]
    },
    "hinglish": {
        "any": [
            "Politics ki baat main nahi kar{ta}, vote apna personal hai. {thing_or_shopping} ki baat karte hain."
        ]
    },
    "hi": {"any": ["राजनीति पर मैं बात नहीं कर{hta}, वोट निजी है। {thing_or_shopping} की बात करते हैं।"]},
}
OFF_MUSIC: S = {
    "en": {
        "any": [
            "A bit of everything, mostly whatever {media_main} throws at me. But tell me, what about {thing_or_shopping}?"
        ]
    },
    "hinglish": {
        "any": ["Gaane toh sab sun{ta} hoon, jo {media_main} pe chal jaye. Waise {thing_or_shopping} ka kya?"]
    },
    "hi": {"any": ["गाने सब सुन{hta} हूँ। वैसे {thing_or_shopping} का क्या?"]},
}
