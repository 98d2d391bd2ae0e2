"""Step 6: format rendered Python with black, in-process.

black is by far the slowest step, so :func:`formatter_id` names the exact formatter and
settings; the writer records it with a hash of each file's unformatted text and skips black
for any file whose text and formatter are both unchanged.
"""

from __future__ import annotations

from importlib.metadata import version

import black
from black.mode import Mode, TargetVersion
from black.report import NothingChanged

__all__ = ["FormatError", "format_source", "formatter_id"]

LINE_LENGTH = 100
_MODE = Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)


class FormatError(Exception):
    """The rendered text is not valid Python: a generator or template bug, never user error."""


def formatter_id() -> str:
    return f"black {version('black')} line-length={LINE_LENGTH} target=py310"


def format_source(path: str, text: str) -> str:
    if not path.endswith(".py"):
        return text
    try:
        return black.format_str(text, mode=_MODE)
    except NothingChanged:  # pragma: no cover - format_str does not raise it
        return text
    except Exception as exc:  # black raises its own InvalidInput and others
        raise FormatError(f"{path}: rendered code does not parse: {exc}") from exc
