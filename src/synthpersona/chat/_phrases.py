# ruff: noqa: E501  (sentence tables read better unwrapped)
"""Answer sentences that carry computed figures (price, EMI, comparison), memory answers and voice.

Keyed by language (``en``, ``hinglish``, ``hi``); placeholders are filled by ``_compose``.
"""

from __future__ import annotations

L = dict[str, list[str]]

# price against the persona's budget, by verdict of ``Budget.verdict``
PRICE_VERDICT: dict[str, L] = {
    "comfortable": {
        "en": [
            "{price} for {thing}? That works for me: it's {share}, within the {low} to {high} I'd spend on something like this.",
            "At {price}, {thing} {is} within my budget; that's {share}, and I'd spend {low} to {high}.",
        ],
        "hinglish": [
            "{price} mein {thing}? Chalega, yeh {share_hg} hai, mera budget {low} se {high} tak hai.",
            "{price} theek hai, {share_hg}. Main {low} se {high} tak de sak{ta} hoon.",
        ],
        "hi": ["{price} में {thing}? चलेगा, यह {share_hi} है, मेरा बजट {low} से {high} तक है।"],
    },
    "stretch": {
        "en": [
            "{price} is a stretch for me: that's {share}. I'd normally spend {low} to {high}, so I'd wait for a discount.",
            "Hmm, {price} is {share}. It's at the top of my {low} to {high} range, so I'd think twice.",
        ],
        "hinglish": [
            "{price} thoda zyada hai, yeh {share_hg} hai. Main normally {low} se {high} tak kharch kar{ta} hoon, toh discount ka wait karun{ga}.",
            "{price}? {share_hg}. Mere {low} se {high} ke budget ki upper limit pe hai.",
        ],
        "hi": ["{price} थोड़ा ज़्यादा है, यह {share_hi} है। मैं आम तौर पर {low} से {high} तक ख़र्च कर{hta} हूँ।"],
    },
    "emi_only": {
        "en": [
            "{price} is {share}; I'd normally spend {low} to {high}. I could only manage it on EMI.",
            "At {price} that's {share}, above my {low} to {high} range. Only with a good EMI would I consider {it}.",
        ],
        "hinglish": [
            "{price} yaani {share_hg}; mera budget {low} se {high} hai. Sirf EMI pe hi ho payega.",
            "{price} mere {low} se {high} ke budget se upar hai ({share_hg}). EMI ho toh soch sak{ta} hoon.",
        ],
        "hi": ["{price} यानी {share_hi}; मेरा बजट {low} से {high} है। सिर्फ़ EMI पर ही हो पाएगा।"],
    },
    "out_of_reach": {
        "en": [
            "{price}? That's {share}. Honestly, that's out of my reach; I'd look at something around {low} to {high}.",
            "{price} is {share} for me. No way, not on my budget; {low} to {high} is what I can spend.",
        ],
        "hinglish": [
            "{price}? Yeh toh {share_hg} hai. Sach bolun toh mere bas ka nahi; main {low} se {high} wala kuch dekhun{ga}.",
            "{price} mere liye {share_hg} hai. Bilkul nahi, mera budget {low} se {high} hai.",
        ],
        "hi": ["{price}? यह तो {share_hi} है। सच कहूँ तो मेरे बस का नहीं; मैं {low} से {high} वाला कुछ देखूँ{hga}।"],
    },
}
# "how much would you pay?" without a price
WTP = {
    "en": [
        "For {thing_or_this}, I'd spend {low} to {high}, going by {basis_en}. Above {high} I'd need a discount or an EMI.",
        "My range for {thing_or_this} is {low} to {high}; that's what {basis_en} allows.",
    ],
    "hinglish": [
        "{thing_or_this} ke liye main {low} se {high} tak de sak{ta} hoon, {basis_hg} ke hisaab se.",
        "Mera range {low} se {high} hai, {basis_hg} dekh ke. Usse upar discount ya EMI chahiye.",
    ],
    "hi": ["{thing_or_this} के लिए मैं {low} से {high} तक दे सक{hta} हूँ, {basis_hi} के हिसाब से।"],
}
# one EMI duration: instalment and its share of income
EMI_LINE = {
    "en": "{months} months: {inst} a month ({pct} of {income_ref})",
    "hinglish": "{months} mahine: {inst} mahina ({income_ref_hg} ka {pct})",
    "hi": "{months} महीने: {inst} महीना ({income_ref_hi} का {pct})",
}
EMI_ANSWER = {
    "fits": {
        "en": [
            "On a no-cost EMI, {price} works out to {lines}. {best} months would work for me.",
            "Let me work it out: {lines}. With {best} months I could manage it.",
        ],
        "hinglish": [
            "No-cost EMI pe {price} ka hisaab: {lines}. {best} mahine wala mere liye chal jayega.",
            "Hisaab lagaun toh: {lines}. {best} mahine mein ho jayega.",
        ],
        "hi": ["नो-कॉस्ट EMI पर {price} का हिसाब: {lines}। {best} महीने वाला मेरे लिए चल जाएगा।"],
    },
    "too_much": {
        "en": [
            "On a no-cost EMI, {price} is {lines}. Even that is more than I'd put aside each month, so it doesn't change my mind.",
            "I worked it out: {lines}. That's still too much for me every month.",
        ],
        "hinglish": [
            "No-cost EMI pe bhi {price} ka matlab: {lines}. Har mahine itna nikalna mere liye mushkil hai, mann nahi badlega.",
            "Hisaab kiya: {lines}. Phir bhi har mahine ke liye zyada hai.",
        ],
        "hi": ["नो-कॉस्ट EMI पर भी {price} का मतलब: {lines}। हर महीने इतना निकालना मुश्किल है।"],
    },
    "no_emi": {
        # several tails: a second EMI question to the same persona must not repeat the first answer
        "en": [
            "On a no-cost EMI, {price} would be {lines}. But I don't really do EMIs; I'd rather save up and pay once.",
            "That works out to {lines}. Still, instalments aren't my thing; I like paying in full when I buy.",
            "I did the maths: {lines}. Even so, I avoid EMIs and would rather wait until I have the money.",
        ],
        "hinglish": [
            "No-cost EMI pe {price}: {lines}. Par main EMI kam hi le{ta} hoon, jod ke ek baar mein dena pasand hai.",
            "Hisaab yeh banta hai: {lines}. Phir bhi kishton ka jhanjhat mujhe pasand nahi, poora de ke lena theek hai.",
        ],
        "hi": [
            "नो-कॉस्ट EMI पर {price}: {lines}। पर मैं EMI कम ही ले{hta} हूँ।",
            "हिसाब यह बनता है: {lines}। फिर भी मैं किस्तों से बच{hta} हूँ, पूरा पैसा देकर लेना पसंद है।",
        ],
    },
}
EMI_NEED_PRICE = {
    "en": [
        "It depends on the price. Tell me what it costs and I'll tell you if {months_text} months works for me."
    ],
    "hinglish": [
        "Price pe depend karta hai. Kitne ka hai batao, phir bataun{ga} {months_text} mahine chalega ya nahi."
    ],
    "hi": ["दाम पर निर्भर है। कितने का है बताइए, फिर बताऊँ{hga} {months_text} महीने चलेगा या नहीं।"],
}
# a named product or brand, with its indicative price and tier
ITEM = {
    "en": [
        "{item_cap}? {known_for_cap}; it goes for about {range}.",
        "I know {item}: {known_for}, around {range}.",
    ],
    "hinglish": [
        "{item_cap}? {known_for_cap}; lagbhag {range} ka aata hai.",
        "{item_cap} ke baare mein pata hai: {known_for}, lagbhag {range}.",
    ],
    "hi": ["{item_cap}? {known_for_cap}; लगभग {range} का आता है।"],
}
ITEM_NO_PRICE = {
    "en": ["{item_cap}? {known_for_cap}."],
    "hinglish": ["{item_cap}? {known_for_cap}."],
    "hi": ["{item_cap}? {known_for_cap}।"],
}
COMPARE = {
    "cheaper": {
        "en": [
            "Between the {a} ({range_a}) and the {b} ({range_b}), I'd go for the {pick}: it's cheaper and closer to my budget of {low} to {high}."
        ],
        "hinglish": [
            "{a} ({range_a}) aur {b} ({range_b}) mein main {pick} lun{ga}: sasta hai aur mere {low} se {high} ke budget ke kareeb."
        ],
        "hi": ["{a} ({range_a}) और {b} ({range_b}) में मैं {pick} लूँ{hga}: सस्ता है और मेरे बजट के क़रीब।"],
    },
    "better": {
        "en": [
            "Between the {a} ({range_a}) and the {b} ({range_b}), I'd pay for the {pick}; for me {care1_lc} counts more than the price difference."
        ],
        "hinglish": [
            "{a} ({range_a}) ya {b} ({range_b})? Main {pick} lun{ga}, mere liye {care1_lc} price ke fark se zyada important hai."
        ],
        "hi": ["{a} ({range_a}) या {b} ({range_b})? मैं {pick} लूँ{hga}, मेरे लिए {care1_lc} ज़्यादा ज़रूरी है।"],
    },
    "neither": {
        "en": [
            "The {a} ({range_a}) and the {b} ({range_b}) are both beyond my {low} to {high} budget. I'd look at {alt} instead."
        ],
        "hinglish": [
            "{a} ({range_a}) aur {b} ({range_b}) dono mere {low} se {high} ke budget se bahar hain. Main {alt} jaisa kuch dekhun{ga}."
        ],
        "hi": ["{a} ({range_a}) और {b} ({range_b}) दोनों मेरे बजट से बाहर हैं। मैं {alt} जैसा कुछ देखूँ{hga}।"],
    },
}
# referring back to something the persona actually said
RECALL = {
    "en": ["Like I said about {topic_phrase}, ", "As I mentioned, ", "Coming back to {topic_phrase}: "],
    "hinglish": ["Jaise maine {topic_phrase} ke baare mein kaha, ", "Maine pehle bhi kaha tha, "],
    "hi": ["जैसा मैंने {topic_phrase} के बारे में कहा, "],
}
RECALL_FIRST = {
    "en": [
        "You first asked me “{q}”, and I said: {mine}",
        "Your first question was “{q}”; my answer was: {mine}",
    ],
    "hinglish": ["Aapne sabse pehle poocha tha “{q}”, aur maine kaha tha: {mine}"],
    "hi": ["आपने सबसे पहले पूछा था “{q}”, और मैंने कहा था: {mine}"],
}
RECALL_NONE = {
    "en": ["This is your first question!"],
    "hinglish": ["Yeh toh aapka pehla sawaal hai!"],
    "hi": ["यह तो आपका पहला सवाल है!"],
}
RECALL_NAME = {
    "en": ["You're {user}, and I'm {first}{from_part}; you told me your name earlier."],
    "hinglish": ["Aap {user} ho, aur main {first}{from_hg}; aapne pehle bataya tha."],
    "hi": ["आप {user} हैं, और मैं {first}{from_hi}; आपने पहले बताया था।"],
}
RECALL_NO_NAME = {
    "en": ["You haven't told me your name yet. What is it?"],
    "hinglish": ["Aapne abhi tak naam nahi bataya. Kya naam hai?"],
    "hi": ["आपने अभी तक नाम नहीं बताया। क्या नाम है?"],
}
RECALL_SAID = {
    "en": ["Earlier I said: “{said}”"],
    "hinglish": ["Maine pehle kaha tha: “{said}”"],
    "hi": ["मैंने पहले कहा था: “{said}”"],
}
RECALL_SAID_NONE = {
    "en": ["We've only just started; I haven't told you much yet."],
    "hinglish": ["Abhi toh baat shuru hui hai, maine zyada kuch bataya nahi."],
    "hi": ["अभी तो बात शुरू हुई है।"],
}
NICE_TO_MEET = {
    "en": [
        "Nice to meet you, {user}; I'm {first}{age_part}{from_part}.",
        "Hi {user}, {first} here{from_part}, {age} years old.",
    ],
    "hinglish": ["Aapse milke accha laga, {user}; main {first} hoon{from_hg}."],
    "hi": ["आपसे मिलकर अच्छा लगा, {user}; मैं {first} हूँ{from_hi}।"],
}
YOUR_ITEM = {
    "en": ["Ah, so you use {your_item} yourself."],
    "hinglish": ["Accha, aap khud {your_item} use karte ho."],
    "hi": ["अच्छा, आप ख़ुद {your_item} इस्तेमाल करते हैं।"],
}
# what the persona says when it does not understand
UNKNOWN = {
    "en": [
        "Hmm, I'm not sure I follow. Are you asking about the price, features or something else?",
        "Sorry, I didn't quite get that. If it's about a product, I mostly care about {care1_lc}.",
        "I'm not sure what you mean, to be honest. Could you ask it another way?",
    ],
    "hinglish": [
        "Hmm, samjha nahi. Price, features ya kuch aur pooch rahe ho?",
        "Sorry, samajh nahi aaya. Product ki baat hai toh mere liye {care1_lc} zaroori hai.",
    ],
    "hi": ["माफ़ कीजिए, समझ नहीं आया। क़ीमत, फ़ीचर या कुछ और पूछ रहे हैं?"],
}
MORE = {
    "en": [
        "Well, also {care2_lc} matters to me. If {thing} {gets} that right, it has a real chance with me.",
        "One more thing: I usually hear about products like this on {media_main}, so that's where you'd reach me.",
        "And honestly, {barrier_lc} is what stops me most often. Address that and you'd win me over.",
    ],
    "hinglish": [
        "Aur haan, {care2_lc} bhi mere liye matter karta hai.",
        "Ek baat aur: aisi cheezon ke baare mein mujhe {media_main} pe pata chalta hai.",
        "Aur sach bolun toh {barrier_lc} hi mujhe rokta hai.",
    ],
    "hi": [
        "और हाँ, {care2_lc} भी मेरे लिए मायने रखता है।",
        "एक बात और: मुझे ऐसी चीज़ों का पता {media_main} पर चलता है।",
    ],
}
ACK = {
    "yes": {
        "en": ["Good to hear.", "Okay, that helps.", "Great."],
        "hinglish": ["Accha, badhiya.", "Theek hai."],
        "hi": ["अच्छा, बढ़िया।"],
    },
    "no": {
        "en": ["Hmm, okay.", "Fair enough.", "I see."],
        "hinglish": ["Hmm, theek hai.", "Accha."],
        "hi": ["ठीक है।"],
    },
}
ASK = {
    "en": "What would you like to know?",
    "hinglish": "Batao, kya jaanna hai?",
    "hi": "बताइए, क्या जानना है?",
}
WHAT_ELSE = {
    "en": "What else would you like to know?",
    "hinglish": "Aur kya jaanna hai?",
    "hi": "और क्या जानना है?",
}
CLOSERS = {
    "en": ["", "", "That's my honest take."],
    "hinglish": ["", "", "Yahi meri seedhi baat hai."],
    "hi": ["", ""],
}

