"""Step 4: build the intermediate model (:class:`~generator.model.Api`) from a resolved spec.

Schemas are translated by :class:`~generator.schemas.SchemaBuilder`; this module walks the
paths into resources and operations, reads the security schemes, and works out every import
each generated module needs, so the templates only place them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from generator.config import Config
from generator.model import (
    Api,
    Auth,
    Model,
    Operation,
    Pagination,
    Parameter,
    RequestBody,
    Resource,
    Response,
    UnionAlias,
    Webhook,
)
from generator.names import NameRegistry, class_name, module_name, snake_name, words
from generator.problems import Problems, pointer
from generator.resolve import Resolver
from generator.schemas import SchemaBuilder, _singular
from generator.text import docstring, one_line
from generator.types import AnyJson, Binary, ListOf, Prim, Ref, Type, Union, alias_parser

__all__ = ["build_api"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keyword arguments every generated method takes; parameters must not shadow them.
CALL_OPTIONS = {
    "extra_headers", "extra_query", "timeout", "max_retries", "self", "raise_on_error",
    # names the generated method bodies use
    "options", "results", "chunk", "warn_deprecated", "raise_item_errors", "builtins",
}  # fmt: skip
_JSON = re.compile(r"^application/([\w.+-]+\+)?json$|^application/json;", re.IGNORECASE)


def build_api(
    spec: dict[str, Any],
    config: Config,
    problems: Problems,
    *,
    spec_file: str,
    spec_sha256: str,
    fallback_package: str,
) -> Api:
    resolver = Resolver(spec)
    schemas = SchemaBuilder(resolver, problems, config.names)
    components = (spec.get("components") or {}).get("schemas") or {}
    if isinstance(components, dict):
        schemas.build_components(components)
    info = spec.get("info") or {}
    package = config.package or fallback_package
    resources = _operations(spec, resolver, schemas, config, problems)
    webhooks = _webhooks(spec, resolver, schemas, problems)
    models = sorted(schemas.models.values(), key=lambda m: m.name)
    aliases = sorted(schemas.aliases.values(), key=lambda a: a.name)
    _module_imports(models, aliases, schemas)
    for resource in resources:
        for op in resource.operations:
            _present(op)
        _unshadow(resource)
        resource.imports = _resource_imports(resource, schemas)
        resource.doc = f"Operations under ``client.{resource.attr}``."
    servers = spec.get("servers") or []
    base_url = ""
    if servers and isinstance(servers[0], dict) and isinstance(servers[0].get("url"), str):
        base_url = _server_url(servers[0])
    title = one_line(info.get("title")) or package
    return Api(
        title=title,
        version=one_line(info.get("version")),
        description=docstring(info.get("description"), indent=0),
        package=package,
        distribution=config.distribution or package.replace("_", "-"),
        package_version=config.version,
        user_agent=config.user_agent or package.replace("_", "-") + "-python",
        client_class=config.client_class,
        async_client_class=config.async_client_class,
        env_prefix=(config.env_prefix or "_".join(words(package)).upper()),
        base_url=base_url,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
        auth=_auth(spec, config),
        models=models,
        enums=sorted(schemas.enums.values(), key=lambda e: e.name),
        aliases=aliases,
        resources=resources,
        webhooks=webhooks,
        webhook_imports=_webhook_imports(webhooks, schemas),
    )


def _server_url(server: dict[str, Any]) -> str:
    url = str(server["url"])
    for name, var in (server.get("variables") or {}).items():
        if isinstance(var, dict) and "default" in var:
            url = url.replace("{" + str(name) + "}", str(var["default"]))
    return url.rstrip("/")


# -- operations ------------------------------------------------------------------------


def _operations(
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
        if not isinstance(item, dict):
            continue
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
                module_name(str(tags[0])) if tags else "default"
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
    classes = NameRegistry(set(schemas.registry._taken))
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
                description=one_line(node.get("description")),
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
    description = op_spec.get("description") or ""
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
        pagination=pagination,
        batch_size=batch_size,
        batch_error_type=settings.batch_error_type if settings and batch_size else None,
        security=sorted(
            {k for req in op_spec.get("security") or [] if isinstance(req, dict) for k in req}
        ),
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
                return snake_name(_singular(segments[at - 1])) + "_id"
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
    desc = one_line(node.get("description"))
    picked = _pick_media(content)
    if picked is not None:
        media, media_node = picked
        schema = media_node.get("schema") if isinstance(media_node, dict) else None
        schema_ptr = f"{node_ptr}/content/{media.replace('/', '~1')}/schema"
        t = schemas.type_of(schema if schema is not None else {}, schema_ptr, hint + "Request")
        model = t.name if isinstance(t, Ref) and t.kind == "model" else None
        return RequestBody(arg, media, t, "json", required, desc, model)
    media = next(iter(content))
    if media == "application/x-www-form-urlencoded":
        return RequestBody(arg, media, AnyJson(object_only=True), "form", required, desc)
    problems.warn(
        f"{node_ptr}/content/{str(media).replace('/', '~1')}",
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
        try:
            node, node_ptr = resolver.follow(resp, f"{ptr}/responses/{status}")
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
                    f"{node_ptr}/content/{media.replace('/', '~1')}",
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
        schema_ptr = f"{node_ptr}/content/{media.replace('/', '~1')}/schema"
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


# -- webhooks --------------------------------------------------------------------------


def _webhooks(
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
                    description=docstring(op.get("summary"), op.get("description"), indent=4),
                )
            )
    return found


def _webhook_imports(webhooks: list[Webhook], schemas: SchemaBuilder) -> list[str]:
    names: set[str] = set()
    std: set[str] = set()
    for hook in webhooks:
        names |= hook.type.refs()
        std |= hook.type.std_modules()
    text = " ".join(f"{h.type.annotation()} {h.expression}" for h in webhooks)
    module_of = {m.name: m.module for m in schemas.models.values()}
    module_of.update({e.name: e.module for e in schemas.enums.values()})
    module_of.update({a.name: a.module for a in schemas.aliases.values()})
    lines = [f"import {m}" for m in sorted(std)]
    lines.append("from collections.abc import Callable")
    lines.append("from typing import Any")
    lines.append("")
    if "_s." in text:
        lines.append("from . import _serde as _s")
    used = [n for n in ("JsonObject", "JsonValue", "Unrecognized") if re.search(rf"\b{n}\b", text)]
    if used:
        lines.append(f"from ._types import {', '.join(isort_names(used))}")
    for name in sorted(n for n in names if n in module_of):
        imported = [name]
        if name in schemas.aliases and re.search(rf"\b{alias_parser(name)}\b", text):
            imported.append(alias_parser(name))
        lines.append(f"from .models.{module_of[name]} import {', '.join(isort_names(imported))}")
    return lines


# -- security --------------------------------------------------------------------------


def _auth(spec: dict[str, Any], config: Config) -> Auth:
    auth = Auth(basic_username=config.basic_username, basic_password=config.basic_password)
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        if not isinstance(scheme, dict):
            continue
        kind = scheme.get("type")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            auth.basic = True
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            auth.bearer = True
        elif kind == "oauth2":
            flow = (scheme.get("flows") or {}).get("clientCredentials")
            if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str):
                auth.oauth2_token_url = flow["tokenUrl"]
                auth.oauth2_scopes = sorted(str(s) for s in (flow.get("scopes") or {}))
    return auth


# -- imports ---------------------------------------------------------------------------


def _sccs(graph: dict[str, set[str]]) -> dict[str, int]:
    """Tarjan's strongly connected components; returns the component index of each node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    comp: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = [0, 0]

    def visit(root: str) -> None:
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        comp[member] = counter[1]
                        if member == node:
                            break
                    counter[1] += 1

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return comp


