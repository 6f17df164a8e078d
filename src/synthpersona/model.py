"""The core segment and persona model every workflow builds.

Every workflow (goal → segments, any table / leads, clickstream, role-play) produces
the same three kinds of object (role-play personas stand for no segment):

- :class:`Segment`: a group of members (a cluster) with its size, the statistics
  that profile it and the :class:`Evidence` behind its label.
- :class:`Persona`: a person standing for a segment: a name, a title, a narrative,
  the member it is anchored on (when there is one), its attributes and the
  :class:`Evidence` behind each claim.
- :class:`Evidence`: the statistic behind one claim: which statistic, its value in
  the segment, the baseline it is compared with, an interval and the counts.

The seed-shaped JSON each workflow returns (seed 000 clusters and personas, seed 003
``personas.json``, seed 002 persona summary) is a view over these objects, written in
:mod:`synthpersona.views` (one module per shape); seed 004's role-play
``PersonaInstance`` is written by ``scenarios.PersonaInstance.from_persona``. A new
persona field is added here (or in a workflow's typed extension below) and to the views
that show it.

Numbers are stored unrounded; the views round them, so every number a view prints can
be recomputed from these objects (and, through ``member_ids``, from the data).

Examples
--------
>>> seg = Segment(segment_id=1, label="Tech Adopters", size=40, base=200)
>>> seg.share
0.2
>>> ev = Evidence(field="cluster_label", claim="high tech savviness", statistic="mean",
...               value=0.78, baseline=0.52, columns=("tech_savviness",), segment_id=1)
>>> Persona(persona_id="dyn_1_0", segment_id=1, name="Asha Rao", evidence=[ev]).evidence[0].value
0.78
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "Anchor",
    "BehaviourSegmentFacts",
    "Evidence",
    "GoalPersonaFacts",
    "GoalSegmentFacts",
    "Outcome",
    "Persona",
    "RolePlayPersonaFacts",
    "Segment",
    "TableSegmentFacts",
]

# Statistic names used in Evidence.statistic (a view may show them as they are).
MEAN = "mean"  # mean of a numeric column over the segment
SHARE = "share"  # share of the segment where a yes/no column is true
VALUE_SHARE = "value_share"  # share of the segment with one categorical value (``category``)
DISTANCE = "distance_to_centroid"  # the anchor member's distance to the segment centre
MEMBER_MEAN = "member_mean"  # mean of one member's scores over ``columns``
RATE = "rate"  # share of the known outcomes that succeeded (``Outcome``)

#: ``Persona.segment_id`` of a persona that stands for no segment (a role-play persona
#: written from a scenario template; one made from a cluster persona keeps its cluster).
NO_SEGMENT = -1


@dataclass(frozen=True)
class Evidence:
    """The statistic behind one claim of a segment or persona.

    Attributes
    ----------
    field
        The field the claim supports, e.g. ``"care_about_top2"`` or ``"cluster_label"``.
    claim
        The words of the claim (``"high tech savviness"``).
    statistic
        What ``value`` is: ``"mean"``, ``"share"``, ``"value_share"``,
        ``"distance_to_centroid"``, ``"member_mean"``, ``"rate"``.
    value
        The statistic in the segment (or for the member, see ``member_id``), unrounded.
    baseline
        The same statistic over everyone analysed, when the claim compares with it.
    effect_size
        Standardised difference between ``value`` and ``baseline``, signed so that it
        is positive in the claim's direction.
    interval
        Confidence interval of ``value`` (same unit), when computed.
    n
        Number of members (or outcomes) the statistic is computed over.
    thresholds
        The cut-offs the claim had to pass (``{"min_effect": 0.25}``).
    columns
        Data columns the statistic is computed from.
    category
        The categorical value a ``value_share`` counts.
    segment_id, member_id
        The segment, and the member for member-level statistics.
    """

    field: str
    claim: str
    statistic: str
    value: float
    baseline: float | None = None
    effect_size: float | None = None
    interval: tuple[float, float] | None = None
    n: int | None = None
    thresholds: tuple[tuple[str, float], ...] = ()
    columns: tuple[str, ...] = ()
    category: str | None = None
    segment_id: int | None = None
    member_id: int | None = None

    @property
    def column(self) -> str | None:
        """The single column of the statistic (``None`` when it uses none or several)."""
        return self.columns[0] if len(self.columns) == 1 else None

    @property
    def lift(self) -> float | None:
        """``value / baseline`` (``None`` without a positive baseline)."""
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline


@dataclass(frozen=True)
class Outcome:
    """A yes/no outcome (conversion) counted over a segment.

    ``baseline_rate`` is the rate over everyone analysed (for the lift); rates are 0-1.
    """

    successes: int
    failures: int
    unknown: int = 0
    baseline_rate: float | None = None

    @property
    def known(self) -> int:
        """Members with a known outcome."""
        return self.successes + self.failures

    @property
    def rate(self) -> float:
        """Share of the known outcomes that succeeded (0 without any)."""
        return self.successes / self.known if self.known else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """Wilson 95 % interval of :attr:`rate` (``(0, 0)`` without known outcomes)."""
        from synthpersona._stats import wilson_interval

        return wilson_interval(self.successes, self.known) if self.known else (0.0, 0.0)


@dataclass
class Anchor:
    """The real member a persona is modelled on.

    ``distance`` is its distance to the segment centre in feature space and
    ``distance_percentile`` the share (0-100) of segment members closer to the centre.
    """

    member_id: int
    distance: float
    distance_percentile: float | None = None


@dataclass
class GoalSegmentFacts:
    """What the goal workflow (seed 000) knows about a segment beyond the shared facts."""

    icon: str
    personas_count: int
    cohesion: float  # mean silhouette of the members
    separation: float  # nearest other centre over the mean distance to the own centre


@dataclass
class TableSegmentFacts:
    """Where each distribution of a table segment goes in seed 003's ``personas.json``.

    ``placement`` maps a key of :attr:`Segment.distributions` to ``(section, key)``
    (``("geography", "states")``); keys without one go to the ``attributes`` section.
    """

    placement: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class BehaviourSegmentFacts:
    """What the clickstream workflow (seed 002) measures of a segment of users.

    ``typical_paths`` and ``distinctive_events`` pair a path / event with its share of
    the segment's sessions / its rate relative to all sessions.
    """

    n_sessions: int
    median_session_events: float
    mean_duration_s: float
    mean_back_steps: float
    typical_paths: list[tuple[str, float]]
    exit_event: str | None
    dropoff_step: str | None
    distinctive_events: list[tuple[str, float]]
    traits: list[dict[str, Any]] = field(default_factory=list)
    #: Share of the segment's sessions that start on a Saturday or a Sunday (``None``: not measured).
    weekend_share: float | None = None


@dataclass
class GoalPersonaFacts:
    """What the goal workflow (seed 000) says about a persona beyond the shared facts.

    ``media`` lists the anchor's channel then the segment's next most common one;
    ``relevance`` is the mean of the anchor's goal-relevant scores (``relevance_columns``).
    """

    media: list[str]
    relevance: float
    relevance_columns: tuple[str, ...]


@dataclass
class RolePlayPersonaFacts:
    """What a role-play persona (seed 004's ``PersonaInstance``) carries beyond the shared facts.

    The shared facts map as: ``Persona.persona_id`` is the instance ``id``, ``title`` its
    ``role``, ``narrative`` its ``description``, and ``attributes`` hold ``age``,
    ``gender``, ``first_name`` and ``surname``. ``location`` is the JSON form of
    ``scenarios.PersonaLocation``; the other fields are the instance's, as named there.
    """

    template_id: str
    persona_type: str
    mode: str
    scenario_type: str
    location: dict[str, Any]
    archetype: str
    archetype_confidence: float
    archetype_specific_data: dict[str, Any] = field(default_factory=dict)
    detail_categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    conversation_rules: dict[str, Any] = field(default_factory=dict)
    generation_metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Segment:
    """A group of members found by one segmentation.

    Attributes
    ----------
    segment_id
        The id the workflow publishes (1-based for goal runs, 0-based for tables and
        clickstreams, as their seeds have it).
    label
        Short name built from the segment's statistics.
    size, base
        Members in the segment and members analysed in all (``share = size / base``).
    member_ids
        Who is in it: ``user_id`` where the data has one, else 0-based row positions.
    description
        A sentence quoting the segment's numbers.
    statistics
        Named profile statistics, unrounded (``"age_median"``, ``"emi_share"`` ...).
    distributions
        Counts of the most common values per column (plus ``"Other"``), in order.
    outcome
        The yes/no outcome (conversion) over the segment, when there is one.
    evidence
        The statistics behind the label and the stand-out traits, strongest first.
    facts
        The workflow's own typed extension (one of the ``*SegmentFacts`` classes).
    """

    segment_id: int
    label: str
    size: int
    base: int
    member_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64), repr=False)
    description: str = ""
    statistics: dict[str, Any] = field(default_factory=dict)
    distributions: dict[str, dict[str, int]] = field(default_factory=dict)
    outcome: Outcome | None = None
    evidence: list[Evidence] = field(default_factory=list)
    facts: GoalSegmentFacts | TableSegmentFacts | BehaviourSegmentFacts | None = None

    @property
    def share(self) -> float:
        """``size / base`` (0 when nothing was analysed)."""
        return self.size / self.base if self.base else 0.0


@dataclass
class Persona:
    """A person standing for a segment.

    Attributes
    ----------
    persona_id
        Unique within a run (``dyn_1_0``, ``cluster-2``, ``behaviour-0``).
    segment_id
        The :class:`Segment` it stands for (:data:`NO_SEGMENT` for a role-play persona
        written from a scenario rather than found in data).
    name, title
        Its name ("Asha Rao", "Senior Management in Banking [HIGH VALUE]") and a title
        ("Tech Adopter Mom"; empty when the name says it all).
    narrative
        Its story in words (for goal personas, written to the chat engine in the second
        person).
    anchor
        The real member it is modelled on, when there is one.
    attributes
        Facts about the persona (the anchor's column values), unrounded.
    cares, barriers
        What it cares about and what holds it back, strongest first.
    rank
        Position when a workflow ranks personas (by conversion, then size).
    evidence
        The statistic behind each claim.
    facts
        The workflow's own typed extension (``GoalPersonaFacts``, ``RolePlayPersonaFacts``).
    """

    persona_id: str
    segment_id: int
    name: str
    title: str = ""
    narrative: str = ""
    anchor: Anchor | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    cares: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)
    rank: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    facts: GoalPersonaFacts | RolePlayPersonaFacts | None = None
