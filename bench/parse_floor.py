"""The floors under ``from_dict`` and ``to_dict`` of the shipment page: the same work, trusting.

:func:`read_page` builds exactly what ``ShipmentsListResponse.from_dict`` builds from the
bench's page (the generated classes, each attribute set, dates and UUIDs that remember their
text, enum members, the bookkeeping ``to_dict`` reads), but it checks nothing: it trusts
every key to be there and every value to have its declared type, and knows which keys the
page carries. The only test it makes is the one the page needs (the customs costs are
strings where objects are declared). No reader of untrusted data can do less in pure Python
with these classes, so its ratio to ``json.loads`` is the limit for ours.

:func:`write_page` is the same for ``to_dict``: it writes exactly the data ``to_dict`` writes
from what :func:`read_page` built (free-form objects copied, dates and UUIDs as their text,
enum values, the values kept as received), trusting every field to hold what ``from_dict``
put there and to be set, and knowing the page's shape.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_page", "write_page"]


def read_page(data: dict[str, Any], models: Any) -> Any:
    """``data`` (the decoded page) as ``models.ShipmentsListResponse``, trusting it blindly."""
    return _Floor(models).page(data)


def write_page(page: Any) -> dict[str, Any]:
    """``page.to_dict()`` for the bench's page, trusting it blindly."""
    return {
        "next": page.next,
        "previous": page.previous,
        "results": [_write_shipment(s) for s in page.results],
    }


def _copy(value: dict[str, Any]) -> dict[str, Any]:
    """Free-form JSON, copied as ``to_dict`` copies it (nested objects too)."""
    return {k: _copy(v) if v.__class__ is dict else v for k, v in value.items()}


def _write_shipment(s: Any) -> dict[str, Any]:
    c, d = s.checkout_payload, s.checkout_payload.delivery_method_data
    return {
        "address": s.address,
        "address_2": s.address_2,
        "allowed_shipping_methods": list(s.allowed_shipping_methods),
        "barcode": s.barcode,
        "city": s.city,
        "company_name": s.company_name,
        "country": s.country._value_,
        "created_at": s.created_at.source,
        "currency": s.currency._value_,
        "customs_invoice_nr": s.customs_invoice_nr,
        "customs_shipment_type": s.customs_shipment_type._value_,
        "email": s.email,
        "external_order_id": s.external_order_id,
        "external_shipment_id": s.external_shipment_id,
        "house_number": s.house_number,
        "integration": s.integration,
        "name": s.name,
        "order_number": s.order_number,
        "order_status": {"id": s.order_status.id, "message": s.order_status.message},
        "parcel_items": [_write_item(i) for i in s.parcel_items],
        "payment_status": {"id": s.payment_status.id, "message": s.payment_status.message},
        "postal_code": s.postal_code,
        "sender_address": s.sender_address,
        "shipment_uuid": s.shipment_uuid.source,
        "shipping_method": s.shipping_method,
        "shipping_method_checkout_name": s.shipping_method_checkout_name,
        "telephone": s.telephone,
        "to_post_number": s.to_post_number,
        "to_service_point": s.to_service_point,
        "to_state": s.to_state,
        "total_order_value": s.total_order_value,
        "updated_at": s.updated_at.source,
        "weight": s.weight,
        "checkout_payload": {
            "sender_address_id": c.sender_address_id,
            "shipping_product": _copy(c.shipping_product),
            "delivery_method_type": c.delivery_method_type,
            "delivery_method_data": {
                "delivery_date": d.delivery_date.source,
                "formatted_delivery_date": d.formatted_delivery_date,
                "parcel_handover_date": d.parcel_handover_date.source,
            },
        },
        "width": s.width,
        "height": s.height,
        "length": s.length,
        "customs_details": _write_customs(s.customs_details),
        "shipment_created_at": s.shipment_created_at.source,
        "shipment_updated_at": s.shipment_updated_at.source,
    }


def _write_item(i: Any) -> dict[str, Any]:
    return {
        "description": i.description,
        "hs_code": i.hs_code,
        "origin_country": i.origin_country._value_,
        "product_id": i.product_id,
        "properties": _copy(i.properties),
        "quantity": i.quantity,
        "sku": i.sku,
        "value": i.value,
        "weight": i.weight,
        "mid_code": i.mid_code,
        "material_content": i.material_content,
        "intended_use": i.intended_use,
    }


def _write_customs(c: Any) -> dict[str, Any]:
    out = dict(c.mismatched_fields)  # the page's costs: strings where objects are declared
    numbers = c.tax_numbers
    importers = numbers.importer_of_records
    out["tax_numbers"] = {
        "sender": [_copy(n.additional_properties) for n in numbers.sender],
        "receiver": [_copy(n.additional_properties) for n in numbers.receiver],
        "importer_of_records": [_copy(n.additional_properties) for n in importers],
    }
    return out


