# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Chinese, Korean, Arabic, Portuguese on purpose)
"""A seventh held-out split of synthetic CRM exports (``heldout7``), written before any run.

``heldout5`` and ``heldout6`` were looked at in session 7. These four shapes were written by
crm7 (session 8) and committed before the detectors ran on them; the benchmark prints only
this split's aggregates (no per-column mistakes), so it can stay held out. They test scripts
and systems no earlier split covers, postal codes that must never be printed raw, and owner
columns under headers that read like categories:

- ``zoho_zh``: a Chinese Zoho CRM export: ``姓名`` (two- or three-character names, no space),
  ``手机``, ``电子邮箱``, ``负责人`` (owner), ``邮编`` (six-digit postal codes), ``省份``,
  ``行业``, ``线索来源``, ``预计金额（元）`` (``¥12,345.00``), ``阶段`` (leakage: ``赢单``),
  ``是否成交`` (``是``/``否``);
- ``hubspot_ko``: a Korean HubSpot export, tab separated with a BOM: ``이름`` (three-syllable
  names), ``휴대전화`` (``010-1234-5678``), ``담당 영업사원`` (owner), ``우편번호`` (five
  digits, leading zeros), ``지역``, ``업종``, ``직원 수``, ``가입일`` (``2024.03.15``),
  ``계약 체결`` (``예``/``아니오``);
- ``odoo_ar``: an Arabic Odoo export: ``اسم العميل`` (two-word names), ``البريد الإلكتروني``,
  ``الهاتف`` (``+966 5x xxx xxxx``), ``مندوب المبيعات`` (owner), ``الرمز البريدي`` (five digits),
  ``المدينة``, ``القطاع``, ``قيمة الصفقة (ر.س)``, ``تم البيع`` (``نعم``/``لا``);
- ``freshsales_pt``: a Brazilian Freshsales export, semicolon separated, whose owners sit under
  headers that read like categories (``Carteira`` = portfolio, ``Fila`` = queue) beside a
  real category of two-word values sharing a word (``Equipe``: ``Inside Sales``, ``Field
  Sales``...), ``CEP`` postal codes (``01310-100``), ``Valor estimado (R$)``
  (``R$ 12.345,67``), ``Fase`` (leakage: ``Fechado - ganho``), ``Convertido`` (``Sim``/``Não``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout7"


def _digits(rng: np.random.Generator, n: int, width: int) -> list[str]:
    return ["".join(str(d) for d in rng.integers(0, 10, width)) for _ in range(n)]


def zoho_zh(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.05])
    fam, given = _names(
        rng,
        N_ROWS,
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"],
        ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "秀英", "志强", "海燕", "建华"],
    )
    pinyin = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou"]
    df = pd.DataFrame(
        {
            "线索编号": [f"ZL{x:07d}" for x in rng.choice(10**7, N_ROWS, replace=False)],
            "姓名": [f + g for f, g in zip(fam, given)],
            "手机": [f"1{rng.choice([3, 5, 8])}{''.join(_digits(rng, 1, 9))}" for _ in range(N_ROWS)],
            "电子邮箱": [f"{rng.choice(pinyin)}{i}@qiye.test" for i in range(N_ROWS)],
            "省份": _pick(
                rng, seg, ["广东省", "浙江省", "江苏省", "四川省", "北京市"], [[0], [1, 2], [3, 4]]
            ),
            "行业": _pick(
                rng, seg, ["制造业", "互联网", "教育培训", "零售", "金融服务"], [[4, 1], [0], [2, 3]]
            ),
            "线索来源": _pick(rng, seg, ["官网", "展会", "百度推广", "朋友推荐"], [[1], [2], [0, 3]]),
            "负责人": rng.choice(["赵明", "孙丽华", "钱国栋", "周晓琳"], N_ROWS),
            "邮编": [
                f"{rng.choice([510, 310, 210, 610, 100])}{int(rng.integers(0, 1000)):03d}"
                for _ in range(N_ROWS)
            ],
            "预计金额（元）": [
                f"¥{x:,.2f}"
                for x in np.where(seg == 0, rng.uniform(2e5, 2e6, N_ROWS), rng.uniform(5e3, 1.5e5, N_ROWS))
            ],
            "阶段": np.where(won, "赢单", rng.choice(["跟进中", "输单", "方案报价"], N_ROWS)),
            "是否成交": np.where(won, "是", "否"),
        }
    )
    truth = {
        "线索编号": "identifier", "姓名": "person_name", "手机": "phone", "电子邮箱": "email", "省份": "state",
        "行业": "industry", "线索来源": "lead_source", "负责人": "owner", "邮编": "postal_code",
        "预计金额（元）": "currency", "阶段": "leakage", "是否成交": "target",
    }  # fmt: skip
    return Export("zoho_zh", SPLIT, df, truth, seg, "是否成交")


def hubspot_ko(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.2, 0.05])
    fam, given = _names(
        rng,
        N_ROWS,
        ["김", "이", "박", "최", "정", "강", "조", "윤"],
        ["민준", "서연", "지훈", "하은", "도윤", "수빈", "현우", "지민", "예준"],
    )
    df = pd.DataFrame(
        {
            "고객 ID": [str(x) for x in rng.choice(9 * 10**6, N_ROWS, replace=False) + 10**6],
            "이름": [f + g for f, g in zip(fam, given)],
            "휴대전화": [f"010-{rng.integers(1000, 9999)}-{rng.integers(1000, 9999)}" for _ in range(N_ROWS)],
            "담당 영업사원": rng.choice(["한상철", "오미경", "서지원"], N_ROWS),
            "우편번호": [f"0{d}" for d in _digits(rng, N_ROWS, 4)],
            "지역": _pick(
                rng,
                seg,
                ["서울특별시", "경기도", "부산광역시", "대구광역시", "인천광역시"],
                [[0], [1, 4], [2, 3]],
            ),
            "업종": _pick(rng, seg, ["제조", "IT 서비스", "유통", "의료", "교육"], [[1], [0, 2], [3, 4]]),
            "직원 수": np.where(seg == 0, rng.integers(300, 3000, N_ROWS), rng.integers(3, 120, N_ROWS)),
            "가입일": [
                f"2024.{m:02d}.{d:02d}"
                for m, d in zip(rng.integers(1, 13, N_ROWS), rng.integers(1, 29, N_ROWS))
            ],
            "계약 체결": np.where(won, "예", "아니오"),
        }
    )
    truth = {
        "고객 ID": "identifier", "이름": "person_name", "휴대전화": "phone", "담당 영업사원": "owner",
        "우편번호": "postal_code", "지역": "state", "업종": "industry", "직원 수": "number", "가입일": "date",
        "계약 체결": "target",
    }  # fmt: skip
    return Export("hubspot_ko", SPLIT, df, truth, seg, "계약 체결", fmt="tsv-bom")


def odoo_ar(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.15, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["محمد", "أحمد", "فاطمة", "نورة", "عبدالله", "سارة", "يوسف", "مريم"],
        ["العتيبي", "القحطاني", "الشمري", "الحربي", "الزهراني", "المطيري", "الدوسري"],
    )
    translit = ["mohammed", "ahmed", "fatima", "noura", "abdullah", "sara", "yousef", "maryam"]
    df = pd.DataFrame(
        {
            "المعرف": [f"AR-{x:06d}" for x in rng.choice(10**6, N_ROWS, replace=False)],
            "اسم العميل": [f"{f} {la}" for f, la in zip(first, last)],
            "البريد الإلكتروني": [f"{rng.choice(translit)}.{i}@sharika.test" for i in range(N_ROWS)],
            "الهاتف": [
                f"+966 5{rng.integers(0, 10)} {rng.integers(100, 999)} {rng.integers(1000, 9999)}"
                for _ in range(N_ROWS)
            ],
            "المدينة": _pick(rng, seg, ["الرياض", "جدة", "الدمام", "دبي", "القاهرة"], [[0, 3], [1], [2, 4]]),
            "القطاع": _pick(
                rng,
                seg,
                ["التجزئة", "الصناعة", "الخدمات المالية", "الرعاية الصحية"],
                [[2], [1, 3], [0]],
            ),
            "مندوب المبيعات": rng.choice(["خالد الشمري", "ريم الغامدي", "فهد السبيعي", "هند العنزي"], N_ROWS),
            "الرمز البريدي": [f"{d}" for d in rng.integers(11000, 34999, N_ROWS)],
            "قيمة الصفقة (ر.س)": np.where(
                seg == 0, rng.uniform(1e5, 9e5, N_ROWS), rng.uniform(2e3, 6e4, N_ROWS)
            ).round(2),
            "تم البيع": np.where(won, "نعم", "لا"),
        }
    )
    truth = {
        "المعرف": "identifier", "اسم العميل": "person_name", "البريد الإلكتروني": "email", "الهاتف": "phone",
        "المدينة": "state", "القطاع": "industry", "مندوب المبيعات": "owner", "الرمز البريدي": "postal_code",
        "قيمة الصفقة (ر.س)": "currency", "تم البيع": "target",
    }  # fmt: skip
    return Export("odoo_ar", SPLIT, df, truth, seg, "تم البيع")


def freshsales_pt(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.55, 0.2, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["Ana", "João", "Mariana", "Pedro", "Larissa", "Gustavo", "Camila", "Thiago", "Beatriz"],
        ["Souza", "Oliveira", "Santos", "Ferreira", "Costa", "Ribeiro", "Carvalho", "Gomes"],
    )
    df = pd.DataFrame(
        {
            "ID do contato": [str(x) for x in rng.choice(10**8, N_ROWS, replace=False) + 10**8],
            "Nome completo": [f"{f} {la}" for f, la in zip(first, last)],
            "E-mail": [
                f"{f.lower()}.{la.lower()}{i}@empresa.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "CEP": [f"{rng.integers(10000, 99999)}-{rng.integers(0, 1000):03d}" for _ in range(N_ROWS)],
            "Estado": _pick(rng, seg, ["SP", "RJ", "MG", "RS", "PR", "BA"], [[0], [1, 2], [3, 4, 5]]),
            "Segmento": _pick(
                rng, seg, ["Varejo", "Indústria", "Serviços", "Agronegócio", "Saúde"], [[1], [0, 4], [2, 3]]
            ),
            "Equipe": _pick(
                rng,
                seg,
                ["Inside Sales", "Field Sales", "Canal Parceiros", "Key Accounts"],
                [[3], [0], [1, 2]],
            ),
            "Carteira": rng.choice(["Carla Mendes", "Rafael Lima", "Juliana Rocha", "Diego Nunes"], N_ROWS),
            "Fila": rng.choice(["Bruno Teixeira", "Patrícia Alves", "Marcos Pereira"], N_ROWS),
            "Origem": _pick(rng, seg, ["Site", "Indicação", "Evento", "LinkedIn"], [[2], [0], [1, 3]]),
            "Valor estimado (R$)": [
                f"R$ {x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                for x in np.where(seg == 0, rng.uniform(5e4, 5e5, N_ROWS), rng.uniform(1e3, 3e4, N_ROWS))
            ],
            "Fase": np.where(
                won, "Fechado - ganho", rng.choice(["Qualificação", "Proposta", "Fechado - perdido"], N_ROWS)
            ),
            "Convertido": np.where(won, "Sim", "Não"),
        }
    )
    truth = {
        "ID do contato": "identifier", "Nome completo": "person_name", "E-mail": "email", "CEP": "postal_code",
        "Estado": "state", "Segmento": "industry", "Equipe": "category", "Carteira": "owner", "Fila": "owner",
        "Origem": "lead_source", "Valor estimado (R$)": "currency", "Fase": "leakage", "Convertido": "target",
    }  # fmt: skip
    return Export("freshsales_pt", SPLIT, df, truth, seg, "Convertido", fmt="csv-semicolon")


SHAPES = (zoho_zh, hubspot_ko, odoo_ar, freshsales_pt)
