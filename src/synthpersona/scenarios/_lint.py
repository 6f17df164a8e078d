"""Prompt linter: a system prompt must read as fluent prose and agree with the scenario's facts.

:func:`lint_prompt` finds unfilled slots (``{name}``, ``None``), broken sentence frames
("When it comes to your who was involved"), missing or wrong articles ("is car sales
consultant", "a insurance question"), doubled words, empty sections, and statements
that contradict the facts (a caller placed at a counter, "speak English" for someone
not fluent in it, the wrong number of children).
"""

from __future__ import annotations

import re

from ._consistency import Inconsistency, told_to_speak
from ._facts import ScenarioFacts

__all__ = ["lint_prompt"]

_ROLE_NOUNS = (
    r"consultant|officer|manager|executive|analyst|teacher|nurse|doctor|agent|clerk|engineer|owner|customer|"
    r"member|counsellor|counselor|specialist|advisor|adviser|worker|inspector|partner|lead|representative|rep|"
    r"associate|buyer|policyholder|applicant|student|parent|patient|pharmacist|designer"
)
_DETERMINERS = (
    r"a|an|the|your|my|his|her|their|our|one|two|three|this|that|every|each|no|any|some|not|also|"
    r"still|now|very|being|on|in|at|with|by|for|from|to|as|like|more|less|what|who|how|here|there|just|only"
)
_CHECKS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "unfilled_slot",
        re.compile(r"\{\{|\}\}|\{[a-z_]+\}|\bNone(?=[.,;)\n]|$)|\bnull\b|\[\]|\{\}|\bnan\b"),
        "unfilled slot",
    ),
    (
        "broken_template",
        re.compile(r"\bWhen it comes to your\b|\byour (?:who|what|when|where|how)\b"),
        "broken frame",
    ),
    (
        "missing_article",
        re.compile(
            rf"\b(?:is|are|am|as|was)\s+(?!(?:{_DETERMINERS})\b)(?:(?!(?:{_DETERMINERS}|and|or|but)\b)[a-z-]+\s+){{0,3}}?"
            rf"(?:{_ROLE_NOUNS})\b"
        ),
        "missing article",
    ),
    (
        "wrong_article",
        re.compile(r"\ba (?=[aeio][a-z])|\ban (?=[bcdfgjklmnpqrstvwxyz][a-z])(?!hour|honest|hon)"),
        "wrong article",
    ),
    ("doubled_word", re.compile(r"\b(\w{2,})[ \t]+\1\b", re.I), "doubled word"),
    ("punctuation", re.compile(r"\s[,.;:](?!\d)|\.\.(?!\.)|,\s*\.|\(\s*\)"), "stray punctuation"),
    ("empty_section", re.compile(r"^## [^\n]+\n+(?=## )", re.M), "empty section"),
)
_ALLOWED_AFTER_A = re.compile(
    r"\ba (?:one|once|unique|union|united|university|user|usual|euro|european|ot\b)", re.I
)
_NUM_WORDS = {"no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def lint_prompt(prompt: str, facts: ScenarioFacts | None = None) -> list[Inconsistency]:
    """Problems in a system prompt; an empty list means the prompt is clean.

    Examples
    --------
    >>> [i.kind for i in lint_prompt("The person talking to you is car sales consultant.")]
    ['missing_article']
    >>> lint_prompt("You are Ravi, a 40-year-old father of two.")
    []
    """
    out: list[Inconsistency] = []
    for kind, rx, label in _CHECKS:
        for m in rx.finditer(prompt):
            if kind == "wrong_article" and _ALLOWED_AFTER_A.match(prompt, m.start()):
                continue
            if kind == "doubled_word" and m.group(1).isdigit():
                continue
            snippet = prompt[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
            out.append(Inconsistency(kind, f"{label}: ...{snippet}..."))
            break
    if facts is not None:
        out += _contradictions(prompt, facts)
    return out


def _contradictions(prompt: str, facts: ScenarioFacts) -> list[Inconsistency]:
    out: list[Inconsistency] = []
    if facts.channel in {"phone", "video", "chat"}:
        m = re.search(r"\b(?:at the (?:branch )?counter|across the desk|walks? in|in person)\b", prompt, re.I)
        if m:
            out.append(Inconsistency("channel", f"facts say {facts.channel}; the prompt says {m.group(0)!r}"))
    for lang in facts.not_fluent:
        if told_to_speak(prompt, lang):
            out.append(
                Inconsistency("languages", f"the persona is not fluent in {lang} but is told to speak it")
            )
    if facts.children is not None:
        for m in re.finditer(r"\bYou have (no|one|two|three|four|five|six|\d) (?:child|children)\b", prompt):
            n = _NUM_WORDS.get(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
            if n != facts.children:
                out.append(
                    Inconsistency("children", f"facts say {facts.children} children; prompt: {m.group(0)!r}")
                )
    if facts.emotions and facts.agitated():
        m = re.search(r"\byour main feeling is (calm|relaxed|content|curious|cheerful)\b", prompt, re.I)
        if m:
            out.append(
                Inconsistency("emotions", f"facts say {', '.join(facts.emotions)}; prompt: {m.group(0)!r}")
            )
    return out
