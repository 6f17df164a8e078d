"""Write constraints.txt from a ``pip install --dry-run --report`` JSON file (``make constraints``)."""

from __future__ import annotations

import json
import sys

HEADER = """\
# Pinned versions of every dependency of `.[all,dev,spark]` (Python 3.11, Linux), used as pip
# constraints by `make install` (CI runs `make test`) and the Dockerfile, so a build today
# and a build next month install the same packages. pyproject.toml keeps the ranges.
# Regenerate: make constraints
"""


def main(report: str, out: str) -> int:
    with open(report, encoding="utf-8") as fh:
        installs = json.load(fh)["install"]
    pins = sorted(
        (item["metadata"]["name"].lower(), item["metadata"]["version"])
        for item in installs
        if item["metadata"]["name"].lower() != "synthpersona"
    )
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(HEADER + "".join(f"{name}=={version}\n" for name, version in pins))
    print(f"{out}: {len(pins)} pinned packages")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
