"""Trust in personas: back-tested on held-out rows, private, versioned and representative.

- Back-testing (:func:`split_rows`, :func:`check_claims`, :class:`Backtest`): build
  segments and personas on part of the data, assign the held-out rows to the segments
  with the fitted clustering, and check each claim (shares, means, rates) against its
  95 % prediction interval; calibration is the share of claims inside.
  :func:`assign_table_rows` assigns held-out rows of a customer table.

Computation returns dataclasses; the use cases in :mod:`synthpersona.usecases.trust`
run it for each workflow and the CLI, API and reports show it. See ``docs/trust.md``.
"""

from synthpersona.trust._backtest import (
    SEGMENT_SHARE,
    Backtest,
    ClaimCheck,
    RankAgreement,
    check_claims,
    prediction_interval,
    rank_agreement,
)
from synthpersona.trust._planted import PLANTED_SEGMENTS, planted_table
from synthpersona.trust._split import Split, split_rows
from synthpersona.trust._tables import TableAssignment, assign_table_rows, date_column

__all__ = [
    "PLANTED_SEGMENTS",
    "SEGMENT_SHARE",
    "Backtest",
    "ClaimCheck",
    "RankAgreement",
    "Split",
    "TableAssignment",
    "assign_table_rows",
    "check_claims",
    "date_column",
    "planted_table",
    "prediction_interval",
    "rank_agreement",
    "split_rows",
]
