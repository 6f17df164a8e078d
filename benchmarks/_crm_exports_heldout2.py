# ruff: noqa: E501, B905  (data-generation tables read best one column per line; Cyrillic on purpose)
"""A second held-out split of synthetic CRM exports (``heldout2``), written before any run.

The first held-out split of :mod:`_crm_exports` was scored in session 2 and its misses were
then looked at, so it no longer counts as unseen. These four shapes were written in session
4 without running the detectors on them first (commit before the first run):

- ``rdstation_ptbr``: a Brazilian marketing-automation export (Portuguese headers,
  ``R$ 1.234,56``, Sim/Não, CPF numbers, CEP postal codes, semicolons);
- ``dynamics_uk``: a Dynamics-365-shaped UK lead export (GUID ids, UK postcodes, ``£``
  with pence, True/False outcome, dd/mm/yyyy dates);
- ``bitrix24_ru``: a Bitrix24-shaped Russian deal export in Windows-1251 with semicolons
  (Cyrillic names, ``125 000,00 руб.``, Да/Нет);
- ``leadsquared_hinglish``: an Indian LeadSquared-shaped Excel report (title rows, a
  summary sheet first, Indian digit grouping, Haan/Nahi outcome, Hinglish remarks, a
  payment column that restates the outcome).
"""

from __future__ import annotations

import uuid

import numpy as np
import pandas as pd
from _crm_exports import N_ROWS, Export, _names, _outcome, _pick, _segments

SPLIT = "heldout2"


def _indian_grouping(x: int) -> str:
    s = str(x)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    parts = []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    if head:
        parts.insert(0, head)
    return ",".join(parts) + "," + tail


def _brl(x: float) -> str:
    whole, cents = f"{x:,.2f}".split(".")
    return f"R$ {whole.replace(',', '.')},{cents}"


