"""Batching as a generic, per-endpoint feature: chunks, results in order, partial failures."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from runtime_source._batching import batch_flow, raise_item_errors
from runtime_source._endpoint import Endpoint, Request, options
from runtime_source._transport import run_sync
from runtime_source.errors import APIError, BatchError, NotFoundError

from .support import Driver, json_response

UPSERT = Endpoint(
    "things.upsert",
    "POST",
    "/things",
    body="json",
    parse=lambda v: v,
    batch_size=3,
    idempotent=True,
)


OPTS = options(None, None, 5.0, 0)


def make(chunk: list[Any]) -> Request[Any]:
    return UPSERT.request(body=chunk)


@pytest.fixture(params=["sync", "async"])
def d(request: pytest.FixtureRequest) -> Iterator[Driver]:
    yield Driver(request.param)


def echo(request: httpx.Request) -> httpx.Response:
    return json_response(200, [{"n": n} for n in json.loads(request.content)])


def test_the_flow_yields_one_request_per_chunk_and_returns_results_in_order() -> None:
    sent: list[list[Any]] = []

    def call(req: Request[Any]) -> list[Any]:
        sent.append(req.body)
        return [n * 10 for n in req.body]

    assert run_sync(batch_flow(make, list(range(7))), call) == [n * 10 for n in range(7)]
    assert sent == [[0, 1, 2], [3, 4, 5], [6]]


def test_a_failed_chunk_stops_the_batch_and_says_what_was_done() -> None:
    def call(req: Request[Any]) -> list[Any] | APIError:
        return APIError("boom") if req.body[0] == 3 else list(req.body)

    with pytest.raises(BatchError) as info:
        run_sync(batch_flow(make, list(range(7))), call)
    error = info.value
    assert error.results == [0, 1, 2] and error.failed_chunks == [(3, 6)]
    assert str(error).startswith("items 3..5 of 7 failed: boom. items 0..2 succeeded")
    assert isinstance(error.__cause__, APIError)


def test_a_reply_with_the_wrong_number_of_results_is_a_failed_chunk() -> None:
    with pytest.raises(BatchError, match="2 results for 3 items") as info:
        run_sync(batch_flow(make, [1, 2, 3]), lambda req: [1, 2])
    assert info.value.results == [] and info.value.failed_chunks == [(0, 3)]


def test_batches_are_sent_by_both_clients(d: Driver) -> None:
    client = d.client(echo)
    opts = options(None, None, 5.0, 0)
    results = d.run(lambda c: c.request_batched(make, list(range(5)), opts), client)
    assert results == [{"n": n} for n in range(5)]
    assert [json.loads(r.content) for r in d.requests] == [[0, 1, 2], [3, 4]]


def test_a_batch_error_is_also_the_status_error_that_caused_it(d: Driver) -> None:
    client = d.client(lambda r: json_response(404, {"detail": "no such list"}))
    with pytest.raises(NotFoundError) as info:
        d.run(lambda c: c.request_batched(make, [1], options(None, None, 5.0, 0)), client)
    assert isinstance(info.value, BatchError) and info.value.status_code == 404


def test_no_items_means_no_request_and_no_results(d: Driver) -> None:
    client = d.client(echo)
    assert d.run(lambda c: c.request_batched(make, [], options(None, None, 5.0, 0)), client) == []
    assert d.requests == []


def failing(status: int, **headers: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)[0] >= 3:
            return json_response(status, {"detail": f"chunk refused ({status})"}, **headers)
        return echo(request)

    return handler


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_a_refused_chunk_says_why_and_advises_no_resend(d: Driver, status: int) -> None:
    client = d.client(failing(status))
    with pytest.raises(BatchError) as info:
        d.run(lambda c: c.request_batched(make, list(range(7)), OPTS), client)
    text = str(info.value)
    assert f"items 3..5 of 7 failed: things.upsert: POST /v1/things -> {status}" in text
    assert f"chunk refused ({status})" in text and "resend" not in text
    assert "applied none of it" in text


@pytest.mark.parametrize(
    ("status", "advice"),
    [
        (429, "resend items[3:] after a pause"),
        (503, "may or may not have been applied: resend items[3:] to finish"),
    ],
)
def test_a_chunk_that_may_succeed_later_advises_a_resend(
    d: Driver, status: int, advice: str
) -> None:
    client = d.client(failing(status, **{"Retry-After": "0"}), max_retries=0)
    with pytest.raises(BatchError) as info:
        d.run(lambda c: c.request_batched(make, list(range(7)), OPTS), client)
    assert advice in str(info.value)


def test_a_lost_connection_advises_a_resend_only_when_the_operation_is_idempotent(
    d: Driver,
) -> None:
    def drop(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset", request=request)

    once = Endpoint("things.add", "POST", "/things", body="json", parse=lambda v: v, batch_size=3)
    again = Endpoint("things.put", "PUT", "/things", body="json", parse=lambda v: v,
                     batch_size=3, idempotent=True)  # fmt: skip
    client = d.client(drop, max_retries=0)
    advice = {}
    for endpoint in (once, again):
        with pytest.raises(BatchError) as info:
            d.run(
                lambda c, e=endpoint: c.request_batched(lambda ch: e.request(body=ch), [1], OPTS),
                client,
            )
        advice[endpoint.name] = str(info.value)
    assert "check items[0:1] before sending them again" in advice["things.add"]
    assert "resend items[0:] to finish" in advice["things.put"]
    assert (
        "connection to api.example.com failed (ReadError: connection reset)" in advice["things.put"]
    )


@dataclass
class Failed:
    external_id: str
    error: dict[str, Any]

    def to_dict(self, *, for_request: bool = False) -> dict[str, Any]:
        return {"external_id": self.external_id, "error": self.error}


def test_item_errors_name_the_items_and_the_servers_reasons() -> None:
    raise_item_errors([1, 2], Failed)
    raise_item_errors(object(), Failed)  # a raw response: nothing to check
    results: list[Any] = [1, Failed("a", {"name": ["This field is required."]}), 3]
    results += [Failed(str(n), {"message": f"bad {n}"}) for n in range(6)]
    with pytest.raises(BatchError) as info:
        raise_item_errors(results, Failed)
    error = info.value
    assert error.failed_items == [1, 3, 4, 5, 6, 7, 8]
    assert error.item_errors == [results[i] for i in error.failed_items]
    assert str(error) == (
        "7 of 9 items failed (items[1]: name: This field is required.; items[3]: bad 0; "
        "items[4]: bad 1; items[5]: bad 2; items[6]: bad 3; and 2 more); the others succeeded"
    )
