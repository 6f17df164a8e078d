"""``parse_goal``: a business goal in plain words → :class:`GoalSpec`.

Pipeline: normalise (case, hyphens, Devanagari, typos) → number rules (ages, incomes,
prices) → longest-match lexicon concepts (people, places, interests, attitudes) with
negation → semantic fallback for leftover product words → merge and reconcile filters
→ intents (rules + embeddings) and domain → warnings for conflicts.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Final

from synthpersona import schema
from synthpersona.errors import GoalParseError, InputError
from synthpersona.goals import _intents
from synthpersona.goals._lexicon import (
    CONCEPTS,
    GENERATIONS,
    GENERIC_WORDS,
    GLUE_VERBS,
    GLUE_WORDS,
    INTEREST_THRESHOLD,
    STOPWORDS,
    Concept,
)
from synthpersona.goals._models import Filter, GoalSpec, Intent
from synthpersona.goals._negation import Unit, complement, find_cues, resolve, undecided
from synthpersona.goals._normalize import MISSPELLINGS, SpellFixer, normalize
from synthpersona.goals._numbers import NumberHit, find_numbers
from synthpersona.goals._places import EXAMPLE_MARKERS, place_concepts
from synthpersona.goals._products import PRODUCT_CONCEPTS
from synthpersona.goals._reconcile import reconcile
from synthpersona.goals._sides import both_sides

MAX_GOAL_CHARS: Final = 2000

EXAMPLES: Final = (
    "Gen Z moms in tier-2 cities",
    "college students in Bangalore interested in budget headphones",
    "salaried millennials earning over 50k a month",
    "Tamil-speaking homemakers aged 30-45",
    "privacy-conscious parents of teens in metros",
    "मुंबई के छात्र",
)
UNDERSTOOD: Final = (
    "generations and ages (Gen Z, millennials, 25-34, over 40, in their 30s), "
    "gender and parents (moms, dads, parents, without kids, new moms, parents of teens), "
    "occupations (students, salaried, business owners, homemakers, freelancers, retirees), "
    "places (cities incl. old names, states, metros, tier-2, rural), "
    "income (earning over 50k, 1 lakh+, low-income), household income (affluent families, household "
    "income above 1 lakh), languages, media (Instagram users), shopping channels, "
    "interests from products (headphones, skincare, cricket, gym) and attitudes "
    "(budget, premium, privacy-conscious, tech-savvy, EMI buyers)"
)

_WORD = re.compile(r"[^\W\d_][\w'\u0900-\u097f]+")


@dataclass(frozen=True)
class _Compiled:
    concept: Concept
    regex: re.Pattern[str]


Atom4 = tuple[str, str, Any, str]  # column, op, value, source words
_BOUNDS: Final = {
    "age": (float(schema.AGE_MIN), float(schema.AGE_MAX)),
    "monthly_income_inr": (0.0, math.inf),
    "household_income_inr": (0.0, math.inf),
}


@dataclass
class _Unit:
    """One understood phrase (a concept or a number) with its filter atoms."""

    start: int
    end: int
    text: str
    intent: str
    atoms: list[Atom4]
    warning: str = ""

    @property
    def family(self) -> str:
        """The column coordination is checked on ("not on Instagram or Facebook": both media)."""
        return self.atoms[0][0] if self.atoms else self.intent


@dataclass
class _Match:
    start: int
    end: int
    concept: Concept
    text: str
    example: bool = False


@lru_cache(maxsize=1)
def _compiled() -> tuple[list[_Compiled], SpellFixer]:
    concepts = [*CONCEPTS, *PRODUCT_CONCEPTS, *place_concepts()]
    compiled = [_Compiled(c, re.compile(rf"(?<![\w'])(?:{c.pattern})(?![\w])")) for c in concepts]
    # Vocabulary for typo repair: words of the lexicon that on their own match a concept.
    words: set[str] = set(MISSPELLINGS.values())
    for c in concepts:
        words.update(re.findall(r"[a-z]{4,}", c.pattern))
    vocab = {w for w in words if any(cc.regex.fullmatch(w) for cc in compiled)}
    vocab |= {n.lower() for n in schema.CITY_NAMES} | set(schema.CITY_ALIASES)
    vocab |= {"millennials", "millennial", "students", "college", "professionals"}
    return compiled, SpellFixer(vocab)


def _find_concepts(text: str, blocked: list[tuple[int, int]]) -> list[_Match]:
    compiled, _ = _compiled()
    found: list[_Match] = []
    for cc in compiled:
        for rm in cc.regex.finditer(text):
            found.append(_Match(rm.start(), rm.end(), cc.concept, rm.group(0)))
    # Longest phrase wins; ties go to the earlier one.
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    chosen: list[_Match] = []
    taken = list(blocked)
    for m in found:
        if any(m.start < b and a < m.end for a, b in taken):
            continue
        chosen.append(m)
        taken.append((m.start, m.end))
    chosen.sort(key=lambda m: m.start)
    for m in chosen:
        before = text[max(0, m.start - 20) : m.start]
        if m.concept.meta.get("place"):
            m.example = bool(EXAMPLE_MARKERS.search(before)) or _continues_example(text, m, chosen)
        needs = m.concept.meta.get("needs")
        # The context may come before ("buying shoes online") or, in Hindi word order, after
        # ("online kharidte", "online nahi kharidte").
        context = (text[max(0, m.start - 40) : m.start], text[m.end : m.end + 25])
        if needs and not any(re.search(needs, side) for side in context):
            m.example = True  # context missing: understood but not used as a filter
    return chosen


def _continues_example(text: str, m: _Match, chosen: list[_Match]) -> bool:
    """``like Mumbai and Pune``: Pune is an example too when the place before it was one."""
    prev = [c for c in chosen if c.end <= m.start and c.concept.meta.get("place")]
    if not prev or not m.concept.meta.get("place"):
        return False
    p = prev[-1]
    gap = text[p.end : m.start]
    return p.example and re.fullmatch(r"\s*(?:,|and|or|&|/)?\s*(?:and\s+)?", gap) is not None


def _age_from_generation(key: str, today: dt.date) -> tuple[int, int]:
    _, first, last = GENERATIONS[key]
    return today.year - last, today.year - first


def _leftover_words(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, str]]:
    mask = [False] * len(text)
    for a, b in spans:
        for i in range(a, min(b, len(text))):
            mask[i] = True
    out = []
    for m in re.finditer(r"[\w\u0900-\u097f'₹+]+", text):
        if any(mask[m.start() : m.end()]):
            continue
        out.append((m.start(), m.end(), m.group(0)))
    return out


def parse_goal(text: str, *, today: dt.date | None = None, semantic: bool = True) -> GoalSpec:
    """Understand a business goal as intents, a domain and filters on the population.

    Parameters
    ----------
    text
        The goal in plain words (English, Hinglish or Hindi), e.g. ``"Gen Z moms in tier-2 cities"``.
    today
        Reference date for generations (birth years → ages); defaults to today.
    semantic
        Use sentence embeddings for intents and for product words the lexicon lacks.
        ``False`` gives a rules-only parse (faster; intents from rules only).

    Returns
    -------
    GoalSpec
        ``filters`` to run with :func:`build_query`, ``intents`` with confidences,
        ``domain``, ``unparsed`` words and ``warnings``.

    Raises
    ------
    GoalParseError
        Nothing in the goal describes an audience; the message lists what is understood.

    Examples
    --------
    >>> import datetime as dt
    >>> spec = parse_goal("Gen Z moms in tier-2 cities", today=dt.date(2026, 1, 1))
    >>> [(f.column, f.op, f.value) for f in spec.filters]  # doctest: +NORMALIZE_WHITESPACE
    [('age', 'between', [18, 29]), ('gender', 'eq', 'Female'), ('has_children', 'eq', True),
     ('city_tier', 'eq', 'Tier-2')]
    >>> spec.domain
    'parenting'
    """
    if not isinstance(text, str):
        raise InputError(f"A goal must be text, got {type(text).__name__}.")
    goal = text.strip()
    if len(goal) > MAX_GOAL_CHARS:
        raise InputError(
            f"The goal is {len(goal)} characters long; keep it under {MAX_GOAL_CHARS} "
            "(describe the audience in a sentence or two).",
            details={"length": len(goal), "max": MAX_GOAL_CHARS},
        )
    today = today or dt.date.today()
    _, fixer = _compiled()
    norm = normalize(goal, fixer)
    warnings: list[str] = []
    atoms: list[tuple[str, str, Any, str]] = []  # column, op, value, source
    evidence: dict[str, list[str]] = defaultdict(list)
    unparsed_extra: list[str] = []

    numbers = find_numbers(norm, today)
    consumed: list[tuple[int, int]] = []
    units: list[_Unit] = []
    for hit in numbers:
        hit_atoms = _number_atoms(hit, evidence, warnings, unparsed_extra)
        consumed.append((hit.start, hit.end))
        if hit_atoms:
            units.append(_Unit(hit.start, hit.end, hit.text.strip(), "", hit_atoms))

    matches = _find_concepts(norm, consumed)
    whole_population = False
    for m in matches:
        consumed.append((m.start, m.end))
        c = m.concept
        if c.meta.get("all"):
            whole_population = True
            evidence["general"].append(m.text)
            continue
        if m.example:
            evidence[c.intent].append(m.text)
            continue
        units.append(_Unit(m.start, m.end, m.text, c.intent, _concept_atoms(m, today), c.warning))
    units.sort(key=lambda u: u.start)

    cues = find_cues(norm, consumed)
    plain = [Unit(u.start, u.end, u.family) for u in units]
    negated, unplaced = resolve(norm, plain, cues, GLUE_WORDS)
    consumed.extend((q.start, q.end) for q in cues if q not in unplaced)
    withheld = undecided(norm, plain, unplaced)
    for i in sorted(withheld):
        warnings.append(
            f"Could not tell whether {units[i].text!r} is excluded, so it was not used either way; "
            f"say e.g. 'not on EMI' or 'not on Instagram' to exclude it."
        )
        unparsed_extra.append(units[i].text)
    kept_ids = [i for i in range(len(units)) if i not in withheld]
    kept = [units[i] for i in kept_ids]
    kept_negated = {j for j, i in enumerate(kept_ids) if i in negated}
    kept, kept_negated, compared = _compare_both_sides(norm, kept, kept_negated, evidence, warnings)
    # "parents and non-parents" is an audience (everyone, with or without children), not an empty goal.
    whole_population = whole_population or compared
    atoms.extend(_apply_negation(kept, kept_negated, evidence, warnings))
    for cue in unplaced:
        warnings.append(
            f"Could not tell what {cue.text!r} excludes, so nothing was excluded; name what to leave out "
            "right after it (e.g. 'not on Instagram', 'outside the metros', 'EMI nahi lene wale')."
        )
        unparsed_extra.append(cue.text)

    leftovers = _leftover_words(norm, consumed)
    content = [w for _, _, w in leftovers if w not in STOPWORDS and w not in GLUE_VERBS and not w.isdigit()]
    vectors = None
    if semantic:
        candidates = [w for w in content if len(w) >= 4 and w.isalpha() and w not in GENERIC_WORDS]
        goal_words = [w for w in _WORD.findall(norm) if w not in STOPWORDS and not w.isdigit()]
        # One batched model call at most: the goal's words and the leftover candidates.
        vectors = _intents.word_vectors(list(dict.fromkeys([*goal_words, *candidates])))[: len(goal_words)]
        for word, (column, score) in _intents.interest_for(candidates).items():
            atoms.append((column, "gte", INTEREST_THRESHOLD, word))
            evidence["interests"].append(f"{word}≈{column.removeprefix('interest_')} ({score:.2f})")
            content = [w for w in content if w != word]

    filters = reconcile(atoms, warnings, today)
    # Conditions that cover everyone ("aged 18 to 75") reconcile to no filter: the whole population.
    if not filters and not whole_population and not atoms:
        raise GoalParseError(
            f"Could not find an audience in {goal!r}. {' '.join(dict.fromkeys(warnings))}"
            f"{' ' if warnings else ''}I understand {UNDERSTOOD}. Try for example: "
            + "; ".join(f"'{e}'" for e in EXAMPLES)
            + ".",
            details={"goal": goal, "examples": list(EXAMPLES), "unparsed": " ".join(content)},
        )
    intents = _score_intents(vectors, evidence)
    domain = _pick_domain(intents, filters)
    unparsed = " ".join([*content, *unparsed_extra]).strip()
    return GoalSpec(
        goal=goal,
        intents=intents,
        domain=domain,
        filters=filters,
        unparsed=unparsed,
        warnings=list(dict.fromkeys(warnings)),
    )


def _number_atoms(
    hit: NumberHit, evidence: dict[str, list[str]], warnings: list[str], unparsed: list[str]
) -> list[Atom4]:
    text = hit.text.strip()
    if hit.kind == "age":
        evidence["generation"].append(text)
        value: Any = hit.value if hit.op == "between" else hit.value[0]
        return [("age", hit.op, [int(v) for v in value] if isinstance(value, list) else int(value), text)]
    if hit.kind == "income":
        evidence["income"].append(text)
        value = [int(v) for v in hit.value] if hit.op == "between" else int(hit.value[0])
        column = "household_income_inr" if hit.household else "monthly_income_inr"
        return [(column, hit.op, value, text)]
    if hit.kind == "children":
        evidence["parenting"].append(text)
        return [("num_children", hit.op, int(hit.value[0]), text), ("has_children", "eq", True, text)]
    if hit.kind == "price":
        evidence["budget"].append(text)
        warnings.append(
            f"{text!r} looks like a product price, not an income, so it is not used as a filter; "
            "to filter by income say e.g. 'earning over 50k a month'."
        )
        unparsed.append(text)
    return []


def _concept_atoms(m: _Match, today: dt.date) -> list[Atom4]:
    c = m.concept
    out: list[Atom4] = []
    gen, age = c.meta.get("generation"), c.meta.get("age")
    if gen:
        _, first, last = GENERATIONS[gen]
        lo, hi = _age_from_generation(gen, today)
        out.append(("age", "between", [lo, hi], f"{m.text} (born {first}–{last})"))
    elif age:
        out.append(("age", "between", list(age), m.text))
    out.extend((*atom, m.text) for atom in c.atoms)
    return out


def _key(atom: Atom4) -> tuple[str, str, str]:
    return (atom[0], atom[1], repr(atom[2]))


def _compare_both_sides(
    text: str, units: list[_Unit], negated: set[int], evidence: dict[str, list[str]], warnings: list[str]
) -> tuple[list[_Unit], set[int], bool]:
    """Units without the conditions a goal names both sides of ("parents and non-parents").

    See :mod:`synthpersona.goals._sides`: those conditions are not filtered on, and a
    negated phrase that is only the other side of a pair is consumed (no exclusion).
    """
    spans = [(u.start, u.end, u.text) for u in units]
    sides = both_sides(text, spans, [u.atoms for u in units], negated, complement)
    negated = sides.negated
    warnings.extend(sides.notes)
    out: list[_Unit] = []
    out_negated: set[int] = set()
    for i, u in enumerate(units):
        if i in sides.consumed:
            if u.intent:
                evidence[u.intent].append(f"non {u.text}")
            continue
        gone = sides.drop.get(i, set())
        if gone:
            u = replace(u, atoms=[a for a in u.atoms if _key(a) not in gone])
        if i in negated:
            out_negated.add(len(out))
        out.append(u)
    return out, out_negated, bool(sides.notes)


def _apply_negation(
    units: list[_Unit], negated: set[int], evidence: dict[str, list[str]], warnings: list[str]
) -> list[Atom4]:
    """Atoms of the understood phrases, the negated ones replaced by their complement.

    A negated phrase that stands for several conditions ("moms": female and with
    children) is excluded through the one condition the rest of the goal does not
    already state ("women who are not moms" → without children); when that is not a
    single condition, the phrase is ignored with a warning, never inverted.
    """
    positive = {_key(a) for i, u in enumerate(units) if i not in negated for a in u.atoms}
    out: list[Atom4] = []
    for i, u in enumerate(units):
        if i not in negated:
            if u.warning:
                warnings.append(u.warning)
            if u.intent:
                evidence[u.intent].append(u.text)
            out.extend(u.atoms)
            continue
        if u.intent:
            evidence[u.intent].append(f"not {u.text}")
        remaining = [a for a in u.atoms if _key(a) not in positive]
        comp = None
        if len(remaining) == 1:
            column = remaining[0][0]
            comp = complement(remaining[0][:3], _BOUNDS.get(column, (-math.inf, math.inf)))
        if comp is None:
            warnings.append(
                f"Could not exclude {u.text!r}: leaving it out is not one condition on the population, "
                "so it was ignored (nothing was excluded)."
            )
            continue
        out.append((*comp, f"not {u.text}"))
    return out


# Domain precedence when several are signalled: who the audience is (parents) first,
# then the product category (tech), then the buying attitude (budget), then lifestyle.
_DOMAIN_OF_INTENT: Final = {
    "parenting": "parenting",
    "tech": "tech_adoption",
    "budget": "budget",
    "lifestyle": "lifestyle",
    "interests": "lifestyle",
}
_DOMAIN_PRIORITY: Final = {"parenting": 1.0, "tech_adoption": 0.97, "budget": 0.94, "lifestyle": 0.9}
_TECH_COLUMNS: Final = {"interest_tech", "interest_gaming", "tech_savviness"}
_BUDGET_COLUMNS: Final = {"price_sensitivity", "emi_flag"}
_PARENT_COLUMNS: Final = {"has_children", "parenting_stage", "num_children", "interest_parenting"}


def _score_intents(vectors: Any, evidence: dict[str, list[str]]) -> list[Intent]:
    emb = _intents.intent_scores(vectors) if vectors is not None else {}
    out = []
    for name in (*_intents.INTENTS, "general"):
        ev = list(dict.fromkeys(evidence.get(name, [])))
        rule = min(0.99, 0.85 + 0.05 * len(ev)) if ev else 0.0
        conf = max(rule, emb.get(name, 0.0))
        if conf > 0:
            out.append(Intent(name=name, confidence=round(conf, 3), evidence=ev))
    out.sort(key=lambda i: -i.confidence)
    return out


def _pick_domain(intents: list[Intent], filters: list[Filter]) -> Any:
    cols = {f.column for f in filters if not (f.column == "has_children" and f.value is False)}
    scores: dict[str, float] = {}
    if cols & _PARENT_COLUMNS:
        scores["parenting"] = 1.0
    if cols & _TECH_COLUMNS:
        scores["tech_adoption"] = 1.0
    if cols & _BUDGET_COLUMNS or any(f.column == "income_level" and f.value == "Low" for f in filters):
        scores["budget"] = 1.0
    if cols & (set(schema.INTERESTS) - _TECH_COLUMNS - {"interest_parenting"}) or cols & {
        "marital_status",
        "family_size",
    }:
        scores["lifestyle"] = 1.0
    if not scores:
        return "general"
    return max(scores, key=lambda d: scores[d] * _DOMAIN_PRIORITY[d])


def understood_examples() -> tuple[str, ...]:
    """Example goals the parser understands (for help texts and error messages)."""
    return EXAMPLES


def warm_up(texts: Iterable[str] = ()) -> None:
    """Load the model and embed the prototypes (and the words of ``texts``) now.

    Parsing embeds new words on first sight; calling this at start-up, or with a
    batch of goals about to be parsed, moves that cost into a few batched calls.

    Examples
    --------
    >>> warm_up(["Gen Z moms in tier-2 cities"])
    """
    _intents.warm_up()
    _, fixer = _compiled()
    words: list[str] = []
    for text in texts:
        norm = normalize(str(text).strip(), fixer)
        words.extend(w for w in _WORD.findall(norm) if w not in STOPWORDS)
    unique = list(dict.fromkeys(words))
    for i in range(0, len(unique), 128):
        _intents.word_vectors(unique[i : i + 128])
