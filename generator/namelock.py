"""The name lock: names the client has published stay put across spec versions.

``spec/codegen.lock.yaml`` (beside the config) maps each schema's JSON pointer to its class,
each class to its module, each operation to its ``resource.method``, and records the values
of every enum class. The generator reads it before naming anything, so a later spec keeps a
name unless the thing it names is gone, and writes it back with the names of this run, so
its diff shows every name that appeared or went. Edit a name in it to rename on purpose
(``spec/codegen.yaml`` still wins over it).

An enum class shared by identical inline enums stays with the ones whose values match what
the lock recorded; one that diverges gets a new name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.names import is_identifier
from generator.problems import Problems

__all__ = ["LOCK_SUFFIX", "NameLock", "dump_lock", "load_lock", "lock_path"]

LOCK_SUFFIX = ".lock.yaml"
_HEADER = (
    "# The names the generated client has published, kept across spec versions.\n"
    "# Written by `make regenerate`. Edit a name to rename it on purpose; names in\n"
    "# codegen.yaml win over these.\n"
)


@dataclass
class NameLock:
    classes: dict[str, str] = field(default_factory=dict)  # pointer -> class
    modules: dict[str, str] = field(default_factory=dict)  # class -> module
    enums: dict[str, list[str | int]] = field(default_factory=dict)  # class -> values
    methods: dict[str, str] = field(default_factory=dict)  # operationId -> resource.method


def lock_path(config_path: Path | None) -> Path | None:
    """``spec/codegen.yaml`` -> ``spec/codegen.lock.yaml``; no config, no lock."""
    if config_path is None:
        return None
    return config_path.with_name(config_path.stem + LOCK_SUFFIX)


def load_lock(path: Path | None, problems: Problems) -> NameLock:
    """The lock at ``path`` (empty when there is none); bad entries are warnings."""
    import yaml  # here: the quick in-sync check imports namelock, and never needs YAML

    lock = NameLock()
    if path is None or not path.is_file():
        return lock
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.warn(
            f"{where}#", f"the name lock cannot be read ({_one_line(exc)}); ignored", code="W-LOCK"
        )
        return lock
    if not isinstance(data, dict):
        problems.warn(f"{where}#", "the name lock is not a mapping; ignored", code="W-LOCK")
        return lock
    lock.classes = _names(data, "classes", where, problems)
    lock.modules = _names(data, "modules", where, problems)
    lock.methods = _methods(data, where, problems)
    enums = data.get("enums") or {}
    if isinstance(enums, dict):
        lock.enums = {
            str(k): [v for v in values if isinstance(v, (str, int)) and not isinstance(v, bool)]
            for k, values in enums.items()
            if isinstance(values, list)
        }
    return lock


def _names(data: dict[str, Any], key: str, where: str, problems: Problems) -> dict[str, str]:
    found: dict[str, str] = {}
    section = data.get(key) or {}
    if not isinstance(section, dict):
        problems.warn(f"{where}#/{key}", "must be a mapping; ignored", code="W-LOCK")
        return found
    for k, name in section.items():
        if isinstance(name, str) and is_identifier(name):
            found[str(k)] = name
        else:
            problems.warn(
                f"{where}#/{key}/{_escape(str(k))}", f"{name!r} is not an identifier", code="W-LOCK"
            )
    return found


def _methods(data: dict[str, Any], where: str, problems: Problems) -> dict[str, str]:
    found: dict[str, str] = {}
    section = data.get("methods") or {}
    if not isinstance(section, dict):
        return found
    for op_id, value in section.items():
        parts = value.split(".") if isinstance(value, str) else []
        if len(parts) == 2 and all(is_identifier(p) for p in parts):
            found[str(op_id)] = value
        else:
            ptr = f"{where}#/methods/{_escape(str(op_id))}"
            problems.warn(ptr, f"{value!r} is not 'resource.method'", code="W-LOCK")
    return found


def dump_lock(lock: NameLock) -> bytes:
    """The lock as YAML: sorted, one entry per line, keys quoted (pointers hold anything)."""
    lines = [_HEADER]
    for title, section in (
        ("classes", lock.classes),
        ("modules", lock.modules),
        ("methods", lock.methods),
    ):
        lines.append(f"{title}:" + ("" if section else " {}"))
        lines += [f"  {_quoted(k)}: {_quoted(v)}" for k, v in sorted(section.items())]
    lines.append("enums:" + ("" if lock.enums else " {}"))
    for k, values in sorted(lock.enums.items()):
        items = ", ".join(_quoted(v) if isinstance(v, str) else str(v) for v in values)
        lines.append(f"  {_quoted(k)}: [{items}]")
    return ("\n".join(lines) + "\n").encode("ascii")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar, ASCII only, that reads back as exactly ``text``."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
