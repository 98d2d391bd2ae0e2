"""Step 7: write the formatted files, or (``--check``) compare them with what is on disk.

A manifest beside the output records, for every file, a hash of its unformatted render and
of its final bytes, plus the formatter's identity. A file whose render and formatter are
unchanged, and whose bytes on disk still match, is not formatted again: that keeps both the
drift check on an unchanged tree and a regenerate after a small spec change fast.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.rendered import Rendered

__all__ = ["MANIFEST", "Outcome", "sync_tree", "up_to_date"]

MANIFEST = ".codegen-manifest.json"
# Files and folders in the output that the generator neither makes nor removes.
_IGNORED_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"}


@dataclass
class Outcome:
    changed: list[str] = field(default_factory=list)  # written, or (check) would be
    removed: list[str] = field(default_factory=list)  # stale files deleted, or (check) would be
    diffs: list[str] = field(default_factory=list)
    formatted: int = 0  # files that went through the formatter this run

    @property
    def in_sync(self) -> bool:
        return not self.changed and not self.removed


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_manifest(out: Path) -> dict[str, object]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _existing(out: Path) -> set[str]:
    found: set[str] = set()
    if not out.is_dir():
        return found
    for root, dirs, files in os.walk(out):
        dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS and not d.endswith(".egg-info"))
        for name in files:
            rel = Path(root, name).relative_to(out).as_posix()
            if rel != MANIFEST and not name.endswith((".pyc", ".pyo")):
                found.add(rel)
    return found


def up_to_date(out: Path, inputs: str) -> bool:
    """True when ``out`` was generated from exactly ``inputs`` and no file has changed since.

    ``inputs`` fingerprints everything generation depends on (spec, config, generator,
    templates, formatter), so a match means regenerating would give the same bytes; this
    lets the drift check on an unchanged tree skip every step, black included.
    """
    manifest = _load_manifest(out)
    files = manifest.get("files")
    if manifest.get("inputs") != inputs or not isinstance(files, dict):
        return False
    if _existing(out) != set(files):
        return False
    for rel, record in files.items():
        try:
            data = (out / rel).read_bytes()
        except OSError:
            return False
        if not isinstance(record, dict) or record.get("output") != _sha(data):
            return False
    return True


def sync_tree(
    out: Path,
    rendered: Mapping[str, Rendered],
    formatter: str,
    fmt: Callable[[str, str], str],
    *,
    check: bool,
    inputs: str = "",
    about: dict[str, str] | None = None,
    diff_lines: int = 40,
) -> Outcome:
    """Bring ``out`` in line with ``rendered`` (or, with ``check``, only report what differs).

    Each file is its header plus its formatted body. A body whose render is unchanged is
    taken from the file on disk (after checking its hash) instead of being formatted again,
    so a new spec hash in every header costs no formatting.
    """
    out = out.resolve()
    manifest = _load_manifest(out)
    known = manifest.get("files") if manifest.get("formatter") == formatter else None
    known = known if isinstance(known, dict) else {}
    outcome = Outcome()
    entries: dict[str, dict[str, str]] = {}
    for rel, file in rendered.items():
        target = (out / rel).resolve()
        if out not in target.parents:
            raise ValueError(f"refusing to write outside {out}: {rel}")
        render_hash = _sha(file.body.encode("utf-8"))
        header = file.header.encode("utf-8")
        try:
            current: bytes | None = target.read_bytes()
        except OSError:
            current = None
        body = _reusable_body(known.get(rel), render_hash, current)
        if body is None:
            body = fmt(rel, file.body).encode("utf-8")
            outcome.formatted += 1
        final = header + body
        entries[rel] = {"render": render_hash, "body": _sha(body), "output": _sha(final)}
        if current == final:
            continue
        outcome.changed.append(rel)
        if check:
            outcome.diffs.append(_diff(rel, current, final, diff_lines))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(final)
    for rel in sorted(_existing(out) - set(rendered)):
        outcome.removed.append(rel)
        if not check:
            (out / rel).unlink()
    manifest_bytes = (
        json.dumps(
            {
                **(about or {}),
                "formatter": formatter,
                "inputs": inputs,
                "files": dict(sorted(entries.items())),
            },
            indent=1,
        )
        + "\n"
    ).encode("utf-8")
    manifest_path = out / MANIFEST
    try:
        on_disk: bytes | None = manifest_path.read_bytes()
    except OSError:
        on_disk = None
    if on_disk != manifest_bytes:
        if check:
            if not outcome.changed and not outcome.removed:
                outcome.changed.append(MANIFEST)
                outcome.diffs.append(_diff(MANIFEST, on_disk, manifest_bytes, diff_lines))
        else:
            out.mkdir(parents=True, exist_ok=True)
            manifest_path.write_bytes(manifest_bytes)
    if not check:
        _prune_empty_dirs(out)
    return outcome


def _reusable_body(record: object, render_hash: str, current: bytes | None) -> bytes | None:
    """The formatted body already on disk, if it was formatted from this very render.

    The header is the block of comment lines at the top; the body's hash, recorded when it
    was formatted, proves that what is left is exactly what formatting would give again.
    """
    if not isinstance(record, dict) or record.get("render") != render_hash or current is None:
        return None
    lines = current.split(b"\n")
    start = 0
    while start < len(lines) - 1 and lines[start].startswith(b"#"):
        start += 1
    body = b"\n".join(lines[start:])
    return body if _sha(body) == record.get("body") else None


def _prune_empty_dirs(out: Path) -> None:
    for root, dirs, files in sorted(os.walk(out), key=lambda w: -len(w[0])):
        if root != str(out) and not dirs and not files:
            Path(root).rmdir()


def _diff(rel: str, old: bytes | None, new: bytes, limit: int) -> str:
    old_lines = old.decode("utf-8", "replace").splitlines(keepends=True) if old is not None else []
    lines = list(
        difflib.unified_diff(
            old_lines,
            new.decode("utf-8").splitlines(keepends=True),
            fromfile=f"a/{rel}" if old is not None else "/dev/null",
            tofile=f"b/{rel}",
            n=2,
        )
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"... ({len(lines) - limit} more diff lines)\n"]
    return "".join(lines)
