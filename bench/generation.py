"""The three generation cases, each side by side with a full run of openapi-python-client.

Everything runs in a scratch folder, never in the repository: a copy of ``spec/`` per case
(a run may rewrite the name lock beside the config), output folders of its own, and a cache
folder (``XDG_CACHE_HOME``, also ``BLACK_CACHE_DIR``) of its own:

- ``--check`` on an unchanged tree: the output of a first run, checked again;
- regenerate after a one-word description change: before each run the output folder is put
  back as the unchanged spec made it (untimed), then the changed spec is generated into it;
- from scratch: into a folder that does not exist yet, with an empty cache folder each time.

OPC (openapi-python-client 0.29.1, from the bench's own virtualenv) generates the same spec
with ``--overwrite`` each time, its post-hooks (ruff) on the ``PATH`` as its docs expect.
Every command is a child process, timed from start to exit, so each side pays for starting
Python and its imports, as a person running it would.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.procs import Run, run_timed
from bench.report import Row, ratio_row
from bench.scale import black_floor
from bench.stats import Spread, interleave, paired_ratios
from bench.workload import ROOT, main_spec_path, one_word_changed, shared_folder

__all__ = ["BenchError", "GenerationResult", "generation_rows", "opc_command"]


class BenchError(RuntimeError):
    """A command the bench runs did not do what it must (the message says what)."""


@dataclass
class GenerationResult:
    rows: list[Row]
    details: list[str] = field(default_factory=list)
    opc_package: Path | None = None
    """OPC's generated package, for the parsing peers (``None`` when OPC failed)."""


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def opc_command(spec: Path, out: Path) -> list[str]:
    return [
        _bin("openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(out),
        "--overwrite",
    ]


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    env["BLACK_CACHE_DIR"] = str(cache / "black")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _must(run: Run, what: str, statuses: tuple[int, ...] = (0,)) -> Run:
    if run.status not in statuses:
        raise BenchError(f"{what}: exit status {run.status}: {run.first_error()}")
    return run


def _summary(run: Run) -> str:
    """The generator's own summary line (``N written, ... (K formatted)``)."""
    lines = [line for line in run.stdout.splitlines() if "written" in line or "in sync" in line]
    if not lines:
        return "(no summary line)"
    return lines[0].rsplit(": ", 1)[-1].strip()  # without the scratch folder's name


class _Sandbox:
    last_regen = ""
    last_scratch = ""
    opc_said = ""
    scratch_cpu: list[float]

    def __init__(self, work: Path) -> None:
        self.work = work
        self.spec_dir = ROOT / "spec"
        self.spec = main_spec_path()
        self.cache = work / "cache"
        self.generate = [sys.executable, "-m", "generator"]
        self.scratch_cpu = []  # CPU seconds of each from-scratch run, helpers included
        changed, self.before, self.after = one_word_changed(self.spec.read_text("utf-8"))
        for name in ("a", "b", "c", "o"):
            shutil.copytree(self.spec_dir, work / f"spec-{name}")
        (work / "spec-b" / self.spec.name).write_text(changed, encoding="utf-8")

    def config(self, name: str) -> str:
        return str(self.work / f"spec-{name}" / "codegen.yaml")

    def restore_lock(self, name: str) -> None:
        lock = self.spec_dir / "codegen.lock.yaml"
        if lock.exists():
            shutil.copy2(lock, self.work / f"spec-{name}" / lock.name)

    def run(self, cmd: list[str], cache: Path | None = None) -> Run:
        return run_timed(cmd, cwd=ROOT, env=_env(cache or self.cache))


def _cases(
    box: _Sandbox, opc_spec: Path, log: Callable[[str], None]
) -> dict[str, Callable[[], float]]:
    work = box.work
    base_out, regen_out = work / "base-out", work / "regen-out"
    _must(
        box.run(box.generate + ["--config", box.config("a"), "--out", str(base_out)]),
        "generating the unchanged spec",
    )
    counter = iter(range(10**6))

    def check() -> float:
        cmd = box.generate + ["--check", "--config", box.config("a"), "--out", str(base_out)]
        return _must(box.run(cmd), "--check on the unchanged tree").seconds

    def regen() -> float:
        shutil.rmtree(regen_out, ignore_errors=True)
        shutil.copytree(base_out, regen_out, symlinks=True)
        box.restore_lock("b")
        cmd = box.generate + ["--config", box.config("b"), "--out", str(regen_out)]
        run = _must(box.run(cmd), "regenerating after a one-word change")
        box.last_regen = _summary(run)
        return run.seconds

    def scratch() -> float:
        n = next(counter)
        cache, out = work / f"cache-{n}", work / f"scratch-{n}" / "out"
        cache.mkdir()
        box.restore_lock("c")
        cmd = box.generate + ["--config", box.config("c"), "--out", str(out)]
        run = _must(box.run(cmd, cache=cache), "generating from scratch")
        box.last_scratch = _summary(run)
        box.scratch_cpu.append(run.cpu_seconds)
        shutil.rmtree(out.parent)
        shutil.rmtree(cache)
        return run.seconds

    def opc() -> float:
        return _must(box.run(opc_command(opc_spec, work / "opc-out")), "OPC full run").seconds

    log(f"  sandbox ready in {work}")
    return {"opc": opc, "check": check, "regen": regen, "scratch": scratch}


def _opc_spec(box: _Sandbox, log: Callable[[str], None]) -> tuple[Path, str]:
    """Our spec if OPC takes it, else the nearest corpus spec it does take (with the error)."""
    ours = box.work / "spec-o" / box.spec.name
    run = box.run(opc_command(ours, box.work / "opc-out"))
    if run.status == 0:
        dropped = (run.stdout + run.stderr).count("Unable to ")
        box.opc_said = (
            f'OPC\'s run on `{box.spec.name}`: exit 0, {dropped} "Unable to ..." warnings'
        )
        return ours, ""
    error = run.first_error()
    log(f"  OPC cannot process {box.spec.name}: {error}")
    size = box.spec.stat().st_size
    shared = shared_folder()
    corpus = (shared / "corpus").glob("*.y*ml") if shared else iter(())
    candidates = sorted(corpus, key=lambda p: abs(p.stat().st_size - size))
    for candidate in candidates:
        if box.run(opc_command(candidate, box.work / "opc-out")).status == 0:
            note = f"OPC cannot process {box.spec.name} ({error}); measured on {candidate.name}"
            return candidate, note
    raise BenchError(f"OPC processes neither {box.spec.name} nor any corpus spec: {error}")


def generation_rows(work: Path, rounds: int, log: Callable[[str], None]) -> GenerationResult:
    box = _Sandbox(work)
    opc_spec, opc_note = _opc_spec(box, log)
    cases = _cases(box, opc_spec, log)
    for name, case in cases.items():  # warm the disk cache and byte-code once, untimed
        log(f"  warm-up {name}: {case():.2f} s")
    got = interleave(cases, rounds)
    base = got["opc"]
    label = "OPC full run" + (f" ({opc_spec.name})" if opc_note else "")
    cores, floor = _scratch_floor(box, got)
    rows = [
        ratio_row("`--check`, tree unchanged", got["check"], base, label, 0.10, opc_note),
        ratio_row(
            "regenerate after a one-word description change",
            got["regen"],
            base,
            label,
            0.50,
            f"`{box.before}` -> `{box.after}`; {box.last_regen}",
        ),
        ratio_row(
            "from scratch, empty folder and empty cache folder",
            got["scratch"],
            base,
            label,
            1.00,
            box.last_scratch,
            floor,
        ),
        _scratch_floor_row(cores, floor, base, label, work / "base-out"),
    ]
    opc_files = sorted((work / "opc-out").rglob("*.py"))
    details = [
        f"OPC wrote {len(opc_files)} Python files (formatted by ruff, its post-hook); ours, "
        f"{_count_py(work / 'base-out')} (formatted by black).",
    ] + (
        [f"{box.opc_said} (each leaves a part of the API out of its client)."]
        if box.opc_said
        else []
    )
    package = next((p.parent.parent for p in opc_files if p.match("*/models/__init__.py")), None)
    return GenerationResult(rows, details, package if not opc_note else None)


def _scratch_floor(box: _Sandbox, got: dict[str, Spread]) -> tuple[int, Spread]:
    """The cores here, and the least wall time a from-scratch run's work can take on them:
    its CPU time (helpers included) spread evenly over the cores, round by round."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    warm_up = len(box.scratch_cpu) - len(got["scratch"].values)  # the untimed first run
    return cores, Spread.of([cpu / cores for cpu in box.scratch_cpu[warm_up:]])


def _scratch_floor_row(cores: int, floor: Spread, base: Spread, label: str, out: Path) -> Row:
    """The floor of the from-scratch run against OPC's, with black's share of its work."""
    black = black_floor(out, sample_every=1, cores=1)
    above = paired_ratios(floor, base).median > 1.0
    reading = (
        "above 1.00×: the target needs less work, not better scheduling"
        if above
        else "below 1.00×: what the run spends over it is time a core waits"
    )
    return ratio_row(
        f"from scratch: the floor of that run, its CPU time spread over {cores} cores",
        floor,
        base,
        label,
        None,
        f"{reading}; of the work, black alone is {black.seconds:.2f} s of CPU at its best "
        f"speed here ({black.lines:,} lines, {black.lines_per_second:,.0f} lines/s)",
    )


def _count_py(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.py"))
