"""``to_dict`` writes whatever a caller set on a field, not only what ``from_dict`` made.

``to_dict`` writes a model, an enum member, a date read from JSON and an amount on the line
itself, after a class test; every other value goes through ``_serde.dump``. These tests set
the other values a caller may set (against the annotations, as Python allows) on a shipment
read from the spec's own example, and check what is written.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import enum
import uuid
from typing import Any

import pytest

from conftest import load_spec
from sendcloud_integrations import _serde
from sendcloud_integrations.models import (
    CountryCode,
    IntegrationLog,
    ParcelItems,
    ShipmentBlobOrder,
    ShipmentBlobStatus,
)

_PAGE = load_spec()["paths"]["/integrations/{id}/shipments"]["get"]["responses"]["200"]
SHIPMENT: dict[str, Any] = next(iter(_PAGE["content"]["application/json"]["examples"].values()))[
    "value"
]["results"][0]


def read() -> ShipmentBlobOrder:
    return ShipmentBlobOrder.from_dict(copy.deepcopy(SHIPMENT))


def written(field: str, value: Any) -> Any:
    shipment = read()
    setattr(shipment, field, value)  # what a caller may set, whatever the annotation says
    return shipment.to_dict()[field]


def test_what_from_dict_made_is_written_back_as_it_arrived() -> None:
    assert read().to_dict() == SHIPMENT


def test_an_enum_value_the_spec_does_not_list_is_written_as_it_arrived() -> None:
    shipment = ShipmentBlobOrder.from_dict({**copy.deepcopy(SHIPMENT), "country": "XX"})
    assert not shipment.country.is_known
    assert shipment.to_dict()["country"] == "XX"


def test_an_enum_field_takes_a_member_or_its_plain_value() -> None:
    assert written("country", CountryCode.NL) == "NL"
    assert written("country", "BE") == "BE"


def test_a_model_field_takes_the_model_a_subclass_or_a_dict() -> None:
    class Status(ShipmentBlobStatus):
        pass

    status = {"id": "paid", "message": "Paid"}
    assert written("order_status", ShipmentBlobStatus.from_dict(status)) == status
    assert written("order_status", Status.from_dict(status)) == status
    assert written("order_status", dict(status)) == status


def test_a_list_of_models_takes_models_dicts_and_a_tuple() -> None:
    item = copy.deepcopy(SHIPMENT["parcel_items"][0])
    got = written("parcel_items", (ParcelItems.from_dict(item), {"description": "as a dict"}))
    assert got == [item, {"description": "as a dict"}]
    assert _serde.dump_models(None, ParcelItems) is None


def test_a_date_time_is_written_as_its_text_until_it_is_changed() -> None:
    shipment = read()
    assert shipment.to_dict()["created_at"] == SHIPMENT["created_at"]
    changed = shipment.created_at.replace(year=2030)  # a datetime without a text of its own
    shipment.created_at = changed
    assert shipment.to_dict()["created_at"] == changed.isoformat()
    assert changed.isoformat().startswith("2030-") and changed.utcoffset() is not None
    later = datetime.datetime(2025, 2, 1, 8, 30, tzinfo=datetime.timezone.utc)
    assert written("created_at", later) == "2025-02-01T08:30:00+00:00"
    with pytest.raises(ValueError, match="no time zone"):
        written("created_at", datetime.datetime(2025, 2, 1))


def test_a_date_read_from_a_str_subclass_is_written_as_plain_text() -> None:
    class Stamp(str, enum.Enum):
        CREATED = SHIPMENT["created_at"]

    shipment = ShipmentBlobOrder.from_dict({**copy.deepcopy(SHIPMENT), "created_at": Stamp.CREATED})
    got = shipment.to_dict()["created_at"]
    assert got == SHIPMENT["created_at"] and type(got) is str
    assert _serde.dump(shipment.created_at) == got


def test_a_uuid_and_an_amount_take_python_values_too() -> None:
    assert written("shipment_uuid", uuid.UUID(int=1)) == "00000000-0000-0000-0000-000000000001"
    assert written("total_order_value", decimal.Decimal("1.10")) == "1.10"
    assert written("total_order_value", "2.50") == "2.50"


def test_a_list_or_map_written_is_a_copy_of_the_models() -> None:
    shipment = read()
    out = shipment.to_dict()
    out["allowed_shipping_methods"].append(99)
    out["parcel_items"][0]["properties"]["colour"] = "changed"
    assert shipment.to_dict() == SHIPMENT
    assert written("allowed_shipping_methods", (1, 2)) == [1, 2]  # any other value: as dump


def test_a_model_among_the_undeclared_properties_is_written_for_a_request_too() -> None:
    log = IntegrationLog(id=7, base_url="https://shop.example", protected=True)
    shipment = read()
    shipment.additional_properties["log"] = log  # kept, and written as a field's model is
    assert shipment.to_dict()["log"] == {
        "id": 7,
        "base_url": "https://shop.example",
        "protected": True,
    }
    assert shipment.to_dict(for_request=True)["log"] == {"base_url": "https://shop.example"}


def test_a_read_only_value_kept_as_received_stays_out_of_a_request() -> None:
    """Even in a model only read from responses, and even for a required field it lacks."""
    data = {**copy.deepcopy(SHIPMENT), "allowed_shipping_methods": "bad", "shipment_created_at": 5}
    shipment = ShipmentBlobOrder.from_dict(data)
    assert shipment.mismatched_fields == {
        "allowed_shipping_methods": "bad",
        "shipment_created_at": 5,
    }
    assert shipment.to_dict() == data
    sent = shipment.to_dict(for_request=True)
    assert {"allowed_shipping_methods", "barcode", "shipment_created_at"}.isdisjoint(sent)
    assert sent["address"] == data["address"]


def test_from_dict_reads_typed_containers_into_its_own_and_keeps_untyped_values_as_given() -> None:
    from sendcloud_integrations.models import IntegrationLogRequest

    data = {**copy.deepcopy(SHIPMENT), "allowed_shipping_methods": [1, 2], "extra": {"k": []}}
    shipment = ShipmentBlobOrder.from_dict(data)
    data["allowed_shipping_methods"].append(3)
    assert shipment.allowed_shipping_methods == [1, 2]  # a typed array is read into a new list
    assert shipment.additional_properties["extra"] is data["extra"]  # kept as received
    headers: dict[str, Any] = {"X-Shop": ["a"]}
    assert IntegrationLogRequest.from_dict({"headers": headers}).headers is headers  # free-form
