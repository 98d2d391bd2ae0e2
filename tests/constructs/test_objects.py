"""Objects: free-form objects, maps, nested arrays and recursive schemas.

* ``type: object`` without ``properties`` (or ``additionalProperties: true``) is the
  ``JsonObject`` alias; an empty schema ``{}`` is ``JsonValue``;
* ``additionalProperties: <schema>`` without ``properties`` is ``dict[str, T]``;
* arrays nest as ``list[list[list[T]]]``;
* a schema that refers to itself, directly or through another model, generates, imports and
  round-trips.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import black
import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

REF = "#/components/schemas/"

SCHEMAS: dict[str, Any] = {
    "Leaf": {
        "type": "object",
        "required": ["v"],
        "properties": {"v": {"type": "integer"}},
    },
    "Bag": {
        "type": "object",
        "properties": {
            "meta": {"type": "object"},
            "loose": {"type": "object", "additionalProperties": True},
            "closed": {"type": "object", "additionalProperties": False},
            "anything": {},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "leaves": {
                "type": "object",
                "additionalProperties": {"$ref": REF + "Leaf"},
            },
            "groups": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
            "grid": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "integer"}},
                },
            },
            "cubes": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "array", "items": {"$ref": REF + "Leaf"}},
                },
            },
            "plain_list": {"type": "array"},
        },
    },
    "Mixed": {
        "type": "object",
        "properties": {"known": {"type": "integer"}},
        "additionalProperties": {"type": "string"},
    },
    "Node": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "parent": {"$ref": REF + "Node"},
            "children": {"type": "array", "items": {"$ref": REF + "Node"}},
            "by_key": {
                "type": "object",
                "additionalProperties": {"$ref": REF + "Node"},
            },
        },
    },
    "A": {
        "type": "object",
        "properties": {"name": {"type": "string"}, "b": {"$ref": REF + "B"}},
    },
    "B": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "a": {"$ref": REF + "A"},
            "many": {"type": "array", "items": {"$ref": REF + "A"}},
        },
    },
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(
        spec_31(SCHEMAS), tmp_path_factory.mktemp("objects"), "c_objects"
    )


def test_free_form_annotations(gen: Generated) -> None:
    ann = gen.models.Bag.__annotations__
    assert ann["meta"] == "JsonObject | Unset"
    assert ann["loose"] == "JsonObject | Unset"
    assert ann["closed"] == "JsonObject | Unset"
    assert ann["anything"] == "JsonValue | Unset"
    assert ann["plain_list"] == "list[JsonValue] | Unset"


def test_map_annotations(gen: Generated) -> None:
    ann = gen.models.Bag.__annotations__
    assert ann["counts"] == "dict[str, int] | Unset"
    assert ann["leaves"] == "dict[str, Leaf] | Unset"
    assert ann["groups"] == "dict[str, list[str]] | Unset"


def test_nested_array_annotations(gen: Generated) -> None:
    ann = gen.models.Bag.__annotations__
    assert ann["grid"] == "list[list[list[int]]] | Unset"
    assert ann["cubes"] == "list[list[list[Leaf]]] | Unset"


def test_free_form_values_round_trip(gen: Generated) -> None:
    data = {
        "meta": {"a": [1, {"b": None}], "c": "d"},
        "loose": {},
        "closed": {"x": 1},
        "anything": [1, "two", {"three": 3.0}, None, True],
        "plain_list": [1, "a", None],
    }
    bag = gen.models.Bag.from_dict(data)
    assert bag.mismatched_fields == {}
    assert bag.meta == data["meta"]
    assert bag.to_dict() == data


@pytest.mark.parametrize("value", ["text", 1, None, True])
def test_free_form_object_rejects_non_objects(gen: Generated, value: Any) -> None:
    bag = gen.models.Bag.from_dict({"meta": value})
    assert bag.mismatched_fields == {"meta": value}
    assert bag.to_dict() == {"meta": value}


def test_maps_parse_their_values(gen: Generated) -> None:
    m = gen.models
    data = {
        "counts": {"a": 1, "b": 2},
        "leaves": {"x": {"v": 1}, "y": {"v": 2, "extra": True}},
        "groups": {"g": ["a", "b"], "h": []},
    }
    bag = m.Bag.from_dict(data)
    assert bag.mismatched_fields == {}
    assert bag.counts == {"a": 1, "b": 2}
    assert all(isinstance(v, m.Leaf) for v in bag.leaves.values())
    assert bag.leaves["y"].additional_properties == {"extra": True}
    assert bag.to_dict() == data


@pytest.mark.parametrize(
    "data",
    [
        {"counts": {"a": "1"}},
        {"counts": [1]},
        {"groups": {"g": "a"}},
        {"leaves": {"x": 1}},
    ],
)
def test_bad_map_values_are_kept(gen: Generated, data: dict[str, Any]) -> None:
    bag = gen.models.Bag.from_dict(data)
    assert bag.mismatched_fields == data
    assert bag.to_dict() == data


def test_nested_arrays_round_trip(gen: Generated) -> None:
    data = {
        "grid": [[[1, 2], []], [[3]]],
        "cubes": [[[{"v": 1}], [{"v": 2}, {"v": 3}]], []],
    }
    bag = gen.models.Bag.from_dict(data)
    assert bag.mismatched_fields == {}
    assert bag.grid == [[[1, 2], []], [[3]]]
    assert isinstance(bag.cubes[0][1][1], gen.models.Leaf) and bag.cubes[0][1][1].v == 3
    assert bag.to_dict() == data
    bad = {"grid": [[[1, "2"]]]}
    kept = gen.models.Bag.from_dict(bad)
    assert kept.mismatched_fields == bad and kept.to_dict() == bad


def test_lists_and_maps_are_written_as_copies(gen: Generated) -> None:
    """What ``to_dict`` writes shares no list or map with the model, at any depth: changing
    the data written leaves the model as it was."""
    data = {"counts": {"a": 1}, "groups": {"g": ["a"]}, "grid": [[[1]]], "plain_list": [1]}
    bag = gen.models.Bag.from_dict(data)
    out = bag.to_dict()
    out["counts"]["b"] = 2
    out["groups"]["g"].append("b")
    out["grid"][0][0].append(2)
    out["plain_list"].append(2)
    assert bag.to_dict() == data == {k: getattr(bag, k) for k in data}
    leaf = gen.models.Leaf.from_dict({"v": {"a": [1]}})  # required, and of the wrong type
    leaf.to_dict()["v"]["a"].append(2)
    assert leaf.mismatched_fields == {"v": {"a": [1]}} and leaf.to_dict() == {"v": {"a": [1]}}


def test_properties_with_additional_properties_schema(gen: Generated) -> None:
    mixed = gen.models.Mixed.from_dict({"known": 1, "x": "a", "y": "b"})
    assert mixed.known == 1
    assert mixed.additional_properties == {"x": "a", "y": "b"}
    assert mixed.to_dict() == {"known": 1, "x": "a", "y": "b"}


def tree(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"name": f"n{depth}"}
    if depth:
        node["children"] = [tree(depth - 1), {"name": "leaf"}]
        node["parent"] = {"name": "up"}
        node["by_key"] = {"k": tree(depth - 1)}
    return node


def test_recursive_tree(gen: Generated) -> None:
    m = gen.models
    assert m.Node.__annotations__["children"] == "list[Node] | Unset"
    assert m.Node.__annotations__["parent"] == "Node | Unset"
    assert m.Node.__annotations__["by_key"] == "dict[str, Node] | Unset"
    data = tree(4)
    node = m.Node.from_dict(data)
    assert isinstance(node.children[0].children[0], m.Node)
    assert node.by_key["k"].children[1].name == "leaf"
    assert node.to_dict() == data


def test_mutual_recursion(gen: Generated) -> None:
    m = gen.models
    assert m.A.__annotations__["b"] == "B | Unset"
    assert m.B.__annotations__["a"] == "A | Unset"
    data: dict[str, Any] = {
        "name": "a1",
        "b": {"name": "b1", "a": {"name": "a2", "b": {}}},
    }
    data["b"]["a"]["b"]["name"] = "b2"
    data["b"]["many"] = [{"name": "a3", "b": {"name": "b3"}}]
    a = m.A.from_dict(data)
    assert isinstance(a.b, m.B) and isinstance(a.b.a, m.A) and isinstance(a.b.a.b, m.B)
    assert isinstance(a.b.many[0].b, m.B)
    assert a.to_dict() == data
    b = m.B.from_dict({"a": {"b": {}}})
    assert b.to_dict() == {"a": {"b": {}}}


def test_recursive_modules_import_on_their_own(gen: Generated) -> None:
    """Each module of a cycle imports first without the other already being loaded."""
    for module in ("a", "b", "node"):
        code = f"import {gen.package}.models.{module} as m; print(m.__name__)"
        run = subprocess.run(
            [sys.executable, "-c", code],
            cwd=gen.out,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr


def test_recursion_through_a_union(tmp_path_factory: pytest.TempPathFactory) -> None:
    """``Expr = Num | Add`` where ``Add`` holds two ``Expr``: an alias and a model in a cycle."""
    spec = spec_31(
        {
            "Num": {
                "type": "object",
                "required": ["n"],
                "properties": {"n": {"type": "number"}},
            },
            "Add": {
                "type": "object",
                "required": ["left", "right"],
                "properties": {
                    "left": {"$ref": REF + "Expr"},
                    "right": {"$ref": REF + "Expr"},
                },
            },
            "Expr": {"oneOf": [{"$ref": REF + "Num"}, {"$ref": REF + "Add"}]},
        }
    )
    gen = generate_client(spec, tmp_path_factory.mktemp("expr"), "c_objects_expr")
    m = gen.models
    data = {"left": {"n": 1}, "right": {"left": {"n": 2}, "right": {"n": 3.5}}}
    add = m.Add.from_dict(data)
    assert isinstance(add.left, m.Num) and isinstance(add.right, m.Add)
    assert add.to_dict() == data
    assert isinstance(m.parse_expr(data), m.Add)


def test_generated_package_passes_mypy_strict(gen: Generated) -> None:
    assert_mypy_clean(gen)


def test_a_long_annotation_in_a_typeddict_call_is_laid_out_as_black_would(
    tmp_path: Path,
) -> None:
    """Keys that are not identifiers need ``TypedDict("X", {...})``, whose annotations are
    strings black cannot split: a long one goes in parentheses, and the module is left
    exactly as black would write it (one pass of black, no ruff finding)."""
    long_name = "AddressValidationMethodEnumerationWithAVeryLongName"
    schemas = {
        long_name: {"type": "string", "enum": ["a", "b"]},
        "Order": {
            "type": "object",
            "properties": {
                "dashed-key": {
                    "type": "array",
                    "items": {"$ref": f"#/components/schemas/{long_name}"},
                },
                "x": {"type": "string"},
            },
        },
    }
    body = {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Order"}}
        }
    }
    paths = {
        "/orders": {
            "post": {
                "operationId": "createOrder",
                "requestBody": body,
                "responses": {"204": {"description": "done"}},
            }
        }
    }
    gen = generate_client(spec_31(schemas, paths), tmp_path, "c_long_typeddict")
    source = gen.source("models/order.py")
    assert '"dashed-key": (\n            "Sequence[' in source
    assert black.format_str(source, mode=black.Mode(line_length=100)) == source
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--select",
            "E501",
            str(gen.out / gen.package / "models" / "order.py"),
        ],
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0, found.stdout
