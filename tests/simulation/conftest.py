"""Shared fixtures of the simulation tests: the sample log, its clusters and a fitted generator."""

from __future__ import annotations

import pandas as pd
import pytest

from synthpersona.simulation import (
    MarkovPersonaGenerator,
    attach_clusters,
    cluster_event_sequences,
    load_event_log,
    make_sample_events,
)


@pytest.fixture(scope="session")
def sample_raw() -> pd.DataFrame:
    """The sample clickstream with its planted group (as shipped, plus ``_group``)."""
    return make_sample_events(with_group=True)


@pytest.fixture(scope="session")
def sample_log(sample_raw: pd.DataFrame) -> pd.DataFrame:
    return load_event_log(sample_raw)


@pytest.fixture(scope="session")
def segmented(sample_log: pd.DataFrame) -> pd.DataFrame:
    return attach_clusters(sample_log, cluster_event_sequences(sample_log, k=4, random_state=0))


@pytest.fixture(scope="session")
def planted(sample_log: pd.DataFrame) -> pd.DataFrame:
    """The sample log with the planted group as ``cluster_id``: the true generating chains."""
    log = sample_log.copy()
    log["cluster_id"] = pd.factorize(log["_group"], sort=True)[0]
    log.attrs = dict(sample_log.attrs)
    return log


@pytest.fixture(scope="session")
def generator(segmented: pd.DataFrame) -> MarkovPersonaGenerator:
    return MarkovPersonaGenerator.from_events(segmented)
