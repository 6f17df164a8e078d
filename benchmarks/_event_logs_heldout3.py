"""A held-out split of synthetic event logs (``heldout3``), written before any run (issue 15).

Three logs in shapes the event-log pipeline has not seen, each with planted truth: the
columns holding user, event and time, the goal, the behaviour group of every user
(written to a side file, never into the log), and the share of sessions reaching the goal.
Session lengths are not geometric (a group browses a Poisson number of pages), so a
first-order chain has to be helped to reproduce them.

- ``amplitude_multiapp``: an Amplitude-shaped export of two apps (``amplitude_id``,
  ``event_type``, ``client_event_time`` mixing ISO ``Z``, ``+05:30`` offsets and naive
  times; ``app``, ``platform``, ``country``; a ``session_id`` in epoch ms). Goal
  ``Purchase Completed``.
- ``saas_stage_log``: a B2B SaaS activity log whose outcome is a stage column, not an
  event: ``Account``, ``Activity Name``, ``When`` (US ``03/05/2024 10:15:22 AM`` mixed with
  ISO), ``Lifecycle Stage`` (Trial → Activated → Paying customer), ``Region``. No event
  says "paid"; the goal is reaching ``Paying customer``.
- ``web_multisite_fr``: a French multi-site web log (``id_visiteur``, ``nom_evenement``,
  ``horodatage`` in epoch seconds written as text mixed with ISO strings, ``site`` with
  three sites, ``appareil``). Goal ``commande_validee``.

    python benchmarks/_event_logs_heldout3.py OUT_DIR   # writes the logs and truth.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SPLIT = "heldout3"
N_USERS = 1500


@dataclass
class Log:
    """One generated log: rows, the planted truth and the file to write."""

    name: str
    frame: pd.DataFrame
    columns: dict[str, str]  # canonical -> the log's column
    goal: str  # an event name, or "COLUMN=VALUE" for a stage column
    groups: dict[str, int]  # user -> planted group
    sessions: int
    converted_sessions: int


Session = list[str]


def _shop_session(rng: np.random.Generator, group: int) -> Session:
    """Amplitude-shaped app session of one of three planted groups."""
    s = ["App Opened"]
    if group == 0:  # deal hunters: search, compare, sometimes buy
        s.append("Home Viewed")
        for _ in range(rng.poisson(3) + 1):
            s.append("Search Performed")
            s += ["Product Viewed"] * (rng.poisson(2) + 1)
        if rng.random() < 0.18:
            s += ["Added To Cart", "Checkout Started"]
            if rng.random() < 0.7:
                s.append("Purchase Completed")
                return s
    elif group == 1:  # decisive: search, one or two products, buy
        s += ["Search Performed"] + ["Product Viewed"] * int(rng.integers(1, 3))
        if rng.random() < 0.55:
            s += ["Added To Cart", "Checkout Started"]
            if rng.random() < 0.8:
                s.append("Purchase Completed")
                return s
    else:  # window shoppers: long runs of products, wishlist
        s.append("Home Viewed")
        for _ in range(rng.poisson(7) + 3):
            s.append("Product Viewed" if rng.random() < 0.8 else "Wishlist Added")
        if rng.random() < 0.04:
            s += ["Added To Cart", "Checkout Started", "Purchase Completed"]
            return s
    s.append("App Closed")
    return s


def _saas_session(rng: np.random.Generator, group: int) -> tuple[Session, int | None]:
    """A SaaS activity session and the index at which the account becomes paying (or None)."""
    s = ["Logged in"]
    pay = None
    if group == 0:  # builders: many projects, invite, often pay
        for _ in range(rng.poisson(2) + 1):
            s += ["Created project"] + ["Edited project"] * (rng.poisson(2) + 1)
        s.append("Invited teammate")
        if rng.random() < 0.45:
            s += ["Viewed billing", "Entered card"]
            pay = len(s) - 1
    elif group == 1:  # evaluators: read docs, look at billing, rarely pay
        s += ["Opened docs"] * (rng.poisson(4) + 1) + ["Viewed billing"]
        if rng.random() < 0.12:
            s.append("Entered card")
            pay = len(s) - 1
    else:  # drive-by: log in, one project, leave
        s += ["Created project"] * int(rng.integers(0, 2))
    s.append("Logged out")
    return s, pay


def _fr_session(rng: np.random.Generator, group: int) -> Session:
    """A French multi-site web session."""
    s = ["accueil"]
    if group == 0:  # readers of the blog who rarely order
        s += ["article"] * (rng.poisson(5) + 2)
        if rng.random() < 0.05:
            s += ["fiche_produit", "panier", "commande_validee"]
            return s
        s.append("sortie")
        return s
    if group == 1:  # shoppers: list, product pages, basket
        s += ["liste_produits"] + ["fiche_produit"] * (rng.poisson(3) + 1) + ["panier"]
        if rng.random() < 0.5:
            s += ["paiement", "commande_validee"]
            return s
        s.append("abandon_panier")
        return s
    # support seekers: FAQ and contact
    s += ["faq"] * (rng.poisson(2) + 1) + ["contact"]
    s.append("sortie")
    return s


def _times(rng: np.random.Generator, n_sessions: int, n_events: list[int]) -> list[np.ndarray]:
    """Event times (seconds since 2024-03-01) of each session: sessions days apart, events 5-90 s apart."""
    out = []
    start = rng.uniform(0, 20 * 86400)
    for n in n_events[:n_sessions]:
        out.append(start + np.cumsum(rng.uniform(5, 90, n)))
        start = out[-1][-1] + rng.uniform(3 * 3600, 5 * 86400)
    return out


_T0 = pd.Timestamp("2024-03-01")


def amplitude_multiapp(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for u in range(N_USERS):
        user = str(800_000_000 + int(rng.integers(0, 10**8)) * 3 + u)
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        app = rng.choice(["ShopMate iOS", "ShopMate Web"], p=[0.6, 0.4])
        n = int(rng.integers(1, 4))
        paths = [_shop_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Purchase Completed" in path
            sid = int((_T0 + pd.Timedelta(seconds=float(times[0]))).timestamp() * 1000)
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                style = rng.integers(0, 3)
                text = (
                    ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
                    if style == 0
                    else (ts + pd.Timedelta(hours=5, minutes=30)).strftime("%Y-%m-%dT%H:%M:%S+05:30")
                    if style == 1
                    else ts.strftime("%Y-%m-%d %H:%M:%S.%f")
                )
                rows.append(
                    (
                        user,
                        sid,
                        ev,
                        text,
                        app,
                        "iOS" if "iOS" in app else "Web",
                        rng.choice(["IN", "US", "AE"]),
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "amplitude_id",
            "session_id",
            "event_type",
            "client_event_time",
            "app",
            "platform",
            "country",
        ],
    )
    df = df.sample(frac=1.0, random_state=int(rng.integers(0, 2**31))).reset_index(
        drop=True
    )  # exports are not sorted
    cols = {
        "user_id": "amplitude_id",
        "event": "event_type",
        "timestamp": "client_event_time",
        "session_id": "session_id",
    }
    return Log("amplitude_multiapp", df, cols, "Purchase Completed", groups, sessions, conv)


def saas_stage_log(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for u in range(N_USERS):
        user = f"ACC-{u * 7 + 1000:05d}"
        g = int(rng.choice(3, p=[0.3, 0.35, 0.35]))
        groups[user] = g
        region = rng.choice(["EU", "US", "APAC"])
        n = int(rng.integers(1, 4))
        stage = "Trial"
        made = [_saas_session(rng, g) for _ in range(n)]
        for (path, pay), times in zip(made, _times(rng, n, [len(p) for p, _ in made]), strict=True):
            sessions += 1
            conv += pay is not None and stage != "Paying customer"
            for i, (ev, t) in enumerate(zip(path, times, strict=True)):
                if ev == "Created project" and stage == "Trial":
                    stage = "Activated"
                if pay is not None and i == pay:
                    stage = "Paying customer"
                ts = _T0 + pd.Timedelta(seconds=float(t))
                text = (
                    ts.strftime("%m/%d/%Y %I:%M:%S %p")
                    if rng.random() < 0.7
                    else ts.strftime("%Y-%m-%d %H:%M:%S")
                )
                rows.append((user, ev, text, stage, region))
            if stage == "Paying customer":
                break  # paying accounts leave the trial log
    df = pd.DataFrame(rows, columns=["Account", "Activity Name", "When", "Lifecycle Stage", "Region"])
    cols = {"user_id": "Account", "event": "Activity Name", "timestamp": "When"}
    return Log("saas_stage_log", df, cols, "Lifecycle Stage=Paying customer", groups, sessions, conv)


def web_multisite_fr(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"v{int(rng.integers(10**9, 10**10))}"
        g = int(rng.choice(3, p=[0.4, 0.35, 0.25]))
        groups[user] = g
        site = (
            ["blog.maison.test", "boutique.maison.test", "aide.maison.test"][g]
            if rng.random() < 0.6
            else rng.choice(["blog.maison.test", "boutique.maison.test", "aide.maison.test"])
        )
        device = rng.choice(["mobile", "ordinateur", "tablette"], p=[0.6, 0.3, 0.1])
        n = int(rng.integers(1, 4))
        paths = [_fr_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "commande_validee" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                text = str(int(ts.timestamp())) if rng.random() < 0.5 else ts.strftime("%Y-%m-%dT%H:%M:%S")
                rows.append((user, ev, text, site, device))
    df = pd.DataFrame(rows, columns=["id_visiteur", "nom_evenement", "horodatage", "site", "appareil"])
    cols = {"user_id": "id_visiteur", "event": "nom_evenement", "timestamp": "horodatage"}
    return Log("web_multisite_fr", df, cols, "commande_validee", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (
    amplitude_multiapp,
    saas_stage_log,
    web_multisite_fr,
)


def build(folder: Path, seed: int = 2025) -> list[dict[str, object]]:
    """Write every log (CSV) and its truth into ``folder``; return the descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i, shape in enumerate(SHAPES):
        log = shape(np.random.default_rng([seed, i]))
        path = folder / f"{log.name}.csv"
        log.frame.to_csv(path, index=False)
        made.append((log, path))
    return write_truth(folder, made, SPLIT)


def write_truth(folder: Path, made: list[tuple[Log, Path]], split: str) -> list[dict[str, object]]:
    """Write each log's planted groups and ``truth.json`` (what the benchmark scores against)."""
    out: list[dict[str, object]] = []
    for log, path in made:
        groups = folder / f"{log.name}.groups.json"
        groups.write_text(json.dumps(log.groups))
        out.append(
            {
                "name": log.name,
                "split": split,
                "path": str(path),
                "columns": log.columns,
                "goal": log.goal,
                "groups": str(groups),
                "k": len(set(log.groups.values())),
                "sessions": log.sessions,
                "real_conversion": log.converted_sessions / log.sessions,
            }
        )
    (folder / "truth.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return out


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=2))
