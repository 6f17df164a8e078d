"""One local Spark session for every Spark test (starting one costs seconds to a minute)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A :class:`SparkEngine` on ``local[2]``; ``make test`` installs the extra and Java is present.

    Without pyspark the Spark tests fail with the install hint rather than skip, so CI never
    passes without having run them.
    """
    from synthpersona.engine import SparkEngine

    engine = SparkEngine(master="local[2]", config={"spark.sql.shuffle.partitions": "2"})
    yield engine
    engine.session.stop()
