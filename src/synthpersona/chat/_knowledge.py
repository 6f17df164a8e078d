"""Curated Indian-market brand and product knowledge (``data/brands.json``) and its lookup.

The file lists brands (price tier, categories, what they are known for), named products
(brand, category, indicative street price range in INR) and the words that name each
category in English and Hindi. Prices are indicative and only used for tiers and
affordability talk; the file says so at the top.

Examples
--------
>>> kb = knowledge()
>>> [m.name for m in kb.find("Asus ROG or Lenovo Legion?")]
['ROG Strix G16', 'Legion 5']
>>> kb.product("ROG Strix G16").price_inr
(120000, 180000)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["TIERS", "Brand", "Knowledge", "Product", "knowledge"]

TIERS = ("budget", "mid", "premium", "luxury")
_WORDLIKE = frozenset(
    [
        "nothing",
        "noise",
        "plum",
        "slice",
        "prime",
        "classic",
        "punch",
        "swift",
        "jupiter",
        "hero",
        "aspire",
        "bullet",
        "mi",
    ]
) | {"fit me"}


@dataclass(frozen=True)
class Brand:
    name: str
    tier: str
    categories: tuple[str, ...]
    known_for: str


@dataclass(frozen=True)
class Product:
    name: str
    brand: str
    category: str
    price_inr: tuple[int, int]

    @property
    def typical_price(self) -> int:
        """Middle of the indicative range, rounded to ₹500."""
        return int(round(sum(self.price_inr) / 2 / 500) * 500)


@dataclass(frozen=True)
class Mention:
    """A brand or product named in a message, in order of appearance."""

    kind: str  # "brand" | "product"
    name: str
    brand: str
    category: str | None
    start: int


class Knowledge:
    """Lookup over the brand file: names, aliases and category words (case-insensitive)."""

    def __init__(self, data: dict[str, object]) -> None:
        cats = data["categories"]
        brands = data["brands"]
        products = data["products"]
        assert isinstance(cats, dict) and isinstance(brands, dict) and isinstance(products, list)
        self.categories: dict[str, dict[str, object]] = cats
        self.brands = {
            n: Brand(n, b["tier"], tuple(b["categories"]), b["known_for"]) for n, b in brands.items()
        }
        self.products = {
            p["name"]: Product(p["name"], p["brand"], p["category"], (p["price_inr"][0], p["price_inr"][1]))
            for p in products
        }
        alias: dict[str, tuple[str, str]] = {}
        for n, b in brands.items():
            for a in (n, *b.get("aliases", [])):
                alias[a.lower()] = ("brand", n)
        for p in products:
            for a in (p["name"], *p.get("aliases", [])):
                alias.setdefault(a.lower(), ("product", p["name"]))
        self._alias = alias
        # longest first ("rog strix" before "rog"); names that are also English words only match
        # capitalised ("Nothing Phone", not "nothing special")
        names = sorted(alias, key=len, reverse=True)
        plain = "|".join(re.escape(a) for a in names if a not in _WORDLIKE)
        worded = "|".join(re.escape(a.title()) for a in names if a in _WORDLIKE)
        self._rx = re.compile(r"(?<![\w-])((?i:" + plain + r")|" + worded + r")(?![\w-])")
        words = {w.lower(): c for c, spec in cats.items() for w in spec["words"]}
        self._cat_words = words
        ordered = sorted(words, key=len, reverse=True)
        self._cat_rx = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)", re.I)

    def find(self, text: str) -> list[Mention]:
        """Brands and products named in ``text``; a brand directly before its own product folds in."""
        out: list[Mention] = []
        for m in self._rx.finditer(text):
            kind, name = self._alias[m.group(1).lower()]
            if kind == "product":
                p = self.products[name]
                # "Asus ROG": the brand mention just before becomes the product
                if out and out[-1].kind == "brand" and out[-1].brand == p.brand:
                    out.pop()
                out.append(Mention("product", name, p.brand, p.category, m.start()))
            else:
                b = self.brands[name]
                out.append(Mention("brand", name, name, b.categories[0] if b.categories else None, m.start()))
        seen: set[str] = set()
        unique = []
        for mention in out:
            if mention.name not in seen:
                seen.add(mention.name)
                unique.append(mention)
        return unique

    def category_in(self, text: str) -> str | None:
        """The first product category word in ``text`` (e.g. ``"laptop"``), if any."""
        m = self._cat_rx.search(text)
        return self._cat_words[m.group(1).lower()] if m else None

    def label(self, category: str | None, plural: bool = False) -> str:
        if not category or category not in self.categories:
            return "product"
        return str(self.categories[category]["plural" if plural else "label"])

    def product(self, name: str) -> Product:
        return self.products[name]

    def brand(self, name: str) -> Brand | None:
        return self.brands.get(name)

    def price_of(self, mention: Mention, category: str | None = None) -> tuple[int, int] | None:
        """Indicative price range of a product, or of the brand's products in ``category``."""
        if mention.kind == "product":
            return self.products[mention.name].price_inr
        cat = category or mention.category
        ranges = [
            p.price_inr for p in self.products.values() if p.brand == mention.brand and p.category == cat
        ]
        if not ranges:
            return None
        return min(r[0] for r in ranges), max(r[1] for r in ranges)


@cache
def knowledge() -> Knowledge:
    """The brand knowledge file, loaded once per process."""
    text = resources.files("synthpersona.chat").joinpath("data", "brands.json").read_text("utf-8")
    return Knowledge(json.loads(text))
