"""Time the hostile inputs end to end, and the validation of given specs.

    .venv/bin/python -m bench.validate_bench                       # the hostile inputs
    .venv/bin/python -m bench.validate_bench path/to/openapi.yaml  # plus validation of a spec

Each hostile input (built by ``tests/hostile_specs.py``) runs through ``python -m generator``
in a child process, whose wall time and peak memory are printed against the budget of
issue 8 (10 s, 500 MB). For each spec given, parsing, the reference check and validation are
timed in this process (the best of three runs; the first also pays for imports).
Exit status 1 when a hostile input is over budget.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_specs import CASES  # noqa: E402

from bench.procs import python_module, run_measured  # noqa: E402
from generator.load import parse_spec  # noqa: E402
from generator.problems import Level, Problems  # noqa: E402
from generator.resolve import Resolver  # noqa: E402
from generator.validate import validate_spec  # noqa: E402

MAX_SECONDS = 10.0
MAX_MB = 500.0


def hostile() -> bool:
    within = True
    print(f"{'hostile input':32} {'exit':>4} {'seconds':>8} {'MB':>6}  first line of output")
    with tempfile.TemporaryDirectory() as tmp:
        for label, build in CASES.items():
            name, raw = build()
            spec = Path(tmp) / name
            spec.write_bytes(raw)
            args = ["--spec", str(spec), "--out", f"{spec}.out"]
            proc = run_measured(python_module(sys.executable, "generator", args), cwd=ROOT)
            seconds, peak_mb = proc.seconds, proc.memory_mb
            first = [proc.first_error()] if proc.status else []
            ok = seconds < MAX_SECONDS and peak_mb < MAX_MB and "Traceback" not in proc.stderr
            within &= ok
            flag = "" if ok else "  OVER BUDGET"
            print(f"{label:32} {proc.status:>4} {seconds:8.2f} {peak_mb:6.0f}  "
                  f"{(first[0] if first else '')[:90]}{flag}")  # fmt: skip
    return within


def validation(path: Path) -> None:
    raw = path.read_bytes()
    best: dict[str, float] = {}
    for _ in range(3):
        problems = Problems()
        marks = [time.perf_counter()]
        spec = parse_spec(raw, path.name, problems)
        marks.append(time.perf_counter())
        if spec is None:
            print(f"{path.name}: not parsed: {[str(p) for p in problems][:1]}")
            return
        Resolver(spec).check_all(problems)
        marks.append(time.perf_counter())
        validate_spec(spec, problems)
        marks.append(time.perf_counter())
        steps = zip(("parse", "refs", "validate"), zip(marks, marks[1:], strict=False), strict=True)
        for step, (a, b) in steps:
            best[step] = min(best.get(step, b - a), b - a)
    counts = f"{problems.count(Level.ERROR)} errors, {problems.count(Level.WARNING)} warnings"
    times = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in best.items())
    print(f"{path.name} ({len(raw) / 1e6:.1f} MB): {times}; {counts}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    within = hostile()
    for arg in argv:
        validation(Path(arg))
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
