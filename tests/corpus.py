"""Generality check: generate a client for every spec of the shared corpora and vet it.

Run from the repository root::

    .venv/bin/python -m tests.corpus [--only NAME ...] [--jobs N] [--keep DIR] [--corpus DIR ...]

The corpora are ``../shared/corpus/`` (real public APIs) and ``../shared/corpus-peer/``
(other generators' test specs and minimal reproducers; its ``SOURCES.md`` says where each
comes from). ``../shared`` is looked up beside this checkout and, in a git worktree, beside
the main checkout. ``--corpus DIR`` (repeatable) checks other folders instead.

For each spec, in a fresh folder, :func:`corpus_check.check_spec` runs the generator in a
subprocess, counts the operations of the spec and of the generated client, imports every
module in a clean interpreter and runs ``mypy --strict``. A spec passes when it is
*generated* (exit 0, every operation present, imports, ``mypy --strict`` and ``ruff check``
clean) or *refused* (exit 2),
and in both cases every problem the generator printed points at its node.

The output is one Markdown table per corpus, the diagnostics of every failure and a summary.
The exit status is 1 when any spec fails, 2 on a usage error. Specs run in parallel (one
per core by default); each worker keeps its own mypy cache, so the standard library and
httpx are analysed once per worker, not once per spec.
"""

from __future__ import annotations

import argparse
import os
import queue
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # ``python -m tests.corpus``

from corpus_check import REPO_ROOT, SpecResult, check_spec  # noqa: E402

__all__ = [
    "CORPORA",
    "SpecResult",
    "check_spec",
    "corpus_specs",
    "default_corpora",
    "main",
    "render_report",
    "shared_dir",
]

#: The folders of ``../shared`` that ``make corpus`` checks, in this order.
CORPORA = ("corpus", "corpus-peer")

SPEC_SUFFIXES = frozenset({".yaml", ".yml", ".json"})


@dataclass(frozen=True)
class Job:
    corpus: str
    spec: Path


def shared_dir() -> Path | None:
    """``../shared`` beside this checkout, or beside the main checkout of a git worktree."""
    candidates = [REPO_ROOT.parent / "shared"]
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        common = ""
    if common:
        candidates.append(Path(common).parent.parent / "shared")
    return next((c for c in candidates if c.is_dir()), None)


def default_corpora() -> list[Path]:
    """The folders of :data:`CORPORA` that exist under :func:`shared_dir`."""
    shared = shared_dir()
    if shared is None:
        return []
    return [shared / name for name in CORPORA if (shared / name).is_dir()]


def corpus_specs(corpus: Path) -> list[Path]:
    """The spec files of a corpus folder, by name."""
    return sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix in SPEC_SUFFIXES)


def _select(jobs: list[Job], only: Iterable[str]) -> list[Job]:
    """The jobs whose spec is named in ``only`` (file name or stem); ``KeyError`` if unknown."""
    wanted = set(only)
    if not wanted:
        return jobs
    chosen = [j for j in jobs if j.spec.name in wanted or j.spec.stem in wanted]
    unknown = wanted - {j.spec.name for j in chosen} - {j.spec.stem for j in chosen}
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    return chosen


# --------------------------------------------------------------------------- running


class _Caches:
    """One mypy cache folder per worker, lent to one check at a time."""

    def __init__(self, root: Path, count: int) -> None:
        self._free: queue.SimpleQueue[Path] = queue.SimpleQueue()
        for index in range(count):
            self._free.put(root / f"mypy-{index}")

    @contextmanager
    def lend(self) -> Iterator[Path]:
        cache = self._free.get()
        try:
            yield cache
        finally:
            self._free.put(cache)


def _check(job: Job, keep: Path | None, caches: _Caches) -> SpecResult:
    with caches.lend() as cache:
        if keep is not None:
            workdir = keep / job.corpus / job.spec.stem
            if workdir.exists():
                raise FileExistsError(f"{workdir} exists; --keep needs a fresh folder")
            return check_spec(job.spec, workdir, corpus=job.corpus, mypy_cache=cache)
        with tempfile.TemporaryDirectory(prefix=f"corpus-{job.spec.stem}-") as tmp:
            return check_spec(job.spec, Path(tmp), corpus=job.corpus, mypy_cache=cache)


def run_jobs(jobs: Sequence[Job], workers: int, keep: Path | None) -> list[SpecResult]:
    """Check every job, ``workers`` at a time; progress goes to stderr, results in job order."""
    results: dict[Job, SpecResult] = {}
    with tempfile.TemporaryDirectory(prefix="corpus-mypy-") as tmp:
        caches = _Caches(Path(tmp), workers)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_check, job, keep, caches): job for job in jobs}
            for done, future in enumerate(as_completed(futures), start=1):
                job = futures[future]
                result = results[job] = future.result()
                verdict = result.outcome
                if not result.passed:
                    verdict += ": " + "; ".join(result.failures)
                print(
                    f"[{done}/{len(jobs)}] {job.corpus}/{job.spec.name}: {verdict} "
                    f"({result.seconds:.1f}s)",
                    file=sys.stderr,
                    flush=True,
                )
    return [results[job] for job in jobs]


# --------------------------------------------------------------------------- the report


def _bold_if(text: str, failed: bool) -> str:
    return f"**{text}**" if failed else text


