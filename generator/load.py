"""Step 1: read the spec file (YAML or JSON) into plain Python data.

YAML is parsed with the C loader when libyaml is present. Anchors and aliases are allowed,
but a document that expands to an unreasonable number of nodes (an alias "bomb") is refused
before any later step walks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problems

__all__ = ["MAX_NODES", "load_spec", "parse_spec", "read_spec"]

#: Upper bound on the number of nodes the document may expand to once aliases are followed.
MAX_NODES = 2_000_000

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_spec(path: Path, problems: Problems) -> bytes | None:
    """The spec file's bytes, or ``None`` after recording why it could not be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.error("#", f"cannot read {path}: {exc.strerror or exc}")
        return None


def parse_spec(raw: bytes, name: str, problems: Problems) -> dict[str, Any] | None:
    """The parsed document, or ``None`` after recording why it is not one."""
    try:
        is_json = name.lower().endswith(".json")
        data = json.loads(raw) if is_json else yaml.load(raw, Loader=_Loader)
    except (ValueError, yaml.YAMLError) as exc:
        problems.error("#", f"cannot parse {name}: {_one_line(exc)}")
        return None
    if not isinstance(data, dict):
        problems.error("#", f"{name} is not an OpenAPI document (top level is not a mapping)")
        return None
    if _expanded_size(data) > MAX_NODES:
        problems.error("#", f"{name} expands to more than {MAX_NODES} nodes (YAML alias bomb?)")
        return None
    if any(not isinstance(k, str) for k in data):
        problems.error("#", "every top-level key must be a string")
        return None
    return data


def load_spec(path: Path, problems: Problems) -> dict[str, Any] | None:
    """Read and parse the spec at ``path``."""
    raw = read_spec(path, problems)
    return None if raw is None else parse_spec(raw, path.name, problems)


def _expanded_size(root: Any) -> int:
    """Count nodes as a naive walk would see them, visiting each shared object once."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)) or (not done and id(node) in sizes):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if done:
            total = 1
            for child in children:
                if isinstance(child, (dict, list)):
                    total += sizes.get(id(child), 1)
                else:
                    total += 1
            sizes[id(node)] = min(total, MAX_NODES + 1)
            continue
        sizes[id(node)] = 1  # provisional: also breaks cycles built from recursive anchors
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    return sizes.get(id(root), 1)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
