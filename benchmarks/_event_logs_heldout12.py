# ruff: noqa: E501  (user agents and Russian titles read best whole)
"""A twelfth held-out split of synthetic event logs (``heldout12``), written before any run (issue 15).

``heldout11`` was measured (and opened) in session 12. These five logs were written by crm12
(session 13) and committed alone, before the pipeline ran on them; the benchmark prints only
this split's aggregates. Each has planted truth (the columns holding user, event and time,
the goal, the behaviour group of every user, the share of sessions reaching the goal, the
logged A/B column or ``None``). Every log has loops (an event repeated a group-dependent
number of times) and every user has one to four sessions. Sources no earlier split used:
AppsFlyer raw in-app events, Yandex Metrica's Logs API, Cloudflare Logpush, a PostHog
events CSV and a warehouse table of GrowthBook exposures joined to events (Parquet).
Traps no earlier split planted: an install id beside the customer id whose customer id is
empty before login, 19-digit cookie ids (beyond a float's exact range), nanosecond epoch
times in nested JSON with the user in a cookie map and bot/static hits without one, PostHog's
``$identify`` events that link an anonymous id to the person (events before login carry
only the anonymous id), a ``$feature/...`` flag column as the A/B arm, and Parquet
timestamps with a time zone.

- ``appsflyer_id``: AppsFlyer's raw in-app events report (CSV): ``Event Time``
  (``2024-03-01 10:22:33.123``), ``Event Name`` (``af_*`` and Indonesian custom events),
  ``Event Value`` (a JSON string), ``Event Revenue``, ``AppsFlyer ID`` (one per install,
  one or two per person), ``Customer User ID`` (the person, empty on ``app_open`` before
  login), ``Advertising ID``, ``Platform``, ``Media Source``, ``Campaign``, ``City``,
  ``IP``. Goal ``af_purchase``. No A/B.
- ``yandex_metrica_ru``: a Yandex Metrica Logs API hits file (TSV): ``ym:pv:watchID``,
  ``ym:pv:clientID`` (19 digits, the visitor), ``ym:pv:dateTime``, ``ym:pv:title``
  (Russian page titles: the events), ``ym:pv:URL``, ``ym:pv:deviceCategory`` (``1``/``2``/
  ``3``), ``ym:pv:regionCity``, ``ym:pv:lastTrafficSource``, ``ym:pv:browser``. Goal
  ``Заказ оформлен — Интернет-магазин ТехноДом`` (the page title). No A/B.
- ``cloudflare_logpush_pt``: Cloudflare Logpush HTTP requests (JSON lines):
  ``EdgeStartTimestamp`` (epoch nanoseconds), ``ClientRequestPath`` (the events, Portuguese
  paths), ``ClientRequestMethod``, ``EdgeResponseStatus``, ``ClientIP``,
  ``ClientRequestUserAgent``, ``RayID``, ``Cookies`` {``uid``: the visitor} (absent on bot
  and static-asset hits, which are interleaved), ``ClientCountry``. Goal
  ``/pedido/confirmado``. No A/B.
- ``posthog_csv_it``: a PostHog events export (CSV): ``uuid``, ``event`` (``$pageview``,
  ``$identify``, Italian custom events), ``distinct_id`` (an anonymous UUID until the
  person logs in, the person's id from then on), ``timestamp`` (``2024-03-01T10:22:33.123000Z``),
  ``properties.$anon_distinct_id`` (on ``$identify``), ``properties.$current_url``,
  ``properties.$browser``, ``properties.$feature/nuovo-checkout`` (``test``/``control``
  per person: the A/B arm, ``test`` converts more), ``person.properties.email``. Goal
  ``Ordine completato``.
- ``growthbook_sv``: a warehouse query result (Parquet): ``user_id``, ``anonymous_id``,
  ``event_name`` (Swedish), ``event_ts`` (timestamp with time zone ``Europe/Stockholm``),
  ``experiment_key`` (one value), ``variation_id`` (``0``/``1`` per user: the A/B arm,
  ``1`` converts more), ``platform``, ``utm_source``. Goal ``Köp genomfört``.

    python benchmarks/_event_logs_heldout12.py OUT_DIR   # writes the logs and truth.json
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

SPLIT = "heldout12"
N_USERS = 1500
Session = list[str]

EXPERIMENTS: dict[str, dict[str, str] | None] = {
    "appsflyer_id": None,
    "yandex_metrica_ru": None,
    "cloudflare_logpush_pt": None,
    "posthog_csv_it": {
        "column": "properties.$feature/nuovo-checkout",
        "treatment": "test",
        "control": "control",
    },
    "growthbook_sv": {"column": "variation_id", "treatment": "1", "control": "0"},
}


def _hex(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list("0123456789abcdef"), n))


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16)))


def _stamp(rng: np.random.Generator, t: float) -> pd.Timestamp:
    return _T0 + pd.Timedelta(seconds=float(t)) + pd.Timedelta(milliseconds=int(rng.integers(0, 1000)))


def _app_id_session(rng: np.random.Generator, group: int) -> Session:
    s = ["app_open"]
    if group == 0:  # pemburu promo: browse flash sales again and again
        s += ["lihat_flash_sale"] * int(rng.integers(1, 5)) + ["af_content_view"]
        if rng.random() < 0.1:
            return [*s, "af_add_to_cart", "af_initiated_checkout", "af_purchase"]
    elif group == 1:  # pembeli rutin
        s += ["af_search", "af_content_view", "af_add_to_cart", "af_initiated_checkout"]
        if rng.random() < 0.55:
            return [*s, "af_purchase"]
    else:  # pengisi pulsa / dompet
        s += ["cek_saldo"] * (int(rng.poisson(1.5)) + 1) + ["isi_ulang_dompet"]
        if rng.random() < 0.06:
            return [*s, "af_add_to_cart", "af_initiated_checkout", "af_purchase"]
    return s


def appsflyer_id(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        customer = f"ID{int(rng.integers(10**7, 10**8))}"
        g = int(rng.choice(3, p=[0.35, 0.35, 0.3]))
        groups[customer] = g
        platform = str(rng.choice(["android", "ios"], p=[0.8, 0.2]))
        installs = [
            (f"{int(rng.integers(10**12, 10**13))}-{int(rng.integers(10**18, 9 * 10**18))}", _uuid(rng))
            for _ in range(int(rng.integers(1, 3)))
        ]
        media = str(rng.choice(["organic", "googleadwords_int", "Facebook Ads", "tiktokglobal_int"]))
        campaign = (
            "" if media == "organic" else str(rng.choice(["ramadan_sale", "gajian_promo", "install_q1"]))
        )
        city = str(rng.choice(["Jakarta", "Surabaya", "Bandung", "Medan", "Makassar"]))
        ip = f"{rng.integers(36, 180)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 254)}"
        n = int(rng.integers(1, 5))
        paths = [_app_id_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "af_purchase" in path
            af_id, adid = installs[int(rng.integers(0, len(installs)))]
            logged_in_from = int(rng.integers(0, 2))  # app_open happens before login half the time
            for e_i, (ev, t) in enumerate(zip(path, times, strict=True)):
                ts = _stamp(rng, t)
                revenue = f"{int(rng.integers(25, 900)) * 1000}" if ev == "af_purchase" else ""
                value = (
                    json.dumps({"af_revenue": revenue, "af_currency": "IDR", "af_content_id": _hex(rng, 8)})
                    if ev == "af_purchase"
                    else json.dumps({"af_content_type": "produk"})
                    if ev == "af_content_view"
                    else ""
                )
                rows.append(
                    (
                        ts.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
                        ev,
                        value,
                        revenue,
                        af_id,
                        customer if e_i >= logged_in_from else "",
                        adid,
                        platform,
                        media,
                        campaign,
                        city,
                        ip,
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "Event Time", "Event Name", "Event Value", "Event Revenue", "AppsFlyer ID", "Customer User ID",
            "Advertising ID", "Platform", "Media Source", "Campaign", "City", "IP",
        ],
    )  # fmt: skip
    df = df.sort_values("Event Time", kind="stable").reset_index(drop=True)
    cols = {"user_id": "Customer User ID", "event": "Event Name", "timestamp": "Event Time"}
    return Log("appsflyer_id", df, cols, "af_purchase", groups, sessions, conv)


def _shop_ru_session(rng: np.random.Generator, group: int) -> Session:
    s = ["Главная"]
    if group == 0:  # сравнивающие
        s += ["Карточка товара"] * int(rng.integers(1, 5)) + ["Сравнение товаров"]
        if rng.random() < 0.12:
            return [*s, "Корзина", "Оформление заказа", "Заказ оформлен"]
    elif group == 1:  # постоянные
        s += ["Личный кабинет", "История заказов", "Корзина", "Оформление заказа"]
        if rng.random() < 0.5:
            return [*s, "Заказ оформлен"]
    else:  # читатели акций
        s += ["Акции"] * (int(rng.poisson(1.5)) + 1) + ["Подписка на рассылку"]
        if rng.random() < 0.05:
            return [*s, "Корзина", "Оформление заказа", "Заказ оформлен"]
    return s


_RU_URL = {
    "Главная": "/",
    "Карточка товара": "/catalog/item-",
    "Сравнение товаров": "/compare/",
    "Корзина": "/cart/",
    "Оформление заказа": "/order/",
    "Заказ оформлен": "/order/success/",
    "Личный кабинет": "/personal/",
    "История заказов": "/personal/orders/",
    "Акции": "/sale/",
    "Подписка на рассылку": "/subscribe/",
}


def yandex_metrica_ru(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        client = str(int(rng.integers(1_700_000_000, 1_710_000_000)) * 10**9 + int(rng.integers(0, 10**9)))
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[client] = g
        device = int(rng.choice([1, 2, 3], p=[0.4, 0.5, 0.1]))
        city = str(rng.choice(["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург"]))
        source = str(rng.choice(["Переходы из поисковых систем", "Прямые заходы", "Переходы по рекламе"]))
        browser = str(rng.choice(["Яндекс Браузер", "Chrome", "Safari"]))
        n = int(rng.integers(1, 5))
        paths = [_shop_ru_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Заказ оформлен" in path
            for ev, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t)) + pd.Timedelta(hours=3)
                url = (
                    "https://shop.example.ru"
                    + _RU_URL[ev]
                    + (f"{int(rng.integers(1000, 1100))}/" if ev == "Карточка товара" else "")
                )
                title = f"{ev} — Интернет-магазин ТехноДом"
                watch = str(int(rng.integers(10**18, 9 * 10**18)))
                rows.append(
                    (
                        watch,
                        client,
                        ts.strftime("%Y-%m-%d %H:%M:%S"),
                        title,
                        url,
                        device,
                        city,
                        source,
                        browser,
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "ym:pv:watchID", "ym:pv:clientID", "ym:pv:dateTime", "ym:pv:title", "ym:pv:URL",
            "ym:pv:deviceCategory", "ym:pv:regionCity", "ym:pv:lastTrafficSource", "ym:pv:browser",
        ],
    )  # fmt: skip
    df = df.sort_values("ym:pv:dateTime", kind="stable").reset_index(drop=True)
    cols = {"user_id": "ym:pv:clientID", "event": "ym:pv:title", "timestamp": "ym:pv:dateTime"}
    return Log(
        "yandex_metrica_ru", df, cols, "Заказ оформлен — Интернет-магазин ТехноДом", groups, sessions, conv
    )


def _shop_pt_session(rng: np.random.Generator, group: int) -> Session:
    s = ["/"]
    if group == 0:  # exploradores
        s += ["/produtos/detalhe"] * int(rng.integers(1, 5)) + ["/busca"]
        if rng.random() < 0.12:
            return [*s, "/carrinho", "/checkout", "/pedido/confirmado"]
    elif group == 1:  # recorrentes
        s += ["/minha-conta", "/minha-conta/pedidos", "/carrinho", "/checkout"]
        if rng.random() < 0.5:
            return [*s, "/pedido/confirmado"]
    else:  # leitores do blog
        s += ["/blog/artigo"] * (int(rng.poisson(1.5)) + 1) + ["/newsletter"]
        if rng.random() < 0.05:
            return [*s, "/carrinho", "/checkout", "/pedido/confirmado"]
    return s


def cloudflare_logpush_pt(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    agents = [
        "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/122.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 Version/17.3 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0 Safari/537.36",
    ]
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

    def _rec(
        ts: pd.Timestamp, path: str, ua: str, ip: str, cookies: dict[str, str] | None
    ) -> dict[str, object]:
        rec: dict[str, object] = {
            "ClientCountry": "br",
            "ClientIP": ip,
            "ClientRequestHost": "loja.example.com.br",
            "ClientRequestMethod": "POST" if path == "/checkout" else "GET",
            "ClientRequestPath": path,
            "ClientRequestUserAgent": ua,
            "EdgeResponseStatus": 200,
            "EdgeStartTimestamp": int(ts.value),
            "RayID": _hex(rng, 16),
        }
        if cookies is not None:
            rec["Cookies"] = cookies
        return rec

    for _ in range(N_USERS):
        uid = _hex(rng, 24)
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[uid] = g
        ua = str(rng.choice(agents))
        ip = f"{rng.integers(100, 200)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 254)}"
        n = int(rng.integers(1, 5))
        paths = [_shop_pt_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "/pedido/confirmado" in path
            for ev, t in zip(path, times, strict=True):
                ts = _stamp(rng, t) + pd.Timedelta(microseconds=int(rng.integers(0, 1000)))
                records.append(_rec(ts, ev, ua, ip, {"uid": uid, "_ga": f"GA1.1.{_hex(rng, 10)}"}))
                if rng.random() < 0.5:  # a static asset fetched with the page, no cookie sent
                    asset = str(
                        rng.choice(["/static/app.js", "/static/app.css", "/favicon.ico", "/img/logo.webp"])
                    )
                    records.append(_rec(ts + pd.Timedelta(milliseconds=80), asset, ua, ip, None))
    for _ in range(1500):  # crawlers: no cookie
        t = float(rng.uniform(0, 25 * 86400))
        path = str(rng.choice(["/", "/produtos/detalhe", "/blog/artigo", "/robots.txt", "/sitemap.xml"]))
        records.append(
            _rec(_stamp(rng, t), path, bot, f"66.249.{rng.integers(64, 80)}.{rng.integers(1, 254)}", None)
        )
    order = np.argsort([int(r["EdgeStartTimestamp"]) for r in records], kind="stable")  # type: ignore[call-overload]
    df = pd.DataFrame({"record": [records[i] for i in order]})
    cols = {"user_id": "uid", "event": "ClientRequestPath", "timestamp": "EdgeStartTimestamp"}
    return Log("cloudflare_logpush_pt", df, cols, "/pedido/confirmado", groups, sessions, conv)


def _app_it_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["$pageview"]
    if group == 0:  # cacciatori di ricette
        s += ["Ricetta aperta"] * int(rng.integers(1, 5)) + ["Ricetta salvata"]
        if rng.random() < 0.1 + boost:
            return [*s, "Box aggiunta al carrello", "Checkout avviato", "Ordine completato"]
    elif group == 1:  # abbonati
        s += ["Menu settimanale visto", "Box aggiunta al carrello", "Checkout avviato"]
        if rng.random() < 0.5 + boost:
            return [*s, "Ordine completato"]
    else:  # curiosi
        s += ["Video visto"] * (int(rng.poisson(1.5)) + 1) + ["Newsletter iscritto"]
        if rng.random() < 0.05 + boost / 2:
            return [*s, "Box aggiunta al carrello", "Checkout avviato", "Ordine completato"]
    return s


_IT_URL = {
    "$pageview": "/",
    "Ricetta aperta": "/ricette/",
    "Ricetta salvata": "/ricette/",
    "Box aggiunta al carrello": "/box",
    "Checkout avviato": "/checkout",
    "Ordine completato": "/checkout/grazie",
    "Menu settimanale visto": "/menu",
    "Video visto": "/video/",
    "Newsletter iscritto": "/newsletter",
    "$identify": "/accedi",
}


def posthog_csv_it(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        person = f"cliente_{int(rng.integers(10**5, 10**6))}"
        g = int(rng.choice(3, p=[0.35, 0.35, 0.3]))
        groups[person] = g
        anon = _uuid(rng)
        arm = str(rng.choice(["control", "test"]))
        browser = str(rng.choice(["Chrome", "Safari", "Firefox", "Mobile Safari"]))
        email = f"{person}@posta.test"
        n = int(rng.integers(1, 5))
        paths = [_app_it_session(rng, g, 0.1 if arm == "test" else 0.0) for _ in range(n)]
        for s_i, (path, times) in enumerate(zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True)):
            sessions += 1
            conv += "Ordine completato" in path
            events = list(path)
            ident_at = -1
            if s_i == 0:  # the first session starts anonymous; the person logs in after one or two events
                ident_at = min(int(rng.integers(1, 3)), len(events))
                events.insert(ident_at, "$identify")
                times = np.insert(times, ident_at, times[ident_at - 1] + 1.0)
            for e_i, (ev, t) in enumerate(zip(events, times, strict=True)):
                ts = _stamp(rng, t)
                before_login = s_i == 0 and e_i < ident_at
                url = (
                    "https://www.cucinafacile.example.it"
                    + _IT_URL[ev]
                    + (
                        str(int(rng.integers(100, 160)))
                        if _IT_URL[ev].endswith("/") and ev != "$pageview"
                        else ""
                    )
                )
                rows.append(
                    (
                        _uuid(rng),
                        ev,
                        anon if before_login else person,
                        ts.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z",
                        anon if ev == "$identify" else "",
                        url,
                        browser,
                        arm,
                        "" if before_login else email,
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "uuid", "event", "distinct_id", "timestamp", "properties.$anon_distinct_id",
            "properties.$current_url", "properties.$browser", "properties.$feature/nuovo-checkout",
            "person.properties.email",
        ],
    )  # fmt: skip
    df = df.sort_values("timestamp", kind="stable").reset_index(drop=True)
    cols = {"user_id": "distinct_id", "event": "event", "timestamp": "timestamp"}
    return Log("posthog_csv_it", df, cols, "Ordine completato", groups, sessions, conv)


def _app_sv_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Appen öppnad"]
    if group == 0:  # bläddrare
        s += ["Produkt visad"] * int(rng.integers(1, 5)) + ["Sökning gjord"]
        if rng.random() < 0.12 + boost:
            return [*s, "Lagd i varukorg", "Kassa påbörjad", "Köp genomfört"]
    elif group == 1:  # stamkunder
        s += ["Favoriter visade", "Lagd i varukorg", "Kassa påbörjad"]
        if rng.random() < 0.5 + boost:
            return [*s, "Köp genomfört"]
    else:  # erbjudandejägare
        s += ["Erbjudande visat"] * (int(rng.poisson(1.5)) + 1) + ["Kupong sparad"]
        if rng.random() < 0.05:
            return [*s, "Lagd i varukorg", "Kassa påbörjad", "Köp genomfört"]
    return s


def growthbook_sv(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = f"sv-{_hex(rng, 12)}"
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[user] = g
        anons = [_uuid(rng) for _ in range(int(rng.integers(1, 3)))]
        arm = int(rng.random() < 0.5)
        platform = str(rng.choice(["ios", "android", "web"]))
        utm = str(rng.choice(["google", "instagram", "newsletter", "(direct)"]))
        n = int(rng.integers(1, 5))
        paths = [_app_sv_session(rng, g, 0.1 if arm else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Köp genomfört" in path
            anon = anons[int(rng.integers(0, len(anons)))]
            for ev, t in zip(path, times, strict=True):
                ts = _stamp(rng, t).tz_localize("UTC").tz_convert("Europe/Stockholm")
                rows.append((user, anon, ev, ts, "kassa-v2", arm, platform, utm))
    df = pd.DataFrame(
        rows,
        columns=[
            "user_id", "anonymous_id", "event_name", "event_ts", "experiment_key", "variation_id", "platform",
            "utm_source",
        ],
    )  # fmt: skip
    df = df.sort_values("event_ts", kind="stable").reset_index(drop=True)
    cols = {"user_id": "user_id", "event": "event_name", "timestamp": "event_ts"}
    return Log("growthbook_sv", df, cols, "Köp genomfört", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (
    appsflyer_id,
    yandex_metrica_ru,
    cloudflare_logpush_pt,
    posthog_csv_it,
    growthbook_sv,
)


def _write(log: Log, folder: Path) -> Path:
    if "record" in log.frame.columns:  # JSON lines, one raw record a line
        path = folder / f"{log.name}.json"
        with path.open("w", encoding="utf-8") as fh:
            for record in log.frame["record"]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    if log.name == "growthbook_sv":
        path = folder / f"{log.name}.parquet"
        log.frame.to_parquet(path, index=False)
        return path
    if log.name == "yandex_metrica_ru":
        path = folder / f"{log.name}.tsv"
        log.frame.to_csv(path, index=False, sep="\t")
        return path
    path = folder / f"{log.name}.csv"
    log.frame.to_csv(path, index=False)
    return path


def build(folder: Path, seed: int = 2033) -> list[dict[str, object]]:
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
