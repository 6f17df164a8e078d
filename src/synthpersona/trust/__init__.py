"""Trust in personas: back-tested on held-out rows, private, versioned and representative.

- Back-testing (:func:`split_rows`, :func:`check_claims`, :class:`Backtest`): build
  segments and personas on part of the data, assign the held-out rows to the segments
  with the fitted clustering, and check each claim (shares, means, rates) against its
  95 % prediction interval; calibration is the share of claims inside.
  :func:`assign_table_rows` assigns held-out rows of a customer table;
  :func:`backtest_events` back-tests clickstream personas on held-out users (conversion and
  :func:`transition_agreement`; :func:`boundary_noise` adds the clustering boundary's own
  variance to the intervals, estimated by cross-fitting on the building users).
- Privacy (:class:`PrivacyReport`): k-anonymity of each persona's stated attribute
  combination (:func:`persona_combination`, :func:`k_anonymous_combination`), small cells
  (:func:`suppress_small_cells`), identifiers carried over (:func:`find_leaks`), optional
  Laplace noise (:func:`add_laplace_noise`). Behavioural (clickstream) personas:
  :func:`protect_behaviour_personas` (traits, attribute combination, paths and events each
  rest on at least k users; no user id shown).
- Versions and drift (:func:`diff_versions`, :class:`Drift`): segments of a refreshed run
  matched to the old ones (membership overlap and profile distance, Hungarian
  assignment), stable persona ids, share changes, profile shifts, new and vanished
  segments, per-column PSI and KS / chi-square (:func:`column_drift`); new people the new
  run keeps inside another segment (:func:`emerging_groups`, a cross-fitted old-vs-new
  classifier's density ratio, independent of the runs' k).
- Representation (:func:`representation`): coverage of demographic groups against the
  population or the table, groups no persona represents, personas that over-claim.
- Clickstreams (:mod:`~synthpersona.trust._behaviour`): versions of behavioural segments
  (:func:`behaviour_versions`, new users assigned by the old mixture via :func:`align_counts`,
  :func:`behaviour_column_drift`) and their representation of the log's users
  (:func:`behaviour_representation`: user-level columns and activity).

Computation returns dataclasses; the use cases in :mod:`synthpersona.usecases.trust`
run it for each workflow and the CLI, API and reports show it. See ``docs/trust.md``.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthpersona.trust._anchors import (
        ANCHOR_QUASI_IDENTIFIERS,
        AnchorLadder,
        k_anonymous_anchor,
        protect_goal_persona,
        public_steps,
    )
    from synthpersona.trust._backtest import (
        SEGMENT_SHARE,
        Backtest,
        ClaimCheck,
        RankAgreement,
        check_claims,
        prediction_interval,
        rank_agreement,
    )
    from synthpersona.trust._behaviour import (
        align_counts,
        behaviour_column_drift,
        behaviour_profiles,
        behaviour_representation,
        behaviour_versions,
    )
    from synthpersona.trust._claims import protected_claim_mismatches, supported_words
    from synthpersona.trust._clickstream import (
        BoundaryNoise,
        backtest_events,
        boundary_noise,
        transition_agreement,
    )
    from synthpersona.trust._drift import (
        PSI_MAJOR,
        PSI_MODERATE,
        ColumnDrift,
        Drift,
        SegmentMatch,
        SegmentVersion,
        column_drift,
        diff_versions,
        psi,
        segment_profiles,
    )
    from synthpersona.trust._events_privacy import protect_behaviour_personas
    from synthpersona.trust._novelty import EmergingGroup, emerging_groups
    from synthpersona.trust._planted import PLANTED_SEGMENTS, planted_table
    from synthpersona.trust._privacy import (
        DEFAULT_K,
        Combination,
        Leak,
        PrivacyReport,
        SmallCell,
        add_laplace_noise,
        find_leaks,
        k_anonymous_combination,
        persona_combination,
        rewrite_generalised,
        suppress_small_cells,
    )
    from synthpersona.trust._represent import (
        GroupCoverage,
        OverClaim,
        Representation,
        modal_groups,
        representation,
    )
    from synthpersona.trust._split import Split, split_rows
    from synthpersona.trust._table_noise import TableNoise, table_boundary_noise
    from synthpersona.trust._tables import (
        TableAssignment,
        assign_table_rows,
        date_column,
        prepared_columns,
        table_levels,
    )
    from synthpersona.trust._traits import TraitShift, segment_stats, shifts_from_stats, trait_shifts

# Each name is imported from its module on first use: a workflow that needs one check (the
# table workflow's privacy) does not import every other check and what they need (scipy.sparse
# for the clickstream checks, the drift tests...).
_LAZY: dict[str, str] = {
    "ANCHOR_QUASI_IDENTIFIERS": "synthpersona.trust._anchors",
    "AnchorLadder": "synthpersona.trust._anchors",
    "k_anonymous_anchor": "synthpersona.trust._anchors",
    "protect_goal_persona": "synthpersona.trust._anchors",
    "public_steps": "synthpersona.trust._anchors",
    "SEGMENT_SHARE": "synthpersona.trust._backtest",
    "Backtest": "synthpersona.trust._backtest",
    "ClaimCheck": "synthpersona.trust._backtest",
    "RankAgreement": "synthpersona.trust._backtest",
    "check_claims": "synthpersona.trust._backtest",
    "prediction_interval": "synthpersona.trust._backtest",
    "rank_agreement": "synthpersona.trust._backtest",
    "align_counts": "synthpersona.trust._behaviour",
    "behaviour_column_drift": "synthpersona.trust._behaviour",
    "behaviour_profiles": "synthpersona.trust._behaviour",
    "behaviour_representation": "synthpersona.trust._behaviour",
    "behaviour_versions": "synthpersona.trust._behaviour",
    "protected_claim_mismatches": "synthpersona.trust._claims",
    "supported_words": "synthpersona.trust._claims",
    "BoundaryNoise": "synthpersona.trust._clickstream",
    "backtest_events": "synthpersona.trust._clickstream",
    "boundary_noise": "synthpersona.trust._clickstream",
    "transition_agreement": "synthpersona.trust._clickstream",
    "PSI_MAJOR": "synthpersona.trust._drift",
    "PSI_MODERATE": "synthpersona.trust._drift",
    "ColumnDrift": "synthpersona.trust._drift",
    "Drift": "synthpersona.trust._drift",
    "SegmentMatch": "synthpersona.trust._drift",
    "SegmentVersion": "synthpersona.trust._drift",
    "column_drift": "synthpersona.trust._drift",
    "diff_versions": "synthpersona.trust._drift",
    "psi": "synthpersona.trust._drift",
    "segment_profiles": "synthpersona.trust._drift",
    "protect_behaviour_personas": "synthpersona.trust._events_privacy",
    "EmergingGroup": "synthpersona.trust._novelty",
    "emerging_groups": "synthpersona.trust._novelty",
    "PLANTED_SEGMENTS": "synthpersona.trust._planted",
    "planted_table": "synthpersona.trust._planted",
    "DEFAULT_K": "synthpersona.trust._privacy",
    "Combination": "synthpersona.trust._privacy",
    "Leak": "synthpersona.trust._privacy",
    "PrivacyReport": "synthpersona.trust._privacy",
    "SmallCell": "synthpersona.trust._privacy",
    "add_laplace_noise": "synthpersona.trust._privacy",
    "find_leaks": "synthpersona.trust._privacy",
    "k_anonymous_combination": "synthpersona.trust._privacy",
    "persona_combination": "synthpersona.trust._privacy",
    "rewrite_generalised": "synthpersona.trust._privacy",
    "suppress_small_cells": "synthpersona.trust._privacy",
    "GroupCoverage": "synthpersona.trust._represent",
    "OverClaim": "synthpersona.trust._represent",
    "Representation": "synthpersona.trust._represent",
    "modal_groups": "synthpersona.trust._represent",
    "representation": "synthpersona.trust._represent",
    "Split": "synthpersona.trust._split",
    "split_rows": "synthpersona.trust._split",
    "TableNoise": "synthpersona.trust._table_noise",
    "table_boundary_noise": "synthpersona.trust._table_noise",
    "TableAssignment": "synthpersona.trust._tables",
    "assign_table_rows": "synthpersona.trust._tables",
    "date_column": "synthpersona.trust._tables",
    "prepared_columns": "synthpersona.trust._tables",
    "table_levels": "synthpersona.trust._tables",
    "TraitShift": "synthpersona.trust._traits",
    "segment_stats": "synthpersona.trust._traits",
    "shifts_from_stats": "synthpersona.trust._traits",
    "trait_shifts": "synthpersona.trust._traits",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'synthpersona.trust' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "ANCHOR_QUASI_IDENTIFIERS",
    "DEFAULT_K",
    "PLANTED_SEGMENTS",
    "PSI_MAJOR",
    "PSI_MODERATE",
    "SEGMENT_SHARE",
    "AnchorLadder",
    "Backtest",
    "BoundaryNoise",
    "ClaimCheck",
    "ColumnDrift",
    "Combination",
    "Drift",
    "EmergingGroup",
    "GroupCoverage",
    "Leak",
    "OverClaim",
    "PrivacyReport",
    "RankAgreement",
    "Representation",
    "SegmentMatch",
    "SegmentVersion",
    "SmallCell",
    "Split",
    "TableAssignment",
    "TableNoise",
    "TraitShift",
    "add_laplace_noise",
    "align_counts",
    "assign_table_rows",
    "backtest_events",
    "behaviour_column_drift",
    "behaviour_profiles",
    "behaviour_representation",
    "behaviour_versions",
    "boundary_noise",
    "check_claims",
    "column_drift",
    "date_column",
    "diff_versions",
    "emerging_groups",
    "find_leaks",
    "k_anonymous_anchor",
    "k_anonymous_combination",
    "modal_groups",
    "persona_combination",
    "planted_table",
    "prediction_interval",
    "prepared_columns",
    "protect_behaviour_personas",
    "protect_goal_persona",
    "protected_claim_mismatches",
    "psi",
    "public_steps",
    "rank_agreement",
    "representation",
    "rewrite_generalised",
    "segment_profiles",
    "segment_stats",
    "shifts_from_stats",
    "split_rows",
    "supported_words",
    "suppress_small_cells",
    "table_boundary_noise",
    "table_levels",
    "trait_shifts",
    "transition_agreement",
]
