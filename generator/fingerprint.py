"""The input fingerprint: a hash of everything the generated output depends on.

The manifest records it; when it matches, regenerating would give the same bytes, so the
drift check on an unchanged tree skips every step (``generator.manifest.up_to_date``).
It must not import anything slow: it runs on that fast path.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.format import formatter_id

__all__ = ["fingerprint"]

GENERATOR = Path(__file__).resolve().parent


def fingerprint(
    spec: bytes,
    inputs: Sequence[Path | None],
    templates: Path,
    package: str | None,
    spec_name: str,
) -> str:
    """The hash of the spec and its file name (the client records it), the other input
    files (config, name lock), the generator's source, the templates, the formatter and
    the options that change the output."""
    digest = hashlib.sha256(b"spec:%d:" % len(spec) + spec)
    digest.update(b"name:" + os.fsencode(spec_name) + b"\0")
    sources = [p for p in inputs if p is not None]
    sources += sorted(GENERATOR.rglob("*.py"))
    sources += sorted(p for p in Path(templates).rglob("*") if p.is_file())
    for path in sources:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<missing>"
        digest.update(os.fsencode(path.name) + b":%d:" % len(data))
        digest.update(data)
    digest.update(f"{formatter_id()}|{package}|{sys.version_info[:2]}".encode())
    return digest.hexdigest()
