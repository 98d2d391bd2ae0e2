"""Generation time and peak memory against spec size, and the exponent of their growth.

Every spec in ``../shared/corpus/`` and ``../shared/corpus-peer/`` (read-only; skipped when
absent), and the main spec made 1, 2, 4 ... ``max_copies`` times larger
(:mod:`bench.synth`), is generated from scratch: a new output folder and an empty cache
folder each, in a child process whose peak memory is measured (:mod:`bench.procs`). Specs
the generator refuses are listed with their first error and left out of the fit.

The fit is ``t = c + a * size**k`` (:func:`bench.stats.fit_power`): ``c`` is the fixed
cost of a run (starting Python, imports), ``k`` the growth. Linear means ``k`` near 1.
``t`` is the CPU time of the run (its children's included), not its wall time: on a
shared machine one run of a few minutes is slowed by whatever else runs, and one run per
spec is all the time allows; CPU time hardly moves with that. Wall time is listed too,
and the issue-11 budget is judged on it.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.procs import python_module, run_measured
from bench.report import Row
from bench.stats import Fit, fit_power
from bench.synth import multiplied
from bench.workload import ROOT, count_schemas, load_spec, shared_folder

__all__ = [
    "BlackFloor", "Point", "black_floor", "fits", "measure_scale", "scale_rows", "spec_files",
]  # fmt: skip

GROUPS = ("corpus", "corpus-peer")
#: The issue-11 budget for a 3 MB spec: seconds and MiB.
BUDGET_SECONDS, BUDGET_MB = 20.0, 1024.0
LINEAR_ABOVE = 1.15  # an exponent above this is not linear


@dataclass(frozen=True)
class BlackFloor:
    """black alone on a generated client: its lines, and how fast black goes here at best.

    ``seconds`` is those lines through one pass of black, at the best speed a sample of the
    client's own modules reaches, spread over the cores: a run that formats with black cannot
    take less wall time, whatever else it does, and whatever the scheduling.
    """

    lines: int
    lines_per_second: float
    cores: int

    @property
    def seconds(self) -> float:
        return self.lines / self.lines_per_second / self.cores


def black_floor(
    out: Path, sample_every: int = 10, repeats: int = 5, cores: int | None = None
) -> BlackFloor:
    """The :class:`BlackFloor` of the client in ``out`` (its modules are already formatted,
    so each goes through black once, as a render laid out as black writes it would), on
    ``cores`` (default: as many as the generator formats that much text with)."""
    from black import format_str
    from black.mode import Mode, TargetVersion

    from generator.format import LINE_LENGTH, workers_for
    from generator.render import RUNTIME

    mode = Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)
    runtime = {p.name for p in (ROOT / "templates" / RUNTIME).glob("*.py")}  # copied verbatim
    modules = [p for p in sorted(out.rglob("*.py")) if p.name not in runtime]
    texts = [p.read_text(encoding="utf-8") for p in modules]
    sample = texts[::sample_every]
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for text in sample:
            format_str(text, mode=mode)
        best = min(best, time.process_time() - start)
    lines = sum(t.count("\n") for t in texts)
    speed = sum(t.count("\n") for t in sample) / max(best, 1e-9)
    return BlackFloor(lines, speed, cores or workers_for(sum(len(t) for t in texts)))


@dataclass(frozen=True)
class Point:
    name: str
    group: str
    size: int
    schemas: int
    seconds: float
    """CPU time (user + system) of the run: what the fits use."""
    memory_mb: float
    status: int
    error: str = ""
    wall_seconds: float = 0.0
    floor: BlackFloor | None = None
    """For the largest synthetic specs: black's own share, the part no scheduling removes."""
    operations: tuple[int, int] | None = None
    """For the same specs: operations generated, and operations in the spec."""

    @property
    def ok(self) -> bool:
        return self.status in (0, 1)


def spec_files(shared: Path | None = None) -> list[tuple[str, Path]]:
    shared = shared or shared_folder()
    found: list[tuple[str, Path]] = []
    if shared is None:
        return found
    for group in GROUPS:
        folder = shared / group
        if folder.is_dir():
            found += [
                (group, p)
                for p in sorted(folder.iterdir())
                if p.suffix in (".yaml", ".yml", ".json")
            ]
    return found


def _schemas_of(path: Path) -> int:
    try:
        return count_schemas(yaml.safe_load(path.read_bytes()))
    except yaml.YAMLError:
        return 0


#: Synthetic specs at least this large (the OpenAI spec of issue 11 is 3.0 MB) get a floor.
FLOOR_FROM_BYTES = 2_500_000


def _generate(path: Path, group: str, work: Path, n: int) -> Point:
    cache, out = work / f"scale-cache-{n}", work / f"scale-out-{n}"
    cache.mkdir()
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), BLACK_CACHE_DIR=str(cache / "black"))
    args = ["--spec", str(path), "--out", str(out), "--quiet"]
    cmd = python_module(sys.executable, "generator", args)
    run = run_measured(cmd, cwd=ROOT, env=env, timeout=1800)
    big = group in ("synthetic", "large") and path.stat().st_size >= FLOOR_FROM_BYTES
    floor, operations = None, None
    if big and run.status in (0, 1):
        floor, operations = black_floor(out), _operations(path, out)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    error = "" if run.status in (0, 1) else run.first_error()
    return Point(
        path.name,
        group,
        path.stat().st_size,
        _schemas_of(path),
        run.cpu_seconds,
        run.memory_mb,
        run.status,
        error,
        run.seconds,
        floor,
        operations,
    )


