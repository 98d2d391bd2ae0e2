"""The fast checks say exactly what the official metaschemas say.

``generator.metaschema`` inlines the OpenAPI 3.1 Schema Object metaschema into one shallow
schema applied to every Schema Object that ``generator.walk`` finds; ``generator.lint`` lists
the keywords of each version. These tests compare both with the metaschemas that
openapi-spec-validator ships, so an upgrade that changes them shows up here. (One known
difference, on purpose: a schema inside the deprecated ``dependencies`` keyword is reported at
its own keyword, where the metaschema reports the whole entry.)
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema.validators import validator_for  # type: ignore[import-untyped]
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_schema_validator._specifications import REGISTRY
from openapi_spec_validator.schemas import schema_v30

from conftest import load_spec
from generator.lint import KEYWORDS_30, KEYWORDS_31
from generator.metaschema import _shallow_31, schema_object_validator, subschema_keywords_31
from generator.walk import child_kind, walk

Found = set[tuple[tuple[Any, ...], str, str]]

INVALID: list[dict[str, Any]] = [
    {"type": "bogus"},
    {"type": ["string", "string"]},
    {"properties": {"a": {"type": 5}, "b": {"minLength": -1}}},
    {"items": 5},
    {"required": ["a", "a"], "properties": {"a": {}}},
    {"pattern": "("},
    {"$ref": 5},
    {"enum": "a"},
    {"exclusiveMinimum": True, "$recursiveAnchor": True},
    {"allOf": [{"anyOf": [{"oneOf": [{"not": {"type": "nope"}}]}]}]},
    {"prefixItems": []},
    {"$defs": {"x": {"maxItems": "3"}}, "dependentSchemas": {"y": {"format": 1}}},
    {"discriminator": {"mapping": {"a": 1}}, "xml": {"attribute": "yes", "x-ok": 1}},
    {"if": {"const": 1}, "then": {"multipleOf": 0}, "else": {"uniqueItems": "no"}},
    {"additionalProperties": {"propertyNames": {"pattern": 7}}, "contentSchema": {"type": 1}},
    {"dependencies": {"a": ["b", "b"]}, "definitions": {"d": {"title": 1}}},
]


def official(schema: Any) -> Found:
    cls = validator_for(OAS31Validator.META_SCHEMA, default=OAS31Validator)
    validator = cls(
        OAS31Validator.META_SCHEMA, registry=REGISTRY, format_checker=oas31_format_checker
    )
    return {(tuple(e.absolute_path), e.validator, e.message) for e in validator.iter_errors(schema)}


def fast(schema: Any) -> Found:
    found: Found = set()
    for path, node, kind in walk(schema, root_kind="schema"):
        if kind == "schema":
            for e in schema_object_validator().iter_errors(node):
                found.add(((*path, *e.absolute_path), e.validator, e.message))
    return found


@pytest.mark.parametrize("schema", INVALID, ids=lambda s: ",".join(s))
def test_the_shallow_metaschema_finds_what_the_official_one_finds(schema: dict[str, Any]) -> None:
    expected = official(schema)
    assert expected, "each case is invalid"
    assert fast(schema) == expected


def test_they_agree_on_every_schema_of_the_vendored_spec() -> None:
    schemas = [node for _, node, kind in walk(load_spec()) if kind == "schema"]
    assert len(schemas) > 100
    for schema in schemas:
        assert fast(schema) == official(schema)


def test_every_keyword_with_subschemas_is_walked() -> None:
    """The shallow metaschema only checks that subschemas are schemas: walk must visit them."""
    keywords = subschema_keywords_31()
    assert {"items", "properties", "allOf", "$defs", "prefixItems", "if"} <= keywords
    for keyword in keywords:
        assert child_kind("schema", keyword, {}) in ("schema", "map:schema", "list:schema")


def test_the_keyword_lists_are_the_metaschemas() -> None:
    assert set(_shallow_31()["properties"]) == KEYWORDS_31
    assert set(schema_v30["definitions"]["Schema"]["properties"]) | {"$ref"} == KEYWORDS_30
