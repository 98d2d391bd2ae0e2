"""Formatting workers: black in other processes, started ahead of need and fed lines of JSON.

A worker process runs :func:`serve` in a fresh interpreter (``python -c``: nothing of the
caller's state, threads or main module is copied or re-run). It imports black first, while
the caller is still preparing the work; then, for each line it reads (a JSON list of
``[path, text]``), it writes a line back: the formatted texts, or the error.

Where the platform can fork, several workers are one process that imports black once and
then forks the others from itself, each talking to the caller on pipes of its own: black's
import (about 0.12 s of CPU) is paid once however many cores format. They share a process
group, so that one signal stops them all when a run is abandoned; otherwise each ends when
its input closes, and the process started here waits for the ones it forked.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import traceback
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from generator.format import FormatError, _black, format_source

__all__ = ["Worker", "helper_command", "reap", "serve", "start"]

_HELPER = "import sys; sys.path.insert(0, {root!r}); from generator.workers import serve; serve()"


def helper_command() -> list[str]:
    """The command of a worker process: always the same, with no input text in it (the files
    come on its stdin). The hostile-input harness allows this one process."""
    root = str(Path(__file__).resolve().parent.parent)
    return [sys.executable, "-c", _HELPER.format(root=root)]


class _Process:
    """A process started here, shared by the workers it forked: how to stop them all, and
    what it said on its error output when one failed."""

    def __init__(self, proc: subprocess.Popen[str], workers: int) -> None:
        self.proc = proc
        self._lock = threading.RLock()
        self._said: str | None = None
        self._killed = False
        self._open = workers  # workers not finished yet: it ends after the last
        self.worked = False  # a worker of it answered: it has imported black, and done work

    def release(self) -> None:
        """One of its workers is finished with: after the last, the process is left to exit,
        and :func:`reap` waits for it once this one's work is done."""
        with self._lock:
            self._open -= 1
            if self._open:
                return
        _exiting.append(self.proc)

    def kill(self) -> None:
        """Stop it and the workers forked from it, now; once, and only while it runs.

        Once it has exited and been waited for, its process id may be reused: no signal
        is sent then (a worker it forked that is still running ends when its input closes).
        """
        with self._lock:
            if self._killed or self.proc.poll() is not None:
                return
            self._killed = True
            with suppress(OSError):
                if hasattr(os, "killpg"):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                else:  # Windows: nothing was forked
                    self.proc.kill()

    def failure(self) -> str:
        """Why a worker of this process stopped answering (all of them are stopped): the
        last line it wrote on its error output, and its exit status when it ended itself."""
        with self._lock:
            if self._said is None:
                with suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=0.5)  # a process that is failing: let it end
                status = self.proc.returncode
                self.kill()  # a forked worker failed: the one started here still runs
                self.proc.wait()
                try:
                    said = self.proc.stderr.read() if self.proc.stderr is not None else ""
                except (OSError, ValueError):  # closed already, by a worker that finished
                    said = ""
                last = (said.strip().splitlines() or ["no output"])[-1]
                how = f" (exit {status})" if status is not None else ""
                self._said = f"a formatting process failed{how}: {last}"
            return self._said


class Worker:
    """One formatting process as this one talks to it: a line of files out, a line back.

    The first worker of a process talks on its stdin and stdout; the ones it forked on
    pipes of their own. Each ends when its input closes; the process started here waits
    for the ones it forked, and :func:`reap` for it.
    """

    def __init__(self, process: _Process, send: IO[str], receive: IO[str]) -> None:
        self.process = process
        self.send = send
        self.receive = receive

    def ask(self, files: list[tuple[str, str]]) -> list[str]:
        """``files`` formatted; black's error, or why the worker failed, as FormatError."""
        try:
            self.send.write(json.dumps(files) + "\n")
            self.send.flush()
            line = self.receive.readline()
        except (OSError, ValueError):  # gone, or closed: say why, from its error output
            line = ""
        try:
            answer = json.loads(line)
        except ValueError:
            raise FormatError(self.process.failure()) from None
        self.process.worked = True
        if "error" in answer:
            raise FormatError(answer["error"])
        formatted: list[str] = answer["formatted"]
        return formatted

    def finish(self) -> None:
        """No more work: it ends once it has read to the end of its input."""
        if self.ended:
            return
        with suppress(OSError):
            self.send.close()
        self.receive.close()
        self.process.release()

    def stop(self) -> None:
        """Stop it now, unused. A process none of whose workers has answered yet is killed,
        with every worker of it; one that did work is let end on its own instead, once
        its input closes, so that it waits for the workers it forked and their time
        counts in this process's."""
        if not self.process.worked:
            self.process.kill()
        self.finish()

    @property
    def ended(self) -> bool:
        """Whether this side is done with it: its pipes are closed."""
        return self.send.closed and self.receive.closed


