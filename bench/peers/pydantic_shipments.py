"""A pydantic v2 model of the shipment listing, as a peer for parsing and dumping.

It mirrors ``ShipmentsListResponse`` and ``ShipmentBlobOrder`` with its nested models, field
for field, with the same reading of the spec as the generated client:

- types only (no ``minLength``/``maxLength``/``pattern``), as the generated client checks
  types and not constraints;
- unknown keys kept (``extra="allow"``), as the client keeps them in
  ``additional_properties``;
- read-only fields the spec lists as required (``shipment_created_at``...) optional, as the
  spec's own example leaves them out;
- the ``CustomsInformation`` costs also accept a string, since the spec's example sends
  ``"3.99"`` where it declares a ``CostsObject`` (the client keeps such a value in
  ``mismatched_fields``; a strict pydantic model would reject the whole page).

The enums take their members from the spec, so the peer validates exactly its values.
Dumping is ``model_dump(mode="json", exclude_unset=True)``: JSON data with absent fields
left out, as ``to_dict`` does.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from bench.workload import load_spec

__all__ = ["Integration", "ShipmentBlobOrder", "ShipmentsPage"]

_SCHEMAS = load_spec()["components"]["schemas"]

if TYPE_CHECKING:
    CountryCode = str
    OriginCountry = str
else:
    CountryCode = enum.Enum(
        "CountryCode", {c: c for c in _SCHEMAS["country-codes"]["enum"]}, type=str
    )
    OriginCountry = enum.Enum(
        "OriginCountry",
        {c: c for c in _SCHEMAS["ParcelItems"]["properties"]["origin_country"]["enum"] if c},
        type=str,
    )


class Currency(str, enum.Enum):
    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"


class CustomsShipmentType(enum.IntEnum):
    GIFT = 0
    DOCUMENTS = 1
    COMMERCIAL_GOODS = 2
    COMMERCIAL_SAMPLE = 3
    RETURNED_GOODS = 4


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class ShipmentBlobStatus(_Model):
    id: str
    message: str


class ParcelItems(_Model):
    description: str
    hs_code: str | None = None
    origin_country: OriginCountry | None = None
    product_id: str | None = None
    properties: dict[str, str | None] | None = None
    quantity: int
    sku: str | None = None
    value: str
    weight: str | None = None
    mid_code: str | None = None
    material_content: str | None = None
    intended_use: str | None = None


class DeliveryMethodData(_Model):
    delivery_date: datetime.datetime
    formatted_delivery_date: str
    parcel_handover_date: datetime.datetime


class CheckoutPayload(_Model):
    sender_address_id: int
    shipping_product: dict[str, Any]
    delivery_method_type: str
    delivery_method_data: DeliveryMethodData | None = None


class CostsObject(_Model):
    value: str | None = None
    currency: str | None = None


class TaxNumber(_Model):
    name: str | None = None
    country_code: str | None = None
    value: str | None = None


class TaxNumbers(_Model):
    sender: list[TaxNumber] | None = None
    receiver: list[TaxNumber] | None = None
    importer_of_records: list[TaxNumber] | None = None


class CustomsInformation(_Model):
    discount_granted: CostsObject | str | None = None
    insurance_costs: CostsObject | str | None = None
    freight_costs: CostsObject | str | None = None
    other_costs: CostsObject | str | None = None
    tax_numbers: TaxNumbers | None = None


class ShipmentBlobOrder(_Model):
    address: str
    address_2: str
    allowed_shipping_methods: list[int] | None = None
    barcode: str | None = None
    city: str
    company_name: str
    country: CountryCode
    created_at: datetime.datetime
    currency: Currency | None
    customs_invoice_nr: str
    customs_shipment_type: CustomsShipmentType | None
    email: str
    external_order_id: str
    external_shipment_id: str | None
    house_number: str
    integration: int | None = None
    name: str
    order_number: str
    order_status: ShipmentBlobStatus | None
    parcel_items: list[ParcelItems] | None
    payment_status: ShipmentBlobStatus | None
    postal_code: str
    sender_address: int | None = None
    shipment_uuid: uuid.UUID | None = None
    shipping_method: int | None = None
    shipping_method_checkout_name: str
    telephone: str
    to_post_number: str
    to_service_point: int | None
    to_state: str | None
    total_order_value: str | None = None
    updated_at: datetime.datetime
    weight: str | None = None
    checkout_payload: CheckoutPayload | None = None
    width: str | None = None
    height: str | None = None
    length: str | None = None
    customs_details: CustomsInformation | None = None
    shipment_created_at: datetime.datetime | None = None
    shipment_updated_at: datetime.datetime | None = None


class ShipmentsPage(_Model):
    next: str | None = None
    previous: str | None = None
    results: list[ShipmentBlobOrder] | None = None


class Integration(_Model):
    id: int | None = None
    shop_name: str | None = None
    shop_url: str | None = None
    system: str | None = None
    failing_since: datetime.datetime | None = None
    last_fetch: datetime.datetime | None = None
    last_updated_at: datetime.datetime | None = None
    service_point_enabled: bool | None = None
    service_point_carriers: list[str] | None = None
    webhook_active: bool | None = None
    webhook_url: str | None = None
