# ruff: noqa: E501  (phrase bank: one sentence per line reads better than wrapped strings)
"""Stance sentences of the chat topics, by language (``en``, ``hinglish``, ``hi``) and trait level.

Templates use ``{placeholders}`` filled from the persona (see ``_compose``). Hindi verb
endings follow the persona's gender through ``{ta}`` (ta/ti), ``{ga}`` (ga/gi),
``{ra}`` (raha/rahi) and their Devanagari forms ``{hta}``, ``{hga}``, ``{hra}``.
Several variants per slot keep replies varied; a sentence is never said twice in
one conversation while an unused variant remains. The records that use these lists
are in ``_topics.py``. Social and off-topic sentences live in ``_bank_social``, reasons,
follow-up questions and openers in ``_bank_followup``; both are re-exported here.
"""

from __future__ import annotations

from synthpersona.chat._bank_followup import (
    ANCHORS,
    FU_BRAND,
    FU_COMPARISON,
    FU_DELIVERY,
    FU_EMI,
    FU_FEATURES,
    FU_OPINION,
    FU_PRICE,
    FU_PRIVACY,
    FU_QUALITY,
    FU_RETURNS,
    FU_TRUST,
    WHY_BRAND,
    WHY_DEFAULT,
    WHY_EMI,
    WHY_FEATURES,
    WHY_LOCAL,
    WHY_OPINION,
    WHY_PRICE,
    WHY_PRIVACY,
    WHY_PURCHASE,
    WHY_QUALITY,
    WHY_TRUST,
)
from synthpersona.chat._bank_social import (
    AI_PROBE,
    GOODBYE,
    GREETING,
    GREETING_AGAIN,
    OFF_FOOD,
    OFF_MOVIES,
    OFF_MUSIC,
    OFF_POLITICS,
    OFF_SPORT,
    OFF_WEATHER,
    SMALLTALK,
    THANKS,
)

S = dict[str, dict[str, list[str]]]

PRICE: S = {
    "en": {
        "high": [
            "Honestly, price is the first thing I check. On {income_phrase} I can't spend on {thing} without thinking twice, so it has to be clearly worth the money.",
            "Price is a big deal for me. I usually wait for a sale or compare three or four sites before I buy anything like {thing}.",
            "If {thing} {is} expensive, I'll probably look for something cheaper that does most of the job. Every rupee counts for me right now.",
            "I'd want to know the exact price and whether there's a discount. Paying full price isn't really my style.",
        ],
        "medium": [
            "Price matters, but it's not everything. If {thing} {is} good on {care1_lc}, I can stretch a bit.",
            "I'd pay a fair price, not a premium just for the name. Show me it's good value and I'm listening.",
            "I'm okay spending a little more if it lasts. What I don't like is paying extra for things I won't use.",
        ],
        "low": [
            "Price isn't really my main concern. If {thing} {is} genuinely good, I'm happy to pay for it.",
            "I don't mind paying more for something that's well made. Cheap stuff usually costs more in the long run.",
            "Honestly, I care more about {care1_lc} than about saving a few hundred rupees.",
        ],
    },
    "hinglish": {
        "high": [
            "Sach bolun toh price sabse pehle dekh{ta} hoon. {income_hg} mein {thing} pe kharcha soch samajh ke hi kar{ta} hoon.",
            "Price mere liye bahut matter karta hai. Main sale ka wait kar{ta} hoon ya 3-4 sites compare kar{ta} hoon.",
            "Agar {thing} mehenga hai toh main koi sasta option dhoondh{ta} hoon. Abhi har rupaya count karta hai.",
        ],
        "medium": [
            "Price matter karta hai, par sab kuch nahi. Agar {thing} {care1_lc} mein accha hai toh thoda zyada de sak{ta} hoon.",
            "Sahi daam doon{ga}, sirf naam ke liye extra nahi. Value dikhao toh baat banegi.",
        ],
        "low": [
            "Price meri main tension nahi hai. Cheez acchi ho toh paise dene mein dikkat nahi.",
            "Acchi quality ke liye zyada dena mujhe theek lagta hai. Sasta maal baad mein mehenga padta hai.",
        ],
    },
    "hi": {
        "high": [
            "सच कहूँ तो मैं सबसे पहले क़ीमत देख{hta} हूँ। {income_hi} में {thing} पर ख़र्च सोच-समझकर ही कर{hta} हूँ।",
            "क़ीमत मेरे लिए बहुत मायने रखती है। मैं सेल का इंतज़ार कर{hta} हूँ या तीन-चार जगह दाम मिला{hta} हूँ।",
        ],
        "medium": [
            "क़ीमत मायने रखती है, पर सब कुछ नहीं। अगर {thing} अच्छा है तो थोड़ा ज़्यादा दे सक{hta} हूँ।",
            "सही दाम दूँ{hga}, सिर्फ़ नाम के लिए ज़्यादा नहीं।",
        ],
        "low": [
            "क़ीमत मेरी मुख्य चिंता नहीं है। चीज़ अच्छी हो तो पैसे देने में दिक़्क़त नहीं।",
            "अच्छी क्वालिटी के लिए ज़्यादा देना मुझे ठीक लगता है।",
        ],
    },
}

