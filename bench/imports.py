"""Import time of the generated package, next to ``import httpx`` (which it imports too).

Each measurement is a fresh interpreter timing its own ``import`` statement, so start-up is
left out and byte-code is already compiled (a first, untimed import writes it).
``-X importtime`` then says which modules the time goes to.

The interpreter sees only what a user of the client has: the standard library (``-S``: no
site-packages), the generated package, and httpx with its own run-time dependencies, copied
from this virtualenv into a folder of their own. (In the bench's virtualenv, ``import
httpx`` would also import ``rich`` for its command line, because OPC brought it along.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from bench.report import Row, ratio_row
from bench.stats import interleave
from bench.workload import ROOT

__all__ = ["import_rows"]

_PATH = "import sys; sys.path[:0] = {0!r}; "
_TIMED = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"
RUNTIME = "httpx"


def _closure(name: str) -> set[str]:
    """``name`` and every distribution it needs at run time here (extras left out)."""
    found, todo = set(), [name]
    while todo:
        dist = metadata.distribution(todo.pop())
        if dist.metadata["Name"] in found:
            continue
        found.add(dist.metadata["Name"])
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def runtime_folder(dest: Path) -> Path:
    """A folder holding httpx and its run-time dependencies, copied from this virtualenv."""
    for name in sorted(_closure(RUNTIME)):
        dist = metadata.distribution(name)
        for file in dist.files or []:
            if file.parts[0] == ".." or file.parts[0].endswith(".dist-info"):
                continue
            target = dest / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(str(dist.locate_file(file))), target)
    return dest


def _run(runtime: Path, code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    path = _PATH.format([str(ROOT / "generated"), str(runtime)])
    cmd = [sys.executable, "-S", *flags, "-c", path + code]
    return subprocess.run(cmd, capture_output=True, text=True, check=True)


def _timer(module: str, runtime: Path) -> Callable[[], float]:
    def timed() -> float:
        return float(_run(runtime, _TIMED.format(module)).stdout.strip())

    return timed


def _heaviest(module: str, runtime: Path, top: int = 6) -> str:
    """The modules that take the most time of their own when ``module`` is imported."""
    out = _run(runtime, f"import {module}", "-X", "importtime")
    costs: list[tuple[int, int, str]] = []
    for line in out.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            costs.append((int(parts[0]), int(parts[1]), parts[2].strip()))
    by_self = sorted(costs, reverse=True)[:top]
    mine = {name: cumulative for _, cumulative, name in costs if name.startswith(module)}
    parts = [f"`{name}` {own / 1000:.1f} ms" for own, _, name in by_self]
    subs = [
        f"`{n}` {mine[n] / 1000:.0f} ms"
        for n in (f"{module}.models", f"{module}.resources")
        if n in mine
    ]
    return f"largest own costs: {', '.join(parts)}" + (
        f"; cumulative: {', '.join(subs)}" if subs else ""
    )


def import_rows(rounds: int, work: Path) -> list[Row]:
    package = "sendcloud_integrations"
    runtime = runtime_folder(work / "runtime")
    for module in (package, "httpx"):
        _timer(module, runtime)()  # compile byte-code, untimed
    got = interleave({"ours": _timer(package, runtime), "httpx": _timer("httpx", runtime)}, rounds)
    return [
        ratio_row(
            f"`import {package}` vs `import httpx`",
            got["ours"],
            got["httpx"],
            "httpx",
            None,
            _heaviest(package, runtime),
        ),
    ]
