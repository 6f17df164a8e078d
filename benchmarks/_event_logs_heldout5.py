"""A fifth held-out split of synthetic event logs (``heldout5``), written before any run (issue 15).

``heldout4`` was looked at (and fixed against) in session 6. These four logs were written in
session 7 and committed before the pipeline ran on them; each has planted truth (the columns
holding user, event and time, the goal, the behaviour group of every user, the share of
sessions reaching the goal). No goal is named in English except the Rails log's; session
lengths are not geometric.

- ``posthog_json``: a PostHog-export-shaped plain JSON *array* (not lines) of a Portuguese
  (Brazil) food-delivery app: ``[{"uuid", "event", "distinct_id", "timestamp"
  (ISO with ``Z``), "properties": {"$os", "$current_url", "cidade", "$feature/novo-checkout"
  (an A/B variant)}}]``. Goal ``Pedido realizado``.
- ``shopware_it``: an Italian shop log exported by a BI tool, semicolon separated
  (``id_cliente``, ``azione``, ``data_ora`` as ``05/03/2024 14:22:05`` day first,
  ``dispositivo``, ``canale``). Goal ``Ordine confermato``. Terminal non-goal events
  ``Uscita``.
- ``rails_events``: a Rails-app ``events`` table dump (``id``, ``user_id``, ``name``,
  ``properties`` JSON text, ``created_at`` = when it happened, ``updated_at`` = a nightly
  batch job touched every row, all at one of a few times). Goal ``subscription_created``.
- ``ab_variant_pl``: a Polish SaaS trial log with a logged experiment column
  (``uzytkownik``, ``zdarzenie``, ``czas`` in epoch milliseconds, ``wariant`` = ``A``/``B``:
  B converts more, ``plan``). Goal ``Zakup planu``.

    python benchmarks/_event_logs_heldout5.py OUT_DIR   # writes the logs and truth.json
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

SPLIT = "heldout5"
N_USERS = 1500
Session = list[str]


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63))))


def _food_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["App aberto"]
    if group == 0:  # famintos decididos: restaurant, cart, order
        s += (
            ["Restaurante visto", "Item adicionado"]
            + ["Item adicionado"] * int(rng.integers(0, 3))
            + ["Carrinho visto"]
        )
        if rng.random() < 0.55 + boost:
            s.append("Pedido realizado")
            return s
    elif group == 1:  # exploradores: many restaurants and searches, rarely order
        for _ in range(rng.poisson(3) + 1):
            s += ["Busca feita", "Restaurante visto"]
        if rng.random() < 0.06 + boost:
            s += ["Item adicionado", "Carrinho visto", "Pedido realizado"]
            return s
    else:  # caçadores de cupons: promotions and coupons
        s += ["Promoções vistas"] * (rng.poisson(2) + 1) + ["Cupom aplicado"]
        if rng.random() < 0.25 + boost:
            s += ["Restaurante visto", "Item adicionado", "Pedido realizado"]
            return s
    s.append("App fechado")
    return s


def posthog_json(rng: np.random.Generator) -> tuple[Log, list[dict[str, object]]]:
    records: list[dict[str, object]] = []
    groups, sessions, conv = {}, 0, 0
    for _ in range(N_USERS):
        user = _uuid(rng)
        g = int(rng.choice(3, p=[0.3, 0.4, 0.3]))
        groups[user] = g
        os_ = rng.choice(["iOS", "Android"])
        city = rng.choice(["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba"])
        variant = rng.choice(["control", "test"])
        n = int(rng.integers(1, 4))
        paths = [_food_session(rng, g, 0.05 if variant == "test" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Pedido realizado" in path
            for ev, t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(milliseconds=int(rng.integers(0, 1000)))
                )
                records.append(
                    {
                        "uuid": _uuid(rng),
                        "event": ev,
                        "distinct_id": user,
                        "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                        "properties": {
                            "$os": os_,
                            "$current_url": f"app://{ev.lower().replace(' ', '-')}",
                            "cidade": city,
                            "$feature/novo-checkout": variant,
                        },
                    }
                )
    order = rng.permutation(len(records))
    records = [records[i] for i in order]
    flat = pd.DataFrame([{k: v for k, v in r.items() if k != "properties"} for r in records])
    cols = {"user_id": "distinct_id", "event": "event", "timestamp": "timestamp"}
    return Log("posthog_json", flat, cols, "Pedido realizado", groups, sessions, conv), records


def _shop_it_session(rng: np.random.Generator, group: int) -> Session:
    s = ["Pagina iniziale"]
    if group == 0:  # cacciatori di offerte: categories, many products, sometimes buy
        for _ in range(rng.poisson(2) + 1):
            s += ["Categoria"] + ["Scheda prodotto"] * (rng.poisson(2) + 1)
        if rng.random() < 0.15:
            s += ["Carrello", "Pagamento", "Ordine confermato"]
            return s
    elif group == 1:  # clienti abituali: login, wishlist, buy
        s += ["Accesso", "Lista desideri", "Carrello"]
        if rng.random() < 0.55:
            s += ["Pagamento", "Ordine confermato"]
            return s
    else:  # lettori del blog
        s += ["Articolo del blog"] * (rng.poisson(3) + 1)
        if rng.random() < 0.25:
            s.append("Iscrizione newsletter")
    s.append("Uscita")
    return s


def shopware_it(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for u in range(N_USERS):
        user = f"CL{700_000 + u * 7 + int(rng.integers(0, 7))}"
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        device = rng.choice(["Mobile", "Desktop", "Tablet"], p=[0.6, 0.35, 0.05])
        channel = (
            ["Google Ads", "Email", "Organico"][g]
            if rng.random() < 0.5
            else rng.choice(["Google Ads", "Email", "Organico", "Social"])
        )
        n = int(rng.integers(1, 4))
        paths = [_shop_it_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Ordine confermato" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                rows.append((user, ev, ts.strftime("%d/%m/%Y %H:%M:%S"), device, channel))
    df = pd.DataFrame(rows, columns=["id_cliente", "azione", "data_ora", "dispositivo", "canale"])
    cols = {"user_id": "id_cliente", "event": "azione", "timestamp": "data_ora"}
    return Log("shopware_it", df, cols, "Ordine confermato", groups, sessions, conv)


def _saas_session(rng: np.random.Generator, group: int) -> Session:
    s = ["session_started", "dashboard_viewed"]
    if group == 0:  # builders: projects and tasks, often subscribe
        for _ in range(rng.poisson(2) + 1):
            s += ["project_opened"] + ["task_created"] * int(rng.integers(1, 4))
        if rng.random() < 0.35:
            s += ["billing_viewed", "subscription_created"]
            return s
    elif group == 1:  # inviters: teammates and comments
        s += ["teammate_invited"] * int(rng.integers(1, 3)) + ["comment_added"] * (rng.poisson(2) + 1)
        if rng.random() < 0.12:
            s += ["billing_viewed", "subscription_created"]
            return s
    else:  # readers: docs and reports
        s += ["report_viewed", "doc_read"] * (rng.poisson(1) + 1)
    return s


def rails_events(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    batches = [
        pd.Timestamp("2024-04-02 03:00:00"),
        pd.Timestamp("2024-04-09 03:00:00"),
        pd.Timestamp("2024-04-16 03:00:12"),
    ]
    row_id = 1
    for u in range(N_USERS):
        user = 10_000 + u
        g = int(rng.choice(3, p=[0.3, 0.35, 0.35]))
        groups[str(user)] = g
        plan = rng.choice(["free", "trial"])
        n = int(rng.integers(1, 4))
        paths = [_saas_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "subscription_created" in path
            for ev, t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(microseconds=int(rng.integers(0, 10**6)))
                )
                upd = batches[int(rng.integers(0, 3))] + pd.Timedelta(
                    microseconds=int(rng.integers(0, 10**6))
                )
                props = json.dumps(
                    {"plan": plan, "browser": str(rng.choice(["Chrome", "Firefox", "Safari"]))}
                )
                rows.append(
                    (
                        row_id,
                        user,
                        ev,
                        props,
                        ts.strftime("%Y-%m-%d %H:%M:%S.%f"),
                        upd.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    )
                )
                row_id += 1
    df = pd.DataFrame(rows, columns=["id", "user_id", "name", "properties", "created_at", "updated_at"])
    df = df.sample(frac=1.0, random_state=int(rng.integers(0, 2**31))).reset_index(drop=True)
    df["id"] = np.arange(1, len(df) + 1)  # ids in file order (a dump sorted by something else)
    cols = {"user_id": "user_id", "event": "name", "timestamp": "created_at"}
    return Log("rails_events", df, cols, "subscription_created", groups, sessions, conv)


def _trial_pl_session(rng: np.random.Generator, group: int, b: bool) -> Session:
    s = ["Logowanie"]
    if group == 0:  # analitycy: raporty i eksport
        s += ["Raport otwarty", "Eksport CSV"] * (rng.poisson(2) + 1)
        if rng.random() < (0.3 if b else 0.15):
            s += ["Cennik", "Zakup planu"]
            return s
    elif group == 1:  # zespoły: projekty i zaproszenia
        s += ["Projekt utworzony"] + ["Zaproszenie wysłane"] * int(rng.integers(1, 4))
        if rng.random() < (0.45 if b else 0.3):
            s += ["Cennik", "Zakup planu"]
            return s
    else:  # ciekawscy: przewodnik i wyjście
        s += ["Przewodnik"] * (rng.poisson(1) + 1)
        if rng.random() < 0.03:
            s += ["Cennik", "Zakup planu"]
            return s
    s.append("Wylogowanie")
    return s


def ab_variant_pl(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for u in range(N_USERS):
        user = f"u-{int(rng.integers(10**7, 10**8))}-{u}"
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        variant = str(rng.choice(["A", "B"]))
        plan = rng.choice(["Start", "Zespół", "Firma"])
        n = int(rng.integers(1, 4))
        paths = [_trial_pl_session(rng, g, variant == "B") for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Zakup planu" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                rows.append(
                    (user, ev, int(ts.timestamp() * 1000) + int(rng.integers(0, 1000)), variant, plan)
                )
    df = pd.DataFrame(rows, columns=["uzytkownik", "zdarzenie", "czas", "wariant", "plan"])
    cols = {"user_id": "uzytkownik", "event": "zdarzenie", "timestamp": "czas"}
    return Log("ab_variant_pl", df, cols, "Zakup planu", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (shopware_it, rails_events, ab_variant_pl)


def build(folder: Path, seed: int = 2027) -> list[dict[str, object]]:
    """Write every log and its truth into ``folder``; return the descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Log, Path]] = []
    log, records = posthog_json(np.random.default_rng([seed, 0]))
    path = folder / f"{log.name}.json"
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    made.append((log, path))
    for i, shape in enumerate(SHAPES, start=1):
        log = shape(np.random.default_rng([seed, i]))
        path = folder / f"{log.name}.csv"
        log.frame.to_csv(path, index=False, sep=";" if log.name == "shopware_it" else ",")
        made.append((log, path))
    return write_truth(folder, made, SPLIT)


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=2, ensure_ascii=False))
