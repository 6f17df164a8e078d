# ruff: noqa: E501  (data-generation rows read best one per line; German, French, Portuguese, Polish on purpose)
"""An eighth held-out split of synthetic event logs (``heldout8``), written before any run (issue 15).

``heldout7`` was looked at in session 8. These four logs were written by crm8 (session 9) and
committed before the pipeline ran on them; the benchmark prints only this split's aggregates.
Each has planted truth: the columns holding user, event and time, the goal, the behaviour
group of every user, the share of sessions reaching the goal, and the logged A/B column when
there is one (``experiment``: column, treatment arm, control arm; ``None`` when the log has
none). Session lengths are not geometric; the shapes follow each tool's own export.

- ``segment_de``: a Segment warehouse ``tracks`` table of a German shop (``id``,
  ``anonymous_id`` per device, ``user_id``, ``event``, ``event_text``,
  ``original_timestamp`` with ``+01:00``, ``timestamp`` and ``received_at`` in UTC,
  ``context_campaign_source`` per session, ``context_page_path``, ``revenue`` in German
  format on purchases only, ``ab_gruppe`` = ``Kontrolle``/``Variante``: the variant
  converts more). Goal ``Bestellung abgeschlossen``.
- ``mixpanel_fr``: a Mixpanel raw export in JSON lines
  (``{"event": ..., "properties": {"time": seconds, "distinct_id", "$insert_id", "$os",
  "$city", "mp_country_code", "utm_source", "ab_variante": "témoin"/"nouveau_parcours"}}``)
  of a French food-delivery app. Goal ``Commande validée``.
- ``ga4_bq_pt``: a GA4 BigQuery export flattened to CSV, of a Brazilian shop:
  ``event_date`` (``20240301``), ``event_timestamp`` (microseconds), ``event_name``
  (GA4's own names: ``session_start``, ``page_view``, ``view_item``, ``add_to_cart``,
  ``begin_checkout``, ``purchase``), ``user_pseudo_id`` (``1234567890.1709251200``: reads as
  a number), ``event_params.ga_session_id``, ``event_params.page_title`` (Portuguese),
  ``device.category``, ``geo.region``, ``traffic_source.source``, no experiment. Goal
  ``purchase``.
- ``snowplow_pl``: a Snowplow enriched-events CSV of a Polish bank's app: the event name is
  in ``se_action`` (``event`` is ``struct`` on every row), ``domain_userid``,
  ``domain_sessionid``, ``domain_sessionidx``, ``collector_tstamp``, ``dvce_created_tstamp``
  (device clock, minutes off), ``derived_tstamp``, ``se_category``, ``platform`` =
  ``mob``/``web`` one per user 70/30 (*not* an experiment), ``br_family``. Goal
  ``Wniosek złożony``.

    python benchmarks/_event_logs_heldout8.py OUT_DIR   # writes the logs and truth.json
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

SPLIT = "heldout8"
N_USERS = 1500
Session = list[str]

EXPERIMENTS: dict[str, dict[str, str] | None] = {
    "segment_de": {"column": "ab_gruppe", "treatment": "Variante", "control": "Kontrolle"},
    "mixpanel_fr": {"column": "ab_variante", "treatment": "nouveau_parcours", "control": "témoin"},
    "ga4_bq_pt": None,
    "snowplow_pl": None,
}


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63))))


def _shop_de_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Seite aufgerufen"]
    if group == 0:  # Schnäppchenjäger: offers, many products
        s += ["Angebote angesehen"] + ["Produkt angesehen"] * int(rng.integers(2, 6))
        if rng.random() < 0.15 + boost:
            s += ["Zum Warenkorb hinzugefügt", "Kasse begonnen", "Bestellung abgeschlossen"]
            return s
    elif group == 1:  # Stammkunden: wish list, straight to checkout
        s += ["Merkliste angesehen", "Zum Warenkorb hinzugefügt", "Kasse begonnen"]
        if rng.random() < 0.5 + boost:
            s.append("Bestellung abgeschlossen")
            return s
    else:  # Ratgeber-Leser: guides, newsletter
        s += ["Ratgeber gelesen"] * (rng.poisson(1.5) + 1) + ["Newsletter abonniert"] * int(
            rng.random() < 0.3
        )
        if rng.random() < 0.03:
            s += [
                "Produkt angesehen",
                "Zum Warenkorb hinzugefügt",
                "Kasse begonnen",
                "Bestellung abgeschlossen",
            ]
            return s
    return s


def segment_de(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"kd-{int(rng.integers(10**6, 10**7))}"
        g = int(rng.choice(3, p=[0.4, 0.25, 0.35]))
        groups[user] = g
        arm = str(rng.choice(["Kontrolle", "Variante"]))
        devices = [_uuid(rng) for _ in range(int(rng.integers(1, 3)))]
        n = int(rng.integers(1, 5))
        paths = [_shop_de_session(rng, g, 0.1 if arm == "Variante" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Bestellung abgeschlossen" in path
            source = rng.choice(["google", "newsletter", "instagram", ""], p=[0.4, 0.2, 0.2, 0.2])
            device = devices[int(rng.integers(0, len(devices)))]
            for ev, t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(milliseconds=int(rng.integers(0, 1000)))
                )
                revenue = (
                    f"{rng.uniform(15, 240):.2f}".replace(".", ",")
                    if ev == "Bestellung abgeschlossen"
                    else ""
                )
                rows.append(
                    (
                        _uuid(rng),
                        device,
                        user,
                        ev.lower().replace(" ", "_").replace("ü", "ue").replace("ä", "ae"),
                        ev,
                        (ts + pd.Timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+01:00",
                        ts.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC",
                        (ts + pd.Timedelta(seconds=float(rng.uniform(0.2, 4)))).strftime("%Y-%m-%d %H:%M:%S")
                        + " UTC",
                        source,
                        "/" + ev.split()[0].lower(),
                        revenue,
                        arm,
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "id", "anonymous_id", "user_id", "event", "event_text", "original_timestamp", "timestamp",
            "received_at", "context_campaign_source", "context_page_path", "revenue", "ab_gruppe",
        ],
    )  # fmt: skip
    cols = {"user_id": "user_id", "event": "event_text", "timestamp": "timestamp"}
    return Log("segment_de", df, cols, "Bestellung abgeschlossen", groups, sessions, conv)


def _food_fr_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Ouverture de l'app"]
    if group == 0:  # affamés pressés: reorder
        s += ["Commandes précédentes", "Ajout au panier"]
        if rng.random() < 0.55 + boost:
            s += ["Paiement", "Commande validée"]
            return s
    elif group == 1:  # indécis: many restaurants
        s += ["Recherche"] + ["Fiche restaurant"] * int(rng.integers(2, 7))
        if rng.random() < 0.12 + boost:
            s += ["Ajout au panier", "Paiement", "Commande validée"]
            return s
    else:  # chasseurs de promos
        s += ["Page promotions", "Code promo appliqué"] * int(rng.integers(1, 3))
        if rng.random() < 0.2:
            s += ["Ajout au panier", "Paiement", "Commande validée"]
            return s
    s.append("Fermeture de l'app")
    return s


def mixpanel_fr(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"$device:{_uuid(rng).upper()}"
        g = int(rng.choice(3, p=[0.3, 0.4, 0.3]))
        groups[user] = g
        arm = str(rng.choice(["témoin", "nouveau_parcours"]))
        os_ = str(rng.choice(["iOS", "Android"], p=[0.5, 0.5]))
        city = str(rng.choice(["Paris", "Lyon", "Lille", "Nantes", "Toulouse"]))
        n = int(rng.integers(1, 5))
        paths = [_food_fr_session(rng, g, 0.08 if arm == "nouveau_parcours" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Commande validée" in path
            source = str(rng.choice(["push", "organic", "email"]))
            for ev, t in zip(path, times, strict=True):
                props = {
                    "time": int((_T0 + pd.Timedelta(seconds=float(t))).timestamp()),
                    "distinct_id": user,
                    "$insert_id": _uuid(rng).replace("-", "")[:24],
                    "$os": os_,
                    "$city": city,
                    "mp_country_code": "FR",
                    "utm_source": source,
                    "ab_variante": arm,
                }
                records.append({"event": ev, "properties": props})
    order = rng.permutation(len(records))  # a raw export is ordered by ingestion, not by user
    df = pd.DataFrame({"record": [records[i] for i in order]})
    cols = {"user_id": "distinct_id", "event": "event", "timestamp": "time"}
    return Log("mixpanel_fr", df, cols, "Commande validée", groups, sessions, conv)


def _ga4_session(rng: np.random.Generator, group: int) -> list[tuple[str, str]]:
    s = [("session_start", "Início"), ("page_view", "Início")]
    if group == 0:  # caçadores de ofertas: many items
        for _ in range(int(rng.integers(2, 6))):
            s += [("view_item", "Produto"), ("page_view", "Produto")]
        if rng.random() < 0.12:
            s += [
                ("add_to_cart", "Carrinho"),
                ("begin_checkout", "Checkout"),
                ("purchase", "Pedido confirmado"),
            ]
    elif group == 1:  # decididos: search, one item, buy
        s += [("search", "Busca"), ("view_item", "Produto"), ("add_to_cart", "Carrinho")]
        if rng.random() < 0.5:
            s += [("begin_checkout", "Checkout"), ("purchase", "Pedido confirmado")]
    else:  # leitores do blog
        s += [("page_view", "Blog")] * int(rng.integers(1, 5)) + [("scroll", "Blog")]
        if rng.random() < 0.03:
            s += [("view_item", "Produto"), ("add_to_cart", "Carrinho"), ("purchase", "Pedido confirmado")]
    return s


def ga4_bq_pt(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        first = _T0 + pd.Timedelta(seconds=float(rng.uniform(-30 * 86400, 0)))
        user = f"{int(rng.integers(10**9, 2 * 10**9))}.{int(first.timestamp())}"
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        category = str(rng.choice(["mobile", "desktop", "tablet"], p=[0.65, 0.3, 0.05]))
        region = str(rng.choice(["State of Sao Paulo", "State of Rio de Janeiro", "State of Minas Gerais"]))
        n = int(rng.integers(1, 4))
        paths = [_ga4_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += any(ev == "purchase" for ev, _ in path)
            ga_session = int((_T0 + pd.Timedelta(seconds=float(times[0]))).timestamp())
            source = str(rng.choice(["google", "(direct)", "facebook", "rd_station"]))
            for (ev, title), t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(microseconds=int(rng.integers(0, 10**6)))
                )
                micros = int(ts.value // 1000)
                rows.append(
                    (ts.strftime("%Y%m%d"), micros, ev, user, ga_session, title, category, region, source)
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "event_date", "event_timestamp", "event_name", "user_pseudo_id", "event_params.ga_session_id",
            "event_params.page_title", "device.category", "geo.region", "traffic_source.source",
        ],
    )  # fmt: skip
    df = df.sort_values(["event_date", "event_timestamp"], kind="stable").reset_index(drop=True)
    cols = {"user_id": "user_pseudo_id", "session_id": "event_params.ga_session_id", "event": "event_name", "timestamp": "event_timestamp"}  # fmt: skip
    return Log("ga4_bq_pt", df, cols, "purchase", groups, sessions, conv)


def _bank_pl_session(rng: np.random.Generator, group: int) -> Session:
    s = ["Logowanie", "Pulpit"]
    if group == 0:  # oszczędzający: savings and loan calculators
        s += ["Kalkulator kredytu"] * int(rng.integers(1, 4)) + ["Oferta kredytu"]
        if rng.random() < 0.25:
            s += ["Formularz wniosku", "Wniosek złożony"]
            return s
    elif group == 1:  # codzienni: transfers and history
        s += ["Przelew", "Potwierdzenie przelewu"] * int(rng.integers(1, 3)) + ["Historia"]
        if rng.random() < 0.05:
            s += ["Oferta kredytu", "Formularz wniosku", "Wniosek złożony"]
            return s
    else:  # porzucający formularz
        s += ["Oferta kredytu", "Formularz wniosku"] + ["Formularz wniosku"] * int(rng.integers(0, 3))
        if rng.random() < 0.15:
            s.append("Wniosek złożony")
            return s
    s.append("Wylogowanie")
    return s


def snowplow_pl(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    categories = {"Logowanie": "auth", "Wylogowanie": "auth", "Pulpit": "nawigacja", "Historia": "nawigacja"}
    for _ in range(N_USERS):
        user = _uuid(rng)
        g = int(rng.choice(3, p=[0.3, 0.4, 0.3]))
        groups[user] = g
        platform = str(rng.choice(["mob", "web"], p=[0.7, 0.3]))
        browser = "Mobile Safari" if platform == "mob" and rng.random() < 0.5 else "Chrome"
        skew = pd.Timedelta(seconds=float(rng.normal(0, 240)))
        n = int(rng.integers(1, 5))
        paths = [_bank_pl_session(rng, g) for _ in range(n)]
        for idx, (path, times) in enumerate(zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True)):
            sessions += 1
            conv += "Wniosek złożony" in path
            session_id = _uuid(rng)
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                collector = ts + pd.Timedelta(milliseconds=int(rng.integers(50, 900)))
                iso = "%Y-%m-%d %H:%M:%S.%f"
                rows.append(
                    (
                        "bank-app", platform, collector.strftime(iso)[:-3], (ts + skew).strftime(iso)[:-3],
                        ts.strftime(iso)[:-3], "struct", _uuid(rng), user, session_id, idx + 1,
                        categories.get(ev, "kredyt" if "redyt" in ev or "niosek" in ev or "niosku" in ev else "konto"),
                        ev, browser,
                    )
                )  # fmt: skip
    df = pd.DataFrame(
        rows,
        columns=[
            "app_id", "platform", "collector_tstamp", "dvce_created_tstamp", "derived_tstamp", "event",
            "event_id", "domain_userid", "domain_sessionid", "domain_sessionidx", "se_category", "se_action",
            "br_family",
        ],
    )  # fmt: skip
    df = df.sample(frac=1.0, random_state=int(rng.integers(0, 2**31))).reset_index(drop=True)
    cols = {"user_id": "domain_userid", "session_id": "domain_sessionid", "event": "se_action", "timestamp": "derived_tstamp"}  # fmt: skip
    return Log("snowplow_pl", df, cols, "Wniosek złożony", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (segment_de, mixpanel_fr, ga4_bq_pt, snowplow_pl)


def _write(log: Log, folder: Path) -> Path:
    if log.name == "mixpanel_fr":  # JSON lines, one raw Mixpanel record a line
        path = folder / f"{log.name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for record in log.frame["record"]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    path = folder / f"{log.name}.csv"
    log.frame.to_csv(path, index=False)
    return path


def build(folder: Path, seed: int = 2029) -> list[dict[str, object]]:
    """Write every log and its truth into ``folder``; return the descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Log, Path]] = []
    for i, shape in enumerate(SHAPES):
        log = shape(np.random.default_rng([seed, i]))
        made.append((log, _write(log, folder)))
    specs = write_truth(folder, made, SPLIT)
    for spec in specs:
        spec["experiment"] = EXPERIMENTS[str(spec["name"])]
        if spec["name"] == "segment_de":  # Segment's ``event`` is the slug of ``event_text``: either is right
            spec["also_ok"] = {"event": ["event"]}
    (folder / "truth.json").write_text(json.dumps(specs, indent=2, ensure_ascii=False))
    return specs


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=2, ensure_ascii=False))