def _module_imports(models: list[Model], aliases: list[UnionAlias], schemas: SchemaBuilder) -> None:
    module_of = {m.name: m.module for m in models}
    module_of.update({e.name: e.module for e in schemas.enums.values()})
    module_of.update({a.name: a.module for a in aliases})
    types_of: dict[str, list[Type]] = {m.name: [f.type for f in m.fields] for m in models}
    types_of.update({a.name: [a.type] for a in aliases})
    graph = {
        name: set().union(*(t.refs() for t in ts)) - {name} if ts else set()
        for name, ts in types_of.items()
    }
    comp = _sccs(graph)
    owners: list[Model | UnionAlias] = [*models, *aliases]
    for owner in owners:
        ts = types_of[owner.name]
        std: set[str] = set().union(*(t.std_modules() for t in ts)) if ts else set()
        anns = " ".join(t.annotation() for t in ts)
        typing = {"Any", "TypeAlias"} if isinstance(owner, UnionAlias) else {"Any"}
        if "Literal[" in anns:
            typing.add("Literal")
        lines = [f"import {m}" for m in sorted(std)]
        if isinstance(owner, Model):
            lines.append("from dataclasses import dataclass, field")
        lines.append(f"from typing import {', '.join(isort_names(typing))}")
        lines.append("")
        lines.append("from .. import _serde as _s")
        from_types = {n for n in ("JsonObject", "JsonValue", "Unrecognized") if n in anns}
        if isinstance(owner, Model) and any(not f.required for f in owner.fields):
            from_types |= {"UNSET", "Unset"}
        if from_types:
            lines.append(f"from .._types import {', '.join(isort_names(from_types))}")
        top: list[str] = []
        late: list[str] = []
        for ref in sorted(graph.get(owner.name, set()), key=lambda r: module_of.get(r, "")):
            if ref not in module_of:
                continue
            names = [ref, alias_parser(ref)] if ref in schemas.aliases else [ref]
            line = f"from .{module_of[ref]} import {', '.join(isort_names(names))}"
            (late if comp.get(ref) == comp.get(owner.name) else top).append(line)
        owner.imports = lines + top
        owner.late_imports = late


