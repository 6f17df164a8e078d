"""Intent classification with sentence embeddings (multilingual-e5-small, offline).

Each intent has a few prototype descriptions (English and Hindi). The goal's content
words are embedded (one batched call for the words not seen before; vectors are
cached per word, so a warm parse of familiar words costs no model call) and their
mean is compared with every prototype, giving a score per intent. Because e5 cosines
are compressed (~0.75–0.95), scores are made relative: the best intent maps to
:data:`EMBED_MAX` and the median intent to 0. Rule evidence (a word of the lexicon
found in the goal) gives a higher confidence, so the reported confidence is the
larger of the two.

The same word vectors map leftover words to interests ("mascara", "scooty",
"trekking", words the lexicon lacks). Single words embed noisily, so two margins
guard it: the best interest must beat the runner-up interest by
:data:`FALLBACK_MARGIN` and a set of *null* prototypes (people, time, verbs,
marketing goals, Hindi glue words) by :data:`NULL_MARGIN`. On a calibration list of
20 product words and 34 non-product words (Hinglish glue words, marketing words,
festivals) this accepted 13 products and one non-product word ("watch", now a
stopword).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Final

import numpy as np

from synthpersona import embeddings

INTENTS: Final[dict[str, tuple[str, ...]]] = {
    "parenting": (
        "parents, mothers and fathers with children",
        "moms buying for their kids and family",
        "new parents with babies and toddlers",
        "माता-पिता और बच्चों वाले परिवार",
    ),
    "generation": (
        "people of an age group or generation such as gen z, millennials or seniors",
        "audience aged 25 to 34 years old",
        "young adults and teenagers",
        "युवा और बुजुर्ग लोग",
    ),
    "gender": ("women or men, a female or male audience", "महिलाएं और पुरुष"),
    "geography": (
        "people living in a city, state, metro, tier-2 town or rural village in India",
        "customers in Mumbai, Delhi and Bengaluru",
        "शहर और गांव के लोग",
    ),
    "occupation": (
        "students, salaried employees, business owners, homemakers, freelancers or retirees",
        "people by their job or profession",
        "छात्र, नौकरीपेशा और व्यापारी",
    ),
    "income": (
        "people by how much money they earn each month",
        "high income or low income households",
        "salary and income level",
    ),
    "education": ("graduates, post-graduates and people by education level and degree",),
    "lifestyle": (
        "single people, married couples and families in their daily life and life stage",
        "lifestyle and hobbies",
    ),
    "interests": (
        "people interested in gadgets, fashion, beauty, fitness, sports, travel or food",
        "fans and enthusiasts of a hobby or product category",
    ),
    "budget": (
        "budget conscious, price sensitive shoppers looking for deals and discounts",
        "premium and luxury buyers",
        "buying on EMI and instalments",
        "सस्ता और किफायती सामान",
    ),
    "language": ("people who speak a language such as Hindi, Tamil, Bengali or Marathi",),
    "media": ("people who use Instagram, YouTube, WhatsApp, TV or OTT streaming",),
    "channel": ("where people shop: online marketplaces, offline retail stores or quick commerce apps",),
    "tech": ("tech savvy early adopters of new technology and gadgets",),
    "privacy": ("privacy conscious people who care about their personal data",),
}

# Prototype texts of each interest column for the semantic fallback on leftover words.
INTEREST_PROTOTYPES: Final[dict[str, tuple[str, ...]]] = {
    "interest_tech": (
        "consumer electronics and gadgets",
        "smartphones, laptops and headphones",
        "technology devices and accessories",
    ),
    "interest_fashion": (
        "clothing, apparel and fashion",
        "shoes, bags and jewellery",
        "ethnic wear and sarees",
    ),
    "interest_beauty": (
        "beauty, makeup and cosmetics",
        "skincare creams and serums",
        "hair care and grooming",
    ),
    "interest_health": (
        "health, wellness and medicines",
        "vitamins and nutrition supplements",
        "ayurveda and healthcare",
    ),
    "interest_fitness": (
        "fitness, gym and workouts",
        "yoga, running and exercise",
        "protein and sports nutrition",
    ),
    "interest_education": (
        "education, courses and learning",
        "exam preparation and coaching",
        "books and study material",
    ),
    "interest_entertainment": ("movies, music and entertainment", "web series, cinema and concerts"),
    "interest_gaming": ("video games and gaming", "mobile games, esports and consoles"),
    "interest_sports": ("sports like cricket and football", "watching and playing sports matches"),
    "interest_travel": ("travel, holidays and trips", "flights, hotels and tourism"),
    "interest_finance": ("investing, stocks and mutual funds", "banking, loans, insurance and credit cards"),
    "interest_food": ("food, cooking and recipes", "snacks, beverages, restaurants and food delivery"),
    "interest_parenting": ("baby products, diapers and toys", "products for children and parenting"),
    "interest_automobile": ("cars, motorcycles and scooters", "automobiles and electric vehicles"),
}

NULL_PROTOTYPES: Final[dict[str, tuple[str, ...]]] = {
    "null": (
        "people and customers",
        "time, place and quantity",
        "a common word",
        "actions and verbs",
        "sales, marketing and business goals",
        "Hindi words for people and places",
        "general things",
    ),
}

EMBED_MAX: Final = 0.7
FALLBACK_MARGIN: Final = 0.015
NULL_MARGIN: Final = 0.015
_WORD_CACHE_MAX: Final = 50_000


class _Prototypes:
    """Embeddings of prototype texts, computed once at first use (thread-safe)."""

    def __init__(self, groups: dict[str, tuple[str, ...]]) -> None:
        self.names = list(groups)
        texts: list[str] = []
        owner: list[int] = []
        for i, name in enumerate(self.names):
            texts.extend(groups[name])
            owner.extend([i] * len(groups[name]))
        self._texts = tuple(texts)
        self._owner = np.asarray(owner)
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            with self._lock:
                if self._matrix is None:
                    self._matrix = embeddings.cached_passages(self._texts)
        return self._matrix

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Best similarity per group."""
        sims = self.matrix() @ vector
        out = np.full(len(self.names), -1.0)
        np.maximum.at(out, self._owner, sims)
        return out


