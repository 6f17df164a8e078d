"""An eleventh held-out split of synthetic event logs (``heldout11``), written before any run (issue 15).

``heldout10`` was measured (and opened) in session 11. These five logs were written by crm11
(session 12) and committed alone, before the pipeline ran on them; the benchmark prints only
this split's aggregates. Each has planted truth (the columns holding user, event and time,
the goal, the behaviour group of every user, the share of sessions reaching the goal, the
logged A/B column or ``None``). Every log has loops (an event repeated a group-dependent
number of times) and every user has one to four sessions. Traps no earlier split planted:
device ids beside the person id (users on two or three devices), a gzip-compressed JSON
export, JSON booleans as A/B arms, a 0/1 arm column, Segment's ``identify`` calls (traits
with e-mails, no event) between track calls, a log whose date and time are separate
columns in French formats, CleverTap's ``YYYYMMDDhhmmss`` integer times and a profile name
column (personal data in a log).

- ``mixpanel_export_es``: Mixpanel's raw export (JSON lines ``{"event", "properties"}``):
  ``properties.time`` (epoch seconds), ``distinct_id`` (the person, ``$user_id`` the same),
  ``$device_id`` (one of the person's devices), ``$insert_id``, ``mp_lib``, ``$os``,
  ``$city``, ``mp_country_code`` and ``onboarding_v2`` (a JSON boolean per person: the A/B
  arm, ``true`` converts more). Spanish events; goal ``Pedido realizado``.
- ``segment_track_de``: Segment's raw JSON lines: a ``track`` call per event (``event``,
  ``userId``, ``anonymousId`` per device, ``timestamp`` ISO with ``Z``, ``messageId``,
  ``context`` {``locale``, ``ip``, ``library``}, ``properties``), and an ``identify`` call at
  each user's first session (no event; ``traits`` {``email``, ``plan``}). German events
  (Segment's e-commerce spec names translated); goal ``Bestellung abgeschlossen``. No A/B.
- ``amplitude_export_tr``: Amplitude's export API file (``123456_2024-03-01_10#0.json.gz``,
  gzip JSON lines): ``amplitude_id``, ``user_id`` (the person), ``device_id`` (two or three
  per person), ``event_type``, ``event_time`` (``2024-03-01 10:22:33.123000``),
  ``client_event_time``, ``server_upload_time``, ``session_id`` (epoch ms), ``event_id``,
  ``uuid``, ``$insert_id``, ``platform``, ``os_name``, ``country``, ``city``,
  ``event_properties``, ``user_properties`` {``exp_paywall``: ``variant_a``/``control``}.
  Turkish events; goal ``Satın alma tamamlandı``.
- ``boutique_fr``: a shop's own event table (semicolon CSV): ``Date`` (``01/03/2024``),
  ``Heure`` (``14:05:09``), ``ID client`` (integers), ``Session``, ``Action`` (French),
  ``Page`` (URL paths), ``Appareil``, ``test_tunnel`` (``0``/``1`` per client: the A/B
  arm, ``1`` converts more). Goal ``Commande validée``.
- ``clevertap_mx``: a CleverTap event export (CSV): ``Profile.identity`` (customer number),
  ``Profile.objectId`` (``__g`` + hex, one per install), ``Profile.name`` (the person's name:
  personal data), ``eventName`` (``App Launched``, Spanish custom events, ``Charged``),
  ``ts`` (``20240301102233``), ``eventProps.Categoría``, ``eventProps.Amount``,
  ``Profile.platform``, ``Profile.MSG-push`` (``true``/``false`` per person: *not* an
  experiment). Goal ``Charged``.

    python benchmarks/_event_logs_heldout11.py OUT_DIR   # writes the logs and truth.json
"""

from __future__ import annotations

import gzip
import json
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from _event_logs_heldout3 import _T0, Log, _times, write_truth

SPLIT = "heldout11"
N_USERS = 1500
Session = list[str]
AMPLITUDE_NAME = "123456_2024-03-01_10#0.json.gz"

