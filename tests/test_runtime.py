"""The client runtime, each case run against both the sync and the async client."""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from runtime_helpers import Harness, json_response

from sendcloud_integrations import APIResponse, OAuth2ClientCredentials, errors, models

BASE = "https://panel.sendcloud.sc/api/v2"
ERROR_BODY = {
    "error": {
        "code": 404,
        "request": "api/v2/integrations/",
        "message": "No Integration matches the given query.",
    }
}
INTEGRATION = {
    "id": 1,
    "shop_name": "Shop",
    "system": "api",
    "last_updated_at": "2024-01-01T00:00:00Z",
}


@pytest.fixture(params=["sync", "async"])
def h(request: pytest.FixtureRequest) -> Iterator[Harness]:
    yield Harness(request.param)


def order(n: int) -> dict[str, Any]:
    return {"external_order_id": str(n), "external_shipment_id": f"s{n}", "name": f"order {n}"}


# -- auth ------------------------------------------------------------------------------


def test_basic_auth(h: Harness) -> None:
    client = h.client(lambda r: json_response(200, INTEGRATION), "pk", "sk")
    h.run(lambda c: c.integrations.get(1), client)
    assert h.requests[0].headers["authorization"] == "Basic " + base64.b64encode(b"pk:sk").decode()


def test_basic_auth_from_environment(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDCLOUD_PUBLIC_KEY", "env-pk")
    monkeypatch.setenv("SENDCLOUD_SECRET_KEY", "env-sk")
    client = h.client(lambda r: json_response(200, INTEGRATION))
    h.run(lambda c: c.integrations.get(1), client)
    assert (
        h.requests[0].headers["authorization"]
        == "Basic " + base64.b64encode(b"env-pk:env-sk").decode()
    )


def test_no_credentials_raise_at_construction_naming_arguments_and_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sendcloud_integrations import AsyncClient, Client

    monkeypatch.delenv("SENDCLOUD_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("SENDCLOUD_SECRET_KEY", raising=False)
    for cls in (Client, AsyncClient):
        with pytest.raises(errors.MissingCredentialsError) as info:
            cls()
        assert str(info.value) == (
            "no credentials: pass public_key and secret_key (or set SENDCLOUD_PUBLIC_KEY and "
            "SENDCLOUD_SECRET_KEY), or oauth2=OAuth2ClientCredentials(client_id, client_secret), "
            "or pass any httpx.Auth as auth="
        )
        with pytest.raises(errors.MissingCredentialsError, match="^secret_key is empty$"):
            cls("pk", "")
        with pytest.raises(errors.MissingCredentialsError, match="needs secret_key"):
            cls("pk")


def test_no_credentials_with_an_own_http_client_sends_no_auth_header(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client given its own http_client may authenticate there: the first call decides."""
    monkeypatch.delenv("SENDCLOUD_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("SENDCLOUD_SECRET_KEY", raising=False)
    client = h.client(
        lambda r: json_response(
            401, {"error": {"code": 401, "request": "x", "message": "Unauthorized"}}
        )
    )
    with pytest.raises(errors.AuthenticationError) as info:
        h.run(lambda c: c.integrations.get(1), client)
    assert "authorization" not in h.requests[0].headers
    assert info.value.status_code == 401


class TokenServer:
    """The OAuth2 token endpoint and the API behind it, in one mock handler."""

    def __init__(self, expires_in: int = 3600, reject_first_token: bool = False) -> None:
        self.expires_in = expires_in
        self.issued = 0
        self.reject_first_token = reject_first_token
        self.token_requests: list[httpx.Request] = []
        self.api_auth: list[str | None] = []  # the Authorization of each API call, as sent

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "account.sendcloud.com":
            self.token_requests.append(request)
            self.issued += 1
            return json_response(
                200,
                {
                    "access_token": f"token-{self.issued}",
                    "expires_in": self.expires_in,
                    "token_type": "Bearer",
                },
            )
        auth = request.headers.get("authorization")
        self.api_auth.append(auth)
        if self.reject_first_token and auth == "Bearer token-1":
            return json_response(
                401, {"error": {"code": 401, "request": "x", "message": "expired"}}
            )
        assert auth == f"Bearer token-{self.issued}"
        return json_response(200, INTEGRATION)


def test_oauth2_token_is_fetched_once_for_many_calls(h: Harness) -> None:
    server = TokenServer()
    oauth = OAuth2ClientCredentials("client-id", "client-secret")
    client = h.client(server, oauth2=oauth)
    for _ in range(5):
        h.run(lambda c: c.integrations.get(1), client)
    assert server.issued == 1
    token_request = server.token_requests[0]
    assert str(token_request.url) == "https://account.sendcloud.com/oauth2/token/"
    assert parse_qs(token_request.content.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["api"],
    }
    assert (
        token_request.headers["authorization"]
        == "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    )


def test_oauth2_token_is_refreshed_after_expiry(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = TokenServer(expires_in=600)
    oauth = OAuth2ClientCredentials("id", "secret")
    client = h.client(server, oauth2=oauth)
    now = [1000.0]
    monkeypatch.setattr("sendcloud_integrations._auth.time.monotonic", lambda: now[0])
    h.run(lambda c: c.integrations.get(1), client)
    now[0] += 500  # still fresh
    h.run(lambda c: c.integrations.get(1), client)
    assert server.issued == 1
    now[0] += 80  # within the 30 s refresh margin of expiry
    h.run(lambda c: c.integrations.get(1), client)
    assert server.issued == 2


def test_oauth2_token_is_refreshed_once_on_401(h: Harness) -> None:
    server = TokenServer(reject_first_token=True)
    client = h.client(server, oauth2=OAuth2ClientCredentials("id", "secret"))
    result = h.run(lambda c: c.integrations.get(1), client)
    assert isinstance(result, models.Integration)
    assert server.issued == 2
    assert server.api_auth == ["Bearer token-1", "Bearer token-2"]


def test_oauth2_a_second_401_is_an_error_not_a_loop(h: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "account.sendcloud.com":
            return json_response(200, {"access_token": "t", "expires_in": 3600})
        return json_response(401, {"error": {"code": 401, "request": "x", "message": "no"}})

    client = h.client(handler, oauth2=OAuth2ClientCredentials("id", "secret"))
    with pytest.raises(errors.AuthenticationError):
        h.run(lambda c: c.integrations.get(1), client)
    assert len([r for r in h.requests if r.url.host != "account.sendcloud.com"]) == 2


# -- retries ---------------------------------------------------------------------------


def test_retry_on_503_honours_retry_after(h: Harness) -> None:
    answers = iter(
        [json_response(503, {}, **{"Retry-After": "0"}), json_response(200, INTEGRATION)]
    )
    client = h.client(lambda r: next(answers), "pk", "sk")
    result = h.run(lambda c: c.integrations.get(1), client)
    assert isinstance(result, models.Integration)
    assert len(h.requests) == 2 and h.sleeps == [0.0]


@pytest.mark.parametrize("max_retries", [0, 1, 4])
def test_attempts_equal_the_configured_maximum(h: Harness, max_retries: int) -> None:
    client = h.client(lambda r: json_response(503, ERROR_BODY), "pk", "sk", max_retries=max_retries)
    with pytest.raises(errors.InternalServerError):
        h.run(lambda c: c.integrations.get(1), client)
    assert len(h.requests) == max_retries + 1


def test_per_call_max_retries_overrides_the_client(h: Harness) -> None:
    client = h.client(lambda r: json_response(502, {}), "pk", "sk", max_retries=5)
    with pytest.raises(errors.InternalServerError):
        h.run(lambda c: c.integrations.get(1, max_retries=1), client)
    assert len(h.requests) == 2


def test_backoff_is_exponential_with_jitter_and_capped(h: Harness) -> None:
    client = h.client(lambda r: json_response(500, {}), "pk", "sk", max_retries=6)
    with pytest.raises(errors.InternalServerError):
        h.run(lambda c: c.integrations.list(), client)
    caps = [0.5, 1, 2, 4, 8, 8]
    assert len(h.sleeps) == 6
    for slept, cap in zip(h.sleeps, caps, strict=True):
        assert 0.75 * cap <= slept <= cap


def test_retry_after_as_http_date(h: Harness) -> None:
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 3))
    answers = iter([json_response(429, {}, **{"Retry-After": when}), json_response(200, [])])
    client = h.client(lambda r: next(answers), "pk", "sk")
    h.run(lambda c: c.integrations.list(), client)
    assert len(h.sleeps) == 1 and 1.0 <= h.sleeps[0] <= 3.0


def test_retry_after_beyond_60s_falls_back_to_backoff(h: Harness) -> None:
    answers = iter([json_response(503, {}, **{"Retry-After": "3600"}), json_response(200, [])])
    client = h.client(lambda r: next(answers), "pk", "sk")
    h.run(lambda c: c.integrations.list(), client)
    assert len(h.sleeps) == 1 and h.sleeps[0] <= 0.5


def test_non_idempotent_create_is_not_retried_after_a_response(h: Harness) -> None:
    client = h.client(
        lambda r: json_response(503, {}, **{"Retry-After": "0"}), "pk", "sk", max_retries=3
    )
    with pytest.raises(errors.InternalServerError):
        h.run(lambda c: c.integration_logs.create(1, {"base_url": "https://x"}), client)
    assert len(h.requests) == 1 and h.sleeps == []


def test_non_idempotent_create_is_not_retried_after_a_read_timeout(h: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client = h.client(handler, "pk", "sk", max_retries=3)
    with pytest.raises(errors.APITimeoutError):
        h.run(lambda c: c.integration_logs.create(1, {"base_url": "https://x"}), client)
    assert len(h.requests) == 1


def test_connection_refused_is_retried_even_for_create(h: Harness) -> None:
    calls = iter([httpx.ConnectError("refused"), None])

    def handler(request: httpx.Request) -> httpx.Response:
        failure = next(calls)
        if failure is not None:
            raise failure
        return json_response(201, {"base_url": "https://x", "id": 5})

    client = h.client(handler, "pk", "sk")
    created = h.run(lambda c: c.integration_logs.create(1, {"base_url": "https://x"}), client)
    assert created.id == 5 and len(h.requests) == 2


def test_upsert_is_retried_because_the_config_marks_it_idempotent(h: Harness) -> None:
    created = [{"external_order_id": "1", "external_shipment_id": "s1", "status": "created"}]
    answers = iter([json_response(503, {}, **{"Retry-After": "0"}), json_response(200, created)])
    client = h.client(lambda r: next(answers), "pk", "sk")
    h.run(lambda c: c.shipments.upsert(1, [order(1)]), client)
    assert len(h.requests) == 2


def test_upsert_of_no_orders_sends_nothing(h: Harness) -> None:
    client = h.client(lambda r: json_response(500, {}), "pk", "sk")
    assert h.run(lambda c: c.shipments.upsert(1, []), client) == []
    assert h.requests == []


def test_timeout_raises_api_timeout_error(h: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("too slow", request=request)

    client = h.client(handler, "pk", "sk", max_retries=1)
    with pytest.raises(errors.APITimeoutError):
        h.run(lambda c: c.integrations.get(1, timeout=0.5), client)
    assert len(h.requests) == 2
    assert h.requests[0].extensions["timeout"] == {
        "connect": 0.5,
        "read": 0.5,
        "write": 0.5,
        "pool": 0.5,
    }


def test_default_timeout_is_30_seconds(h: Harness) -> None:
    client = h.client(lambda r: json_response(200, INTEGRATION), "pk", "sk")
    h.run(lambda c: c.integrations.get(1), client)
    assert h.requests[0].extensions["timeout"]["read"] == 30.0


# -- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.APIStatusError),
    ],
)
def test_each_status_raises_its_error_with_the_parsed_body(
    h: Harness, status: int, cls: type
) -> None:
    body = {
        "error": {"code": status, "request": "api/v2/integrations/1", "message": f"status {status}"}
    }
    client = h.client(lambda r: json_response(status, body), "pk", "sk", max_retries=0)
    with pytest.raises(cls) as info:
        h.run(lambda c: c.integrations.update(1, {"shop_url": "https://x"}), client)
    exc = info.value
    assert isinstance(exc, errors.APIStatusError) and type(exc) is cls
    assert exc.status_code == status and exc.response.status_code == status
    assert exc.message == f"{status}: status {status}"
    if status in (400, 404):  # declared by the spec for this operation: parsed into its model
        assert exc.body.error.code == status and exc.body.error.message == f"status {status}"
        assert exc.body.error.request == "api/v2/integrations/1"
    else:
        assert exc.body == body


def test_invalid_json_raises_response_decode_error_with_raw_text(h: Harness) -> None:
    client = h.client(lambda r: httpx.Response(200, content=b'{"id": 1, "shop_na'), "pk", "sk")
    with pytest.raises(errors.ResponseDecodeError) as info:
        h.run(lambda c: c.integrations.get(1), client)
    assert info.value.text == '{"id": 1, "shop_na'


def test_wrong_shape_raises_response_validation_error_with_the_body(h: Harness) -> None:
    client = h.client(lambda r: json_response(200, ["not", "an", "object"]), "pk", "sk")
    with pytest.raises(errors.ResponseValidationError) as info:
        h.run(lambda c: c.integrations.get(1), client)
    assert info.value.body == ["not", "an", "object"]


def test_connection_error(h: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = h.client(handler, "pk", "sk", max_retries=2)
    with pytest.raises(errors.APIConnectionError) as info:
        h.run(lambda c: c.integrations.get(1), client)
    assert len(h.requests) == 3
    assert str(info.value) == (
        "GET /api/v2/integrations/1: connection to panel.sendcloud.sc failed "
        "(ConnectError: refused)"
    )


def test_an_undeclared_error_body_explains_a_failed_chunk(h: Harness) -> None:
    body = {"customs_shipment_type": ["This field may not be null."]}
    client = h.client(lambda r: json_response(400, body, **{"X-Request-Id": "r-9"}), "pk", "sk")
    with pytest.raises(errors.BadRequestError) as info:
        h.run(lambda c: c.shipments.upsert(1, [order(n) for n in range(150)]), client)
    exc = info.value
    assert isinstance(exc, errors.BatchError) and exc.raw_body == body and exc.body == body
    assert str(exc) == (
        "items 0..99 of 150 failed: shipments.upsert: POST /api/v2/integrations/1/shipments -> "
        "400 Bad Request: customs_shipment_type: This field may not be null. (request id r-9). "
        "no item succeeded, and the rest were not sent. The server refused that chunk (400) "
        "and applied none of it."
    )


def test_with_options_gives_a_client_whose_resources_use_its_settings(h: Harness) -> None:
    client = h.client(lambda r: json_response(503, ERROR_BODY), "pk", "sk", max_retries=0)
    patient = client.with_options(max_retries=3)
    assert type(patient) is type(client) and patient.integrations._client is patient
    with pytest.raises(errors.InternalServerError):
        h.run(lambda c: c.integrations.get(1), patient)
    assert len(h.requests) == 4
    with pytest.raises(errors.InternalServerError):
        h.run(lambda c: c.integrations.get(1), client)
    assert len(h.requests) == 5


def test_a_closed_client_raises_a_clear_error(h: Harness) -> None:
    client = h.client(lambda r: json_response(200, INTEGRATION), "pk", "sk")
    h.run(lambda c: c.close(), client)
    with pytest.raises(errors.ClientClosedError, match="is closed"):
        h.run(lambda c: c.integrations.get(1), client)
    assert h.requests == []


# -- pagination ------------------------------------------------------------------------


def paged(base: str = BASE) -> Any:
    pages = {
        None: {
            "next": f"{base}/integrations/7/shipments?cursor=p2",
            "previous": None,
            "results": [order(1), order(2)],
        },
        "p2": {
            "next": f"{base}/integrations/7/shipments?cursor=p3",
            "previous": f"{base}/x",
            "results": [order(3)],
        },
        "p3": {"next": None, "previous": f"{base}/x", "results": [order(4), order(5)]},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return json_response(200, pages[request.url.params.get("cursor")])

    return handler


def test_iterating_a_page_walks_every_item_across_pages(h: Harness) -> None:
    client = h.client(paged(), "pk", "sk")
    page = h.run(lambda c: c.shipments.list(7, external_order_ids=["1"]), client)
    assert len(h.requests) == 1, "the first page only, until iteration asks for more"
    assert page.has_next_page()
    ids = [o.external_order_id for o in h.collect(page)]
    assert ids == ["1", "2", "3", "4", "5"]
    assert len(h.requests) == 3
    assert [r.url.params.get("cursor") for r in h.requests] == [None, "p2", "p3"]
    assert all(r.headers["authorization"].startswith("Basic ") for r in h.requests)


def test_iter_pages_and_next_page(h: Harness) -> None:
    client = h.client(paged(), "pk", "sk")
    page = h.run(lambda c: c.shipments.list(7), client)
    pages = h.pages(page)
    assert [len(p.results) for p in pages] == [2, 1, 2]
    assert not pages[-1].has_next_page()
    second = h.run(lambda c: page.next_page(), client)
    assert [o.external_order_id for o in second.results] == ["3"]


def test_a_next_link_to_another_host_is_refused(h: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return json_response(
            200,
            {
                "next": "https://evil.example/api/v2/integrations/7/shipments?cursor=p2",
                "results": [order(1)],
            },
        )

    client = h.client(handler, "pk", "sk")
    page = h.run(lambda c: c.shipments.list(7), client)
    with pytest.raises(errors.APIError, match="evil.example"):
        h.collect(page)
    assert [r.url.host for r in h.requests] == ["panel.sendcloud.sc"]


@pytest.mark.parametrize(
    "link", ["http://panel.sendcloud.sc/api/v2/x", "https://panel.sendcloud.sc:8443/api/v2/x"]
)
def test_a_next_link_with_another_scheme_or_port_is_refused(h: Harness, link: str) -> None:
    client = h.client(lambda r: json_response(200, {"next": link, "results": []}), "pk", "sk")
    page = h.run(lambda c: c.integration_logs.list_all(), client)
    with pytest.raises(errors.APIError, match="refusing"):
        h.run(lambda c: page.next_page(), client)
    assert len(h.requests) == 1


# -- batching --------------------------------------------------------------------------


def upsert_handler(request: httpx.Request) -> httpx.Response:
    import json

    sent = json.loads(request.content)
    return json_response(
        200,
        [
            (
                {
                    "external_order_id": o["external_order_id"],
                    "external_shipment_id": o["external_shipment_id"],
                    "status": "created",
                }
                if int(o["external_order_id"]) % 50
                else {
                    "external_order_id": o["external_order_id"],
                    "external_shipment_id": o["external_shipment_id"],
                    "status": "error",
                    "error": {"name": ["bad"]},
                }
            )
            for o in sent
        ],
    )


def test_250_orders_go_as_100_100_50_with_results_in_order(h: Harness) -> None:
    import json

    client = h.client(upsert_handler, "pk", "sk")
    results = h.run(lambda c: c.shipments.upsert(3, [order(n) for n in range(1, 251)]), client)
    assert [len(json.loads(r.content)) for r in h.requests] == [100, 100, 50]
    assert [r.external_order_id for r in results] == [str(n) for n in range(1, 251)]
    assert sum(isinstance(r, models.ShipmentErrorLog) for r in results) == 5
    assert sum(isinstance(r, models.ShipmentCreateUpdateLog) for r in results) == 245


def test_raise_on_error_lists_the_failed_orders(h: Harness) -> None:
    client = h.client(upsert_handler, "pk", "sk")
    with pytest.raises(errors.BatchError) as info:
        h.run(
            lambda c: c.shipments.upsert(3, [order(n) for n in range(1, 120)], raise_on_error=True),
            client,
        )
    assert [e.external_order_id for e in info.value.item_errors] == ["50", "100"]
    assert len(info.value.results) == 119


def test_a_failing_chunk_says_which_chunks_succeeded(h: Harness) -> None:
    import json

    def handler(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)[0]["external_order_id"] == "101":
            return json_response(
                400, {"error": {"code": 400, "request": "x", "message": "bad chunk"}}
            )
        return upsert_handler(request)

    client = h.client(handler, "pk", "sk")
    with pytest.raises(errors.BatchError) as info:
        h.run(lambda c: c.shipments.upsert(3, [order(n) for n in range(1, 251)]), client)
    exc = info.value
    assert len(exc.results) == 100 and exc.failed_chunks == [(100, 200)]
    assert isinstance(exc.__cause__, errors.BadRequestError)
    assert len(h.requests) == 2, "nothing after the failed chunk is sent"


# -- raw access, headers, logging ------------------------------------------------------


def test_with_raw_response(h: Harness) -> None:
    client = h.client(
        lambda r: json_response(200, INTEGRATION, **{"X-Request-Id": "abc"}), "pk", "sk"
    )
    raw = h.run(lambda c: c.integrations.with_raw_response.get(1), client)
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "abc"
    assert isinstance(raw.http_response, httpx.Response)
    assert isinstance(raw.parse(), models.Integration)


def test_with_raw_response_on_a_paginated_method(h: Harness) -> None:
    client = h.client(paged(), "pk", "sk")
    raw = h.run(lambda c: c.shipments.with_raw_response.list(7), client)
    assert isinstance(raw, APIResponse)
    page = raw.parse()
    assert [o.external_order_id for o in page.results] == ["1", "2"]


def test_extra_headers_and_query_and_user_agent(h: Harness) -> None:
    from sendcloud_integrations import __version__

    client = h.client(lambda r: json_response(200, []), "pk", "sk")
    h.run(
        lambda c: c.integrations.list(
            ordering="id", extra_headers={"X-Trace": "1"}, extra_query={"debug": True}
        ),
        client,
    )
    request = h.requests[0]
    assert request.headers["x-trace"] == "1"
    assert request.url.params.multi_items() == [("ordering", "id"), ("debug", "true")]
    assert request.headers["user-agent"] == f"sendcloud-integrations-python/{__version__}"


def test_debug_logging_redacts_credentials(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    client = h.client(
        lambda r: json_response(404, ERROR_BODY), "public-key", "very-secret", max_retries=0
    )
    with (
        caplog.at_level(logging.DEBUG, logger="sendcloud_integrations"),
        pytest.raises(errors.NotFoundError) as info,
    ):
        h.run(lambda c: c.integrations.get(1), client)
    text = caplog.text
    assert "GET https://panel.sendcloud.sc/api/v2/integrations/1 -> 404" in text
    assert "<redacted>" in text
    secret_b64 = base64.b64encode(b"public-key:very-secret").decode()
    for output in (text, repr(client), str(info.value), repr(info.value)):
        assert "very-secret" not in output and secret_b64 not in output


def test_oauth2_secrets_stay_out_of_repr_logs_and_errors(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "account.sendcloud.com":
            return json_response(200, {"access_token": "tok-SECRET", "expires_in": 3600})
        return json_response(403, {"error": {"code": 403, "request": "x", "message": "denied"}})

    oauth = OAuth2ClientCredentials("cid", "client-SECRET")
    client = h.client(handler, oauth2=oauth, max_retries=0)
    with (
        caplog.at_level(logging.DEBUG, logger="sendcloud_integrations"),
        pytest.raises(errors.PermissionDeniedError) as info,
    ):
        h.run(lambda c: c.integrations.get(1), client)
    for output in (caplog.text, repr(client), repr(oauth), str(info.value)):
        assert "SECRET" not in output


def test_a_garbled_body_of_an_idempotent_call_is_tried_again(h: Harness) -> None:
    answers = iter([httpx.Response(200, content=b'[{"id": 1, "shop'), json_response(200, [])])
    client = h.client(lambda r: next(answers), "pk", "sk")
    assert h.run(lambda c: c.integrations.list(), client) == []
    assert len(h.requests) == 2 and len(h.sleeps) == 1


def test_a_garbled_body_of_create_is_not_tried_again(h: Harness) -> None:
    client = h.client(lambda r: httpx.Response(201, content=b"<html>oops"), "pk", "sk")
    with pytest.raises(errors.ResponseDecodeError) as info:
        h.run(lambda c: c.integration_logs.create(1, {"base_url": "https://x"}), client)
    assert info.value.text == "<html>oops" and len(h.requests) == 1


def test_oauth2_token_is_fetched_once_across_threads() -> None:
    import threading

    from sendcloud_integrations import Client

    server = TokenServer()
    gate = threading.Barrier(8)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "account.sendcloud.com":
            time.sleep(0.05)  # a slow token endpoint: every thread arrives while it is busy
        return server(request)

    client = Client(
        oauth2=OAuth2ClientCredentials("id", "secret"),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    failures: list[BaseException] = []

    def call() -> None:
        gate.wait()
        try:
            client.integrations.get(1)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not failures
    assert server.issued == 1 and len(server.api_auth) == 8


def test_oauth2_token_is_fetched_once_across_tasks() -> None:
    import asyncio

    from sendcloud_integrations import AsyncClient

    server = TokenServer()

    async def main() -> None:
        client = AsyncClient(
            oauth2=OAuth2ClientCredentials("id", "secret"),
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)),
        )
        await asyncio.gather(*(client.integrations.get(1) for _ in range(8)))
        await client.close()

    asyncio.run(main())
    assert server.issued == 1 and len(server.api_auth) == 8


def test_a_batch_error_is_also_the_error_that_caused_it(h: Harness) -> None:
    client = h.client(lambda r: json_response(404, ERROR_BODY), "pk", "sk")
    with pytest.raises(errors.NotFoundError) as info:  # as for any other call
        h.run(lambda c: c.shipments.upsert(99, [order(1)]), client)
    exc = info.value
    assert isinstance(exc, errors.BatchError) and exc.failed_chunks == [(0, 1)]
    assert exc.status_code == 404 and exc.body.error.message == ERROR_BODY["error"]["message"]
    assert isinstance(exc.__cause__, errors.NotFoundError)
    assert "no item succeeded" in str(exc)


def test_a_reply_with_the_wrong_number_of_results_is_refused(h: Harness) -> None:
    reply = [{"external_order_id": "1", "external_shipment_id": "s1", "status": "created"}]
    client = h.client(lambda r: json_response(200, reply), "pk", "sk")
    with pytest.raises(errors.BatchError, match="1 results for 2 items") as info:
        h.run(lambda c: c.shipments.upsert(3, [order(1), order(2)]), client)
    assert info.value.results == [] and info.value.failed_chunks == [(0, 2)]


@pytest.mark.parametrize("call", ["integrations.delete", "shipments.delete"])
def test_a_404_on_a_retried_delete_means_it_is_done(h: Harness, call: str) -> None:
    answers = iter([None, json_response(404, ERROR_BODY)])

    def handler(request: httpx.Request) -> httpx.Response:
        answer = next(answers)
        if answer is None:  # the first attempt reached the server, its answer was lost
            raise httpx.ReadError("connection reset", request=request)
        return answer

    client = h.client(handler, "pk", "sk")
    if call == "integrations.delete":
        result = h.run(lambda c: c.integrations.delete(5), client)
    else:
        result = h.run(lambda c: c.shipments.delete(5, {"shipment_uuid": "x"}), client)
    assert result is None and len(h.requests) == 2


def test_a_404_on_a_first_delete_is_still_not_found(h: Harness) -> None:
    client = h.client(lambda r: json_response(404, ERROR_BODY), "pk", "sk")
    with pytest.raises(errors.NotFoundError):
        h.run(lambda c: c.integrations.delete(5), client)


def test_a_404_after_a_429_is_still_not_found(h: Harness) -> None:
    answers = iter([json_response(429, {}, **{"Retry-After": "0"}), json_response(404, ERROR_BODY)])
    client = h.client(lambda r: next(answers), "pk", "sk")
    with pytest.raises(errors.NotFoundError):  # a 429 says the first attempt did nothing
        h.run(lambda c: c.integrations.delete(5), client)


def test_date_times_with_any_fraction_read_where_fromisoformat_is_strict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Python 3.10's ``fromisoformat`` reads only 0, 3 or 6 digits of a fraction."""
    import datetime
    import re

    from sendcloud_integrations import _serde

    class Strict(_serde._DateTime):
        __slots__ = ()

        @classmethod
        def fromisoformat(cls, text: str) -> Any:
            fraction = re.search(r"\.(\d+)", text)
            if fraction and len(fraction.group(1)) not in (3, 6):
                raise ValueError(f"Invalid isoformat string: {text!r}")
            return super().fromisoformat(text)

    monkeypatch.setattr(_serde, "_DateTime", Strict)
    for text, micro in [
        ("2019-08-24T14:15:22.0Z", 0),
        ("2019-08-24T14:15:22.1234567+01:00", 123456),
    ]:
        parsed = _serde.as_datetime(text)
        assert parsed.microsecond == micro and parsed.tzinfo is not None
        assert _serde.dump(parsed) == text
    assert _serde.as_datetime("2019-08-24T14:15:22.5Z").replace(tzinfo=None) == datetime.datetime(
        2019, 8, 24, 14, 15, 22, 500000
    )
