# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Japanese, Portuguese, Spanish, Hindi, Korean on purpose)
"""A ninth held-out split of synthetic CRM exports (``heldout9``), written before any run.

``heldout8`` was measured (and its personal-data leaks opened) in session 10. These five
shapes were written by crm9 (session 10) and committed before any detector ran on them; the
benchmark prints only this split's aggregates, so it can stay held out. Beside systems and
locales no earlier split has, they plant personal data of kinds no earlier split had:
national ID numbers (My Number, CPF, DNI/NIF, Aadhaar, PAN, Korean RRN), IBANs, street
addresses with house numbers, GPS coordinates, dates of birth and free-text notes with
people's names inside. Such columns are listed in :attr:`Export.personal`: the benchmark
counts their values as personal data printed, whatever role their truth has.

- ``zoho_ja``: a Japanese Zoho CRM leads export in Shift_JIS: ``リードID`` (``zcrm_`` + 19
  digits), ``姓``/``名``, ``メール``, ``携帯電話`` (``090-1234-5678``), ``リードの所有者``
  (owner), ``郵便番号`` (``〒150-0002``), ``都道府県``, ``番地`` (``渋谷2丁目21-1``), ``業種``,
  ``リードソース``, ``年間売上`` (``￥12,345,000``), ``生年月日`` (``1985/04/12``),
  ``マイナンバー`` (12 digits), ``メモ`` (notes naming people: ``田中様より折り返し希望``),
  ``リードのステータス`` (leakage: ``商談化済み``), ``成約`` (``はい``/``いいえ``);
- ``rdstation_br``: a Brazilian RD Station leads export: ``Email``, ``Nome``, ``CPF``
  (``123.456.789-09``), ``Celular`` (``(11) 98765-4321``), ``Data de nascimento``,
  ``Endereço`` (``Rua das Flores, 123 - Apto 45``), ``CEP`` (``01310-100``), ``Estado``,
  ``Cargo``, ``Origem da primeira conversão``, ``Faturamento mensal`` (``R$ 1.234,56``),
  ``Dono do Lead`` (owner), ``Estágio no funil`` (leakage: ``Cliente``), ``Oportunidade``
  (``Sim``/``Não``);
- ``odoo_es``: a Spanish Odoo CRM Excel export: ``Oportunidad`` (titles with the client's
  name), ``Cliente`` (names), ``Correo electrónico``, ``Teléfono`` (``+34 612 34 56 78``),
  ``Comercial`` (owner), ``Equipo de ventas``, ``Calle`` (``Calle Mayor 12, 3º B``),
  ``C.P.``, ``Provincia``, ``NIF`` (``12345678Z``), ``IBAN`` (``ES91 2100 0418 ...``),
  ``Latitud geográfica``/``Longitud geográfica`` (GPS), ``Ingreso esperado``
  (``12.345,67 €``), ``Probabilidad (%)`` (100 when won: leakage by association),
  ``Etapa`` (leakage: ``Ganado``), ``Ganada`` (``VERDADERO``/``FALSO``);
- ``kylas_in``: an Indian Kylas loan-lead export with Hindi values: ``Lead ID``, ``First
  Name``, ``Last Name``, ``Phone Numbers`` (``+91 98123 45678``), ``Emails``, ``Owner``,
  ``Aadhaar No`` (``1234 5678 9012``), ``PAN``, ``Address`` (``Flat 12, Shanti Niwas, MG
  Road``), ``Pincode``, ``City``, ``Requirement`` (``होम लोन``...), ``Source``, ``Monthly
  Income`` (``₹45,000``), ``DOB`` (``12-04-1990``), ``Notes`` (Hindi notes naming people),
  ``Disbursal Date`` (leakage: set only when disbursed), ``Pipeline Stage`` (leakage:
  ``Disbursed``), ``Loan Disbursed`` (``हाँ``/``नहीं``);
- ``freshsales_ko``: a Freshsales contacts export with Korean headers: ``이름``/``성``,
  ``이메일``, ``휴대폰``, ``담당자`` (owner), ``주민등록번호`` (``850412-1234567``), ``주소``
  (``서울특별시 강남구 테헤란로 152``), ``우편번호``, ``지역``, ``업종``, ``리드 소스``,
  ``예상 거래 금액`` (``₩12,345,000``), ``위도``/``경도`` (GPS), ``라이프사이클 단계``
  (leakage: ``고객``), ``거래 성사`` (``예``/``아니요``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout9"


def _digits(rng: np.random.Generator, width: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, width))


def _dob(rng: np.random.Generator, fmt: str) -> str:
    y, m, d = int(rng.integers(1960, 2004)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    return fmt.format(y=y, m=m, d=d)


def zoho_ja(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.05])
    fam, given = _names(
        rng,
        N_ROWS,
        ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"],
        ["太郎", "花子", "健一", "美咲", "大輔", "由美", "翔太", "愛", "誠", "陽子"],
    )
    romaji = ["sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "yamamoto", "nakamura"]
    notes = [
        "{n}様より折り返し希望", "{n}様と電話で打ち合わせ済み", "{n}部長に見積もり送付",
        "展示会で{n}様と名刺交換", "{n}様、来週デモ予定",
    ]  # fmt: skip
    df = pd.DataFrame(
        {
            "リードID": [f"zcrm_4876000{_digits(rng, 12)}" for _ in range(N_ROWS)],
            "姓": fam,
            "名": given,
            "メール": [f"{rng.choice(romaji)}{i}@kaisha.test" for i in range(N_ROWS)],
            "携帯電話": [
                f"0{rng.choice([70, 80, 90])}-{_digits(rng, 4)}-{_digits(rng, 4)}" for _ in range(N_ROWS)
            ],
            "リードの所有者": rng.choice(["山田 一郎", "松本 さくら", "井上 拓也"], N_ROWS),
            "郵便番号": [
                f"〒{rng.choice([150, 160, 530, 460, 810])}-{_digits(rng, 4)}" for _ in range(N_ROWS)
            ],
            "都道府県": _pick(
                rng, seg, ["東京都", "大阪府", "愛知県", "福岡県", "北海道"], [[0], [1, 2], [3, 4]]
            ),
            "番地": [
                f"{rng.choice(['渋谷', '梅田', '栄', '天神', '大通'])}{rng.integers(1, 6)}丁目{rng.integers(1, 30)}-{rng.integers(1, 20)}"
                for _ in range(N_ROWS)
            ],
            "業種": _pick(
                rng, seg, ["情報通信業", "製造業", "小売業", "建設業", "医療・福祉"], [[0], [1, 3], [2, 4]]
            ),
            "リードソース": _pick(
                rng, seg, ["Web検索", "展示会", "紹介", "広告", "セミナー"], [[4, 0], [1], [2, 3]]
            ),
            "年間売上": [
                f"￥{int(x):,}"
                for x in np.where(
                    seg == 0, rng.integers(100, 900, N_ROWS) * 10**6, rng.integers(5, 80, N_ROWS) * 10**6
                )
            ],
            "生年月日": [_dob(rng, "{y}/{m:02d}/{d:02d}") for _ in range(N_ROWS)],
            "マイナンバー": [_digits(rng, 12) for _ in range(N_ROWS)],
            "メモ": [str(rng.choice(notes)).format(n=f) for f in fam],
            "リードのステータス": np.where(
                won, "商談化済み", rng.choice(["未対応", "連絡済み", "見込みなし"], N_ROWS)
            ),
            "成約": np.where(won, "はい", "いいえ"),
        }
    )
    truth = {
        "リードID": "identifier", "姓": "person_name", "名": "person_name", "メール": "email", "携帯電話": "phone",
        "リードの所有者": "owner", "郵便番号": "postal_code", "都道府県": "state", "番地": "address",
        "業種": "industry", "リードソース": "lead_source", "年間売上": "currency", "生年月日": "date",
        "マイナンバー": "identifier", "メモ": "free_text", "リードのステータス": "leakage", "成約": "target",
    }  # fmt: skip
    personal = ["生年月日", "マイナンバー", "メモ"]
    return Export("zoho_ja", SPLIT, df, truth, seg, "成約", fmt="csv-cp932", personal=personal)


def rdstation_br(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.45, 0.18, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["João", "Maria", "Pedro", "Ana", "Lucas", "Juliana", "Gabriel", "Fernanda", "Rafael", "Camila"],
        ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Nascimento"],
    )
    df = pd.DataFrame(
        {
            "Email": [
                f"{f.lower().replace('ã', 'a')}.{la.lower()}{i}@empresa.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Nome": [f"{f} {la}" for f, la in zip(first, last)],
            "CPF": [
                f"{_digits(rng, 3)}.{_digits(rng, 3)}.{_digits(rng, 3)}-{_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "Celular": [
                f"({rng.choice([11, 21, 31, 41, 51])}) 9{_digits(rng, 4)}-{_digits(rng, 4)}"
                for _ in range(N_ROWS)
            ],
            "Data de nascimento": [_dob(rng, "{d:02d}/{m:02d}/{y}") for _ in range(N_ROWS)],
            "Endereço": [
                f"{rng.choice(['Rua', 'Avenida', 'Travessa'])} {rng.choice(['das Flores', 'Paulista', 'Sete de Setembro', 'Brasil', 'XV de Novembro'])}, {rng.integers(1, 3000)}"
                + (f" - Apto {rng.integers(1, 200)}" if rng.random() < 0.5 else "")
                for _ in range(N_ROWS)
            ],
            "CEP": [
                f"{rng.choice(['01', '04', '20', '30', '80', '90'])}{_digits(rng, 3)}-{_digits(rng, 3)}"
                for _ in range(N_ROWS)
            ],
            "Estado": _pick(rng, seg, ["SP", "RJ", "MG", "PR", "RS"], [[0], [1, 2], [3, 4]]),
            "Cargo": _pick(
                rng,
                seg,
                ["Diretor", "Gerente de Marketing", "Analista", "Estagiário", "Sócio"],
                [[0, 4], [1], [2, 3]],
            ),
            "Origem da primeira conversão": _pick(
                rng,
                seg,
                ["Busca Orgânica", "Tráfego Pago", "E-mail", "Social", "Direto"],
                [[0], [1, 3], [2, 4]],
            ),
            "Faturamento mensal": [
                "R$ " + f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                for x in np.where(seg == 0, rng.uniform(2e5, 5e6, N_ROWS), rng.uniform(5e3, 9e4, N_ROWS))
            ],
            "Dono do Lead": rng.choice(
                ["Beatriz Lima", "Thiago Carvalho", "Patrícia Gomes", "Rodrigo Ribeiro"], N_ROWS
            ),
            "Estágio no funil": np.where(
                won, "Cliente", rng.choice(["Lead", "Lead Qualificado", "Oportunidade"], N_ROWS)
            ),
            "Oportunidade": np.where(won, "Sim", "Não"),
        }
    )
    truth = {
        "Email": "email", "Nome": "person_name", "CPF": "identifier", "Celular": "phone",
        "Data de nascimento": "date", "Endereço": "address", "CEP": "postal_code", "Estado": "state",
        "Cargo": "job_title", "Origem da primeira conversão": "lead_source", "Faturamento mensal": "currency",
        "Dono do Lead": "owner", "Estágio no funil": "leakage", "Oportunidade": "target",
    }  # fmt: skip
    return Export(
        "rdstation_br", SPLIT, df, truth, seg, "Oportunidade", personal=["CPF", "Data de nascimento"]
    )


def odoo_es(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.06])
    first, last = _names(
        rng,
        N_ROWS,
        ["Alejandro", "Lucía", "Javier", "Carmen", "Sergio", "Elena", "Pablo", "Marta", "Diego", "Laura"],
        ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez"],
    )
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    dni = [int(rng.integers(10**7, 10**8 - 1)) for _ in range(N_ROWS)]
    prob = np.where(won, 100.0, rng.choice([10.0, 20.0, 35.5, 50.0, 70.0, 90.0], N_ROWS))
    df = pd.DataFrame(
        {
            "Oportunidad": [
                f"Pedido {rng.choice(['licencias', 'implantación', 'soporte'])} - {f} {la}"
                for f, la in zip(first, last)
            ],
            "Cliente": [f"{f} {la}" for f, la in zip(first, last)],
            "Correo electrónico": [
                f"{f[0].lower()}{la.lower()}{i}@correo.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Teléfono": [
                f"+34 6{_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"
                for _ in range(N_ROWS)
            ],
            "Comercial": rng.choice(["Raquel Ortega", "Andrés Navarro", "Silvia Romero"], N_ROWS),
            "Equipo de ventas": _pick(rng, seg, ["Ventas directas", "Canal", "Sitio web"], [[0], [1], [2]]),
            "Calle": [
                f"{rng.choice(['Calle Mayor', 'Avenida de América', 'Calle de Alcalá', 'Paseo de Gracia'])} {rng.integers(1, 250)}, {rng.integers(1, 9)}º {rng.choice(list('ABCD'))}"
                for _ in range(N_ROWS)
            ],
            "C.P.": [f"{rng.choice(['28', '08', '46', '41', '48'])}{_digits(rng, 3)}" for _ in range(N_ROWS)],
            "Provincia": _pick(
                rng, seg, ["Madrid", "Barcelona", "Valencia", "Sevilla", "Vizcaya"], [[0], [1, 4], [2, 3]]
            ),
            "NIF": [f"{d}{letters[d % 23]}" for d in dni],
            "IBAN": [
                f"ES{_digits(rng, 2)} {_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
                for _ in range(N_ROWS)
            ],
            "Latitud geográfica": np.round(rng.uniform(36.0, 43.5, N_ROWS), 6),
            "Longitud geográfica": np.round(rng.uniform(-8.5, 3.0, N_ROWS), 6),
            "Ingreso esperado": [
                f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " €"
                for x in np.where(seg == 0, rng.uniform(3e4, 4e5, N_ROWS), rng.uniform(500, 2e4, N_ROWS))
            ],
            "Probabilidad (%)": [f"{p:.2f}".replace(".", ",") for p in prob],
            "Etapa": np.where(won, "Ganado", rng.choice(["Nuevo", "Calificado", "Propuesta"], N_ROWS)),
            "Ganada": np.where(won, "VERDADERO", "FALSO"),
        }
    )
    truth = {
        "Oportunidad": "free_text", "Cliente": "person_name", "Correo electrónico": "email", "Teléfono": "phone",
        "Comercial": "owner", "Equipo de ventas": "lead_source", "Calle": "address", "C.P.": "postal_code",
        "Provincia": "state", "NIF": "identifier", "IBAN": "identifier", "Latitud geográfica": "address",
        "Longitud geográfica": "address", "Ingreso esperado": "currency", "Probabilidad (%)": "leakage",
        "Etapa": "leakage", "Ganada": "target",
    }  # fmt: skip
    personal = ["Oportunidad", "NIF", "IBAN"]
    return Export("odoo_es", SPLIT, df, truth, seg, "Ganada", fmt="excel", personal=personal)


def kylas_in(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.4, 0.15, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["Rajesh", "Sunita", "Mahesh", "Geeta", "Suresh", "Kavita", "Ramesh", "Anita", "Dinesh", "Rekha"],
        ["Sharma", "Verma", "Kumar", "Prasad", "Pandey", "Tiwari", "Dubey", "Saxena"],
    )
    notes = [
        "श्री {n} जी से बात हुई, कल कॉल करें", "{n} जी ने दस्तावेज़ भेजे", "{n} जी को ब्याज दर ज़्यादा लगी",
        "{n} जी की पत्नी से बात हुई", "{n} जी बाद में बताएंगे",
    ]  # fmt: skip
    disbursal = [f"{int(d):02d}-11-2024" if w else "" for w, d in zip(won, rng.integers(1, 29, N_ROWS))]
    df = pd.DataFrame(
        {
            "Lead ID": [str(x) for x in rng.choice(900000, N_ROWS, replace=False) + 100000],
            "First Name": first,
            "Last Name": last,
            "Phone Numbers": [
                f"+91 {rng.choice([98, 97, 94, 88, 70])}{_digits(rng, 3)} {_digits(rng, 5)}"
                for _ in range(N_ROWS)
            ],
            "Emails": [
                f"{f.lower()}.{la.lower()}{i}@mail.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Owner": rng.choice(["Pooja Bhatt", "Nitin Joshi", "Farhan Ali", "Meena Iyer"], N_ROWS),
            "Aadhaar No": [
                f"{rng.integers(2, 10)}{_digits(rng, 3)} {_digits(rng, 4)} {_digits(rng, 4)}"
                for _ in range(N_ROWS)
            ],
            "PAN": [
                f"{''.join(rng.choice(list('ABCDEFGHJKLMNPQRSTUVWXYZ'), 3))}P{rng.choice(list('ABCDEFGHKLMNPRSTVY'))}{_digits(rng, 4)}{rng.choice(list('ABCDEFGHJKLMNPQRSTUVWXYZ'))}"
                for _ in range(N_ROWS)
            ],
            "Address": [
                f"{rng.choice(['Flat', 'House No.', 'Plot'])} {rng.integers(1, 400)}, {rng.choice(['Shanti Niwas', 'Gokul Dham', 'Krishna Kunj', 'Sai Residency'])}, {rng.choice(['MG Road', 'Station Road', 'Civil Lines', 'Nehru Nagar'])}"
                for _ in range(N_ROWS)
            ],
            "Pincode": [
                f"{rng.choice([110, 226, 302, 452, 800, 208])}{_digits(rng, 3)}" for _ in range(N_ROWS)
            ],
            "City": _pick(
                rng,
                seg,
                ["Delhi", "Lucknow", "Jaipur", "Indore", "Patna", "Kanpur"],
                [[0, 3], [2, 1], [4, 5]],
            ),
            "Requirement": _pick(
                rng, seg, ["होम लोन", "पर्सनल लोन", "बिज़नेस लोन", "गोल्ड लोन", "कार लोन"], [[0, 4], [2], [1, 3]]
            ),
            "Source": _pick(
                rng,
                seg,
                ["Website", "Walk-in", "DSA Partner", "Facebook", "Missed Call"],
                [[0], [2, 1], [3, 4]],
            ),
            "Monthly Income": [
                f"₹{x // 1000},{x % 1000:03d}"
                if x < 100000
                else f"₹{x // 100000},{(x // 1000) % 100:02d},{x % 1000:03d}"
                for x in np.where(
                    seg == 0, rng.integers(60, 300, N_ROWS) * 1000, rng.integers(12, 45, N_ROWS) * 1000
                )
            ],
            "DOB": [_dob(rng, "{d:02d}-{m:02d}-{y}") for _ in range(N_ROWS)],
            "Notes": [str(rng.choice(notes)).format(n=f"{f} {la}") for f, la in zip(first, last)],
            "Disbursal Date": disbursal,
            "Pipeline Stage": np.where(
                won, "Disbursed", rng.choice(["New", "Docs Pending", "Rejected", "Login Done"], N_ROWS)
            ),
            "Loan Disbursed": np.where(won, "हाँ", "नहीं"),
        }
    )
    truth = {
        "Lead ID": "identifier", "First Name": "person_name", "Last Name": "person_name", "Phone Numbers": "phone",
        "Emails": "email", "Owner": "owner", "Aadhaar No": "identifier", "PAN": "identifier", "Address": "address",
        "Pincode": "postal_code", "City": "state", "Requirement": "category", "Source": "lead_source",
        "Monthly Income": "currency", "DOB": "date", "Notes": "free_text", "Disbursal Date": "leakage",
        "Pipeline Stage": "leakage", "Loan Disbursed": "target",
    }  # fmt: skip
    personal = ["Aadhaar No", "PAN", "DOB", "Notes"]
    return Export("kylas_in", SPLIT, df, truth, seg, "Loan Disbursed", personal=personal)


def freshsales_ko(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.18, 0.05])
    fam, given = _names(
        rng,
        N_ROWS,
        ["김", "이", "박", "최", "정", "강", "조", "윤", "장"],
        ["민준", "서연", "도윤", "지우", "하준", "서윤", "주원", "지민", "예준"],
    )
    df = pd.DataFrame(
        {
            "이름": given,
            "성": fam,
            "이메일": [f"user{_digits(rng, 4)}.{i}@hoesa.test" for i in range(N_ROWS)],
            "휴대폰": [f"010-{_digits(rng, 4)}-{_digits(rng, 4)}" for _ in range(N_ROWS)],
            "담당자": rng.choice(["한지훈", "오수빈", "신동현"], N_ROWS),
            "주민등록번호": [
                _dob(rng, "{y}{m:02d}{d:02d}")[2:] + f"-{rng.integers(1, 5)}{_digits(rng, 6)}"
                for _ in range(N_ROWS)
            ],
            "주소": [
                f"{rng.choice(['서울특별시 강남구 테헤란로', '부산광역시 해운대구 센텀중앙로', '경기도 성남시 분당구 판교역로'])} {rng.integers(1, 400)}"
                for _ in range(N_ROWS)
            ],
            "우편번호": [f"{rng.choice(['06', '48', '13'])}{_digits(rng, 3)}" for _ in range(N_ROWS)],
            "지역": _pick(rng, seg, ["서울", "부산", "경기", "대구", "인천"], [[0], [1, 3], [2, 4]]),
            "업종": _pick(rng, seg, ["IT 서비스", "제조", "유통", "금융", "교육"], [[0, 3], [1], [2, 4]]),
            "리드 소스": _pick(rng, seg, ["웹사이트", "박람회", "소개", "광고"], [[0], [1], [2, 3]]),
            "예상 거래 금액": [
                f"₩{int(x):,}"
                for x in np.where(
                    seg == 0, rng.integers(50, 500, N_ROWS) * 10**6, rng.integers(1, 40, N_ROWS) * 10**6
                )
            ],
            "위도": np.round(rng.uniform(35.0, 37.7, N_ROWS), 5),
            "경도": np.round(rng.uniform(126.8, 129.2, N_ROWS), 5),
            "라이프사이클 단계": np.where(
                won, "고객", rng.choice(["리드", "영업 적격 리드", "기회"], N_ROWS)
            ),
            "거래 성사": np.where(won, "예", "아니요"),
        }
    )
    truth = {
        "이름": "person_name", "성": "person_name", "이메일": "email", "휴대폰": "phone", "담당자": "owner",
        "주민등록번호": "identifier", "주소": "address", "우편번호": "postal_code", "지역": "state", "업종": "industry",
        "리드 소스": "lead_source", "예상 거래 금액": "currency", "위도": "address", "경도": "address",
        "라이프사이클 단계": "leakage", "거래 성사": "target",
    }  # fmt: skip
    return Export("freshsales_ko", SPLIT, df, truth, seg, "거래 성사", personal=["주민등록번호"])


SHAPES = (zoho_ja, rdstation_br, odoo_es, kylas_in, freshsales_ko)
