# ruff: noqa: E501  (phrase bank: one sentence per line reads better than wrapped strings)
"""Reasons ("why?"), questions a persona asks back, and persona-specific leads of the first stance sentence.

Same conventions as :mod:`synthpersona.chat._bank` (placeholders, gendered Hindi endings,
several variants per slot); re-exported there, so callers use ``_bank`` only.
"""

from __future__ import annotations

# Why a persona holds its view ("why?" after a topic); English reasons, translated below.
WHY_PRICE = (
    "Because I earn {income_phrase}, and I have other expenses too. I'm {price_word} price-sensitive, so I think carefully before spending.",
    "Mainly my budget. With {income_phrase}, a bad purchase really hurts, so value for money comes first.",
)
WHY_EMI = (
    "A lot of people like me use EMIs (around {emi_pct} in my circle), because big payments at once are hard on a monthly budget.",
    "Because spreading the cost helps me plan my month. Around {emi_pct} of people like me do the same.",
)
WHY_PRIVACY = (
    "I'm {privacy_word} about privacy because I've seen how much apps collect. My data is mine.",
    "Because I don't like companies knowing more about me than needed. I'm {privacy_word} on that.",
)
WHY_BRAND = (
    "My brand awareness is {brand_word}. I notice names, but what matters is whether it's worth it.",
    "Because a known brand reduces the risk for me. My biggest worry is {barrier_lc}.",
)
WHY_QUALITY = (
    "Because {care1_lc} is one of the two things I care about most, and cheap stuff has let me down before.",
)
WHY_FEATURES = (
    "Because I'm {tech_word} with tech and I use {devices}. Features only matter if they help me every day.",
)
WHY_PURCHASE = ("Because my main barrier is {barrier_lc}. Solve that and I'm much more likely to buy.",)
WHY_OPINION = (
    "Because what I care about is {care1_lc} and {care2_lc}, and I'm not sure yet how {thing} {does} on those.",
)
WHY_TRUST = (
    "Because I've seen too many products that looked good in ads and disappointed. Real reviews are safer.",
)
WHY_DEFAULT = (
    "It comes down to what matters to me: {care1_lc} and {care2_lc}. And {barrier_lc} always worries me.",
    "Just my experience, really. I'm {price_word} price-sensitive and I care about {care1_lc}.",
)
WHY_LOCAL = {
    "hinglish": [
        "Kyunki {income_hg} mein har kharcha soch ke karna padta hai. Mere liye {care1_lc} sabse zaroori hai.",
        "Bas apna experience hai. {care1_lc} aur {care2_lc} mere liye sabse important hain.",
    ],
    "hi": ["क्योंकि {income_hi} में हर ख़र्च सोचकर करना पड़ता है। मेरे लिए {care1_lc} सबसे ज़रूरी है।"],
}

# Questions a persona asks back, by language.
FU_PRICE = {
    "en": ("What price are you thinking of?", "Is there any launch offer?"),
    "hinglish": ("Aap kitne ka soch rahe ho?", "Koi launch offer hai kya?"),
    "hi": ("आप कितने का सोच रहे हैं?",),
}
FU_EMI = {
    "en": ("Is the EMI really no-cost?", "Which cards does the EMI work with?"),
    "hinglish": ("EMI sach mein no-cost hai?",),
    "hi": ("क्या EMI सच में नो-कॉस्ट है?",),
}
FU_PRIVACY = {
    "en": ("What data would you actually collect?", "Can I switch the tracking off?"),
    "hinglish": ("Aap kaunsa data loge?",),
    "hi": ("आप कौन-सा डेटा लेंगे?",),
}
FU_BRAND = {
    "en": ("Who else makes something similar?",),
    "hinglish": ("Aur kaun aisa bana raha hai?",),
    "hi": ("और कौन ऐसा बनाता है?",),
}
FU_FEATURES = {
    "en": ("What does it do better than the others?", "How is the battery life?"),
    "hinglish": ("Baaki se behtar kya hai isme?",),
    "hi": ("बाक़ियों से बेहतर क्या है?",),
}
FU_QUALITY = {
    "en": ("What's the warranty like?", "How long does it usually last?"),
    "hinglish": ("Warranty kitni hai?",),
    "hi": ("वारंटी कितनी है?",),
}
FU_TRUST = {
    "en": ("Do you have reviews from real customers?",),
    "hinglish": ("Real customers ke reviews hain?",),
    "hi": ("असली ग्राहकों की राय है?",),
}
FU_OPINION = {
    "en": ("What makes it different?", "Who is it mainly for?"),
    "hinglish": ("Isme alag kya hai?",),
    "hi": ("इसमें अलग क्या है?",),
}
FU_COMPARISON = {
    "en": ("Which one would you recommend?",),
    "hinglish": ("Aap kaunsa suggest karoge?",),
    "hi": ("आप कौन-सा सुझाएँगे?",),
}
FU_DELIVERY = {
    "en": ("How long does delivery take to {city_or_home}?",),
    "hinglish": ("{city_or_home} tak kitne din lagenge?",),
    "hi": ("{city_or_home} तक कितने दिन लगेंगे?",),
}
FU_RETURNS = {
    "en": ("How many days do I get to return it?",),
    "hinglish": ("Return ke liye kitne din milenge?",),
    "hi": ("वापसी के लिए कितने दिन मिलेंगे?",),
}

