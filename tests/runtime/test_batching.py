"""Batching as a generic, per-endpoint feature: chunks, results in order, partial failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from runtime_source._batching import batch_flow, raise_item_errors
from runtime_source._endpoint import Endpoint, Request, options
from runtime_source._transport import run_sync
from runtime_source.errors import APIError, BatchError, NotFoundError

from .support import Driver, json_response

UPSERT = Endpoint("things.upsert", "POST", "/things", body="json", parse=lambda v: v, batch_size=3)


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
    assert "items 3..5 of 7 failed (boom)" in str(error)
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


def test_item_errors_are_raised_only_when_there_are_some() -> None:
    class Failed:
        pass

    raise_item_errors([1, 2], Failed)
    raise_item_errors(object(), Failed)  # a raw response: nothing to check
    bad = Failed()
    with pytest.raises(BatchError, match="1 of 2 items failed") as info:
        raise_item_errors([1, bad], Failed)
    assert info.value.item_errors == [bad]
