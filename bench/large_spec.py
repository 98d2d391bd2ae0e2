"""Time a large spec end to end, and each step of it, against issue 11's budget.

    .venv/bin/python -m bench.large_spec path/to/openapi.yaml [--runs N]

The budget (issue 11.6): the OpenAI spec (3 MB, ~1,000 schemas) generates in under 20 s on
2 cores, under 1 GB, with every operation present. This prints

1. **end to end**: ``python -m generator --spec SPEC --out <fresh folder>`` in a child
   process: wall time, CPU time (the generator and its formatting helpers), peak memory of
   the largest process, operations in the spec and generated (best of ``--runs``);
2. **steps**, in this process: parse, reference check, validation, build + render, and
   black on every rendered module (CPU time, one core; the first and second pass apart,
   since black formats its own output again whenever it changed something);
3. **the floor on this machine's cores**: the serial part (everything but black) plus black's
   CPU time shared out over the cores; once as measured, and once with black at the best
   speed a sample reaches here. On a machine shared with other work the wall time is longer
   than either floor, and even CPU time stretches (cores share caches and execution units),
   which the second floor leaves out; it also shows the floor if black had one pass only.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus_check import count_generated_operations, count_spec_operations  # noqa: E402

from bench.procs import python_module, run_measured  # noqa: E402
from generator import pipeline  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.format import LINE_LENGTH, workers_for  # noqa: E402
from generator.load import parse_spec  # noqa: E402
from generator.problems import Problems  # noqa: E402
from generator.rendered import Rendered  # noqa: E402
from generator.resolve import Resolver  # noqa: E402
from generator.validate import validate_spec  # noqa: E402

BUDGET_SECONDS = 20.0
BUDGET_MB = 1024.0


def end_to_end(spec: Path, runs: int) -> tuple[float, float, float, int, int]:
    """Best wall time of ``runs``, with its CPU seconds, peak MB and operations generated."""
    best: tuple[float, float, float, int, int] | None = None
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp:
            out = Path(tmp) / "out"
            args = ["--spec", str(spec), "--out", str(out), "--quiet"]
            done = run_measured(python_module(sys.executable, "generator", args), cwd=ROOT)
            if done.status != 0:
                sys.exit(f"the generator exited {done.status}:\n{done.stderr[-2000:]}")
            package = next(p for p in out.iterdir() if (p / "__init__.py").is_file())
            ops, _ = count_generated_operations(package)
            files = sum(1 for _ in package.rglob("*.py"))
            run = (done.seconds, done.cpu_seconds, done.memory_mb, ops, files)
            best = run if best is None or run[0] < best[0] else best
    assert best is not None
    return best


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def steps(spec: Path) -> tuple[dict[str, float], list[str]]:
    """CPU seconds of each step before formatting (in this process, one core), and the
    rendered text of each module black formats."""
    raw = spec.read_bytes()
    problems = Problems()
    times: dict[str, float] = {}
    mark = _cpu()

    def lap(step: str) -> None:
        nonlocal mark
        now = _cpu()
        times[step] = now - mark
        mark = now

    document = parse_spec(raw, spec.name, problems)
    lap("parse")
    assert document is not None, [str(p) for p in problems][:3]
    Resolver(document).check_all(problems)
    lap("references")
    validate_spec(document, problems)
    lap("validate")
    result = pipeline.generate(raw, load_config(None, Problems()), spec_name=spec.name)
    lap("whole pipeline (parse .. render)")
    times["build + render"] = times.pop("whole pipeline (parse .. render)") - sum(times.values())
    return times, [f.body for rel, f in sorted(result.files.items()) if _formatted(rel, f)]


def _formatted(rel: str, file: Rendered) -> bool:
    return rel.endswith(".py") and not file.verbatim


@dataclass
class Black:
    """black's work on a client: lines through each pass, and CPU seconds."""

    first_lines: int = 0
    second_lines: int = 0  # black formats its own output again whenever it changed something
    first: float = 0.0
    second: float = 0.0
    unchanged: int = 0  # modules black leaves as rendered: one pass only
    modules: int = 0


def black_work(texts: list[str]) -> Black:
    from black import _format_str_once  # black's own two passes, timed apart
    from black.mode import Mode, TargetVersion

    mode = Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)
    work = Black(modules=len(texts))
    for text in texts:
        work.first_lines += text.count("\n")
        start = _cpu()
        once = _format_str_once(text, mode=mode)
        work.first += _cpu() - start
        if once == text:
            work.unchanged += 1
            continue
        work.second_lines += once.count("\n")
        start = _cpu()
        _format_str_once(once, mode=mode)
        work.second += _cpu() - start
    return work


def best_speed(texts: list[str], repeats: int = 7) -> float:
    """black's lines per CPU second on a sample, best of ``repeats``: on a machine shared
    with other work, CPU time stretches too (cores share caches and execution units)."""
    sample = texts[::25]
    lines = sum(t.count("\n") for t in sample)
    best = min(black_work(sample).first for _ in range(repeats))
    return lines / max(best, 1e-9)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.large_spec")
    parser.add_argument("spec", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="end-to-end runs (best is shown)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    spec: Path = args.spec
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{spec.name}: {spec.stat().st_size / 1e6:.1f} MB, {cores} cores, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    wall, cpu, mb, ops, files = end_to_end(spec, args.runs)
    in_spec = count_spec_operations(spec)
    verdict = "within" if wall < BUDGET_SECONDS and mb < BUDGET_MB and ops == in_spec else "OVER"
    print(f"end to end: {wall:.1f} s wall, {cpu:.1f} s CPU, {mb:.0f} MB peak, "
          f"{ops}/{in_spec} operations, {files} modules: {verdict} budget "
          f"({BUDGET_SECONDS:.0f} s, {BUDGET_MB:.0f} MB)")  # fmt: skip
    times, texts = steps(spec)
    work = black_work(texts)
    for step, seconds in [*times.items(), ("black, first pass", work.first),
                          ("black, second pass", work.second)]:  # fmt: skip
        print(f"  {step:<20} {seconds:6.2f} s CPU")
    changed = work.modules - work.unchanged
    print(f"  black: {work.first_lines} lines, then {work.second_lines} again "
          f"({changed} of {work.modules} modules changed by black)")  # fmt: skip
    serial = sum(times.values())
    workers = workers_for(sum(len(t) for t in texts))
    speed = best_speed(texts)
    lines = work.first_lines + work.second_lines
    print(f"floor on {workers} core(s), as measured: {serial:.1f} s serial + "
          f"{work.first + work.second:.1f} s black / {workers} = "
          f"{serial + (work.first + work.second) / workers:.1f} s")  # fmt: skip
    print(f"floor on {workers} core(s), black at its best speed here ({speed:.0f} lines/s): "
          f"{serial:.1f} s + {lines / speed:.1f} s / {workers} = "
          f"{serial + lines / speed / workers:.1f} s; with every module left as rendered "
          f"by black (one pass): {serial + work.first_lines / speed / workers:.1f} s")  # fmt: skip
    return 0 if verdict == "within" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
