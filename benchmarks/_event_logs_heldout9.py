# ruff: noqa: E501  (data-generation rows read best one per line; Korean, Spanish, Italian on purpose)
"""A ninth held-out split of synthetic event logs (``heldout9``), written before any run (issue 15).

``heldout8`` was measured in session 9. These five logs were written by crm9 (session 10)
and committed before the pipeline ran on them; the benchmark prints only this split's
aggregates. Each has planted truth (the columns holding user, event and time, the goal, the
behaviour group of every user, the share of sessions reaching the goal, the logged A/B
column or ``None``). Every log has loops (a screen or page repeated a group-dependent number
of times), so session lengths are not geometric.

- ``amplitude_ko``: Amplitude's raw export (JSON lines, one event a line, as in its hourly
  zip): ``event_type`` (Korean), ``amplitude_id`` (a number), ``user_id`` (empty for most),
  ``device_id``, ``event_time`` (``2024-03-01 10:22:33.123456``, UTC), ``client_event_time``,
  ``server_upload_time``, ``session_id`` (epoch ms), nested ``event_properties`` and
  ``user_properties`` (``exp_checkout``: ``control``/``treatment``), ``platform``,
  ``country``. Goal ``결제 완료``.
- ``heap_es``: Heap Connect's ``all_events`` table as CSV: ``event_id``, ``user_id`` and
  ``session_id`` (bigints), ``time`` (``2024-03-01 10:22:33.123``), ``event_table_name``
  (the defined event, Spanish slugs) beside ``type`` (Heap's generic ``view page``/
  ``click``/``submit``), ``path``, ``library``, ``utm_source``. No experiment. Goal
  ``reserva_confirmada``.
- ``matomo_it``: a Matomo visits-log export flattened to one action a row: ``idvisit``,
  ``idvisitor`` (16 hex), ``visitorType``, ``serverTimestamp`` (epoch seconds),
  ``serverTimePretty`` (``1 mar 2024 10:22:33``), ``actionName`` (Italian page titles),
  ``url``, ``timeSpent``, ``deviceType``, ``customVariableName1`` = ``Test AB`` and
  ``customVariableValue1`` = ``originale``/``variante``. Goal ``Ordine completato``.
- ``nginx_access``: an nginx access log in JSON lines (``log_format ... escape=json``) saved
  as ``access.log``: ``time_iso8601`` (``+05:30``), ``remote_addr``, ``request_method``,
  ``request_uri`` (with product ids and query strings), ``status``, ``body_bytes_sent``,
  ``http_referer``, ``http_user_agent``, ``uid_got`` (the userid module's cookie). A user is
  the cookie. Goal ``/checkout/thank-you``.
- ``applog_ms``: an Android app's analytics log as CSV: ``ts`` (epoch milliseconds),
  ``uid``, ``screen`` (the event), ``action`` (``open``/``tap``/``scroll``), ``app_version``,
  ``os_version``, ``net``, ``new_checkout`` (``true``/``false``: a logged experiment whose
  arms are booleans). Goal ``OrderConfirmed``.

    python benchmarks/_event_logs_heldout9.py OUT_DIR   # writes the logs and truth.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from _event_logs_heldout3 import _T0, Log, _times, write_truth

SPLIT = "heldout9"
N_USERS = 1500
Session = list[str]

EXPERIMENTS: dict[str, dict[str, str] | None] = {
    "amplitude_ko": {"column": "exp_checkout", "treatment": "treatment", "control": "control"},
    "heap_es": None,
    "matomo_it": {"column": "customVariableValue1", "treatment": "variante", "control": "originale"},
    "nginx_access": None,
    "applog_ms": {"column": "new_checkout", "treatment": "true", "control": "false"},
}


def _hex(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list("0123456789abcdef"), n))


def _shop_ko_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["앱 실행", "홈 화면"]
    if group == 0:  # 비교 쇼핑: many products, back and forth
        s += ["상품 조회", "리뷰 보기"] * int(rng.integers(1, 5))
        if rng.random() < 0.12 + boost:
            return [*s, "장바구니 담기", "결제 시작", "결제 완료"]
    elif group == 1:  # 재구매: straight to the cart
        s += ["주문 내역", "장바구니 담기", "결제 시작"]
        if rng.random() < 0.55 + boost:
            return [*s, "결제 완료"]
    else:  # 이벤트 참여: coupons, repeated
        s += ["이벤트 페이지"] * int(rng.integers(1, 4)) + ["쿠폰 받기"]
        if rng.random() < 0.06:
            return [*s, "상품 조회", "장바구니 담기", "결제 시작", "결제 완료"]
    return s


def amplitude_ko(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        amp_id = int(rng.integers(10**11, 10**12))
        g = int(rng.choice(3, p=[0.4, 0.25, 0.35]))
        groups[str(amp_id)] = g
        arm = str(rng.choice(["control", "treatment"]))
        device = (
            _hex(rng, 8)
            + "-"
            + _hex(rng, 4)
            + "-4"
            + _hex(rng, 3)
            + "-a"
            + _hex(rng, 3)
            + "-"
            + _hex(rng, 12)
        )
        user_id = f"m{int(rng.integers(10**5, 10**6))}" if rng.random() < 0.2 else None
        platform = str(rng.choice(["iOS", "Android"]))
        n = int(rng.integers(1, 5))
        paths = [_shop_ko_session(rng, g, 0.08 if arm == "treatment" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "결제 완료" in path
            session_id = int((_T0 + pd.Timedelta(seconds=float(times[0]))).value // 10**6)
            for ev, t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(microseconds=int(rng.integers(0, 10**6)))
                )
                fmt = "%Y-%m-%d %H:%M:%S.%f"
                records.append(
                    {
                        "amplitude_id": amp_id,
                        "user_id": user_id,
                        "device_id": device,
                        "event_type": ev,
                        "event_time": ts.strftime(fmt),
                        "client_event_time": (
                            ts - pd.Timedelta(milliseconds=int(rng.integers(0, 800)))
                        ).strftime(fmt),
                        "server_upload_time": (ts + pd.Timedelta(seconds=float(rng.uniform(1, 30)))).strftime(
                            fmt
                        ),
                        "session_id": session_id,
                        "event_properties": {"화면": ev.split()[0]} if rng.random() < 0.7 else {},
                        "user_properties": {
                            "exp_checkout": arm,
                            "회원등급": str(rng.choice(["일반", "VIP"])),
                        },
                        "platform": platform,
                        "country": "South Korea",
                    }
                )
    order = rng.permutation(len(records))
    df = pd.DataFrame({"record": [records[i] for i in order]})
    cols = {"user_id": "amplitude_id", "session_id": "session_id", "event": "event_type", "timestamp": "event_time"}  # fmt: skip
    return Log("amplitude_ko", df, cols, "결제 완료", groups, sessions, conv)


def _travel_es_session(rng: np.random.Generator, group: int) -> Session:
    s = ["inicio"]
    if group == 0:  # planificadores: many searches and hotel pages
        for _ in range(int(rng.integers(2, 6))):
            s += ["busqueda_hotel", "ficha_hotel"]
        if rng.random() < 0.15:
            return [*s, "datos_huesped", "pago", "reserva_confirmada"]
    elif group == 1:  # decididos
        s += ["busqueda_hotel", "ficha_hotel", "datos_huesped", "pago"]
        if rng.random() < 0.5:
            return [*s, "reserva_confirmada"]
    else:  # soñadores: blog and offers
        s += ["blog_destinos"] * (int(rng.poisson(2)) + 1) + ["ofertas"]
        if rng.random() < 0.04:
            return [*s, "ficha_hotel", "datos_huesped", "pago", "reserva_confirmada"]
    return [*s, "abandono"] if rng.random() < 0.5 else s


_HEAP_TYPE = {
    "pago": "submit",
    "datos_huesped": "submit",
    "reserva_confirmada": "view page",
    "busqueda_hotel": "click",
}


def heap_es(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = str(int(rng.integers(10**15, 9 * 10**15)))
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[user] = g
        library = str(rng.choice(["web", "ios", "android"], p=[0.6, 0.2, 0.2]))
        n = int(rng.integers(1, 5))
        paths = [_travel_es_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "reserva_confirmada" in path
            session = str(int(rng.integers(10**15, 9 * 10**15)))
            source = str(rng.choice(["google", "newsletter", "", "tiktok"]))
            for ev, t in zip(path, times, strict=True):
                ts = (
                    _T0
                    + pd.Timedelta(seconds=float(t))
                    + pd.Timedelta(milliseconds=int(rng.integers(0, 1000)))
                )
                rows.append(
                    (
                        str(int(rng.integers(10**15, 9 * 10**15))), user, session,
                        ts.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], ev, _HEAP_TYPE.get(ev, "view page"),
                        "/" + ev.replace("_", "-"), library, source,
                    )
                )  # fmt: skip
    df = pd.DataFrame(
        rows,
        columns=[
            "event_id",
            "user_id",
            "session_id",
            "time",
            "event_table_name",
            "type",
            "path",
            "library",
            "utm_source",
        ],
    )
    df = df.sort_values("time", kind="stable").reset_index(drop=True)
    cols = {"user_id": "user_id", "session_id": "session_id", "event": "event_table_name", "timestamp": "time"}  # fmt: skip
    return Log("heap_es", df, cols, "reserva_confirmada", groups, sessions, conv)


def _shop_it_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Home page"]
    if group == 0:  # collezionisti: catalogue pages, many
        s += ["Catalogo vini"] + ["Scheda prodotto"] * int(rng.integers(2, 7))
        if rng.random() < 0.18 + boost:
            return [*s, "Carrello", "Checkout", "Ordine completato"]
    elif group == 1:  # regali: gift boxes
        s += ["Idee regalo", "Confezione regalo", "Carrello", "Checkout"]
        if rng.random() < 0.45 + boost:
            return [*s, "Ordine completato"]
    else:  # lettori: magazine
        s += ["Magazine"] * (int(rng.poisson(1.5)) + 1) + ["Iscrizione newsletter"] * int(rng.random() < 0.3)
        if rng.random() < 0.03:
            return [*s, "Scheda prodotto", "Carrello", "Checkout", "Ordine completato"]
    return s


def matomo_it(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    months = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]
    for _ in range(N_USERS):
        visitor = _hex(rng, 16)
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[visitor] = g
        arm = str(rng.choice(["originale", "variante"]))
        device = str(rng.choice(["Smartphone", "Desktop", "Tablet"], p=[0.6, 0.35, 0.05]))
        n = int(rng.integers(1, 5))
        paths = [_shop_it_session(rng, g, 0.1 if arm == "variante" else 0.0) for _ in range(n)]
        for idx, (path, times) in enumerate(zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True)):
            sessions += 1
            conv += "Ordine completato" in path
            idvisit = int(rng.integers(10**5, 10**7))
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                pretty = f"{ts.day} {months[ts.month - 1]} {ts.year} {ts.strftime('%H:%M:%S')}"
                rows.append(
                    (
                        idvisit, visitor, "returning" if idx else "new", int(ts.timestamp()), pretty, ev,
                        "https://enoteca.test/" + ev.lower().replace(" ", "-"), int(rng.integers(3, 200)), device,
                        "Test AB", arm,
                    )
                )  # fmt: skip
    df = pd.DataFrame(
        rows,
        columns=[
            "idvisit", "idvisitor", "visitorType", "serverTimestamp", "serverTimePretty", "actionName", "url",
            "timeSpent", "deviceType", "customVariableName1", "customVariableValue1",
        ],
    )  # fmt: skip
    cols = {"user_id": "idvisitor", "session_id": "idvisit", "event": "actionName", "timestamp": "serverTimestamp"}  # fmt: skip
    return Log("matomo_it", df, cols, "Ordine completato", groups, sessions, conv)


def _web_session(rng: np.random.Generator, group: int) -> Session:
    s = ["/"]
    if group == 0:  # browsers: category and many product pages
        s += ["/category/shoes"] + [
            f"/product/{int(rng.integers(1000, 1040))}" for _ in range(int(rng.integers(2, 6)))
        ]
        if rng.random() < 0.15:
            return [*s, "/cart", "/checkout", "/checkout/thank-you"]
    elif group == 1:  # searchers: search then buy
        s += [
            f"/search?q={rng.choice(['boots', 'sandals', 'sneakers'])}",
            f"/product/{int(rng.integers(1000, 1040))}",
            "/cart",
            "/checkout",
        ]
        if rng.random() < 0.5:
            return [*s, "/checkout/thank-you"]
    else:  # support: help pages, repeated
        s += ["/help/returns"] * (int(rng.poisson(1.5)) + 1) + ["/contact"]
        if rng.random() < 0.03:
            return [*s, "/cart", "/checkout", "/checkout/thank-you"]
    return s


def nginx_access(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    agents = [
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Version/17.2 Mobile/15E148 Safari/604.1",
    ]
    for _ in range(N_USERS):
        uid = "uid=" + _hex(rng, 32).upper()
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[uid] = g
        ip = f"{rng.integers(1, 223)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 254)}"
        agent = str(rng.choice(agents))
        n = int(rng.integers(1, 5))
        paths = [_web_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "/checkout/thank-you" in path
            prev = "-"
            for uri, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                records.append(
                    {
                        "time_iso8601": (ts + pd.Timedelta(hours=5, minutes=30)).strftime("%Y-%m-%dT%H:%M:%S")
                        + "+05:30",
                        "remote_addr": ip,
                        "request_method": "POST" if uri == "/checkout" else "GET",
                        "request_uri": uri,
                        "status": 200,
                        "body_bytes_sent": int(rng.integers(800, 90000)),
                        "http_referer": prev,
                        "http_user_agent": agent,
                        "uid_got": uid,
                    }
                )
                prev = "https://shop.test" + uri
    records.sort(key=lambda r: str(r["time_iso8601"]))
    df = pd.DataFrame({"record": records})
    cols = {"user_id": "uid_got", "event": "request_uri", "timestamp": "time_iso8601"}
    return Log("nginx_access", df, cols, "/checkout/thank-you", groups, sessions, conv)


def _app_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Splash", "Home"]
    if group == 0:  # menu browsers
        s += ["Menu", "ItemDetail"] * int(rng.integers(1, 4))
        if rng.random() < 0.2 + boost:
            return [*s, "Basket", "Payment", "OrderConfirmed"]
    elif group == 1:  # reorderers
        s += ["PastOrders", "Basket", "Payment"]
        if rng.random() < 0.6 + boost:
            return [*s, "OrderConfirmed"]
    else:  # trackers: order tracking refreshed again and again
        s += ["OrderTracking"] * (int(rng.poisson(2)) + 1)
        if rng.random() < 0.05:
            return [*s, "Menu", "Basket", "Payment", "OrderConfirmed"]
    return s


def applog_ms(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        uid = f"u_{int(rng.integers(10**7, 10**8))}"
        g = int(rng.choice(3, p=[0.35, 0.35, 0.3]))
        groups[uid] = g
        arm = str(rng.choice(["true", "false"]))
        version = str(rng.choice(["5.2.0", "5.2.1", "5.3.0"]))
        os_version = str(rng.choice(["12", "13", "14"]))
        n = int(rng.integers(1, 5))
        paths = [_app_session(rng, g, 0.1 if arm == "true" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "OrderConfirmed" in path
            net = str(rng.choice(["wifi", "4g", "5g"]))
            for ev, t in zip(path, times, strict=True):
                ms = int((_T0 + pd.Timedelta(seconds=float(t))).value // 10**6) + int(rng.integers(0, 1000))
                action = "open" if ev in ("Splash", "Home") else str(rng.choice(["tap", "scroll"]))
                rows.append((ms, uid, ev, action, version, os_version, net, arm))
    df = pd.DataFrame(
        rows, columns=["ts", "uid", "screen", "action", "app_version", "os_version", "net", "new_checkout"]
    )
    df = df.sample(frac=1.0, random_state=int(rng.integers(0, 2**31))).reset_index(drop=True)
    cols = {"user_id": "uid", "event": "screen", "timestamp": "ts"}
    return Log("applog_ms", df, cols, "OrderConfirmed", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (
    amplitude_ko,
    heap_es,
    matomo_it,
    nginx_access,
    applog_ms,
)


def _write(log: Log, folder: Path) -> Path:
    if "record" in log.frame.columns:  # JSON lines, one raw record a line
        path = folder / ("access.log" if log.name == "nginx_access" else f"{log.name}.json")
        with path.open("w", encoding="utf-8") as fh:
            for record in log.frame["record"]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    path = folder / f"{log.name}.csv"
    log.frame.to_csv(path, index=False)
    return path


def build(folder: Path, seed: int = 2030) -> list[dict[str, object]]:
    """Write every log and its truth into ``folder``; return the descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Log, Path]] = []
    for i, shape in enumerate(SHAPES):
        log = shape(np.random.default_rng([seed, i]))
        made.append((log, _write(log, folder)))
    specs = write_truth(folder, made, SPLIT)
    for spec in specs:
        spec["experiment"] = EXPERIMENTS[str(spec["name"])]
    (folder / "truth.json").write_text(json.dumps(specs, indent=2, ensure_ascii=False))
    return specs


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=2, ensure_ascii=False))