# A persona-specific lead for the first stance sentence of a reply, so personas of different
# segments never open alike ("On about ₹6,300 a month, price is a big deal for me.").
ANCHORS: dict[str, dict[str, list[str]]] = {
    "price": {
        "en": ["On {income_phrase}, ", "Earning {income_phrase}, "],
        "hinglish": ["{income_hg} ke hisaab se, "],
        "hi": ["{income_hi} के हिसाब से, "],
    },
    "emi": {
        "en": ["With about {emi_pct} of people like me using EMIs, "],
        "hinglish": ["Mere jaise lagbhag {emi_pct} log EMI lete hain, aur "],
        "hi": ["मेरे जैसे लगभग {emi_pct} लोग EMI लेते हैं, और "],
    },
    "privacy": {
        "en": ["As a {age}-year-old in {city_or_home}, "],
        "hinglish": ["{city_or_home} mein {age} saal ki umar mein, "],
        "hi": ["{city_or_home} में {age} साल की उम्र में, "],
    },
    "brand": {
        "en": ["As someone who cares about {care1_lc}, "],
        "hinglish": ["Mujhe {care1_lc} chahiye, toh "],
        "hi": [],
    },
    "quality": {
        "en": ["Wanting {care1_lc} as I do, "],
        "hinglish": ["Mujhe {care1_lc} chahiye, toh "],
        "hi": [],
    },
    "features": {
        "en": ["With {devices} already, "],
        "hinglish": ["Mere paas pehle se {devices} hain, toh "],
        "hi": [],
    },
    "tech": {"en": ["At {age}, "], "hinglish": ["{age} saal ki umar mein, "], "hi": []},
    "purchase": {
        "en": ["With {barrier_lc} on my mind, "],
        "hinglish": ["{barrier_lc} ki wajah se, "],
        "hi": [],
    },
    "trust": {
        "en": ["Spending my time on {media_main}, "],
        "hinglish": ["{media_main} pe time bitata hoon, toh "],
        "hi": [],
    },
    "delivery": {"en": ["Out here in {city_or_home}, "], "hinglish": ["{city_or_home} mein, "], "hi": []},
    "returns": {"en": ["Out here in {city_or_home}, "], "hinglish": ["{city_or_home} mein, "], "hi": []},
    "support": {"en": ["In {city_or_home}, "], "hinglish": ["{city_or_home} mein, "], "hi": []},
    "media": {
        "en": ["Being on {media_main} most days, "],
        "hinglish": ["Roz {media_main} pe hota hoon, toh "],
        "hi": [],
    },
    "shopping": {"en": ["Living in {city_or_home}, "], "hinglish": ["{city_or_home} mein, "], "hi": []},
    "comparison": {
        "en": ["Caring about {care1_lc} as I do, "],
        "hinglish": ["Mujhe {care1_lc} chahiye, toh "],
        "hi": [],
    },
}
