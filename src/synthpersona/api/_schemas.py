"""Request and response models of the REST API (seed 000's shapes plus run and conversation ids)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from synthpersona.chat import LANGUAGES, REPLY_ENGINES, STANCES
from synthpersona.segmentation import ClusteringParams, algorithm_names

__all__ = [
    "ChatRequest",
    "ChatResponse",
    "ChatTurn",
    "ClustersRequest",
    "ClustersResponse",
    "ConversationResponse",
    "DynamicResponse",
    "FocusGroupRequest",
    "FocusGroupResponse",
    "HealthResponse",
    "PersonasRequest",
    "PersonasResponse",
    "RunResponse",
    "RunSummary",
]

# The goal workflow clusters numeric features: its choices come from the algorithm registry.
ALGORITHMS: tuple[str, ...] = algorithm_names("numeric")
_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object
if TYPE_CHECKING:
    AlgorithmName = str
    ReplyEngine = str
    Stance = str
    ReplyLanguage = str
    ChatEngine = str
else:
    AlgorithmName = Literal[ALGORITHMS]  # an enum in the OpenAPI schema, built from the registry
    # the chat's vocabularies: enums built from their one home in synthpersona.chat
    ReplyEngine = Literal[REPLY_ENGINES]
    Stance = Literal[STANCES]
    ReplyLanguage = Literal[LANGUAGES]
    ChatEngine = Literal[REPLY_ENGINES[:2]]  # who answers chats (a fallback is per reply)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoalParams(_Strict):
    """Goal and segmentation parameters (the same goal and parameters give the same run)."""

    goal: str = Field(
        ...,
        min_length=1,
        max_length=2000,
        description="The business goal in plain words.",
        examples=["college students interested in headphones"],
    )
    k_min: int = Field(_DEFAULTS.k_min, ge=2, le=20, description="Smallest number of clusters to try.")
    k_max: int = Field(_DEFAULTS.k_max, ge=2, le=20, description="Largest number of clusters to try.")
    min_cluster_pct: float = Field(
        _DEFAULTS.min_cluster_pct, ge=0.0, le=0.5, description="Smallest allowed cluster share."
    )
    algorithm: AlgorithmName = _DEFAULTS.algorithm
    random_state: int = Field(0, ge=0, le=2**31 - 1, strict=True, description="Seed of every random step.")

    @field_validator("goal")
    @classmethod
    def _goal_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank; describe an audience, e.g. 'Gen Z moms in tier-2 cities'")
        return v

    @model_validator(mode="after")
    def _k_range(self) -> GoalParams:
        if self.k_min > self.k_max:
            raise ValueError(f"k_min ({self.k_min}) must be <= k_max ({self.k_max})")
        return self


class ClustersRequest(GoalParams):
    """Body of ``POST /clusters/generate`` and ``POST /personas/dynamic``."""


class PersonasRequest(_Strict):
    """Body of ``POST /personas/{cluster_id}``: a stored ``run_id`` or a goal (and parameters)."""

    run_id: str | None = Field(
        None, min_length=1, max_length=128, description="A run from /clusters/generate."
    )
    goal: str | None = Field(None, min_length=1, max_length=2000)
    k_min: int = Field(_DEFAULTS.k_min, ge=2, le=20)
    k_max: int = Field(_DEFAULTS.k_max, ge=2, le=20)
    min_cluster_pct: float = Field(_DEFAULTS.min_cluster_pct, ge=0.0, le=0.5)
    algorithm: AlgorithmName = _DEFAULTS.algorithm
    random_state: int = Field(0, ge=0, le=2**31 - 1, strict=True)

    @model_validator(mode="after")
    def _one_source(self) -> PersonasRequest:
        if self.run_id is None and (self.goal is None or not self.goal.strip()):
            raise ValueError("give either run_id (from POST /clusters/generate) or goal")
        if self.k_min > self.k_max:
            raise ValueError(f"k_min ({self.k_min}) must be <= k_max ({self.k_max})")
        return self


class ChatTurn(BaseModel):
    """One turn of a conversation as in seed 000."""

    role: Literal["user", "persona"]
    message: str = Field(..., max_length=10_000)


class ChatRequest(_Strict):
    """Body of ``POST /personas/{persona_id}/chat``."""

    message: str = Field(
        ..., min_length=1, max_length=4000, examples=["What do you think about Bose headphones?"]
    )
    cluster_id: int | None = Field(
        None, ge=0, description="Optional check that the persona is in this cluster."
    )
    persona_id: str | None = Field(
        None, max_length=200, description="Optional; must equal the path's persona_id."
    )
    run_id: str | None = Field(None, max_length=128, description="Run of the persona; default the newest.")
    conversation_id: str | None = Field(
        None, max_length=64, description="Continue a stored conversation; omit to start a new one."
    )
    conversation_history: list[ChatTurn] = Field(
        default_factory=list,
        max_length=200,
        description="Client-held history (used when no conversation_id).",
    )

    @field_validator("message")
    @classmethod
    def _message_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v


class ChatResponse(BaseModel):
    persona_id: str
    response: str
    persona_traits: dict[str, Any]
    conversation_history: list[ChatTurn]
    conversation_id: str
    engine: ReplyEngine
    run_id: str | None = None
    topic: str | None = None


class FocusGroupRequest(_Strict):
    """Body of ``POST /runs/{run_id}/focus-group``."""

    question: str = Field(
        ...,
        min_length=1,
        max_length=4000,
        examples=["Would you pay ₹75,000 for this laptop on a 12-month EMI?"],
    )


class FocusAnswerOut(BaseModel):
    persona_id: str
    persona_name: str
    cluster_id: int | None
    segment: str
    stance: Stance
    response: str
    language: ReplyLanguage
    topic: str | None
    engine: ReplyEngine


class FocusGroupResponse(BaseModel):
    """Every persona of the run answers the question; ``stances`` counts their stances."""

    run_id: str
    question: str
    answers: list[FocusAnswerOut]
    stances: dict[str, int]


class ClusterOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    cluster_id: int
    cluster_label: str
    cluster_size: int
    cluster_size_pct: float
    personas_count: int


class ClustersResponse(BaseModel):
    run_id: str
    goal: str
    clusters: list[ClusterOut]
    meta: dict[str, Any]
    cached: bool = Field(False, description="True when served from the cache or the store.")


class PersonaOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    persona_id: str
    persona_name: str
    cluster_id: int
    personality_traits: dict[str, Any]
    chat_personality: str


class ClusterInfo(BaseModel):
    cluster_id: int
    cluster_size: int
    cluster_label: str


class PersonasResponse(BaseModel):
    run_id: str
    personas: list[PersonaOut]
    cluster_info: ClusterInfo


class DynamicCluster(ClusterOut):
    personas: list[PersonaOut]


class DynamicResponse(BaseModel):
    run_id: str
    goal: str
    clusters: list[DynamicCluster]
    meta: dict[str, Any]
    cached: bool = False


class RunResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    run_id: str
    goal: str | None
    request: dict[str, Any]
    clusters: list[ClusterOut]
    personas: dict[str, list[PersonaOut]]
    meta: dict[str, Any]
    created_at: str | None = None


class MismatchOut(BaseModel):
    where: str = Field(description="The object and field, e.g. 'cluster 2 label' or 'dyn_1_0 title'.")
    claim: str = Field(description="What the run shows.")
    expected: str = Field(description="What the data gives.")
    kind: str = Field(description="'number', 'word' (a trait word the data contradicts) or 'anchor'.")


class CheckResponse(BaseModel):
    """What ``verify`` found for a table analysis or a simulation."""

    ok: bool = Field(description="True when every number and trait word recomputes from the data.")
    mismatches: list[MismatchOut]


class VerifyResponse(BaseModel):
    run_id: str
    ok: bool = Field(description="True when every number and trait word recomputes from the data.")
    mismatches: list[MismatchOut]


class RunSummary(BaseModel):
    run_id: str
    goal: str | None
    created_at: str | None
    k: int | None
    subset_n: int | None
    personas_count: int


class StoredPersona(PersonaOut):
    run_id: str


class MessageOut(BaseModel):
    role: Literal["user", "persona"]
    message: str
    engine: str | None = None
    created_at: str | None = None


class ConversationResponse(BaseModel):
    conversation_id: str
    persona_id: str
    run_id: str | None
    persona_name: str | None = None
    created_at: str | None
    updated_at: str | None
    messages: list[MessageOut]


class StoreStatus(BaseModel):
    model_config = ConfigDict(extra="allow")

    backend: str
    ok: bool
    revision: str | None = None


class LLMStatus(BaseModel):
    configured: bool
    model: str | None = None


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    population_size: int
    store: StoreStatus
    llm: LLMStatus
    chat_engine: ChatEngine


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorResponse(BaseModel):
    """Every error body."""

    error: ErrorDetail
