"""Request bodies built from the generated models, and a strict audit of parsed responses.

Both contract test files use these. The bodies are what a real shop integration would
send: every field the spec marks required, typed values (aware datetimes, enum members,
nested models) and a realistic set of optional ones, so that Prism validates the client's
serialisation of all of them and not just of a minimal happy case.

The models are tolerant on purpose: a value of the wrong JSON type is kept in
``mismatched_fields`` and a missing required field is left ``UNSET`` (both only logged).
That is right for production and wrong for a contract test, which must notice either.
:func:`audit` walks a parsed result and lists every such place, so a test can demand that
there are none, or exactly the ones a known flaw of the spec explains.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from typing import Any

from sendcloud_integrations import UNSET, AsyncPage, Page, Unrecognized, models

#: When the generated orders were "placed"; order ``n`` is ``n`` minutes later.
ORDERS_START = datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=datetime.timezone.utc)

_SHIPPING_PRODUCT: dict[str, Any] = {
    "code": "postnl:standard",
    "name": "PostNL Standard",
    "selected_functionalities": {
        "age_check": None,
        "last_mile": "home_delivery",
        "first_mile": "pickup_dropoff",
        "multicollo": False,
        "form_factor": "parcel",
        "service_area": "domestic",
        "weekend_delivery": None,
        "delivery_deadline": "best_effort",
        "direct_contract_only": False,
    },
}


def order_ids(n: int) -> tuple[str, str]:
    """``(external_order_id, external_shipment_id)`` of order ``n``: unique per ``n``."""
    return f"ORD-{n:06d}", f"SHP-{n:06d}"


def make_order(n: int) -> models.ShipmentBlobOrderCreate:
    """A complete, plausible webshop order; ``n`` makes its ids and some values unique."""
    placed = ORDERS_START + datetime.timedelta(minutes=n)
    external_order_id, external_shipment_id = order_ids(n)
    quantity = 1 + n % 3
    return models.ShipmentBlobOrderCreate(
        address="Stationsplein",
        address_2="" if n % 4 else "2nd floor",
        city="Eindhoven",
        company_name="Acme B.V." if n % 5 == 0 else "",
        country=models.CountryCode.NL,
        created_at=placed,
        currency=models.ShipmentBlobOrderCurrency.EUR,
        customs_invoice_nr=f"INV-{n:06d}",
        customs_shipment_type=models.ShipmentBlobOrderCustomsShipmentType.COMMERCIAL_GOODS,
        email=f"customer.{n}@example.com",
        external_order_id=external_order_id,
        external_shipment_id=external_shipment_id,
        house_number=str(1 + n % 250),
        name=f"Customer {n}",
        order_number=f"SO-{n:06d}",
        order_status=models.ShipmentBlobStatus(id="fulfilled", message="Fulfilled"),
        parcel_items=[
            models.ParcelItems(
                description="Organic cotton T-shirt",
                hs_code="61091000",
                origin_country=models.CountryCode.PT,
                product_id=f"{1_458_734_634 + n % 7}",
                properties={"size": "M", "colour": "navy"},
                quantity=quantity,
                sku=f"TS-NAVY-M-{n % 7:03d}",
                value="19.95",
                weight="0.25",
                mid_code=None,
                material_content="100% Cotton",
                intended_use="Personal use",
            )
        ],
        payment_status=models.ShipmentBlobStatus(id="paid", message="Paid"),
        postal_code="5611 AD",
        shipping_method=8,
        shipping_method_checkout_name="PostNL Standard",
        telephone="+31 40 123 4567",
        to_post_number="",
        to_service_point=None,
        to_state=None,
        total_order_value=f"{19.95 * quantity:.2f}",
        updated_at=placed + datetime.timedelta(seconds=30),
        weight=f"{0.25 * quantity:.3f}",
        checkout_payload=models.CheckoutPayload(
            sender_address_id=1,
            shipping_product=_SHIPPING_PRODUCT,
            delivery_method_type="standard_delivery",
            delivery_method_data=models.CheckoutPayloadDeliveryMethodData(
                delivery_date=placed + datetime.timedelta(days=2),
                formatted_delivery_date=f"{(placed + datetime.timedelta(days=2)):%B %d, %Y}",
                parcel_handover_date=placed + datetime.timedelta(days=1),
            ),
        ),
        customs_details=models.CustomsInformation(
            discount_granted=models.CostsObject(value="0.00", currency="EUR"),
            insurance_costs=models.CostsObject(value="0.00", currency="EUR"),
            freight_costs=models.CostsObject(value="4.95", currency="EUR"),
            other_costs=None,
            tax_numbers=models.CustomsInformationTaxNumbers(
                sender=[models.TaxNumber(name="VAT", country_code="NL", value="NL987654321B02")],
                receiver=[],
                importer_of_records=[],
            ),
        ),
    )


def make_integration_update() -> models.IntegrationUpdate:
    """Every writable setting of an integration, as a full PUT must send them."""
    return models.IntegrationUpdate(
        shop_url="https://shop.example.com",
        service_point_enabled=True,
        service_point_carriers=["postnl", "dhl"],
        webhook_active=True,
        webhook_url="https://shop.example.com/sendcloud/webhook",
    )


def make_integration_log(integration_id: int) -> models.IntegrationLog:
    """A failed call from Sendcloud to the shop, as the logs screen shows it."""
    return models.IntegrationLog(
        integration_id=integration_id,
        user_id=42,
        base_url="https://shop.example.com",
        full_url="https://shop.example.com/api/orders/1001/notes.json",
        method="POST",
        response_code=503,
        response=models.IntegrationLogResponse(
            headers={"Content-Type": "text/html; charset=utf-8", "Retry-After": "120"},
            body="<html><body>Maintenance</body></html>",
        ),
        request=models.IntegrationLogRequest(
            headers={"Content-Type": "application/json"},
            payload={"order_note": {"note": "Shipped with PostNL"}},
        ),
        created_at=datetime.datetime(2024, 5, 7, 16, 0, tzinfo=datetime.timezone.utc),
        exception_type="requests.exceptions.HTTPError",
        exception="503 Server Error: Service Unavailable",
    )


@dataclasses.dataclass
class Audit:
    """What a parsed result does not say about itself: where it departs from the spec."""

    #: ``path -> value`` of every value kept in some model's ``mismatched_fields``.
    mismatched: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: Paths of required model fields that never arrived (left ``UNSET``).
    missing: list[str] = dataclasses.field(default_factory=list)
    #: Paths of ``oneOf`` values no member claimed (kept as :class:`Unrecognized`).
    unrecognized: list[str] = dataclasses.field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.mismatched or self.missing or self.unrecognized)


def audit(value: Any) -> Audit:
    """Walk a parsed result (model, list, page) and collect every departure from the spec.

    Paths look like ``$.results[0].customs_details.discount_granted``.
    """
    found = Audit()
    for path, problem, raw in _walk(value, "$"):
        if problem == "mismatched":
            found.mismatched[path] = raw
        elif problem == "missing":
            found.missing.append(path)
        else:
            found.unrecognized.append(path)
    return found


_BOOKKEEPING = frozenset({"additional_properties", "mismatched_fields"})


def _walk(value: Any, path: str) -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, (Page, AsyncPage)):
        yield from _walk(value.body, path)
    elif isinstance(value, Unrecognized):
        yield path, "unrecognized", value.raw
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        kept: dict[str, Any] = getattr(value, "mismatched_fields", {})
        for field in dataclasses.fields(value):
            if field.name in _BOOKKEEPING:
                continue
            item = getattr(value, field.name)
            required = (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            )
            if required and item is UNSET and field.name not in kept:
                yield f"{path}.{field.name}", "missing", None
            yield from _walk(item, f"{path}.{field.name}")
        for key, raw in kept.items():
            yield f"{path}.{key}", "mismatched", raw
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
