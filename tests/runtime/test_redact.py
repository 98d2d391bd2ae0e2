"""Credentials stay out of logs (ours and httpx's), reprs and exceptions.

The shim's ``_constants`` declares ``X-Auth-Token`` (header) and ``key`` (query) as the
spec's secret names, as a generated client's would.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
from runtime_source._endpoint import Endpoint, options
from runtime_source._redact import (
    REDACTED,
    install_httpx_log_filter,
    redact_headers,
    redact_request,
    redact_url,
)
from runtime_source._response import APIResponse
from runtime_source._security import APIKey, Credential, Security
from runtime_source.errors import APIConnectionError, APIStatusError

from .support import Driver, json_response

QUERY_KEY = APIKey("queryKey", Credential("key"), location="query", name="key")
HEADER_KEY = APIKey("headerKey", Credential("token"), location="header", name="X-Auth-Token")
SECRET = "s3cr3t-VALUE"
GET = Endpoint("things.get", "GET", "/things", parse=lambda v: v, idempotent=True)


@pytest.fixture(params=["sync", "async"])
def d(request: pytest.FixtureRequest) -> Iterator[Driver]:
    yield Driver(request.param)


def test_secret_query_values_are_replaced_and_the_rest_kept_as_sent() -> None:
    url = "https://u:pw@api.example.com/v1/x?a=1&key=abc&API_KEY=z&b=%20x#frag"
    assert redact_url(url) == (
        f"https://u:{REDACTED}@api.example.com/v1/x?a=1&key={REDACTED}&API_KEY={REDACTED}"
        "&b=%20x#frag"
    )
    assert redact_url("https://api.example.com/v1/x") == "https://api.example.com/v1/x"


def test_secret_headers_are_replaced_whatever_their_case() -> None:
    headers = {"Authorization": "Basic x", "x-auth-token": "t", "Set-Cookie": "s", "X-Ok": "1"}
    assert redact_headers(headers) == {
        "Authorization": REDACTED,
        "x-auth-token": REDACTED,
        "Set-Cookie": REDACTED,
        "X-Ok": "1",
    }


def test_a_redacted_request_keeps_method_url_shape_and_harmless_headers() -> None:
    request = httpx.Request(
        "POST", f"https://api.example.com/v1/x?key={SECRET}", headers={"X-Auth-Token": SECRET}
    )
    safe = redact_request(request)
    assert safe.method == "POST" and SECRET not in repr(safe) and SECRET not in str(safe.url)
    assert safe.headers["x-auth-token"] == REDACTED


def test_httpx_own_info_line_shows_no_secret_query_value(
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_httpx_log_filter()
    transport = httpx.MockTransport(lambda r: httpx.Response(200))
    with caplog.at_level(logging.INFO, logger="httpx"), httpx.Client(transport=transport) as c:
        c.get(f"https://api.example.com/v1/x?key={SECRET}&page=2")
    assert "HTTP Request: GET" in caplog.text
    assert SECRET not in caplog.text and f"key={REDACTED}&page=2" in caplog.text


def test_an_api_key_in_the_query_is_in_no_log_error_or_repr(
    d: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    both = Security((QUERY_KEY, HEADER_KEY), default=("headerKey+queryKey",))
    creds = both.configure({"key": SECRET, "token": SECRET}, None)
    client = d.client(lambda r: json_response(404, {"detail": "nope"}), credentials=creds)
    opts = options(None, None, 5.0, 0)
    with (
        caplog.at_level(logging.DEBUG),
        pytest.raises(APIStatusError) as info,
    ):
        d.run(lambda c: c.request(GET.request(), opts), client)
    sent = d.requests[0]
    assert sent.url.params["key"] == SECRET and sent.headers["x-auth-token"] == SECRET
    error = info.value
    assert error.request is not None
    for text in (caplog.text, str(error), repr(error), repr(error.request), str(error.request.url)):
        assert SECRET not in text
    assert "things?key=<redacted>" in caplog.text  # the DEBUG line, and httpx's INFO line
    assert SECRET not in repr(client)
    assert SECRET not in repr(APIResponse(error.response, lambda r: None))


def test_a_connection_error_carries_a_redacted_request(d: Driver) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    creds = Security((QUERY_KEY,), None).configure({"key": SECRET}, None)
    client = d.client(refuse, credentials=creds, max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        d.run(lambda c: c.request(GET.request(), options(None, None, 5.0, 0)), client)
    assert info.value.request is not None and SECRET not in repr(info.value.request)
    assert SECRET not in str(info.value)
