"""Step 6: format rendered Python with black, in-process.

black is by far the slowest step, so :func:`formatter_id` names the exact formatter and
settings; the writer records it with a hash of each file's unformatted text and skips black
for any file whose text and formatter are both unchanged.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["FormatError", "format_source", "formatter_id"]

LINE_LENGTH = 100


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
    spec = importlib.util.find_spec("black")
    installed = "unknown"
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        infos = sorted(site.glob("black-*.dist-info"))
        if infos:
            installed = infos[-1].name.removeprefix("black-").removesuffix(".dist-info")
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
