"""Run a set of hostile cases end to end and judge each: :func:`run_corpus`.

1. In-process cases run in two worker processes (one per core), each case in the worker
   itself through ``generator.cli.main``; each worker has its own canary servers, so a
   connection is charged to the case that made it. Isolated cases (watchdog, memory limit)
   run meanwhile from two background threads, each case in a subprocess of its own.
2. Every package a case generated gets its static checks in the worker. Of each set of
   packages that must behave alike (``normalize.py``), one is imported (``importcheck.py``)
   and type-checked (one ``mypy --strict`` run for all, ``typecheck.py``), side by side;
   the others share its result.

The result is one :class:`CaseResult` per case; ``HOSTILE_REPORT=path`` also writes them
(with the time each phase took) as JSON for ``matrix.py``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import shutil
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostile import speedups
from hostile.canary import CanaryServers
from hostile.cases import Case
from hostile.checks import run_failures
from hostile.code import Package, find_packages, import_batch, static_problems
from hostile.guard import exempt_current_thread
from hostile.normalize import same_verdict_groups, share_results
from hostile.run import HANG_GUARD, prepare, run_in_process, run_isolated
from hostile.sandbox import make_sandbox
from hostile.typecheck import finish_mypy, start_mypy

__all__ = ["WORKERS", "CaseResult", "run_corpus"]

WORKERS = 2
#: Seconds to wait for one in-process case before its worker is taken for stuck (in C code,
#: where the hang guard's alarm cannot interrupt it) and stopped.
_STUCK = 4 * HANG_GUARD


@dataclass
class CaseResult:
    case: Case
    failures: list[str]
    packages: list[Package] = field(default_factory=list)

    @property
    def all_failures(self) -> list[str]:
        return self.failures + [p for pkg in self.packages for p in pkg.problems]


def _one(case: Case, root: Path, servers: CanaryServers, isolated: bool) -> CaseResult:
    shutil.rmtree(root, ignore_errors=True)  # a rerun after a worker died starts afresh
    box = make_sandbox(case, root, servers.ports)
    setup_error = prepare(case, box)
    if setup_error is not None:
        return CaseResult(case, [f"harness: {setup_error}"])
    outcome = (run_isolated if isolated else run_in_process)(case, box, servers)
    failures = run_failures(case, box, outcome)
    packages = []
    if outcome.exit in (0, 1):
        names = find_packages(box.out)
        if not names:
            failures.append(f"exit {outcome.exit} but no package was written")
        problems, broken = static_problems(box.out, names)
        failures += problems
        runtime = {k: v for k, v in case.runtime.items() if k in ("redaction", "call")}
        packages = [Package(case.id, box.out, n, runtime) for n in names if n not in broken]
    return CaseResult(case, failures, packages)


def _isolated(index: int, case: Case, tmp: Path, servers: CanaryServers) -> CaseResult:
    return _one(case, tmp / f"c{index:04d}", servers, isolated=True)


def _warm_up() -> None:
    """Import what every run needs before any guard is armed (imports are not the case's)."""
    import black  # noqa: F401
    import openapi_spec_validator  # noqa: F401

    import generator.cli  # noqa: F401
    import generator.pipeline  # noqa: F401


_WORKER: dict[str, Any] = {}


def _init_worker() -> None:
    _warm_up()
    speedups.install()
    _WORKER["servers"] = CanaryServers()


def _work(index: int, case: Case, tmp: Path) -> CaseResult:
    """One in-process case in a worker; a marker file names it in case the worker dies."""
    (tmp / f"worker-{os.getpid()}.current").write_text(case.id, encoding="utf-8")
    return _one(case, tmp / f"c{index:04d}", _WORKER["servers"], isolated=False)


def _pool_round(
    cases: list[tuple[int, Case]], tmp: Path, workers: int
) -> tuple[dict[str, CaseResult], set[str]]:
    """Run ``cases`` in a pool; returns the results, and the cases in flight if it broke."""
    results: dict[str, CaseResult] = {}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        futures = {case.id: pool.submit(_work, i, case, tmp) for i, case in cases}
        for case_id, future in futures.items():
            try:
                results[case_id] = future.result(timeout=_STUCK)
            except TimeoutError:  # stuck where the in-process hang guard cannot reach
                for child in multiprocessing.active_children():
                    child.kill()
                break
            except BrokenProcessPool:
                break
    markers = list(tmp.glob("worker-*.current"))
    in_flight = {m.read_text(encoding="utf-8") for m in markers} - set(results)
    for marker in markers:
        marker.unlink()
    return results, in_flight if len(results) < len(cases) else set()


def _run_pool(indexed: list[tuple[int, Case]], tmp: Path) -> dict[str, CaseResult]:
    """All in-process cases; a case that kills its worker fails, and the rest go on.

    When the pool breaks, each case that was in flight runs again alone: the one that
    breaks a pool of its own is the culprit (the other worker only went down with it).
    """
    results: dict[str, CaseResult] = {}
    pending = list(indexed)
    while pending:
        done, in_flight = _pool_round(pending, tmp, WORKERS)
        results.update(done)
        if not done and not in_flight:  # the pool broke before any case started
            return results | {c.id: CaseResult(c, ["the worker pool broke"]) for _, c in pending}
        for index, case in pending:
            if case.id in in_flight:
                alone, _ = _pool_round([(index, case)], tmp, 1)
                results[case.id] = alone.get(case.id) or CaseResult(
                    case, ["the worker process running it died or got stuck"]
                )
        pending = [(i, c) for i, c in pending if c.id not in results]
    return results


def _cpu() -> float:
    """CPU seconds of this process and of every child it has waited for."""
    usages = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usages)


