"""Step 4b: walk ``paths`` into resources of operations.

Resource and method names come from ``spec/codegen.yaml`` when it names the operation, else
from its first tag and its ``operationId``. Parameters, request bodies and responses are
typed through :class:`~generator.schemas.SchemaBuilder`; what cannot be modelled (a media
type other than JSON, say) still gets a working method on raw bytes, and a warning.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.model import Operation, Resource
from generator.names import NameRegistry, class_name, module_name, snake_name, words
from generator.operations.assemble import operation
from generator.operations.context import OperationContext, mapping_at, sequence_at
from generator.problems import pointer

__all__ = ["CLIENT_ATTRIBUTES", "HTTP_METHODS", "build_operations"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Attributes and methods of the generated clients: a resource must not take their names.
CLIENT_ATTRIBUTES = frozenset({
    "base_url", "timeout", "max_retries", "close", "aclose", "request", "request_batched",
    "with_options", "copy", "auth", "default_headers", "http_client", "is_closed", "send",
    "models", "resources", "errors",
    # builtins the client classes' annotations use: a class attribute would shadow them
    "str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set", "type", "object",
})  # fmt: skip


def build_operations(c: OperationContext, spec: dict[str, Any]) -> list[Resource]:
    grouped: dict[str, list[Operation]] = defaultdict(list)
    method_names: dict[str, NameRegistry] = defaultdict(
        lambda: NameRegistry({"with_raw_response", "with_streaming_response"})
    )
    seen_ids: set[str] = set()
    paths = mapping_at(spec, "paths")
    for path, item in paths.items():
        if not isinstance(item, dict) or not str(path).startswith("/"):
            continue  # extensions (x-...) and what the validator already reported
        path_ptr = pointer("paths", path)
        if "$ref" in item:
            try:
                item, _ = c.resolver.follow(item, path_ptr)
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
                c.problems.warn(ptr + "/operationId", f"duplicate operationId {op_id!r}")
            seen_ids.add(op_id)
            resource, wanted = _names(c, op_spec, op_id, http_method, path)
            name = method_names[resource].claim(wanted, "_")
            op = operation(c, op_spec, shared, path, http_method, ptr, op_id, resource, name)
            if op is not None:
                grouped[resource].append(op)
    for op_id in c.config.operations:
        if op_id not in seen_ids:
            c.problems.warn("codegen.yaml#/operations", f"no operation {op_id!r} in the spec")
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


def _names(
    c: OperationContext, op_spec: dict[str, Any], op_id: str, http_method: str, path: str
) -> tuple[str, str]:
    """The resource (``client.<resource>``) and the method name an operation wants."""
    settings = c.config.operations.get(op_id)
    tags = sequence_at(op_spec, "tags")
    resource = (settings.resource if settings else None) or (
        _resource_attr(str(tags[0])) if tags else "default"
    )
    method = (settings.method if settings else None) or _method_name(op_spec, http_method, path)
    return resource, method


def _resource_attr(tag: str) -> str:
    """``client.<attr>`` for a tag: a module name that no client attribute has."""
    attr = module_name(tag)
    return attr + "_" if attr in CLIENT_ATTRIBUTES else attr


def _method_name(op_spec: dict[str, Any], http_method: str, path: str) -> str:
    if isinstance(op_spec.get("operationId"), str) and op_spec["operationId"].strip():
        return snake_name(op_spec["operationId"], fallback="call")
    parts = [w for w in words(path) if w]
    return snake_name("_".join([http_method, *parts]), fallback="call")