def rdstation_ptbr(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.55, 0.22, 0.05])
    first, last = _names(
        rng,
        N_ROWS,
        ["João", "Ana", "Lucas", "Beatriz", "Gabriel", "Larissa", "Rafael", "Camila"],
        ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa"],
    )
    df = pd.DataFrame(
        {
            "CPF": [
                f"{rng.integers(100, 999)}.{rng.integers(100, 999)}.{rng.integers(100, 999)}-{rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "Nome": [f"{f} {la}" for f, la in zip(first, last)],
            "E-mail": [
                f"{f.lower().replace('ã', 'a').replace('ó', 'o')}.{la.lower()}{i}@exemplo.test"
                for i, (f, la) in enumerate(zip(first, last))
            ],
            "Celular": [
                f"(11) 9{rng.integers(1000, 9999)}-{rng.integers(1000, 9999)}" for _ in range(N_ROWS)
            ],
            "CEP": [f"{rng.integers(10000, 99999)}-{rng.integers(100, 999)}" for _ in range(N_ROWS)],
            "Segmento": _pick(rng, seg, ["Varejo", "Serviços", "Indústria", "Educação"], [[1], [0, 3], [2]]),
            "Cargo": _pick(rng, seg, ["Diretor", "Gerente", "Analista", "Estagiário"], [[0], [1, 2], [3]]),
            "Origem do lead": _pick(
                rng,
                seg,
                ["Busca orgânica", "Facebook Ads", "Indicação", "E-mail marketing"],
                [[2], [0], [1, 3]],
            ),
            "Faturamento anual": [
                _brl(float(x))
                for x in np.where(
                    seg == 0,
                    rng.integers(2_000_000, 9_000_000, N_ROWS),
                    rng.integers(80_000, 900_000, N_ROWS),
                )
                + rng.integers(0, 99, N_ROWS) / 100
            ],
            "Responsável": rng.choice(["Marcos Lima", "Fernanda Rocha", "Paulo Nunes"], N_ROWS),
            "Data de conversão": [
                f"{d:02d}/{m:02d}/2024"
                for d, m in zip(rng.integers(1, 28, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Estágio no funil": np.where(
                won, "Cliente", rng.choice(["Lead", "Lead qualificado", "Oportunidade perdida"], N_ROWS)
            ),
            "Virou cliente": np.where(won, "Sim", "Não"),
        }
    )
    truth = {
        "CPF": "identifier", "Nome": "person_name", "E-mail": "email", "Celular": "phone", "CEP": "postal_code",
        "Segmento": "industry", "Cargo": "job_title", "Origem do lead": "lead_source", "Faturamento anual": "currency",
        "Responsável": "owner", "Data de conversão": "date", "Estágio no funil": "leakage", "Virou cliente": "target",
    }  # fmt: skip
    return Export("rdstation_ptbr", SPLIT, df, truth, seg, "Virou cliente", fmt="csv-semicolon")


def dynamics_uk(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 4)
    won = _outcome(rng, seg, [0.6, 0.3, 0.12, 0.03])
    first, last = _names(
        rng,
        N_ROWS,
        ["Oliver", "Amelia", "Harry", "Isla", "Jack", "Poppy", "Mohammed", "Freya"],
        ["Smith", "Jones", "Taylor", "Brown", "Evans", "Khan", "Wilson"],
    )
    df = pd.DataFrame(
        {
            "(Do Not Modify) Lead": [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(N_ROWS)],
            "First Name": first,
            "Last Name": last,
            "Email": [
                f"{f.lower()}.{la.lower()}{i}@example.test" for i, (f, la) in enumerate(zip(first, last))
            ],
            "Mobile Phone": [
                f"07{rng.integers(100, 999)} {rng.integers(100000, 999999)}" for _ in range(N_ROWS)
            ],
            "Street 1": [
                f"{rng.integers(1, 220)} {rng.choice(['High Street', 'Station Road', 'Church Lane', 'Mill Road'])}"
                for _ in range(N_ROWS)
            ],
            "ZIP/Postal Code": [
                f"{rng.choice(['SW', 'M', 'B', 'LS', 'EH', 'CF'])}{rng.integers(1, 20)} {rng.integers(1, 9)}{rng.choice(list('ABDEFGHJLNPQRSTUWXYZ'))}{rng.choice(list('ABDEFGHJLNPQRSTUWXYZ'))}"
                for _ in range(N_ROWS)
            ],
            "Industry": _pick(
                rng,
                seg,
                ["Retail", "Financial Services", "Public Sector", "Hospitality", "Construction"],
                [[1], [0, 3], [4], [2]],
            ),
            "No. of Employees": np.where(
                seg == 0,
                rng.integers(500, 5000, N_ROWS),
                np.where(seg == 1, rng.integers(50, 400, N_ROWS), rng.integers(1, 40, N_ROWS)),
            ),
            "Est. Budget": [
                f"£{x:,.2f}"
                for x in np.where(
                    seg <= 1, rng.integers(15_000, 120_000, N_ROWS), rng.integers(300, 6_000, N_ROWS)
                )
                + rng.integers(0, 99, N_ROWS) / 100
            ],
            "Rating": _pick(rng, seg, ["Hot", "Warm", "Cold"], [[0], [0, 1], [1, 2], [2]]),
            "Owner": rng.choice(["Sophie Clarke", "Daniel Hughes", "Emma Walsh", "Tom Reid"], N_ROWS),
            "Created On": [
                f"{d:02d}/{m:02d}/2024 {h:02d}:{mi:02d}"
                for d, m, h, mi in zip(
                    rng.integers(1, 28, N_ROWS),
                    rng.integers(1, 13, N_ROWS),
                    rng.integers(8, 18, N_ROWS),
                    rng.integers(0, 60, N_ROWS),
                )
            ],
            "Description": [
                rng.choice(
                    [
                        "Met at trade show, wants a call back next week",
                        "Downloaded the whitepaper on payroll",
                        "Asked about pricing for 20 seats",
                        "Referred by an existing customer in Leeds",
                        "Left a voicemail, no answer yet",
                        "Interested in the annual plan, budget approval pending",
                        "Requested a demo for the finance team",
                    ]
                )
                + f" ({rng.integers(1, 999)})"
                for _ in range(N_ROWS)
            ],
            "Status Reason": np.where(
                won,
                "Qualified",
                rng.choice(["New", "Contacted", "Cannot Contact", "No Longer Interested"], N_ROWS),
            ),
            "Converted to Opportunity": np.where(won, "True", "False"),
        }
    )
    truth = {
        "(Do Not Modify) Lead": "identifier", "First Name": "person_name", "Last Name": "person_name", "Email": "email",
        "Mobile Phone": "phone", "Street 1": "address", "ZIP/Postal Code": "postal_code", "Industry": "industry",
        "No. of Employees": "number", "Est. Budget": "currency", "Rating": "category", "Owner": "owner",
        "Created On": "date", "Description": "free_text", "Status Reason": "leakage", "Converted to Opportunity": "target",
    }  # fmt: skip
    return Export("dynamics_uk", SPLIT, df, truth, seg, "Converted to Opportunity")


def bitrix24_ru(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.5, 0.2, 0.04])
    first, last = _names(
        rng,
        N_ROWS,
        ["Иван", "Мария", "Алексей", "Ольга", "Дмитрий", "Екатерина", "Сергей", "Анна"],
        ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов"],
    )
    df = pd.DataFrame(
        {
            "ID": (10_000 + rng.choice(900_000, N_ROWS, replace=False)).astype(int),
            "Контакт": [f"{f} {la}" for f, la in zip(first, last)],
            "Рабочий телефон": [
                f"+7 (9{rng.integers(10, 99)}) {rng.integers(100, 999)}-{rng.integers(10, 99)}-{rng.integers(10, 99)}"
                for _ in range(N_ROWS)
            ],
            "Рабочий e-mail": [f"client{i}@pochta.test" for i in range(N_ROWS)],
            "Город": _pick(
                rng,
                seg,
                ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург"],
                [[0], [1, 2], [3, 4]],
            ),
            "Источник": _pick(
                rng, seg, ["Веб-сайт", "Звонок", "Рекомендация", "Выставка"], [[2], [0], [1, 3]]
            ),
            "Тип клиента": _pick(rng, seg, ["Юрлицо", "ИП", "Физлицо"], [[0], [1], [2]]),
            "Сумма": [
                f"{x:,}".replace(",", " ") + ",00 руб."
                for x in np.where(
                    seg == 0, rng.integers(300_000, 3_000_000, N_ROWS), rng.integers(5_000, 120_000, N_ROWS)
                )
            ],
            "Ответственный": rng.choice(["Николай Орлов", "Татьяна Волкова", "Павел Зайцев"], N_ROWS),
            "Дата создания": [
                f"{d:02d}.{m:02d}.2024"
                for d, m in zip(rng.integers(1, 28, N_ROWS), rng.integers(1, 13, N_ROWS))
            ],
            "Стадия сделки": np.where(
                won, "Сделка успешна", rng.choice(["Новая", "В работе", "Сделка провалена"], N_ROWS)
            ),
            "Успешная сделка": np.where(won, "Да", "Нет"),
        }
    )
    truth = {
        "ID": "identifier", "Контакт": "person_name", "Рабочий телефон": "phone", "Рабочий e-mail": "email",
        "Город": "state", "Источник": "lead_source", "Тип клиента": "category", "Сумма": "currency",
        "Ответственный": "owner", "Дата создания": "date", "Стадия сделки": "leakage", "Успешная сделка": "target",
    }  # fmt: skip
    return Export("bitrix24_ru", SPLIT, df, truth, seg, "Успешная сделка", fmt="csv-cp1251-semicolon")


def leadsquared_hinglish(rng: np.random.Generator) -> Export:
    seg = _segments(rng, 3)
    won = _outcome(rng, seg, [0.55, 0.25, 0.06])
    first, last = _names(
        rng,
        N_ROWS,
        ["Rohit", "Sneha", "Vikas", "Anjali", "Manish", "Pallavi", "Suresh", "Nikita"],
        ["Sharma", "Verma", "Gupta", "Reddy", "Nair", "Patil"],
    )
    paid = np.where(won & (rng.random(N_ROWS) < 0.97), "Yes", "No")
    df = pd.DataFrame(
        {
            "Prospect Id": [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(N_ROWS)],
            "Lead Name": [f"{f} {la}" for f, la in zip(first, last)],
            "Mobile Number": [str(rng.integers(6_000_000_000, 9_999_999_999)) for _ in range(N_ROWS)],
            "Email": [f"{f.lower()}{i}@gmail.test" for i, f in enumerate(first)],
            "City": _pick(rng, seg, ["Pune", "Indore", "Patna", "Kochi", "Jaipur"], [[0], [1, 4], [2, 3]]),
            "Course Interested": _pick(
                rng,
                seg,
                ["Data Science", "MBA (Online)", "Digital Marketing", "Spoken English"],
                [[0], [1, 2], [3]],
            ),
            "Budget (INR)": [
                _indian_grouping(int(x))
                for x in np.where(
                    seg == 0, rng.integers(150_000, 450_000, N_ROWS), rng.integers(8_000, 90_000, N_ROWS)
                )
            ],
            "Lead Score": np.where(seg == 0, rng.integers(55, 100, N_ROWS), rng.integers(0, 60, N_ROWS)),
            "Lead Owner": rng.choice(["Kiran Desai", "Amit Saxena", "Ritu Malhotra"], N_ROWS),
            "Next Follow-up": [
                f"{d:02d}-{['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][m]}-2025"
                for d, m in zip(rng.integers(1, 28, N_ROWS), rng.integers(0, 6, N_ROWS))
            ],
            "Remarks": [
                rng.choice(
                    [
                        "call back karna hai shaam ko",
                        "fees zyada lag rahi hai, EMI poocha",
                        "parents se baat karke batayega",
                        "demo attend kiya, interested hai",
                        "phone nahi utha raha",
                        "next batch ka wait kar raha hai",
                    ]
                )
                + f" #{rng.integers(1, 500)}"
                for _ in range(N_ROWS)
            ],
            "Payment Received": paid,
            "Enrolled": np.where(won, "Haan", "Nahi"),
        }
    )
    truth = {
        "Prospect Id": "identifier", "Lead Name": "person_name", "Mobile Number": "phone", "Email": "email",
        "City": "state", "Course Interested": "category", "Budget (INR)": "currency", "Lead Score": "number",
        "Lead Owner": "owner", "Next Follow-up": "date", "Remarks": "free_text", "Payment Received": "leakage",
        "Enrolled": "target",
    }  # fmt: skip
    return Export(
        "leadsquared_hinglish", SPLIT, df, truth, seg, "Enrolled", fmt="excel-report", sheet="Leads"
    )


SHAPES = (rdstation_ptbr, dynamics_uk, bitrix24_ru, leadsquared_hinglish)