EMI: S = {
    "en": {
        "high": [
            "EMI makes a big difference for me. If there's a no-cost EMI option, {thing} suddenly feels much more doable.",
            "I use EMIs for most bigger purchases, so I'd definitely check if {thing} comes with easy instalments.",
            "A no-cost EMI on my card would almost decide it for me. Paying everything upfront is hard.",
        ],
        "medium": [
            "I sometimes use EMI for bigger things. If it's truly no-cost, I'd consider it, but I read the fine print.",
            "EMI is nice to have. I'd use it only if there are no hidden processing fees.",
        ],
        "low": [
            "I don't really like EMIs; I'd rather save up and pay in one go.",
            "I prefer paying upfront. Instalments make me feel like I'm in debt for a gadget.",
        ],
    },
    "hinglish": {
        "high": [
            "EMI se bahut fark padta hai. No-cost EMI ho toh {thing} lena aasaan lagta hai.",
            "Badi cheezein main zyada tar EMI pe hi le{ta} hoon, toh easy kishtein hon toh accha.",
        ],
        "medium": [
            "Kabhi kabhi EMI le{ta} hoon. Sach mein no-cost ho toh sochun{ga}, par fine print padh ke.",
            "EMI theek hai, bas hidden processing fee nahi honi chahiye.",
        ],
        "low": [
            "EMI mujhe pasand nahi; paise jod ke ek saath dena better lagta hai.",
            "Main upfront payment prefer kar{ta} hoon. Kishton mein karz jaisa feel hota hai.",
        ],
    },
    "hi": {
        "high": ["EMI से बहुत फ़र्क पड़ता है। नो-कॉस्ट EMI हो तो {thing} लेना आसान लगता है।"],
        "medium": ["कभी-कभी EMI ले{hta} हूँ, पर छिपी फ़ीस नहीं होनी चाहिए।"],
        "low": ["मुझे EMI पसंद नहीं; पैसे जोड़कर एक साथ देना बेहतर लगता है।"],
    },
}

