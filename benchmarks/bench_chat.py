"""Persona chat (issue 14): evaluation pass rates (tuning and held-out) and per-reply engine cost.

    .venv/bin/python benchmarks/bench_chat.py

Runs the labelled conversations of ``tests/chat/data/eval_{tune,holdout,holdout2,holdout3,holdout4}.jsonl`` on
the 48 real personas of ``tests/chat/data/personas.json`` (holdout3 also on the 17 of
``personas_v2.json``, which carry interests and a main festival; holdout4 also on both and on the 26 of
``personas_v3.json`` from 6 goals of session 4) (targets: ≥ 90 % of checks; six personas
from different segments never open alike) and times the offline engine per reply on the
rules path (the embedding model warm), in-process. API throughput is in ``bench_api.py``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import ROOT, machine, table, write_section

sys.path.insert(0, str(ROOT / "src"))

from synthpersona.chat import OfflineEngine
from synthpersona.chat.evaluation import evaluate, load_cases, openings

DATA = ROOT / "tests" / "chat" / "data"
MESSAGES = [
    "What about the price?",
    "Would you pay ₹75,000 for a laptop?",
    "75 hazaar ka laptop hai, 6 ya 12 mahine ki EMI chalegi?",
    "What do you think of the Asus ROG vs the Lenovo Legion?",
    "आपकी उम्र क्या है?",
    "What did I ask you first?",
]


def per_reply_ms(personas: list[dict]) -> dict[str, float]:
    engine = OfflineEngine()
    history: list[dict[str, str]] = []
    for m in MESSAGES:  # warm caches (intent detection, speakers)
        r = engine.reply(personas[0], m, history)
        history += [{"role": "user", "message": m}, {"role": "persona", "message": r.response}]
    times = []
    for i in range(2000):
        p = personas[i % len(personas)]
        h = history[: 2 * (i % 6)]
        t = time.perf_counter()
        engine.reply(p, MESSAGES[i % len(MESSAGES)], h)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p99": times[int(0.99 * len(times))]}


def main() -> None:
    personas = json.loads((DATA / "personas.json").read_text("utf-8"))
    fresh = json.loads((DATA / "personas_v2.json").read_text("utf-8"))
    fresh3 = json.loads((DATA / "personas_v3.json").read_text("utf-8"))
    rows = []
    for split, people in (
        ("tune", personas),
        ("holdout", personas),
        ("holdout2", personas),
        ("holdout3", personas),
        ("holdout3 (17 personas with interests and festival)", fresh),
        ("holdout4", personas),
        ("holdout4 (17 personas of personas_v2)", fresh),
        ("holdout4 (26 personas of 6 new goals, personas_v3)", fresh3),
    ):
        t = time.perf_counter()
        report = evaluate(load_cases(DATA / f"eval_{split.split()[0]}.jsonl"), people)
        s = report.summary()
        rows.append(
            [split, s["pairs"], s["personas"], s["checks"], f"{100 * s['check_pass_rate']:.1f} %",
             f"{100 * s['pair_pass_rate']:.1f} %", f"{time.perf_counter() - t:.1f} s"]
        )  # fmt: skip
    by_segment: dict[str, dict] = {}
    for p in personas:
        by_segment.setdefault(p["profile"]["cluster_label"], p)
    six = list(by_segment.values())[1::2][:6]
    script = [t["say"] for t in load_cases(DATA / "eval_tune.jsonl")[0]["turns"]]
    clashes = openings(script, six)
    cost = per_reply_ms(personas)
    opening = "no shared opening sentence" if not clashes else f"{len(clashes)} turns with a shared opening"
    md = "\n".join(
        [
            "## Persona chat: answers, languages, memory (issue 14)",
            "",
            f"Recorded {time.strftime('%Y-%m-%d')} on {machine()} (shared machine; timings under its load).",
            "",
            table(
                ["split", "pairs", "personas", "checks", "checks passed", "pairs all passed", "time"], rows
            ),
            "",
            f"- six personas from different segments, same 8-turn script: {opening}",
            f"- offline engine per reply (rules path, in-process, 2,000 replies with 0-5 turns of history): "
            f"median {cost['median']:.2f} ms, p99 {cost['p99']:.2f} ms",
            "- target: ≥ 90 % of checks on every split. holdout's failures (96.2 %) were used to fix "
            "mechanisms (with new tuning cases), so it is no longer unseen; holdout2 was then written "
            "and run once: 89.6 % of checks on the engine before those fixes, 95.7 % after; its two "
            "failing mechanisms (take-home salary, one no-EMI sentence) were fixed too, so the next "
            "unseen check needs a new split. holdout3 (5 conversations with hobbies, festival and "
            "pure-Hindi checks) was written before any of its replies was seen; its first run gave "
            "90.7 % of checks / 76.3 % of pairs on the 48 personas and 90.4 % / 75.6 % on the 17 new "
            "ones; the mechanisms it exposed (spare-time and Devanagari hobby cues, '3 or 6 monthly "
            "payments', a question after a greeting, Devanagari EMI-habit questions, Hinglish festival "
            "words) were then fixed, so it is no longer unseen either. holdout4 (6 conversations of "
            "8 turns: two-brand comparisons, EMI for odd durations, 'what did you say about X', "
            "privacy, off-topic; 26 personas of 6 new goals in personas_v3.json) was committed before "
            "it was run; first run 93.9 % of checks / 81.6 % of pairs (48 personas), 94.1 % / 81.0 % "
            "(17), 93.6 % / 81.3 % (26 new); the mechanisms it exposed (privacy cues for contacts, "
            "phone numbers and Aadhaar; 'aapne X ke baare mein kya kaha'; 'how should I address you'; "
            "English and Latin team names inside Hindi replies) were fixed, so it has been seen too.",
        ]
    )
    write_section("chat", md)


if __name__ == "__main__":
    main()