class _Floor:
    def __init__(self, models: Any) -> None:
        from sendcloud_integrations import _serde, _types

        self.m = models
        self.unset = _types.UNSET
        self.datetime = _serde._DateTime
        self.uuid = _serde.as_uuid

    def _when(self, text: str) -> Any:
        value = self.datetime.fromisoformat(text)  # Python 3.11 reads the "Z" itself
        value.source = text
        return value

    @staticmethod
    def _done(obj: Any, src: dict[str, Any], bad: dict[str, Any] | None = None) -> Any:
        obj.additional_properties = {}
        obj.mismatched_fields = bad or {}
        obj._arrived = src.keys() - bad.keys() if bad else src.keys()
        obj._lacking = ()
        return obj

    def page(self, src: dict[str, Any]) -> Any:
        obj = self.m.ShipmentsListResponse.__new__(self.m.ShipmentsListResponse)
        obj.next = src["next"]
        obj.previous = src["previous"]
        shipment = self.shipment
        obj.results = [shipment(s) for s in src["results"]]
        return self._done(obj, src)

    def status(self, src: dict[str, Any]) -> Any:
        obj = self.m.ShipmentBlobStatus.__new__(self.m.ShipmentBlobStatus)
        obj.id = src["id"]
        obj.message = src["message"]
        return self._done(obj, src)

    def shipment(self, src: dict[str, Any]) -> Any:
        m, when = self.m, self._when
        obj = m.ShipmentBlobOrder.__new__(m.ShipmentBlobOrder)
        obj.address = src["address"]
        obj.address_2 = src["address_2"]
        obj.allowed_shipping_methods = src["allowed_shipping_methods"]
        obj.barcode = src["barcode"]
        obj.city = src["city"]
        obj.company_name = src["company_name"]
        obj.country = m.CountryCode._value2member_map_[src["country"]]
        obj.created_at = when(src["created_at"])
        obj.currency = m.ShipmentBlobOrderCurrency._value2member_map_[src["currency"]]
        obj.customs_invoice_nr = src["customs_invoice_nr"]
        obj.customs_shipment_type = m.ShipmentBlobOrderCustomsShipmentType._value2member_map_[
            src["customs_shipment_type"]
        ]
        obj.email = src["email"]
        obj.external_order_id = src["external_order_id"]
        obj.external_shipment_id = src["external_shipment_id"]
        obj.house_number = src["house_number"]
        obj.integration = src["integration"]
        obj.name = src["name"]
        obj.order_number = src["order_number"]
        obj.order_status = self.status(src["order_status"])
        obj.parcel_items = [self.item(i) for i in src["parcel_items"]]
        obj.payment_status = self.status(src["payment_status"])
        obj.postal_code = src["postal_code"]
        obj.sender_address = src["sender_address"]
        obj.shipment_uuid = self.uuid(src["shipment_uuid"])
        obj.shipping_method = src["shipping_method"]
        obj.shipping_method_checkout_name = src["shipping_method_checkout_name"]
        obj.telephone = src["telephone"]
        obj.to_post_number = src["to_post_number"]
        obj.to_service_point = src["to_service_point"]
        obj.to_state = src["to_state"]
        obj.total_order_value = src["total_order_value"]
        obj.updated_at = when(src["updated_at"])
        obj.weight = src["weight"]
        obj.checkout_payload = self.checkout(src["checkout_payload"])
        obj.width = src["width"]
        obj.height = src["height"]
        obj.length = src["length"]
        obj.customs_details = self.customs(src["customs_details"])
        obj.shipment_created_at = when(src["shipment_created_at"])
        obj.shipment_updated_at = when(src["shipment_updated_at"])
        return self._done(obj, src)

    def item(self, src: dict[str, Any]) -> Any:
        obj = self.m.ParcelItems.__new__(self.m.ParcelItems)
        obj.description = src["description"]
        obj.hs_code = src["hs_code"]
        obj.origin_country = self.m.CountryCode._value2member_map_[src["origin_country"]]
        obj.product_id = src["product_id"]
        obj.properties = src["properties"]
        obj.quantity = src["quantity"]
        obj.sku = src["sku"]
        obj.value = src["value"]
        obj.weight = src["weight"]
        obj.mid_code = src["mid_code"]
        obj.material_content = src["material_content"]
        obj.intended_use = src["intended_use"]
        return self._done(obj, src)

    def checkout(self, src: dict[str, Any]) -> Any:
        obj = self.m.CheckoutPayload.__new__(self.m.CheckoutPayload)
        obj.sender_address_id = src["sender_address_id"]
        obj.shipping_product = src["shipping_product"]
        obj.delivery_method_type = src["delivery_method_type"]
        data = src["delivery_method_data"]
        dates = self.m.CheckoutPayloadDeliveryMethodData.__new__(
            self.m.CheckoutPayloadDeliveryMethodData
        )
        dates.delivery_date = self._when(data["delivery_date"])
        dates.formatted_delivery_date = data["formatted_delivery_date"]
        dates.parcel_handover_date = self._when(data["parcel_handover_date"])
        obj.delivery_method_data = self._done(dates, data)
        return self._done(obj, src)

    def customs(self, src: dict[str, Any]) -> Any:
        m, bad = self.m, {}
        obj = m.CustomsInformation.__new__(m.CustomsInformation)
        for name in ("discount_granted", "insurance_costs", "freight_costs", "other_costs"):
            value = src[name]  # the page sends a string where an object is declared
            if value.__class__ is dict:
                costs = m.CostsObject.__new__(m.CostsObject)
                costs.value, costs.currency = value["value"], value["currency"]
                setattr(obj, name, self._done(costs, value))
            else:
                bad[name] = value
                setattr(obj, name, self.unset)
        numbers = src["tax_numbers"]
        tax = m.CustomsInformationTaxNumbers.__new__(m.CustomsInformationTaxNumbers)
        tax.sender = [self.tax_number(n) for n in numbers["sender"]]
        tax.receiver = [self.tax_number(n) for n in numbers["receiver"]]
        tax.importer_of_records = [self.tax_number(n) for n in numbers["importer_of_records"]]
        obj.tax_numbers = self._done(tax, numbers)
        return self._done(obj, src, bad)

    def tax_number(self, src: dict[str, Any]) -> Any:
        obj = self.m.TaxNumber.__new__(self.m.TaxNumber)
        obj.name = obj.country_code = obj.value = self.unset
        self._done(obj, src)
        obj.additional_properties = dict(src)  # the page's items are {"tax_number": {...}}
        return obj