EXPERIMENTS: dict[str, dict[str, str] | None] = {
    "mixpanel_export_es": {"column": "onboarding_v2", "treatment": "true", "control": "false"},
    "segment_track_de": None,
    "amplitude_export_tr": {"column": "exp_paywall", "treatment": "variant_a", "control": "control"},
    "boutique_fr": {"column": "test_tunnel", "treatment": "1", "control": "0"},
    "clevertap_mx": None,
}
# a log whose person id is written twice (Mixpanel's distinct_id and $user_id, Amplitude's
# user_id beside its own amplitude_id) is read right from either
ALSO_OK: dict[str, dict[str, list[str]]] = {
    "mixpanel_export_es": {"user_id": ["$user_id"]},
    "amplitude_export_tr": {"user_id": ["amplitude_id"]},
}


def _hex(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list("0123456789abcdef"), n))


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16)))


def _stamp(rng: np.random.Generator, t: float) -> pd.Timestamp:
    return _T0 + pd.Timedelta(seconds=float(t)) + pd.Timedelta(milliseconds=int(rng.integers(0, 1000)))


def _shop_es_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Abrir app"]
    if group == 0:  # buscadores: search again and again
        s += ["Búsqueda realizada"] * int(rng.integers(1, 5)) + ["Producto visto"]
        if rng.random() < 0.1 + boost:
            return [*s, "Añadido al carrito", "Pago iniciado", "Pedido realizado"]
    elif group == 1:  # recurrentes
        s += ["Mis pedidos", "Repetir pedido", "Añadido al carrito", "Pago iniciado"]
        if rng.random() < 0.55 + boost:
            return [*s, "Pedido realizado"]
    else:  # lectores de ofertas
        s += ["Ofertas vistas"] * (int(rng.poisson(1.5)) + 1) + ["Cupón guardado"]
        if rng.random() < 0.05 + boost / 2:
            return [*s, "Añadido al carrito", "Pago iniciado", "Pedido realizado"]
    return s


