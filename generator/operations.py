"""Step 4b: walk ``paths`` (and ``webhooks``) into operations of the intermediate model.

Resource and method names come from ``spec/codegen.yaml`` when it names the operation, else
from its first tag and its ``operationId``. Parameters, request bodies and responses are
typed through :class:`~generator.schemas.SchemaBuilder`; what cannot be modelled (a media
type other than JSON, say) still gets a working method on raw bytes, and a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from generator.config import Config
from generator.model import (
    Operation,
    Pagination,
    Parameter,
    RequestBody,
    Resource,
    Response,
    Webhook,
)
from generator.names import NameRegistry, class_name, module_name, singular, snake_name, words
from generator.problems import Problems, pointer
from generator.resolve import Resolver
from generator.schemas import SchemaBuilder
from generator.schemas.keywords import escape
from generator.text import one_line
from generator.types import AnyJson, Binary, ListOf, Prim, Ref

__all__ = ["CALL_OPTIONS", "HTTP_METHODS", "build_operations", "build_webhooks"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keyword arguments every generated method takes; parameters must not shadow them.
CALL_OPTIONS = {
    "extra_headers", "extra_query", "timeout", "max_retries", "self", "raise_on_error",
    # names the generated method bodies use
    "options", "results", "chunk", "warn_deprecated", "raise_item_errors", "builtins",
}  # fmt: skip
# Attributes and methods of the generated clients: a resource must not take their names.
CLIENT_ATTRIBUTES = frozenset({
    "base_url", "timeout", "max_retries", "close", "aclose", "request", "request_batched",
    "with_options", "copy", "auth", "default_headers", "http_client", "is_closed", "send",
    "models", "resources", "errors",
    # builtins the client classes' annotations use: a class attribute would shadow them
    "str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set", "type", "object",
})  # fmt: skip
_STATUS = re.compile(r"[1-5](?:[0-9][0-9]|XX)")
_JSON = re.compile(r"^application/([\w.+-]+\+)?json$|^application/json;", re.IGNORECASE)


def build_operations(
    spec: dict[str, Any],
    resolver: Resolver,
    schemas: SchemaBuilder,
    config: Config,
    problems: Problems,
) -> list[Resource]:
    grouped: dict[str, list[Operation]] = defaultdict(list)
    method_names: dict[str, NameRegistry] = defaultdict(
        lambda: NameRegistry({"with_raw_response", "with_streaming_response"})
    )
    seen_ids: set[str] = set()
    paths = spec.get("paths") or {}
    for path, item in paths.items():
        if not isinstance(item, dict) or not str(path).startswith("/"):
            continue  # extensions (x-...) and what the validator already reported
        path_ptr = pointer("paths", path)
        if "$ref" in item:
            try:
                item, _ = resolver.follow(item, path_ptr)
            except LookupError:
                continue
        shared_params = item.get("parameters") or []
        for http_method in item:
            if http_method not in HTTP_METHODS or not isinstance(item[http_method], dict):
                continue
            op_spec = item[http_method]
            ptr = pointer("paths", path, http_method)
            op_id = str(op_spec.get("operationId") or f"{http_method}_{path}")
            if op_id in seen_ids:
                problems.warn(ptr + "/operationId", f"duplicate operationId {op_id!r}")
            seen_ids.add(op_id)
            settings = config.operations.get(op_id)
            tags = op_spec.get("tags") or []
            resource = (settings.resource if settings and settings.resource else None) or (
                _resource_attr(str(tags[0])) if tags else "default"
            )
            wanted = (settings.method if settings and settings.method else None) or _method_name(
                op_spec, http_method, path
            )
            name = method_names[resource].claim(wanted, "_")
            op = _operation(
                op_spec,
                shared_params,
                path,
                http_method,
                ptr,
                op_id,
                resource,
                name,
                resolver,
                schemas,
                config,
                problems,
            )
            if op is not None:
                grouped[resource].append(op)
    for op_id in config.operations:
        if op_id not in seen_ids:
            problems.warn("codegen.yaml#/operations", f"no operation {op_id!r} in the spec")
    resources = []
    classes = NameRegistry(set(schemas.names.taken()))
    for attr in sorted(grouped):
        resources.append(
            Resource(
                attr=attr,
                class_name=classes.claim(class_name(attr) + "Resource"),
                module=attr,
                operations=grouped[attr],
            )
        )
    return resources


def _resource_attr(tag: str) -> str:
    """``client.<attr>`` for a tag: a module name that no client attribute has."""
    attr = module_name(tag)
    return attr + "_" if attr in CLIENT_ATTRIBUTES else attr


def _method_name(op_spec: dict[str, Any], http_method: str, path: str) -> str:
    if isinstance(op_spec.get("operationId"), str) and op_spec["operationId"].strip():
        return snake_name(op_spec["operationId"], fallback="call")
    parts = [w for w in words(path) if w]
    return snake_name("_".join([http_method, *parts]), fallback="call")


def _operation(
    op_spec: dict[str, Any],
    shared_params: list[Any],
    path: str,
    http_method: str,
    ptr: str,
    op_id: str,
    resource: str,
    name: str,
    resolver: Resolver,
    schemas: SchemaBuilder,
    config: Config,
    problems: Problems,
) -> Operation | None:
    settings = config.operations.get(op_id)
    hint = class_name(resource) + class_name(name)
    arg_names = NameRegistry(set(CALL_OPTIONS))
    # Operation-level parameters override path-level ones with the same name and location.
    declared: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {}
    sources = [(p, f"{pointer('paths', path)}/parameters/{i}") for i, p in enumerate(shared_params)]
    sources += [(p, f"{ptr}/parameters/{i}") for i, p in enumerate(op_spec.get("parameters") or [])]
    for raw, p_ptr in sources:
        try:
            node, node_ptr = resolver.follow(raw, p_ptr)
        except LookupError:
            continue  # already reported by Resolver.check_all
        if (
            isinstance(node, dict)
            and isinstance(node.get("name"), str)
            and node.get("in") in ("path", "query", "header", "cookie")
        ):
            declared[(node["name"], node["in"])] = (node, node_ptr, p_ptr)
    built: list[Parameter] = []
    template_names = re.findall(r"{([^}/]+)}", path)
    for (key, location), (node, node_ptr, p_ptr) in declared.items():
        schema = node.get("schema")
        if schema is None and isinstance(node.get("content"), dict) and node["content"]:
            schema = next(iter(node["content"].values())).get("schema")
            problems.warn(p_ptr, "parameter with 'content' is sent as a plain string")
        t = schemas.type_of(
            schema if schema is not None else {}, node_ptr + "/schema", hint + class_name(key)
        )
        if location == "path" and key not in template_names:
            problems.warn(p_ptr, f"path parameter {key!r} does not appear in {path!r}")
        built.append(
            Parameter(
                name=arg_names.claim(_param_name(key, location, path), "_"),
                key=key,
                location=location,  # type: ignore[arg-type]  # checked above
                type=t,
                required=location == "path" or bool(node.get("required")),
                description=_text(node.get("description")),
                deprecated=bool(node.get("deprecated")),
                explode=node.get("explode", node.get("style", "form") == "form") is not False,
            )
        )
    for missing in template_names:
        if (missing, "path") not in declared:
            problems.error(ptr, f"path template variable {{{missing}}} has no parameter")
            return None
    # path parameters first, in template order, then the rest in declaration order
    order = {n: i for i, n in enumerate(template_names)}
    built.sort(key=lambda p: (0, order.get(p.key, 0)) if p.location == "path" else (1, 0))
    body = _request_body(
        op_spec, ptr, hint, resolver, schemas, problems, arg_names.claim("body", "_")
    )
    success, errors = _responses(op_spec, ptr, hint, resolver, schemas, problems)
    pagination = None
    if op_spec.get("x-sendcloud-paginated") is True or op_spec.get("x-paginated") is True:
        pagination = _pagination(op_spec, success, schemas, ptr, problems)
    if pagination is not None and not any(p.key == "cursor" for p in built):
        problems.warn(ptr, "paginated, but declares no 'cursor' query parameter; adding one")
        built.append(
            Parameter(
                name=arg_names.claim("cursor", "_"),
                key="cursor",
                location="query",
                type=Prim("str"),
                required=False,
                description="Where the page starts: the cursor from a previous page's link.",
            )
        )
    batch_size = settings.batch_size if settings else None
    if batch_size is not None and (body is None or not isinstance(body.type, ListOf)):
        problems.warn(ptr, "batch_size is set but the request body is not an array; ignored")
        batch_size = None
    deprecated = bool(op_spec.get("deprecated"))
    summary = one_line(op_spec.get("summary"))
    description = _text(op_spec.get("description"))
    return Operation(
        operation_id=op_id,
        pointer=ptr,
        resource=resource,
        method=name,
        http_method=http_method.upper(),
        path=path,
        summary=summary,
        description=description if one_line(description) != summary else "",
        params=built,
        body=body,
        success=success,
        errors=errors,
        deprecated=deprecated,
        idempotent=http_method in ("get", "head", "options", "put", "delete", "patch")
        or bool(settings and settings.idempotent),
        deletes=http_method == "delete" or bool(settings and settings.deletes),
        pagination=pagination,
        batch_size=batch_size,
        batch_error_type=settings.batch_error_type if settings and batch_size else None,
    )


def _text(value: object) -> str:
    """Documentation text from the spec, kept as written (it is escaped where it is placed)."""
    return value if isinstance(value, str) else ""


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


def _pick_media(content: dict[str, Any]) -> tuple[str, Any] | None:
    for media, node in content.items():
        if isinstance(media, str) and (_JSON.match(media) or media == "*/*"):
            return media, node
    return None


def _request_body(
    op_spec: dict[str, Any],
    ptr: str,
    hint: str,
    resolver: Resolver,
    schemas: SchemaBuilder,
    problems: Problems,
    arg: str,
) -> RequestBody | None:
    raw = op_spec.get("requestBody")
    if raw is None:
        return None
    try:
        node, node_ptr = resolver.follow(raw, ptr + "/requestBody")
    except LookupError:
        return None
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    required = bool(node.get("required", True))
    desc = _text(node.get("description"))
    picked = _pick_media(content)
    if picked is not None:
        media, media_node = picked
        schema = media_node.get("schema") if isinstance(media_node, dict) else None
        schema_ptr = f"{node_ptr}/content/{escape(media)}/schema"
        t = schemas.type_of(schema if schema is not None else {}, schema_ptr, hint + "Request")
        return RequestBody(arg, media, t, "json", required, desc)
    media = next(iter(content))
    if media == "application/x-www-form-urlencoded":
        return RequestBody(arg, media, AnyJson(object_only=True), "form", required, desc)
    problems.warn(
        f"{node_ptr}/content/{escape(media)}",
        f"request media type {media!r} is not modelled; the method takes raw bytes",
    )
    return RequestBody(arg, str(media), Binary(), "bytes", required, desc)


def _responses(
    op_spec: dict[str, Any],
    ptr: str,
    hint: str,
    resolver: Resolver,
    schemas: SchemaBuilder,
    problems: Problems,
) -> tuple[Response, list[Response]]:
    raw = op_spec.get("responses") or {}
    built: list[Response] = []
    for status, resp in raw.items():
        status = str(status)
        if status.startswith("x-"):
            continue  # an extension, not a response
        status_ptr = f"{ptr}/responses/{escape(status)}"
        if status != "default" and not _STATUS.fullmatch(status):
            problems.warn(
                status_ptr,
                f"{status!r} is not a status code ('default', '1XX'-'5XX' or three digits); "
                "the response is ignored",
            )
            continue
        try:
            node, node_ptr = resolver.follow(resp, status_ptr)
        except LookupError:
            continue
        if not isinstance(node, dict):
            continue
        content = node.get("content") if isinstance(node.get("content"), dict) else {}
        description = one_line(node.get("description"))
        if not content:
            built.append(Response(status, description, None, None, "none"))
            continue
        picked = _pick_media(content)
        if picked is None:
            media = str(next(iter(content)))
            if status.startswith("2"):
                problems.warn(
                    f"{node_ptr}/content/{escape(media)}",
                    f"response media type {media!r} is not modelled; returned as raw bytes",
                )
            built.append(Response(status, description, media, Binary(), "bytes"))
            continue
        media, media_node = picked
        schema = media_node.get("schema") if isinstance(media_node, dict) else None
        if node_ptr.startswith("#/components/responses/"):
            key = node_ptr.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
            ws = words(key)
            name = class_name(
                "".join(w.title() for w in ws if not w.isdigit())
                + "".join(w for w in ws if w.isdigit())
                + "Response"
            )
        else:
            name = hint + ("Response" if status.startswith("2") else f"{status.upper()}Response")
        schema_ptr = f"{node_ptr}/content/{escape(media)}/schema"
        t = schemas.type_of(schema if schema is not None else {}, schema_ptr, name)
        built.append(Response(status, description, media, t, "json"))
    ok = sorted(
        (r for r in built if r.status.startswith("2") or r.status == "2XX"), key=lambda r: r.status
    )
    success = (
        ok[0]
        if ok
        else next(
            (r for r in built if r.status == "default"), Response("200", "", None, None, "none")
        )
    )
    errors = [r for r in built if r is not success and not r.status.startswith(("2", "1", "3"))]
    errors.sort(key=lambda r: (r.status == "default", r.status))
    return success, errors


def _pagination(
    op_spec: dict[str, Any], success: Response, schemas: SchemaBuilder, ptr: str, problems: Problems
) -> Pagination | None:
    results_key = str(op_spec.get("x-sendcloud-paginated-discriminator") or "results")
    t = success.type
    model = schemas.models.get(t.name) if isinstance(t, Ref) and t.kind == "model" else None
    if model is None:
        problems.warn(ptr, "marked paginated but the response is not an object; not paginated")
        return None
    by_key = {f.key: f for f in model.fields}
    results = by_key.get(results_key)
    if results is None or not isinstance(results.type, ListOf) or "next" not in by_key:
        problems.warn(ptr, f"marked paginated but the response lacks '{results_key}' or 'next'")
        return None
    return Pagination(results.type.item, results_key, "next", "previous")


def build_webhooks(
    spec: dict[str, Any], resolver: Resolver, schemas: SchemaBuilder, problems: Problems
) -> list[Webhook]:
    """A parser for each webhook payload, so users can read what the API sends them."""
    found: list[Webhook] = []
    functions = NameRegistry()
    for key, item in (spec.get("webhooks") or {}).items():
        try:
            item, item_ptr = resolver.follow(item, pointer("webhooks", key))
        except LookupError:
            continue
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            ptr = f"{item_ptr}/{method}"
            hint = class_name(str(key)) + "Webhook"
            body = _request_body(op, ptr, hint, resolver, schemas, problems, "data")
            if body is None:
                problems.warn(ptr, "webhook without a request body: nothing to parse")
                continue
            suffix = "" if method == "post" else f"_{method}"
            found.append(
                Webhook(
                    key=str(key),
                    function=functions.claim(
                        f"parse_{snake_name(str(key)).rstrip('_')}{suffix}", "_"
                    ),
                    type=body.type if body.kind == "json" else Binary(),
                    summary=_text(op.get("summary")),
                    description=_text(op.get("description")),
                )
            )
    return found
