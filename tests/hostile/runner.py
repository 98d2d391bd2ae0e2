"""Subprocess entry for an isolated case: ``python runner.py JOB.json``.

Runs ``generator.cli.main`` under the audit guard and a memory limit, and writes what
happened to the job's result file. The parent (``run.run_isolated``) enforces the hang guard
and notices a crash (no result file, or death by a signal).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import sys
import traceback
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile.guard import guard  # noqa: E402


def _run(job: dict[str, Any]) -> dict[str, Any]:
    from generator.cli import main  # imported before the guard: its imports are not the case's

    result: dict[str, Any] = {"exit": None, "exception": None}
    out, err = io.StringIO(), io.StringIO()
    os.environ.update(job["env"])
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        g = stack.enter_context(guard(job["writable"], job["canaries"], job["canary_dirs"]))
        try:
            result["exit"] = main(job["argv"])
        except SystemExit as exc:
            result["exit"] = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - exactly what the harness looks for
            result["exception"] = traceback.format_exc()
    result.update(stdout=out.getvalue(), stderr=err.getvalue(), violations=g.violations,
                  network=g.network)  # fmt: skip
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main(argv: list[str]) -> int:
    job = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    limit = job["memory_limit"]
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.chdir(job["cwd"])
    # Preload what every run needs, so the guard sees only the case's own work.
    import openapi_spec_validator  # noqa: F401

    import generator.pipeline  # noqa: F401

    result = _run(job)
    Path(job["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
