"""Security schemes as objects: which credentials a client has, and what each request sends."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from runtime_source._auth import APIKeyAuth, OAuth2ClientCredentials
from runtime_source._endpoint import Endpoint, options
from runtime_source._security import (
    NO_AUTH,
    APIKey,
    Credential,
    HTTPBasic,
    HTTPBearer,
    OAuth2ClientCredentialsFlow,
    Security,
)
from runtime_source.errors import AuthenticationError, MissingCredentialsError

from .support import Driver, json_response

BASIC = HTTPBasic(
    "basicAuth",
    username=Credential("username", "T_USERNAME"),
    password=Credential("password", "T_PASSWORD"),
)
BEARER = HTTPBearer("bearerAuth", token=Credential("bearer_token", "T_BEARER_TOKEN"))
HEADER_KEY = APIKey(
    "headerKey", Credential("api_key", "T_API_KEY"), location="header", name="X-Auth-Token"
)
APP_ID = APIKey("appId", Credential("app_id", "T_APP_ID"), location="query", name="app")
OAUTH2 = OAuth2ClientCredentialsFlow(
    "oauth", argument="oauth2", token_url="https://id.example.com/token", scopes=("read",)
)
SECURITY = Security((BASIC, BEARER, HEADER_KEY, APP_ID, OAUTH2), default=None)
ENV = ("T_USERNAME", "T_PASSWORD", "T_BEARER_TOKEN", "T_API_KEY", "T_APP_ID")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def sent(auth: httpx.Auth | None) -> httpx.Request:
    """The request as ``auth`` would send it (one-step schemes only)."""
    request = httpx.Request("GET", "https://api.example.com/v1/x")
    return next(auth.sync_auth_flow(request)) if auth is not None else request


def test_the_first_alternative_with_credentials_is_sent() -> None:
    creds = SECURITY.configure({"bearer_token": "tok"}, None)
    auth = creds.auth_for("op", ("basicAuth", "bearerAuth"))
    assert sent(auth).headers["authorization"] == "Bearer tok"


def test_an_operation_with_empty_security_sends_nothing() -> None:
    creds = SECURITY.configure({"bearer_token": "tok"}, None)
    assert creds.auth_for("op", ()) is NO_AUTH
    assert "authorization" not in sent(creds.auth_for("op", ())).headers


def test_an_operation_naming_one_scheme_gets_that_one_only() -> None:
    creds = SECURITY.configure({"bearer_token": "tok", "api_key": "key"}, None)
    request = sent(creds.auth_for("op", ("headerKey",)))
    assert request.headers["x-auth-token"] == "key" and "authorization" not in request.headers


def test_schemes_required_together_are_all_sent() -> None:
    creds = SECURITY.configure({"api_key": "key", "app_id": "app-1"}, None)
    request = sent(creds.auth_for("op", ("appId+headerKey",)))
    assert request.headers["x-auth-token"] == "key" and request.url.params["app"] == "app-1"


def test_optional_security_sends_credentials_when_there_are_some() -> None:
    anonymous = SECURITY.configure({}, None)
    assert anonymous.auth_for("op", ("", "bearerAuth")) is NO_AUTH
    with_token = SECURITY.configure({"bearer_token": "tok"}, None)
    assert sent(with_token.auth_for("op", ("", "bearerAuth"))).headers["authorization"]


def test_credentials_that_do_not_fit_the_operation_raise_before_sending() -> None:
    creds = SECURITY.configure({"bearer_token": "tok"}, None)
    with pytest.raises(MissingCredentialsError, match="things.list accepts basicAuth or oauth"):
        creds.auth_for("things.list", ("basicAuth", "oauth"))


def test_a_scheme_this_runtime_cannot_send_is_left_to_the_http_client() -> None:
    creds = SECURITY.configure({"bearer_token": "tok"}, None)
    assert creds.auth_for("op", ("mutualTLS",)) is None


def test_without_any_credentials_the_http_clients_own_auth_applies() -> None:
    assert SECURITY.configure({}, None).auth_for("op", ("basicAuth",)) is None
    assert SECURITY.configure({}, None).auth_for("op", None) is None


def test_a_custom_auth_is_sent_wherever_credentials_are_needed() -> None:
    custom = httpx.BasicAuth("u", "p")
    creds = SECURITY.configure({"bearer_token": "tok"}, custom)
    assert creds.auth_for("op", ("bearerAuth",)) is custom and creds.auth_for("op", None) is custom
    assert creds.auth_for("op", ()) is NO_AUTH
    assert creds.describe() == "BasicAuth"


def test_the_default_requirements_apply_to_operations_that_name_none() -> None:
    security = Security((BASIC, BEARER), default=("bearerAuth",))
    creds = security.configure({"username": "u", "password": "p", "bearer_token": "t"}, None)
    assert sent(creds.auth_for("op", None)).headers["authorization"] == "Bearer t"


def test_environment_variables_fill_in_when_no_argument_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("T_USERNAME", "env-user")
    monkeypatch.setenv("T_PASSWORD", "env-pass")
    creds = SECURITY.configure({}, None)
    expected = "Basic " + base64.b64encode(b"env-user:env-pass").decode()
    assert sent(creds.auth_for("op", ("basicAuth",))).headers["authorization"] == expected
    # within a scheme, a missing argument still comes from its variable
    partial = SECURITY.configure({"username": "arg-user"}, None)
    expected = "Basic " + base64.b64encode(b"arg-user:env-pass").decode()
    assert sent(partial.auth_for("op", ("basicAuth",))).headers["authorization"] == expected


def test_arguments_of_one_scheme_keep_the_environment_of_others_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("T_USERNAME", "env-user")
    monkeypatch.setenv("T_PASSWORD", "env-pass")
    creds = SECURITY.configure({"bearer_token": "tok"}, None)
    assert creds.describe() == "bearer"
    assert sent(creds.auth_for("op", None)).headers["authorization"] == "Bearer tok"


def test_oauth2_takes_the_specs_token_url_and_scopes_unless_given() -> None:
    given = OAuth2ClientCredentials("id", "secret", token_url="https://other.example/t")
    SECURITY.configure({"oauth2": given}, None)
    assert given.token_url == "https://other.example/t" and given.scopes == ("read",)
    default = OAuth2ClientCredentials("id", "secret")
    creds = SECURITY.configure({"oauth2": default}, None)
    assert default.token_url == "https://id.example.com/token"
    assert creds.describe() == "oauth2 client_id='id'"
    with pytest.raises(TypeError, match="oauth2= takes an OAuth2ClientCredentials"):
        SECURITY.configure({"oauth2": "not-an-object"}, None)


def test_description_names_the_schemes_but_no_secret() -> None:
    creds = SECURITY.configure({"username": "u", "password": "pw-SECRET", "api_key": "k"}, None)
    assert creds.describe() == "basic, api key in header 'X-Auth-Token'"
    assert SECURITY.configure({}, None).describe() == "none"


def test_an_api_key_cookie_is_not_repeated_when_a_request_is_sent_again() -> None:
    auth = APIKeyAuth("k", location="cookie", name="session")
    request = httpx.Request("GET", "https://api.example.com/", headers={"Cookie": "a=1"})
    for _ in range(3):
        request = next(auth.sync_auth_flow(request))
    assert request.headers["cookie"] == "a=1; session=k"


def token_server(seen: list[httpx.Request]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "id.example.com":
            return json_response(200, {"access_token": "T", "expires_in": 3600})
        return json_response(200, {"ok": True})

    return handler


@pytest.fixture(params=["sync", "async"])
def d(request: pytest.FixtureRequest) -> Iterator[Driver]:
    yield Driver(request.param)


def test_oauth2_together_with_an_api_key_runs_the_token_flow(d: Driver) -> None:
    seen: list[httpx.Request] = []
    security = Security((APP_ID, OAUTH2), default=("appId+oauth",))
    creds = security.configure({"app_id": "A", "oauth2": OAuth2ClientCredentials("i", "s")}, None)
    client = d.client(token_server(seen), credentials=creds)
    endpoint = Endpoint("op", "GET", "/x", parse=lambda v: v)
    d.run(lambda c: c.request(endpoint.request(), options(None, None, 5.0, 0)), client)
    api = [r for r in seen if r.url.host == "api.example.com"]
    assert len(api) == 1 and api[0].headers["authorization"] == "Bearer T"
    assert api[0].url.params["app"] == "A"


def test_each_endpoint_sends_what_its_security_asks_for(d: Driver) -> None:
    creds = SECURITY.configure({"bearer_token": "tok", "api_key": "key"}, None)
    client = d.client(lambda r: json_response(200, {}), credentials=creds)
    opts = options(None, None, 5.0, 0)
    for security in [(), ("headerKey",), None]:
        endpoint = Endpoint("op", "GET", "/x", parse=lambda v: v, security=security)
        d.run(lambda c, e=endpoint: c.request(e.request(), opts), client)
    public, keyed, default = d.requests
    assert "authorization" not in public.headers and "x-auth-token" not in public.headers
    assert keyed.headers["x-auth-token"] == "key" and "authorization" not in keyed.headers
    assert default.headers["authorization"] == "Bearer tok"


def test_the_async_flow_of_schemes_sent_together() -> None:
    security = Security((BEARER, APP_ID), default=None)
    creds = security.configure({"bearer_token": "t", "app_id": "A"}, None)
    auth = creds.auth_for("op", ("appId+bearerAuth",))
    assert auth is not None

    async def first_request() -> httpx.Request:
        flow = auth.async_auth_flow(httpx.Request("GET", "https://api.example.com/"))
        request: httpx.Request = await flow.__anext__()
        return request

    request = asyncio.run(first_request())
    assert request.headers["authorization"] == "Bearer t" and request.url.params["app"] == "A"


def test_a_refused_token_request_says_why(d: Driver) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"error": "invalid_client", "error_description": "Client authentication failed"}
        return json_response(401, body)

    creds = SECURITY.configure({"oauth2": OAuth2ClientCredentials("id", "SECRET-1")}, None)
    client = d.client(handler, credentials=creds)
    endpoint = Endpoint("op", "GET", "/x", parse=lambda v: v)
    with pytest.raises(AuthenticationError) as info:
        d.run(lambda c: c.request(endpoint.request(), options(None, None, 5.0, 0)), client)
    error = info.value
    assert str(error) == (
        "OAuth2 token request: POST /token -> 401 Unauthorized: Client authentication failed"
    )
    assert error.body == {
        "error": "invalid_client",
        "error_description": "Client authentication failed",
    }
    assert "SECRET-1" not in repr(error) and "SECRET-1" not in repr(error.request)
