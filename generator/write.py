"""Step 7: write the formatted files, or (``--check``) say what writing would change.

Writing happens in two phases. :func:`plan_tree` formats every file, looks at every target
and decides everything (what to write, what to delete, what is in the way) without touching
the disk; :func:`apply_plan` then carries the plan out. A refusal therefore always leaves the
tree as it was.

Ownership follows the manifest (see ``generator.manifest``): a file is replaced or deleted
only when the previous manifest lists it and its bytes are still what was written. A
generated file edited by hand stops the run unless ``force`` is given; a file the generator
did not write is never replaced or deleted, ``force`` or not.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.format import Formatter, format_all
from generator.manifest import (
    MANIFEST,
    FileRecord,
    Manifest,
    dump_manifest,
    read_manifest,
    unknown_files,
    up_to_date,
)
from generator.outdir import (
    OutputError,
    is_ignored_dir,
    is_safe_relative,
    is_untouched,
    probe,
    read_file,
    remove_file,
    resolve_out,
    scan,
    shown,
    write_file,
)
from generator.rendered import Rendered

__all__ = [
    "MANIFEST",
    "Change",
    "OutputError",
    "Plan",
    "apply_plan",
    "plan_tree",
    "sync_tree",
    "unknown_files",
    "up_to_date",
]


@dataclass(frozen=True)
class Change:
    """One file that writing changes (or, for ``edited``, would change with ``force``).

    ``kind`` is ``added``, ``changed``, ``removed``, ``edited`` (a generated file edited by
    hand) or ``edited, no longer generated``. ``old`` is what is on disk, ``new`` what
    regenerating gives (``None`` for a removal).
    """

    path: str
    kind: str
    old: bytes | None
    new: bytes | None


@dataclass
class Plan:
    """Everything a run would do to the output folder, decided before the first write."""

    out: Path
    changes: list[Change] = field(default_factory=list)
    writes: dict[str, bytes] = field(default_factory=dict)
    removals: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # never allowed: the user must act
    blocked: list[str] = field(default_factory=list)  # allowed only with force
    unknown: list[str] = field(default_factory=list)  # not the generator's files: left alone
    files: int = 0  # files generated
    formatted: int = 0  # files that went through the formatter in this run

    @property
    def in_sync(self) -> bool:
        return not self.changes


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_tree(
    out: Path,
    rendered: Mapping[str, Rendered],
    formatter: str,
    fmt: Formatter,
    *,
    inputs: str = "",
    spec_file: str = "",
    spec_sha256: str = "",
    force: bool = False,
) -> Plan:
    """Decide how to bring ``out`` in line with ``rendered``; touches nothing.

    Raises :class:`OutputError` when ``--out`` itself must not be used or its manifest is a
    link; every other problem is collected in the plan's ``refused`` and ``blocked``.
    """
    plan = Plan(resolve_out(out), files=len(rendered))
    previous, old_manifest = read_manifest(plan.out)
    known = previous.files if previous is not None else {}
    if previous is None and not force and _holds_anything(plan.out):
        why = "an unreadable manifest" if old_manifest is not None else f"no {MANIFEST}"
        plan.blocked.append(
            f"{shown(plan.out)} already holds files and has {why}, so nothing in it was "
            "written by the generator: use an empty folder, or --force to write beside them "
            "(files the generator did not write are never touched)"
        )
    entries = _plan_rendered(plan, rendered, previous, formatter, fmt, force)
    for rel, record in sorted(known.items()):
        if rel not in rendered:
            _plan_stale(plan, rel, record, force)
    headers = {file.header for file in rendered.values() if file.header}
    manifest = Manifest(
        formatter=formatter,
        inputs=inputs,
        header=headers.pop() if len(headers) == 1 else None,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
        files=entries,
    )
    new_manifest = dump_manifest(manifest)
    if new_manifest != old_manifest:
        kind = "added" if old_manifest is None else "changed"
        plan.changes.append(Change(MANIFEST, kind, old_manifest, new_manifest))
        plan.writes[MANIFEST] = new_manifest
    plan.refused = list(dict.fromkeys(plan.refused))  # a linked folder is named once
    ours = set(rendered) | set(known) | {MANIFEST}
    plan.unknown = [rel for rel in scan(plan.out) if rel not in ours]
    return plan


def _holds_anything(out: Path) -> bool:
    """True unless ``out`` is missing or holds nothing but tool folders (caches and such)."""
    try:
        with os.scandir(out) as entries:
            return any(
                not (e.is_dir(follow_symlinks=False) and is_ignored_dir(e.name)) for e in entries
            )
    except OSError:
        return False  # missing: it will be created


@dataclass
class _Staged:
    """One file on its way into the plan: what is on disk, and its body once known."""

    rel: str
    file: Rendered
    current: bytes | None
    record: FileRecord | None
    render_hash: str
    body: bytes | None  # None until formatted


def _plan_rendered(
    plan: Plan,
    rendered: Mapping[str, Rendered],
    previous: Manifest | None,
    formatter: str,
    fmt: Formatter,
    force: bool,
) -> dict[str, FileRecord]:
    """Format every file (reusing what is on disk where possible) and classify each target.

    Files are formatted together, after all are staged, so that black can run on several
    cores (``generator.format.format_all``); one render is formatted once per run.
    """
    staged = _stage(plan, rendered, previous, formatter)
    pending: dict[tuple[str, str], tuple[str, str]] = {}  # (suffix, render hash) -> job
    for item in staged:
        if item.body is None:
            pending.setdefault(_render_key(item), (item.rel, item.file.body))
    bodies = format_all(list(pending.values()), fmt)
    formatted = {key: body.encode("utf-8") for key, body in zip(pending, bodies, strict=True)}
    plan.formatted += sum(1 for rel, _ in pending.values() if rel.endswith(".py"))
    entries: dict[str, FileRecord] = {}
    for item in staged:
        body = item.body if item.body is not None else formatted[_render_key(item)]
        final = item.file.header.encode("utf-8") + body
        entries[item.rel] = FileRecord(item.render_hash, _sha(final))
        _classify(plan, item.rel, item.current, final, item.record, force)
    return entries


def _render_key(item: _Staged) -> tuple[str, str]:
    return Path(item.rel).suffix, item.render_hash


def _stage(
    plan: Plan, rendered: Mapping[str, Rendered], previous: Manifest | None, formatter: str
) -> list[_Staged]:
    """Each file that may be written, with its body when it needs no formatting."""
    reusable = previous is not None and previous.formatter == formatter
    old_header = (previous.header if previous is not None else None) or ""
    known = previous.files if previous is not None else {}
    staged: list[_Staged] = []
    for rel, file in sorted(rendered.items()):
        if not is_safe_relative(rel) or rel == MANIFEST or is_untouched(rel):
            plan.refused.append(f"refusing to write {shown(rel)}: not a plain path in --out")
            continue
        try:
            current = read_file(plan.out, rel)
        except OutputError as exc:
            plan.refused.append(f"{exc}: refusing to write there (move it away)")
            continue
        record, render_hash, body = known.get(rel), _sha(file.body.encode("utf-8")), None
        header = old_header if file.header else ""  # Markdown and JSON files have none
        if reusable and (header or not file.header) and record and record.render == render_hash:
            body = _body_on_disk(current, header.encode("utf-8"), record)
        if body is None and file.verbatim:
            body = file.body.encode("utf-8")
        staged.append(_Staged(rel, file, current, record, render_hash, body))
    return staged


def _body_on_disk(current: bytes | None, header: bytes, record: FileRecord) -> bytes | None:
    """The formatted body already on disk, when the file is exactly what was last written."""
    if current is None or not current.startswith(header) or _sha(current) != record.output:
        return None
    return current[len(header) :]


def _classify(
    plan: Plan,
    rel: str,
    current: bytes | None,
    final: bytes,
    record: FileRecord | None,
    force: bool,
) -> None:
    if current == final:
        return
    if current is None or (record is not None and _sha(current) == record.output):
        plan.changes.append(Change(rel, "added" if current is None else "changed", current, final))
        plan.writes[rel] = final
    elif record is not None:
        plan.changes.append(Change(rel, "edited", current, final))
        if force:
            plan.writes[rel] = final
        else:
            plan.blocked.append(
                f"{shown(plan.out / rel)} was edited by hand since it was generated: copy your "
                "change elsewhere (into the spec, config or templates), or run again with "
                "--force to overwrite it"
            )
    else:
        plan.refused.append(
            f"{shown(plan.out / rel)} was not written by the generator, which would write a "
            "file there: move it away (it is never overwritten, even with --force)"
        )


def _plan_stale(plan: Plan, rel: str, record: FileRecord, force: bool) -> None:
    """A file the previous run wrote that this run does not: delete it if it is unchanged."""
    if probe(plan.out, rel) != "file":
        return  # gone, or no longer a plain file: not the generator's to touch
    current = read_file(plan.out, rel)
    if current is None:
        return
    if _sha(current) == record.output:
        plan.changes.append(Change(rel, "removed", current, None))
        plan.removals.append(rel)
        return
    plan.changes.append(Change(rel, "edited, no longer generated", current, None))
    if force:
        plan.removals.append(rel)
    else:
        plan.blocked.append(
            f"{shown(plan.out / rel)} is no longer generated but was edited by hand: move it "
            "out of the folder, or run again with --force to delete it"
        )


def apply_plan(plan: Plan) -> None:
    """Carry out a plan that nothing refused: files first, the manifest last."""
    if plan.refused or plan.blocked:
        raise OutputError((plan.refused + plan.blocked)[0])
    plan.out.mkdir(parents=True, exist_ok=True)
    for rel, data in plan.writes.items():
        if rel != MANIFEST:
            write_file(plan.out, rel, data)
    for rel in plan.removals:
        remove_file(plan.out, rel)
    if MANIFEST in plan.writes:
        write_file(plan.out, MANIFEST, plan.writes[MANIFEST])


def sync_tree(
    out: Path,
    rendered: Mapping[str, Rendered],
    formatter: str,
    fmt: Formatter,
    *,
    check: bool,
    inputs: str = "",
    spec_file: str = "",
    spec_sha256: str = "",
    force: bool = False,
) -> Plan:
    """Plan, and unless ``check``, apply: the one call for callers that need no reporting.

    Raises :class:`OutputError` with the first reason when writing is refused.
    """
    plan = plan_tree(
        out,
        rendered,
        formatter,
        fmt,
        inputs=inputs,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
        force=force,
    )
    if not check:
        apply_plan(plan)
    return plan