PRIVACY: S = {
    "en": {
        "high": [
            "Privacy matters a lot to me. I'd want to know exactly what data {thing} collects and who it's shared with.",
            "If an app asks for permissions it doesn't need, I uninstall it. I'm careful about my data.",
            "I'd read the privacy policy first, honestly. Tracking without asking is a deal-breaker for me.",
        ],
        "medium": [
            "I do think about privacy, but I'm not paranoid. As long as they're clear about what they collect, I'm fine.",
            "I check permissions sometimes. If something feels off about the data part, I'd skip it.",
        ],
        "low": [
            "I don't worry too much about privacy, to be honest. If it's convenient, I'll use it.",
            "Privacy isn't a big concern for me. Everyone has my number anyway!",
        ],
    },
    "hinglish": {
        "high": [
            "Privacy mere liye bahut important hai. Kaunsa data le rahe ho aur kisko de rahe ho, pehle yeh jaanna hai.",
            "Bina zaroorat permission maange toh app turant uninstall. Apne data ko lekar main careful hoon.",
        ],
        "medium": [
            "Privacy ke baare mein soch{ta} hoon, par darr{ta} nahi. Clear bata do kya collect karoge, bas.",
        ],
        "low": [
            "Privacy ki itni tension nahi leta. Convenient hai toh use kar lun{ga}.",
            "Privacy meri badi chinta nahi hai. Mera number toh sabke paas hai!",
        ],
    },
    "hi": {
        "high": ["मेरे लिए प्राइवेसी बहुत ज़रूरी है। पहले बताइए कौन-सा डेटा लेंगे और किसे देंगे।"],
        "medium": ["प्राइवेसी के बारे में सोच{hta} हूँ, पर बहुत नहीं। साफ़ बता दीजिए क्या लेंगे।"],
        "low": ["प्राइवेसी की मुझे ज़्यादा चिंता नहीं है। सुविधा हो तो इस्तेमाल कर लूँ{hga}।"],
    },
}

BRAND: S = {
    "en": {
        "high": [
            "Brand matters to me. I'd trust {brand} more than some random name, because the quality is usually consistent.",
            "I do follow brands. A known name like {brand} tells me what I'm getting, and I like that.",
        ],
        "medium": [
            "A good brand helps, but I won't pay a lot extra just for the logo; {brand} has to earn it.",
            "I know {brand}, but I'd still compare it with lesser-known options that give similar quality.",
        ],
        "low": [
            "I don't really care about brands. If an unknown brand does the job, that's fine with me.",
            "Brand names don't impress me much. I look at what the product actually does.",
        ],
    },
    "hinglish": {
        "high": ["Brand mere liye matter karta hai. {brand} jaise naam pe zyada bharosa hai."],
        "medium": ["Accha brand help karta hai, par sirf logo ke liye extra nahi doon{ga}."],
        "low": ["Brand ki mujhe parwah nahi. Kaam kare toh koi bhi brand chalega."],
    },
    "hi": {
        "high": ["ब्रांड मेरे लिए मायने रखता है। {brand} जैसे नाम पर ज़्यादा भरोसा है।"],
        "medium": ["अच्छा ब्रांड मदद करता है, पर सिर्फ़ नाम के लिए ज़्यादा नहीं दूँ{hga}।"],
        "low": ["ब्रांड की मुझे परवाह नहीं। काम करे तो कोई भी चलेगा।"],
    },
}

QUALITY: S = {
    "en": {
        "high": [
            "Quality is important, but it has to fit my budget. I look for the best quality I can get at my price.",
            "I want something that won't break in six months, because replacing it costs me more.",
        ],
        "medium": [
            "Quality matters a lot to me. I'd rather buy once and use it for years.",
            "I check reviews for how long things last. Build quality is something I really notice.",
        ],
        "low": [
            "Quality is the main thing for me. I don't mind paying more if {thing} {is} really well made.",
            "For me, {care1_lc} and build quality come first; the price comes after.",
        ],
    },
    "hinglish": {
        "high": ["Quality zaroori hai, par budget mein. Apne daam mein best quality dhoondh{ta} hoon."],
        "medium": ["Quality bahut matter karti hai. Ek baar lo aur saalon chalao, yahi chahiye."],
        "low": ["Quality hi sab kuch hai. Acchi bani ho toh zyada dene mein dikkat nahi."],
    },
    "hi": {
        "high": ["क्वालिटी ज़रूरी है, पर बजट में। अपने दाम में सबसे अच्छी क्वालिटी ढूँढ{hta} हूँ।"],
        "medium": ["क्वालिटी बहुत मायने रखती है। एक बार लो और सालों चलाओ।"],
        "low": ["क्वालिटी ही सब कुछ है। अच्छी बनी हो तो ज़्यादा देने में दिक़्क़त नहीं।"],
    },
}