def isort_names(names: Any) -> list[str]:
    """Names in the order isort (and ruff's ``I`` rules) expect: CONSTANTS, Classes, others."""

    def rank(name: str) -> tuple[int, str]:
        if name.isupper() and len(name) > 1:
            return 0, name
        return (1 if name[:1].isupper() else 2), name

    return sorted(set(names), key=rank)


def _resource_imports(resource: Resource, schemas: SchemaBuilder) -> list[str]:
    """Every import line a resource module needs, and none it does not."""
    names: set[str] = set()
    std: set[str] = set()
    ops = resource.operations
    for op in ops:
        types = [p.type for p in op.params] + [r.type for r in [op.success, *op.errors] if r.type]
        if op.body is not None:
            types.append(op.body.type)
        for t in types:
            names |= t.refs()
            std |= t.std_modules()
        if op.batch_error_type:
            names.add(op.batch_error_type)
        if op.pagination is not None:
            names |= op.pagination.item_type.refs()
            std |= op.pagination.item_type.std_modules()
    module_of = {m.name: m.module for m in schemas.models.values()}
    module_of.update({e.name: e.module for e in schemas.enums.values()})
    module_of.update({a.name: a.module for a in schemas.aliases.values()})
    text = "\n".join(
        [
            *(a for op in ops for a in op.signature),
            *(op.endpoint for op in ops),
            *(f"{a} {e}" for op in ops for _, a, e in op.private_parsers),
        ]
    )
    typing = ["TYPE_CHECKING", "Any"] + (["Literal"] if "Literal[" in text else [])
    collections = ["Mapping"] + (["Sequence"] if "Sequence[" in text else [])
    types_names = ["NOT_GIVEN", "NotGiven"] + [
        n for n in ("JsonObject", "JsonValue", "Unrecognized") if re.search(rf"\b{n}\b", text)
    ]
    base = ["Endpoint", "Timeout", "options"]
    if any(op.batch_error_type for op in ops):
        base.append("raise_item_errors")
    if resource.uses_builtins:
        std.add("builtins")
    lines = [f"import {m}" for m in sorted(std)]
    lines.append(f"from collections.abc import {', '.join(collections)}")
    lines.append(f"from typing import {', '.join(isort_names(typing))}")
    lines.append("")
    if "_s." in text:
        lines.append("from .. import _serde as _s")
    lines.append(f"from .._base_client import {', '.join(isort_names(base))}")
    if any(op.pagination for op in ops):
        lines.append("from .._pagination import AsyncPage, Page")
    lines.append("from .._response import async_raw_wrapper, raw_wrapper")
    lines.append(f"from .._types import {', '.join(isort_names(types_names))}")
    if any(op.deprecated or any(p.deprecated for p in op.params) for op in ops):
        lines.append("from .._serde import warn_deprecated")
    for name in sorted(n for n in names if n in module_of):
        imported = [name]
        if name in schemas.aliases and re.search(rf"\b{alias_parser(name)}\b", text):
            imported.append(alias_parser(name))
        lines.append(f"from ..models.{module_of[name]} import {', '.join(isort_names(imported))}")
    return lines


