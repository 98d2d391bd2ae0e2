"""All eleven operations, end to end through ``httpx.MockTransport``.

Each test checks what goes on the wire (method, path, query, JSON body, Basic auth) and
that the response is read into the model the spec declares.
"""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

import httpx
import pytest

from conftest import load_spec
from sendcloud_integrations import UNSET, Client, Page, models

SPEC = load_spec()
BASE = "https://panel.sendcloud.sc/api/v2"
AUTH = "Basic " + base64.b64encode(b"public:secret").decode()


def example(path: str, method: str, status: str, name: str | None = None) -> Any:
    response = SPEC["paths"][path][method]["responses"][status]
    examples = response["content"]["application/json"]["examples"]
    return (examples[name] if name else next(iter(examples.values())))["value"]


class Wire:
    """Answers every request with one canned response and records the requests."""

    def __init__(self, status: int = 200, body: Any = None) -> None:
        self.status, self.body = status, body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]

    def json(self) -> Any:
        return json.loads(self.request.content)


def client(wire: Wire) -> Client:
    return Client("public", "secret", http_client=httpx.Client(transport=httpx.MockTransport(wire)))


def check(
    request: httpx.Request, method: str, path: str, query: list[tuple[str, str]] | None = None
) -> None:
    assert request.method == method
    assert request.url.scheme == "https" and request.url.host == "panel.sendcloud.sc"
    assert request.url.path == "/api/v2" + path
    assert request.url.params.multi_items() == (query or [])
    assert request.headers["authorization"] == AUTH
    assert request.headers["user-agent"].startswith("sendcloud-integrations-python/")


def test_integrations_list() -> None:
    body = example("/integrations", "get", "200")
    wire = Wire(body=body)
    result = client(wire).integrations.list(ordering="shop_name")
    check(wire.request, "GET", "/integrations", [("ordering", "shop_name")])
    assert [type(i) for i in result] == [models.Integration]
    assert result[0].id == 123 and result[0].service_point_carriers == ["ups"]
    assert result[0].failing_since == datetime.datetime(
        2019, 8, 24, 14, 15, 22, tzinfo=datetime.timezone.utc
    )


def test_integrations_get() -> None:
    wire = Wire(body=example("/integrations/{id}", "get", "200"))
    integration = client(wire).integrations.get(123)
    check(wire.request, "GET", "/integrations/123")
    assert isinstance(integration, models.Integration)
    assert integration.shop_name == "Integration #1" and integration.webhook_active is True


def test_integrations_update_leaves_out_read_only_fields() -> None:
    wire = Wire(body=example("/integrations/{id}", "put", "200"))
    body = models.IntegrationUpdate(
        shop_name="ignored: read-only",
        shop_url="https://shop.example",
        service_point_enabled=True,
        service_point_carriers=["postnl", "dhl"],
        webhook_active=False,
    )
    updated = client(wire).integrations.update(7, body)
    check(wire.request, "PUT", "/integrations/7")
    assert wire.request.headers["content-type"] == "application/json"
    assert wire.json() == {
        "shop_url": "https://shop.example",
        "service_point_enabled": True,
        "service_point_carriers": ["postnl", "dhl"],
        "webhook_active": False,
    }
    assert isinstance(updated, models.IntegrationUpdate)
    assert updated.last_updated_at == datetime.datetime(
        2019, 8, 24, 14, 15, 22, tzinfo=datetime.timezone.utc
    )


def test_integrations_partial_update_sends_only_what_was_set() -> None:
    wire = Wire(body=example("/integrations/{id}", "patch", "200", "partial_update"))
    result = client(wire).integrations.partial_update(
        7, models.IntegrationUpdate(service_point_enabled=False)
    )
    check(wire.request, "PATCH", "/integrations/7")
    assert wire.json() == {"service_point_enabled": False}
    assert result.service_point_enabled is True and result.shop_name is UNSET


def test_integrations_partial_update_accepts_a_plain_mapping() -> None:
    wire = Wire(body={})
    client(wire).integrations.partial_update(7, {"webhook_url": None})
    assert wire.json() == {"webhook_url": None}


def test_integrations_delete() -> None:
    wire = Wire(status=204)
    assert client(wire).integrations.delete(9) is None
    check(wire.request, "DELETE", "/integrations/9")


