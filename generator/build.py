"""Step 4: build the intermediate model (:class:`~generator.model.Api`) from a resolved spec.

The sub-steps each have a module: ``schemas`` (JSON Schema to types and classes),
``operations`` (paths and webhooks) and ``security`` (schemes, and where secrets travel).
This module runs them in order and reads what is left: servers and names.
"""

from __future__ import annotations

from typing import Any

from generator.config import Config
from generator.directions import assign_companions, assign_directions
from generator.model import Api, Model, Resource, UnionAlias
from generator.namelock import NameLock
from generator.names import words
from generator.operations import OperationContext, build_operations, build_webhooks
from generator.problems import Problems, pointer
from generator.resolve import Resolver
from generator.schemas import SchemaBuilder
from generator.security import build_security, check_transport, server_url
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
    base_url = _base_url(spec, problems)
    title = one_line(info.get("title")) or package
    env_prefix = config.env_prefix or "_".join(words(package)).upper()
    basic_names = (config.basic_username, config.basic_password)
    auth = build_security(spec, problems, env_prefix=env_prefix, basic_names=basic_names)
    check_transport(spec, auth, problems)
    api = Api(
        title=title,
        version=one_line(info.get("version")),
        description=str(info.get("description") or ""),
        package=package,
        distribution=config.distribution or package.replace("_", "-"),
        package_version=config.version,
        user_agent=config.user_agent or package.replace("_", "-") + "-python",
        client_class=config.client_class,
        async_client_class=config.async_client_class,
        env_prefix=env_prefix,
        base_url=base_url,
        spec_file=spec_file,
        spec_sha256=spec_sha256,
        auth=auth,
        models=models,
        enums=sorted(schemas.enums.values(), key=lambda e: e.name),
        aliases=aliases,
        resources=resources,
        webhooks=webhooks,
        lock=_new_lock(schemas, models, aliases, resources),
        derived_names=context.derived,
    )
    assign_directions(api)
    assign_companions(api, schemas.names.taken() | {r.class_name for r in resources})
    return api


def _base_url(spec: dict[str, Any], problems: Problems) -> str:
    """The first server's URL: the client's default base URL ("" for none usable)."""
    servers = spec.get("servers")
    first = servers[0] if isinstance(servers, list) and servers else None
    if not isinstance(first, dict) or not isinstance(first.get("url"), str):
        return ""
    url = server_url(first)
    if not url.isprintable() or any(c.isspace() for c in url):
        problems.warn(
            pointer("servers", 0, "url"),
            "the server URL holds spaces or control characters; the client gets no default "
            "base URL (pass base_url=)",
            code="W-SERVER",
        )
        return ""
    return url


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