#: Processes whose workers are all finished, exiting: :func:`reap` waits for them.
_exiting: list[subprocess.Popen[str]] = []


def reap() -> None:
    """Wait for the processes whose work is done. Each waits for the ones it forked first,
    so that all their time counts in this process's children (``getrusage``). Called once
    the run's files are written, and at exit for any left."""
    while _exiting:
        proc = _exiting.pop()
        proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


atexit.register(reap)


def start(count: int) -> list[Worker]:
    """``count`` workers, fewer (or none) if processes cannot be started.

    Where the platform can fork, one process is started and forks the others once it has
    imported black; elsewhere each is a process of its own.
    """
    if count <= 0:
        return []
    if hasattr(os, "fork"):
        with suppress(OSError):
            return _spawn(forks=count - 1)
        return []
    workers: list[Worker] = []
    for _ in range(count):
        with suppress(OSError):
            workers += _spawn(forks=0)
    return workers


def _spawn(forks: int) -> list[Worker]:
    """A worker process, and ``forks`` more forked from it, with a pair of pipes each."""
    pipes: list[tuple[tuple[int, int], tuple[int, int]]] = []
    try:
        for _ in range(forks):
            down = os.pipe()
            try:
                pipes.append((down, os.pipe()))
            except OSError:
                os.close(down[0])
                os.close(down[1])
                raise
    except OSError:
        for (down_r, down_w), (up_r, up_w) in pipes:
            for fd in (down_r, down_w, up_r, up_w):
                os.close(fd)
        raise
    theirs = [fd for (down, _), (_, up) in pipes for fd in (down, up)]
    try:
        proc = subprocess.Popen(
            helper_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            pass_fds=theirs,
            start_new_session=hasattr(os, "killpg"),  # its own group: stopped all at once
        )
    except OSError:
        for (_, down_w), (up_r, _) in pipes:
            os.close(down_w)
            os.close(up_r)
        raise
    finally:
        for fd in theirs:  # the process has its own copies now
            os.close(fd)
    assert proc.stdin is not None and proc.stdout is not None
    process = _Process(proc, 1 + forks)
    workers = [Worker(process, proc.stdin, proc.stdout)]
    if pipes:  # read once black is imported (a process that died already: ask() says why)
        fork = {"fork": [[down, up] for (down, _), (_, up) in pipes]}
        with suppress(OSError):
            proc.stdin.write(json.dumps(fork) + "\n")
            proc.stdin.flush()
    for (_, down_w), (up_r, _) in pipes:
        send = open(down_w, "w", encoding="utf-8")  # noqa: SIM115 - the worker owns them
        receive = open(up_r, encoding="utf-8")  # noqa: SIM115
        workers.append(Worker(process, send, receive))
    return workers


def serve() -> None:
    """A worker process: import black, then answer each line on stdin until it closes.

    A line ``{"fork": [[read_fd, write_fd], ...]}`` (the first, when there is one) forks a
    worker per pair of inherited file descriptors, which answers on those instead."""
    _black()
    forked = _answer(sys.stdin, sys.stdout)
    for pid in forked:  # reaped here, so that their time counts in this process's children
        with suppress(OSError):
            os.waitpid(pid, 0)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # nothing to tear down: the caller waits for this exit, and black's is slow


def _answer(lines: IO[str], out: IO[str]) -> list[int]:
    """Answer each line of ``lines`` on ``out``; the workers forked on the way."""
    forked: list[int] = []
    for line in lines:
        request: Any = json.loads(line)
        if isinstance(request, dict):
            forked += _fork(request["fork"])
            continue
        try:
            formatted = [format_source(path, text) for path, text in request]
            answer: dict[str, Any] = {"formatted": formatted}
        except FormatError as exc:
            answer = {"error": str(exc)}
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return forked


def _fork(channels: list[list[int]]) -> list[int]:
    """A worker forked from this one (black already imported) for each ``[read, write]``."""
    inherited = [fd for pair in channels for fd in pair]
    pids: list[int] = []
    for read_fd, write_fd in channels:
        pid = os.fork()
        if pid == 0:  # the new worker keeps its own pipes only, so that each end the
            status = 0  # caller closes reaches the one process reading it
            try:
                for fd in (0, 1, *inherited):
                    if fd not in (read_fd, write_fd):
                        os.close(fd)
                # Closed only by the exit below: after any error is said on stderr.
                lines = open(read_fd, encoding="utf-8")  # noqa: SIM115
                _answer(lines, open(write_fd, "w", encoding="utf-8"))  # noqa: SIM115
            except BaseException:  # noqa: BLE001 - said on stderr; the caller sees EOF
                traceback.print_exc()
                sys.stderr.flush()
                status = 1
            finally:
                os._exit(status)
        pids.append(pid)
    for fd in inherited:
        os.close(fd)
    return pids
