"""Run a command and measure it: wall time, exit status, and peak memory of its process tree.

Peak memory is measured two ways:

- a Python module run through :func:`python_module` reports its own high-water mark
  (``VmHWM``) as it exits, which is exact for that process. (The kernel's ``ru_maxrss``
  is not: it counts the image of the bench process the child was forked from, before
  ``exec``, so every child would seem as large as the bench.)
- a sampler thread adds up the resident size of the child and all its descendants every
  few milliseconds, which is what counts when the work is spread over processes (a
  formatter pool, say), but it can miss a short spike.

The larger of the two is the one to compare with a budget.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Run", "python_module", "run_measured", "run_timed"]

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
_HWM = "BENCH-HWM-KB "
# Runs a module as ``python -m`` would, then prints the process's own peak resident size.
_REPORTING = f"""
import atexit, runpy, sys
def _report():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    print("{_HWM}" + kb, file=sys.stderr, flush=True)
atexit.register(_report)
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def python_module(python: str, module: str, args: Sequence[str]) -> list[str]:
    """``python -m module args``, reporting its own peak memory as it exits."""
    return [python, "-c", _REPORTING, module, *args]


@dataclass(frozen=True)
class Run:
    """One finished command."""

    seconds: float
    status: int
    stdout: str
    stderr: str
    tree_peak_mb: float = 0.0
    """The largest sampled sum of resident sizes over the process tree, in MiB."""
    cpu_seconds: float = 0.0
    """User and system CPU time of the child and the processes it waited for: unlike wall
    time, it hardly grows when other work on the machine takes the cores."""

    @property
    def peak_mb(self) -> float:
        """The peak resident size the process reported (see :func:`python_module`), MiB."""
        reported = [line for line in self.stderr.splitlines() if line.startswith(_HWM)]
        return int(reported[-1].removeprefix(_HWM)) / 1024 if reported else 0.0

    @property
    def memory_mb(self) -> float:
        return max(self.peak_mb, self.tree_peak_mb)

    def first_error(self) -> str:
        """The first line of output that says what went wrong (for a failed run)."""
        lines = [line.strip() for line in (self.stderr + "\n" + self.stdout).splitlines()]
        lines = [line for line in lines if line]
        lines = [line for line in lines if not line.startswith(_HWM)]
        for line in lines:
            if "rror" in line:
                return line[:300]
        return lines[-1][:300] if lines else f"exit status {self.status}"


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", "rb") as listing:
                found.extend(int(c) for c in listing.read().split())
    except OSError:
        pass
    return found


def _tree_rss_kb(root: int) -> int:
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        todo.extend(_children(pid))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self.done.wait(self.interval)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def run_measured(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 900.0,
    sample: float = 0.02,
) -> Run:
    """Run ``cmd`` to its end and measure it; ``sample`` seconds between memory samples.

    ``sample=0`` turns the sampler off, for the cases where a thread reading ``/proc``
    beside the timed command would be noise.
    """
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                list(cmd),
                cwd=cwd,
                env=dict(env) if env is not None else None,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )
            sampler = _Sampler(proc.pid, sample) if sample > 0 else None
            if sampler is not None:
                sampler.start()
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            try:
                _, wait_status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(wait_status)
            if sampler is not None:
                sampler.done.set()
                sampler.join()
        return Run(
            seconds=seconds,
            status=proc.returncode,
            stdout=_read(out_path),
            stderr=_read(err_path),
            tree_peak_mb=(sampler.peak_kb / 1024) if sampler is not None else 0.0,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )


def run_timed(
    cmd: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Run:
    """Run ``cmd`` and time it, without the memory sampler."""
    return run_measured(cmd, cwd=cwd, env=env, sample=0)
