"""Errors and logs that explain: which request, what happened, in the server's own words."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from runtime_source._endpoint import Endpoint, options
from runtime_source._explain import server_text
from runtime_source.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    NotFoundError,
)

from .support import Driver, Thing, json_response

GET = Endpoint(
    "things.get",
    "GET",
    "/things/{id}",
    path_params=("id",),
    parse=Thing.from_dict,
    errors={"404": lambda v: ("parsed", v)},
    idempotent=True,
)


@pytest.fixture(params=["sync", "async"])
def d(request: pytest.FixtureRequest) -> Iterator[Driver]:
    yield Driver(request.param)


def get(d: Driver, client: Any, timeout: float = 5.0) -> Any:
    return d.run(
        lambda c: c.request(GET.request(path=[7]), options(None, None, timeout, 0)), client
    )


def test_a_status_error_says_where_what_and_why(d: Driver) -> None:
    body = {"name": ["This field may not be null."], "country": ["Unknown code."]}
    response = json_response(400, body, **{"X-Request-Id": "req-42"})
    with pytest.raises(BadRequestError) as info:
        get(d, d.client(lambda r: response))
    error = info.value
    assert str(error) == (
        "things.get: GET /v1/things/7 -> 400 Bad Request: name: This field may not be null.; "
        "country: Unknown code. (request id req-42)"
    )
    assert error.message == "400: name: This field may not be null.; country: Unknown code."
    assert error.request_id == "req-42"
    assert error.raw_body == body and error.body == body  # not declared: the raw JSON


def test_a_declared_error_body_is_parsed_and_the_raw_one_kept(d: Driver) -> None:
    body = {"error": {"code": 404, "message": "No Thing matches the given query."}}
    with pytest.raises(NotFoundError) as info:
        get(d, d.client(lambda r: json_response(404, body)))
    error = info.value
    assert error.body == ("parsed", body) and error.raw_body == body
    assert str(error).endswith("-> 404 Not Found: No Thing matches the given query.")
    assert error.request_id is None


def test_a_text_error_body_is_kept_as_text(d: Driver) -> None:
    answer = httpx.Response(502, text="upstream\n  timed out", headers={"request-id": "r1"})
    client = d.client(lambda r: answer)
    with pytest.raises(APIStatusError) as info:
        get(d, client)
    error = info.value
    assert error.raw_body == "upstream\n  timed out" and error.body == error.raw_body
    assert str(error).endswith("502 Bad Gateway: upstream timed out (request id r1)")


def test_an_empty_error_body_is_none() -> None:
    driver = Driver("sync")
    with pytest.raises(APIStatusError) as info:
        get(driver, driver.client(lambda r: httpx.Response(500)))
    assert info.value.raw_body is None and info.value.body is None
    assert str(info.value) == "things.get: GET /v1/things/7 -> 500 Internal Server Error"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"detail": "Not found."}, "Not found."),
        ({"error": "invalid_client", "error_description": "Bad secret"}, "Bad secret"),
        ({"title": "Invalid request", "status": 422}, "Invalid request"),
        ({"errors": [{"message": "a"}, {"message": "b"}]}, "a; b"),
        ({"errors": ["x", "y"]}, "x; y"),
        ({"error": "invalid_grant"}, "invalid_grant"),
        ({"code": 7}, None),
        ("x" * 400, "x" * 299 + "…"),
    ],
)
def test_the_servers_text_is_found_where_apis_put_it(body: Any, text: str | None) -> None:
    assert server_text(body) == text


def test_a_refused_connection_names_the_host_and_the_cause(d: Driver) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with pytest.raises(APIConnectionError) as info:
        get(d, d.client(refuse))
    assert str(info.value) == (
        "GET /v1/things/7: connection to api.example.com failed "
        "(ConnectError: [Errno 111] Connection refused)"
    )


def test_a_timeout_names_the_host_and_the_limit(d: Driver) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(APITimeoutError) as info:
        get(d, d.client(slow), timeout=2.5)
    assert (
        str(info.value)
        == "GET /v1/things/7 to api.example.com timed out after 2.5 s (read timeout)"
    )


def test_each_retry_logs_one_info_line_with_attempt_delay_and_reason(
    d: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    answers = iter(
        [json_response(503, {}, **{"Retry-After": "1.5"}), json_response(200, {"id": 1})]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers)

    client = d.client(handler)
    with caplog.at_level(logging.INFO, logger="runtime_source"):
        d.run(lambda c: c.request(GET.request(path=[7]), options(None, None, 5.0, 2)), client)
    lines = [r.getMessage() for r in caplog.records if r.name == "runtime_source"]
    assert lines == [
        "things.get: GET /v1/things/7 attempt 1 of 3 failed (503 Service Unavailable); "
        "retrying in 1.5 s"
    ]


def test_a_retried_connection_error_logs_its_cause(
    d: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    calls = iter([httpx.ConnectError("refused"), None])

    def handler(request: httpx.Request) -> httpx.Response:
        failure = next(calls)
        if failure is not None:
            raise failure
        return json_response(200, {"id": 1})

    client = d.client(handler)
    with caplog.at_level(logging.INFO, logger="runtime_source"):
        d.run(lambda c: c.request(GET.request(path=[7]), options(None, None, 5.0, 2)), client)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "runtime_source"]
    assert "attempt 1 of 3 failed (ConnectError: refused); retrying in" in line