def _operations(spec: Path, out: Path) -> tuple[int, int] | None:
    """Operations the client at ``out`` has, and operations ``spec`` declares."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.append(str(ROOT / "tests"))
    from corpus_check import count_generated_operations, count_spec_operations

    package = next((p for p in out.iterdir() if (p / "__init__.py").is_file()), None)
    if package is None:
        return None
    return count_generated_operations(package)[0], count_spec_operations(spec)


def measure_scale(
    work: Path, max_copies: int, log: Callable[[str], None], large: Sequence[Path] = ()
) -> list[Point]:
    """Every corpus spec, the synthetic ones, then each of ``large`` (outside the fits)."""
    specs = spec_files()
    spec = load_spec()
    k = 1
    while k <= max_copies:
        path = work / f"sendcloud-integrations-x{k}.yaml"
        text = yaml.safe_dump(multiplied(spec, k), sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        specs.append(("synthetic", path))
        k *= 2
    specs += [("large", Path(path)) for path in large]
    points = []
    for n, (group, path) in enumerate(specs):
        point = _generate(path, group, work, n)
        log(
            f"  {group:11} {path.name:60} {point.size / 1e3:8.0f} KB {point.seconds:7.2f} s CPU "
            f"{point.wall_seconds:7.2f} s wall "
            f"{point.memory_mb:6.0f} MB  exit {point.status} {point.error[:60]}"
        )
        points.append(point)
    return points


def fits(points: Sequence[Point]) -> dict[str, Fit]:
    """Fits of time and memory against bytes and schema count, over the specs generated."""
    ok = [p for p in points if p.ok and p.schemas > 0 and p.group != "large"]
    synthetic = [p for p in ok if p.group == "synthetic"]
    out: dict[str, Fit] = {}
    if len(ok) >= 3:
        out["time~bytes"] = fit_power([p.size for p in ok], [p.seconds for p in ok])
        out["time~schemas"] = fit_power([p.schemas for p in ok], [p.seconds for p in ok])
        out["memory~bytes"] = fit_power([p.size for p in ok], [p.memory_mb for p in ok])
    if len(synthetic) >= 3:
        out["time~bytes (synthetic)"] = fit_power(
            [p.size for p in synthetic], [p.seconds for p in synthetic]
        )
    return out


def scale_rows(points: Sequence[Point]) -> tuple[list[Row], list[str]]:
    found = fits(points)
    refused = [p for p in points if not p.ok]
    details = [f"Specs generated: {sum(p.ok for p in points)} of {len(points)}."]
    details += [f"Refused: `{p.name}` ({p.group}), exit {p.status}: {p.error}" for p in refused]
    for name, fit in found.items():
        details.append(
            f"Fit {name}: {fit.offset:.3g} + {fit.scale:.3g} · x^{fit.exponent:.2f} "
            f"(R² {fit.r_squared:.3f})"
        )
    rows = []
    labels = (
        ("time~bytes (synthetic)", "spec bytes, the main spec ×1…×N"),
        ("time~bytes", "spec bytes, every spec"),
        ("time~schemas", "schema count, every spec"),
    )
    for key, label in labels:
        if key in found:
            k = found[key].exponent
            count = sum(
                p.ok and p.group != "large" and (p.group == "synthetic" or "synthetic" not in key)
                for p in points
            )
            rows.append(
                Row(
                    f"scale: generation CPU time vs {label}, fitted exponent",
                    f"k = {k:.2f} (R² {found[key].r_squared:.2f})",
                    f"{count} specs",
                    None,
                    f"≈ 1.0 (≤ {LINEAR_ABOVE})",
                    k <= LINEAR_ABOVE,
                )
            )
    synthetic = [p for p in points if p.ok and p.group != "large"]
    largest = max(synthetic, key=lambda p: p.size, default=None)
    big = [p for p in synthetic if p.floor is not None and p is not largest]
    for point in ([largest] if largest is not None else []) + big[-1:]:
        rows += _budget_rows(point, "largest spec generated" if point is largest else "spec")
    for point in (p for p in points if p.group == "large"):
        rows += _budget_rows(point, f"`{point.name}`" if point.ok else "refused")
    return rows, details


def _budget_rows(point: Point, what: str) -> list[Row]:
    """The issue-11 budget against a spec's run, and against black's floor for its client."""
    ops = point.operations
    complete = ops is None or ops[0] == ops[1]
    within = point.ok and complete and point.memory_mb < BUDGET_MB
    met = within and point.wall_seconds < BUDGET_SECONDS
    budget = f"< {BUDGET_SECONDS:.0f} s, < {BUDGET_MB / 1024:.0f} GB (issue 11)"
    operations = f"; {ops[0]}/{ops[1]} operations" if ops is not None else ""
    name = f"{point.size / 1e6:.1f} MB, {point.schemas:,} schemas"
    floor = point.floor
    rows = [
        Row(
            f"scale: {what} ({name})",
            f"{point.wall_seconds:.1f} s wall ({point.seconds:.1f} s CPU), "
            f"{point.memory_mb:.0f} MB peak",
            "-",
            None,
            budget,
            met,
            f"`{point.name}`, from scratch, one run{operations}",
            "" if floor is None else f"{floor.seconds:.1f} s",
            # only time has a floor: a run that failed otherwise is plainly not met
            None if floor is None or not within else floor.seconds < BUDGET_SECONDS,
        )
    ]
    if floor is not None:
        rows.append(
            Row(
                f"scale: the floor of that run ({name}): black alone, one pass, "
                f"{floor.cores} core(s)",
                f"{floor.seconds:.1f} s",
                "-",
                None,
                "-",  # the run's row above is judged against it
                None,
                f"{floor.lines:,} lines at black's best speed here, "
                f"{floor.lines_per_second:,.0f} lines/s per core: no run that formats "
                "with black can be faster",
            )
        )
    return rows
