"""The optional generator config (``spec/codegen.yaml``): names the spec cannot give.

Every setting is optional; whatever is left out is derived from the spec, so any spec
generates without a config at all. The config is checked like the spec: an unknown key or a
value of the wrong type is an error at its pointer inside the config file
(``codegen.yaml#/operations/x/idempotnt``), with a suggestion when a known key is close.
Booleans must be YAML booleans: ``idempotent: "false"`` is an error, never ``True``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.lint import suggest
from generator.names import is_identifier, module_name
from generator.problems import Problems, pointer

__all__ = ["Acknowledgement", "Config", "OperationConfig", "is_spdx", "is_web_url", "load_config"]


@dataclass
class OperationConfig:
    resource: str | None = None
    method: str | None = None
    idempotent: bool = False
    deletes: bool = False
    batch_size: int | None = None
    batch_error_type: str | None = None


@dataclass(frozen=True)
class Acknowledgement:
    """A warning the maintainer has looked at: its code, its pointer in the spec, and why."""

    code: str
    pointer: str
    reason: str


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
    license: str | None = None  # an SPDX expression for the package metadata
    urls: dict[str, str] = field(default_factory=dict)  # project URLs: label -> http(s) URL
    operations: dict[str, OperationConfig] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    acknowledge: list[Acknowledgement] = field(default_factory=list)
    source: str = "codegen.yaml"  # the config's file name, as problems about it are reported


# A checker takes (value, path inside the config, problems) and returns the value or None.
_Check = Callable[..., Any]


class _Errors:
    def __init__(self, problems: Problems, source: str) -> None:
        self.problems, self.source = problems, source

    def error(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.error(pointer(*path), message, code="E-CONFIG", source=self.source)


def _string(value: Any, path: tuple[str | int, ...], errors: _Errors) -> str | None:
    if isinstance(value, str):
        return value
    errors.error(path, f"must be a string, not {_type(value)} (quote it)")
    return None


def _identifier(value: Any, path: tuple[str | int, ...], errors: _Errors) -> str | None:
    if isinstance(value, str) and is_identifier(value):
        return value
    errors.error(path, f"{value!r} is not a valid Python identifier")
    return None


def _boolean(value: Any, path: tuple[str | int, ...], errors: _Errors) -> bool | None:
    if isinstance(value, bool):
        return value
    errors.error(path, f"must be true or false, not {_type(value)} {value!r}")
    return None


def _positive(value: Any, path: tuple[str | int, ...], errors: _Errors) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    errors.error(path, f"must be a positive integer, not {value!r}")
    return None


_SPDX_ID = r"[A-Za-z0-9][A-Za-z0-9.+-]*"
_SPDX_TERM = rf"\(*{_SPDX_ID}(?: WITH {_SPDX_ID})?\)*"
_SPDX = re.compile(rf"{_SPDX_TERM}(?: (?:AND|OR) {_SPDX_TERM})*")
_WEB_URL = re.compile(r"https?://[^\s\"'<>\\`]+", re.IGNORECASE)


def is_spdx(text: str) -> bool:
    """Whether ``text`` reads as an SPDX licence expression (ids, AND/OR/WITH, brackets)."""
    return bool(_SPDX.fullmatch(text)) and text.count("(") == text.count(")")


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL with nothing in it that could end a quoted string."""
    return bool(_WEB_URL.fullmatch(text))


def _license(value: Any, path: tuple[str | int, ...], errors: _Errors) -> str | None:
    if isinstance(value, str) and is_spdx(value):
        return value
    errors.error(path, f"{value!r} is not an SPDX licence expression (such as 'Apache-2.0')")
    return None


def _url(value: Any, path: tuple[str | int, ...], errors: _Errors) -> str | None:
    if isinstance(value, str) and is_web_url(value):
        return value
    errors.error(path, f"{value!r} is not an http(s) URL")
    return None


def _code(value: Any, path: tuple[str | int, ...], errors: _Errors) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"W-[A-Z0-9-]+", value):
        return value
    errors.error(path, f"{value!r} is not a warning code (W-...); errors cannot be acknowledged")
    return None


def _spec_pointer(value: Any, path: tuple[str | int, ...], errors: _Errors) -> str | None:
    if isinstance(value, str) and value.startswith("#"):
        return value
    errors.error(path, f"{value!r} is not a JSON pointer into the spec ('#/...')")
    return None


