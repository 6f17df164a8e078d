"""A seventh held-out split of synthetic event logs (``heldout7``), written before any run (issue 15).

``heldout5`` was looked at in session 7. These four logs were written by crm7 (session 8) and
committed before the pipeline ran on them; the benchmark prints only this split's aggregates.
Each has planted truth: the columns holding user, event and time, the goal, the behaviour
group of every user, the share of sessions reaching the goal, and the logged A/B column when
there is one (``experiment``: column, treatment arm, control arm; ``None`` when the log has
none). No goal is named in English; session lengths are not geometric.

- ``amplitude_es``: an Amplitude-export-shaped Spanish travel app (``user_id``,
  ``event_type``, ``event_time`` with microseconds, ``device_family``, ``country``,
  ``variante`` = ``control``/``tratamiento``, one per user: the treatment converts more).
  Goal ``Reserva confirmada``.
- ``heap_it``: a Heap-shaped Italian subscription site (``user_id``, ``session_id``,
  ``event_id``, ``time`` ISO with ``+01:00``, ``event_name``, ``browser``, ``gruppo`` =
  ``A``/``B``). Goal ``Abbonamento attivato``.
- ``rudderstack_ja``: a RudderStack ``tracks`` table of a Japanese shop (``id`` message
  uuid, ``anonymous_id`` per device, a user has one or two, ``user_id``, ``event``,
  ``event_text``, ``timestamp``, ``sent_at``, ``received_at`` batch times,
  ``context_os_name`` = iOS/Android, one per user, 60/40: *not* an experiment). Goal ``購入完了``.
- ``posthog_ko``: a PostHog CSV export of a Korean fintech app with flattened properties
  (``event``, ``distinct_id``, ``timestamp``, ``properties.$os``,
  ``properties.$feature/new-pricing-page`` = ``control``/``test``). Goal ``결제 완료``.

    python benchmarks/_event_logs_heldout7.py OUT_DIR   # writes the logs and truth.json
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from _event_logs_heldout3 import _T0, Log, _times, write_truth

SPLIT = "heldout7"
N_USERS = 1500
Session = list[str]

EXPERIMENTS: dict[str, dict[str, str] | None] = {
    "amplitude_es": {"column": "variante", "treatment": "tratamiento", "control": "control"},
    "heap_it": {"column": "gruppo", "treatment": "B", "control": "A"},
    "rudderstack_ja": None,
    "posthog_ko": {
        "column": "properties.$feature/new-pricing-page",
        "treatment": "test",
        "control": "control",
    },
}


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63))))


def _travel_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Abrir app"]
    if group == 0:  # decididos: search once, pick, pay
        s += ["Buscar vuelo", "Ver resultados", "Ver vuelo", "Elegir asiento"]
        if rng.random() < 0.45 + boost:
            s += ["Pago", "Reserva confirmada"]
            return s
    elif group == 1:  # comparadores: many searches and flights
        for _ in range(rng.poisson(2) + 1):
            s += ["Buscar vuelo", "Ver resultados"] + ["Ver vuelo"] * int(rng.integers(1, 4))
        if rng.random() < 0.08 + boost:
            s += ["Elegir asiento", "Pago", "Reserva confirmada"]
            return s
    else:  # soñadores: destination guides and alerts
        s += ["Ver destino"] * (rng.poisson(2) + 1) + ["Crear alerta de precio"]
        if rng.random() < 0.04 + boost / 2:
            s += ["Buscar vuelo", "Ver vuelo", "Pago", "Reserva confirmada"]
            return s
    s.append("Salir")
    return s


def amplitude_es(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for u in range(N_USERS):
        user = f"{int(rng.integers(10**8, 10**9))}{u:04d}"
        g = int(rng.choice(3, p=[0.3, 0.4, 0.3]))
        groups[user] = g
        arm = str(rng.choice(["control", "tratamiento"]))
        device = rng.choice(["iPhone", "Samsung Galaxy", "Xiaomi Redmi"], p=[0.4, 0.35, 0.25])
        country = rng.choice(["Spain", "Mexico", "Argentina", "Colombia"])
        n = int(rng.integers(1, 5))
        paths = [_travel_session(rng, g, 0.08 if arm == "tratamiento" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Reserva confirmada" in path
            for ev, t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(microseconds=int(rng.integers(0, 10**6)))
                )
                rows.append((user, ev, ts.strftime("%Y-%m-%d %H:%M:%S.%f"), device, country, arm))
    df = pd.DataFrame(
        rows, columns=["user_id", "event_type", "event_time", "device_family", "country", "variante"]
    )
    cols = {"user_id": "user_id", "event": "event_type", "timestamp": "event_time"}
    return Log("amplitude_es", df, cols, "Reserva confirmada", groups, sessions, conv)


def _sub_it_session(rng: np.random.Generator, group: int, b: bool) -> Session:
    s = ["Pagina vista"]
    if group == 0:  # lettori: articles, then the paywall
        s += ["Articolo letto"] * (rng.poisson(2) + 1) + ["Paywall mostrato"]
        if rng.random() < (0.2 if b else 0.12):
            s += ["Scelta del piano", "Abbonamento attivato"]
            return s
    elif group == 1:  # ascoltatori: podcasts
        s += ["Podcast avviato", "Podcast completato"] * int(rng.integers(1, 3))
        if rng.random() < (0.3 if b else 0.22):
            s += ["Scelta del piano", "Abbonamento attivato"]
            return s
    else:  # di passaggio: home and out
        s += ["Ricerca"] * int(rng.integers(0, 2)) + ["Newsletter chiusa"]
    s.append("Uscita dal sito")
    return s


def heap_it(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    sid, eid = 5_000_000, 90_000_000
    for _u in range(N_USERS):
        user = str(int(rng.integers(10**15, 10**16)))
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        arm = str(rng.choice(["A", "B"]))
        browser = rng.choice(["Chrome", "Safari", "Firefox", "Edge"], p=[0.55, 0.3, 0.1, 0.05])
        n = int(rng.integers(1, 4))
        paths = [_sub_it_session(rng, g, arm == "B") for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            sid += int(rng.integers(1, 50))
            conv += "Abbonamento attivato" in path
            for ev, t in zip(path, times, strict=True):
                eid += int(rng.integers(1, 9))
                ts = _T0 + pd.Timedelta(seconds=float(t))
                rows.append((user, sid, eid, ts.strftime("%Y-%m-%dT%H:%M:%S+01:00"), ev, browser, arm))
    df = pd.DataFrame(
        rows, columns=["user_id", "session_id", "event_id", "time", "event_name", "browser", "gruppo"]
    )
    cols = {"user_id": "user_id", "session_id": "session_id", "event": "event_name", "timestamp": "time"}
    return Log("heap_it", df, cols, "Abbonamento attivato", groups, sessions, conv)


def _shop_ja_session(rng: np.random.Generator, group: int) -> Session:
    s = ["アプリ起動"]
    if group == 0:  # セール狙い
        s += ["セール一覧", "商品詳細"] * (rng.poisson(2) + 1)
        if rng.random() < 0.2:
            s += ["カート追加", "購入手続き", "購入完了"]
            return s
    elif group == 1:  # リピーター
        s += ["お気に入り", "カート追加", "購入手続き"]
        if rng.random() < 0.6:
            s.append("購入完了")
            return s
    else:  # レビュー読者
        s += ["商品詳細", "レビュー閲覧"] * int(rng.integers(1, 4))
    s.append("アプリ終了")
    return s


def rudderstack_ja(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    batches = [pd.Timestamp("2024-03-10 02:00:00"), pd.Timestamp("2024-03-20 02:00:00")]
    for _u in range(N_USERS):
        user = f"usr_{int(rng.integers(16**9, 16**10)):x}"
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        devices = [_uuid(rng) for _ in range(int(rng.integers(1, 3)))]
        os_name = str(rng.choice(["iOS", "Android"], p=[0.6, 0.4]))
        n = int(rng.integers(1, 4))
        paths = [_shop_ja_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "購入完了" in path
            device = devices[int(rng.integers(0, len(devices)))]
            for ev, t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(milliseconds=int(rng.integers(0, 1000)))
                )
                sent = ts + pd.Timedelta(seconds=float(rng.uniform(0.1, 30)))
                received = batches[int(rng.integers(0, 2))] + pd.Timedelta(
                    milliseconds=int(rng.integers(0, 10**5))
                )
                iso = "%Y-%m-%dT%H:%M:%S.%f"
                rows.append(
                    (
                        _uuid(rng),
                        device,
                        user,
                        ev,
                        ev,
                        ts.strftime(iso)[:-3] + "Z",
                        sent.strftime(iso)[:-3] + "Z",
                        received.strftime(iso)[:-3] + "Z",
                        os_name,
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "id", "anonymous_id", "user_id", "event", "event_text", "timestamp", "sent_at",
            "received_at", "context_os_name",
        ],
    )  # fmt: skip
    df = df.sample(frac=1.0, random_state=int(rng.integers(0, 2**31))).reset_index(drop=True)
    cols = {"user_id": "user_id", "event": "event", "timestamp": "timestamp"}
    return Log("rudderstack_ja", df, cols, "購入完了", groups, sessions, conv)


def _fintech_ko_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["앱 실행", "홈 화면"]
    if group == 0:  # 송금 위주
        s += ["송금", "송금 완료"] * int(rng.integers(1, 3))
        if rng.random() < 0.1 + boost:
            s += ["요금제 보기", "결제 완료"]
            return s
    elif group == 1:  # 투자 탐색
        s += ["주식 검색", "종목 상세"] * (rng.poisson(2) + 1) + ["요금제 보기"]
        if rng.random() < 0.35 + boost:
            s.append("결제 완료")
            return s
    else:  # 혜택 확인
        s += ["이벤트 배너", "포인트 확인"] + ["이벤트 배너"] * int(rng.integers(0, 3))
        if rng.random() < 0.05:
            s += ["요금제 보기", "결제 완료"]
            return s
    s.append("앱 종료")
    return s


def posthog_ko(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = _uuid(rng)
        g = int(rng.choice(3, p=[0.35, 0.35, 0.3]))
        groups[user] = g
        arm = str(rng.choice(["control", "test"]))
        os_ = rng.choice(["iOS", "Android"], p=[0.45, 0.55])
        n = int(rng.integers(1, 4))
        paths = [_fintech_ko_session(rng, g, 0.07 if arm == "test" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "결제 완료" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                rows.append((_uuid(rng), ev, user, ts.strftime("%Y-%m-%d %H:%M:%S.%f+00:00"), os_, arm))
    df = pd.DataFrame(
        rows,
        columns=[
            "uuid", "event", "distinct_id", "timestamp", "properties.$os",
            "properties.$feature/new-pricing-page",
        ],
    )  # fmt: skip
    cols = {"user_id": "distinct_id", "event": "event", "timestamp": "timestamp"}
    return Log("posthog_ko", df, cols, "결제 완료", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (amplitude_es, heap_it, rudderstack_ja, posthog_ko)


def build(folder: Path, seed: int = 2028) -> list[dict[str, object]]:
    """Write every log and its truth into ``folder``; return the descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Log, Path]] = []
    for i, shape in enumerate(SHAPES):
        log = shape(np.random.default_rng([seed, i]))
        path = folder / f"{log.name}.csv"
        log.frame.to_csv(path, index=False)
        made.append((log, path))
    specs = write_truth(folder, made, SPLIT)
    for spec in specs:
        spec["experiment"] = EXPERIMENTS[str(spec["name"])]
    (folder / "truth.json").write_text(json.dumps(specs, indent=2, ensure_ascii=False))
    return specs


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=2, ensure_ascii=False))
