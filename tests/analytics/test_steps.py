from __future__ import annotations

import pytest

from synthpersona.analytics import ENDED, NOT_STARTED, step_matrix, step_matrix_difference
from synthpersona.errors import InputError


def test_forward_step_matrix_by_hand(three_users):
    m = step_matrix(three_users, max_steps=4)
    third = 1 / 3
    expected = {
        "A": {1: 1.0, 2: 0.0, 3: third, 4: 0.0},
        "B": {1: 0.0, 2: 2 * third, 3: 0.0, 4: third},
        "C": {1: 0.0, 2: third, 3: third, 4: 0.0},
        ENDED: {1: 0.0, 2: 0.0, 3: third, 4: 2 * third},
    }
    assert m.attrs["n_paths"] == 3
    for event, row in expected.items():
        assert m.loc[event].to_dict() == pytest.approx(row)


def test_backward_from_a_target_by_hand(three_users):
    m = step_matrix(three_users, max_steps=3, target="C")
    assert m.attrs["n_paths"] == 2  # u1 and u3 reach C
    assert list(m.columns) == [-2, -1, 0]
    assert m.loc["C", 0] == 1.0
    assert m.loc["A", -1] == pytest.approx(0.5) and m.loc["B", -1] == pytest.approx(0.5)
    assert m.loc["A", -2] == pytest.approx(0.5) and m.loc[NOT_STARTED, -2] == pytest.approx(0.5)


def test_difference_matrix(three_users):
    d = step_matrix_difference(three_users, "arm", ("x", "y"), max_steps=3)
    assert d.attrs["groups"] == ("x", "y")
    assert d.loc["B", 2] == pytest.approx(1.0)  # both x users, no y user
    assert d.loc["C", 2] == pytest.approx(-1.0)
    assert d.sum(axis=0).abs().max() == pytest.approx(0.0)


def test_unknown_target_and_bad_steps(three_users):
    with pytest.raises(InputError, match="'D' is not in the log"):
        step_matrix(three_users, target="D")
    with pytest.raises(InputError, match="max_steps"):
        step_matrix(three_users, max_steps=0)
