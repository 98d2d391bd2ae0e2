"""One ``mypy --strict`` run over every package the hostile cases generated.

Each run type-checks one *reference* package whole and, for every other package, a view in
which its runtime modules that are copies of the reference's are stubs re-exporting the
reference's (``stubview.py`` says why that gives the same verdict). An error that mypy finds
in a module of the reference that another package reads through a stub is that package's
error too, and is reported for it. Packages whose names clash (titles that sanitise alike)
cannot share a run; they get a second, small one after the first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hostile.code import Package, collision_free
from hostile.normalize import normalized
from hostile.stubview import Reference, build_view, runtime_modules

__all__ = ["MypyRun", "finish_mypy", "start_mypy"]


def _mypy_cmd(cache: Path, targets: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "mypy", "--strict", "--config-file", "", "--python-version",
        "3.11", "--no-error-summary", "--show-error-codes", "--no-color-output",
        "--cache-dir", str(cache), *targets,
    ]  # fmt: skip


def _signature(pkg: Package) -> tuple[bytes, ...]:
    return tuple(normalized(pkg, p) for _, p in sorted(runtime_modules(pkg.path).items()))


@dataclass
class _Mypy:
    """One mypy process over one group, watched by a thread that notes wall and CPU time."""

    group: list[Package]
    workdir: Path
    targets: dict[str, Package] = field(default_factory=dict)  # path prefix -> package
    stubbed: dict[str, set[str]] = field(default_factory=dict)  # case id -> modules
    reference: Package | None = None
    output: str = ""
    status: int | None = None
    wall: float = 0.0
    cpu: float = 0.0
    thread: threading.Thread | None = None

    def start(self) -> _Mypy:
        """Pick the reference (the commonest runtime), write the views, start mypy."""
        common = Counter(_signature(p) for p in self.group).most_common(1)[0][0]
        ref = self.reference = next(p for p in self.group if _signature(p) == common)
        views, reference = self.workdir / "mypy-views", Reference(ref)
        self.targets[os.path.relpath(ref.path, self.workdir) + os.sep] = ref
        for pkg in self.group:
            if pkg is not ref:
                view, stubbed = build_view(pkg, reference, views)
                self.targets[os.path.relpath(view, self.workdir) + os.sep] = pkg
                self.stubbed[pkg.case_id] = stubbed
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        started = time.perf_counter()
        targets = [prefix.rstrip(os.sep) for prefix in self.targets]
        proc = subprocess.Popen(
            _mypy_cmd(self.workdir / ".mypy_cache", targets),
            cwd=self.workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert proc.stdout is not None
        self.output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = self.status = os.waitstatus_to_exitcode(status)
        self.wall = time.perf_counter() - started
        self.cpu = usage.ru_utime + usage.ru_stime

    def collect(self) -> None:
        """Wait, then hand each package the errors in its files (or in those it reads)."""
        assert self.thread is not None and self.reference is not None
        self.thread.join()
        log = self.workdir / f"mypy-{id(self)}.txt"
        log.write_text(self.output, encoding="utf-8")
        ref_prefix = os.path.relpath(self.reference.path, self.workdir) + os.sep
        for line in self.output.splitlines():
            if ": error:" not in line and "Traceback" not in line and "INTERNAL" not in line:
                continue
            owners = [p for prefix, p in self.targets.items() if line.startswith(prefix)]
            if line.startswith(ref_prefix):
                module = line[len(ref_prefix) :].split(":")[0].removesuffix(".py")
                owners += [p for p in self.group if module in self.stubbed.get(p.case_id, ())]
            for pkg in owners or self.group:
                pkg.problems.append(f"mypy: {line[:300]}")
        if self.status not in (0, 1):
            for pkg in self.group:
                pkg.problems.append(f"mypy stopped (status {self.status}); see {log}")


@dataclass
class MypyRun:
    """The mypy runs of one session: one per group of packages with distinct names."""

    groups: list[list[Package]]
    workdir: Path
    runs: list[_Mypy] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(len(g) for g in self.groups)

    @property
    def stubbed_modules(self) -> int:
        return sum(len(s) for r in self.runs for s in r.stubbed.values())

    @property
    def wall(self) -> float:
        return sum(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return sum(r.cpu for r in self.runs)


def start_mypy(packages: list[Package], workdir: Path) -> MypyRun:
    """Start ``mypy --strict`` on all ``packages`` at once; :func:`finish_mypy` collects it."""
    run = MypyRun(collision_free(packages), workdir)
    if run.groups:
        run.runs.append(_Mypy(run.groups[0], workdir).start())
    return run


def finish_mypy(run: MypyRun) -> None:
    """Wait for mypy; the later runs start after the first has filled the cache."""
    if not run.runs:
        return
    run.runs[0].collect()
    run.runs += [_Mypy(group, run.workdir).start() for group in run.groups[1:]]
    for later in run.runs[1:]:
        later.collect()
