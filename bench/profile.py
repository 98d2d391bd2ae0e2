"""Where the time goes: cProfile of a from-scratch generation and of ``from_dict``.

``python -m bench.profile`` prints both. The generation is profiled in a child process
(``python -m cProfile -m generator``) into an empty folder with an empty cache folder; its
own time is added up by package (black, the validator, PyYAML, Jinja2, each generator
module...), which names the slow step whatever the code looks like. ``from_dict`` is
profiled in this process on the shipment page. cProfile's own cost per call inflates
functions that are called very often, so read the shares, not the seconds.
"""

from __future__ import annotations

import json
import os
import pstats
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.procs import run_timed
from bench.workload import ROOT, load_spec, page_bytes, shipment_page, write_bytecode

__all__ = ["profile_from_dict", "profile_scratch"]


def _area(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    generator = str(ROOT / "generator") + "/"
    if filename.startswith(generator):
        return "generator." + filename[len(generator) :].removesuffix(".py").replace("/", ".")
    if filename.startswith("<frozen") or "importlib" in filename:
        return "import machinery"
    return "stdlib: " + Path(filename).stem


_BUILTIN = re.compile(r"<built-in method ([\w.]+)\.(\w+)>")
_PLUMBING = {"builtins", "posix", "_imp", "marshal", "_io", "time", "_thread"}


def _c_area(name: str, callers: dict[Any, Any]) -> str:
    """Code without a Python frame: a compiled package (black is built with mypyc, so all of
    it is one "built-in" call), or a built-in named with the package that calls it most."""
    match = _BUILTIN.match(name)
    if match is None:
        return "methods of built-in types"
    module, function = match.groups()
    if module.split(".")[0] not in _PLUMBING:
        return f"{module.split('.')[0]} (compiled)"
    top = max(callers.items(), key=lambda kv: kv[1][2], default=None)
    caller = _area(top[0][0]) if top else "?"
    return f"{module}.{function}, from {caller}"


def _by_area(stats: pstats.Stats) -> list[tuple[str, float]]:
    areas: dict[str, float] = defaultdict(float)
    entries = stats.stats.items()  # type: ignore[attr-defined]
    for (filename, _, name), (_, _, tottime, _, callers) in entries:
        area = _c_area(name, callers) if filename == "~" else _area(filename)
        areas[area] += tottime
    return sorted(areas.items(), key=lambda kv: -kv[1])


def _cumulative(stats: pstats.Stats, top: int) -> list[tuple[str, int, float]]:
    """The generator's own functions with the most cumulative time."""
    found = []
    generator = str(ROOT / "generator")
    for (filename, _, name), (_, ncalls, _, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.startswith(generator) or name in ("format_str", "validate"):
            where = _area(filename)
            found.append((f"{where}:{name}", ncalls, cumtime))
    return sorted(found, key=lambda f: -f[2])[:top]


def profile_scratch() -> list[str]:
    spec_dir = ROOT / "spec"
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        work = Path(tmp)
        shutil.copytree(spec_dir, work / "spec")
        (work / "cache").mkdir()
        env = dict(
            os.environ,
            XDG_CACHE_HOME=str(work / "cache"),
            BLACK_CACHE_DIR=str(work / "cache" / "black"),
        )
        out = work / "prof"
        cmd = [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(out),
            "-m",
            "generator",
            "--config",
            str(work / "spec" / "codegen.yaml"),
            "--out",
            str(work / "out"),
        ]
        run = run_timed(cmd, cwd=ROOT, env=env)
        if run.status != 0:
            return [f"profiling the from-scratch run failed: {run.first_error()}"]
        stats = pstats.Stats(str(out))
    total = sum(t for _, t in _by_area(stats))
    lines = [f"From scratch under cProfile: {run.seconds:.2f} s wall; own time by package:"]
    lines += [
        f"  {area:40} {t:6.2f} s {100 * t / total:5.1f} %" for area, t in _by_area(stats)[:12]
    ]
    lines.append("Cumulative time of the generator's steps (and black/validator entry points):")
    lines += [
        f"  {name:60} {calls:7} calls {t:6.2f} s" for name, calls, t in _cumulative(stats, 14)
    ]
    return lines


def profile_from_dict(loops: int = 30) -> list[str]:
    import cProfile

    sys.path.insert(0, str(ROOT / "generated"))
    from sendcloud_integrations.models import ShipmentsListResponse

    data = json.loads(page_bytes(shipment_page(load_spec())))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(loops):
        ShipmentsListResponse.from_dict(data)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, name), (_, ncalls, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((tottime, ncalls // loops, f"{Path(filename).name}:{line}:{name}"))
    total = sum(r[0] for r in rows)
    lines = [
        f"`ShipmentsListResponse.from_dict` of the page under cProfile ({loops} runs); "
        "own time per function, calls per page:"
    ]
    lines += [
        f"  {where:60} {calls:7} calls {100 * t / total:5.1f} %"
        for t, calls, where in sorted(rows, reverse=True)[:12]
    ]
    return lines


if __name__ == "__main__":
    write_bytecode()
    print("\n".join(profile_scratch() + [""] + profile_from_dict()))
