"""Choosing the outcome among several yes/no columns, and headers in languages the vocabularies lack."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.tables import analyze_table
from synthpersona.tables._header_meaning import header_meaning
from synthpersona.tables._outcome import choose_outcome
from synthpersona.tables._roles import detect_role

N = 400
RNG = np.random.default_rng(11)


def _planted(outcome_name: str, other_name: str, status: bool) -> tuple[pd.DataFrame, np.ndarray]:
    """A table whose outcome depends on a segment; ``other_name`` is a yes/no column unrelated to it.

    Its own seeded generator: the data must not depend on which tests ran before in the worker.
    """
    rng = np.random.default_rng(15)
    seg = rng.integers(0, 3, N)
    won = rng.random(N) < np.array([0.7, 0.3, 0.05])[seg]
    df = pd.DataFrame(
        {
            "Plan": np.array(["Gold", "Silver", "Basic"])[seg],
            other_name: rng.choice(["Yes", "No"], N),
            outcome_name: np.where(won, "Haan", "Nahi"),
        }
    )
    if status:
        df["Status"] = np.where(won, "Admitted", rng.choice(["Pending", "Dropped"], N))
    return df, won


def test_a_status_column_that_restates_one_flag_marks_it_as_the_outcome() -> None:
    # the outcome's header says little ("दाखिला" = admission); the status column restating it decides
    df, _ = _planted("दाखिला", "Demo Attended", status=True)
    col, why = choose_outcome(df, ["Demo Attended", "दाखिला"])
    assert col == "दाखिला" and "Status" in why


def test_an_amount_filled_only_for_one_flags_yes_marks_it_as_the_outcome() -> None:
    # a gym's sheet: "Probetraining?" (trial session) and "Mitglied?" (became a member); the
    # fee is written only once someone joined, so it restates the outcome, not the trial
    df, won = _planted("Mitglied?", "Probetraining?", status=False)
    df["Beitrag"] = [f"{int(x)},00 €" if w else "" for x, w in zip(RNG.integers(30, 90, N), won, strict=True)]
    col, why = choose_outcome(df, ["Probetraining?", "Mitglied?"])
    assert col == "Mitglied?" and "Beitrag" in why


def test_an_amount_filled_on_random_rows_restates_nothing() -> None:
    df, _ = _planted("Flag B", "Flag A", status=False)
    df["Rabatt"] = [f"{int(x)} €" if RNG.random() < 0.3 else "" for x in RNG.integers(5, 50, N)]
    assert choose_outcome(df, ["Flag A", "Flag B"])[0] is None


def test_an_outcome_header_clearly_ahead_is_chosen_without_a_status_column() -> None:
    df, _ = _planted("Enrolled", "Newsletter opt-in", status=False)
    assert choose_outcome(df, ["Newsletter opt-in", "Enrolled"])[0] == "Enrolled"


def test_no_evidence_means_no_choice() -> None:
    df = pd.DataFrame({"Flag A": RNG.choice(["yes", "no"], N), "Flag B": RNG.choice(["yes", "no"], N)})
    col, why = choose_outcome(df, ["Flag A", "Flag B"])
    assert col is None and "Flag A" in why


def test_the_analysis_reports_the_chosen_outcome_and_how_to_change_it() -> None:
    df, won = _planted("Enrolled", "Newsletter opt-in", status=False)
    result = analyze_table(df, k=3, random_state=0)
    assert result.target == "Enrolled"
    # the conversion it reports is the planted one, recomputed here
    assert result.overall is not None
    assert result.overall.conversions == int(won.sum())
    # per cent with one decimal, as the seed shows (the table rounds it: 35.25 reads 35.2)
    assert result.overall.conversion_rate == pytest.approx(round(100 * won.mean(), 1))
    assert any("--target" in note and "Newsletter opt-in" in note for note in result.notes)


def _phones_br() -> list[str]:
    return [f"(11) 9{RNG.integers(1000, 9999)}-{RNG.integers(1000, 9999)}" for _ in range(N)]


def _phones_ru() -> list[str]:
    return [f"+7 (9{RNG.integers(10, 99)}) {RNG.integers(100, 999)}-{RNG.integers(10, 99)}" for _ in range(N)]


def _names_ru() -> list[str]:
    first = RNG.choice(["Иван", "Мария", "Ольга", "Пётр"], N)
    last = RNG.choice(["Петров", "Смирнов", "Кузнецов", "Попов"], N)
    return [f"{a} {b}" for a, b in zip(first, last, strict=True)]


# headers in languages the name vocabularies do not cover: the header's meaning plus the values
@pytest.mark.parametrize(
    ("header", "values", "role"),
    [
        ("Celular", _phones_br(), "phone"),
        ("Рабочий телефон", _phones_ru(), "phone"),
        ("Ответственный", RNG.choice(["Николай Орлов", "Павел Зайцев"], N).tolist(), "owner"),
        ("Контакт", _names_ru(), "person_name"),
        ("Responsável", RNG.choice(["Marcos Lima", "Fernanda Rocha"], N).tolist(), "owner"),
        ("CEP", [f"{RNG.integers(10000, 99999)}-{RNG.integers(100, 999)}" for _ in range(N)], "postal_code"),
    ],
)
def test_foreign_headers_with_personal_values(header: str, values: list[str], role: str) -> None:
    assert detect_role(header, pd.Series(values, dtype="string")).role == role


def test_a_header_meaning_is_never_enough_without_matching_values() -> None:
    # "Celular" means phone, but values that are categories stay categories
    assert header_meaning("Celular") == "phone"
    assert (
        detect_role("Celular", pd.Series(RNG.choice(["Android", "iPhone"], N), dtype="string")).role
        == "category"
    )
    # categories of two title-case words under a foreign header are not people
    cats = RNG.choice(["Busca Orgânica", "Facebook Ads", "E-mail Marketing"], N)
    assert detect_role("Origem", pd.Series(cats, dtype="string")).role == "category"