_TOP = {
    "spec": _string, "package": _identifier, "distribution": _string, "version": _string,
    "user_agent": _string, "client_class": _identifier, "async_client_class": _identifier,
    "env_prefix": _string, "license": _license,
}  # fmt: skip
_OPERATION = {
    "resource": _identifier, "method": _identifier, "idempotent": _boolean, "deletes": _boolean,
    "batch_size": _positive, "batch_error_type": _identifier,
}  # fmt: skip
_BASIC = {"username": _identifier, "password": _identifier}
_ACKNOWLEDGE = {"code": _code, "pointer": _spec_pointer, "reason": _string}
_SECTIONS = frozenset({"auth", "operations", "names", "acknowledge", "urls"})

#: safe_load's loader, in C when libyaml is there (the pure-Python one costs ~20 ms here).
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_config(path: Path | None, problems: Problems) -> Config:
    config = Config()
    if path is None or not path.exists():
        return config
    config.source = path.name
    errors = _Errors(problems, path.name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        errors.error((), f"cannot read the generator config: {' '.join(str(exc).split())}")
        return config
    data = {} if data is None else data
    if not isinstance(data, dict):
        errors.error((), "the generator config must be a mapping")
        return config
    for key, value in (_fields(data, (), _TOP, errors, extra=_SECTIONS) or {}).items():
        setattr(config, key, value)
    _auth(data.get("auth"), config, errors)
    for op_id, settings in _mapping(data.get("operations"), ("operations",), errors).items():
        op = _fields(settings, ("operations", op_id), _OPERATION, errors)
        if op is not None:
            if "resource" in op:
                op["resource"] = module_name(op["resource"])
            config.operations[str(op_id)] = OperationConfig(**op)
    for label, url in _mapping(data.get("urls"), ("urls",), errors).items():
        if (checked := _url(url, ("urls", str(label)), errors)) is not None:
            config.urls[str(label)] = checked
    for ptr, name in _mapping(data.get("names"), ("names",), errors).items():
        if (value := _identifier(name, ("names", ptr), errors)) is not None:
            config.names[str(ptr)] = value
    entries = data.get("acknowledge")
    if entries is not None and not isinstance(entries, list):
        errors.error(("acknowledge",), "must be a list of {code, pointer, reason}")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        ack = _fields(entry, ("acknowledge", index), _ACKNOWLEDGE, errors, required=True)
        if ack is not None and len(ack) == len(_ACKNOWLEDGE):
            config.acknowledge.append(Acknowledgement(**ack))
    return config


def _auth(auth: Any, config: Config, errors: _Errors) -> None:
    for section, value in _mapping(auth, ("auth",), errors).items():
        if section != "basic":
            errors.error(("auth", section), _unknown(str(section), {"basic"}))
            continue
        for key, name in (_fields(value, ("auth", "basic"), _BASIC, errors) or {}).items():
            setattr(config, f"basic_{key}", name)


def _mapping(value: Any, path: tuple[str | int, ...], errors: _Errors) -> dict[Any, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    errors.error(path, f"must be a mapping, not {_type(value)}")
    return {}


def _fields(
    data: Any,
    path: tuple[str | int, ...],
    checks: Mapping[str, _Check],
    errors: _Errors,
    *,
    extra: frozenset[str] = frozenset(),
    required: bool = False,
) -> dict[str, Any] | None:
    """Check the keys and values of one mapping; return the valid values by key."""
    if not isinstance(data, dict):
        errors.error(path, f"must be a mapping, not {_type(data)}")
        return None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in extra:
            continue
        if key not in checks:
            errors.error((*path, str(key)), _unknown(str(key), set(checks) | extra))
        elif (checked := checks[key](value, (*path, key), errors)) is not None:
            values[key] = checked
    for key in checks if required else ():
        if key not in data:
            errors.error(path, f"missing {key!r}")
    return values


def _unknown(key: str, known: set[str]) -> str:
    close = suggest(key, known)
    return f"unknown key {key!r}" + (f" (did you mean {close!r}?)" if close else "")


def _type(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string"}.get(
        type(value), "null" if value is None else "a " + type(value).__name__
    )