def mixpanel_export_es(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"cli_{int(rng.integers(10**5, 10**6))}"
        g = int(rng.choice(3, p=[0.35, 0.35, 0.3]))
        groups[user] = g
        arm = bool(rng.random() < 0.5)
        devices = [_uuid(rng) for _ in range(int(rng.integers(1, 4)))]
        os_name = str(rng.choice(["Android", "iOS"]))
        city = str(rng.choice(["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"]))
        n = int(rng.integers(1, 5))
        paths = [_shop_es_session(rng, g, 0.1 if arm else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Pedido realizado" in path
            device = devices[int(rng.integers(0, len(devices)))]
            for ev, t in zip(path, times, strict=True):
                records.append(
                    {
                        "event": ev,
                        "properties": {
                            "time": int(_stamp(rng, t).timestamp()),
                            "distinct_id": user,
                            "$device_id": device,
                            "$user_id": user,
                            "$insert_id": _hex(rng, 16),
                            "mp_lib": "android" if os_name == "Android" else "swift",
                            "$os": os_name,
                            "$city": city,
                            "mp_country_code": "ES",
                            "onboarding_v2": arm,
                        },
                    }
                )
    order = np.argsort([r["properties"]["time"] for r in records], kind="stable")
    df = pd.DataFrame({"record": [records[i] for i in order]})
    cols = {"user_id": "distinct_id", "event": "event", "timestamp": "time"}
    return Log("mixpanel_export_es", df, cols, "Pedido realizado", groups, sessions, conv)


def _shop_de_session(rng: np.random.Generator, group: int) -> Session:
    s = ["Startseite aufgerufen"]
    if group == 0:  # Stöberer
        s += ["Produkt angesehen"] * int(rng.integers(1, 5)) + ["Produkt gesucht"]
        if rng.random() < 0.12:
            return [*s, "Produkt hinzugefügt", "Checkout gestartet", "Bestellung abgeschlossen"]
    elif group == 1:  # Wiederkäufer
        s += ["Wunschliste angesehen", "Produkt hinzugefügt", "Checkout gestartet"]
        if rng.random() < 0.55:
            return [*s, "Bestellung abgeschlossen"]
    else:  # Gutscheinjäger
        s += ["Gutschein angesehen"] * (int(rng.poisson(1.5)) + 1) + ["Newsletter abonniert"]
        if rng.random() < 0.05:
            return [*s, "Produkt hinzugefügt", "Checkout gestartet", "Bestellung abgeschlossen"]
    return s


def segment_track_de(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"user_{_hex(rng, 10)}"
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[user] = g
        anons = [_uuid(rng) for _ in range(int(rng.integers(1, 3)))]
        ip = f"{rng.integers(2, 223)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 254)}"
        n = int(rng.integers(1, 5))
        paths = [_shop_de_session(rng, g) for _ in range(n)]
        for s_i, (path, times) in enumerate(zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True)):
            sessions += 1
            conv += "Bestellung abgeschlossen" in path
            anon = anons[int(rng.integers(0, len(anons)))]
            context = {"locale": "de-DE", "ip": ip, "library": {"name": "analytics.js", "version": "4.1.0"}}
            if s_i == 0:
                ts = _stamp(rng, times[0] - 2)
                records.append(
                    {
                        "type": "identify",
                        "userId": user,
                        "anonymousId": anon,
                        "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                        "messageId": f"ajs-{_hex(rng, 32)}",
                        "context": context,
                        "traits": {
                            "email": f"{user[5:]}@kunde.test",
                            "plan": str(rng.choice(["basic", "plus"])),
                        },
                    }
                )
            for ev, t in zip(path, times, strict=True):
                ts = _stamp(rng, t)
                records.append(
                    {
                        "type": "track",
                        "event": ev,
                        "userId": user,
                        "anonymousId": anon,
                        "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                        "messageId": f"ajs-{_hex(rng, 32)}",
                        "context": context,
                        "properties": {"currency": "EUR"} if "Bestellung" in ev else {},
                    }
                )
    order = np.argsort([r["timestamp"] for r in records], kind="stable")
    df = pd.DataFrame({"record": [records[i] for i in order]})
    cols = {"user_id": "userId", "event": "event", "timestamp": "timestamp"}
    return Log("segment_track_de", df, cols, "Bestellung abgeschlossen", groups, sessions, conv)


def _app_tr_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Uygulama açıldı"]
    if group == 0:  # dinleyiciler: play again and again
        s += ["Şarkı çalındı"] * int(rng.integers(2, 6))
        if rng.random() < 0.1 + boost:
            return [*s, "Abonelik ekranı görüntülendi", "Ödeme başladı", "Satın alma tamamlandı"]
    elif group == 1:  # keşifçiler
        s += ["Arama yapıldı", "Çalma listesi açıldı", "Abonelik ekranı görüntülendi", "Ödeme başladı"]
        if rng.random() < 0.5 + boost:
            return [*s, "Satın alma tamamlandı"]
    else:  # podcast
        s += ["Podcast bölümü açıldı"] * (int(rng.poisson(1.5)) + 1) + ["Bölüm indirildi"]
        if rng.random() < 0.05:
            return [*s, "Abonelik ekranı görüntülendi", "Ödeme başladı", "Satın alma tamamlandı"]
    return s


def amplitude_export_tr(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"u{int(rng.integers(10**6, 10**7))}"
        amp_id = int(rng.integers(10**11, 10**12))
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[user] = g
        groups[str(amp_id)] = g
        arm = str(rng.choice(["control", "variant_a"]))
        devices = [
            (_uuid(rng).upper(), str(rng.choice(["iOS", "Android"]))) for _ in range(int(rng.integers(2, 4)))
        ]
        city = str(rng.choice(["İstanbul", "Ankara", "İzmir", "Bursa", "Antalya"]))
        n = int(rng.integers(1, 5))
        paths = [_app_tr_session(rng, g, 0.12 if arm == "variant_a" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Satın alma tamamlandı" in path
            device, platform = devices[int(rng.integers(0, len(devices)))]
            session_id = int(_stamp(rng, times[0] - 1).value // 10**6)
            for e_i, (ev, t) in enumerate(zip(path, times, strict=True)):
                ts = _stamp(rng, t)
                fmt = "%Y-%m-%d %H:%M:%S.%f"
                records.append(
                    {
                        "$insert_id": _uuid(rng),
                        "amplitude_id": amp_id,
                        "app": 123456,
                        "city": city,
                        "client_event_time": (ts - pd.Timedelta(milliseconds=40)).strftime(fmt),
                        "country": "Turkey",
                        "device_id": device,
                        "event_id": e_i + 1,
                        "event_properties": {"kaynak": "ana sayfa"} if e_i == 0 else {},
                        "event_time": ts.strftime(fmt),
                        "event_type": ev,
                        "os_name": platform.lower(),
                        "platform": platform,
                        "server_upload_time": (ts + pd.Timedelta(seconds=2)).strftime(fmt),
                        "session_id": session_id,
                        "user_id": user,
                        "user_properties": {"exp_paywall": arm},
                        "uuid": _uuid(rng),
                    }
                )
    order = np.argsort([r["event_time"] for r in records], kind="stable")
    df = pd.DataFrame({"record": [records[i] for i in order]})
    cols = {
        "user_id": "user_id",
        "event": "event_type",
        "timestamp": "event_time",
        "session_id": "session_id",
    }
    return Log("amplitude_export_tr", df, cols, "Satın alma tamamlandı", groups, sessions, conv)


def _shop_fr_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Accueil"]
    if group == 0:  # comparateurs
        s += ["Fiche produit"] * int(rng.integers(1, 5)) + ["Comparateur"]
        if rng.random() < 0.12 + boost:
            return [*s, "Ajout au panier", "Paiement", "Commande validée"]
    elif group == 1:  # fidèles
        s += ["Espace client", "Historique commandes", "Ajout au panier", "Paiement"]
        if rng.random() < 0.5 + boost:
            return [*s, "Commande validée"]
    else:  # lecteurs du blog
        s += ["Article de blog"] * (int(rng.poisson(1.5)) + 1) + ["Inscription newsletter"]
        if rng.random() < 0.05:
            return [*s, "Ajout au panier", "Paiement", "Commande validée"]
    return s


_PAGES = {
    "Accueil": "/",
    "Fiche produit": "/produit/",
    "Comparateur": "/comparer",
    "Ajout au panier": "/panier",
    "Paiement": "/commande/paiement",
    "Commande validée": "/commande/confirmation",
    "Espace client": "/mon-compte",
    "Historique commandes": "/mon-compte/commandes",
    "Article de blog": "/blog/",
    "Inscription newsletter": "/newsletter",
}


def boutique_fr(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        client = int(rng.integers(10**4, 10**5))
        while str(client) in groups:
            client = int(rng.integers(10**4, 10**5))
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[str(client)] = g
        arm = int(rng.random() < 0.5)
        device = str(rng.choice(["mobile", "ordinateur", "tablette"], p=[0.6, 0.3, 0.1]))
        n = int(rng.integers(1, 5))
        paths = [_shop_fr_session(rng, g, 0.1 if arm else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Commande validée" in path
            sid = _hex(rng, 20)
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                page = _PAGES[ev] + (
                    str(int(rng.integers(100, 140))) if ev in ("Fiche produit", "Article de blog") else ""
                )
                rows.append(
                    (ts.strftime("%d/%m/%Y"), ts.strftime("%H:%M:%S"), client, sid, ev, page, device, arm)
                )
    rows.sort(key=lambda r: (r[0][6:], r[0][3:5], r[0][:2], r[1]))
    df = pd.DataFrame(
        rows, columns=["Date", "Heure", "ID client", "Session", "Action", "Page", "Appareil", "test_tunnel"]
    )
    cols = {"user_id": "ID client", "event": "Action", "timestamp": "Date+Heure", "session_id": "Session"}
    return Log("boutique_fr", df, cols, "Commande validée", groups, sessions, conv)


def _app_mx_session(rng: np.random.Generator, group: int) -> Session:
    s = ["App Launched"]
    if group == 0:  # antojadizos
        s += ["Restaurante visto"] * int(rng.integers(1, 5)) + ["Menú consultado"]
        if rng.random() < 0.15:
            return [*s, "Agregado al carrito", "Charged"]
    elif group == 1:  # frecuentes
        s += ["Pedido anterior visto", "Agregado al carrito"]
        if rng.random() < 0.55:
            return [*s, "Charged"]
    else:  # promociones
        s += ["Promoción vista"] * (int(rng.poisson(1.5)) + 1) + ["Cupón aplicado"]
        if rng.random() < 0.06:
            return [*s, "Agregado al carrito", "Charged"]
    return s


def clevertap_mx(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    first = ["José", "María", "Juan", "Guadalupe", "Luis", "Fernanda", "Carlos", "Daniela", "Miguel", "Sofía"]
    last = ["Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez", "Ramírez"]
    for _ in range(N_USERS):
        ident = f"CT-{int(rng.integers(10**6, 10**7))}"
        g = int(rng.choice(3, p=[0.35, 0.35, 0.3]))
        groups[ident] = g
        object_id = "__g" + _hex(rng, 32)
        name = f"{rng.choice(first)} {rng.choice(last)}"
        platform = str(rng.choice(["Android", "iOS"], p=[0.75, 0.25]))
        push = str(rng.choice(["true", "false"]))
        n = int(rng.integers(1, 5))
        paths = [_app_mx_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Charged" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t)) - pd.Timedelta(hours=6)
                category = (
                    str(rng.choice(["Tacos", "Pizza", "Sushi", "Postres"]))
                    if ev in ("Restaurante visto", "Charged")
                    else ""
                )
                amount = f"{rng.uniform(120, 900):.2f}" if ev == "Charged" else ""
                rows.append(
                    (
                        ident,
                        object_id,
                        name,
                        ev,
                        int(ts.strftime("%Y%m%d%H%M%S")),
                        category,
                        amount,
                        platform,
                        push,
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "Profile.identity", "Profile.objectId", "Profile.name", "eventName", "ts", "eventProps.Categoría",
            "eventProps.Amount", "Profile.platform", "Profile.MSG-push",
        ],
    )  # fmt: skip
    df = df.sort_values("ts", kind="stable").reset_index(drop=True)
    cols = {"user_id": "Profile.identity", "event": "eventName", "timestamp": "ts"}
    return Log("clevertap_mx", df, cols, "Charged", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (
    mixpanel_export_es,
    segment_track_de,
    amplitude_export_tr,
    boutique_fr,
    clevertap_mx,
)


def _write(log: Log, folder: Path) -> Path:
    if log.name == "amplitude_export_tr":
        path = folder / AMPLITUDE_NAME
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            for record in log.frame["record"]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    if "record" in log.frame.columns:  # JSON lines, one raw record a line
        path = folder / f"{log.name}.json"
        with path.open("w", encoding="utf-8") as fh:
            for record in log.frame["record"]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    path = folder / f"{log.name}.csv"
    log.frame.to_csv(path, index=False, sep=";" if log.name == "boutique_fr" else ",")
    return path


def build(folder: Path, seed: int = 2032) -> list[dict[str, object]]:
    """Write every log and its truth into ``folder``; return the descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Log, Path]] = []
    for i, shape in enumerate(SHAPES):
        log = shape(np.random.default_rng([seed, i]))
        made.append((log, _write(log, folder)))
    specs = write_truth(folder, made, SPLIT)
    for spec in specs:
        spec["experiment"] = EXPERIMENTS[str(spec["name"])]
        if str(spec["name"]) in ALSO_OK:
            spec["also_ok"] = ALSO_OK[str(spec["name"])]
    (folder / "truth.json").write_text(json.dumps(specs, indent=2, ensure_ascii=False))
    return specs


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=2, ensure_ascii=False))
