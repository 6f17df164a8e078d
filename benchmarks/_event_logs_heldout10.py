# ruff: noqa: E501  (data-generation rows read best one per line; German, Portuguese, French, Chinese, Vietnamese on purpose)
"""A tenth held-out split of synthetic event logs (``heldout10``), written before any run (issue 15).

``heldout9`` was measured (and opened) in session 10. These five logs were written by crm10
(session 11) and committed alone, before the pipeline ran on them; the benchmark prints only
this split's aggregates. Each has planted truth (the columns holding user, event and time,
the goal, the behaviour group of every user, the share of sessions reaching the goal, the
logged A/B column or ``None``). Trackers and file shapes not in heldout3-9; every log has
loops (a page or screen repeated a group-dependent number of times).

- ``adobe_feed_de``: an Adobe Analytics data feed (``hit_data.tsv``, tab separated, with its
  header): the visitor in ``post_visid_high``/``post_visid_low`` (unsigned 64-bit numbers,
  the low half alone identifies a visitor here, some above 2**63), ``visit_num``,
  ``visit_page_num``, ``hit_time_gmt`` (epoch seconds), ``date_time`` (local time),
  ``post_pagename`` (German page names), ``post_event_list`` (numeric codes),
  ``post_evar12`` (Adobe Target's ``AT:Checkout-Test:Erlebnis A``/``B``, one per visitor:
  B converts more), ``geo_country``, ``exclude_hit`` (0). Goal ``Bestellbestätigung``.
- ``countly_pt``: a Countly drill export in JSON lines (``_id``, ``did`` the device, ``key``
  the event, ``ts`` epoch milliseconds, ``c``, ``s``, ``dur``, ``segmentation`` {``ecra``},
  ``up`` {``p`` platform, ``av``, ``cc``}, ``custom`` {``exp_onboarding``:
  ``controlo``/``novo_fluxo``}); each session opens with Countly's own ``[CLY]_session``.
  Portuguese (Portugal) events. Goal ``Compra concluída``.
- ``pendo_fr``: a Pendo track-events CSV whose first column is ``accountId`` (a company,
  about ten visitors each) before ``visitorId`` (the user), ``browserTime`` (epoch ms),
  ``type`` (``track`` on every row), ``trackTypeName`` (the event, French), ``pageId``,
  ``remoteIp``, ``plan`` (the account's plan). No experiment. Goal ``Abonnement souscrit``.
- ``sensors_zh``: a Sensors Data (神策) event export as CSV: ``distinct_id``, ``event``
  (``$AppStart``, ``$AppViewScreen``, Chinese custom events, ``$AppEnd``), ``time``
  (``2024-03-01 18:22:33.123``, Beijing time), ``$lib``, ``$screen_name``, ``$os``,
  ``$is_first_day`` (``true``/``false`` by day: *not* an experiment). Goal ``支付成功``.
- ``cloudfront_vi``: an Amazon CloudFront standard access log (W3C extended format: a
  ``#Version`` line, a ``#Fields:`` line naming the tab-separated columns, ``-`` for empty),
  saved under CloudFront's own name (``E2K4Q7CLOUDFRNT.2024-03-01-10.a1b2c3d4``, no known
  suffix): ``date``, ``time`` (UTC), ``x-edge-location``, ``sc-bytes``, ``c-ip``,
  ``cs-method``, ``cs(Host)``, ``cs-uri-stem`` (Vietnamese slugs, product ids),
  ``sc-status``, ``cs(Referer)``, ``cs(User-Agent)``, ``cs-uri-query``, ``cs(Cookie)``
  (``sid=...``: the user), ``x-edge-result-type``. Goal ``/thanh-toan/thanh-cong``.

    python benchmarks/_event_logs_heldout10.py OUT_DIR   # writes the logs and truth.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from _event_logs_heldout3 import _T0, Log, _times, write_truth

SPLIT = "heldout10"
N_USERS = 1500
Session = list[str]
CLOUDFRONT_NAME = "E2K4Q7CLOUDFRNT.2024-03-01-10.a1b2c3d4"

EXPERIMENTS: dict[str, dict[str, str] | None] = {
    "adobe_feed_de": {
        "column": "post_evar12",
        "treatment": "AT:Checkout-Test:Erlebnis B",
        "control": "AT:Checkout-Test:Erlebnis A",
    },
    "countly_pt": {"column": "exp_onboarding", "treatment": "novo_fluxo", "control": "controlo"},
    "pendo_fr": None,
    "sensors_zh": None,
    "cloudfront_vi": None,
}


def _hex(rng: np.random.Generator, n: int) -> str:
    return "".join(rng.choice(list("0123456789abcdef"), n))


def _stamp(rng: np.random.Generator, t: float) -> pd.Timestamp:
    return _T0 + pd.Timedelta(seconds=float(t)) + pd.Timedelta(milliseconds=int(rng.integers(0, 1000)))


def _shop_de_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["Startseite"]
    if group == 0:  # Vergleicher: product pages again and again
        s += ["Kategorie Laptops"] + ["Produktdetail"] * int(rng.integers(1, 5))
        if rng.random() < 0.12 + boost:
            return [*s, "Warenkorb", "Kasse", "Bestellbestätigung"]
    elif group == 1:  # Stammkunden
        s += ["Mein Konto", "Bestellhistorie", "Warenkorb", "Kasse"]
        if rng.random() < 0.55 + boost:
            return [*s, "Bestellbestätigung"]
    else:  # Ratgeberleser
        s += ["Ratgeber"] * (int(rng.poisson(1.5)) + 1) + ["Newsletter Anmeldung"]
        if rng.random() < 0.05:
            return [*s, "Produktdetail", "Warenkorb", "Kasse", "Bestellbestätigung"]
    return s


_ADOBE_EVENTS = {"Produktdetail": "2", "Warenkorb": "12", "Kasse": "11", "Bestellbestätigung": "1,200"}


def adobe_feed_de(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    highs = [int(x) for x in rng.integers(10**18, 9 * 10**18, 4)]
    for _ in range(N_USERS):
        low = int(rng.integers(0, 2**63 - 1)) + (2**63 if rng.random() < 0.3 else 0)
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[str(low)] = g
        arm = str(rng.choice(["A", "B"]))
        high = highs[int(rng.integers(0, len(highs)))]
        n = int(rng.integers(1, 5))
        paths = [_shop_de_session(rng, g, 0.1 if arm == "B" else 0.0) for _ in range(n)]
        for visit, (path, times) in enumerate(
            zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True)
        ):
            sessions += 1
            conv += "Bestellbestätigung" in path
            for page_num, (ev, t) in enumerate(zip(path, times, strict=True)):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                rows.append(
                    (
                        str(high), str(low), visit + 1, page_num + 1, int(ts.timestamp()),
                        (ts + pd.Timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"), ev,
                        _ADOBE_EVENTS.get(ev, ""), f"AT:Checkout-Test:Erlebnis {arm}", "deu", 0,
                    )
                )  # fmt: skip
    df = pd.DataFrame(
        rows,
        columns=[
            "post_visid_high", "post_visid_low", "visit_num", "visit_page_num", "hit_time_gmt",
            "date_time", "post_pagename", "post_event_list", "post_evar12", "geo_country", "exclude_hit",
        ],
    )  # fmt: skip
    df = df.sort_values("hit_time_gmt", kind="stable").reset_index(drop=True)
    cols = {"user_id": "post_visid_low", "event": "post_pagename", "timestamp": "hit_time_gmt"}
    return Log("adobe_feed_de", df, cols, "Bestellbestätigung", groups, sessions, conv)


def _app_pt_session(rng: np.random.Generator, group: int, boost: float) -> Session:
    s = ["[CLY]_session", "Ecrã inicial"]
    if group == 0:  # exploradores de receitas
        s += ["Ver receita", "Guardar receita"] * int(rng.integers(1, 4))
        if rng.random() < 0.1 + boost:
            return [*s, "Adicionar ao cesto", "Pagamento", "Compra concluída"]
    elif group == 1:  # compradores semanais
        s += ["Lista de compras", "Adicionar ao cesto", "Pagamento"]
        if rng.random() < 0.6 + boost:
            return [*s, "Compra concluída"]
    else:  # caçadores de promoções
        s += ["Promoções"] * int(rng.integers(1, 4)) + ["Ver cupão"]
        if rng.random() < 0.06:
            return [*s, "Adicionar ao cesto", "Pagamento", "Compra concluída"]
    return s


def countly_pt(rng: np.random.Generator) -> Log:
    records, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        did = _hex(rng, 8) + "-" + _hex(rng, 4) + "-" + _hex(rng, 4) + "-" + _hex(rng, 12)
        g = int(rng.choice(3, p=[0.35, 0.35, 0.3]))
        groups[did] = g
        arm = str(rng.choice(["controlo", "novo_fluxo"]))
        platform = str(rng.choice(["Android", "iOS"], p=[0.6, 0.4]))
        version = str(rng.choice(["3.4.0", "3.4.1", "3.5.0"]))
        n = int(rng.integers(1, 5))
        paths = [_app_pt_session(rng, g, 0.1 if arm == "novo_fluxo" else 0.0) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Compra concluída" in path
            for ev, t in zip(path, times, strict=True):
                records.append(
                    {
                        "_id": _hex(rng, 24),
                        "did": did,
                        "key": ev,
                        "ts": int(_stamp(rng, t).value // 10**6),
                        "c": 1,
                        "s": 0,
                        "dur": 0 if ev != "[CLY]_session" else int(rng.integers(30, 900)),
                        "segmentation": {"ecra": ev} if ev != "[CLY]_session" else {},
                        "up": {"p": platform, "av": version, "cc": "PT"},
                        "custom": {"exp_onboarding": arm},
                    }
                )
    order = rng.permutation(len(records))
    df = pd.DataFrame({"record": [records[i] for i in order]})
    cols = {"user_id": "did", "event": "key", "timestamp": "ts"}
    return Log("countly_pt", df, cols, "Compra concluída", groups, sessions, conv)


def _saas_fr_session(rng: np.random.Generator, group: int) -> Session:
    s = ["Connexion"]
    if group == 0:  # pilotes: dashboards again and again
        s += ["Tableau de bord consulté"] * (int(rng.poisson(2)) + 1) + ["Rapport exporté"]
        if rng.random() < 0.15:
            return [*s, "Page tarifs vue", "Abonnement souscrit"]
    elif group == 1:  # intégrateurs
        s += ["Intégration ajoutée", "Paramètres modifiés", "Page tarifs vue"]
        if rng.random() < 0.5:
            return [*s, "Abonnement souscrit"]
    else:  # collaborateurs
        s += ["Commentaire ajouté", "Tâche créée"] * int(rng.integers(1, 4))
        if rng.random() < 0.05:
            return [*s, "Page tarifs vue", "Abonnement souscrit"]
    return s


def pendo_fr(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    accounts = [
        f"{w}-{int(rng.integers(100, 999))}"
        for w in rng.choice(["acme", "bati", "vigne", "lumen", "nova", "atelier", "rivage", "soleil"], 150)
    ]
    plans = {a: str(rng.choice(["Essentiel", "Pro", "Entreprise"])) for a in accounts}
    for _ in range(N_USERS):
        visitor = f"v{int(rng.integers(10**6, 10**7))}"
        account = str(rng.choice(accounts))
        g = int(rng.choice(3, p=[0.35, 0.3, 0.35]))
        groups[visitor] = g
        ip = f"{rng.integers(2, 223)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 254)}"
        n = int(rng.integers(1, 5))
        paths = [_saas_fr_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "Abonnement souscrit" in path
            for ev, t in zip(path, times, strict=True):
                rows.append(
                    (
                        account,
                        visitor,
                        int(_stamp(rng, t).value // 10**6),
                        "track",
                        ev,
                        _hex(rng, 22),
                        ip,
                        plans[account],
                    )
                )
    df = pd.DataFrame(
        rows,
        columns=[
            "accountId",
            "visitorId",
            "browserTime",
            "type",
            "trackTypeName",
            "pageId",
            "remoteIp",
            "plan",
        ],
    )
    df = df.sort_values("browserTime", kind="stable").reset_index(drop=True)
    cols = {"user_id": "visitorId", "event": "trackTypeName", "timestamp": "browserTime"}
    return Log("pendo_fr", df, cols, "Abonnement souscrit", groups, sessions, conv)


def _shop_zh_session(rng: np.random.Generator, group: int) -> Session:
    s = ["$AppStart", "$AppViewScreen"]
    if group == 0:  # 比价用户
        s += ["浏览商品详情"] * int(rng.integers(1, 5)) + ["查看评价"]
        if rng.random() < 0.12:
            return [*s, "加入购物车", "提交订单", "支付成功", "$AppEnd"]
    elif group == 1:  # 复购用户
        s += ["我的订单", "再次购买", "加入购物车", "提交订单"]
        if rng.random() < 0.55:
            return [*s, "支付成功", "$AppEnd"]
    else:  # 直播观众
        s += ["观看直播"] * (int(rng.poisson(2)) + 1) + ["领取优惠券"]
        if rng.random() < 0.06:
            return [*s, "加入购物车", "提交订单", "支付成功", "$AppEnd"]
    return [*s, "$AppEnd"]


_SCREENS = {
    "$AppViewScreen": "首页",
    "浏览商品详情": "商品详情页",
    "观看直播": "直播间",
    "我的订单": "订单列表",
}


def sensors_zh(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    for _ in range(N_USERS):
        user = str(int(rng.integers(10**17, 9 * 10**17)))
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[user] = g
        lib = str(rng.choice(["Android", "iOS"], p=[0.7, 0.3]))
        n = int(rng.integers(1, 5))
        paths = [_shop_zh_session(rng, g) for _ in range(n)]
        first_day = None
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "支付成功" in path
            for ev, t in zip(path, times, strict=True):
                ts = _stamp(rng, t) + pd.Timedelta(hours=8)
                first_day = first_day or ts.date()
                rows.append(
                    (
                        user, ev, ts.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], lib, _SCREENS.get(ev, ""), lib,
                        "true" if ts.date() == first_day else "false",
                    )
                )  # fmt: skip
    df = pd.DataFrame(
        rows, columns=["distinct_id", "event", "time", "$lib", "$screen_name", "$os", "$is_first_day"]
    )
    df = df.sort_values("time", kind="stable").reset_index(drop=True)
    cols = {"user_id": "distinct_id", "event": "event", "timestamp": "time"}
    return Log("sensors_zh", df, cols, "支付成功", groups, sessions, conv)


def _web_vi_session(rng: np.random.Generator, group: int) -> Session:
    s = ["/"]
    if group == 0:  # so sánh giá: many products
        s += ["/danh-muc/dien-thoai"]
        s += [f"/san-pham/{int(rng.integers(1000, 1040))}" for _ in range(int(rng.integers(1, 5)))]
        if rng.random() < 0.15:
            return [*s, "/gio-hang", "/thanh-toan", "/thanh-toan/thanh-cong"]
    elif group == 1:  # khách quen
        s += ["/tai-khoan/don-hang", "/gio-hang", "/thanh-toan"]
        if rng.random() < 0.5:
            return [*s, "/thanh-toan/thanh-cong"]
    else:  # đọc tin khuyến mãi
        s += ["/khuyen-mai"] * (int(rng.poisson(2)) + 1) + ["/tin-tuc"]
        if rng.random() < 0.05:
            return [*s, "/gio-hang", "/thanh-toan", "/thanh-toan/thanh-cong"]
    return s


def cloudfront_vi(rng: np.random.Generator) -> Log:
    rows, groups, sessions, conv = [], {}, 0, 0
    agents = [
        "Mozilla/5.0%20(Linux;%20Android%2013)%20AppleWebKit/537.36%20Chrome/120.0%20Mobile%20Safari/537.36",
        "Mozilla/5.0%20(iPhone;%20CPU%20iPhone%20OS%2017_2%20like%20Mac%20OS%20X)%20AppleWebKit/605.1.15",
        "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20Chrome/120.0",
    ]
    for _ in range(N_USERS):
        sid = "sid=" + _hex(rng, 26)
        g = int(rng.choice(3, p=[0.4, 0.3, 0.3]))
        groups[sid] = g
        ip = f"{rng.integers(1, 223)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 254)}"
        agent = str(rng.choice(agents))
        n = int(rng.integers(1, 5))
        paths = [_web_vi_session(rng, g) for _ in range(n)]
        for path, times in zip(paths, _times(rng, n, [len(p) for p in paths]), strict=True):
            sessions += 1
            conv += "/thanh-toan/thanh-cong" in path
            prev = "-"
            for uri, t in zip(path, times, strict=True):
                ts = _T0 + pd.Timedelta(seconds=float(t))
                query = "utm_source=zalo" if uri == "/" and rng.random() < 0.3 else "-"
                rows.append(
                    (
                        ts.strftime("%Y-%m-%d"), ts.strftime("%H:%M:%S"), str(rng.choice(["SGN50-C1", "HAN50-C1"])),
                        int(rng.integers(900, 90000)), ip, "POST" if uri == "/thanh-toan" else "GET",
                        "d111111abcdef8.cloudfront.net", uri, 200, prev, agent, query, sid,
                        str(rng.choice(["Hit", "Miss"])),
                    )
                )  # fmt: skip
                prev = "https://shop.test" + uri
    rows.sort(key=lambda r: (r[0], r[1]))
    df = pd.DataFrame(
        rows,
        columns=[
            "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem",
            "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type",
        ],
    )  # fmt: skip
    cols = {"user_id": "cs(Cookie)", "event": "cs-uri-stem", "timestamp": "date+time"}
    return Log("cloudfront_vi", df, cols, "/thanh-toan/thanh-cong", groups, sessions, conv)


SHAPES: tuple[Callable[[np.random.Generator], Log], ...] = (
    adobe_feed_de,
    countly_pt,
    pendo_fr,
    sensors_zh,
    cloudfront_vi,
)


def _write(log: Log, folder: Path) -> Path:
    if "record" in log.frame.columns:  # JSON lines, one raw record a line
        path = folder / f"{log.name}.json"
        with path.open("w", encoding="utf-8") as fh:
            for record in log.frame["record"]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    if log.name == "adobe_feed_de":
        path = folder / "hit_data.tsv"
        log.frame.to_csv(path, index=False, sep="\t")
        return path
    if log.name == "cloudfront_vi":
        path = folder / CLOUDFRONT_NAME
        head = "#Version: 1.0\n#Fields: " + " ".join(log.frame.columns) + "\n"
        body = log.frame.to_csv(index=False, header=False, sep="\t", lineterminator="\n")
        path.write_text(head + body, encoding="utf-8")
        return path
    path = folder / f"{log.name}.csv"
    log.frame.to_csv(path, index=False)
    return path


def build(folder: Path, seed: int = 2031) -> list[dict[str, object]]:
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
