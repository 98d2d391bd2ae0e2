"""Fault tolerance: the generated client against tests/faultserver.py.

Prism is stateless, so it cannot show what matters most for an upsert-heavy integration:
that under a flaky network every order ends up stored exactly once, that the caller gets a
result for each order in input order, and that a batch which finally gives up says exactly
which part was done, so resending the rest finishes the job. The FaultServer stores orders
and injects faults (503/429 with ``Retry-After: 0``, connections dropped before or after
the write is applied, answers slower than the client's timeout, truncated or non-JSON 200
bodies), deterministically for a seed.

Retry sleeps are real (0.5 s, 1 s, ... with jitter; 0 s where ``Retry-After: 0`` says so):
the client under test is used as shipped, nothing private is patched.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import httpx
import pytest
from faultserver import FAULT_KINDS, INVALID_JSON_BODY, FaultKind, FaultServer

from sendcloud_integrations import AsyncClient, Client, errors, models

from .support import audit, make_integration_log, make_order

INTEGRATION_ID = 7
SHIPMENTS = f"/integrations/{INTEGRATION_ID}/shipments"
#: Shorter than SLOW_DELAY, so a "slow" fault is a client timeout; long enough that a
#: normal localhost answer (a 100-order upsert takes a few ms) never is.
CLIENT_TIMEOUT = 0.5
SLOW_DELAY = 1.0
#: Seeds of the random-fault runs. Requests go one at a time, so the n-th request always
#: gets the same fault; these were picked because their runs draw every kind of fault
#: (the sync run 12 during the upsert and 9 during the listing, the async one 3 and 4).
SEED = 20240530
ASYNC_SEED = 52
#: Faults whose request changed the server's state although the client saw a failure
#: (the "applied?" column of the table in faultserver.py).
APPLIED: frozenset[FaultKind] = frozenset({"drop_after", "slow", "truncated_json", "invalid_json"})

OrderKey = tuple[str, str | None]


def keys(orders: Sequence[models.ShipmentBlobOrderCreate]) -> list[OrderKey]:
    return [(o.external_order_id, o.external_shipment_id) for o in orders]


def stored_keys(server: FaultServer) -> list[OrderKey]:
    """What the server holds, in insertion order (its store is keyed: no duplicates)."""
    return [
        (o["external_order_id"], o["external_shipment_id"]) for o in server.orders(INTEGRATION_ID)
    ]


def assert_results_match(
    results: Sequence[Any], orders: Sequence[models.ShipmentBlobOrderCreate], server: FaultServer
) -> None:
    """One success per order, in input order, each naming the shipment the server holds."""
    assert [(r.external_order_id, r.external_shipment_id) for r in results] == keys(orders)
    assert all(isinstance(r, models.ShipmentCreateUpdateLog) for r in results)
    uuids = {
        (o["external_order_id"], o["external_shipment_id"]): o["shipment_uuid"]
        for o in server.orders(INTEGRATION_ID)
    }
    for result in results:
        key = (result.external_order_id, result.external_shipment_id)
        assert str(result.shipment_uuid) == uuids[key], key


def statuses(results: Sequence[Any]) -> set[str]:
    return {r.status.value for r in results if isinstance(r, models.ShipmentCreateUpdateLog)}


def assert_listing_matches(
    listed: Sequence[models.ShipmentBlobOrder], orders: Sequence[models.ShipmentBlobOrderCreate]
) -> None:
    """The walk over all pages returns every order once, as it was sent, plus server fields."""
    assert [(o.external_order_id, o.external_shipment_id) for o in listed] == keys(orders)
    for got, sent in zip(listed, orders, strict=True):
        assert audit(got).clean
        read_back = got.to_dict()
        for server_field in (
            "shipment_uuid",
            "integration",
            "shipment_created_at",
            "shipment_updated_at",
        ):
            read_back.pop(server_field)
        assert read_back == sent.to_dict(for_request=True)


@contextlib.contextmanager
def fault_client(
    server: FaultServer,
    *,
    max_retries: int,
    on_request: Callable[[httpx.Request], None] | None = None,
) -> Iterator[Client]:
    """A client on ``server`` with the short timeout; ``on_request`` is an httpx hook."""
    hooks = {"request": [on_request]} if on_request is not None else {}
    with (
        httpx.Client(event_hooks=hooks) as http,
        Client(
            "public-key",
            "secret-key",
            base_url=server.base_url,
            timeout=CLIENT_TIMEOUT,
            max_retries=max_retries,
            http_client=http,
        ) as client,
    ):
        yield client


@contextlib.asynccontextmanager
async def async_fault_client(
    server: FaultServer, *, max_retries: int
) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(
        "public-key",
        "secret-key",
        base_url=server.base_url,
        timeout=CLIENT_TIMEOUT,
        max_retries=max_retries,
    ) as client:
        yield client


def fault_on_request(
    server: FaultServer, number: int, kind: FaultKind, times: int
) -> Callable[[httpx.Request], None]:
    """An httpx request hook that queues ``times`` faults just before request ``number``.

    ``FaultServer.force`` hits the very next requests; forcing from here lets the earlier
    ones (the chunks that must succeed) through untouched.
    """
    sent = itertools.count(1)

    def hook(request: httpx.Request) -> None:
        if next(sent) == number:
            server.force(kind, times)

    return hook


def faults_between(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Faults injected between two readings of ``FaultServer.faults_injected``."""
    return dict(Counter(after) - Counter(before))


