"""Parameters of an operation: path-level and operation-level, merged, typed and named."""

from __future__ import annotations

import re
from typing import Any, cast

from generator.model import Parameter, ParameterLocation
from generator.names import NameRegistry, class_name, singular, snake_name
from generator.operations.context import OperationContext, sequence_at, text
from generator.problems import pointer

__all__ = ["LOCATIONS", "parameters", "template_variables"]

LOCATIONS = ("path", "query", "header", "cookie")


def template_variables(path: str) -> list[str]:
    """The ``{name}`` variables of a path template, in order."""
    return re.findall(r"{([^}/]+)}", path)


def parameters(
    c: OperationContext,
    op_spec: dict[str, Any],
    shared: list[Any],
    path: str,
    ptr: str,
    hint: str,
    arg_names: NameRegistry,
) -> list[Parameter]:
    """Every parameter, path parameters first in template order, then in declaration order.

    Operation-level parameters override path-level ones with the same name and location.
    """
    declared: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {}
    sources = [(p, f"{pointer('paths', path)}/parameters/{i}") for i, p in enumerate(shared)]
    own = sequence_at(op_spec, "parameters")
    sources += [(p, f"{ptr}/parameters/{i}") for i, p in enumerate(own)]
    for raw, p_ptr in sources:
        try:
            node, node_ptr = c.resolver.follow(raw, p_ptr)
        except LookupError:
            continue  # already reported by Resolver.check_all
        if (
            isinstance(node, dict)
            and isinstance(node.get("name"), str)
            and node.get("in") in LOCATIONS
        ):
            declared[(node["name"], node["in"])] = (node, node_ptr, p_ptr)
    variables = template_variables(path)
    built = [
        _parameter(c, key, location, node, node_ptr, p_ptr, path, hint, arg_names)
        for (key, location), (node, node_ptr, p_ptr) in declared.items()
    ]
    for p in built:
        if p.location == "path" and p.key not in variables:
            c.problems.warn(
                p.pointer,
                f"path parameter {p.key!r} does not appear in {path!r}",
                code="W-PARAMETER",
            )
    order = {n: i for i, n in enumerate(variables)}
    built.sort(key=lambda p: (0, order.get(p.key, 0)) if p.location == "path" else (1, 0))
    return built


def _parameter(
    c: OperationContext,
    key: str,
    location: str,
    node: dict[str, Any],
    node_ptr: str,
    p_ptr: str,
    path: str,
    hint: str,
    arg_names: NameRegistry,
) -> Parameter:
    schema = node.get("schema")
    content = node.get("content")
    if schema is None and isinstance(content, dict) and content:
        first = next(iter(content.values()))
        schema = first.get("schema") if isinstance(first, dict) else None
        c.problems.warn(
            p_ptr, "parameter with 'content' is sent as a plain string", code="W-PARAMETER"
        )
    t = c.schemas.type_of(
        schema if schema is not None else {}, node_ptr + "/schema", hint + class_name(key)
    )
    return Parameter(
        name=arg_names.claim(_param_name(key, location, path), "_"),
        key=key,
        location=cast(ParameterLocation, location),
        type=t,
        required=location == "path" or node.get("required") is True,
        description=text(node.get("description")),
        deprecated=node.get("deprecated") is True,
        explode=node.get("explode", node.get("style", "form") == "form") is not False,
        pointer=p_ptr,
    )


def _param_name(key: str, location: str, path: str) -> str:
    """Python name of a parameter; a bare ``{id}`` mid-path is named after its collection.

    ``/integrations/{id}/shipments`` -> ``integration_id``, while ``/integrations/{id}``
    keeps ``id``: the operation acts on that resource itself.
    """
    name = snake_name(key, fallback="param")
    if location == "path" and name == "id":
        segments = path.strip("/").split("/")
        marker = "{" + key + "}"
        if marker in segments:
            at = segments.index(marker)
            if 0 < at < len(segments) - 1 and not segments[at - 1].startswith("{"):
                return snake_name(singular(segments[at - 1])) + "_id"
    return name
