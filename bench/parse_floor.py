"""The floor under ``from_dict`` of the shipment page: the same objects, read with no tolerance.

:func:`read_page` builds exactly what ``ShipmentsListResponse.from_dict`` builds from the
bench's page (the generated classes, each attribute set, dates and UUIDs that remember their
text, enum members, the bookkeeping ``to_dict`` reads), but it checks nothing: it trusts
every key to be there and every value to have its declared type, and knows which keys the
page carries. The only test it makes is the one the page needs (the customs costs are
strings where objects are declared). No reader of untrusted data can do less in pure Python
with these classes, so its ratio to ``json.loads`` is the limit for ours.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_page"]


def read_page(data: dict[str, Any], models: Any) -> Any:
    """``data`` (the decoded page) as ``models.ShipmentsListResponse``, trusting it blindly."""
    return _Floor(models).page(data)


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