# -- presentation ----------------------------------------------------------------------

_OPTIONS = [
    "extra_headers: Mapping[str, str] | None = None",
    "extra_query: Mapping[str, Any] | None = None",
    "timeout: Timeout | NotGiven = NOT_GIVEN",
    "max_retries: int | NotGiven = NOT_GIVEN",
]


def _body_annotation(body: RequestBody) -> str:
    t = body.type
    if body.kind == "json" and isinstance(t, ListOf) and isinstance(t.item, (Ref, Union)):
        return f"Sequence[{t.item.annotation()} | Mapping[str, Any]]"
    return body.annotation


def _parser_for(op: Operation, t: Type, suffix: str) -> str:
    parser = t.parser()
    if parser is not None:
        return parser
    name = f"_parse_{op.method}_{suffix}"
    op.private_parsers.append((name, t.annotation(), t.parse("v")))
    return name


def _present(op: Operation) -> None:
    """Work out the signature, the Endpoint constant and the call of one operation."""
    sig = [f"{p.name}: {p.base_annotation}" for p in op.path_params]
    if op.body is not None:
        ann = _body_annotation(op.body)
        sig.append(
            f"{op.body.name}: {ann}"
            if op.body.required
            else f"{op.body.name}: {ann} | NotGiven = NOT_GIVEN"
        )
    sig.append("*")
    required = [p for p in op.other_params if p.required]
    optional = [p for p in op.other_params if not p.required]
    sig += [f"{p.name}: {p.base_annotation}" for p in required]
    sig += [f"{p.name}: {p.annotation} = NOT_GIVEN" for p in optional]
    if op.batch_size and op.batch_error_type:
        sig.append("raise_on_error: bool = False")
    sig += _OPTIONS
    op.signature = sig

    success = op.success
    if success.kind == "none" or success.type is None:
        parse, returns = "None", "None"
    elif success.kind == "bytes":
        parse, returns = "None", "bytes"
    else:
        parse, returns = _parser_for(op, success.type, "response"), success.type.annotation()
    if op.pagination is not None:
        returns = f"Page[{op.pagination.item_type.annotation()}]"
    errors = ", ".join(
        f"{r.status!r}: {_parser_for(op, r.type, 'error_' + r.status.lower())}"
        for r in op.errors
        if r.type is not None and r.kind == "json"
    )
    by_location = {
        loc: [p.key for p in op.params if p.location == loc]
        for loc in ("path", "query", "header", "cookie")
    }
    args = [repr(f"{op.resource}.{op.method}"), repr(op.http_method), repr(op.path)]
    for loc in ("path", "query", "header", "cookie"):
        if by_location[loc]:
            args.append(f"{loc}_params={_tuple(by_location[loc])}")
    if op.body is not None and op.body.kind == "json" and op.body.type.refs():
        args.append(f"body_parse={_parser_for(op, op.body.type, 'body')}")
    unexploded = [p.key for p in op.params if p.location == "query" and not p.explode]
    if unexploded:
        args.append(f"unexploded={_tuple(unexploded)}")
    if op.body is not None:
        args.append(f"body={op.body.kind!r}")
        if op.body.media_type != "application/json" and op.body.kind != "form":
            args.append(f"content_type={op.body.media_type!r}")
    if parse != "None":
        args.append(f"parse={parse}")
    if success.kind != "json" or success.type is None:
        args.append(f"response={success.kind!r}")
    if errors:
        args.append(f"errors={{{errors}}}")
    if op.idempotent:
        args.append("idempotent=True")
    if op.pagination is not None:
        page = op.pagination
        args.append(f"page_fields={_tuple([page.results_key, page.next_key, page.previous_key])}")
    if op.batch_size:
        args.append(f"batch_size={op.batch_size}")
    op.endpoint = f"Endpoint({', '.join(args)})"
    call_args = [
        f"{loc}={_tuple([p.name for p in op.params if p.location == loc], raw=True)}"
        for loc in ("path", "query", "header", "cookie")
        if by_location[loc]
    ]
    if op.batch_size:
        call_args.append("body=chunk")
    elif op.body is not None:
        call_args.append(f"body={op.body.name}")
    op.const = "_" + op.method.upper()
    op.endpoint_type = "bytes" if success.kind == "bytes" else returns_model(success, parse)
    op.request = f"{op.const}.request({', '.join(call_args)})"
    op.returns = returns
    op.docstring = _op_docstring(op)


