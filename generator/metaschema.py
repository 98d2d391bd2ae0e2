"""The metaschemas the validator checks against, prepared to be fast and to stay offline.

Two things make openapi-spec-validator slow on large documents, and both are fixed here
without changing a single rule:

- its registries are not crawled, so every ``$dynamicRef`` in the OpenAPI 3.1 schema crawls
  every resource again (4 s of the OpenAI spec's 9.5 s): :func:`document_validator` builds the
  registry once, crawled, and refuses to retrieve anything (no file, no network);
- the 3.1 Schema Object metaschema is spread over eight vocabularies joined by ``$ref`` and
  ``$dynamicRef``, resolved again at every subschema. :func:`schema_object_validator` inlines
  them into one *shallow* schema (each subschema position only checked to be an object or a
  boolean); ``generator.checks`` applies it to every Schema Object it walks, which is the same
  recursion the ``$dynamicRef``s expressed, and gives every problem its own pointer.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

__all__ = [
    "document_validator",
    "offline_registry",
    "refuse_retrieval",
    "schema_object_validator",
    "subschema_keywords_31",
]

_DRAFT = "https://json-schema.org/draft/2020-12/"
_VOCABULARIES = (
    "meta/core", "meta/applicator", "meta/unevaluated", "meta/validation", "meta/meta-data",
    "meta/format-annotation", "meta/content",
)  # fmt: skip
_OAS_BASE = "https://spec.openapis.org/oas/3.1/meta/base"
_SUBSCHEMA = {"type": ["object", "boolean"]}


def refuse_retrieval(uri: str) -> Any:
    """The registries' retrieve function: nothing outside the document is ever fetched."""
    raise LookupError(f"{uri!r} is outside the document; references are not retrieved")


@functools.cache
def document_validator(version: str) -> Any:
    """A validator of a whole OpenAPI ``version`` ("3.0"/"3.1") document, offline and crawled."""
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]
    from jsonschema_specifications import REGISTRY  # type: ignore[import-untyped]
    from referencing import Resource
    from referencing.jsonschema import DRAFT4

    schema = official_schema(version)
    uri = str(schema.get("$id") or schema.get("id"))
    resource = Resource.from_contents(schema, default_specification=DRAFT4)
    registry = offline_registry().with_resource(uri, resource).combine(REGISTRY).crawl()
    return validator_for(schema)(schema, registry=registry)


@functools.cache
def schema_object_validator() -> Any:
    """A validator of one OpenAPI 3.1 Schema Object, not descending into its subschemas."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    from generator import schema_validator

    formats = schema_validator.load().oas31_format_checker
    return Draft202012Validator(_shallow_31(), registry=offline_registry(), format_checker=formats)


@functools.cache
def official_schema(version: str) -> dict[str, Any]:
    """The OpenAPI ``version`` ("3.0"/"3.1") document schema openapi-spec-validator ships.

    Read from the installed package's data, without importing the package: its import pulls
    in pydantic-settings and costs half a second that every run would pay.
    """
    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or spec.origin is None:
        raise RuntimeError("openapi-spec-validator is not installed")
    path = Path(spec.origin).parent / "resources" / "schemas" / f"v{version}" / "schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def offline_registry() -> Any:
    """An empty registry that refuses to retrieve anything it does not hold."""
    from referencing import Registry

    registry_type: Any = Registry  # attrs' keyword is invisible to mypy
    return registry_type(retrieve=refuse_retrieval)


@functools.cache
def _shallow_31() -> dict[str, Any]:
    from generator import schema_validator

    schema_validator.load()
    from openapi_schema_validator._specifications import REGISTRY

    properties: dict[str, Any] = {}
    for source in [*(_DRAFT + v for v in _VOCABULARIES), _OAS_BASE, _DRAFT + "schema"]:
        contents = REGISTRY.contents(source)
        for keyword, rule in contents.get("properties", {}).items():
            properties[keyword] = _inline(rule, source, REGISTRY)
    return {"type": ["object", "boolean"], "properties": properties}


def _inline(rule: Any, base: str, registry: Any) -> Any:
    """``rule`` with every ``$ref`` replaced by its target, and ``$dynamicRef`` by a stub."""
    if isinstance(rule, list):
        return [_inline(item, base, registry) for item in rule]
    if not isinstance(rule, dict):
        return rule
    skip = ("$ref", "$dynamicRef")
    out = {k: _inline(v, base, registry) for k, v in rule.items() if k not in skip}
    if "$dynamicRef" in rule:
        return _merge(out, dict(_SUBSCHEMA))
    if "$ref" in rule:
        uri, fragment = urldefrag(urljoin(base, rule["$ref"]))
        target: Any = registry.contents(uri or base)
        for part in [p for p in fragment.split("/") if p]:
            target = target[part]
        return _merge(out, _inline(target, uri or base, registry))
    return out


def _merge(siblings: dict[str, Any], target: Any) -> Any:
    if not isinstance(target, dict) or set(siblings) & set(target):
        return {**siblings, "allOf": [target]} if siblings else target
    return {**target, **siblings}


@functools.cache
def subschema_keywords_31() -> frozenset[str]:
    """Keywords whose value holds subschemas (checked by walking, not by the metaschema)."""
    found = set()
    for keyword, rule in _shallow_31()["properties"].items():
        if _holds_stub(rule):
            found.add(keyword)
    return frozenset(found)


def _holds_stub(rule: Any) -> bool:
    if rule == _SUBSCHEMA:
        return True
    if isinstance(rule, dict):
        return any(_holds_stub(v) for v in rule.values())
    if isinstance(rule, list):
        return any(_holds_stub(v) for v in rule)
    return False
