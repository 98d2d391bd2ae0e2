"""Subprocess entry: import generated packages and try their clients, ``python importcheck.py
JOBS.json RESULTS.jsonl``.

For each package: import it and every module under it while the audit guard allows no
write, no process and no connection, with output captured and an empty working folder (an
injected payload that ran would show up in one of them). Then build the client on a mock
transport and check that no resource shadows a client attribute, that it closes, and (for
``redaction`` jobs) that API keys never reach logs, reprs or exception messages.

A line ``{"start": key}`` precedes each job's result, so a crash is attributed to its job.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import pkgutil
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402 - loaded before any guard, like every other dependency

from hostile.clientcheck import check_client  # noqa: E402
from hostile.guard import guard  # noqa: E402

IMPORT_LIMIT = 30


def _stop(signum: int, frame: object) -> None:
    raise TimeoutError(f"import still running after {IMPORT_LIMIT} s")


def _import_all(package: str) -> list[str]:
    """Import the package and all its modules; one line per module that failed."""
    failures = []
    try:
        pkg = importlib.import_module(package)
    except BaseException:  # noqa: BLE001 - a payload may raise anything, SystemExit included
        return [f"import {package}: {traceback.format_exc(limit=3)}"]
    for info in pkgutil.walk_packages(pkg.__path__, package + "."):
        try:
            importlib.import_module(info.name)
        except BaseException:  # noqa: BLE001
            failures.append(f"import {info.name}: {traceback.format_exc(limit=3)}")
    return failures


def _check(job: dict[str, Any], workdir: Path) -> dict[str, Any]:
    problems: list[str] = []
    cwd = workdir / job["key"].replace("/", "_")[:60]
    cwd.mkdir(parents=True, exist_ok=True)
    os.chdir(cwd)
    sys.path.insert(0, job["root"])
    out, err = io.StringIO(), io.StringIO()
    signal.alarm(IMPORT_LIMIT)  # an import that never returns fails with a TimeoutError
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), guard([]) as g:
        problems += _import_all(job["package"])
    signal.alarm(0)
    side_effects = g.violations + g.network
    if out.getvalue() or err.getvalue():
        side_effects.append(f"printed on import: {(out.getvalue() + err.getvalue())[:300]!r}")
    left = sorted(os.listdir(cwd))
    if left:
        side_effects.append(f"left files in the working folder on import: {left}")
    problems += [f"import side effect: {s}" for s in side_effects]
    if not problems:
        problems += check_client(job, httpx)
    return {"key": job["key"], "problems": problems}


def main(argv: list[str]) -> int:
    jobs = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    signal.signal(signal.SIGALRM, _stop)
    workdir = Path(argv[3])
    with open(argv[2], "a", encoding="utf-8") as results:
        for job in jobs:
            results.write(json.dumps({"start": job["key"]}) + "\n")
            results.flush()
            results.write(json.dumps(_check(job, workdir)) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
