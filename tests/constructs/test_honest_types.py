"""A value the annotation does not allow is never stored in the attribute.

A model only read from responses has ``X | None`` optional fields and ``fields_set``; a model
that is sent keeps ``UNSET``; a required field that is missing or of the wrong type has no
value at all (``AttributeError``, saying why), and the rest of the model is still read.
"""

from __future__ import annotations

from typing import Any

import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

SCHEMAS: dict[str, Any] = {
    "Order": {
        "type": "object",
        "required": ["id", "total"],
        "properties": {
            "id": {"type": "integer"},
            "total": {"type": "string", "format": "date-time"},
            "note": {"type": "string"},
            "tag": {"type": ["string", "null"]},
        },
    },
    "OrderUpdate": {
        "type": "object",
        "properties": {"note": {"type": "string"}, "tag": {"type": ["string", "null"]}},
    },
}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
PATHS = {
    "/orders/{id}": {
        "parameters": [ID],
        "get": {
            "operationId": "getOrder",
            "tags": ["orders"],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Order"}}}}},
        },
        "patch": {
            "operationId": "updateOrder",
            "tags": ["orders"],
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/OrderUpdate"}}}},
            "responses": {"204": {"description": "done"}},
        },
    }
}  # fmt: skip


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS, PATHS)
    return generate_client(spec, tmp_path_factory.mktemp("honest"), "c_honest")


def test_response_models_narrow_with_is_not_none(gen: Generated) -> None:
    ann = gen.models.Order.__annotations__
    assert ann["note"] == "str | None" and ann["tag"] == "str | None"
    assert ann["id"] == "int"
    order = gen.models.Order.from_dict({"id": 1, "total": "2024-01-01T00:00:00Z", "tag": None})
    assert order.note is None and order.tag is None
    assert order.fields_set == {"id", "total", "tag"}
    # null that arrived is written back; absent stays absent
    assert order.to_dict() == {"id": 1, "total": "2024-01-01T00:00:00Z", "tag": None}


def test_sent_models_keep_unset_apart_from_none(gen: Generated) -> None:
    ann = gen.models.OrderUpdate.__annotations__
    assert ann["note"] == "str | Unset" and ann["tag"] == "str | None | Unset"
    update = gen.models.OrderUpdate(tag=None)
    assert update.note is gen.module.UNSET
    assert update.to_dict(for_request=True) == {"tag": None}


def test_a_missing_required_field_has_no_value(gen: Generated) -> None:
    order = gen.models.Order.from_dict({"id": 7, "note": "n"})
    assert order.id == 7 and order.note == "n"
    assert not hasattr(order, "total")
    with pytest.raises(AttributeError, match=r"Order\.total has no value.*'total' was missing"):
        _ = order.total
    assert order.to_dict() == {"id": 7, "note": "n"}
    assert "total" not in repr(order)


def test_a_mistyped_required_field_is_kept_as_received(gen: Generated) -> None:
    order = gen.models.Order.from_dict({"id": "seven", "total": "2024-01-01T00:00:00Z"})
    assert not hasattr(order, "id")
    assert order.mismatched_fields == {"id": "seven"}
    assert order.fields_set == {"total"}
    assert order.to_dict() == {"id": "seven", "total": "2024-01-01T00:00:00Z"}


def test_equality_and_values_built_in_python(gen: Generated) -> None:
    import datetime

    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    a = gen.models.Order(id=1, total=when)
    b = gen.models.Order.from_dict({"id": 1, "total": when})  # Python values are accepted
    assert a == b and b.mismatched_fields == {}
    assert a.fields_set == frozenset()


def test_the_package_type_checks(gen: Generated) -> None:
    assert_mypy_clean(gen)
