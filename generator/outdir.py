"""The output folder, touched only as the generator may touch it.

``--out`` is never a filesystem root, the home folder or a folder that holds the current
directory, whatever the flags. Inside it, nothing is read, written or deleted through a
symbolic link, and a file is only ever replaced whole: written to a temporary file in the
same folder, then renamed over the old one, so an interrupted run leaves either the old or
the new file, never half of one. Tool folders (caches, build output, version control) are
never looked into.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = [
    "OutputError",
    "is_ignored_dir",
    "is_safe_relative",
    "is_untouched",
    "probe",
    "read_file",
    "remove_file",
    "resolve_out",
    "scan",
    "shown",
    "write_file",
]

_IGNORED_DIRS = frozenset(
    {
        "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", ".tox",
        ".nox", ".venv", "venv", "node_modules", ".git", ".hg", ".svn", "build", "dist",
    }
)  # fmt: skip
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class OutputError(Exception):
    """The output folder, or a path in it, cannot be used safely. The message is one line."""


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it may be printed: itself when printable, else an ASCII-escaped literal.

    File names may hold newlines, control characters or (on POSIX) undecodable bytes; none of
    them may break a one-line message or the encoding of the terminal.
    """
    text = os.fspath(path)
    return text if text.isprintable() else ascii(text)


def is_ignored_dir(name: str) -> bool:
    """Folders of other tools (caches, build output, version control): never touched."""
    return name in _IGNORED_DIRS or name.endswith(".egg-info")


def is_untouched(rel: str) -> bool:
    """True for a path inside an ignored folder: the generator never reads or writes it."""
    return any(is_ignored_dir(part) for part in rel.split("/")[:-1])


def is_safe_relative(rel: str) -> bool:
    """A plain relative POSIX path that stays inside the folder it is joined to."""
    if not rel or "\\" in rel or "\0" in rel or rel.startswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def resolve_out(out: Path) -> Path:
    """The real path of ``--out``, or :class:`OutputError` when it must not be used."""
    given = Path(os.path.abspath(out))
    existing = given
    while not os.path.lexists(existing) and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        where = "" if existing == given else f" ({shown(existing)} is a file)"
        raise OutputError(f"--out {shown(out)} is not a folder{where}")
    real = Path(os.path.realpath(given))
    if real.parent == real:
        raise OutputError(f"refusing --out {shown(out)}: it is the root of a filesystem")
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder known
        home = Path(os.path.realpath(Path.home()))
        if real == home or real in home.parents:
            raise OutputError(f"refusing --out {shown(out)}: it is the home folder or holds it")
    cwd = Path(os.path.realpath(os.getcwd()))
    if real == cwd or real in cwd.parents:
        raise OutputError(
            f"refusing --out {shown(out)}: it is the current folder or one of its parents"
        )
    return real


def probe(out: Path, rel: str) -> str:
    """What is at ``rel`` under ``out``, looking at every step without following links.

    Returns ``"missing"``, ``"file"`` (a regular file), or a sentence saying why the path
    cannot be used: a symbolic link or a non-folder on the way, or a non-file at the end.
    """
    parts = rel.split("/")
    here = out
    for index, part in enumerate(parts):
        here = here / part
        try:
            mode = os.lstat(here).st_mode
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            return f"{shown(here)} cannot be inspected ({exc.strerror or exc})"
        if stat.S_ISLNK(mode):
            return f"{shown(here)} is a symbolic link; the generator never follows one"
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(mode):
            return f"{shown(here)} is not a folder, but {shown(rel)} goes inside it"
        if last and not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            return f"{shown(here)} is {kind}, but the generator writes a file there"
    return "file"


def read_file(out: Path, rel: str) -> bytes | None:
    """The bytes at ``rel``, ``None`` when nothing is there, :class:`OutputError` if unsafe."""
    found = probe(out, rel)
    if found == "missing":
        return None
    if found != "file":
        raise OutputError(found)
    fd = os.open(out / rel, os.O_RDONLY | _NOFOLLOW | _BINARY)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def scan(out: Path) -> list[str]:
    """Every file and link under ``out`` (links are listed, not followed), sorted.

    Ignored folders are not entered. Empty folders are not listed.
    """
    found: list[str] = []
    stack = [("", out)]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not is_ignored_dir(entry.name):
                    stack.append((rel + "/", Path(entry.path)))
            else:
                found.append(rel)
    return sorted(found)


def write_file(out: Path, rel: str, data: bytes) -> None:
    """Replace ``rel`` under ``out`` with ``data`` atomically, never through a link."""
    found = probe(out, rel)
    if found not in ("missing", "file"):
        raise OutputError(found)  # changed since it was checked
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_file(out: Path, rel: str) -> None:
    """Delete the regular file ``rel`` and the folders it leaves empty, up to ``out``."""
    found = probe(out, rel)
    if found == "missing":
        return
    if found != "file":
        raise OutputError(found)
    os.unlink(out / rel)
    folder = (out / rel).parent
    while folder != out:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            break
        folder = folder.parent


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