def returns_model(success: Response, parse: str) -> str:
    """What an endpoint's parser returns: the response type, or None without a body."""
    if parse == "None" or success.type is None:
        return "None"
    return success.type.annotation()


_BUILTIN_GENERICS = ("list", "dict", "set", "tuple", "type", "frozenset")


def _unshadow(resource: Resource) -> None:
    """Write ``builtins.list[...]`` where a method named ``list`` would shadow the builtin."""
    shadowed = [b for b in _BUILTIN_GENERICS if any(op.method == b for op in resource.operations)]
    if not shadowed:
        return
    pattern = re.compile(rf"(?<![\w.])({'|'.join(shadowed)})\[")

    def fix(text: str) -> str:
        return pattern.sub(r"builtins.\1[", text)

    for op in resource.operations:
        signature, returns = [fix(a) for a in op.signature], fix(op.returns)
        if signature != op.signature or returns != op.returns:
            resource.uses_builtins = True
        op.signature, op.returns = signature, returns


def _op_docstring(op: Operation) -> str:
    """Summary, description, then one line per argument, all already escaped."""
    parts = [op.summary or f"{op.http_method} {op.path}"]
    if op.description:
        parts.append(op.description)
    if op.deprecated:
        parts.append(".. deprecated:: Marked deprecated in the spec.")
    args = []
    for p in op.params:
        text = one_line(p.description) or f"The ``{p.key}`` {p.location} parameter."
        args.append(f"{p.name}: {text}")
    if op.body is not None:
        text = one_line(op.body.description) or "The request body."
        if op.batch_size:
            text += f" Sent in chunks of at most {op.batch_size}; results come back in input order."
        args.append(f"{op.body.name}: {text}")
    if op.batch_error_type:
        args.append(f"raise_on_error: raise BatchError if any result is a {op.batch_error_type}.")
    parts = [docstring(p, indent=8) for p in parts]
    if args:
        parts.append("Args:\n" + "\n".join("            " + docstring(a, indent=16) for a in args))
    parts.append(f"``{op.http_method} {docstring(op.path, indent=8)}``")
    return "\n\n        ".join(parts)


def _tuple(items: list[str], raw: bool = False) -> str:
    parts = items if raw else [repr(i) for i in items]
    if not parts:
        return "()"
    return f"({', '.join(parts)},)" if len(parts) == 1 else f"({', '.join(parts)})"
