"""The send loop as a sans-IO generator: driven by hand here, no client, no I/O.

Each test feeds ``send_flow`` the replies a server would give and checks what it asks for
next (send again, or sleep how long) and what it returns or raises.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from runtime_source._decode import GONE, NO_BODY, NOT_READ
from runtime_source._endpoint import Endpoint, Request
from runtime_source._transport import Send, Sleep, run_async, run_sync, send_flow
from runtime_source.errors import APIConnectionError, APITimeoutError, ResponseDecodeError

from .support import json_response

GET = Endpoint("things.get", "GET", "/things/{id}", parse=lambda v: v, idempotent=True)
CREATE = Endpoint("things.create", "POST", "/things", body="json", parse=lambda v: v)
DELETE = Endpoint("things.delete", "DELETE", "/things/1", response="none", idempotent=True,
                  deletes=True)  # fmt: skip


def flow_for(endpoint: Endpoint[Any], retries: int = 2, decode: bool = True) -> Any:
    request = httpx.Request(endpoint.method, "https://api.example.com/v1/x")
    req: Request[Any] = Request(endpoint, "/x", [], {})
    return send_flow(request, req, auth=None, retries=retries, decode_body=decode)


def drive(flow: Any, replies: list[Any]) -> tuple[list[Any], Any]:
    """Feed ``replies`` to each Send; return every action and what the flow returned."""
    actions: list[Any] = []
    answers: Iterator[Any] = iter(replies)

    def handle(action: Send | Sleep) -> Any:
        actions.append(action)
        return answer(action, answers)

    return actions, run_sync(flow, handle)


def answer(action: Send | Sleep, answers: Iterator[Any]) -> Any:
    """The next canned reply to a Send (a response gets its request, as httpx does)."""
    if isinstance(action, Sleep):
        return None
    reply = next(answers)
    if isinstance(reply, httpx.Response):
        reply.request = action.request
    return reply


def kinds(actions: list[Any]) -> list[str]:
    return [type(a).__name__ for a in actions]


def test_a_success_is_one_send_and_returns_the_decoded_json() -> None:
    actions, (response, data) = drive(flow_for(GET), [json_response(200, {"id": 1})])
    assert kinds(actions) == ["Send"] and data == {"id": 1} and response.status_code == 200


def test_a_503_is_retried_after_its_retry_after_and_the_response_is_discarded() -> None:
    busy = json_response(503, {}, **{"Retry-After": "2"})
    actions, (response, _) = drive(flow_for(GET), [busy, json_response(200, {})])
    assert kinds(actions) == ["Send", "Sleep", "Send"]
    assert actions[1].seconds == 2.0 and actions[1].discard is busy
    assert response.status_code == 200


def test_retries_stop_at_the_maximum_and_return_the_last_answer() -> None:
    actions, (response, data) = drive(flow_for(GET, retries=2), [json_response(500, {})] * 3)
    assert kinds(actions) == ["Send", "Sleep", "Send", "Sleep", "Send"]
    assert response.status_code == 500 and data is NO_BODY


def test_a_non_idempotent_call_is_not_retried_once_it_may_have_arrived() -> None:
    actions, (response, _) = drive(flow_for(CREATE), [json_response(503, {})])
    assert kinds(actions) == ["Send"] and response.status_code == 503
    request = httpx.Request("POST", "https://api.example.com/v1/x")
    with pytest.raises(APITimeoutError) as info:
        drive(flow_for(CREATE), [httpx.ReadTimeout("slow", request=request)])
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


def test_a_refused_connection_is_retried_even_for_a_non_idempotent_call() -> None:
    actions, (response, _) = drive(
        flow_for(CREATE), [httpx.ConnectError("refused"), json_response(201, {"id": 5})]
    )
    assert kinds(actions) == ["Send", "Sleep", "Send"] and response.status_code == 201
    assert 0.375 <= actions[1].seconds <= 0.5  # the first backoff step, with jitter


def test_a_connection_error_that_stays_is_raised_from_the_httpx_error() -> None:
    with pytest.raises(APIConnectionError) as info:
        drive(flow_for(GET, retries=1), [httpx.ConnectError("refused")] * 2)
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_a_garbled_2xx_body_of_an_idempotent_call_is_tried_again() -> None:
    garbled = httpx.Response(200, content=b'{"id": 1, "na')
    actions, (_, data) = drive(flow_for(GET), [garbled, json_response(200, {"id": 1})])
    assert kinds(actions) == ["Send", "Sleep", "Send"] and data == {"id": 1}
    with pytest.raises(ResponseDecodeError):
        drive(flow_for(CREATE), [httpx.Response(201, content=b"<html>")])


def test_raw_mode_leaves_the_body_unread() -> None:
    _, (_, data) = drive(flow_for(GET, decode=False), [httpx.Response(200, content=b"{")])
    assert data is NOT_READ


def test_a_404_after_a_delete_that_may_have_been_applied_is_done() -> None:
    request = httpx.Request("DELETE", "https://api.example.com/v1/things/1")
    lost = httpx.ReadError("reset", request=request)
    _, (_, data) = drive(flow_for(DELETE), [lost, json_response(404, {})])
    assert data is GONE
    _, (_, first) = drive(flow_for(DELETE), [json_response(404, {})])
    assert first is NO_BODY, "a 404 on the first attempt is a real 404"


def test_debug_log_redacts_secret_headers_and_query_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = httpx.Request(
        "GET",
        "https://api.example.com/v1/x?key=SECRET-Q&page=2&api_key=SECRET-STD",
        headers={"Authorization": "Basic SECRET-A", "X-Auth-Token": "SECRET-H", "X-Ok": "1"},
    )
    req: Request[Any] = Request(GET, "/x", [], {})
    flow = send_flow(request, req, auth=None, retries=0)
    with caplog.at_level(logging.DEBUG, logger="runtime_source"):
        drive(flow, [json_response(200, {})])
    assert "SECRET" not in caplog.text
    assert "key=<redacted>&page=2&api_key=<redacted>" in caplog.text
    assert "'x-ok': '1'" in caplog.text


def test_a_stop_iteration_raised_by_the_handler_is_not_taken_for_the_end() -> None:
    def handle(action: Send | Sleep) -> Any:
        raise StopIteration  # e.g. next() on an exhausted iterator of canned answers

    with pytest.raises(StopIteration):  # it propagates: not a silent "return None"
        run_sync(flow_for(GET), handle)


def test_the_async_driver_runs_the_same_flow() -> None:
    replies = iter([json_response(503, {}, **{"Retry-After": "0"}), json_response(200, [1])])
    seen: list[str] = []

    async def handle(action: Send | Sleep) -> Any:
        seen.append(type(action).__name__)
        return answer(action, replies)

    response, data = asyncio.run(run_async(flow_for(GET), handle))
    assert seen == ["Send", "Sleep", "Send"] and data == [1] and response.status_code == 200


def test_a_flow_that_yields_nothing_returns_at_once() -> None:
    def empty() -> Any:
        return "done"
        yield  # a generator that returns without yielding

    never: Callable[[Any], Any] = lambda action: pytest.fail("nothing to handle")  # noqa: E731
    assert run_sync(empty(), never) == "done"
