"""Settings read from the environment (prefix ``SYNTHPERSONA_``) and the data directory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from synthpersona.errors import ConfigError

__all__ = ["Settings", "data_home", "get_settings"]


def data_home() -> Path:
    """Return the data directory: ``$SYNTHPERSONA_HOME`` or the per-user data dir.

    The directory is created when missing.
    """
    env = os.environ.get("SYNTHPERSONA_HOME")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir("synthpersona"))
    path.mkdir(parents=True, exist_ok=True)
    return path


class Settings(BaseSettings):
    """Runtime settings; every field can be set as ``SYNTHPERSONA_<FIELD>``.

    Examples
    --------
    >>> s = Settings(population_size=1000)
    >>> s.population_size
    1000
    """

    model_config = SettingsConfigDict(env_prefix="SYNTHPERSONA_", extra="ignore")

    home: Path | None = None
    population_size: int = Field(default=50_000, ge=100, le=20_000_000)
    population_seed: int = 0
    database_url: str | None = None
    api_key: SecretStr | None = None
    api_keys_file: Path | None = Field(
        default=None, description="Keys file: '<tenant> <sha256 of key> [read-only]' per line (tenants)."
    )
    cors_origins: list[str] = Field(default_factory=list)
    # Resource limits (docs/reliability.md): checked before any work starts, answered with 413/422.
    max_body_bytes: int = Field(default=200 * 1024 * 1024, ge=1, description="Largest request/upload.")
    max_json_bytes: int = Field(default=1024 * 1024, ge=1, description="Largest JSON body (templates too).")
    max_rows: int = Field(default=5_000_000, ge=1, description="Most rows of an input table.")
    max_columns: int = Field(default=500, ge=1, description="Most columns of an input table.")
    max_cell_chars: int = Field(default=100_000, ge=1, description="Longest text cell of an input table.")
    max_decompressed_bytes: int = Field(
        default=512 * 1024 * 1024, ge=1, description="Largest decompressed xlsx/Parquet/gzip content."
    )
    max_k: int = Field(default=50, ge=2, description="Largest number of clusters a request may ask for.")
    job_threads: int = Field(default=2, ge=1, le=64, description="Jobs (analyses) run at once per worker.")
    job_timeout_s: float = Field(
        default=3600, gt=0, description="Time budget of one job, checked at each of its steps."
    )
    job_memory_mb: int = Field(
        default=1024,
        ge=16,
        description="Memory budget of one job (goal run, behaviour view), estimated before it starts.",
    )
    job_isolation: Literal["process", "thread"] = Field(
        default="process",
        description="Where heavy work (table analyses, behaviour views) runs: 'process' (a child "
        "process killed at its time and memory budgets) or 'thread' (in the service process).",
    )
    sweep_interval_s: float = Field(
        default=600,
        ge=0,
        description="Seconds between sweeps of orphaned files and records (0: startup only).",
    )
    ui_job_retention_days: float = Field(
        default=7,
        gt=0,
        description="Days a finished web-UI job record (it keeps the form it was started with: a goal, "
        "a scenario's text) is kept; swept at startup and every sweep interval. Running jobs stay.",
    )
    log_level: str = Field(default="info", description="Service log level: debug, info, warning or error.")
    # Query engines (issue 18, docs/deployment.md): where population and event-log SQL runs.
    engine: str = Field(default="duckdb", description="Query engine of every use case: duckdb or spark.")
    spark_master: str | None = Field(default=None, description="Spark master URL, e.g. spark://host:7077.")
    audience_rows: int = Field(
        default=200_000, ge=1_000, description="Most audience rows a goal run segments; more are sampled."
    )
    engine_memory_mb: int | None = Field(
        default=None,
        ge=64,
        description="Memory budget of the embedded DuckDB engine in MB (its memory_limit; larger sorts, "
        "joins and windows spill to the temp folder). None: DuckDB's default, 80 % of RAM.",
    )
    dataset_dirs: list[Path] = Field(
        default_factory=list,
        description="Folders whose CSV/TSV/Parquet files may be registered as datasets by path "
        "(POST /datasets/by-path; read in place, never copied). JSON list; empty: registering is off.",
    )
    table_by_path_mb: int = Field(
        default=256,
        ge=1,
        description="Table files (CSV/Parquet) above this size are analysed in place by the engine "
        "(fit on a sample, every row labelled in batches) instead of read into memory.",
    )
    population_copy: bool = Field(
        default=False,
        description="Copy populations over 1M rows once to DuckDB's format (less CPU, more memory).",
    )
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 3

    @property
    def data_dir(self) -> Path:
        """The data directory (created when missing)."""
        if self.home is not None:
            self.home.mkdir(parents=True, exist_ok=True)
            return self.home
        return data_home()

    @property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL of the state store (SQLite in the data dir by default)."""
        return self.database_url or f"sqlite:///{self.data_dir / 'synthpersona.db'}"

    @property
    def llm_configured(self) -> bool:
        """True when an OpenAI-compatible endpoint and model are configured."""
        return bool(self.llm_base_url and self.llm_model)


def get_settings() -> Settings:
    """Read the settings from the environment now.

    Raises
    ------
    ConfigError
        When a ``SYNTHPERSONA_*`` variable has a value of the wrong type or range; the
        message names the variable, quotes its value and says what it must be.

    Examples
    --------
    >>> import os
    >>> os.environ["SYNTHPERSONA_POPULATION_SIZE"] = "many"
    >>> try:
    ...     get_settings()
    ... except ConfigError as exc:
    ...     print(exc.message.split(": ")[0])
    SYNTHPERSONA_POPULATION_SIZE='many' is invalid
    >>> del os.environ["SYNTHPERSONA_POPULATION_SIZE"]
    """
    # Settings depend only on the SYNTHPERSONA_* environment: parsed again only when it changed
    # (parsing costs milliseconds, and a goal run asks several times); a copy each call.
    key = tuple(sorted((k.upper(), v) for k, v in os.environ.items() if k.upper().startswith(_PREFIX)))
    key += (("HOME", os.environ.get("HOME", "")),)  # "~" in a path setting
    cached = _CACHE.get(key)
    if cached is None:
        try:
            cached = Settings()
        except PydanticValidationError as exc:
            raise _config_error(exc) from None
        _CACHE.clear()
        _CACHE[key] = cached
    return cached.model_copy(deep=True)


_PREFIX = "SYNTHPERSONA_"
_CACHE: dict[tuple[tuple[str, str], ...], Settings] = {}


def _config_error(exc: PydanticValidationError) -> ConfigError:
    problems = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "?"
        name = f"SYNTHPERSONA_{field.upper()}"
        problems.append(f"{name}={os.environ.get(name, err.get('input'))!r} is invalid: {err['msg']}")
    return ConfigError(
        "; ".join(problems) + ". Fix or unset it.",
        details={"variables": [f"SYNTHPERSONA_{str(e['loc'][0]).upper()}" for e in exc.errors() if e["loc"]]},
    )
