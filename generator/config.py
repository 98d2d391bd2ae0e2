"""The optional generator config (``spec/codegen.yaml``): names the spec cannot give.

Every setting is optional; whatever is left out is derived from the spec, so any spec
generates without a config at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.names import is_identifier, module_name
from generator.problems import Problems

__all__ = ["Config", "OperationConfig", "load_config"]


@dataclass
class OperationConfig:
    resource: str | None = None
    method: str | None = None
    idempotent: bool = False
    deletes: bool = False
    batch_size: int | None = None
    batch_error_type: str | None = None


@dataclass
class Config:
    spec: str | None = None
    package: str | None = None
    distribution: str | None = None
    version: str = "0.1.0"
    user_agent: str | None = None
    client_class: str = "Client"
    async_client_class: str = "AsyncClient"
    env_prefix: str | None = None
    basic_username: str = "username"
    basic_password: str = "password"
    operations: dict[str, OperationConfig] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def load_config(path: Path | None, problems: Problems) -> Config:
    config = Config()
    if path is None or not path.exists():
        return config
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        problems.error(f"{where}#", f"cannot read the generator config: {exc}")
        return config
    if not isinstance(data, dict):
        problems.error(f"{where}#", "the generator config must be a mapping")
        return config

    def ident(key: str, value: Any) -> str | None:
        if isinstance(value, str) and is_identifier(value):
            return value
        problems.error(f"{where}#/{key}", f"{value!r} is not a valid Python identifier")
        return None

    for key in ("spec", "distribution", "version", "user_agent", "env_prefix"):
        if isinstance(data.get(key), str):
            setattr(config, key, data[key])
    for key in ("package", "client_class", "async_client_class"):
        if key in data and (value := ident(key, data[key])):
            setattr(config, key, value)
    basic = (data.get("auth") or {}).get("basic") or {}
    for key in ("username", "password"):
        if key in basic and (value := ident(f"auth/basic/{key}", basic[key])):
            setattr(config, f"basic_{key}", value)
    for op_id, settings in (data.get("operations") or {}).items():
        if not isinstance(settings, dict):
            problems.error(f"{where}#/operations/{op_id}", "must be a mapping")
            continue
        op = OperationConfig(
            idempotent=bool(settings.get("idempotent", False)),
            deletes=bool(settings.get("deletes", False)),
        )
        if "resource" in settings and (
            value := ident(f"operations/{op_id}/resource", settings["resource"])
        ):
            op.resource = module_name(value)
        if "method" in settings and (
            value := ident(f"operations/{op_id}/method", settings["method"])
        ):
            op.method = value
        size = settings.get("batch_size")
        if size is not None:
            if isinstance(size, int) and not isinstance(size, bool) and size > 0:
                op.batch_size = size
            else:
                problems.error(
                    f"{where}#/operations/{op_id}/batch_size", "must be a positive integer"
                )
        if "batch_error_type" in settings and (
            value := ident(f"operations/{op_id}/batch_error_type", settings["batch_error_type"])
        ):
            op.batch_error_type = value
        config.operations[str(op_id)] = op
    for ptr, name in (data.get("names") or {}).items():
        if value := ident(f"names/{ptr}", name):
            config.names[str(ptr)] = value
    return config
