"""The role-play page's facts form as data: what a trainer sees and what comes back."""

from __future__ import annotations

from synthpersona.scenarios import extract_facts
from synthpersona.ui._roleplay_data import fact_fields, facts_from_form, form_values

UNSURE = "You answer calls for a chess club. Meena, 39, wants her school fees back."


def test_the_domain_evidence_is_read_not_edited() -> None:
    names = {f.name for f in fact_fields()}
    assert "domain" in names and "domain_sure" in names
    assert "domain_evidence" not in names and "about" not in names


def test_a_domain_corrected_in_the_form_is_sure() -> None:
    """review13 #14: a trainer's corrected domain reached the generator as 'general' before."""
    read = extract_facts(UNSURE)
    assert read.bank_family() == "general"
    values = form_values(read)
    assert values["domain_sure"] == "no"
    values["domain"] = "banking"
    corrected = facts_from_form(values, about=read.about, read=read)
    assert corrected.domain == "banking" and corrected.bank_family() == "banking"
    # left as read: still unsure, the general bank
    kept = facts_from_form(form_values(read), about=read.about, read=read)
    assert kept.domain == "education" and kept.bank_family() == "general"
    assert kept.domain_evidence == read.domain_evidence
