"""The manifest: which files in the output folder the generator wrote, and from what.

It is the record of ownership. A file it lists, whose bytes still hash to what it records,
is the generator's to replace or delete; any other file is left alone. It also lets the
writer skip black: a file whose unformatted render hashes to what is recorded is taken from
disk instead of being formatted again.

The layout is made for review: one line per file, sorted, so that a spec change touches the
lines of the files that changed, the input fingerprint and the spec's hash, and nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.outdir import OutputError, is_safe_relative, probe, read_file, resolve_out, scan

__all__ = [
    "MANIFEST",
    "FileRecord",
    "Manifest",
    "dump_manifest",
    "load_manifest",
    "read_manifest",
    "unknown_files",
    "up_to_date",
]

MANIFEST = ".codegen-manifest.json"
_NOTE = "Written by sendcloud-codegen. Do not edit: run `make regenerate`."


@dataclass(frozen=True)
class FileRecord:
    """One generated file: the hash of its unformatted render and of the bytes written."""

    render: str
    output: str


@dataclass(frozen=True)
class Manifest:
    formatter: str = ""  # the formatter and its settings (see generator.format.formatter_id)
    inputs: str = ""  # fingerprint of everything the output depends on
    header: str | None = None  # the header every file starts with, when they share one
    spec_file: str = ""
    spec_sha256: str = ""
    files: Mapping[str, FileRecord] = field(default_factory=dict)


def dump_manifest(manifest: Manifest) -> bytes:
    """The manifest as JSON text: ASCII only, one line per setting and per file, sorted."""
    settings = {
        "note": _NOTE,
        "spec_file": manifest.spec_file,
        "spec_sha256": manifest.spec_sha256,
        "formatter": manifest.formatter,
        "header": manifest.header,
        "inputs": manifest.inputs,
    }
    lines = ["{"]
    lines += [f" {json.dumps(key)}: {json.dumps(value)}," for key, value in settings.items()]
    rows = [
        f"  {json.dumps(rel)}: " + json.dumps({"render": record.render, "output": record.output})
        for rel, record in sorted(manifest.files.items())
    ]
    lines.append(' "files": {' + ("\n" + ",\n".join(rows) + "\n " if rows else "") + "}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("ascii")


def load_manifest(data: bytes) -> Manifest | None:
    """The manifest in ``data``, or ``None`` when it is not one (then nothing is owned).

    A path that would leave the folder makes the whole manifest invalid: the manifest
    decides what may be deleted, so it is trusted only when every entry is plausible.
    """
    try:
        raw = json.loads(data)
    except ValueError:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), dict):
        return None
    files: dict[str, FileRecord] = {}
    for rel, record in raw["files"].items():
        if not is_safe_relative(rel) or rel == MANIFEST or not isinstance(record, dict):
            return None
        render, output = record.get("render"), record.get("output")
        if not isinstance(render, str) or not isinstance(output, str):
            return None
        files[rel] = FileRecord(render, output)
    header = raw.get("header")
    return Manifest(
        formatter=_text(raw.get("formatter")),
        inputs=_text(raw.get("inputs")),
        header=header if isinstance(header, str) else None,
        spec_file=_text(raw.get("spec_file")),
        spec_sha256=_text(raw.get("spec_sha256")),
        files=files,
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def read_manifest(out: Path) -> tuple[Manifest | None, bytes | None]:
    """The manifest in ``out`` (``None`` if absent or unreadable) and its bytes.

    Raises :class:`OutputError` when the manifest is a link or not a file: it is never
    followed, not even for reading.
    """
    found = probe(out, MANIFEST)
    if found == "missing":
        return None, None
    if found != "file":
        raise OutputError(found)
    data = read_file(out, MANIFEST)
    return (load_manifest(data) if data is not None else None), data


def up_to_date(out: Path, inputs: str) -> bool:
    """True when ``out`` was generated from exactly ``inputs`` and is unchanged since.

    ``inputs`` fingerprints everything generation depends on (spec, config, generator,
    templates, formatter), so a match means regenerating would give the same bytes; this
    lets the drift check on an unchanged tree skip every step, black included. Files the
    generator did not write do not matter: it would leave them alone.
    """
    try:
        real = resolve_out(out)
        manifest, _ = read_manifest(real)
        if manifest is None or manifest.inputs != inputs or not manifest.files:
            return False
        return all(
            (data := read_file(real, rel)) is not None
            and hashlib.sha256(data).hexdigest() == record.output
            for rel, record in manifest.files.items()
        )
    except (OutputError, OSError):
        return False


def unknown_files(out: Path) -> list[str]:
    """The files and links in ``out`` that its manifest does not list: never touched."""
    try:
        real = resolve_out(out)
        manifest, _ = read_manifest(real)
    except (OutputError, OSError):
        return []
    ours = set(manifest.files if manifest is not None else ()) | {MANIFEST}
    return [rel for rel in scan(real) if rel not in ours]
