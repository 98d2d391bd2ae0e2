"""Larger specs made from a real one: ``k`` renamed copies of every path and component.

Copy ``i`` (from 2 on) has its paths under ``/c<i>``, its operation ids, tags and component
names suffixed with ``C<i>``, and every ``$ref`` of the copy pointing at the copy's own
components, so the document is ``k`` times the API with the same shape: the way to see
how generation time grows with size alone. Security schemes are shared, as in a real API.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["multiplied"]

_SHARED_COMPONENTS = {"securitySchemes"}


def _retarget(node: Any, suffix: str) -> Any:
    """A copy of ``node`` with every local component ``$ref`` given ``suffix``."""
    if isinstance(node, list):
        return [_retarget(item, suffix) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith("#/components/"):
            kind = value.split("/")[2]
            out[key] = value if kind in _SHARED_COMPONENTS else value + suffix
        else:
            out[key] = _retarget(value, suffix)
    return out


def _renamed_operation(operation: Any, suffix: str) -> Any:
    if not isinstance(operation, dict):
        return operation
    if isinstance(operation.get("operationId"), str):
        operation["operationId"] += f"-{suffix}"
    if isinstance(operation.get("tags"), list):
        operation["tags"] = [f"{tag} {suffix}" for tag in operation["tags"]]
    return operation


def multiplied(spec: dict[str, Any], k: int) -> dict[str, Any]:
    """``spec`` with ``k - 1`` renamed copies of its paths and components added."""
    out = copy.deepcopy(spec)
    paths: dict[str, Any] = out.setdefault("paths", {})
    components: dict[str, Any] = out.setdefault("components", {})
    tags: list[Any] = out.get("tags") or []
    for i in range(2, k + 1):
        suffix = f"C{i}"
        for path, item in spec.get("paths", {}).items():
            item = _retarget(item, suffix)
            if isinstance(item, dict):
                for method, operation in item.items():
                    item[method] = _renamed_operation(operation, suffix)
            paths[f"/c{i}{path}"] = item
        for kind, members in spec.get("components", {}).items():
            if kind in _SHARED_COMPONENTS or not isinstance(members, dict):
                continue
            for name, member in members.items():
                components[kind][f"{name}{suffix}"] = _retarget(member, suffix)
        for tag in spec.get("tags") or []:
            if isinstance(tag, dict) and "name" in tag:
                tags.append({**tag, "name": f"{tag['name']} {suffix}"})
    if tags:
        out["tags"] = tags
    return out
