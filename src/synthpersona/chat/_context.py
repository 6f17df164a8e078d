"""Template values of a reply: the persona's words and the thing being discussed, per language."""

from __future__ import annotations

from synthpersona.chat._facts import rupees
from synthpersona.chat._knowledge import Mention, knowledge
from synthpersona.chat._persona import PersonaView
from synthpersona.chat._words import TEAM_HI

__all__ = ["Context", "build_context", "lc", "persona_words", "thing_of"]


class Context(dict[str, str]):
    """Template values; an unknown placeholder renders as a neutral word instead of failing."""

    def __missing__(self, key: str) -> str:
        if key == "is":
            return self.get("is_", "is")
        return "it"


def lc(text: str) -> str:
    """Lower-case the first letter unless the text starts with an acronym (``EMI``)."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def thing_of(mention: Mention | None, category: str | None) -> tuple[str, bool]:
    """How the persona names the thing discussed (``"the ROG Strix G16"``) and whether it is plural."""
    kb = knowledge()
    if mention is not None and mention.kind == "product":
        return f"the {mention.name}", False
    if mention is not None:
        cat = category if category in mention_categories(mention) else mention.category
        plural = cat == "headphones"
        return f"{mention.name} {kb.label(cat, plural)}" if cat else mention.name, plural
    if category:
        plural = category == "headphones"
        return f"the {kb.label(category, plural)}", plural
    return "it", False


def mention_categories(mention: Mention) -> tuple[str, ...]:
    brand = knowledge().brand(mention.brand)
    return brand.categories if brand else ()


_LEVEL_WORD = {"high": "very", "medium": "somewhat", "low": "not very"}
# the IPL team a persona from each state backs (others: by name, among the most followed teams)
_TEAMS = {
    "Maharashtra": "Mumbai Indians", "Tamil Nadu": "Chennai Super Kings",
    "Karnataka": "Royal Challengers Bengaluru",
    "West Bengal": "Kolkata Knight Riders", "Delhi": "Delhi Capitals", "Rajasthan": "Rajasthan Royals",
    "Punjab": "Punjab Kings", "Telangana": "Sunrisers Hyderabad", "Andhra Pradesh": "Sunrisers Hyderabad",
    "Gujarat": "Gujarat Titans", "Uttar Pradesh": "Lucknow Super Giants", "Haryana": "Delhi Capitals",
}  # fmt: skip
_POPULAR = ("Chennai Super Kings", "Mumbai Indians", "Royal Challengers Bengaluru", "Kolkata Knight Riders")


def team(v: PersonaView) -> str:
    """The IPL team the persona supports: its state's, else one of the most followed."""
    return _TEAMS.get(v.state) or _POPULAR[sum(map(ord, v.name)) % len(_POPULAR)]


def build_context(
    v: PersonaView, thing: str, plural: bool, brands: list[str], words: dict[str, str] | None = None
) -> Context:
    """Every placeholder of the phrase tables for persona ``v`` talking about ``thing``.

    ``words`` is :func:`persona_words` of ``v`` when the caller keeps it (it never changes
    between messages); only the thing discussed and the brands are added per reply.
    """
    brand = brands[0] if brands else None
    others = [b for b in brands if b != brand]
    return Context(
        words if words is not None else persona_words(v),
        it="them" if plural else "it",
        is_="are" if plural else "is",
        has="have" if plural else "has",
        does="do" if plural else "does",
        gets="get" if plural else "gets",
        thing=thing,
        thing_cap=thing[:1].upper() + thing[1:],
        thing_or_shopping=thing if thing != "it" else "what you're selling",
        thing_or_this=thing if thing != "it" else "something like this",
        brand=brand or "a well-known brand",
        other_brand=others[0] if others else "the other option",
    )


def persona_words(v: PersonaView) -> dict[str, str]:
    """The placeholders that depend on the persona only (name, city, income, trait words ...)."""
    female = v.female
    if v.income_inr:
        income_phrase = f"about {rupees(v.income_inr)} a month"
        income_hg = f"{rupees(v.income_inr)} mahine"
        income_hi = f"{rupees(v.income_inr)} महीने"
    else:
        income_phrase = f"a {v.income.lower()} household income"
        income_hg = "ghar ke budget"
        income_hi = "घर के बजट"
    media_main = v.media_main
    activity = {"print": "reading the newspaper", "tv": "watching TV"}.get(
        media_main.lower(), f"scrolling {media_main}"
    )
    return dict(
        ta="ti" if female else "ta",
        ga="gi" if female else "ga",
        ra="rahi" if female else "raha",
        hta="ती" if female else "ता",
        hga="गी" if female else "गा",
        hra="रही" if female else "रहा",
        media_activity=activity,
        team=team(v),
        team_hi=TEAM_HI.get(team(v), team(v)),
        age=str(v.age) if v.age else "",
        first=v.first,
        name=v.name,
        age_part=f", {v.age}" if v.age else "",
        from_part=f", from {v.city}" if v.city else "",
        from_hg=f", {v.city} se" if v.city else "",
        from_hi=f", {v.city} से" if v.city else "",
        city_or_home=v.city or "my area",
        income_phrase=income_phrase,
        income_hg=income_hg,
        income_hi=income_hi,
        care1_lc=lc(v.cares[0]),
        care2_lc=lc(v.cares[1]),
        barrier_lc=lc(v.barrier),
        media=v.media,
        media_main=media_main,
        devices=v.devices or "a couple of devices",
        emi_pct=f"{round(v.emi * 100)}%",
        price_word=_LEVEL_WORD[v.price],
        tech_word={"high": "very comfortable", "medium": "fairly comfortable", "low": "not very comfortable"}[
            v.tech
        ],
        brand_word=v.brand,
        privacy_word={"high": "very careful", "medium": "fairly careful", "low": "quite relaxed"}[v.privacy],
    )
