"""Keys of seed 000's response shapes, shared by the library and API tests."""

from __future__ import annotations

SEED_CLUSTER_KEYS = frozenset({
    "cluster_id", "cluster_label", "cluster_size", "cluster_size_pct", "cluster_description", "top_traits",
    "representative_icon", "engagement_score", "demographics_summary", "personas_count",
})  # fmt: skip
SEED_PERSONA_KEYS = frozenset({
    "persona_id", "persona_name", "demographics", "care_about_top2", "barriers_top1", "media_preference",
    "cluster_linkage", "behavioral_score", "personality_traits", "chat_personality",
})  # fmt: skip
SEED_TRAIT_KEYS = frozenset({
    "age_group", "tech_savviness", "price_sensitivity", "brand_awareness", "privacy_consciousness",
    "city_tier", "income_level", "preferred_media", "device_count", "emi_usage_likelihood",
})  # fmt: skip
