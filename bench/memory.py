"""Walk every shipment of a long listing and report how far peak memory grew.

``python -m bench.memory sync|async BASE_URL`` lists the shipments of integration 1 from
:mod:`bench.server` (1,000 pages of 100 by default), touching each order, and prints one
line of JSON: the items seen, the seconds taken, and the peak resident size after the first
page versus the end. It runs in a process of its own, so nothing else the bench holds is
counted.

The baseline is taken once the first page has been walked, when every module is imported
and one page has been parsed; the kernel's high-water mark is then reset (``clear_refs``)
so that ``VmHWM`` at the end is the peak over the rest of the walk.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import Row
from bench.stats import Spread

__all__ = ["main", "memory_rows"]

ROOT = Path(__file__).resolve().parent.parent
PER_PAGE = 100


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


class _Probe:
    def __init__(self) -> None:
        self.items = 0
        self.start = time.perf_counter()
        self.base_kb = 0
        self.reset = False

    def see(self, order: object) -> None:
        self.items += 1
        if getattr(order, "order_number", None) is None:
            raise RuntimeError(f"item {self.items} is not an order: {order!r}")
        if self.items == PER_PAGE:
            self.reset = _reset_peak()
            self.base_kb = _status_kb("VmRSS") if self.reset else _status_kb("VmHWM")

    def result(self, mode: str) -> dict[str, object]:
        end = _status_kb("VmHWM")
        return {
            "mode": mode,
            "items": self.items,
            "seconds": time.perf_counter() - self.start,
            "base_mb": self.base_kb / 1024,
            "peak_mb": end / 1024,
            "growth_mb": (end - self.base_kb) / 1024,
            "peak_reset": self.reset,
        }


def _sync(base_url: str) -> _Probe:
    from sendcloud_integrations import Client

    probe = _Probe()
    with Client("public-key", "secret-key", base_url=base_url) as client:
        for order in client.shipments.list(1):
            probe.see(order)
    return probe


async def _async(base_url: str) -> _Probe:
    from sendcloud_integrations import AsyncClient

    probe = _Probe()
    async with AsyncClient("public-key", "secret-key", base_url=base_url) as client:
        async for order in client.shipments.list(1):
            probe.see(order)
    return probe


def main(argv: list[str]) -> int:
    mode, base_url = argv
    sys.path.insert(0, str(ROOT / "generated"))
    probe = _sync(base_url) if mode == "sync" else asyncio.run(_async(base_url))
    print(json.dumps(probe.result(mode)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def memory_rows(runs: int = 1) -> list[Row]:
    """Run the walk in a child process, sync then async, ``runs`` times each."""
    import subprocess

    from bench.loopback import loopback_server

    pages = 1000
    results: dict[str, list[dict[str, Any]]] = {"sync": [], "async": []}
    with loopback_server(pages=pages) as base_url:
        for _ in range(runs):
            for mode in results:
                cmd = [sys.executable, "-m", "bench.memory", mode, base_url]
                out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
                if out.returncode != 0:
                    raise RuntimeError(f"memory walk ({mode}) failed: {out.stderr[-500:]}")
                result = json.loads(out.stdout)
                if result["items"] != pages * PER_PAGE:
                    raise RuntimeError(f"memory walk ({mode}) saw {result['items']} items")
                results[mode].append(result)
    rows = []
    for mode, seen in results.items():
        worst = max(seen, key=lambda r: r["growth_mb"])
        growth = Spread.of([r["growth_mb"] for r in seen])
        rows.append(
            Row(
                f"memory: 100,000 shipments over 1,000 pages, {mode} client",
                f"growth {worst['growth_mb']:.1f} MB (peak {worst['peak_mb']:.0f} MB)",
                f"after page 1: {worst['base_mb']:.0f} MB",
                None,
                "< 20 MB",
                growth.high < 20,
                f"{len(seen)} run(s), {worst['seconds']:.1f} s for the walk (server included)",
            )
        )
    return rows