def test_shipments_list_sends_arrays_as_repeated_keys_and_dates_in_iso_8601() -> None:
    page_body = example("/integrations/{id}/shipments", "get", "200")
    wire = Wire(body={**page_body, "next": None})
    page = client(wire).shipments.list(
        42,
        cursor="cj0xJnA9MzAw",
        start_date=datetime.date(2024, 1, 31),
        end_date=datetime.date(2024, 2, 29),
        external_order_ids=["555413", "555414"],
        external_shipment_ids=["777413"],
        shipping_rules=True,
        order_number="OXSDFGHTD-12",
        sender_address=12345,
    )
    check(
        wire.request,
        "GET",
        "/integrations/42/shipments",
        [
            ("cursor", "cj0xJnA9MzAw"),
            ("start_date", "2024-01-31"),
            ("end_date", "2024-02-29"),
            ("external_order_ids", "555413"),
            ("external_order_ids", "555414"),
            ("external_shipment_ids", "777413"),
            ("shipping_rules", "true"),
            ("order_number", "OXSDFGHTD-12"),
            ("sender_address", "12345"),
        ],
    )
    assert isinstance(page, Page)
    order = page.results[0]
    assert isinstance(order, models.ShipmentBlobOrder)
    assert order.country is models.CountryCode.AW
    assert order.currency is models.ShipmentBlobOrderCurrency.EUR
    assert isinstance(order.parcel_items, list) and order.parcel_items[0].quantity == 2
    assert str(order.shipment_uuid) == "6b436cb2-65a4-482c-9d25-38be7868ff00"
    assert not page.has_next_page()


def test_shipments_upsert_items_are_chosen_by_status() -> None:
    wire = Wire(body=example("/integrations/{id}/shipments", "post", "200"))
    sent = SPEC["paths"]["/integrations/{id}/shipments"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]["CreateUpdateShipments"]["value"]
    sent = [sent[0], {**sent[0], "external_order_id": "1184635", "external_shipment_id": ""}]
    orders = [models.ShipmentBlobOrderCreate.from_dict(o) for o in sent]
    results = client(wire).shipments.upsert(42, orders)
    check(wire.request, "POST", "/integrations/42/shipments")
    assert wire.json() == sent
    created, failed = results
    assert isinstance(created, models.ShipmentCreateUpdateLog)
    assert created.status is models.ShipmentCreateUpdateLogStatus.CREATED
    assert isinstance(failed, models.ShipmentErrorLog)
    assert failed.status is models.ShipmentErrorLogStatus.ERROR
    assert failed.error == {
        "checkout_payload": {"delivery_method_data": {"delivery_date": ["This field is required."]}}
    }


@pytest.mark.parametrize(
    ("body", "model"),
    [
        ({"shipment_uuid": "39874b59-2a68-4a3d-8e00-aeb9e0540d00"}, "ShipmentDeleteByUuid"),
        (
            {"external_order_id": "123457", "external_shipment_id": "S00002"},
            "ShipmentDeleteByExternalIds",
        ),
    ],
)
def test_shipments_delete(body: dict[str, str], model: str) -> None:
    wire = Wire(status=204)
    typed = getattr(models, model).from_dict(body)
    assert client(wire).shipments.delete(42, typed) is None
    check(wire.request, "POST", "/integrations/42/shipments/delete")
    assert wire.json() == body


def test_integration_logs_list_all() -> None:
    wire = Wire(body={**example("/integrations/logs", "get", "200"), "next": None})
    page = client(wire).integration_logs.list_all(cursor="abc")
    check(wire.request, "GET", "/integrations/logs", [("cursor", "abc")])
    first, second = page.results
    assert isinstance(first, models.IntegrationLog) and first.response_code == 495
    assert isinstance(first.response, models.IntegrationLogResponse)
    assert first.response.body is not None and "SSL Certificate Error" in str(first.response.body)
    assert second.response == models.IntegrationLogResponse()


def test_integration_logs_list() -> None:
    wire = Wire(body={**example("/integrations/{id}/logs", "get", "200"), "next": None})
    page = client(wire).integration_logs.list(123)
    check(wire.request, "GET", "/integrations/123/logs")
    assert [log.id for log in page] == [123, 124]


def test_integration_logs_create() -> None:
    wire = Wire(status=201, body=example("/integrations/{id}/logs", "post", "201"))
    log = models.IntegrationLog(
        base_url="https://example.com",
        integration_id=123,
        method="POST",
        response_code=495,
        exception="An SSL error occurred",
        id=999,  # read-only: not sent
    )
    created = client(wire).integration_logs.create(123, log)
    check(wire.request, "POST", "/integrations/123/logs")
    assert wire.json() == {
        "integration_id": 123,
        "base_url": "https://example.com",
        "method": "POST",
        "response_code": 495,
        "exception": "An SSL error occurred",
    }
    assert isinstance(created, models.IntegrationLog) and created.id == 123


def test_client_reads_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDCLOUD_PUBLIC_KEY", "public")
    monkeypatch.setenv("SENDCLOUD_SECRET_KEY", "secret")
    wire = Wire(status=204)
    with Client(http_client=httpx.Client(transport=httpx.MockTransport(wire))) as c:
        c.integrations.delete(1)
        assert "secret" not in repr(c) and "public" not in repr(c)
    assert wire.request.headers["authorization"] == AUTH