# -- acceptance ------------------------------------------------------------------------


def test_2000_orders_through_random_faults_are_stored_exactly_once() -> None:
    """The acceptance run: 2,000 orders, 20 % of all requests faulted, every kind possible.

    The listing afterwards runs with the faults still on, on purpose: every page request
    is an idempotent GET and the cursors are positions, so a retried page can neither skip
    nor repeat an order; turning faults off would leave the retry path of ``next`` links
    untested.
    """
    orders = [make_order(n) for n in range(2_000)]
    with (
        FaultServer(fault_rate=0.2, seed=SEED, slow_delay=SLOW_DELAY) as server,
        fault_client(server, max_retries=8) as client,
    ):
        results = client.shipments.upsert(INTEGRATION_ID, orders)
        upsert_faults = server.faults_injected
        posts = server.request_count("POST", SHIPMENTS)
        stored = stored_keys(server)
        outcomes = server.upsert_outcomes

        listed = list(client.shipments.list(INTEGRATION_ID))
        list_faults = faults_between(upsert_faults, server.faults_injected)
        gets = server.request_count("GET", SHIPMENTS)

        assert_results_match(results, orders, server)

    # Every order stored once: exactly the input's keys, each created exactly one time;
    # a chunk re-sent after a fault that had been applied is "unchanged", never a copy.
    assert stored == keys(orders)
    assert outcomes.get("created") == 2_000 and outcomes.get("updated", 0) == 0, outcomes
    assert outcomes.get("unchanged", 0) % 100 == 0, outcomes  # whole chunks re-applied

    # Faults really happened, on both paths, and each cost (at least) one more request.
    # With SEED every kind occurs; the bounds are looser so that a machine slow enough to
    # turn a normal answer into a timeout (which shifts the fault sequence) is no failure.
    faults = {"upsert": upsert_faults, "list": list_faults}
    assert sum(upsert_faults.values()) >= 3 and sum(list_faults.values()) >= 3, faults
    assert len(upsert_faults.keys() | list_faults.keys()) >= 4, faults
    assert posts >= 20 + sum(upsert_faults.values()), (posts, upsert_faults)
    assert gets >= 20 + sum(list_faults.values()), (gets, list_faults)

    assert_listing_matches(listed, orders)


def test_async_client_through_random_faults_stores_every_order_once() -> None:
    """The same guarantees through AsyncClient, whose retry loop is separate code."""
    orders = [make_order(n) for n in range(500)]

    async def main(server: FaultServer) -> tuple[list[Any], list[models.ShipmentBlobOrder]]:
        async with async_fault_client(server, max_retries=8) as client:
            results = await client.shipments.upsert(INTEGRATION_ID, orders)
            page = await client.shipments.list(INTEGRATION_ID)
            return results, [order async for order in page]

    with FaultServer(fault_rate=0.2, seed=ASYNC_SEED, slow_delay=SLOW_DELAY) as server:
        results, listed = asyncio.run(main(server))
        assert sum(server.faults_injected.values()) >= 3, server.faults_injected
        assert_results_match(results, orders, server)
        assert stored_keys(server) == keys(orders)
        assert server.upsert_outcomes.get("created") == 500
        assert server.upsert_outcomes.get("updated", 0) == 0
    assert_listing_matches(listed, orders)


# -- one fault of each kind ------------------------------------------------------------


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_a_single_fault_of_each_kind_is_retried_away(kind: FaultKind) -> None:
    """Each kind alone, deterministically: the faulted request is sent again, once.

    Where the fault hid a write that had been applied, the retried chunk comes back as
    ``updated`` (the server already had those orders) but nothing is stored twice.
    """
    orders = [make_order(n) for n in range(150)]
    with (
        FaultServer(slow_delay=SLOW_DELAY) as server,
        fault_client(server, max_retries=2) as client,
    ):
        server.force(kind)
        results = client.shipments.upsert(INTEGRATION_ID, orders)
        assert server.request_count("POST", SHIPMENTS) == 3  # chunk 1 twice, chunk 2 once

        server.force(kind)
        listed = list(client.shipments.list(INTEGRATION_ID))
        assert server.request_count("GET", SHIPMENTS) == 3  # page 1 twice, page 2 once

        assert server.faults_injected == {kind: 2}
        assert_results_match(results, orders, server)
        assert stored_keys(server) == keys(orders)
        outcomes = server.upsert_outcomes

    applied = kind in APPLIED
    assert outcomes == ({"created": 150, "unchanged": 100} if applied else {"created": 150})
    first_status = "updated" if applied else "created"
    assert statuses(results[:100]) == {first_status}
    assert statuses(results[100:]) == {"created"}
    assert_listing_matches(listed, orders)


