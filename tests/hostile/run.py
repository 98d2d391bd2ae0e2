"""Run one case: in this process through ``generator.cli.main``, or isolated in a subprocess.

Both ways record the same :class:`Outcome`: exit status, any exception that escaped, the
output, what the audit guard saw, connections the canary servers accepted, and the sandbox
before and after. ``checks.py`` judges it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from hostile.canary import CanaryServers
from hostile.cases import HOSTILE_DIR, Case
from hostile.guard import guard
from hostile.sandbox import Sandbox, Snapshot, apply_tree, snapshot

__all__ = ["HANG_GUARD", "Outcome", "argv_for", "prepare", "run_in_process", "run_isolated"]

#: Seconds before a case is stopped as hung. Generous: the issue asks for under 10 s.
HANG_GUARD = 30.0
#: Address-space limit of an isolated case: a runaway case fails, the machine stays usable.
ISOLATED_MEMORY_LIMIT = 2 * 1024**3
ROOT = HOSTILE_DIR.parents[1]


@dataclass
class Outcome:
    exit: int | None = None
    exception: str | None = None  # traceback of an exception that escaped main()
    stdout: str = ""
    stderr: str = ""
    violations: list[str] = field(default_factory=list)
    network: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    hung: bool = False
    signal: int | None = None
    maxrss_mb: float | None = None  # isolated: the peak of the whole run
    rss_growth_mb: float = 0.0  # in process: how much the process's peak grew during the run
    before: Snapshot = field(default_factory=dict)
    after: Snapshot = field(default_factory=dict)
    setup_error: str | None = None


class CaseTimeout(BaseException):
    """Raised in the main thread by the hang guard (a BaseException: nothing swallows it)."""


def argv_for(case: Case, box: Sandbox) -> list[str]:
    return [
        "--cache-dir", str(box.cache), "--spec", str(box.spec), "--out", str(box.out),
        *(box.fill(a) for a in case.args),
    ]  # fmt: skip


@contextlib.contextmanager
def _env(overrides: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def _hang_guard(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise CaseTimeout()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _call_main(argv: list[str], outcome: Outcome) -> None:
    from generator.cli import main

    try:
        outcome.exit = main(argv)
    except SystemExit as exc:  # argparse, or a step that exits
        outcome.exit = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except CaseTimeout:
        outcome.hung = True
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - exactly what this harness looks for
        outcome.exception = traceback.format_exc()


def prepare(case: Case, box: Sandbox) -> str | None:
    """Pregenerate and lay out the case's tree; the reason when that fails (a harness error)."""
    if case.pregen:
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            pre = Outcome()
            _call_main(argv_for(replace(case, args=()), box), pre)
        if pre.exit != 0:
            return f"pregeneration failed (exit {pre.exit}): {pre.exception or quiet.getvalue()}"
    try:
        apply_tree(box, case.tree)
    except (OSError, ValueError, KeyError) as exc:
        return f"could not lay out the tree: {exc!r}"
    return None


def run_in_process(case: Case, box: Sandbox, servers: CanaryServers) -> Outcome:
    outcome = Outcome(before=snapshot(box.root))
    out, err = io.StringIO(), io.StringIO()
    accepted = servers.mark()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        stack.enter_context(contextlib.chdir(box.cwd))
        stack.enter_context(_env({k: box.fill(v) for k, v in case.env.items()}))
        writable = [str(box.out), str(box.cache)]
        g = stack.enter_context(guard(writable, box.canaries, box.canary_dirs))
        stack.enter_context(_hang_guard(HANG_GUARD))
        _call_main(argv_for(case, box), outcome)
    outcome.rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    outcome.stdout, outcome.stderr = out.getvalue(), err.getvalue()
    outcome.violations, outcome.network = g.violations, g.network
    outcome.accepted = servers.accepted_since(accepted)
    outcome.after = snapshot(box.root)
    return outcome


def run_isolated(case: Case, box: Sandbox, servers: CanaryServers) -> Outcome:
    """The case in a subprocess (``runner.py``), stopped after HANG_GUARD seconds."""
    outcome = Outcome(before=snapshot(box.root))
    job = box.root.parent / f"{box.root.name}.job.json"
    result = box.root.parent / f"{box.root.name}.result.json"
    job.write_text(json.dumps({
        "argv": argv_for(case, box), "cwd": str(box.cwd), "result": str(result),
        "env": {k: box.fill(v) for k, v in case.env.items()},
        "writable": [str(box.out), str(box.cache)],
        "canaries": box.canaries, "canary_dirs": box.canary_dirs,
        "memory_limit": ISOLATED_MEMORY_LIMIT,
    }), encoding="utf-8")  # fmt: skip
    accepted = servers.mark()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HOSTILE_DIR.parent)])}
    cmd = [sys.executable, str(HOSTILE_DIR / "runner.py"), str(job)]
    try:
        proc = subprocess.run(cmd, cwd=box.cwd, env=env, capture_output=True, timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        outcome.hung = True
    else:
        if proc.returncode < 0:
            outcome.signal = -proc.returncode
        _read_result(outcome, result, proc)
    outcome.accepted = servers.accepted_since(accepted)
    outcome.after = snapshot(box.root)
    return outcome


def _read_result(outcome: Outcome, result: Path, proc: subprocess.CompletedProcess[bytes]) -> None:
    try:
        data = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = proc.stderr.decode("utf-8", "replace")[-2000:]
        outcome.exception = outcome.exception or (
            f"the isolated run left no result (status {proc.returncode}): {tail}"
            if outcome.signal is None
            else None
        )
        return
    for key in ("exit", "exception", "stdout", "stderr", "violations", "network", "maxrss_mb"):
        setattr(outcome, key, data[key])
