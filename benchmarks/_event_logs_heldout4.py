# ruff: noqa: E501
"""A fourth held-out split of synthetic event logs (``heldout4``), written before any run (issue 15).

``heldout3`` was looked at (and fixed against) in session 5. These four logs were written in
session 6 and committed before the pipeline ran on them; each has planted truth (the
columns holding user, event and time, the goal, the behaviour group of every user, the
share of sessions reaching the goal). No goal is called "signup"; session lengths are not
geometric.

- ``mixpanel_jsonl``: a Mixpanel raw-export-shaped JSON-lines file of a music app
  (``{"event": ..., "properties": {"time": <epoch s>, "distinct_id": ..., "$insert_id": ...,
  "$os": ..., "mp_country_code": ...}}``). Goal ``Subscription Started``.
- ``ga4_flat``: a GA4 BigQuery export flattened to CSV (``event_date`` as ``20240305``,
  ``event_timestamp`` in microseconds, ``event_name``, ``user_pseudo_id`` like
  ``1234567890.1709876543``, ``ga_session_id``, ``device_category``, ``geo_country``,
  ``traffic_source_medium``, ``ecommerce_purchase_revenue``). Goal ``purchase``.
- ``matomo_de``: a German Matomo-shaped visits log (``Besucher-ID`` hex, ``Besuchs-ID``,
  ``Aktion`` page titles, the time split in ``Datum`` ``05.03.2024`` and ``Uhrzeit``
  ``14:22:05``, ``Gerätetyp``, ``Land``). Goal ``Bestellung abgeschlossen``.
- ``segment_es``: a Segment-warehouse-shaped Spanish app log (``anonymous_id`` UUIDs, a
  ``user_id`` column empty until the person subscribes, ``event``, ``event_text``,
  ``original_timestamp`` with ``-05:00``/``+01:00`` offsets and a later ``received_at``,
  ``context_device_type``, ``context_locale``). Goal ``Suscripción Completada``.

    python benchmarks/_event_logs_heldout4.py OUT_DIR   # writes the logs and truth.json
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

SPLIT = "heldout4"
N_USERS = 1500
Session = list[str]


def _music_session(rng: np.random.Generator, group: int) -> Session:
    s = ["App Open"]
    if group == 0:  # habitual listeners: long play runs, rarely pay
        s += ["Song Played"] * (rng.poisson(8) + 3)
        if rng.random() < 0.06:
            s += ["Paywall Viewed", "Subscription Started"]
            return s
    elif group == 1:  # converters: explore playlists, hit the paywall, often subscribe
        for _ in range(rng.poisson(1) + 1):
            s += ["Playlist Opened"] + ["Song Played"] * int(rng.integers(1, 3))
        s.append("Paywall Viewed")
        if rng.random() < 0.5:
            s.append("Subscription Started")
            return s
    else:  # podcast browsers: search, episodes, share
        for _ in range(rng.poisson(2) + 1):
            s += ["Search", "Episode Played"]
        if rng.random() < 0.3:
            s.append("Share")
    s.append("App Background")
    return s


def mixpanel_jsonl(rng: np.random.Generator) -> tuple[Log, list[dict[str, object]]]:
    records: list[dict[str, object]] = []
    groups, sessions, conv = {}, 0, 0
    for _ in range(N_USERS):
        user = f"$device:{uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63)))}"
        g = int(rng.choice(3, p=[0.4, 0.25, 0.35]))
        groups[user] = g
        os_ = rng.choice(["iOS", "Android"])
        country = rng.choice(["US", "GB", "DE", "BR"])
        n = int(rng.integers(1, 4))
        paths = [_music_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Subscription Started" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                records.append(
                    {
                        "event": ev,
                        "properties": {
                            "time": int(ts.timestamp()),
                            "distinct_id": user,
                            "$insert_id": f"{int(rng.integers(0, 2**63)):016x}{int(rng.integers(0, 2**16)):04x}",
                            "$os": os_,
                            "mp_country_code": country,
                            "$app_version_string": rng.choice(["5.2.0", "5.3.1"]),
                        },
                    }
                )
    order = rng.permutation(len(records))
    records = [records[i] for i in order]
    flat = pd.DataFrame([{"event": r["event"], **r["properties"]} for r in records])  # type: ignore[dict-item]
    cols = {"user_id": "distinct_id", "event": "event", "timestamp": "time"}
    return Log("mixpanel_jsonl", flat, cols, "Subscription Started", groups, sessions, conv), records


def _ga4_session(rng: np.random.Generator, group: int) -> Session:
    s = ["session_start", "page_view"]
    if group == 0:  # researchers: many product views, lists, scrolls; rarely buy
        for _ in range(rng.poisson(3) + 1):
            s += ["view_item_list"] + ["view_item", "scroll"] * int(rng.integers(1, 3))
        if rng.random() < 0.08:
            s += ["add_to_cart", "begin_checkout", "purchase"]
    elif group == 1:  # buyers: straight to the item, cart, checkout
        s += ["view_item"] * int(rng.integers(1, 3)) + ["add_to_cart"]
        if rng.random() < 0.6:
            s.append("begin_checkout")
            if rng.random() < 0.75:
                s.append("purchase")
    else:  # content readers: page views and engagement
        s += ["page_view", "user_engagement"] * (rng.poisson(2) + 1)
    return s


def ga4_flat(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"{int(rng.integers(10**9, 2 * 10**9))}.{int(rng.integers(1_700_000_000, 1_710_000_000))}"
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        device = rng.choice(["mobile", "desktop", "tablet"], p=[0.6, 0.35, 0.05])
        country = rng.choice(["India", "United States", "United Kingdom"])
        medium = (
            ["organic", "cpc", "referral"][g]
            if rng.random() < 0.5
            else rng.choice(["organic", "cpc", "referral", "(none)"])
        )
        n = int(rng.integers(1, 4))
        paths = [_ga4_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "purchase" in path
            t0 = _T0 + pd.Timedelta(seconds=float(times[0]))
            sid = int(t0.timestamp())
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                micros = int(ts.timestamp()) * 1_000_000 + int(rng.integers(0, 1_000_000))
                revenue = f"{rng.uniform(10, 300):.2f}" if ev == "purchase" else ""
                rows.append((ts.strftime("%Y%m%d"), micros, ev, user, sid, device, country, medium, revenue))
    df = pd.DataFrame(
        rows,
        columns=[
            "event_date",
            "event_timestamp",
            "event_name",
            "user_pseudo_id",
            "ga_session_id",
            "device_category",
            "geo_country",
            "traffic_source_medium",
            "ecommerce_purchase_revenue",
        ],
    )
    cols = {
        "user_id": "user_pseudo_id",
        "event": "event_name",
        "timestamp": "event_timestamp",
        "session_id": "ga_session_id",
    }
    return Log("ga4_flat", df, cols, "purchase", groups, sessions, conv)


def _matomo_session(rng: np.random.Generator, group: int) -> Session:
    s = ["Startseite"]
    if group == 0:  # Schnäppchenjäger: categories, many products, sometimes order
        for _ in range(rng.poisson(2) + 1):
            s += ["Kategorie"] + ["Produktseite"] * (rng.poisson(2) + 1)
        if rng.random() < 0.2:
            s += ["Warenkorb", "Kasse", "Bestellung abgeschlossen"]
            return s
    elif group == 1:  # Stammkunden: log in, reorder
        s += ["Anmeldung", "Mein Konto", "Warenkorb"]
        if rng.random() < 0.6:
            s += ["Kasse", "Bestellung abgeschlossen"]
            return s
    else:  # Ratgeber-Leser: blog articles, newsletter
        s += ["Ratgeber-Artikel"] * (rng.poisson(4) + 1)
        if rng.random() < 0.3:
            s.append("Newsletter angemeldet")
    s.append("Verlassen")
    return s


def matomo_de(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    visit = 40_000
    for _ in range(N_USERS):
        user = f"{int(rng.integers(0, 2**63)):016x}"
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        device = rng.choice(["Smartphone", "Desktop", "Tablet"], p=[0.55, 0.4, 0.05])
        country = rng.choice(["Deutschland", "Österreich", "Schweiz"], p=[0.7, 0.2, 0.1])
        n = int(rng.integers(1, 4))
        paths = [_matomo_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            visit += int(rng.integers(1, 30))
            conv += "Bestellung abgeschlossen" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                rows.append(
                    (user, visit, ev, ts.strftime("%d.%m.%Y"), ts.strftime("%H:%M:%S"), device, country)
                )
    df = pd.DataFrame(
        rows, columns=["Besucher-ID", "Besuchs-ID", "Aktion", "Datum", "Uhrzeit", "Gerätetyp", "Land"]
    )
    cols = {
        "user_id": "Besucher-ID",
        "event": "Aktion",
        "timestamp": "Datum+Uhrzeit",
        "session_id": "Besuchs-ID",
    }
    return Log("matomo_de", df, cols, "Bestellung abgeschlossen", groups, sessions, conv)


def _app_es_session(rng: np.random.Generator, group: int) -> Session:
    s = ["Aplicación Abierta"]
    if group == 0:  # planificadores: recipes, lists, plans; often subscribe
        s += ["Receta Vista"] * (rng.poisson(2) + 1) + ["Lista Creada", "Planes Vistos"]
        if rng.random() < 0.4:
            s.append("Suscripción Completada")
            return s
    elif group == 1:  # curiosos: many recipes, no plans
        s += ["Receta Vista"] * (rng.poisson(6) + 2)
        if rng.random() < 0.05:
            s += ["Planes Vistos", "Suscripción Completada"]
            return s
    else:  # videos: watch and leave
        s += ["Video Reproducido"] * (rng.poisson(1) + 1)
    s.append("Aplicación Cerrada")
    return s


def segment_es(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for u in range(N_USERS):
        anon = str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63))))
        g = int(rng.choice(3, p=[0.3, 0.4, 0.3]))
        groups[anon] = g
        offset = rng.choice(["-05:00", "-06:00", "+01:00"])
        locale = {"-05:00": "es-CO", "-06:00": "es-MX", "+01:00": "es-ES"}[offset]
        device = rng.choice(["ios", "android"])
        n = int(rng.integers(1, 4))
        known: str = ""
        paths = [_app_es_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Suscripción Completada" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                local = ts + pd.Timedelta(hours=int(offset[:3]))
                if ev == "Suscripción Completada":
                    known = f"usr_{u:06d}"
                received = ts + pd.Timedelta(seconds=float(rng.uniform(0.2, 40)))
                rows.append(
                    (
                        anon,
                        known,
                        ev,
                        ev,
                        local.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + offset,
                        received.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC",
                        device,
                        locale,
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "anonymous_id",
            "user_id",
            "event",
            "event_text",
            "original_timestamp",
            "received_at",
            "context_device_type",
            "context_locale",
        ],
    )
    cols = {"user_id": "anonymous_id", "event": "event", "timestamp": "original_timestamp"}
    return Log("segment_es", df, cols, "Suscripción Completada", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (ga4_flat, matomo_de, segment_es)


def build(folder: Path, seed: int = 2026) -> list[dict[str, object]]:
    """Write every log and its truth into ``folder``; return the descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Log, Path]] = []
    log, records = mixpanel_jsonl(np.random.default_rng([seed, 0]))
    path = folder / f"{log.name}.json"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    made.append((log, path))
    for i, shape in enumerate(SHAPES, start=1):
        log = shape(np.random.default_rng([seed, i]))
        path = folder / f"{log.name}.csv"
        log.frame.to_csv(path, index=False)
        made.append((log, path))
    return write_truth(folder, made, SPLIT)


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=2, ensure_ascii=False))