# -- giving up -------------------------------------------------------------------------

EXHAUSTION = [
    pytest.param("status_503", errors.InternalServerError, id="status_503"),
    pytest.param("status_429", errors.RateLimitError, id="status_429"),
    pytest.param("drop_before", errors.APIConnectionError, id="drop_before"),
    pytest.param("drop_after", errors.APIConnectionError, id="drop_after"),
    pytest.param("slow", errors.APITimeoutError, id="slow"),
    pytest.param("truncated_json", errors.ResponseDecodeError, id="truncated_json"),
    pytest.param("invalid_json", errors.ResponseDecodeError, id="invalid_json"),
]


@pytest.mark.parametrize(("kind", "error_type"), EXHAUSTION)
def test_exhausted_retries_stop_the_batch_and_say_what_was_done(
    kind: FaultKind, error_type: type[errors.APIError]
) -> None:
    """250 orders; chunk 2 of 3 fails on every attempt. Nothing is half-applied silently.

    The BatchError carries the typed error of the last attempt, the results of chunk 1,
    and the input range that failed; chunk 3 is never sent. Whether the failed chunk was
    applied depends on the fault (the error says it may have been): the server store
    shows which, and resending ``orders[start:]`` finishes the job either way, with
    every order stored once.
    """
    retries = 2
    orders = [make_order(n) for n in range(250)]
    with FaultServer(slow_delay=SLOW_DELAY) as server:
        # Request 1 is chunk 1; requests 2, 3 and 4 are the attempts at chunk 2.
        hook = fault_on_request(server, 2, kind, retries + 1)
        with fault_client(server, max_retries=retries, on_request=hook) as client:
            with pytest.raises(errors.BatchError) as raised:
                client.shipments.upsert(INTEGRATION_ID, orders)
            batch = raised.value
            assert server.request_count("POST", SHIPMENTS) == 1 + retries + 1
            assert server.faults_injected == {kind: retries + 1}

            assert type(batch.__cause__) is error_type, repr(batch.__cause__)
            assert batch.failed_chunks == [(100, 200)]
            assert "resend items[100:]" in str(batch)
            assert_results_match(batch.results, orders[:100], server)
            applied_until = 200 if kind in APPLIED else 100
            assert stored_keys(server) == keys(orders[:applied_until])

            start = batch.failed_chunks[0][0]
            rest = client.shipments.upsert(INTEGRATION_ID, orders[start:])

        assert_results_match(batch.results + rest, orders, server)
        assert stored_keys(server) == keys(orders)
        assert server.upsert_outcomes.get("created") == 250
        assert server.upsert_outcomes.get("updated", 0) == 0

    cause = batch.__cause__
    if isinstance(cause, errors.APIStatusError):
        assert cause.status_code == (503 if kind == "status_503" else 429)
        assert cause.body["error"]["code"] == cause.status_code  # not declared: raw JSON
    if isinstance(cause, errors.ResponseDecodeError):
        assert cause.status_code == 200
        if kind == "invalid_json":
            assert cause.text == INVALID_JSON_BODY.decode()
        else:  # the first half of the real answer
            assert cause.text.startswith('[{"external_order_id": "ORD-000100"')


# -- bodies that are not JSON ----------------------------------------------------------


def test_invalid_json_on_a_non_idempotent_call_raises_with_the_raw_text() -> None:
    """integration_logs.create is never retried once sent, so the garbled 200 surfaces.

    The FaultServer does not implement the logs endpoint; it does not need to: the fault
    replaces whatever it would have answered.
    """
    with FaultServer() as server, fault_client(server, max_retries=8) as client:
        server.force("invalid_json")
        with pytest.raises(errors.ResponseDecodeError) as raised:
            client.integration_logs.create(INTEGRATION_ID, make_integration_log(INTEGRATION_ID))
        assert server.request_count("POST", f"/integrations/{INTEGRATION_ID}/logs") == 1
    assert raised.value.status_code == 200
    assert raised.value.text == INVALID_JSON_BODY.decode()
    assert "integration_logs.create: response is not valid JSON" in str(raised.value)


def test_invalid_json_without_retries_raises_with_the_raw_text() -> None:
    with FaultServer() as server, fault_client(server, max_retries=0) as client:
        server.force("invalid_json")
        with pytest.raises(errors.ResponseDecodeError) as raised:
            client.shipments.list(INTEGRATION_ID)
        assert server.request_count("GET", SHIPMENTS) == 1
    assert raised.value.text == INVALID_JSON_BODY.decode()
