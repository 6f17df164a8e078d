"""Personal data of every kind is never clustered, printed or logged: every output of a CLI run is scanned.

The export plants personal data beside names and e-mails: a patronymic column (six values,
so it reads like a category), a national ID, an IBAN, a date of birth, GPS coordinates,
street addresses with house numbers and notes naming the customer. The run's files
(``personas.json``, ``report.html``, ``analysis.json``), its terminal output and its log
records are searched for every planted value.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.cli._app import run
from synthpersona.usecases.tables import analyze_frame

PLANTED = {
    "Имя": "person_name",
    "Фамилия": "person_name",
    "Отчество": "person_name",
    "Эл. почта": "email",
    "Паспорт": "national_id",
    "IBAN": "national_id",
    "Дата рождения": "birth_date",
    "Широта": "address",
    "Долгота": "address",
    "Адрес": "address",
}


def _export(n: int = 360, seed: int = 11) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    seg = rng.choice(3, n)
    won = rng.random(n) < np.array([0.55, 0.2, 0.05])[seg]

    def pick(choices: list[str]) -> np.ndarray:
        return np.where(rng.random(n) < 0.85, np.asarray(choices)[seg], rng.choice(choices, n))

    first = rng.choice(["Александр", "Елена", "Дмитрий", "Ольга", "Сергей"], n)
    last = rng.choice(["Иванов", "Смирнов", "Кузнецов", "Попов"], n)
    frame = pd.DataFrame(
        {
            "Имя": first,
            "Фамилия": last,
            "Отчество": rng.choice(["Сергеевич", "Андреевна", "Иванович", "Петровна", "Николаевич"], n),
            "Эл. почта": [f"client{i}@firma.test" for i in range(n)],
            "Паспорт": [f"45{rng.integers(10, 99)} {rng.integers(100000, 999999)}" for _ in range(n)],
            "IBAN": [
                "DE"
                + " ".join(f"{int(x):04d}" for x in rng.integers(0, 9999, 5))
                + f" {rng.integers(10, 99)}"
                for _ in range(n)
            ],
            "Дата рождения": [
                f"{d:02d}.{m:02d}.{y}"
                for d, m, y in zip(
                    rng.integers(1, 29, n), rng.integers(1, 13, n), rng.integers(1960, 2003, n), strict=True
                )
            ],
            "Широта": [f"{x:.6f}" for x in rng.uniform(55.5, 55.9, n)],
            "Долгота": [f"{x:.6f}" for x in rng.uniform(37.3, 37.9, n)],
            "Адрес": [f"ул. Ленина, д. {rng.integers(1, 200)}, кв. {rng.integers(1, 90)}" for _ in range(n)],
            "Заметки": [f"Звонил {f} {la}, просил перезвонить" for f, la in zip(first, last, strict=True)],
            "Отрасль": pick(["Производство", "Торговля", "IT"]),
            "Город": pick(["Москва", "Казань", "Новосибирск"]),
            "Источник": pick(["Сайт", "Звонок", "Выставка"]),
            "Сделка": np.where(won, "Да", "Нет"),
        }
    )
    return frame, seg


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory: pytest.TempPathFactory):
    frame, _ = _export()
    folder = tmp_path_factory.mktemp("pii")
    path = folder / "export.csv"
    frame.to_csv(path, index=False, sep=";")
    out = folder / "out"
    records: list[logging.LogRecord] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = _Keep(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = run(["leads", "analyze", str(path), "--out", str(out), "--k", "auto", "--seed", "0"])
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    logged = "\n".join(r.getMessage() for r in records)
    return frame, out, code, stdout.getvalue() + stderr.getvalue(), logged


def test_no_planted_personal_value_in_any_output_terminal_or_log(cli_run) -> None:
    frame, out, code, terminal, logged = cli_run
    assert code == 0
    files = "\n".join((out / f).read_text() for f in ("personas.json", "report.html", "analysis.json"))
    files = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", files)  # charts are pictures
    for where, text in (("files", files), ("terminal", terminal), ("log", logged)):
        for col in [*PLANTED, "Заметки"]:
            for value in {str(v) for v in frame[col].unique()}:
                assert not re.search(rf"(?<![\w.]){re.escape(value)}(?![\w]|[.,]\d)", text), (
                    where,
                    col,
                    value,
                )


def test_every_planted_column_is_personal_and_none_is_a_feature(cli_run) -> None:
    _, out, _, _, _ = cli_run
    summary = json.loads((out / "analysis.json").read_text())
    assert {c: summary["roles"][c] for c in PLANTED} == PLANTED
    assert set(PLANTED) <= set(summary["personal_data"])
    assert set(summary["features"]).isdisjoint([*PLANTED, "Заметки"])
    assert set(summary["features"]) >= {"Отрасль", "Город", "Источник"}


def test_a_feature_that_carries_a_name_into_a_persona_is_left_out_and_the_table_analysed_again(
    tmp_path: Path,
) -> None:
    # one referrer is a customer of the table: the column reads as a category (one value in five
    # names someone), so only the personas as built show that it carries a name
    rng = np.random.default_rng(3)
    n = 300
    seg = rng.choice(3, n)
    won = rng.random(n) < np.array([0.5, 0.2, 0.05])[seg]

    def pick(choices: list[str]) -> np.ndarray:
        return np.where(rng.random(n) < 0.85, np.asarray(choices)[seg], rng.choice(choices, n))

    frame = pd.DataFrame(
        {
            "First Name": rng.choice(["Olga", "Ivan", "Maria", "Peter", "Sofia"], n),
            "Last Name": rng.choice(["Petrova", "Sokolov", "Novak", "Berg"], n),
            "Referred by": pick(["Olga", "Web", "Trade fair"]),
            "Industry": pick(["Retail", "Software", "Logistics"]),
            "Region": pick(["North", "South", "East"]),
            "Won": np.where(won, "Yes", "No"),
        }
    )
    res = analyze_frame(frame, k=3, out_dir=tmp_path)
    summary = json.loads((tmp_path / "analysis.json").read_text())
    assert "Referred by" not in res.features and {"Industry", "Region"} <= set(res.features)
    assert summary["roles"]["Referred by"] == "person_name" and "Referred by" in summary["personal_data"]
    assert any("run again without them" in note for note in summary["notes"])
    for name in ("personas.json", "report.html"):
        assert not re.search(r"(?<!\w)Olga(?!\w)", (tmp_path / name).read_text()), name


def test_the_team_named_by_first_names_under_a_header_naming_who_is_never_printed(tmp_path: Path) -> None:
    # a sheet a small office keeps: who phoned the lead, by first name, one with an honorific
    rng = np.random.default_rng(5)
    n = 300
    seg = rng.choice(3, n)
    won = rng.random(n) < np.array([0.5, 0.2, 0.05])[seg]

    def pick(choices: list[str]) -> np.ndarray:
        return np.where(rng.random(n) < 0.85, np.asarray(choices)[seg], rng.choice(choices, n))

    team = ["Meera ji", "Tarun", "Ishaan"]
    frame = pd.DataFrame(
        {
            "Called by": pick(team),  # follows the segments: clustered, it would name a persona
            "Industry": pick(["Retail", "Software", "Logistics"]),
            "Region": pick(["North", "South", "East"]),
            "Won": np.where(won, "Yes", "No"),
        }
    )
    res = analyze_frame(frame, k=3, out_dir=tmp_path)
    summary = json.loads((tmp_path / "analysis.json").read_text())
    assert "Called by" not in res.features and summary["roles"]["Called by"] == "owner"
    for name in ("personas.json", "report.html", "analysis.json"):
        text = (tmp_path / name).read_text()
        assert not any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text) for v in team), name