_INTENT_PROTOS = _Prototypes(INTENTS)
_INTEREST_PROTOS = _Prototypes(INTEREST_PROTOTYPES)
_NULL_PROTOS = _Prototypes(NULL_PROTOTYPES)


_word_cache: dict[str, np.ndarray] = {}
_word_lock = threading.Lock()


def word_vectors(words: Sequence[str]) -> np.ndarray:
    """Embeddings of single words, shape ``(len(words), DIM)``; new words in one batched call."""
    if not words:
        return np.zeros((0, embeddings.DIM), dtype=np.float32)
    missing = [w for w in dict.fromkeys(words) if w not in _word_cache]
    if missing:
        mat = embeddings.embed_passages(tuple(missing))
        with _word_lock:
            if len(_word_cache) + len(missing) > _WORD_CACHE_MAX:
                _word_cache.clear()
            _word_cache.update(zip(missing, mat, strict=True))
    return np.stack([_word_cache[w] for w in words])


def intent_scores(vectors: np.ndarray) -> dict[str, float]:
    """Relative embedding confidence (0..EMBED_MAX) of each intent for the goal's word vectors."""
    if len(vectors) == 0:
        return {}
    mean = vectors.mean(axis=0)
    mean = mean / max(float(np.linalg.norm(mean)), 1e-9)
    sims = _INTENT_PROTOS.scores(mean)
    top, mid = float(sims.max()), float(np.median(sims))
    span = max(top - mid, 1e-6)
    rel = np.clip((sims - mid) / span, 0.0, 1.0) * EMBED_MAX
    return {name: round(float(v), 3) for name, v in zip(_INTENT_PROTOS.names, rel, strict=True)}


def interest_for(words: Sequence[str]) -> dict[str, tuple[str, float]]:
    """Map leftover words to an interest column when the embedding match is clear."""
    out: dict[str, tuple[str, float]] = {}
    if not words:
        return out
    for word, vector in zip(words, word_vectors(words), strict=True):
        sims = _INTEREST_PROTOS.scores(vector)
        order = np.argsort(sims)[::-1]
        best, second = float(sims[order[0]]), float(sims[order[1]])
        null = float(_NULL_PROTOS.scores(vector)[0])
        if best - second >= FALLBACK_MARGIN and best - null >= NULL_MARGIN:
            out[word] = (_INTEREST_PROTOS.names[int(order[0])], best)
    return out


def warm_up() -> None:
    """Embed the prototypes now (they are otherwise embedded on first use)."""
    _INTENT_PROTOS.matrix()
    _INTEREST_PROTOS.matrix()
    _NULL_PROTOS.matrix()
