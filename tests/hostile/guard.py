"""An audit hook that records what a hostile case made the generator do to the machine.

While a :class:`Guard` is armed, every file opened for writing, every path created, renamed or
removed outside the allowed folder, every read of a canary file, every network call and every
process started is recorded as a violation, except the generator's own formatting helper
(``generator.workers.helper_command``: a fixed command, whatever the spec says). It sees what
Python itself does (``open``, ``os.*``, ``socket.*``, ``subprocess``), whichever library does
it, through :func:`sys.addaudithook`, so a case cannot slip past it by using another API.

Audit hooks cannot be removed, so one hook is installed per process and only records while
armed. Threads the harness runs itself (canary servers, watchdog workers) are exempt.
Standalone (no pytest): the isolated runner and the import check import it in subprocesses.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["Guard", "exempt_current_thread", "guard"]

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_NETWORK = frozenset({
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
    "socket.gethostbyname_ex", "socket.sendto", "socket.sendmsg", "socket.getnameinfo",
})  # fmt: skip
_PROCESS = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "pty.spawn", "os.startfile",
})  # fmt: skip
# Path-changing events: the positions of their path arguments.
_PATH_EVENTS = {
    "os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.rename": (0, 1),
    "os.symlink": (1,), "os.link": (1,), "os.truncate": (0,), "os.chmod": (0,),
    "os.chown": (0,), "os.utime": (0,), "shutil.rmtree": (0,), "shutil.copyfile": (1,),
    "shutil.copytree": (1,), "shutil.move": (0, 1), "os.chflags": (0,), "os.lchmod": (0,),
}  # fmt: skip


@dataclass
class Guard:
    """What one armed period allows, and what it saw."""

    writable: list[str] = field(default_factory=list)  # real paths: writes allowed under these
    canaries: set[str] = field(default_factory=set)  # real paths that must never be opened
    canary_dirs: list[str] = field(default_factory=list)  # nothing under these may be opened
    violations: list[str] = field(default_factory=list)
    network: list[str] = field(default_factory=list)

    def allows_write(self, path: str) -> bool:
        """``path`` (and what it resolves to, symlinks followed) lies inside a writable folder."""
        absolute = os.path.abspath(path)
        real = os.path.realpath(absolute)
        return any(_inside(absolute, root) and _inside(real, root) for root in self.writable)

    def allows_mkdir(self, path: str) -> bool:
        """Inside a writable folder, or one of the folders on the way to it (``--out a/b/c``)."""
        absolute = os.path.abspath(path)
        return self.allows_write(path) or any(_inside(root, absolute) for root in self.writable)

    def is_canary(self, path: str) -> bool:
        real = os.path.realpath(os.path.abspath(path))
        return real in self.canaries or any(_inside(real, d) for d in self.canary_dirs)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


_state = threading.local()
_armed: list[Guard] = []
_exempt: set[int] = set()
_installed: list[bool] = []


def exempt_current_thread() -> None:
    """The calling thread belongs to the harness: what it does is never recorded."""
    _exempt.add(threading.get_ident())


def _as_path(value: object) -> str | None:
    if isinstance(value, (str, bytes, os.PathLike)):
        try:
            return os.fsdecode(value)
        except (TypeError, ValueError):
            return None
    return None


def _is_write(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _hook(event: str, args: tuple[object, ...]) -> None:
    if not _armed or getattr(_state, "busy", False) or threading.get_ident() in _exempt:
        return
    _state.busy = True  # realpath and friends must not re-enter the hook
    try:
        _record(_armed[-1], event, args)
    finally:
        _state.busy = False


def _record(g: Guard, event: str, args: tuple[object, ...]) -> None:
    if event == "open":
        path = _as_path(args[0]) if args else None
        if path is None:
            return
        if g.is_canary(path):
            g.violations.append(f"opened canary file {path!r}")
        mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else None)
        if _is_write(mode, flags) and not g.allows_write(path):
            g.violations.append(f"opened for writing outside the output folder: {path!r}")
    elif event in _NETWORK:
        g.network.append(f"{event}{_short(args)}")
    elif event in _PROCESS or event.startswith(("os.exec", "os.spawn")):
        if event == "subprocess.Popen" and len(args) > 1 and _is_formatter(args[1]):
            return
        g.violations.append(f"started a process: {event}{_short(args)}")
    elif event in _PATH_EVENTS:
        allowed = g.allows_mkdir if event == "os.mkdir" else g.allows_write
        for index in _PATH_EVENTS[event]:
            path = _as_path(args[index]) if len(args) > index else None
            if path is not None and not allowed(path):
                g.violations.append(f"{event} outside the output folder: {path!r}")


def _is_formatter(argv: object) -> bool:
    """The generator's own formatting helper (``generator.workers.helper_command``): a fixed
    command that formats the text it is sent; whatever the spec says, the command is the same.
    Any other process, or this one with any other argument, is a violation."""
    from generator.workers import helper_command

    return isinstance(argv, (list, tuple)) and list(argv) == helper_command()


def _short(args: tuple[object, ...]) -> str:
    text = repr(args)
    return text if len(text) <= 200 else text[:197] + "..."


@contextmanager
def guard(
    writable: Iterable[str], canaries: Iterable[str] = (), canary_dirs: Iterable[str] = ()
) -> Iterator[Guard]:
    """Record violations while the block runs; bytecode caching is off so imports stay quiet."""
    if not _installed:
        sys.addaudithook(_hook)
        _installed.append(True)
    g = Guard(
        writable=[os.path.realpath(w) for w in writable],
        canaries={os.path.realpath(c) for c in canaries},
        canary_dirs=[os.path.realpath(d) for d in canary_dirs],
    )
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    _armed.append(g)
    try:
        yield g
    finally:
        _armed.pop()
        sys.dont_write_bytecode = saved
