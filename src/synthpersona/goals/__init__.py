"""Goal understanding: a business goal in plain words → intents, domain and SQL filters.

Examples
--------
>>> import datetime as dt
>>> from synthpersona.goals import parse_goal, build_query
>>> spec = parse_goal("college students in Bangalore", today=dt.date(2026, 1, 1))
>>> [f.describe() for f in spec.filters]
['occupation = Student', 'city = Bengaluru']
>>> build_query(spec)[1]
['Student', 'Bengaluru']
"""

from synthpersona.goals._compare import compared_demographics
from synthpersona.goals._evaluate import evaluate, load_eval_set, match_filter
from synthpersona.goals._lexicon import INTEREST_THRESHOLD, SCORE_HIGH, SCORE_LOW
from synthpersona.goals._models import DOMAINS, OP_SYMBOLS, OPS, Filter, GoalSpec, Intent
from synthpersona.goals._parser import UNDERSTOOD, parse_goal, understood_examples, warm_up
from synthpersona.goals._sql import AudienceSample, build_query, condition, explain_empty, select_audience

__all__ = [
    "DOMAINS",
    "INTEREST_THRESHOLD",
    "OPS",
    "OP_SYMBOLS",
    "SCORE_HIGH",
    "SCORE_LOW",
    "UNDERSTOOD",
    "AudienceSample",
    "Filter",
    "GoalSpec",
    "Intent",
    "build_query",
    "compared_demographics",
    "condition",
    "evaluate",
    "explain_empty",
    "load_eval_set",
    "match_filter",
    "parse_goal",
    "select_audience",
    "understood_examples",
    "warm_up",
]
