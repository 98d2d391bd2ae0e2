"""``allOf`` merges the properties and ``required`` lists of every member into one model.

Members may be ``$ref``s, inline schemas, nested ``allOf``s, or properties declared beside
``allOf``. Two members that declare the same property with different types are reported as a
warning carrying the JSON pointer of the later definition.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from codegen_helpers import Generated, build_model, generate_client, spec_31

REF = "#/components/schemas/"

SCHEMAS: dict[str, Any] = {
    "Base": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer"},
            "created": {"type": "string", "format": "date-time"},
        },
    },
    "Named": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string", "description": "The name."}},
    },
    "Pet": {
        "allOf": [
            {"$ref": REF + "Base"},
            {"$ref": REF + "Named"},
            {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"type": "string"}, "tag": {"type": "string"}},
            },
            {"required": ["tag"]},
        ]
    },
    "Dog": {
        "allOf": [{"$ref": REF + "Pet"}],
        "required": ["barks"],
        "properties": {"barks": {"type": "boolean"}},
    },
    "Renamed": {
        "allOf": [
            {"$ref": REF + "Named"},
            # the same property again, only its description differs: no conflict
            {"properties": {"name": {"type": "string", "description": "Another text."}}},
        ]
    },
    "Conflict": {
        "allOf": [
            {"type": "object", "properties": {"size": {"type": "integer"}}},
            {"type": "object", "properties": {"size": {"type": "string"}}},
        ]
    },
    "RefConflict": {
        "allOf": [{"$ref": REF + "Base"}, {"properties": {"id": {"type": "string"}}}],
    },
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS), tmp_path_factory.mktemp("allof"), "c_all_of")


def fields(cls: type) -> dict[str, bool]:
    """Field name -> required (no default) for a generated model."""
    return {
        f.name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(cls)
        if f.name not in ("additional_properties", "mismatched_fields")
    }


def test_properties_and_required_are_merged(gen: Generated) -> None:
    assert fields(gen.models.Pet) == {
        "id": True,
        "created": False,
        "name": True,
        "kind": True,
        "tag": True,  # required by a member that declares no properties
    }
    ann = gen.models.Pet.__annotations__
    assert ann["id"] == "int" and ann["created"] == "datetime.datetime | Unset"
    assert ann["tag"] == "str"


def test_nested_all_of_and_sibling_properties(gen: Generated) -> None:
    assert fields(gen.models.Dog) == {
        "id": True,
        "created": False,
        "name": True,
        "kind": True,
        "tag": True,
        "barks": True,
    }


def test_merged_model_parses_and_round_trips(gen: Generated) -> None:
    data = {
        "id": 1,
        "created": "2024-05-07T15:08:12Z",
        "name": "Rex",
        "kind": "dog",
        "tag": "t",
        "barks": True,
        "unknown": [1],
    }
    dog = gen.models.Dog.from_dict(data)
    assert dog.mismatched_fields == {} and dog.additional_properties == {"unknown": [1]}
    assert (dog.id, dog.name, dog.barks) == (1, "Rex", True)
    assert dog.to_dict() == data


def test_members_stay_models_of_their_own(gen: Generated) -> None:
    assert fields(gen.models.Base) == {"id": True, "created": False}
    assert fields(gen.models.Named) == {"name": True}


def test_same_property_twice_is_not_a_conflict(gen: Generated) -> None:
    assert gen.warnings_at(REF + "Renamed") == []
    assert fields(gen.models.Renamed) == {"name": True}


def test_conflicting_property_type_is_a_warning_with_pointer(gen: Generated) -> None:
    found = gen.warnings_at(REF + "Conflict")
    assert [w.pointer for w in found] == [REF + "Conflict/allOf/1/properties/size"]
    assert "size" in found[0].message
    assert REF + "Conflict/allOf/0/properties/size" in found[0].message


def test_conflict_with_a_referenced_member(gen: Generated) -> None:
    found = gen.warnings_at(REF + "RefConflict")
    assert [w.pointer for w in found] == [REF + "RefConflict/allOf/1/properties/id"]
    assert REF + "Base/properties/id" in found[0].message


def test_conflicting_value_is_not_lost(gen: Generated) -> None:
    """Whichever definition wins, a value of the other type still round-trips."""
    for value in (3, "three"):
        conflict = gen.models.Conflict.from_dict({"size": value})
        assert conflict.to_dict() == {"size": value}


def test_conflict_is_reported_once_and_deterministically() -> None:
    spec = spec_31(SCHEMAS)
    runs = [[str(p) for p in build_model(spec)[1]] for _ in range(2)]
    assert runs[0] == runs[1]
    assert sum("disagree" in line and f"{REF}Conflict/" in line for line in runs[0]) == 1
