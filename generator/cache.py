"""The user's cache folder: work a later run can take instead of doing it again.

Two things are kept, each under a name that is a hash of everything it depends on, so an
entry is never stale, only unused:

- ``templates/``: the compiled templates of a ``--templates`` folder other than the
  generator's own (``generator.bytecode``);
- ``validation/``: what validating a spec found (``generator.revalidate``).

The folder is ``$XDG_CACHE_HOME/sendcloud-codegen`` (``~/.cache/...`` without it), or
``--cache-dir``; ``--no-cache`` turns it off. A cache is only ever a shortcut: an entry that
cannot be read or written, or does not parse, is a miss, never an error. Entries are JSON or
Jinja byte-code under hashed names, never spec text, and are written whole (a temporary file,
then a rename), so two runs at once cannot see half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["Cache", "default_cache_dir"]

#: Bumped when the layout of an entry changes: older entries are then simply not found.
LAYOUT = "v1"
_APP = "sendcloud-codegen"


def default_cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/sendcloud-codegen``, else ``~/.cache/...``; None without a home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / _APP


class Cache:
    """One cache folder; see the module docstring."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / LAYOUT

    def path(self, kind: str, key: str, suffix: str = ".json") -> Path:
        return self.root / kind / f"{hashlib.sha256(key.encode()).hexdigest()}{suffix}"

    def read_json(self, kind: str, key: str) -> Any:
        """The entry stored under ``key``, or None when there is none that reads."""
        try:
            return json.loads(self.path(kind, key).read_bytes())
        except (OSError, ValueError, RecursionError):
            return None

    def write_json(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` under ``key``; a failure (no space, no permission) is ignored."""
        try:
            data = json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode()
        except (TypeError, ValueError, RecursionError):
            return
        self.write_bytes(self.path(kind, key), data)

    @staticmethod
    def write_bytes(target: Path, data: bytes) -> None:
        """Write ``data`` whole to ``target`` (a temporary file, then a rename), or not at all."""
        import tempfile  # only a run that stores something needs it

        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temp, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)

