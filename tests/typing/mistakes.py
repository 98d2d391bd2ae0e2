"""Mistakes the types must catch: ``tests/test_typing.py`` asserts mypy's exact errors."""

from __future__ import annotations

from sendcloud_integrations import Client, models


def misspelt_key(client: Client) -> None:
    client.integrations.partial_update(1, {"servce_point_enabled": False})


def wrong_enum_value(client: Client) -> None:
    client.shipments.list(1, external_order_ids=["1"])
    item: models.ParcelItemsParam = {
        "description": "T-shirt",
        "quantity": 1,
        "value": "9.99",
        "origin_country": "XX",
    }
    print(item)


def missing_required_field() -> None:
    status: models.ShipmentBlobStatusParam = {"id": "paid"}
    print(status)


def misspelt_names(client: Client) -> None:  # lazy imports hide neither from mypy
    print(models.Integratoin)
    print(client.integratoins)
