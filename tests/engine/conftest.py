"""One local Spark session for every Spark test (starting one costs seconds to a minute)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A :class:`SparkEngine` on ``local[2]``; ``make test`` installs the extra and Java is present.

    Without pyspark the Spark tests fail with the install hint rather than skip, so CI never
    passes without having run them; without Java (which pyspark cannot bring) they skip.
    """
    import os
    import shutil

    from synthpersona.engine import SparkEngine

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java 17 (no 'java' on PATH and JAVA_HOME unset)")

    engine = SparkEngine(master="local[2]", config={"spark.sql.shuffle.partitions": "2"})
    yield engine
    engine.session.stop()
