"""One operation of the intermediate model, from its Operation Object and its settings."""

from __future__ import annotations

from typing import Any

from generator.model import Operation, Pagination, Parameter, Response
from generator.names import NameRegistry, class_name
from generator.operations.bodies import request_body, responses
from generator.operations.context import OperationContext, text
from generator.operations.parameters import parameters, template_variables
from generator.security import operation_security
from generator.text import one_line
from generator.types import ListOf, Prim, Ref

__all__ = ["CALL_OPTIONS", "IDEMPOTENT_METHODS", "operation"]

# Keyword arguments every generated method takes; parameters must not shadow them.
CALL_OPTIONS = {
    "extra_headers", "extra_query", "timeout", "max_retries", "self", "raise_on_error",
    # names the generated method bodies use
    "options", "results", "chunk", "warn_deprecated", "raise_item_errors", "builtins",
}  # fmt: skip
IDEMPOTENT_METHODS = frozenset({"get", "head", "options", "put", "delete", "patch"})


def operation(
    c: OperationContext,
    op_spec: dict[str, Any],
    shared_params: list[Any],
    path: str,
    http_method: str,
    ptr: str,
    op_id: str,
    resource: str,
    name: str,
) -> Operation | None:
    """The operation, or None (after an error) when its path template cannot be filled."""
    settings = c.config.operations.get(op_id)
    hint = class_name(resource) + class_name(name)
    arg_names = NameRegistry(set(CALL_OPTIONS))
    params = parameters(c, op_spec, shared_params, path, ptr, hint, arg_names)
    declared = {p.key for p in params if p.location == "path"}
    missing = [v for v in template_variables(path) if v not in declared]
    if missing:
        c.problems.error(
            ptr, f"path template variable {{{missing[0]}}} has no parameter", code="E-PATH"
        )
        return None
    body = request_body(c, op_spec, ptr, hint, arg_names.claim("body", "_"))
    success, errors = responses(c, op_spec, ptr, hint)
    pagination = _pagination(c, op_spec, success, ptr)
    if pagination is not None and not any(p.key == "cursor" for p in params):
        params.append(_cursor(c, ptr, arg_names.claim("cursor", "_")))
    batch_size = settings.batch_size if settings else None
    if batch_size is not None and (body is None or not isinstance(body.type, ListOf)):
        c.problems.warn(
            ptr, "batch_size is set but the request body is not an array; ignored", code="W-BATCH"
        )
        batch_size = None
    summary = one_line(op_spec.get("summary"))
    description = text(op_spec.get("description"))
    return Operation(
        operation_id=op_id,
        pointer=ptr,
        resource=resource,
        method=name,
        http_method=http_method.upper(),
        path=path,
        summary=summary,
        description=description if one_line(description) != summary else "",
        params=params,
        body=body,
        success=success,
        errors=errors,
        deprecated=op_spec.get("deprecated") is True,
        idempotent=http_method in IDEMPOTENT_METHODS or bool(settings and settings.idempotent),
        deletes=http_method == "delete" or bool(settings and settings.deletes),
        pagination=pagination,
        batch_size=batch_size,
        batch_error_type=settings.batch_error_type if settings and batch_size else None,
        security=operation_security(op_spec),
    )


def _cursor(c: OperationContext, ptr: str, name: str) -> Parameter:
    """The ``cursor`` a paginated operation must take, when its spec forgot to declare it."""
    c.problems.warn(
        ptr,
        "paginated, but declares no 'cursor' query parameter; adding one",
        code="W-PAGINATION-CURSOR",
    )
    return Parameter(
        name=name,
        key="cursor",
        location="query",
        type=Prim("str"),
        required=False,
        description="Where the page starts: the cursor from a previous page's link.",
    )


def _pagination(
    c: OperationContext, op_spec: dict[str, Any], success: Response, ptr: str
) -> Pagination | None:
    """Cursor pagination, for operations the spec marks ``x-sendcloud-paginated``."""
    if op_spec.get("x-sendcloud-paginated") is not True and op_spec.get("x-paginated") is not True:
        return None
    results_key = str(op_spec.get("x-sendcloud-paginated-discriminator") or "results")
    t = success.type
    model = c.schemas.models.get(t.name) if isinstance(t, Ref) and t.kind == "model" else None
    if model is None:
        c.problems.warn(
            ptr,
            "marked paginated but the response is not an object; not paginated",
            code="W-PAGINATION",
        )
        return None
    by_key = {f.key: f for f in model.fields}
    results = by_key.get(results_key)
    if results is None or not isinstance(results.type, ListOf) or "next" not in by_key:
        c.problems.warn(
            ptr,
            f"marked paginated but the response lacks '{results_key}' or 'next'",
            code="W-PAGINATION",
        )
        return None
    return Pagination(results.type.item, results_key, "next", "previous")