FEATURES: S = {
    "en": {
        "high": [
            "I'd want the full specs. Things like {care1_lc} matter to me, and I compare them properly.",
            "Features are where I get picky. I read spec sheets and watch comparison videos on {media_main}.",
        ],
        "medium": [
            "I like useful features, but I don't need every possible option. What does it do better than what I have?",
            "A couple of good features are enough for me, especially if they help with {care1_lc}.",
        ],
        "low": [
            "I'm not very technical, honestly. I just want it to be easy to use and to work every time.",
            "Too many features confuse me. Simple and reliable is what I look for.",
        ],
    },
    "hinglish": {
        "high": [
            "Mujhe poore specs chahiye. {media_main} pe comparison videos dekh ke hi decide kar{ta} hoon."
        ],
        "medium": ["Kaam ke features chahiye, har option nahi. Jo hai usse behtar kya karta hai?"],
        "low": ["Main itna technical nahi hoon. Bas chalane mein aasaan ho aur har baar chale."],
    },
    "hi": {
        "high": ["मुझे पूरे स्पेसिफ़िकेशन चाहिए। {media_main} पर तुलना देखकर ही तय कर{hta} हूँ।"],
        "medium": ["काम के फ़ीचर चाहिए, हर विकल्प नहीं।"],
        "low": ["मैं ज़्यादा तकनीकी नहीं हूँ। बस चलाने में आसान हो।"],
    },
}

TECH: S = {
    "en": {
        "high": [
            "I'm pretty comfortable with tech. I have {devices} and I usually try new things early.",
            "I love gadgets, to be honest. I follow launches on {media_main}.",
        ],
        "medium": [
            "I'm okay with tech. I use {devices} every day, but I'm not chasing the latest thing.",
            "I pick up new apps fairly quickly, but I wait for reviews before buying new gadgets.",
        ],
        "low": [
            "I'm not very techy. I stick to what I know, and I ask family when something is complicated.",
            "Technology is useful, but I only use the basics. Setting things up is the hard part for me.",
        ],
    },
    "hinglish": {
        "high": [
            "Tech mein main kaafi comfortable hoon. Mere paas {devices} hain aur nayi cheezein jaldi try kar{ta} hoon."
        ],
        "medium": ["Tech theek-thaak chala leta hoon, par latest ke peeche nahi bhaag{ta}."],
        "low": ["Main itna techy nahi hoon. Kuch mushkil ho toh ghar walon se pooch{ta} hoon."],
    },
    "hi": {
        "high": ["टेक में मैं काफ़ी सहज हूँ। मेरे पास {devices} हैं।"],
        "medium": ["टेक ठीक-ठाक चला लेता हूँ, पर नई चीज़ों के पीछे नहीं भाग{hta}।"],
        "low": ["मैं ज़्यादा टेक वाला नहीं हूँ। मुश्किल हो तो घरवालों से पूछ{hta} हूँ।"],
    },
}

TRUST: S = {
    "en": {
        "any": [
            "I trust reviews from real buyers more than ads. If friends recommend {thing}, that counts most.",
            "I'd check ratings and a few honest reviews on {media_main} before I trust it.",
            "Trust takes time for me. A proper warranty and good reviews would help a lot.",
            "Word of mouth matters. If someone I know has used it for a while, I'd believe them.",
        ]
    },
    "hinglish": {
        "any": [
            "Ads se zyada real buyers ke reviews pe bharosa hai. Dost recommend karein toh aur bhi.",
            "{media_main} pe honest reviews dekh ke hi bharosa kar{ta} hoon.",
        ]
    },
    "hi": {"any": ["विज्ञापन से ज़्यादा असली ख़रीदारों की राय पर भरोसा है।", "दोस्त बताएँ तो भरोसा जल्दी होता है।"]},
}