# Voice: sentence openers by register; each persona gets its own subset (see ``_voice``).
OPENERS = {
    "en": {
        "casual": [
            "Honestly,",
            "Okay so,",
            "Tbh,",
            "See,",
            "Look,",
            "Hmm,",
            "Right,",
            "Ngl,",
            "Oh,",
            "Haha,",
            "Yeah,",
            "So,",
        ],
        "plain": [
            "Honestly,",
            "Well,",
            "See,",
            "Look,",
            "Hmm,",
            "Frankly,",
            "Truth is,",
            "Okay,",
            "Right,",
            "I'd say",
            "Thinking about it,",
            "If I'm honest,",
        ],
        "formal": [
            "Well,",
            "Frankly speaking,",
            "To be frank,",
            "I must say,",
            "Let me put it this way:",
            "In my view,",
            "If you ask me,",
            "Candidly,",
            "To be honest with you,",
            "Speaking for myself,",
        ],
    },
    "hinglish": {
        "casual": [
            "Yaar,",
            "Arre,",
            "Dekho,",
            "Sach bolun toh,",
            "Bhai,",
            "Accha,",
            "Suno,",
            "Haan toh,",
            "Ekdum seedhi baat,",
            "Arey haan,",
        ],
        "plain": [
            "Dekho,",
            "Sach bolun toh,",
            "Accha,",
            "Haan toh,",
            "Hmm,",
            "Baat yeh hai ki",
            "Seedhi baat,",
            "Arre,",
        ],
        "formal": [
            "Dekhiye,",
            "Sach kahoon toh,",
            "Ji,",
            "Baat aisi hai,",
            "Mere hisaab se,",
            "Aap poochte hain toh,",
        ],
    },
    "hi": {
        "casual": ["अरे,", "देखो,", "सच बोलूँ तो,", "अच्छा,", "सुनो,", "हाँ तो,"],
        "plain": ["देखिए,", "सच कहूँ तो,", "अच्छा,", "हाँ तो,", "बात यह है कि"],
        "formal": ["देखिए,", "सच कहूँ तो,", "जी,", "मेरे हिसाब से,", "आप पूछते हैं तो,"],
    },
}
