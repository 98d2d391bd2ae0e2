"""Recursion of every shape, and the array constructs beside it.

A schema that refers to itself without being an object model (an array of itself, a union
that contains itself, a map of itself) becomes a recursive type alias with a parser that
calls itself; models that refer to themselves, directly or through maps, unions and allOf
chains, stay dataclasses. Each shape type-checks and round-trips. ``prefixItems`` becomes a
``tuple``, ``items: false`` an empty tuple, and a typeless ``nullable: true`` any value.
"""

from __future__ import annotations

from typing import Any

import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    # an array whose items are itself
    "Tree": {"type": "array", "items": ref("Tree")},
    # a union that contains itself (JSON as a schema)
    "Json": {
        "oneOf": [
            {"type": "string"},
            {"type": "number"},
            {"type": "boolean"},
            {"type": "array", "items": ref("Json")},
            {"type": "object", "additionalProperties": ref("Json")},
        ]
    },
    # an object that is only a map of itself
    "Folder": {"type": "object", "additionalProperties": ref("Folder")},
    # openapi-python-client's ModelWithRecursiveRefInAdditionalProperties
    "Recursive": {
        "type": "object",
        "properties": {"name": {"type": "string"}},
        "additionalProperties": ref("Recursive"),
    },
    # a model through an allOf chain that leads back to itself
    "Base": {"type": "object", "properties": {"parent": ref("Derived")}},
    "Derived": {"allOf": [ref("Base"), {"properties": {"depth": {"type": "integer"}}}]},
    # Discord-style: a union of models whose fields are that union again
    "Component": {
        "oneOf": [ref("ActionRow"), ref("Button")],
        "discriminator": {"propertyName": "type"},
    },
    "ActionRow": {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {"const": "row"},
            "components": {"type": "array", "items": ref("Component")},
        },
    },
    "Button": {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"const": "button"}, "label": {"type": "string"}},
    },
    # tuples and other array shapes
    "Shapes": {
        "type": "object",
        "properties": {
            "pair": {
                "type": "array",
                "prefixItems": [{"type": "string"}, {"type": "integer"}],
                "items": False,
            },
            "head_and_rest": {
                "type": "array",
                "prefixItems": [{"type": "string"}],
                "items": {"type": "integer"},
            },
            "never": {"type": "array", "items": False},
            "anything": {"nullable": True},
            "tree": ref("Tree"),
            "json": ref("Json"),
        },
    },
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS)
    return generate_client(spec, tmp_path_factory.mktemp("rec"), "c_recursion", validate=False)


def test_every_shape_type_checks(gen: Generated) -> None:
    assert_mypy_clean(gen)


def test_nothing_is_refused_or_reported(gen: Generated) -> None:
    assert gen.problems.errors == []
    assert gen.warnings == []


def test_non_model_recursion_becomes_an_alias(gen: Generated) -> None:
    aliases = {a.name: a for a in gen.api.aliases}
    assert {"Tree", "Json", "Folder"} <= set(aliases)
    assert gen.models.parse_tree([[], [[]]]) == [[], [[]]]
    assert "Tree: TypeAlias = \"list[Tree]\"" in gen.source("models/tree.py")


@pytest.mark.parametrize(
    "value",
    ["text", 1.5, 2, True, [1, "a", [False]], {"a": {"b": [1, {"c": "d"}]}}, []],
)
def test_recursive_union_round_trips(gen: Generated, value: Any) -> None:
    from c_recursion._serde import dump
    from c_recursion._types import Unrecognized

    parsed = gen.models.parse_json(value)
    assert not isinstance(parsed, Unrecognized)
    assert dump(parsed) == value


def test_recursive_map_and_model_round_trip(gen: Generated) -> None:
    folder = {"a": {"b": {}, "c": {"d": {}}}}
    assert gen.models.parse_folder(folder) == folder
    data = {"name": "root", "child": {"name": "leaf", "deeper": {}}}
    obj = gen.models.Recursive.from_dict(data)
    assert obj.name == "root"
    assert obj.to_dict() == data


def test_allof_chain_back_to_itself(gen: Generated) -> None:
    data = {"depth": 1, "parent": {"depth": 0, "parent": {"depth": -1}}}
    obj = gen.models.Derived.from_dict(data)
    assert isinstance(obj.parent, gen.models.Derived)
    assert obj.parent.depth == 0
    assert obj.to_dict() == data


def test_deep_union_of_models(gen: Generated) -> None:
    data = {
        "type": "row",
        "components": [{"type": "button", "label": "ok"}, {"type": "row", "components": []}],
    }
    row = gen.models.parse_component(data)
    assert isinstance(row, gen.models.ActionRow)
    assert isinstance(row.components[0], gen.models.Button)
    assert isinstance(row.components[1], gen.models.ActionRow)
    assert row.to_dict() == data


def test_tuples_and_other_arrays(gen: Generated) -> None:
    data = {"pair": ["a", 1], "head_and_rest": ["h", 1, 2], "never": [], "anything": None}
    obj = gen.models.Shapes.from_dict(data)
    assert obj.pair == ("a", 1)
    assert obj.head_and_rest == ("h", 1, 2)
    assert obj.never == ()
    assert obj.anything is None
    assert obj.mismatched_fields == {}
    assert obj.to_dict() == data
    ann = gen.models.Shapes.__annotations__
    assert ann["pair"] == "tuple[str, int] | Unset"
    assert ann["anything"] == "JsonValue | Unset"


def test_a_tuple_of_the_wrong_length_is_kept_as_received(gen: Generated) -> None:
    obj = gen.models.Shapes.from_dict({"pair": ["a", 1, "extra"], "never": [1]})
    assert obj.mismatched_fields == {"pair": ["a", 1, "extra"], "never": [1]}
    assert obj.to_dict() == {"pair": ["a", 1, "extra"], "never": [1]}
