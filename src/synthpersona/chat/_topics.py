# ruff: noqa: E501  (cue tables read better unwrapped)
"""The chat topic registry: one :class:`Topic` record per topic, everything about it in one place.

A topic record holds its cue pattern (English, Hinglish and Devanagari Hindi), the
example messages the sentence-embedding matcher compares unknown messages with, how the
persona names it when referring back, the trait that sets the persona's stance, the
stance sentences, the reasons ("why?") and the questions the persona asks back.

Where do I add a chat topic? Add one ``Topic(...)`` to :data:`TOPICS` (its sentences
in ``_bank.py`` and the modules it re-exports); detection, the embedding matcher, recall and follow-ups pick it up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from synthpersona.chat import _bank as B

__all__ = ["KINDS", "TOPICS", "Topic"]

KINDS = ("offer", "self", "social", "memory", "offtopic")


@dataclass(frozen=True)
class Topic:
    """Everything about one chat topic."""

    name: str
    kind: str
    cues: str
    examples: tuple[str, ...] = ()
    phrase: dict[str, str] = field(default_factory=dict)
    driver: str | None = None  # persona trait setting the stance: price, brand, privacy, tech, emi
    fact: str | None = None  # the self-fact a "self" topic answers
    stances: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # lang -> level -> sentences
    why: tuple[str, ...] = ()
    follow_ups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> questions
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", re.compile(self.cues, re.IGNORECASE))


def _t(name: str, kind: str, cues: str, *examples: str, **kw: object) -> Topic:
    return Topic(name, kind, cues, tuple(examples), **kw)  # type: ignore[arg-type]


_Q = r"(?:\?|$)"

TOPICS: dict[str, Topic] = {
    t.name: t
    for t in (
        # -- memory: questions about the conversation itself -------------------------------------
        _t(
            "recall_first",
            "memory",
            r"\b(what did i (ask|say)( you)? (first|at the (start|beginning))|my first question|first (thing|question) i asked|pehle kya (poocha|pucha|kaha)|pehla sawaal|sabse pehle kya)\b|पहले क्या पूछा|पहला सवाल",
            "what was my first question?",
            "maine sabse pehle kya poocha tha?",
        ),
        _t(
            "recall_name",
            "memory",
            r"\b(what('?s| is) my name|do you (remember|know) my name|who am i\b|mera naam kya|mera naam yaad)\b|मेरा नाम क्या",
            "do you remember my name?",
            "mera naam kya hai?",
        ),
        _t(
            "recall_said",
            "memory",
            r"\b(what did (you|i) (say|tell|mention)|what have you told me|remind me what|tumne kya kaha|aapne kya kaha|maine kya kaha|maine kya bataya|(aapne|tumne|apne) (\w+ ){0,6}(baare|bare) (mein|me|main) kya (kaha|bola|bataya))\b|आपने क्या कहा|मैंने क्या बताया|आपने (\S+ ){0,6}बारे में क्या (कहा|बोला|बताया)",
            "what did you say earlier?",
            "what did I tell you before?",
        ),
        # -- social -----------------------------------------------------------------------------
        _t(
            "ai_probe",
            "social",
            r"\b(are you (an? )?(ai|bot|robot|machine|real|human|chatgpt|llm|language model)|chat ?gpt|artificial intelligence|you'?re (an? )?(ai|bot)|who (made|built|programmed) you|kya (tum|aap) (bot|ai|robot|insaan)|(bot|robot|ai) ho)\b|क्या आप (बॉट|रोबोट)",
            "are you a real person?",
            "is this a chatbot?",
            phrase={"en": "who I am", "hi": "अपने बारे में"},
            stances=B.AI_PROBE,
        ),
        _t(
            "goodbye",
            "social",
            r"\b(bye|goodbye|good night|see you|see ya|talk later|gotta go|take care|that'?s all|alvida|chalta hoon|chalti hoon|phir milte|milte hain)\b|अलविदा|फिर मिलते",
            "ok bye, talk later",
            stances=B.GOODBYE,
        ),
        _t(
            "thanks",
            "social",
            r"\b(thanks|thank you|thx|appreciate it|cheers|shukriya|dhanyavaad|dhanyawad)\b|धन्यवाद|शुक्रिया",
            "thank you so much",
            stances=B.THANKS,
        ),
        _t(
            "greeting",
            "social",
            r"^\s*(hi+|hello+|hey+|hiya|namaste|namaskar|salaam|good (morning|afternoon|evening)|yo|greetings|ram ram|sat sri akal)\b|^\s*(नमस्ते|नमस्कार)",
            "hello there",
            stances=B.GREETING,
        ),
        _t(
            "smalltalk",
            "social",
            r"\b(how are you|how'?s it going|how is your day|what'?s up|kaise ho|kaisi ho|kya haal|sab theek|kaisa chal raha)\b|कैसे हैं|कैसे हो|क्या हाल",
            "how are you doing today?",
            "kaise ho aap?",
            stances=B.SMALLTALK,
        ),
        # -- the persona's own life ---------------------------------------------------------------
        _t(
            "identity",
            "self",
            r"\b(about yourself|introduce yourself|who are you|who you are|tell me (a bit |a little |something )?about you|apne baare mein|khud ke baare mein|apna parichay|(aap|tum|tu) kaun (ho|hain|hai)|kaun (ho|hain|hai) (aap|tum))\b|अपने बारे में|परिचय|(आप|तुम) कौन (हो|हैं|है)|कौन (हो|हैं) (आप|तुम)",
            "tell me about yourself",
            "apne baare mein batao",
            fact="identity",
        ),
        _t(
            "self_name",
            "self",
            r"\b(what('?s| is) your name|your name\b|(what|how) (should|do|can|shall) I (call|address) you|who am I (speaking|talking) (with|to)|tumhara naam|aapka naam|naam kya)\b|आपका नाम|तुम्हारा नाम|किस नाम से",
            "what should I call you?",
            fact="name",
        ),
        _t(
            "self_age",
            "self",
            r"\b(how old|your age|age\?|what age|umar|umr|kitne saal ke|kitne saal ki)\b|उम्र|कितने साल",
            "how old are you?",
            "aapki umar kya hai?",
            fact="age",
        ),
        _t(
            "self_city",
            "self",
            r"\b(where (do|d'?you) (you )?(live|stay)|where are you from|where are you (based|located|staying|living)|based (in|out of) where|where'?s home|which (city|town|place)|your (city|town|hometown)|kahan (se|rehte|rehti|ke)|kahaan|kaha (se|rehte|rehti)|kis shehar)\b|कहाँ (रहते|रहती|से)|कौन से शहर|किस शहर",
            "where do you live?",
            "aap kahan se ho?",
            fact="city",
        ),
        _t(
            "self_work",
            "self",
            r"\b(what do you do|your (job|work|profession|occupation)|do you work|where do you work|what work|kya karte|kya karti|kya kaam|naukri|padhai karte|padhte ho)\b|क्या करते|क्या करती|काम क्या|नौकरी",
            "what do you do for a living?",
            "aap kya kaam karte ho?",
            fact="work",
        ),
        _t(
            "self_household",
            "self",
            r"\b(household income|family income|combined income|ghar ki (income|kamai|aamdani)|family ki (income|kamai))\b|घर की (आय|आमदनी|कमाई)|परिवार की (आय|आमदनी)",
            "what is your household income?",
            "ghar ki total income kitni hai?",
            fact="household_income",
        ),
        _t(
            "self_income",
            "self",
            r"\b((your|monthly|personal|own) (income|salary|earnings)|take[- ]home|in[- ]hand (salary|pay)|salary (each|per|a) month|how much do you (earn|make)|what do you earn|income kitni|salary kitni|kitna kamate|kitna kamati|kitni kamai|kamai kitni|kitna kama|tankhwah)\b|कितना कमाते|कितना कमाती|आपकी (आय|कमाई|आमदनी|सैलरी)|तनख़्वाह",
            "what is your monthly income?",
            "aap kitna kamate ho?",
            fact="income",
        ),
        _t(
            "self_family",
            "self",
            r"\b(your family|are you married|married\?|kids|children|husband|wife|who do you live with|family mein|parivar|shaadi|shadi|bachche|bacche)\b|परिवार|शादी|बच्चे",
            "tell me about your family",
            "ghar mein kaun kaun hai?",
            fact="family",
        ),
        _t(
            "self_devices",
            "self",
            r"\b(how many (devices|gadgets|phones)|what (devices|gadgets|phone) do you (have|own|use)|which phone do you (have|use)|your (devices|gadgets|phone)\b|kitne (devices?|phones?|gadgets?)|kaunsa phone)\b|कितने (डिवाइस|फ़ोन|फोन|गैजेट)",
            "how many devices do you own?",
            "aapke paas kitne device hain?",
            fact="devices",
        ),
        _t(
            "self_interests",
            "self",
            r"\b(hobb(y|ies)|(free|spare|leisure|off) time|pastimes?|interests?\b|what do you (like|love|enjoy) doing|(like|love|enjoy) to do (for fun|in)|for fun|weekends?|what games|which games|games do you play|do you (play|game)|shauk|khelte|kya pasand|khaa?li time|khaa?li samay|fursat|faltu time)\b|शौक|खेलते|पसंद क्या|(खाली|ख़ाली|फ़ुर्सत|फुर्सत) (समय|वक़्त|वक्त)",
            "what are your hobbies?",
            "what games do you play?",
            "free time mein kya karte ho?",
            fact="interests",
        ),
        _t(
            "self_festival",
            "self",
            r"\b(festivals?|celebrat\w*|tyoh?aa?r|tyohaar|tehwaa?r|manate|manati|manaoge|manaogi)\b|त्योहार|त्यौहार|पर्व|मनाते|मनाती",
            "which festival do you celebrate?",
            "kaunsa tyohar manate ho?",
            fact="festival",
        ),
        _t(
            "self_channel",
            "self",
            r"\b(where do you (usually )?(shop|buy)|where would you (buy|shop)|online or (offline|in (a )?store)|kahan se (kharid|khareed|lete)|online lete|dukaan se)\b|कहाँ से (ख़रीद|खरीद)",
            "where do you usually shop?",
            "aap kahan se kharidte ho?",
            fact="channel",
        ),
        _t(
            "self_languages",
            "self",
            r"\b(what languages?|which languages?|languages? do you speak|do you speak|kaunsi bhasha|bhasha|kaun si language)\b|भाषा",
            "which languages do you speak?",
            fact="languages",
        ),
        _t(
            "self_education",
            "self",
            r"\b(education|did you study|what did you study|your degree|qualification|kitna padhe|padhai kitni)\b|पढ़ाई|शिक्षा",
            "how far did you study?",
            fact="education",
        ),
        _t(
            "self_segment",
            "self",
            r"\b((which|what) (segment|customer group|cluster)|your (segment|customer group|cluster)|(which|what) group (are you|do you belong)|(kind|type|sort) of (customer|consumer|buyer|shopper) are you|kis (group|segment)|kaun ?(se|sa) (group|segment)|aapka (group|segment))\b|सेगमेंट|किस ग्रुप|कौन से ग्रुप|किस तरह के ग्राहक|किस तरह की ग्राहक",
            "which customer segment are you in?",
            fact="segment",
        ),
        _t(
            "self_media",
            "self",
            r"\b(which (apps|social media)|what do you watch|where do you spend (your )?time online|social media do you use|kya dekhte|kaunsa app)\b",
            "which apps do you use the most?",
            fact="media",
        ),
        _t(
            "self_emi",
            "self",
            r"\b(do you (use|take|pay (in|by)) (emi|emis|instalments?)|emi (lete|leti|use karte)|have you (ever )?used emi)\b|क्या आप (EMI|ईएमआई)|(EMI|ईएमआई) (पर |में )?(\w+ )?(लेते|लेती|लेता)",
            "do you use EMI?",
            fact="emi",
        ),
        # -- the offer ---------------------------------------------------------------------------
        _t(
            "emi",
            "offer",
            r"\b(emi|emis|instal+ments?|no[- ]cost|financ\w*|loan|credit card|pay later|bnpl|monthly payments?|zero interest|kisht|kishton|qist)\b|किस्त|ईएमआई",
            "can I pay monthly?",
            "would a 6-month EMI change your mind?",
            "kishton mein loge?",
            phrase={"en": "EMI", "hinglish": "EMI", "hi": "EMI"},
            driver="emi",
            stances=B.EMI,
            why=B.WHY_EMI,
            follow_ups=B.FU_EMI,
        ),
        _t(
            "privacy",
            "offer",
            r"\b(privacy|private|personal data|data|track\w*|permissions?|spy\w*|secure|security|surveillance|share my|gdpr|microphone|camera access|location|jaankari|contacts?|(phone|mobile) numbers?|personal (details|info\w*)|aadhaa?r|pan card|kyc)\b|निजता|डेटा|प्राइवेसी|जानकारी|आधार|(फ़ोन|फोन|मोबाइल) नंबर|नंबर देंगे|लोकेशन",
            "will the app collect my data?",
            "is my information safe?",
            phrase={"en": "privacy", "hinglish": "privacy", "hi": "प्राइवेसी"},
            driver="privacy",
            stances=B.PRIVACY,
            why=B.WHY_PRIVACY,
            follow_ups=B.FU_PRIVACY,
        ),
        _t(
            "returns",
            "offer",
            r"\b(returns?|refunds?|exchange|replace\w*|warranty|guarantee|money back|cancel (my |the )?order|cancellation policy|wapas|vaapas)\b|वापसी|वारंटी",
            "what if I want to return it?",
            phrase={"en": "returns", "hi": "रिटर्न"},
            stances=B.RETURNS,
            follow_ups=B.FU_RETURNS,
        ),
        _t(
            "delivery",
            "offer",
            r"\b(deliver\w*|shipping|ship|courier|dispatch\w*|arriv\w*|pin ?code|same[- ]day|cod|cash on delivery)\b|डिलीवरी",
            "how fast should it arrive?",
            phrase={"en": "delivery", "hi": "डिलीवरी"},
            stances=B.DELIVERY,
            follow_ups=B.FU_DELIVERY,
        ),
        _t(
            "comparison",
            "offer",
            r"\b(vs\.?|versus|compared? (to|with)|better than|instead of|or the|which one|which is better|alternative|difference between|rather than|\w+er than|behtar|mukabla|ya phir)\b|बेहतर|तुलना",
            "which of the two would you pick?",
            "dono mein se kaunsa better hai?",
            phrase={"en": "the comparison", "hi": "तुलना"},
            stances=B.COMPARISON,
            follow_ups=B.FU_COMPARISON,
        ),
        _t(
            "price",
            "offer",
            r"\b(price\w*|cost\w*|costly|expensive|cheap\w*|afford\w*|budget|discounts?|offers?|deals?|sale|rs\.?|inr|rupees?|worth|value for money|how much|pricey|spend|pay|kitna|kitne|kitni|keemat|kimat|daam|mehenga|mehnga|mahanga|sasta|paisa|paise|kharcha|rupaye)\b|₹|कीमत|दाम|महंगा|महँगा|सस्ता|कितने|पैसे|बजट",
            "how much would you pay for it?",
            "is that too expensive for you?",
            "kitne tak de sakte ho?",
            phrase={"en": "price", "hinglish": "price", "hi": "क़ीमत"},
            driver="price",
            stances=B.PRICE,
            why=B.WHY_PRICE,
            follow_ups=B.FU_PRICE,
        ),
        _t(
            "quality",
            "offer",
            r"\b(quality|durab\w*|last\w*|build|sturdy|reliab\w*|break\w*|material|well made|long[- ]lasting|sound quality|battery|tikau|kitna chalega)\b|क्वालिटी|टिकाऊ",
            "will it last long?",
            phrase={"en": "quality", "hi": "क्वालिटी"},
            driver="price",
            stances=B.QUALITY,
            why=B.WHY_QUALITY,
            follow_ups=B.FU_QUALITY,
        ),
        _t(
            "features",
            "offer",
            r"\b(features?|specs?|specifications?|anc|noise cancel\w*|bluetooth|camera|battery life|functions?|capabilit\w*|does it have|can it|integration|smart|5g|storage|ram|display|screen|processor|gpu|graphics)\b|फ़ीचर",
            "what features matter to you?",
            phrase={"en": "features", "hi": "फ़ीचर्स"},
            driver="tech",
            stances=B.FEATURES,
            why=B.WHY_FEATURES,
            follow_ups=B.FU_FEATURES,
        ),
        _t(
            "brand",
            "offer",
            r"\b(brands?|logo|reputation|famous|popular|well[- ]known|premium|luxury|status)\b|ब्रांड",
            "does the brand name matter to you?",
            phrase={"en": "brands", "hi": "ब्रांड"},
            driver="brand",
            stances=B.BRAND,
            why=B.WHY_BRAND,
            follow_ups=B.FU_BRAND,
        ),
        _t(
            "trust",
            "offer",
            r"\b(trust\w*|reviews?|ratings?|fake|genuine|authentic|scam|legit\w*|recommend\w*|word of mouth|influencers?|testimonials?|believe|bharosa|bharosaa)\b|भरोसा",
            "do you trust online reviews?",
            phrase={"en": "trust", "hi": "भरोसे"},
            stances=B.TRUST,
            why=B.WHY_TRUST,
            follow_ups=B.FU_TRUST,
        ),
        _t(
            "support",
            "offer",
            r"\b(customer (service|support|care)|after[- ]sales|service cent(er|re)|repair\w*|helpline)\b",
            "what about after-sales service?",
            phrase={"en": "after-sales service", "hi": "सर्विस"},
            stances=B.SUPPORT,
        ),
        _t(
            "media",
            "offer",
            r"\b(ads?|advert\w*|instagram|youtube|facebook|whatsapp|twitter|social media|television|newspaper|podcasts?|hear about|find out about|marketing|campaign|notifications?|emails?|sms)\b|विज्ञापन",
            "where would you notice our ad?",
            phrase={"en": "where I hear about things", "hi": "जानकारी"},
            stances=B.MEDIA,
        ),
        _t(
            "shopping",
            "offer",
            r"\b(online|offline|stores?|shops?|shopping|amazon|flipkart|myntra|meesho|mall|market|e-?commerce)\b",
            "do you shop online?",
            phrase={"en": "shopping", "hi": "ख़रीदारी"},
            stances=B.SHOPPING,
        ),
        _t(
            "tech",
            "offer",
            r"\b(tech\w*|gadgets?|devices?|apps?|smartphone|laptop|phone|early adopter|new technology|latest)\b",
            "are you into gadgets?",
            phrase={"en": "tech", "hi": "टेक्नोलॉजी"},
            driver="tech",
            stances=B.TECH,
        ),
        _t(
            "purchase",
            "offer",
            r"\b(would you (buy|get|try|pay|use|switch)|will you (buy|try)|interested|buy it|purchase|sign up|subscribe|consider (buying|it)|tempted|change your mind|loge|lenge|logi|kharidoge|kharidogi|khareedoge|lena chahoge|le loge)\b|ख़रीदोगे|खरीदोगे|लोगे|लेंगे",
            "would you buy it?",
            "kya aap ise loge?",
            phrase={"en": "buying it", "hi": "ख़रीदने"},
            driver="price",
            stances=B.PURCHASE,
            why=B.WHY_PURCHASE,
        ),
        _t(
            "opinion",
            "offer",
            r"\b(what do you think|thoughts on|your (view|opinion|take)|how do you feel|do you like|impression|opinion|kya lagta|kya sochte|kya sochti|kaisa laga|kaisa hai|kaisi hai|kaisa lagta)\b|क्या लगता|कैसा है|राय",
            "what do you think of it?",
            "aapko kaisa laga?",
            phrase={"en": "this", "hi": "इस"},
            stances=B.OPINION,
            why=B.WHY_OPINION,
            follow_ups=B.FU_OPINION,
        ),
        # -- off-topic, answered in character and steered back ------------------------------------
        _t(
            "sport",
            "offtopic",
            r"\b(ipl|cricket|football|match|kohli|dhoni|rohit|world cup|team|kabaddi|csk|mumbai indians|rcb)\b|क्रिकेट|मैच",
            "who will win the IPL this year?",
            "cricket dekhte ho?",
            stances=B.OFF_SPORT,
        ),
        _t(
            "movies",
            "offtopic",
            r"\b(movies?|films?|bollywood|netflix|web series|series|actor|actress|srk|shah rukh|salman|picture dekh|cinema)\b|फ़िल्म|फिल्म|सिनेमा",
            "seen any good movies lately?",
            stances=B.OFF_MOVIES,
        ),
        _t(
            "food",
            "offtopic",
            r"\b(food|eat|dinner|lunch|breakfast|biryani|khana|khaana|cook|recipe|chai|coffee)\b|खाना|चाय",
            "what's your favourite food?",
            "khane mein kya pasand hai?",
            stances=B.OFF_FOOD,
        ),
        _t(
            "weather",
            "offtopic",
            r"\b(weather|rain|monsoon|hot today|cold today|garmi|sardi|baarish|mausam)\b|मौसम|बारिश|गर्मी",
            "how's the weather there?",
            stances=B.OFF_WEATHER,
        ),
        _t(
            "politics",
            "offtopic",
            r"\b(politics|election|modi|rahul gandhi|government|bjp|congress|vote|sarkar|neta)\b|चुनाव|सरकार",
            "who will you vote for?",
            stances=B.OFF_POLITICS,
        ),
        _t(
            "music",
            "offtopic",
            r"\b(music|songs?|singer|arijit|playlist|gaana|gaane)\b|गाना|गाने",
            "what music do you like?",
            stances=B.OFF_MUSIC,
        ),
    )
}
