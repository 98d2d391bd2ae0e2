"""``to_dict`` of the shipment page with every check it makes, in one function per shipment.

:func:`write_page_inlined` makes the tests ``to_dict`` makes, value by value: an optional
field is written only when it is set (or arrived as null), a converted value only after a
class test (anything else goes through ``_serde.dump``, as in ``to_dict``), a list or map
is copied, and the values kept as received are merged back. What it leaves out is the
structure of the generated code: every nested model (the statuses, the parcel items, the
checkout payload and its delivery data, the customs information with its costs and tax
numbers) is written in the shipment's own function, with no ``to_dict(for_request=...)``
call per object, no ``_serde.dump_models`` and no ``_serde.finish``. Its time against
``to_dict``'s is what one method per model costs; its ratio to ``json.loads`` is what a
writer that keeps these checks reaches.

It knows the page's classes, and checks ``for_request`` as ``to_dict()`` does (false).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["write_page_inlined"]


def write_page_inlined(models: Any) -> Callable[[Any], dict[str, Any]]:
    """A writer of ``models.ShipmentsListResponse`` pages, as ``page.to_dict()`` writes."""
    from sendcloud_integrations import _serde
    from sendcloud_integrations._types import UNSET

    dump, plain, fr = _serde.dump, _serde._PLAIN, False
    CheckoutPayload = models.CheckoutPayload
    CheckoutPayloadDeliveryMethodData = models.CheckoutPayloadDeliveryMethodData
    CostsObject = models.CostsObject
    CountryCode = models.CountryCode
    CustomsInformation = models.CustomsInformation
    CustomsInformationTaxNumbers = models.CustomsInformationTaxNumbers
    ParcelItems = models.ParcelItems
    ShipmentBlobOrder = models.ShipmentBlobOrder
    ShipmentBlobOrderCurrency = models.ShipmentBlobOrderCurrency
    ShipmentBlobOrderCustomsShipmentType = models.ShipmentBlobOrderCustomsShipmentType
    ShipmentBlobStatus = models.ShipmentBlobStatus
    TaxNumber = models.TaxNumber

    def merge(out: dict[str, Any], obj: Any) -> None:
        for key, value in obj.mismatched_fields.items():
            if key not in out:
                out[key] = value if value.__class__ in plain else dump(value)
        for key, value in obj.additional_properties.items():
            if key not in out:
                out[key] = value if value.__class__ in plain else dump(value)

    def shipment(s: Any) -> Any:
        if s.__class__ is not ShipmentBlobOrder or s._lacking:
            return dump(s, fr)
        arrived = s._arrived
        out: dict[str, Any] = {}
        out["address"] = s.address
        out["address_2"] = s.address_2
        v = s.allowed_shipping_methods
        if (v is not None or "allowed_shipping_methods" in arrived) and not fr:
            out["allowed_shipping_methods"] = v.copy() if v.__class__ is list else dump(v, fr)
        if (s.barcode is not None or "barcode" in arrived) and not fr:
            out["barcode"] = s.barcode
        out["city"] = s.city
        out["company_name"] = s.company_name
        v = s.country
        out["country"] = v._value_ if v.__class__ is CountryCode else dump(v, fr)
        v = s.created_at
        out["created_at"] = v.source if getattr(v, "source", None) else dump(v, fr)
        v = s.currency
        out["currency"] = v._value_ if v.__class__ is ShipmentBlobOrderCurrency else dump(v, fr)
        out["customs_invoice_nr"] = s.customs_invoice_nr
        v = s.customs_shipment_type
        if v.__class__ is ShipmentBlobOrderCustomsShipmentType:
            out["customs_shipment_type"] = v._value_
        else:
            out["customs_shipment_type"] = dump(v, fr)
        out["email"] = s.email
        out["external_order_id"] = s.external_order_id
        out["external_shipment_id"] = s.external_shipment_id
        out["house_number"] = s.house_number
        if (s.integration is not None or "integration" in arrived) and not fr:
            out["integration"] = s.integration
        out["name"] = s.name
        out["order_number"] = s.order_number
        v = s.order_status
        if v.__class__ is ShipmentBlobStatus and not v._lacking:
            o = {"id": v.id, "message": v.message}
            if v.mismatched_fields or v.additional_properties:
                merge(o, v)
            out["order_status"] = o
        else:
            out["order_status"] = dump(v, fr)
        v = s.parcel_items
        if v.__class__ is list:
            items = []
            for i in v:
                if i.__class__ is not ParcelItems or i._lacking:
                    items.append(dump(i, fr))
                    continue
                o: dict[str, Any] = {}
                o["description"] = i.description
                if i.hs_code is not UNSET:
                    o["hs_code"] = i.hs_code
                v = i.origin_country
                if v is not UNSET:
                    o["origin_country"] = v._value_ if v.__class__ is CountryCode else dump(v, fr)
                if i.product_id is not UNSET:
                    o["product_id"] = i.product_id
                v = i.properties
                if v is not UNSET:
                    o["properties"] = v.copy() if v.__class__ is dict else dump(v, fr)
                o["quantity"] = i.quantity
                if i.sku is not UNSET:
                    o["sku"] = i.sku
                v = i.value
                o["value"] = v if v.__class__ is str else dump(v, fr)
                v = i.weight
                if v is not UNSET:
                    o["weight"] = v if v.__class__ is str else dump(v, fr)
                if i.mid_code is not UNSET:
                    o["mid_code"] = i.mid_code
                if i.material_content is not UNSET:
                    o["material_content"] = i.material_content
                if i.intended_use is not UNSET:
                    o["intended_use"] = i.intended_use
                if i.mismatched_fields or i.additional_properties:
                    merge(o, i)
                items.append(o)
            out["parcel_items"] = items
        else:
            out["parcel_items"] = dump(v, fr)
        v = s.payment_status
        if v.__class__ is ShipmentBlobStatus and not v._lacking:
            o = {"id": v.id, "message": v.message}
            if v.mismatched_fields or v.additional_properties:
                merge(o, v)
            out["payment_status"] = o
        else:
            out["payment_status"] = dump(v, fr)
        out["postal_code"] = s.postal_code
        if (s.sender_address is not None or "sender_address" in arrived) and not fr:
            out["sender_address"] = s.sender_address
        v = s.shipment_uuid
        if (v is not None or "shipment_uuid" in arrived) and not fr:
            out["shipment_uuid"] = v.source if getattr(v, "source", None) else dump(v, fr)
        if s.shipping_method is not None or "shipping_method" in arrived:
            out["shipping_method"] = s.shipping_method
        out["shipping_method_checkout_name"] = s.shipping_method_checkout_name
        out["telephone"] = s.telephone
        out["to_post_number"] = s.to_post_number
        out["to_service_point"] = s.to_service_point
        out["to_state"] = s.to_state
        v = s.total_order_value
        if v is not None or "total_order_value" in arrived:
            out["total_order_value"] = v if v.__class__ is str else dump(v, fr)
        v = s.updated_at
        out["updated_at"] = v.source if getattr(v, "source", None) else dump(v, fr)
        v = s.weight
        if v is not None or "weight" in arrived:
            out["weight"] = v if v.__class__ is str else dump(v, fr)
        c = s.checkout_payload
        if c is not None or "checkout_payload" in arrived:
            if c.__class__ is CheckoutPayload and not c._lacking:
                co: dict[str, Any] = {}
                co["sender_address_id"] = c.sender_address_id
                co["shipping_product"] = dump(c.shipping_product, fr)
                co["delivery_method_type"] = c.delivery_method_type
                d = c.delivery_method_data
                if d is not UNSET:
                    if d.__class__ is CheckoutPayloadDeliveryMethodData and not d._lacking:
                        v = d.delivery_date
                        data = {
                            "delivery_date": v.source if getattr(v, "source", None) else dump(v, fr)
                        }
                        data["formatted_delivery_date"] = d.formatted_delivery_date
                        v = d.parcel_handover_date
                        if getattr(v, "source", None):
                            data["parcel_handover_date"] = v.source
                        else:
                            data["parcel_handover_date"] = dump(v, fr)
                        if d.mismatched_fields or d.additional_properties:
                            merge(data, d)
                        co["delivery_method_data"] = data
                    else:
                        co["delivery_method_data"] = dump(d, fr)
                if c.mismatched_fields or c.additional_properties:
                    merge(co, c)
                out["checkout_payload"] = co
            else:
                out["checkout_payload"] = dump(c, fr)
        v = s.width
        if v is not None or "width" in arrived:
            out["width"] = v if v.__class__ is str else dump(v, fr)
        v = s.height
        if v is not None or "height" in arrived:
            out["height"] = v if v.__class__ is str else dump(v, fr)
        v = s.length
        if v is not None or "length" in arrived:
            out["length"] = v if v.__class__ is str else dump(v, fr)
        c = s.customs_details
        if c is not None or "customs_details" in arrived:
            if c.__class__ is CustomsInformation:
                cd = {}
                v = c.discount_granted
                if v is not UNSET:
                    if v.__class__ is CostsObject:
                        o = {}
                        if v.value is not UNSET:
                            o["value"] = v.value
                        if v.currency is not UNSET:
                            o["currency"] = v.currency
                        if v.mismatched_fields or v.additional_properties:
                            merge(o, v)
                        cd["discount_granted"] = o
                    else:
                        cd["discount_granted"] = dump(v, fr)
                v = c.insurance_costs
                if v is not UNSET:
                    if v.__class__ is CostsObject:
                        o = {}
                        if v.value is not UNSET:
                            o["value"] = v.value
                        if v.currency is not UNSET:
                            o["currency"] = v.currency
                        if v.mismatched_fields or v.additional_properties:
                            merge(o, v)
                        cd["insurance_costs"] = o
                    else:
                        cd["insurance_costs"] = dump(v, fr)
                v = c.freight_costs
                if v is not UNSET:
                    if v.__class__ is CostsObject:
                        o = {}
                        if v.value is not UNSET:
                            o["value"] = v.value
                        if v.currency is not UNSET:
                            o["currency"] = v.currency
                        if v.mismatched_fields or v.additional_properties:
                            merge(o, v)
                        cd["freight_costs"] = o
                    else:
                        cd["freight_costs"] = dump(v, fr)
                v = c.other_costs
                if v is not UNSET:
                    if v.__class__ is CostsObject:
                        o = {}
                        if v.value is not UNSET:
                            o["value"] = v.value
                        if v.currency is not UNSET:
                            o["currency"] = v.currency
                        if v.mismatched_fields or v.additional_properties:
                            merge(o, v)
                        cd["other_costs"] = o
                    else:
                        cd["other_costs"] = dump(v, fr)
                t = c.tax_numbers
                if t is not UNSET:
                    if t.__class__ is CustomsInformationTaxNumbers:
                        numbers = {}
                        lst = t.sender
                        if lst is not UNSET:
                            if lst.__class__ is list:
                                written = []
                                for n in lst:
                                    if n.__class__ is not TaxNumber:
                                        written.append(dump(n, fr))
                                        continue
                                    o = {}
                                    x = n.name
                                    if x is not UNSET:
                                        o["name"] = x
                                    x = n.country_code
                                    if x is not UNSET:
                                        o["country_code"] = x
                                    x = n.value
                                    if x is not UNSET:
                                        o["value"] = x
                                    if n.mismatched_fields or n.additional_properties:
                                        merge(o, n)
                                    written.append(o)
                                numbers["sender"] = written
                            else:
                                numbers["sender"] = dump(lst, fr)
                        lst = t.receiver
                        if lst is not UNSET:
                            if lst.__class__ is list:
                                written = []
                                for n in lst:
                                    if n.__class__ is not TaxNumber:
                                        written.append(dump(n, fr))
                                        continue
                                    o = {}
                                    x = n.name
                                    if x is not UNSET:
                                        o["name"] = x
                                    x = n.country_code
                                    if x is not UNSET:
                                        o["country_code"] = x
                                    x = n.value
                                    if x is not UNSET:
                                        o["value"] = x
                                    if n.mismatched_fields or n.additional_properties:
                                        merge(o, n)
                                    written.append(o)
                                numbers["receiver"] = written
                            else:
                                numbers["receiver"] = dump(lst, fr)
                        lst = t.importer_of_records
                        if lst is not UNSET:
                            if lst.__class__ is list:
                                written = []
                                for n in lst:
                                    if n.__class__ is not TaxNumber:
                                        written.append(dump(n, fr))
                                        continue
                                    o = {}
                                    x = n.name
                                    if x is not UNSET:
                                        o["name"] = x
                                    x = n.country_code
                                    if x is not UNSET:
                                        o["country_code"] = x
                                    x = n.value
                                    if x is not UNSET:
                                        o["value"] = x
                                    if n.mismatched_fields or n.additional_properties:
                                        merge(o, n)
                                    written.append(o)
                                numbers["importer_of_records"] = written
                            else:
                                numbers["importer_of_records"] = dump(lst, fr)
                        if t.mismatched_fields or t.additional_properties:
                            merge(numbers, t)
                        cd["tax_numbers"] = numbers
                    else:
                        cd["tax_numbers"] = dump(t, fr)
                if c.mismatched_fields or c.additional_properties:
                    merge(cd, c)
                out["customs_details"] = cd
            else:
                out["customs_details"] = dump(c, fr)
        if not fr:
            v = s.shipment_created_at
            out["shipment_created_at"] = v.source if getattr(v, "source", None) else dump(v, fr)
            v = s.shipment_updated_at
            out["shipment_updated_at"] = v.source if getattr(v, "source", None) else dump(v, fr)
        if s.mismatched_fields or s.additional_properties:
            merge(out, s)
        return out

    def page(p: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if p.next is not None or "next" in p._arrived:
            out["next"] = p.next
        if p.previous is not None or "previous" in p._arrived:
            out["previous"] = p.previous
        v = p.results
        if v is not None or "results" in p._arrived:
            out["results"] = [shipment(s) for s in v] if v.__class__ is list else dump(v, fr)
        if p.mismatched_fields or p.additional_properties:
            merge(out, p)
        return out

    return page
