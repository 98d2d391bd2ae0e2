"""Step 4b: walk ``paths`` into resources of operations.

Resource and method names come from ``spec/codegen.yaml`` when it names the operation, else
from its first tag and its ``operationId``. Parameters, request bodies and responses are
typed through :class:`~generator.schemas.SchemaBuilder`; what cannot be modelled (a media
type other than JSON, say) still gets a working method on raw bytes, and a warning.
"""

from __future__ import annotations

import ast
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from generator.model import Operation, Resource
from generator.names import NameRegistry, class_name, module_name, singular, snake_name, words
from generator.operations.assemble import operation
from generator.operations.context import OperationContext, mapping_at, sequence_at
from generator.problems import pointer

__all__ = ["CLIENT_ATTRIBUTES", "HTTP_METHODS", "build_operations"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Names the client classes use besides the runtime's (read below): a resource must not take
# them, and builtins their annotations use, which a class attribute would shadow.
_CLIENT_NAMES = frozenset({
    "aclose", "copy", "auth", "default_headers", "http_client", "is_closed", "models",
    "resources", "errors",
    "str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set", "type", "object",
})  # fmt: skip
_RUNTIME_CLIENT = Path(__file__).resolve().parents[2] / "templates" / "runtime" / "_base_client.py"


@functools.cache
def client_attributes() -> frozenset[str]:
    """Every public attribute and method of the generated clients, from the runtime source."""
    found = set(_CLIENT_NAMES)
    tree = ast.parse(_RUNTIME_CLIENT.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.add(node.name)
        elif _assigns_to_self(node):
            found.add(node.attr)
    return frozenset(n for n in found if not n.startswith("_"))


def _assigns_to_self(node: ast.AST) -> TypeGuard[ast.Attribute]:
    """``self.<name> = ...``: an attribute of the client."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Store)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


CLIENT_ATTRIBUTES = client_attributes()


@dataclass
class _Found:
    """One operation in ``paths``, before it is named and built."""

    path: str
    http_method: str
    op_spec: dict[str, Any]
    ptr: str
    op_id: str
    shared: list[Any]


def build_operations(c: OperationContext, spec: dict[str, Any]) -> list[Resource]:
    """Every operation, grouped into resources, named once and for good.

    Names from ``spec/codegen.yaml`` are claimed first, then those the name lock keeps for
    operations that still exist, then names derived from the spec; so a new operation can
    never take the name of one that was there before.
    """
    found = _walk(c, spec)
    seen_ids = {f.op_id for f in found}
    for op_id in c.config.operations:
        if op_id not in seen_ids:
            c.problems.warn(
                pointer("operations", op_id),
                f"no operation {op_id!r} in the spec",
                code="W-CONFIG-OPERATION",
                source=c.config.source,
            )
    named = _name_all(c, found)
    grouped: dict[str, list[Operation]] = defaultdict(list)
    for f in found:
        resource, name = named[id(f)]
        op = operation(
            c, f.op_spec, f.shared, f.path, f.http_method, f.ptr, f.op_id, resource, name
        )
        if op is not None:
            grouped[resource].append(op)
    classes = NameRegistry(set(c.schemas.names.taken()))
    return [
        Resource(
            attr=attr,
            class_name=classes.claim(class_name(attr) + "Resource"),
            module=attr,
            operations=grouped[attr],
        )
        for attr in sorted(grouped)
    ]


def _walk(c: OperationContext, spec: dict[str, Any]) -> list[_Found]:
    found: list[_Found] = []
    seen_ids: set[str] = set()
    for path, item in mapping_at(spec, "paths").items():
        if not isinstance(item, dict) or not str(path).startswith("/"):
            continue  # extensions (x-...) and what the validator already reported
        if "$ref" in item:
            try:
                item, _ = c.resolver.follow(item, pointer("paths", path))
            except LookupError:
                continue
        if not isinstance(item, dict):
            continue
        shared = sequence_at(item, "parameters")
        for http_method in item:
            if http_method not in HTTP_METHODS or not isinstance(item[http_method], dict):
                continue
            op_spec = item[http_method]
            ptr = pointer("paths", path, http_method)
            op_id = str(op_spec.get("operationId") or f"{http_method}_{path}")
            if op_id in seen_ids:
                c.problems.warn(
                    ptr + "/operationId", f"duplicate operationId {op_id!r}", code="W-OPERATION-ID"
                )
            seen_ids.add(op_id)
            found.append(_Found(str(path), http_method, op_spec, ptr, op_id, shared))
    return found


def _name_all(c: OperationContext, found: list[_Found]) -> dict[int, tuple[str, str]]:
    """``client.<resource>.<method>`` for each operation: configured, locked, derived."""
    registries: dict[str, NameRegistry] = defaultdict(
        lambda: NameRegistry({"with_raw_response", "with_streaming_response"})
    )
    named: dict[int, tuple[str, str]] = {}
    locked: dict[int, tuple[str, str]] = {}
    for f in found:
        if f.op_id in c.config.operations:
            continue
        value = c.lock.methods.get(f.op_id)
        if value is not None:
            resource, method = value.split(".")
            if method not in registries[resource]:
                registries[resource].reserve(method)
                locked[id(f)] = (resource, method)
    configured = [f for f in found if f.op_id in c.config.operations]
    for f in configured + [f for f in found if f.op_id not in c.config.operations]:
        if id(f) in locked:
            named[id(f)] = locked[id(f)]
            continue
        resource, wanted = _names(c, f.op_spec, f.op_id, f.http_method, f.path)
        named[id(f)] = (resource, registries[resource].claim(wanted, "_"))
        if f.op_id not in c.config.operations:
            c.derived.append((f.op_id, f.ptr, *named[id(f)]))
    return named


def _names(
    c: OperationContext, op_spec: dict[str, Any], op_id: str, http_method: str, path: str
) -> tuple[str, str]:
    """The resource (``client.<resource>``) and the method name an operation wants."""
    settings = c.config.operations.get(op_id)
    tags = sequence_at(op_spec, "tags")
    resource = (settings.resource if settings else None) or (
        _resource_attr(str(tags[0])) if tags else "default"
    )
    method = (settings.method if settings else None) or _method_name(
        op_spec, http_method, path, resource
    )
    return resource, method


def _resource_attr(tag: str) -> str:
    """``client.<attr>`` for a tag: a module name that no client attribute has."""
    attr = module_name(tag)
    return attr + "_" if attr in CLIENT_ATTRIBUTES else attr


def _method_name(op_spec: dict[str, Any], http_method: str, path: str, resource: str) -> str:
    """The operationId in snake case when it reads well, else a name from method and path.

    An operationId reads well when it is a few words without a version token; a vendor's
    ``sc-public-v2-orders-get-retrieve_a_shipment`` does not, and the operation is named
    from its path instead (``list``, ``get``, ``create``, ``update``, ``delete``, or the
    action or sub-collection the path ends with).
    """
    op_id = op_spec.get("operationId")
    if isinstance(op_id, str) and op_id.strip():
        parts = words(op_id)
        if 0 < len(parts) <= 5 and not any(_VERSION.fullmatch(w.lower()) for w in parts):
            return snake_name(op_id, fallback="call")
    return _from_path(http_method, path, resource)


_VERSION = re.compile(r"v\d+")
_CRUD = {
    (True, "get"): "list", (True, "post"): "create", (False, "get"): "get",
    (False, "put"): "update", (False, "patch"): "partial_update", (False, "delete"): "delete",
}  # fmt: skip


def _from_path(http_method: str, path: str, resource: str) -> str:
    segments = [s for s in path.strip("/").split("/") if s]
    literals = [s for s in segments if not s.startswith("{")]
    on_collection = not segments or not segments[-1].startswith("{")
    last = snake_name(literals[-1], fallback="root") if literals else ""
    if not last or last == resource or resource.endswith("_" + last):
        return _CRUD.get((on_collection, http_method), http_method)  # the resource itself
    noun = singular(last)
    if not on_collection:  # an item of a sub-collection: get_log, delete_log
        verb = _CRUD.get((False, http_method), http_method)
        return f"{verb}_{noun}"
    if noun == last:  # not a plural noun: an action, such as /ping or /cancel
        return last
    return f"{_CRUD.get((True, http_method), http_method)}_{last if http_method == 'get' else noun}"
