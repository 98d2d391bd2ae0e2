"""A small shop integration, written the way the README teaches; it must pass mypy --strict.

No casts, no ``type: ignore``, no ``isinstance`` checks against ``Unset``: optional response
fields narrow with ``is not None``, dict inputs are checked key by key, enum inputs take
their plain values, and async list calls iterate straight away.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from decimal import Decimal

from sendcloud_integrations import AsyncClient, Client, models
from sendcloud_integrations.errors import APIStatusError, BatchError


def sync_orders(client: Client, integration_id: int) -> list[str]:
    """Push one order, then read the integration's orders back."""
    now = datetime.now(timezone.utc)
    order: models.ShipmentBlobOrderCreateParam = {
        "external_order_id": "555413",
        "external_shipment_id": None,
        "order_number": "OXSDFGHTD-12",
        "name": "John Doe",
        "company_name": "",
        "email": "john@example.com",
        "telephone": "",
        "address": "Lansdown Glade",
        "address_2": "",
        "house_number": "15",
        "city": "Oss",
        "postal_code": "5341",
        "to_state": None,
        "country": "NL",
        "to_post_number": "",
        "to_service_point": None,
        "currency": "EUR",
        "customs_invoice_nr": "",
        "customs_shipment_type": models.ShipmentBlobOrderCustomsShipmentType.COMMERCIAL_GOODS,
        "shipping_method_checkout_name": "",
        "order_status": {"id": "paid", "message": "Paid"},
        "payment_status": {"id": "paid", "message": "Paid"},
        "parcel_items": [
            {"description": "T-shirt", "quantity": 1, "value": Decimal("9.99")},
        ],
        "created_at": now,
        "updated_at": now,
    }
    try:
        results = client.shipments.upsert(integration_id, [order], raise_on_error=True)
    except BatchError as exc:
        print(f"not all orders went through: {exc}")
        return []
    uuids = [
        str(r.shipment_uuid)
        for r in results
        if isinstance(r, models.ShipmentCreateUpdateLog) and r.shipment_uuid is not None
    ]
    numbers = []
    for shipment in client.shipments.list(integration_id, external_order_ids=["555413"]):
        numbers.append(shipment.order_number.upper())  # required: a str, no narrowing
        if shipment.customs_details is not None and shipment.customs_details.tax_numbers:
            print(shipment.customs_details.tax_numbers)
    return numbers + uuids


def shops(client: Client) -> dict[int, str]:
    """Every integration's id and shop name, and turn off service points on the first."""
    found: dict[int, str] = {}
    for integration in client.integrations.list(ordering="shop_name"):
        if integration.id is not None:  # optional in the response: narrows like any Optional
            found[integration.id] = integration.shop_name.upper()
    first = min(found, default=None)
    if first is not None:
        try:
            client.integrations.partial_update(first, {"service_point_enabled": False})
        except APIStatusError as exc:
            print(exc.status_code, exc.raw_body)
    return found


async def count_orders(client: AsyncClient, integration_id: int) -> int:
    """``async for`` straight on the list call."""
    count = 0
    async for shipment in client.shipments.list(integration_id):
        count += len(shipment.parcel_items or [])
    return count


def main() -> None:
    with Client("public-key", "secret-key") as client:
        print(shops(client), sync_orders(client, 1))

    async def run() -> int:
        async with AsyncClient("public-key", "secret-key") as client:
            return await count_orders(client, 1)

    print(asyncio.run(run()))


if __name__ == "__main__":
    main()