def run_corpus(indexed: list[tuple[int, Case]], tmp: Path) -> dict[str, CaseResult]:
    """Run the cases (with their manifest index, which names their sandbox) under ``tmp``."""
    timings: dict[str, float] = {}
    started, cpu = time.perf_counter(), _cpu()
    isolated = [(i, c) for i, c in indexed if c.isolate]
    with CanaryServers() as servers, ThreadPoolExecutor(
        WORKERS, initializer=exempt_current_thread
    ) as background:
        futures: list[Future[CaseResult]] = [
            background.submit(_isolated, i, c, tmp, servers) for i, c in isolated
        ]
        results = _run_pool([(i, c) for i, c in indexed if not c.isolate], tmp)
        timings["in-process cases"] = time.perf_counter() - started
        results.update({r.case.id: r for r in (f.result() for f in futures)})
        timings["isolated cases (waited for)"] = time.perf_counter() - started
    timings["cases (cpu)"] = _cpu() - cpu
    packages = [pkg for r in results.values() for pkg in r.packages]
    mark = time.perf_counter()
    groups = same_verdict_groups(packages)
    checked = [members[0] for members in groups.values()]
    mypy = start_mypy(checked, tmp)
    timings["import check (cpu)"] = import_batch(checked, tmp)
    timings["import check (wall)"] = time.perf_counter() - mark
    finish_mypy(mypy)
    share_results(groups)
    timings["mypy (wall, beside the import check)"] = mypy.wall
    timings["mypy (cpu)"] = mypy.cpu
    timings["code checks (wall)"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    timings["total (cpu)"] = _cpu() - cpu
    _write_report(results, timings, len(packages), mypy.checked, mypy.stubbed_modules)
    return results


def _write_report(
    results: dict[str, CaseResult],
    timings: dict[str, float],
    packages: int,
    checked: int,
    stubbed: int,
) -> None:
    path = os.environ.get("HOSTILE_REPORT")
    if not path:
        return
    data = {
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "packages": packages,
        "type_checked": checked,
        "modules_read_from_the_reference": stubbed,
        "cases": {
            case_id: {"family": r.case.family, "failures": r.all_failures}
            for case_id, r in sorted(results.items())
        },
    }
    Path(path).write_text(json.dumps(data, indent=1), encoding="utf-8")