def _row(r: SpecResult) -> str:
    exit_cell = _bold_if(
        "timeout" if r.exit_code is None else str(r.exit_code), r.exit_code != 0 and not r.passed
    )
    warn_cell = str(r.warnings) + (f" (+{r.errors} errors)" if r.errors else "")
    if r.unpointed:
        warn_cell += f" **({len(r.unpointed)} not at their node)**"
    if r.refused:
        ops_cell = imports_cell = mypy_cell = "-"
    else:
        ops_cell, imports_cell, mypy_cell = _generated_cells(r)
    ruff_cell = "-" if r.refused else _bold_if(str(r.ruff_findings), r.ruff_findings != 0)
    cells = [r.spec, _bold_if(r.outcome, not r.passed), exit_cell, warn_cell, ops_cell]
    return "| " + " | ".join([*cells, imports_cell, mypy_cell, ruff_cell]) + " |"


def _generated_cells(r: SpecResult) -> tuple[str, str, str]:
    ops_ok = r.ops_generated is not None and r.ops_generated == r.ops_in_spec
    ops_cell = _bold_if(
        f"{'?' if r.ops_generated is None else r.ops_generated}/"
        f"{'?' if r.ops_in_spec is None else r.ops_in_spec}",
        not ops_ok,
    )
    if r.modules is None:
        imports_cell = "**not run**"
    elif r.package is not None and r.modules == 1 and r.import_failures:
        imports_cell = "**package fails**"
    elif r.import_failures:
        imports_cell = f"**{len(r.import_failures)} of {r.modules} fail**"
    else:
        imports_cell = f"ok ({r.modules})"
    if r.mypy_errors is None:
        mypy_cell = "**not run**"
    elif r.mypy_errors == 0 and r.mypy_exit != 0:
        mypy_cell = f"**exit {r.mypy_exit}**"
    else:
        mypy_cell = _bold_if(str(r.mypy_errors), r.mypy_errors > 0)
    return ops_cell, imports_cell, mypy_cell


def _table(results: Sequence[SpecResult]) -> list[str]:
    return [
        "| spec | outcome | exit | warnings | ops generated/in spec | imports | mypy errors "
        "| ruff |",
        "|---|---|---:|---:|---:|---|---:|---:|",
        *(_row(r) for r in results),
    ]


def _summary(label: str, results: Sequence[SpecResult]) -> str:
    """``corpus-peer: 55/55 passed (55 generated, 0 refused); 81/81 operations; 40 warnings``."""
    passed = [r for r in results if r.passed]
    generated = sum(1 for r in passed if not r.refused)
    ops_in = sum(r.ops_in_spec or 0 for r in results if not r.refused)
    ops_out = sum(r.ops_generated or 0 for r in results if not r.refused)
    warnings = sum(r.warnings for r in results)
    line = (
        f"{label}: {len(passed)}/{len(results)} passed ({generated} generated, "
        f"{len(passed) - generated} refused with every problem at its node); "
        f"{ops_out}/{ops_in} operations generated; {warnings} warnings"
    )
    failed = [r.spec for r in results if not r.passed]
    return line + (f"; failed: {', '.join(failed)}" if failed else "")


def render_report(results: Sequence[SpecResult], seconds: float | None = None) -> str:
    """A Markdown table per corpus, the failure details and a summary."""
    corpora = list(dict.fromkeys(r.corpus for r in results))
    lines: list[str] = []
    for corpus in corpora:
        part = [r for r in results if r.corpus == corpus]
        if corpus:
            lines += [f"## {corpus} ({len(part)} specs)", ""]
        lines += [*_table(part), ""]
    failed = [r for r in results if not r.passed]
    if failed:
        lines += ["## Failures"]
        for r in failed:
            name = f"{r.corpus}/{r.spec}" if r.corpus else r.spec
            lines += ["", f"### {name}: {'; '.join(r.failures)}", "", "```"]
            lines += list(r.details) or ["(no diagnostics)"]
            lines += ["```", ""]
    lines += ["## Summary", ""]
    if len(corpora) > 1:
        lines += ["- " + _summary(c, [r for r in results if r.corpus == c]) for c in corpora if c]
    took = f" in {seconds:.0f}s" if seconds is not None else ""
    lines.append(_summary("all" if len(corpora) > 1 else corpora[0] or "all", results) + took)
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tests.corpus", description=(__doc__ or "").split("\n")[0]
    )
    p.add_argument(
        "--only",
        nargs="+",
        action="extend",
        default=[],
        metavar="NAME",
        help="check only these specs (file name or stem)",
    )
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    p.add_argument(
        "--jobs",
        type=int,
        default=workers or 2,
        help="specs checked in parallel (default: one per core)",
    )
    p.add_argument("--keep", type=Path, help="generate into DIR/<corpus>/<spec stem> and keep it")
    p.add_argument(
        "--corpus",
        type=Path,
        action="append",
        metavar="DIR",
        help="check the specs of DIR instead of ../shared/corpus and ../shared/corpus-peer",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    folders: list[Path] = args.corpus or default_corpora()
    if not folders:
        print(f"error: no ../shared/{{{','.join(CORPORA)}}} beside {REPO_ROOT}", file=sys.stderr)
        return 2
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"error: no corpus folder at {', '.join(missing)}", file=sys.stderr)
        return 2
    jobs = [Job(folder.name, spec) for folder in folders for spec in corpus_specs(folder)]
    try:
        jobs = _select(jobs, args.only)
    except KeyError as exc:
        print(f"error: unknown spec(s): {exc.args[0]}", file=sys.stderr)
        return 2
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = run_jobs(jobs, args.jobs, args.keep)
    print(render_report(results, time.monotonic() - started))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
