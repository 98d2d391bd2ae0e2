"""Start and stop :mod:`bench.server` from the bench."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from bench.workload import ROOT

__all__ = ["loopback_server"]


@contextmanager
def loopback_server(pages: int = 1000) -> Iterator[str]:
    """A running server; yields its base URL (``http://127.0.0.1:<port>/api/v2``)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--pages", str(pages)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the loopback server did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[1])}/api/v2"
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