DELIVERY: S = {
    "en": {
        "any": [
            "Fast delivery is nice, but I mostly want it to arrive safely and on the promised date.",
            "I like tracking my order. Delays without updates really annoy me.",
            "Cash on delivery or a reliable courier makes me more comfortable ordering online.",
        ]
    },
    "hinglish": {
        "any": [
            "Fast delivery accha hai, par time pe aur sahi salamat aana zyada zaroori hai.",
            "Cash on delivery ho toh online order karna aasaan lagta hai.",
        ]
    },
    "hi": {"any": ["जल्दी डिलीवरी अच्छी है, पर सही-सलामत और समय पर आना ज़्यादा ज़रूरी है।"]},
}

RETURNS: S = {
    "en": {
        "any": [
            "An easy return policy matters to me. If I can't return it, I'm less likely to try it.",
            "I'd check the warranty and the return window first. That's my safety net.",
            "If returns are a hassle, I'd rather buy from a shop where I can go back in person.",
        ]
    },
    "hinglish": {
        "any": [
            "Easy return policy zaroori hai. Wapas nahi ho sakta toh try karne ka mann nahi karta.",
            "Pehle warranty aur return window dekh{ta} hoon.",
        ]
    },
    "hi": {"any": ["आसान वापसी ज़रूरी है। वापस न हो सके तो लेने का मन नहीं करता।"]},
}

SUPPORT: S = {
    "en": {
        "any": [
            "Good after-sales service matters. If there's a service centre near {city_or_home}, that's a plus.",
            "I've had bad experiences with customer care before, so I'd ask other buyers about support.",
        ]
    },
    "hinglish": {
        "any": ["After-sales service zaroori hai. {city_or_home} mein service centre ho toh plus point."]
    },
    "hi": {"any": ["बिक्री के बाद की सर्विस ज़रूरी है। {city_or_home} में सर्विस सेंटर हो तो अच्छा।"]},
}

COMPARISON: S = {
    "en": {
        "any": [
            "Between {brand} and {other_brand}, I'd lean towards whichever is better for me on {care1_lc}, for the money. I would compare them side by side first.",
            "I'd compare {brand} and {other_brand} on price and reviews. The name alone wouldn't decide it.",
        ]
    },
    "hinglish": {
        "any": ["{brand} aur {other_brand} ko side by side compare karun{ga}, price aur reviews dono."]
    },
    "hi": {"any": ["{brand} और {other_brand} की क़ीमत और राय दोनों मिलाकर देखूँ{hga}।"]},
}

MEDIA: S = {
    "en": {
        "any": [
            "I mostly find out about products on {media}. Ads there actually reach me.",
            "{media_main} is where I spend most of my screen time, so that's where I'd notice {thing}.",
            "Honestly, I skip most ads. A good review on {media_main} works better on me.",
        ]
    },
    "hinglish": {
        "any": [
            "Products ke baare mein zyada tar {media} pe hi pata chalta hai.",
            "Ads main skip kar deta hoon; {media_main} pe accha review zyada kaam karta hai.",
        ]
    },
    "hi": {"any": ["नई चीज़ों के बारे में ज़्यादातर {media} पर ही पता चलता है।"]},
}

SHOPPING: S = {
    "en": {
        "any": [
            "For something like {thing}, I'd compare prices online, then decide where to buy.",
            "I compare a few places before buying anything like {thing}.",
        ]
    },
    "hinglish": {
        "any": ["{thing} jaisi cheez ke liye pehle online price compare kar{ta} hoon, phir decide."]
    },
    "hi": {"any": ["{thing} जैसी चीज़ के लिए पहले ऑनलाइन दाम देख{hta} हूँ, फिर तय कर{hta} हूँ।"]},
}

