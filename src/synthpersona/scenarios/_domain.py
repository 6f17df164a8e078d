"""The domain family of a scenario, read from where the conversation happens and whom it serves.

A scenario names its domain in a few places: the setting ("Billing counter of a private
hospital"), the learner's organisation ("You are a chat support agent for a bank") and what the
persona came for. The persona's own life -- their job ("a retired bank officer"), a relative's job
("her husband, a school teacher"), their loan or their daughter's college -- happens in every
domain, so it counts little. :func:`domain_scores` weighs phrase-level evidence accordingly:

- compounds whose head noun is not the domain word ("blood bank" is healthcare, "food bank",
  "river bank" and "bank holiday" are no bank at all; ``data/domain_cues.yaml``);
- organisation and place nouns per domain (a mobile operator, a tehsil office, a court), and the
  lexicon's cue words (``DOMAINS``);
- by sentence role: the setting and the learner's sentence weigh three times, a cue inside a job
  title in the persona's background ("a bank cashier") a fifth;
- an employment relation (the persona works for the learner's organisation: a pay cut, a
  stipend, a roster) makes it an HR conversation whatever the industry.

:func:`domain_of` takes the best family, or ``general`` when no evidence is found (a food
bank's volunteer desk is no bank, no hospital and no shop).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ._facts_lexicon import _DOMAIN_PRIORITY, DOMAINS, HR_CONVERSATIONS
from ._facts_people import learner, sentences

__all__ = [
    "DomainChoice",
    "choose_domain",
    "domain_of",
    "domain_scores",
    "explained_family",
    "label_family",
]

# Weights of one cue by where it occurs.
_SETTING = 3.0
_BACKGROUND = 1.0
_JOB_TITLE = 0.2
_BACKGROUND_CAP = 2.5
# A conversation about the persona's own job is an HR one whatever the industry's words say.
_OWN_JOB = 10.0
_ENOUGH = 1.0
# Another family this close to the best one splits the evidence.
_SPLIT = 1.0
_EMPLOYMENT = 8.0
# A sentence that only names a place ("Railway reservation office at Lucknow.") sets the scene.
_YOU = re.compile(r"\b(?:you|your|the learner|the trainee)\b", re.I)
_PAST = re.compile(r"(?<=\w)\s+[a-z]{2,}ed\b")
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|says?|said|wants?|needs?|calls|comes?|came|walks?|"
    r"asks?|you|your|he|she|they|i|we)\b",
    re.I,
)
# A cue word right before a person noun is someone's job title ("a bank cashier", "a retired
# railway guard", "a school teacher"): background, unless it is the learner's own sentence.
_PERSON_NOUN = (
    r"(?:teachers?|officers?|clerks?|cashiers?|managers?|guards?|employees?|workers?|drivers?|"
    r"conductors?|graduates?|postman|staff|executives?|engineers?|nurses?|agents?|owners?|traders?|"
    r"students?|principals?|inspectors?|lawyers?|accountants?|peons?|attendants?|technicians?|"
    r"retirees?|pensioners?)"
)


@lru_cache(maxsize=1)
def _cues() -> dict[str, object]:
    text = resources.files("synthpersona.scenarios").joinpath("data/domain_cues.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    compounds = [
        (re.compile(rf"(?<![a-z]){pattern}(?![a-z])"), domain)
        for pattern, domain in data["compounds"].items()
    ]
    orgs = {
        domain: [re.compile(rf"(?<![a-z]){p}(?![a-z])") for p in patterns]
        for domain, patterns in data["organisations"].items()
    }
    return {
        "compounds": compounds,
        "organisations": orgs,
        "employment": re.compile(r"\b(?:" + "|".join(data["employment"]) + r")\b", re.I),
    }


def _cue_pattern(cue: str) -> str:
    """A lexicon cue as a word or a word's start.

    A long cue is a stem ("pregnan", "physiotherap"); a short one may take an inflection only
    ("ward", "wards", but not "warden"; "bank", "banking", "banker").
    """
    tail = r"[a-z]*" if len(cue.strip()) >= 6 else r"(?:s|es|ed|ing|er|ers)?"
    end = r"(?![a-z])" if not cue.endswith(" ") else ""
    return r"(?<![a-z])" + re.escape(cue.strip()) + tail + end


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, list[re.Pattern[str]]]:
    return {d: [re.compile(_cue_pattern(k)) for k in kws] for d, kws in DOMAINS.items()}


_JOB = re.compile(r"^(?:[\w-]+\s+)?" + _PERSON_NOUN + r"(?![a-z])")


def _weight(low: str, m: re.Match[str], weight: float, background: bool) -> float:
    """A cue's weight: a fifth inside a job title, unless the title is the learner's own."""
    if not _JOB.match(low[m.end() :].lstrip()):
        return weight
    own = re.search(r"\b(?:you|learner)\b[^,;]*$", low[max(0, m.start() - 50) : m.start()])
    return weight if own and not background else _JOB_TITLE * weight


def _score_span(
    low: str,
    weight: float,
    scores: dict[str, float],
    *,
    background: bool,
    seen: list[tuple[str, str, float]] | None = None,
) -> None:
    """Add the evidence of one lower-cased span; compounds first, so their words count once.

    ``seen`` (when given) receives each cue found as ``(domain, words, weight)``.
    """
    cues = _cues()
    out = seen if seen is not None else []
    for rx, domain in cues["compounds"]:  # type: ignore[attr-defined]
        for m in rx.finditer(low):
            if domain in scores:
                scores[domain] += weight
                out.append((domain, m.group(0).strip(), weight))
        low = rx.sub(" ~ ", low)
    for domain, patterns in cues["organisations"].items():  # type: ignore[attr-defined]
        for rx in patterns:
            for m in rx.finditer(low):
                w = _weight(low, m, weight, background)
                scores[domain] += w
                out.append((domain, m.group(0).strip(), w))
            low = rx.sub(" ~ ", low)
    # The possessor names the organisation, the possessed its outlet ("a mobile operator's store").
    low = re.sub(r"~\s*'s\s+[a-z-]+", " ~ ", low)
    for domain, patterns in _lexicon().items():
        for rx in patterns:
            for m in rx.finditer(low):
                w = _weight(low, m, weight, background)
                scores[domain] += w
                out.append((domain, m.group(0).strip(), w))


def _animal_care(low: str) -> str:
    # An animal's hospital or doctor is not human healthcare: its owner is a customer, not a patient.
    return re.sub(
        r"\b(?:veterinary|vet|animal|pet)\s+(?:hospital|clinic|doctor|surgeon|surgery|ward|nurse)s?\b",
        " animal care ",
        low,
    )


def domain_scores(
    text: str, learner_sentence: str = "", evidence: list[str] | None = None
) -> dict[str, float]:
    """The evidence for each domain family in a scenario text (see the module docstring).

    ``learner_sentence`` is the sentence saying who the learner is; when empty it is found.
    ``evidence`` (when given) receives one plain line per cue found, strongest first, e.g.
    ``"insurance: 'motor polic' in the setting or the learner's sentence (3.0)"``.

    Examples
    --------
    >>> s = domain_scores("Counter of a district hospital blood bank. You are the blood bank technician.")
    >>> s["healthcare"] > s["banking"] == 0
    True
    """
    if not learner_sentence:
        _, idx = learner(text)
        learner_sentence = " ".join(sentences(text)[i] for i in idx)
    if not learner_sentence:  # "You answer the phone for a bank": the learner's sentence all the same
        learner_sentence = next((s for s in sentences(text) if _YOU.search(s)), "")
    scores = dict.fromkeys(DOMAINS, 0.0)
    # The persona's life mentions many domains' words; together they weigh at most one setting cue.
    back = dict.fromkeys(DOMAINS, 0.0)
    setting: list[tuple[str, str, float]] = []
    background: list[tuple[str, str, float]] = []
    sents = sentences(text)
    own = learner_sentence.strip()
    for i, s in enumerate(sents):
        if own and s.strip() in own:
            continue
        if i == 0 and ":" not in s and not _VERB.search(s) and not _PAST.search(s):  # not a "key: value"
            _score_span(_animal_care(f" {s.lower()} "), _SETTING, scores, background=True, seen=setting)
        else:
            _score_span(_animal_care(f" {s.lower()} "), _BACKGROUND, back, background=True, seen=background)
    if own:
        # The learner's clause: from "you"/"learner" to the next full stop, wherever it starts.
        at = re.search(r"\b(?:you|your|learner|trainee)\b", own, re.I)
        start = at.start() if at else 0
        stop = re.search(r"[.!?](?:\s|$)", own[start:])
        end = start + stop.end() if stop else len(own)
        head, rest = own[start:end], f"{own[:start]} {own[end:]}".strip()
        _score_span(_animal_care(f" {head.lower()} "), _SETTING, scores, background=False, seen=setting)
        if rest:
            _score_span(
                _animal_care(f" {rest.lower()} "), _BACKGROUND, back, background=True, seen=background
            )
    for d, v in back.items():
        scores[d] += min(v, _BACKGROUND_CAP)
    low = f" {text.lower()} "
    found = [(d, w, x, "in the setting or the learner's sentence") for d, w, x in setting]
    found += [(d, w, x, "in the persona's background") for d, w, x in background]
    hr_talk = HR_CONVERSATIONS.search(low)
    if hr_talk:
        scores["hr"] += _OWN_JOB
        found.append(("hr", hr_talk.group(0).strip(), _OWN_JOB, "a conversation about the persona's own job"))
    employment = _cues()["employment"].search(low)  # type: ignore[attr-defined]
    if employment:
        scores["hr"] += _EMPLOYMENT
        found.append(
            ("hr", employment.group(0), _EMPLOYMENT, "the persona works for the learner's organisation")
        )
    if evidence is not None:
        found.sort(key=lambda f: -f[2])
        evidence.extend(f"{d}: {w!r} {where} ({x:g})" for d, w, x, where in found if x > 0)
    return scores


@dataclass(frozen=True)
class DomainChoice:
    """The domain family of a scenario with its evidence, and whether its value bank may be used.

    ``sure`` is False when the evidence is weak (no cue as strong as one in the setting or the
    learner's sentence) or split (another family within ``_SPLIT`` of the best): the best guess
    is still reported, but details are drawn from the ``general`` bank and the scenario's own
    facts, never from a family the text does not clearly name (:attr:`bank_family`).
    """

    family: str
    sure: bool
    scores: dict[str, float]
    evidence: tuple[str, ...]
    runner_up: str | None = None

    @property
    def bank_family(self) -> str:
        """The family whose value bank details are drawn from (``general`` unless sure)."""
        return self.family if self.sure else "general"

    def explain(self) -> list[str]:
        """The choice in plain lines a trainer reads: the family, why, and how sure.

        The first line names the family (:func:`explained_family` reads it back).
        """
        best = self.scores.get(self.family, 0.0)
        head = f"domain {self.family} (evidence {best:g}"
        if self.runner_up:
            head += f", next {self.runner_up} {self.scores[self.runner_up]:g}"
        head += ")"
        if not self.sure:
            head += ": weak or split evidence, details from the general bank"
        return [head, *self.evidence[:6]]


def explained_family(evidence: list[str]) -> str | None:
    """The family a choice's explanation (:meth:`DomainChoice.explain`) names, ``None`` without one.

    Examples
    --------
    >>> explained_family(["domain education (evidence 2): weak or split evidence"])
    'education'
    >>> explained_family([]) is None
    True
    """
    m = re.match(r"domain (\S+) \(evidence ", evidence[0]) if evidence else None
    return m.group(1) if m else None


def choose_domain(text: str, learner_sentence: str = "") -> DomainChoice:
    """The domain family of a scenario text, its evidence and whether it is sure (see DomainChoice).

    Examples
    --------
    >>> c = choose_domain("You are a claims officer at an insurance company. Ravi, 50, calls.")
    >>> c.family, c.sure, c.bank_family
    ('insurance', True, 'insurance')
    >>> c = choose_domain("You answer calls for a club. Meena, 39, wants her school fees back.")
    >>> c.family, c.sure, c.bank_family
    ('education', False, 'general')
    """
    evidence: list[str] = []
    scores = domain_scores(text, learner_sentence, evidence)
    ranked = sorted(scores, key=lambda d: (-scores[d], _DOMAIN_PRIORITY.index(d)))
    best, second = ranked[0], ranked[1]
    if scores[best] < _ENOUGH:  # someone's job title alone ("a retired bank officer") sets no domain
        return DomainChoice("general", True, scores, tuple(evidence))
    weak = scores[best] < _SETTING
    split = scores[second] > 0 and scores[best] - scores[second] < _SPLIT
    return DomainChoice(
        best, not (weak or split), scores, tuple(evidence), second if scores[second] > 0 else None
    )


def domain_of(text: str, learner_sentence: str = "") -> str:
    """The domain family of a scenario text (``general`` when nothing matches).

    Examples
    --------
    >>> domain_of("You are the secretary of a chess club. A member's dog keeps barking at night.")
    'general'
    >>> domain_of("You are a loan officer at a bank. Rohit, a school teacher, wants to pay his son's fees.")
    'banking'
    """
    return choose_domain(text, learner_sentence).family


def label_family(label: str) -> str | None:
    """The family a template's domain label names, when the label is a family's own name.

    A specialised label ("pharma_sales") says what is sold, not where: a rep detailing a drug to
    a gynaecologist is read from the text like any scenario.

    Examples
    --------
    >>> label_family("banking"), label_family("pharma_sales")
    ('banking', None)
    """
    return label if label in DOMAINS else None
