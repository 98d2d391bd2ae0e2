"""Step 4: build the intermediate model (:class:`~generator.model.Api`) from a resolved spec.

The sub-steps each have a module: ``schemas`` (JSON Schema to types and classes) and
``operations`` (paths and webhooks). This module runs them in order and reads what is
left: servers, security schemes, names.
"""

from __future__ import annotations

from typing import Any

from generator.config import Config
from generator.model import Api, Auth, Model, Resource, UnionAlias
from generator.namelock import NameLock
from generator.names import words
from generator.operations import OperationContext, build_operations, build_webhooks
from generator.problems import Problems, pointer
from generator.resolve import Resolver
from generator.schemas import SchemaBuilder
from generator.text import one_line

__all__ = ["build_api"]


def build_api(
    spec: dict[str, Any],
    config: Config,
    problems: Problems,
    *,
    spec_file: str,
    spec_sha256: str,
    fallback_package: str,
    lock: NameLock | None = None,
) -> Api:
    resolver = Resolver(spec)
    lock = lock or NameLock()
    schemas = SchemaBuilder(resolver, problems, config.names, lock)
    components = (spec.get("components") or {}).get("schemas") or {}
    if isinstance(components, dict):
        schemas.build_components(components)
    info = spec.get("info") or {}
    package = config.package or fallback_package
    context = OperationContext(resolver, schemas, config, problems, lock)
    resources = build_operations(context, spec)
    webhooks = build_webhooks(context, spec)
    models = sorted(schemas.models.values(), key=lambda m: m.name)
    aliases = sorted(schemas.aliases.values(), key=lambda a: a.name)
    servers = spec.get("servers") or []
    base_url = ""
    if servers and isinstance(servers[0], dict) and isinstance(servers[0].get("url"), str):
        base_url = _server_url(servers[0])
    title = one_line(info.get("title")) or package
    return Api(
        title=title,
        version=one_line(info.get("version")),
        description=str(info.get("description") or ""),
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
        auth=_auth(spec, config, problems),
        models=models,
        enums=sorted(schemas.enums.values(), key=lambda e: e.name),
        aliases=aliases,
        resources=resources,
        webhooks=webhooks,
        lock=_new_lock(schemas, models, aliases, resources),
        derived_names=context.derived,
    )


def _new_lock(
    schemas: SchemaBuilder,
    models: list[Model],
    aliases: list[UnionAlias],
    resources: list[Resource],
) -> NameLock:
    """The names this run published, for the next run to keep."""
    modules = {m.name: m.module for m in models}
    modules.update({a.name: a.module for a in aliases})
    modules.update({e.name: e.module for e in schemas.enums.values()})
    return NameLock(
        classes={p: n for p, n in schemas.classes_by_pointer().items() if n in modules},
        modules=modules,
        enums={e.name: [m.value for m in e.members] for e in schemas.enums.values()},
        methods={
            op.operation_id: f"{r.attr}.{op.method}" for r in resources for op in r.operations
        },
    )


def _server_url(server: dict[str, Any]) -> str:
    url = str(server["url"])
    for name, var in (server.get("variables") or {}).items():
        if isinstance(var, dict) and "default" in var:
            url = url.replace("{" + str(name) + "}", str(var["default"]))
    return url.rstrip("/")


# -- security --------------------------------------------------------------------------


def _auth(spec: dict[str, Any], config: Config, problems: Problems) -> Auth:
    """The credentials the client takes, from ``components/securitySchemes``."""
    auth = Auth(basic_username=config.basic_username, basic_password=config.basic_password)
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    for key, scheme in schemes.items():
        ptr = pointer("components", "securitySchemes", key)
        if not isinstance(scheme, dict):
            continue
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        if kind == "http" and http_scheme == "basic":
            auth.basic = True
        elif kind == "http" and http_scheme == "bearer":
            auth.bearer = True
        elif kind == "apiKey" and auth.api_key_location is None:
            if scheme.get("in") in ("header", "query", "cookie") and isinstance(
                scheme.get("name"), str
            ):
                auth.api_key_location, auth.api_key_name = scheme["in"], scheme["name"]
        elif kind == "oauth2":
            flows = scheme.get("flows") or {}
            flow = flows.get("clientCredentials")
            if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str):
                auth.oauth2_token_url = flow["tokenUrl"]
                auth.oauth2_scopes = sorted(str(s) for s in (flow.get("scopes") or {}))
            others = sorted(str(f) for f in flows if f != "clientCredentials")
            if others:
                problems.warn(
                    ptr, f"OAuth2 flows {others} are not built in; pass an httpx.Auth as auth="
                )
        else:
            problems.warn(
                ptr,
                f"security scheme of type {kind!r} is not built in; send its credentials "
                "with auth=<an httpx.Auth> or default_headers",
            )
    return auth
