"""What a regenerate tells the maintainer: the release it made, and names to review.

After writing, :func:`print_summary` says how the public surface changed since the last
release ("3 changes, 1 breaking: ..."), the version it bumped to, and which new operations
were named from the spec alone, with the line to add to ``spec/codegen.yaml`` to name them
better. :class:`LockUpdate` carries the name lock (``generator.namelock``), which lives
beside the config rather than in the output folder, through check and write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.outdir import OutputError, read_file, shown, write_file

if TYPE_CHECKING:  # the pipeline pulls in Jinja2; the drift check's fast path needs none of it
    from generator.pipeline import Result

__all__ = ["LockUpdate", "print_summary"]

_LISTED = 5  # changes named in the summary before "… and N more"


@dataclass
class LockUpdate:
    path: Path | None
    data: bytes
    current: bytes | None = None
    refused: str = ""

    @classmethod
    def of(cls, path: Path | None, data: bytes) -> LockUpdate:
        if path is None:
            return cls(None, data)
        try:
            current = read_file(path.parent, path.name)
        except OutputError as exc:
            return cls(path, data, None, f"{exc}: the name lock is not written there")
        return cls(path, data, current)

    @property
    def changed(self) -> bool:
        return self.path is not None and not self.refused and self.current != self.data

    def write(self) -> None:
        if self.path is not None and self.changed:
            write_file(self.path.parent, self.path.name, self.data)


def print_summary(result: Result, has_config: bool) -> None:
    api = result.api
    if api is None:
        return
    changes = result.changes
    if changes:
        breaking = [c for c in changes if c.breaking]
        listed = (breaking or changes)[:_LISTED]
        more = len(breaking or changes) - len(listed)
        print(
            f"{len(changes)} change(s), {len(breaking)} breaking; version {api.package_version}"
            + (": " if listed else "")
            + " ".join(c.message for c in listed)
            + (f" … and {more} more" if more > 0 else "")
        )
        print("The changelog is in CHANGELOG.md; run `python -m generator diff` for the report.")
    for op_id, pointer, resource, method in api.derived_names:
        where = "spec/codegen.yaml" if has_config else "a config (--config)"
        print(
            f"new operation {shown(op_id)} ({shown(pointer)}) is named "
            f"client.{resource}.{method}(); to name it yourself, add to {where} under "
            f"operations: {_yaml_key(op_id)}: {{resource: {resource}, method: {method}}}"
        )


def _yaml_key(text: str) -> str:
    """``text`` as a YAML key (quoted: an operationId may hold anything)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in escaped) + '"'
