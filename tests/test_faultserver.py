"""Tests for tests/faultserver.py, driven with plain httpx.

The fault server is the ground truth the resilience tests of the generated client will be
judged against, so its own behaviour (upsert semantics, pagination, faults) is pinned here
first, without any generated code involved.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from faultserver import FAULT_KINDS, FaultKind, FaultServer

AUTH = ("public-key", "secret-key")
SHIPMENTS = "/integrations/7/shipments"


def order(number: int, updated_at: str = "2024-01-01T00:00:00Z", **extra: Any) -> dict[str, Any]:
    """A minimal order; the server only looks at the ids and ``updated_at``."""
    return {
        "external_order_id": f"order-{number}",
        "external_shipment_id": f"shipment-{number}",
        "name": f"Customer {number}",
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": updated_at,
        **extra,
    }


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(slow_delay=0.3) as srv:
        yield srv


@pytest.fixture
def client(server: FaultServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, auth=AUTH, timeout=5.0) as http:
        yield http


def test_upsert_creates_updates_and_ignores_unchanged(
    server: FaultServer, client: httpx.Client
) -> None:
    created = client.post(SHIPMENTS, json=[order(1), order(2)])
    assert created.status_code == 200
    items = created.json()
    assert [(i["external_order_id"], i["status"]) for i in items] == [
        ("order-1", "created"),
        ("order-2", "created"),
    ]
    uuids = [i["shipment_uuid"] for i in items]
    assert all(uuid.UUID(u).version == 4 for u in uuids)

    # Same updated_at: reported as "updated" (the enum has nothing else) but not applied.
    unchanged = client.post(SHIPMENTS, json=[order(1, name="Changed")]).json()
    assert unchanged[0]["status"] == "updated"
    assert unchanged[0]["shipment_uuid"] == uuids[0]
    assert server.orders(7)[0]["name"] == "Customer 1"

    # New updated_at: applied, uuid kept, position in the listing kept.
    updated = client.post(SHIPMENTS, json=[order(1, "2024-02-01T00:00:00Z", name="New")]).json()
    assert updated[0] == {
        "external_order_id": "order-1",
        "external_shipment_id": "shipment-1",
        "shipment_uuid": uuids[0],
        "status": "updated",
    }
    stored = server.orders(7)
    assert [o["name"] for o in stored] == ["New", "Customer 2"]
    assert stored[0]["shipment_updated_at"] == "2024-02-01T00:00:00Z"
    assert stored[0]["integration"] == 7
    assert server.upsert_outcomes == {"created": 2, "unchanged": 1, "updated": 1}


def test_upsert_reports_invalid_items_and_rejects_oversized_batches(
    server: FaultServer, client: httpx.Client
) -> None:
    bad = {"external_shipment_id": "s", "updated_at": "2024-01-01T00:00:00Z"}
    items = client.post(SHIPMENTS, json=[order(1), bad]).json()
    assert items[0]["status"] == "created"
    assert items[1] == {
        "error": {"external_order_id": ["This field is required."]},
        "external_order_id": None,
        "external_shipment_id": "s",
        "status": "error",
    }

    too_many = client.post(SHIPMENTS, json=[order(n) for n in range(101)])
    assert too_many.status_code == 400
    error = too_many.json()["error"]
    assert error["code"] == 400
    assert error["request"] == "integrations/7/shipments"
    assert "100" in error["message"]
    assert len(server.orders(7)) == 1  # the oversized batch changed nothing


def test_pagination_yields_every_order_exactly_once() -> None:
    with (
        FaultServer(prefix="/api/v2", page_size=7) as server,
        httpx.Client(auth=AUTH, timeout=5.0) as http,
    ):
        url = server.url(SHIPMENTS)
        for start in range(0, 30, 10):
            http.post(url, json=[order(n) for n in range(start, start + 10)])

        seen: list[str] = []
        pages: list[dict[str, Any]] = []
        next_url: str | None = url
        while next_url is not None and len(pages) < 10:
            assert next_url.startswith(server.base_url + SHIPMENTS)
            page = http.get(next_url).json()
            pages.append(page)
            seen.extend(o["external_order_id"] for o in page["results"])
            next_url = page["next"]
        assert seen == [f"order-{n}" for n in range(30)]
        assert [len(p["results"]) for p in pages] == [7, 7, 7, 7, 2]
        assert pages[0]["previous"] is None

        # previous of the last page is the page before it.
        back = http.get(pages[-1]["previous"]).json()
        assert back["results"] == pages[-2]["results"]
        assert server.request_count("GET", "/api/v2" + SHIPMENTS) == 6

        bad_cursor = http.get(url, params={"cursor": "not base64!"})
        assert bad_cursor.status_code == 400


def test_delete_by_uuid_and_by_external_ids(server: FaultServer, client: httpx.Client) -> None:
    items = client.post(SHIPMENTS, json=[order(1), order(2)]).json()
    delete = SHIPMENTS + "/delete"

    assert client.post(delete, json={"shipment_uuid": items[0]["shipment_uuid"]}).status_code == 204
    by_ids = {"external_order_id": "order-2", "external_shipment_id": "shipment-2"}
    assert client.post(delete, json=by_ids).status_code == 204
    assert server.orders(7) == []

    missing = client.post(delete, json=by_ids)
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "No ShipmentBlob matches the given query."
    assert client.post(delete, json={"shipment_uuid": "nope"}).status_code == 400
    assert client.post(delete, json={"external_order_id": "x"}).status_code == 400


def test_auth_is_required(server: FaultServer) -> None:
    url = server.url(SHIPMENTS)
    for auth in (None, ("", ""), ("user", "")):
        response = httpx.get(url, auth=auth, timeout=5.0)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert httpx.get(url, auth=AUTH, timeout=5.0).status_code == 200


@pytest.mark.parametrize("kind", ["status_503", "status_429"])
def test_retryable_status_faults_are_not_applied(
    kind: FaultKind, server: FaultServer, client: httpx.Client
) -> None:
    server.force(kind, times=2)
    for _ in range(2):
        response = client.post(SHIPMENTS, json=[order(1)])
        assert response.status_code == int(kind[-3:])
        assert response.headers["Retry-After"] == "0"
        assert response.json()["error"]["code"] == int(kind[-3:])
    assert server.orders(7) == []
    assert client.post(SHIPMENTS, json=[order(1)]).json()[0]["status"] == "created"
    assert server.faults_injected == {kind: 2}
    assert server.request_count("POST", SHIPMENTS) == 3


@pytest.mark.parametrize(("kind", "applied"), [("drop_before", False), ("drop_after", True)])
def test_dropped_connections(
    kind: FaultKind, applied: bool, server: FaultServer, client: httpx.Client
) -> None:
    server.force(kind)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(SHIPMENTS, json=[order(1)])
    assert len(server.orders(7)) == (1 if applied else 0)
    # The client's pool recovers: the next request gets a fresh connection.
    expected = "updated" if applied else "created"
    assert client.post(SHIPMENTS, json=[order(1)]).json()[0]["status"] == expected


@pytest.mark.parametrize("kind", ["truncated_json", "invalid_json"])
def test_corrupt_bodies_are_200_and_applied(
    kind: FaultKind, server: FaultServer, client: httpx.Client
) -> None:
    server.force(kind)
    response = client.post(SHIPMENTS, json=[order(1)])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert len(server.orders(7)) == 1
    assert server.faults_injected == {kind: 1}


def test_slow_fault_delays_the_answer(server: FaultServer, client: httpx.Client) -> None:
    server.force("slow", times=2)
    with pytest.raises(httpx.ReadTimeout):
        client.get(SHIPMENTS, timeout=0.1)
    started = time.monotonic()
    response = client.get(SHIPMENTS)
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_random_faults_are_deterministic_per_seed() -> None:
    kinds: list[FaultKind] = ["status_503", "status_429", "invalid_json"]

    def statuses(seed: int) -> list[str]:
        with (
            FaultServer(fault_rate=0.5, fault_kinds=kinds, seed=seed) as server,
            httpx.Client(base_url=server.base_url, auth=AUTH, timeout=5.0) as http,
        ):
            seen = []
            for _ in range(40):
                response = http.get(SHIPMENTS)
                seen.append(f"{response.status_code}:{response.content[:1]!r}")
            assert sum(server.faults_injected.values()) > 0
            return seen

    first = statuses(seed=1)
    assert statuses(seed=1) == first
    assert statuses(seed=2) != first
    assert {s.split(":")[0] for s in first} == {"200", "429", "503"}


def test_disable_faults_and_close_is_prompt() -> None:
    server = FaultServer(fault_rate=1.0, fault_kinds=["status_503"])
    http = httpx.Client(base_url=server.base_url, auth=AUTH, timeout=5.0)
    try:
        server.force("drop_before", times=5)
        server.disable_faults()
        assert http.get(SHIPMENTS).status_code == 200  # keeps a keep-alive connection open
        assert server.faults_injected == {}
        started = time.monotonic()
        server.close()
        server.close()  # idempotent
        assert time.monotonic() - started < 2.0
        with pytest.raises(httpx.TransportError):
            http.get(SHIPMENTS)
    finally:
        http.close()
        server.close()


def test_every_fault_kind_is_covered() -> None:
    """A new kind must get a test above; this fails first to say so."""
    assert set(FAULT_KINDS) == {
        "status_503",
        "status_429",
        "drop_before",
        "drop_after",
        "slow",
        "truncated_json",
        "invalid_json",
    }
