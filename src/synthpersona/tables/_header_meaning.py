"""What a column *name* means when the name vocabularies do not know the word.

The name vocabularies in :mod:`~synthpersona.tables._roles` cover English and a few
European languages; exports also come with headers such as ``Celular``, ``Ответственный``
or ``दाखिला``. :func:`header_meaning` compares the header with a few short English
descriptions of each meaning through the offline multilingual sentence-embedding model
(:mod:`synthpersona.embeddings`), and answers only when one meaning is clearly ahead.

It is name evidence, never a decision on its own: callers combine it with what the values
look like (a "phone" header whose values are not phone numbers stays what its values say).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

__all__ = ["MEANINGS", "closest_meaning", "header_meaning", "meaning_scores", "outcome_likeness"]

# Each meaning: short English descriptions a header of that kind paraphrases.
MEANINGS: dict[str, tuple[str, ...]] = {
    "person_name": (
        "name of the person", "full name", "first name", "last name", "contact name", "customer name",
    ),
    "owner": (
        "owner of the record", "assigned to", "responsible employee", "sales representative",
        "account manager",
    ),
    "phone": ("phone number", "mobile phone", "telephone"),
    "postal_code": ("postal code", "zip code", "post code"),
    "email": ("email address",),
    "address": ("street address", "home address"),
    "date": ("date", "created on", "date and time"),
    "free_text": ("notes", "comments", "description", "remarks"),
    "currency": ("amount of money", "revenue", "budget", "price", "deal value"),
    "identifier": ("record id", "identifier", "reference number"),
    "stage": ("deal stage", "lead status", "pipeline stage"),
    "outcome": ("converted", "deal won", "became a customer", "enrolled", "purchased", "sale made"),
    "category": ("industry", "city", "lead source", "job title", "customer type", "segment", "position"),
}  # fmt: skip
_ORDER = tuple(MEANINGS)
_LABELS = np.repeat(np.arange(len(_ORDER)), [len(v) for v in MEANINGS.values()])
# Cosines of multilingual-e5 sit in a narrow band (0.80-0.95): a lead of 0.01 over the next
# meaning separates a clear header ("Celular": phone 0.862 vs 0.842) from a vague one.
MARGIN = 0.01


@lru_cache(maxsize=1)
def _prototypes() -> np.ndarray:
    from synthpersona.embeddings import cached_passages

    return cached_passages([text for texts in MEANINGS.values() for text in texts])


@lru_cache(maxsize=4096)
def _scores(name: str) -> tuple[float, ...]:
    from synthpersona.embeddings import embed_query

    sims = _prototypes() @ embed_query(name.strip()[:80])
    best = np.full(len(_ORDER), -1.0)
    np.maximum.at(best, _LABELS, sims)
    return tuple(float(x) for x in best)


def header_meaning(name: str) -> str | None:
    """The meaning of a column header (a key of :data:`MEANINGS`), or ``None`` when unclear.

    Examples
    --------
    >>> header_meaning("Celular"), header_meaning("Ответственный")
    ('phone', 'owner')
    """
    if not name.strip():
        return None
    scores = np.asarray(_scores(name))
    top, second = np.sort(scores)[::-1][:2]
    return _ORDER[int(np.argmax(scores))] if top - second >= MARGIN else None


def outcome_likeness(name: str) -> float:
    """How much a header reads like an outcome (converted, won, enrolled...), a cosine.

    Used to choose the outcome among several yes/no columns.

    Examples
    --------
    >>> outcome_likeness("Enrolled") > outcome_likeness("Newsletter opt-in")
    True
    """
    return _scores(name)[_ORDER.index("outcome")] if name.strip() else 0.0


@lru_cache(maxsize=8)
def _prototypes_of(texts: tuple[str, ...]) -> np.ndarray:
    from synthpersona.embeddings import cached_passages

    return cached_passages(list(texts))


@lru_cache(maxsize=4096)
def _query(name: str) -> np.ndarray:
    from synthpersona.embeddings import embed_query

    return embed_query(name.strip()[:80])


def meaning_scores(name: str, meanings: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """How close a header is to each of ``meanings`` (key -> short English descriptions): best cosine.

    The same model and way of comparing as :func:`header_meaning`, for another vocabulary of
    meanings (e.g. the columns of an event log).

    Examples
    --------
    >>> s = meaning_scores("Zeitstempel", {"when": ("timestamp", "date and time"), "who": ("user id",)})
    >>> s["when"] > s["who"]
    True
    """
    keys = list(meanings)
    texts = tuple(t for k in keys for t in meanings[k])
    labels = np.repeat(np.arange(len(keys)), [len(meanings[k]) for k in keys])
    sims = _prototypes_of(texts) @ _query(name)
    best = np.full(len(keys), -1.0)
    np.maximum.at(best, labels, sims)
    return {k: float(b) for k, b in zip(keys, best, strict=True)}


def closest_meaning(name: str, meanings: Mapping[str, Sequence[str]], margin: float = MARGIN) -> str | None:
    """The key of ``meanings`` a header is clearly closest to (ahead by ``margin``), else ``None``.

    Examples
    --------
    >>> closest_meaning("usuario", {"user": ("user", "customer"), "event": ("event name", "action")})
    'user'
    """
    if not name.strip():
        return None
    scores = meaning_scores(name, meanings)
    ranked = sorted(scores.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] - ranked[1] < margin:
        return None
    return max(scores, key=lambda k: scores[k])
