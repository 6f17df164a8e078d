"""Language of a chat message: English, Hinglish (Hindi in Roman letters) or Hindi (Devanagari).

Examples
--------
>>> language("What is your monthly income?"), language("aap kitna kamate ho?"), language("आप कहाँ रहते हैं?")
('en', 'hinglish', 'hi')
"""

from __future__ import annotations

import re

__all__ = ["LANGUAGES", "language", "numerals"]

LANGUAGES = ("en", "hinglish", "hi")

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
# Roman-Hindi words that are not also common English words ("to", "me", "do", "ho" are left out).
_HINDI_WORDS = frozenset(
    """
    hai hain tha thi kya kyaa kitna kitne kitni kaun kaunsa kaunsi kaisa kaise kaisi kyun kyon kyu
    kahan kaha kab aap aapka aapki aapke tum tumhara tumhari tumhare tera teri mera meri mere humara
    hamara nahi nahin nai haan haa ji yaar yar bhai didi accha acha achha theek thik thike bilkul
    lekin aur ya bhi toh sirf bahut bohot zyada jyada kam sasta saste sasti mehenga mehnga mehngi
    mahanga mahine mahina mahino saal sal hafte paisa paise rupaye rupay hazaar hazar hajar karod
    karoge karogi karenge karte karti karta kar lenge loge logi lena lete leti leta liya chahiye
    chahte chahti chalega chalegi chalo wala wali wale bata batao bataiye bataye boliye bolo suno
    dekho samjha samajh pata umar umr naam kaam naukri ghar parivar bachche bacche shaadi shadi
    kharid kharidoge kharidna khareed khareedoge lagta lagti lagega pasand pasandida apna apni apne
    kuch sab koi kisi pehle pehla phir fir abhi aaj kal kamate kamati kamai kamaate tankhwah sochte
    sochti socho hoga hogi raha rahi rahe rehte rehti rehta kiya kiye diya gaya gayi wahi yahi
    matlab shauk khelte khelti dekhte dekhti sunte padhte padhai ek teen paanch chhe chheh saath
    baar tak sakte sakti sakta mein ke ki ko se mujhe main mai hoon hun namaste namaskar hum humein
    unka iska uska jeetega chalega milega de dena diya bhasha bolte bolti bolta arre arey laga lagi baat karke
    thoda kaafi chinta dikkat zaroor zaroori wapas waise vaise shukriya dhanyavaad
    sabse bada badi bade manate manati manaate tyohar tyohaar khaali khali fursat kaunse
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z]+")
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def language(message: str) -> str:
    """``"hi"`` when the message is written in Devanagari, ``"hinglish"`` for Roman Hindi, else ``"en"``.

    Roman Hindi needs two Hindi words, or one in a message of at most three words
    (``"kitna?"``, ``"theek hai"``), so an English sentence with a stray "ji" stays English.
    """
    letters = sum(ch.isalpha() for ch in message)
    if letters and len(_DEVANAGARI.findall(message)) >= max(2, letters // 3):
        return "hi"
    words = _WORD.findall(message.lower())
    hits = sum(w in _HINDI_WORDS for w in words)
    if hits >= 2 or (hits == 1 and len(words) <= 3):
        return "hinglish"
    return "en"


def numerals(text: str) -> str:
    """Devanagari digits as ASCII digits (``"६ महीने"`` → ``"6 महीने"``)."""
    return text.translate(_DEVANAGARI_DIGITS)