PURCHASE: S = {
    "en": {
        "high": [
            "Maybe, but only if the price is right. My biggest worry is {barrier_lc}.",
            "I might, if there's a good deal. Right now {barrier_lc} would hold me back.",
        ],
        "medium": [
            "I'd consider {it}. If it does well on {care1_lc} and {care2_lc}, I could be convinced.",
            "Possibly! I'd want to be sure about {barrier_lc} first.",
        ],
        "low": [
            "Sure, if it's good I'd buy it. I mainly want to know it's great on {care1_lc}.",
            "Yes, I'd try it, as long as it really delivers on {care1_lc}.",
        ],
    },
    "hinglish": {
        "high": ["Shayad, agar price sahi ho. Meri sabse badi chinta hai: {barrier_lc}."],
        "medium": ["Soch sak{ta} hoon. {care1_lc} mein accha ho toh baat ban sakti hai."],
        "low": ["Haan, accha hai toh le lun{ga}. Bas {care1_lc} mein dum hona chahiye."],
    },
    "hi": {
        "high": ["शायद, अगर दाम सही हो। मेरी सबसे बड़ी चिंता है: {barrier_lc}।"],
        "medium": ["सोच सक{hta} हूँ, अगर {care1_lc} में अच्छा हो।"],
        "low": ["हाँ, अच्छा है तो ले लूँ{hga}।"],
    },
}

OPINION: S = {
    "en": {
        "any": [
            "Sounds interesting! Tell me more about what makes {thing} special and why I should consider {it}.",
            "{thing_cap} could be good. What I care about most is {care1_lc} and {care2_lc}.",
            "I've heard a bit about {thing}. My main doubt would be {barrier_lc}.",
            "Hmm, I'd need to know more. For me it comes down to {care1_lc}.",
        ]
    },
    "hinglish": {
        "any": [
            "{thing_cap} interesting lag raha hai. Mere liye {care1_lc} sabse zaroori hai.",
            "{thing} ke baare mein thoda suna hai. Meri main doubt: {barrier_lc}.",
        ]
    },
    "hi": {
        "any": [
            "{thing} दिलचस्प लगता है। मेरे लिए {care1_lc} सबसे ज़रूरी है।",
            "{thing} के बारे में थोड़ा सुना है। मेरी चिंता: {barrier_lc}।",
        ]
    },
}

__all__ = [
    "AI_PROBE",
    "ANCHORS",
    "BRAND",
    "COMPARISON",
    "DELIVERY",
    "EMI",
    "FEATURES",
    "FU_BRAND",
    "FU_COMPARISON",
    "FU_DELIVERY",
    "FU_EMI",
    "FU_FEATURES",
    "FU_OPINION",
    "FU_PRICE",
    "FU_PRIVACY",
    "FU_QUALITY",
    "FU_RETURNS",
    "FU_TRUST",
    "GOODBYE",
    "GREETING",
    "GREETING_AGAIN",
    "MEDIA",
    "OFF_FOOD",
    "OFF_MOVIES",
    "OFF_MUSIC",
    "OFF_POLITICS",
    "OFF_SPORT",
    "OFF_WEATHER",
    "OPINION",
    "PRICE",
    "PRIVACY",
    "PURCHASE",
    "QUALITY",
    "RETURNS",
    "SHOPPING",
    "SMALLTALK",
    "SUPPORT",
    "TECH",
    "THANKS",
    "TRUST",
    "WHY_BRAND",
    "WHY_DEFAULT",
    "WHY_EMI",
    "WHY_FEATURES",
    "WHY_LOCAL",
    "WHY_OPINION",
    "WHY_PRICE",
    "WHY_PRIVACY",
    "WHY_PURCHASE",
    "WHY_QUALITY",
    "WHY_TRUST",
]
