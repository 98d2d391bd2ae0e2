"""Write the hostile corpus: ``cases/<family>/<case>.{json,yaml}`` and ``manifest.json``.

Run from the repository root (deterministic; it replaces ``cases/`` and the manifest)::

    .venv/bin/python tests/hostile/make_corpus.py

Each family lives in its own module; README.md lists them and the manifest's fields.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``hostile.*`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile.corpus_base import Entry, reset_tags  # noqa: E402
from hostile.corpus_bounds import anchor_cases, bounded_cases  # noqa: E402
from hostile.corpus_names import (  # noqa: E402
    case_collision_cases,
    client_attr_cases,
    long_name_cases,
    reserved_name_cases,
    status_code_cases,
    windows_name_cases,
)
from hostile.corpus_out import out_folder_cases  # noqa: E402
from hostile.corpus_refs import external_ref_cases  # noqa: E402
from hostile.corpus_runtime import insecure_http_cases, redaction_cases  # noqa: E402
from hostile.corpus_text import (  # noqa: E402
    file_name_cases,
    float_cases,
    injection_cases,
    title_cases,
)

__all__ = ["all_entries", "main", "write_corpus"]

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
MIN_CASES = 300

# The order is part of the output: each family draws its title tags (hx0001...) in turn.
FAMILIES = (
    external_ref_cases, file_name_cases, injection_cases, float_cases, title_cases,
    client_attr_cases, reserved_name_cases, windows_name_cases, case_collision_cases,
    long_name_cases, status_code_cases, anchor_cases, bounded_cases, insecure_http_cases,
    redaction_cases, out_folder_cases,
)  # fmt: skip


def all_entries() -> list[Entry]:
    reset_tags()
    entries = [entry for family in FAMILIES for entry in family()]
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"duplicate case ids: {duplicates}")
    return entries


def _stem(case_id: str) -> str:
    """A portable file name for a case id (ids may hold any character)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", case_id)[:80]
    if safe == case_id:
        return safe
    return f"{safe}-{hashlib.sha256(case_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _spec_text(entry: Entry) -> str | None:
    if entry.spec is None:
        return None
    if isinstance(entry.spec, str):
        return entry.spec
    return json.dumps(entry.spec, indent=1, ensure_ascii=True) + "\n"


def _record(entry: Entry, spec_path: str | None) -> dict[str, Any]:
    """The manifest entry: every field that differs from its default."""
    defaults = Entry("", "", None, [])
    record: dict[str, Any] = {"id": entry.id, "family": entry.family}
    if spec_path is not None:
        record["spec"] = spec_path
    for f in fields(Entry):
        if f.name in ("id", "family", "spec"):
            continue
        value = getattr(entry, f.name)
        if f.name == "exit" or value != getattr(defaults, f.name):
            record[f.name] = value
    return record


def write_corpus(target: Path) -> int:
    """Write ``cases/`` and ``manifest.json`` under ``target``; returns the number of cases."""
    entries = all_entries()
    if len(entries) < MIN_CASES:
        raise SystemExit(f"only {len(entries)} cases; the corpus needs at least {MIN_CASES}")
    cases_dir = target / "cases"
    shutil.rmtree(cases_dir, ignore_errors=True)
    records = []
    for entry in entries:
        text = _spec_text(entry)
        spec_path = None
        if text is not None:
            name = entry.file_name or "openapi.json"
            ext = ".yaml" if name.endswith((".yaml", ".yml")) else ".json"
            path = cases_dir / entry.family / (_stem(entry.id) + ext)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            spec_path = path.relative_to(target).as_posix()
        records.append(_record(entry, spec_path))
    families = sorted({e.family for e in entries})
    data = {"families": families, "count": len(records), "cases": records}
    manifest = target / MANIFEST.name
    manifest.write_text(json.dumps(data, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    return len(records)


def main() -> int:
    count = write_corpus(HERE)
    print(f"{count} cases -> {MANIFEST.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
