"""The table of primitive formats: every kind has a reader and a writer in the runtime.

``generator.formats.PRIMITIVES`` is the one place a string format is added; this checks
that the runtime the generated client ships reads each kind from its JSON type, refuses
other JSON types, and writes it back exactly as received.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from generator.formats import PRIMITIVES, primitive_for
from sendcloud_integrations import _serde
from sendcloud_integrations._types import TypeMismatch

SAMPLES: dict[str, Any] = {
    "str": "text",
    "int": 7,
    "float": 2.5,
    "bool": True,
    "datetime": "2024-02-29T12:30:00.123+01:00",
    "date": "2024-02-29",
    "uuid": "0f8fad5b-d9cb-469f-a165-70867728950e",
    "decimal": "1049.50",
}
WRONG: dict[str, Any] = {"str": 1, "int": "1", "float": "1.5", "bool": 1}


def test_every_primitive_has_a_sample() -> None:
    assert set(SAMPLES) == set(PRIMITIVES)


@pytest.mark.parametrize("kind", sorted(PRIMITIVES))
def test_reader_and_writer_round_trip(kind: str) -> None:
    prim = PRIMITIVES[kind]
    read = getattr(_serde, prim.reader)
    value = read(SAMPLES[kind])
    assert _serde.dump(value) == SAMPLES[kind]
    if kind == "decimal":  # read as the text it is; written from a Decimal as its exact text
        assert value == "1049.50" and _serde.dump(Decimal("1049.50")) == "1049.50"
    else:
        assert (value.__class__ in (str, int, float, bool)) is not prim.converts


@pytest.mark.parametrize("kind", sorted(PRIMITIVES))
def test_reader_refuses_another_json_type(kind: str) -> None:
    read = getattr(_serde, PRIMITIVES[kind].reader)
    with pytest.raises(TypeMismatch):
        read(WRONG.get(kind, 12))


@pytest.mark.parametrize(
    ("schema_type", "schema_format", "kind"),
    [
        ("string", None, "str"),
        ("string", "date-time", "datetime"),
        ("string", "date", "date"),
        ("string", "uuid", "uuid"),
        ("string", "email", "str"),  # an unknown format reads as its type
        ("integer", "int64", "int"),
        ("number", "double", "float"),
        ("boolean", None, "bool"),
    ],
)
def test_schema_type_and_format_pick_the_primitive(
    schema_type: str, schema_format: str | None, kind: str
) -> None:
    prim = primitive_for(schema_type, schema_format)
    assert prim is not None and prim.kind == kind


def test_no_primitive_for_structured_types() -> None:
    assert primitive_for("object") is None and primitive_for("array") is None
