"""Step 6: format rendered Python with black, in this process or, for big clients, in several.

black is by far the slowest step (about 6,000 lines a second per core, and twice that work
for a file it changes, since black then checks its own output in a second pass). So:

- :func:`formatter_id` names the exact formatter and settings; the writer records it with a
  hash of each file's unformatted text and skips black for any file whose text and
  formatter are both unchanged;
- :func:`format_all` formats a batch of files, spread over one process per core when there
  is enough work to pay for starting them (a client of a few thousand lines is formatted
  in this process alone), each process taking chunks from one queue until it is empty.
  black formats each file on its own, so the result is the same bytes however the work is
  split;
- :func:`warm_helpers` starts those processes ahead of need (``generator.workers``): one
  per core for a first generation, one for a regenerate (see :func:`helpers_wanted`). They
  import black while this process parses, validates and renders, so their start-up and
  black's import are off the critical path, and when the helpers can take all the work
  this process never imports black at all;
- :func:`format_ahead` hands them a first generation's code before validation, which then
  runs here while they format.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.workers import Worker

__all__ = [
    "FormatError",
    "Formatter",
    "format_ahead",
    "format_all",
    "format_source",
    "formatter_id",
    "helpers_wanted",
    "warm_helpers",
    "workers_for",
]

LINE_LENGTH = 100

#: Below this much text (about 2 s of black on one core) a helper process costs more than
#: it saves: it starts an interpreter and imports black (~0.3 s).
PARALLEL_MIN_CHARS = 400_000
#: Below this much text (about 0.5 s of black) a warm helper formats it all: this
#: process's half would take no longer than its own import of black (~0.25 s).
HELPER_ALONE_CHARS = 100_000
#: A ceiling on worker processes, whatever the machine.
MAX_WORKERS = 8
#: Below this size a spec's client formats in well under a second: a first generation of
#: it starts no helpers ahead of need (each costs ~0.2 s of another core for black's import).
WARM_MIN_SPEC_BYTES = 32_000

Formatter = Callable[[str, str], str]


@cache
def _black() -> tuple[Any, Any]:
    """Import black only when a file needs formatting: the import alone costs ~0.15 s."""
    import black
    from black.mode import Mode, TargetVersion

    return black, Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)


class FormatError(Exception):
    """The rendered text is not valid Python: a generator or template bug, never user error.

    The command line reports it as an internal error with exit status 3.
    """


@cache
def formatter_id() -> str:
    """Names the formatter and its settings; found without importing black (that is slow)."""
    from generator.versions import installed_version

    installed = installed_version("black") or "unknown"
    return f"black {installed} line-length={LINE_LENGTH} target=py310"


def format_source(path: str, text: str) -> str:
    if not path.endswith(".py"):
        return text
    black, mode = _black()
    try:
        formatted: str = black.format_str(text, mode=mode)
        return formatted
    except Exception as exc:  # black raises its own InvalidInput and others
        raise FormatError(f"{path}: rendered code does not parse: {exc}") from exc


def _cores() -> int:
    """The cores this process may run on, at most :data:`MAX_WORKERS`."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def workers_for(chars: int) -> int:
    """How many processes to format ``chars`` of Python with: 1 means this one alone."""
    return max(1, min(_cores(), chars // PARALLEL_MIN_CHARS))


#: Helper processes started by :func:`warm_helpers`, importing black or waiting for work.
_warm: list[Worker] = []


class _Running:
    """A queue of files being formatted by ``helpers`` (None: one started now), each fed
    from a thread of this process; with ``here``, this process takes chunks too, in
    :meth:`format_here`. The queue runs while this process goes on with other work."""

    def __init__(
        self, files: Sequence[tuple[str, str]], helpers: list[Worker | None], here: bool = False
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor  # the fast path never needs it

        self.work = _Work(files, len(helpers) + here)
        self.helpers = helpers
        self.threads = ThreadPoolExecutor(max(len(helpers), 1))  # they only feed the helpers
        self.feeders = [self.threads.submit(self.work.feed, helper) for helper in helpers]

    def format_here(self) -> None:
        """Format chunks in this process until the queue is empty (or a file fails)."""
        try:
            while (chunk := self.work.take()) is not None:
                for i in chunk:
                    self.work.results[i] = format_source(*self.work.files[i])
        except FormatError:
            self.work.failed = True  # the helpers stop after their current chunk
            self.threads.shutdown()
            raise

    def results(self) -> dict[int, str]:
        """File index -> formatted text, once all are done; a helper's FormatError."""
        try:
            for feeder in self.feeders:
                feeder.result()
        finally:
            self.threads.shutdown()
        return self.work.results

    def abandon(self) -> None:
        """Stop the helpers: the run ended without wanting their work."""
        self.work.failed = True
        for helper in self.helpers:
            if helper is not None:
                helper.process.kill()
        self.threads.shutdown()  # each feeder ends as its helper goes (its error unwanted)


_ahead: list[_Running] = []  # at most one: the files given to format_ahead


def format_ahead(files: Sequence[tuple[str, str]]) -> None:
    """Start formatting ``files`` (``(path, text)`` pairs) on the warm helpers, and return at
    once: :func:`format_all`, given the same pairs later, takes their results.

    A first generation calls it with the rendered code while this process validates the
    spec, so that black runs during validation rather than after it. Without warm helpers,
    or with no Python among the files, it does nothing.
    """
    python = [(path, text) for path, text in files if path.endswith(".py")]
    if python and _warm and not _ahead:
        _ahead.append(_Running(python, list(_warm)))  # taken only once they are at work
        _warm.clear()


def format_all(files: Sequence[tuple[str, str]], fmt: Formatter = format_source) -> list[str]:
    """Each ``(path, text)`` formatted by ``fmt``, in order.

    With black (``fmt`` is :func:`format_source`) and enough Python to format, this process
    and helper processes (``generator.workers``) take chunks of files from one queue,
    largest files first, until it is empty: black's time per file
    varies (it formats a file it changes twice), so a fixed share per process would leave
    one waiting for another. Helpers already started by :func:`warm_helpers` are used
    first, and for any two files or more. Any other formatter runs here, one file after the
    other.
    """
    if _ahead and fmt is format_source:
        running = _ahead.pop()
        done = {running.work.files[i]: text for i, text in running.results().items()}
        rest = [pair for pair in files if pair not in done]
        formatted = iter(format_all(rest, fmt)) if rest else iter(())
        return [done[pair] if pair in done else next(formatted) for pair in files]
    python = [(path, text) for path, text in files if path.endswith(".py")]
    chars = sum(len(text) for _, text in python)
    if python and fmt is format_source and _warm and _black.cache_info().currsize == 0:
        # The warm helpers imported black while this process ran the pipeline: when they
        # can take all the work (a regenerate's few files to one of them; a first
        # generation's to one per core), this process only hands it out, and never spends
        # its own import of black on the critical path.
        if chars < HELPER_ALONE_CHARS:
            return _queue(files, [_warm.pop()], here=False)
        if len(_warm) > 1:
            return _queue(files, [_warm.pop() for _ in range(len(_warm))], here=False)
    workers = 1
    if fmt is format_source:
        warm = len(_warm) if len(python) > 1 else 0
        workers = min(max(workers_for(chars), 1 + warm), len(files))
    if workers <= 1:  # no files at all gives 0
        return [fmt(path, text) for path, text in files]
    helpers = [_warm.pop() if _warm else None for _ in range(workers - 1)]
    return _queue(files, helpers, here=True)


def _queue(
    files: Sequence[tuple[str, str]], helpers: list[Worker | None], here: bool
) -> list[str]:
    """``files`` formatted from one queue by ``helpers`` (None: one started now) and, when
    ``here``, by this process too."""
    running = _Running(files, helpers, here)
    if here:
        running.format_here()
    results = running.results()
    return [results[i] for i in range(len(files))]


class _Work:
    """The files to format, in chunks, for this process and its helpers to take in turn.

    Largest files first, in chunks of about a quarter of each process's share of what is
    left (guided scheduling): big chunks while there is much to do, a file at a time at the
    end, so that no process waits long for another to finish its last chunk.
    """

    def __init__(self, files: Sequence[tuple[str, str]], workers: int) -> None:
        import threading
        from collections import deque

        self.files = files
        self.sizes = [len(text) for _, text in files]
        python = [i for i, (path, _) in enumerate(files) if path.endswith(".py")]
        self.order: deque[int] = deque(sorted(python, key=lambda i: (-self.sizes[i], i)))
        self.left = sum(self.sizes[i] for i in python)
        self.workers = workers
        # Anything else is its own text (see format_source): never sent anywhere.
        self.results: dict[int, str] = {
            i: text for i, (path, text) in enumerate(files) if not path.endswith(".py")
        }
        self.failed = False
        self._lock = threading.Lock()

    def take(self) -> list[int] | None:
        """The next chunk of file indices, or ``None`` when all are taken (or one failed)."""
        with self._lock:
            if self.failed or not self.order:
                return None
            goal = self.left // (self.workers * 4)
            chunk: list[int] = []
            filled = 0
            while self.order and (not chunk or filled < goal):
                index = self.order.popleft()
                chunk.append(index)
                filled += self.sizes[index]
            self.left -= filled
            return chunk

    def feed(self, helper: Worker | None) -> None:
        """Keep a helper (``helper``, or one started now) busy until the queue is empty; when
        no process can be started, the others take its share."""
        if helper is None:
            from generator.workers import start

            started = start(1)
            if not started:
                return
            helper = started[0]
        try:
            while (chunk := self.take()) is not None:
                answer = helper.ask([self.files[i] for i in chunk])
                self.results.update(zip(chunk, answer, strict=True))
        except FormatError:
            self.failed = True
            raise
        finally:
            helper.finish()


def helpers_wanted(first: bool, spec_bytes: int) -> int:
    """How many helpers :func:`warm_helpers` should start for a run.

    A first generation formats every file: one helper per core, which import black on the
    core this process leaves free while it runs the pipeline, then share the formatting
    while this process only hands it out. A regenerate formats the few files that changed:
    one helper, which takes black's import (~0.2 s) off the run's time. A small spec's
    client formats in well under a second, and one core leaves nothing to overlap: no
    helpers ahead of need.
    """
    if spec_bytes < WARM_MIN_SPEC_BYTES or _cores() < 2:
        return 0
    return _cores() if first else 1


@contextmanager
def warm_helpers(count: int) -> Iterator[None]:
    """While the block runs, ``count`` helper processes are importing black, ready for
    :func:`format_all` (``generator.workers``); any it did not use are stopped when the
    block ends."""
    if not _warm and count > 0:
        from generator.workers import start

        _warm.extend(start(count))  # none when no process can be had: this one formats
    try:
        yield
    finally:
        while _ahead:
            _ahead.pop().abandon()
        while _warm:
            _warm.pop().stop()
        if count > 0:
            from generator.workers import reap

            reap()
