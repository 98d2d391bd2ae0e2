"""Print the failure matrix of a hostile run: per family, cases passed and failed, and the
first failure's symptom. Read from the JSON that ``HOSTILE_REPORT=path`` makes pytest write::

    HOSTILE_REPORT=/tmp/hostile.json .venv/bin/python -m pytest -q tests/test_hostile.py
    .venv/bin/python tests/hostile/matrix.py /tmp/hostile.json [--all]

With ``--all``, every failing case is listed under the table with all its failures.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["main", "render"]


def _symptoms(cases: dict[str, Any]) -> Counter[str]:
    """How many cases show each kind of failure (its text up to the first colon or quote)."""
    counts: Counter[str] = Counter()
    for record in cases.values():
        kinds = {
            f.split(":")[0].split("'")[0].split("(")[0].strip()[:60] for f in record["failures"]
        }
        counts.update(kinds)
    return counts


def render(data: dict[str, Any], show_all: bool = False) -> str:
    families: dict[str, list[tuple[str, list[str]]]] = {}
    for case_id, record in data["cases"].items():
        families.setdefault(record["family"], []).append((case_id, record["failures"]))
    lines = ["| family | cases | pass | fail | first failure |", "|---|---:|---:|---:|---|"]
    for family in sorted(families):
        rows = families[family]
        failing = [(cid, f) for cid, f in rows if f]
        first = f"`{failing[0][0]}`: {failing[0][1][0][:160]}" if failing else ""
        first = first.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {family} | {len(rows)} | {len(rows) - len(failing)} | "
                     f"{len(failing)} | {first} |")  # fmt: skip
    total = sum(len(r) for r in families.values())
    failed = sum(1 for r in families.values() for _, f in r if f)
    lines.append(f"| **all** | {total} | {total - failed} | {failed} | |")
    lines.append("")
    lines.append("Symptoms (cases showing each): " + "; ".join(
        f"{kind} x{n}" for kind, n in _symptoms(data["cases"]).most_common()))  # fmt: skip
    lines.append(
        f"Timings (s): {data.get('timings')}; packages generated: {data.get('packages')}, "
        f"type-checked (after deduplication): {data.get('type_checked')}"
    )
    if show_all:
        for family in sorted(families):
            for case_id, failures in families[family]:
                if failures:
                    lines.append(f"\n{case_id}:")
                    lines += [f"  - {f[:400]}" for f in failures]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    data = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    print(render(data, show_all="--all" in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
