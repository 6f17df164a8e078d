# ruff: noqa: E501  (phrase bank: one sentence per line reads better than wrapped strings)
"""Phrase bank of the offline chat engine: what a persona says, by topic and trait level.

Templates use ``{placeholders}`` filled from the persona (see ``_offline._Context``).
Several variants per slot keep replies varied; the engine never reuses a sentence
already said in the same conversation while an unused variant remains.
"""

from __future__ import annotations

__all__ = ["ACK", "BANK", "CLOSERS", "FOLLOW_UPS", "MORE", "RECALL", "UNKNOWN", "WHY"]

# BANK[topic][level] -> templates; level is the trait that drives the topic ("any" when none)
BANK: dict[str, dict[str, list[str]]] = {
    "price": {
        "high": [
            "Honestly, price is the first thing I check. On a {income_lc} income I can't spend on {thing} "
            "without thinking twice, so it has to be clearly worth the money.",
            "Price is a big deal for me. I usually wait for a sale or compare three or four sites before "
            "I buy anything like {thing}.",
            "If {thing} {is} expensive, I'll probably look for something cheaper that does most of the job. "
            "Every rupee counts for me right now.",
            "I'd want to know the exact price and whether there's a discount. Paying full price isn't really "
            "my style.",
        ],
        "medium": [
            "Price matters, but it's not everything. If {thing} {is} good on {care1_lc}, I can stretch a bit.",
            "I'd pay a fair price, not a premium just for the name. Show me it's good value and I'm listening.",
            "I'm okay spending a little more if it lasts. What I don't like is paying extra for things I won't use.",
            "I'd compare it with a couple of options first, but I don't always go for the cheapest.",
        ],
        "low": [
            "Price isn't really my main concern. If {thing} {is} genuinely good, I'm happy to pay for it.",
            "I don't mind paying more for something that's well made. Cheap stuff usually costs more in the "
            "long run.",
            "Honestly, I care more about {care1_lc} than about saving a few hundred rupees.",
        ],
    },
    "emi": {
        "high": [
            "EMI makes a big difference for me. If there's a no-cost EMI option, {thing} suddenly feels "
            "much more doable.",
            "I use EMIs for most bigger purchases, so I'd definitely check if {thing} comes with easy "
            "instalments.",
            "A no-cost EMI on my card would almost decide it for me. Paying everything upfront is hard.",
        ],
        "medium": [
            "I sometimes use EMI for bigger things. If it's truly no-cost, I'd consider it, but I read the "
            "fine print.",
            "EMI is nice to have. I'd use it only if there are no hidden processing fees.",
        ],
        "low": [
            "I don't really like EMIs; I'd rather save up and pay in one go.",
            "I prefer paying upfront. Instalments make me feel like I'm in debt for a gadget.",
        ],
    },
    "privacy": {
        "high": [
            "Privacy matters a lot to me. I'd want to know exactly what data {thing} collects and who it's "
            "shared with.",
            "If an app asks for permissions it doesn't need, I uninstall it. I'm careful about my data.",
            "I'd read the privacy policy first, honestly. Tracking without asking is a deal-breaker for me.",
        ],
        "medium": [
            "I do think about privacy, but I'm not paranoid. As long as they're clear about what they "
            "collect, I'm fine.",
            "I check permissions sometimes. If something feels off about the data part, I'd skip it.",
        ],
        "low": [
            "I don't worry too much about privacy, to be honest. If it's convenient, I'll use it.",
            "Privacy isn't a big concern for me. Everyone has my number anyway!",
        ],
    },
    "brand": {
        "high": [
            "Brand matters to me. I'd trust {brand} more than some random name, because the quality is "
            "usually consistent.",
            "I do follow brands. A known name like {brand} tells me what I'm getting, and I like that.",
            "Honestly, I'm a bit brand-loyal. If my friends use {brand}, I'm already half convinced.",
        ],
        "medium": [
            "A good brand helps, but I won't pay a lot extra just for the logo. {brand} has to earn it.",
            "I know {brand}, but I'd still compare it with lesser-known options that give similar quality.",
        ],
        "low": [
            "I don't really care about brands. If an unknown brand does the job, that's fine with me.",
            "Brand names don't impress me much. I look at what the product actually does.",
        ],
    },
    "quality": {
        "high": [
            "Quality is important, but it has to fit my budget. I look for the best quality I can get at my "
            "price.",
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
    "features": {
        "high": [
            "I'd want the full specs. Things like {care1_lc} matter to me, and I compare them properly.",
            "Features are where I get picky. I read spec sheets and watch comparison videos on {media_main}.",
            "If {thing} {has} something genuinely new, I'm interested. Gimmicks, not so much.",
        ],
        "medium": [
            "I like useful features, but I don't need every possible option. What does it do better than "
            "what I have?",
            "A couple of good features are enough for me, especially if they help with {care1_lc}.",
        ],
        "low": [
            "I'm not very technical, honestly. I just want it to be easy to use and to work every time.",
            "Too many features confuse me. Simple and reliable is what I look for.",
        ],
    },
    "tech": {
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
    "trust": {
        "any": [
            "I trust reviews from real buyers more than ads. If friends recommend {thing}, that counts most.",
            "I'd check ratings and a few honest reviews on {media_main} before I trust it.",
            "Trust takes time for me. A proper warranty and good reviews would help a lot.",
            "Word of mouth matters. If someone I know has used it for a while, I'd believe them.",
        ],
    },
    "delivery": {
        "any": [
            "Fast delivery is nice, but I mostly want it to arrive safely and on the promised date.",
            "I like tracking my order. Delays without updates really annoy me.",
            "Cash on delivery or a reliable courier makes me more comfortable ordering online.",
        ],
    },
    "returns": {
        "any": [
            "An easy return policy matters to me. If I can't return it, I'm less likely to try it.",
            "I'd check the warranty and the return window first. That's my safety net.",
            "If returns are a hassle, I'd rather buy from a shop where I can go back in person.",
        ],
    },
    "support": {
        "any": [
            "Good after-sales service matters. If there's a service centre near {city_or_home}, that's a plus.",
            "I've had bad experiences with customer care before, so I'd ask other buyers about support.",
        ],
    },
    "comparison": {
        "any": [
            "Between {brand} and {other_brand}, I'd lean towards whichever is better for me on {care1_lc}, for the "
            "money. I would compare them side by side first.",
            "I'd compare {brand} and {other_brand} on price and reviews. The name alone wouldn't decide it.",
            "{brand} or {other_brand}? I'd watch a couple of comparison videos on {media_main} before deciding.",
        ],
    },
    "media": {
        "any": [
            "I mostly find out about products on {media}. Ads there actually reach me.",
            "{media_main} is where I spend most of my screen time, so that's where I'd notice {thing}.",
            "Honestly, I skip most ads. A good review on {media_main} works better on me.",
        ],
    },
    "shopping": {
        "any": [
            "I shop {channel_phrase}. It's what feels most convenient for me.",
            "For something like {thing}, I'd compare prices online, then decide where to buy.",
        ],
    },
    "purchase": {
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
    "opinion": {
        "any": [
            "Sounds interesting! Tell me more about what makes {thing} special and why I should consider {it}.",
            "{thing_cap} could be good. What I care about most is {care1_lc} and {care2_lc}.",
            "I've heard a bit about {thing}. My main doubt would be {barrier_lc}.",
            "Hmm, I'd need to know more. For me it comes down to {care1_lc}.",
        ],
    },
    "greeting": {
        "any": [
            "Hi! I'm {first}{age_part}{from_part}. Happy to chat. What would you like to know?",
            "Hello! {first} here{from_part}. What's on your mind?",
            "Hey! I'm {first}. Ask me anything; I'll tell you what I honestly think.",
        ],
    },
    "greeting_again": {
        "any": [
            "Hi again! Where were we?",
            "Hello again. Go ahead, I'm listening.",
        ],
    },
    "identity": {
        "any": [
            "I'm {first}{age_part}{from_part}. {occupation_sentence}I care most about {care1_lc} and "
            "{care2_lc}.",
            "Well, I'm {first}. {occupation_sentence}Most of my free time goes on {media_main}, honestly.",
        ],
    },
    "smalltalk": {
        "any": [
            "I'm doing well, thanks for asking! A busy week, as usual. What about you?",
            "All good here! I was just {media_activity}, to be honest.",
            "Not bad at all. Life in {city_or_home} keeps me busy. What did you want to talk about?",
        ],
    },
    "ai_probe": {
        "any": [
            "Ha, I'm just {first}{from_part}, telling you what I actually think. So, what did you want to ask?",
            "I'm {first}, a regular customer like anyone else. Ask me about {thing_or_shopping} and "
            "I'll tell you honestly.",
        ],
    },
    "thanks": {
        "any": [
            "You're welcome! Happy to help.",
            "No problem at all. Ask me anything else if you like.",
            "Anytime! It was nice talking about this.",
        ],
    },
    "goodbye": {
        "any": [
            "Bye! Good talking to you. If you launch that offer, let me know!",
            "Take care! Nice chatting with you.",
            "See you! Hope my thoughts helped.",
        ],
    },
}

# Why a persona holds its view: reasons drawn from traits and evidence.
WHY: dict[str, list[str]] = {
    "price": [
        "Because I earn {income_phrase}, and I have other expenses too. I'm {price_word} price-sensitive, so "
        "I think carefully before spending.",
        "Mainly my budget. With {income_phrase}, a bad purchase really hurts, so value for money comes first.",
    ],
    "emi": [
        "A lot of people like me use EMIs (around {emi_pct} in my circle), because big payments at once "
        "are hard on a monthly budget.",
        "Because spreading the cost helps me plan my month. Around {emi_pct} of people like me do the same.",
    ],
    "privacy": [
        "I'm {privacy_word} about privacy because I've seen how much apps collect. My data is mine.",
        "Because I don't like companies knowing more about me than needed. I'm {privacy_word} on that.",
    ],
    "brand": [
        "My brand awareness is {brand_word}. I notice names, but what matters is whether it's worth it.",
        "Because a known brand reduces the risk for me. My biggest worry is {barrier_lc}.",
    ],
    "quality": [
        "Because {care1_lc} is one of the two things I care about most, and cheap stuff has let me down before.",
    ],
    "features": [
        "Because I'm {tech_word} with tech and I use {devices}. Features only matter if they help me every day.",
    ],
    "purchase": [
        "Because my main barrier is {barrier_lc}. Solve that and I'm much more likely to buy.",
    ],
    "opinion": [
        "Because what I care about is {care1_lc} and {care2_lc}, and I'm not sure yet how {thing} {does} on those.",
    ],
    "trust": [
        "Because I've seen too many products that looked good in ads and disappointed. Real reviews are safer.",
    ],
    "default": [
        "It comes down to what matters to me: {care1_lc} and {care2_lc}. And {barrier_lc} always worries me.",
        "Just my experience, really. I'm {price_word} price-sensitive and I care about {care1_lc}.",
    ],
}

# Referring back when a topic comes up again.
RECALL = [
    "Like I said about {topic_phrase}, ",
    "As I mentioned earlier, ",
    "Coming back to {topic_phrase}: ",
]

# "Tell me more" on the last topic.
MORE: list[str] = [
    "Well, also {care2_lc} matters to me. If {thing} {gets} that right, it has a real chance with me.",
    "One more thing: I usually hear about products like this on {media_main}, so that's where you'd "
    "reach me.",
    "And honestly, {barrier_lc} is what stops me most often. Address that and you'd win me over.",
]

# Acknowledging a plain yes / no from the user.
ACK = {
    "yes": ["Good to hear.", "Okay, that helps.", "Great."],
    "no": ["Hmm, okay.", "Fair enough.", "I see."],
}

# Questions a persona asks back (engagement), by topic.
FOLLOW_UPS: dict[str, list[str]] = {
    "price": ["What price are you thinking of?", "Is there any launch offer?"],
    "emi": ["Is the EMI really no-cost?", "Which cards does the EMI work with?"],
    "privacy": ["What data would you actually collect?", "Can I switch the tracking off?"],
    "brand": ["Who else makes something similar?"],
    "features": ["What does it do better than the others?", "How is the battery life?"],
    "quality": ["What's the warranty like?", "How long does it usually last?"],
    "trust": ["Do you have reviews from real customers?"],
    "opinion": ["What makes it different?", "Who is it mainly for?"],
    "comparison": ["Which one would you recommend?"],
    "delivery": ["How long does delivery take to {city_or_home}?"],
    "returns": ["How many days do I get to return it?"],
}

# Closers that are not questions (used instead of a follow-up sometimes).
CLOSERS = ["", "", "That's my honest take."]

# A message the engine does not understand: stay in character, steer to what matters.
UNKNOWN = [
    "Hmm, I'm not sure I follow. Are you asking about price, features or something else?",
    "Sorry, I didn't quite get that. If it's about a product, I mostly care about {care1_lc}.",
    "I'm not sure what you mean, to be honest. Could you ask it another way?",
    "Interesting. I don't have a strong view on that. What I usually think about is {care1_lc} and "
    "{care2_lc}.",
]
