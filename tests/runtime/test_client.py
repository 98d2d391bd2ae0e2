"""The client's life: credentials at construction, with_options, closing, async paginators."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from runtime_source._base_client import AsyncAPIClient
from runtime_source._constants import USER_AGENT
from runtime_source._endpoint import Endpoint, Options, options
from runtime_source._pagination import AsyncPage, AsyncPaginator
from runtime_source._response import APIResponse, async_raw_wrapper
from runtime_source._security import APIKey, Credential, HTTPBasic, Security
from runtime_source.errors import ClientClosedError, InternalServerError, MissingCredentialsError

from .support import BASE_URL, Driver, Thing, ThingPage, json_response

BASIC = HTTPBasic(
    "basicAuth", username=Credential("user", "RT_USER"), password=Credential("pw", "RT_PW")
)
KEY = APIKey("key", Credential("api_key", "RT_KEY"), location="header", name="X-Key")
SECURITY = Security((BASIC, KEY), default=None)
GET = Endpoint("things.get", "GET", "/things/1", parse=Thing.from_dict, idempotent=True)
OPTS = options(None, None, 5.0, 0)


@pytest.fixture(params=["sync", "async"])
def d(request: pytest.FixtureRequest) -> Iterator[Driver]:
    yield Driver(request.param)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RT_USER", "RT_PW", "RT_KEY"):
        monkeypatch.delenv(name, raising=False)


# -- credentials -----------------------------------------------------------------------


def test_no_credentials_at_all_name_every_way_to_give_them() -> None:
    with pytest.raises(MissingCredentialsError) as info:
        SECURITY.configure({"user": None, "pw": None, "api_key": None}, None, required=True)
    assert str(info.value) == (
        "no credentials: pass user and pw (or set RT_USER and RT_PW), or pass api_key "
        "(or set RT_KEY), or pass any httpx.Auth as auth="
    )


def test_an_empty_credential_is_refused_even_when_not_required() -> None:
    with pytest.raises(MissingCredentialsError, match="^api_key is empty$"):
        SECURITY.configure({"api_key": ""}, None)


def test_half_a_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(MissingCredentialsError, match=r"basicAuth needs pw \(or RT_PW\) as well"):
        SECURITY.configure({"user": "u"}, None)
    monkeypatch.setenv("RT_PW", "")  # set but empty is not set
    with pytest.raises(MissingCredentialsError, match="needs pw"):
        SECURITY.configure({"user": "u"}, None)


def test_no_credentials_are_fine_where_not_required_or_given_otherwise() -> None:
    assert SECURITY.configure({}, None).empty
    assert not SECURITY.configure({}, httpx.BasicAuth("u", "p"), required=True).empty
    assert Security((), None).configure({}, None, required=True).empty
    public = Security((KEY,), default=None, required=False)  # no operation needs them
    assert public.configure({}, None, required=True).empty


def test_credentials_from_the_environment_satisfy_the_requirement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RT_KEY", "k")
    assert SECURITY.configure({}, None, required=True).describe() == "api key in header 'X-Key'"


# -- with_options, closing -------------------------------------------------------------


def test_with_options_changes_the_defaults_of_a_copy_only(d: Driver) -> None:
    client = d.client(lambda r: json_response(503, {}), max_retries=0, timeout=30.0)
    patient = client.with_options(max_retries=2, timeout=1.5)
    assert (patient.max_retries, patient.timeout) == (2, 1.5)
    assert (client.max_retries, client.timeout) == (0, 30.0)
    with pytest.raises(InternalServerError, match="503"):
        d.run(lambda c: c.request(GET.request(), Options()), patient)
    assert len(d.requests) == 3 and d.requests[0].extensions["timeout"]["read"] == 1.5
    with pytest.raises(ValueError, match="max_retries"):
        client.with_options(max_retries=-1)


@pytest.mark.parametrize("own_pool", [False, True], ids=["given pool", "own pool"])
def test_default_headers_go_with_every_request_and_give_way_to_extra_ones(
    d: Driver, own_pool: bool
) -> None:
    # A client that makes its own pool has it send the default headers, unlike a given one.
    defaults = {"X-Team": "a", "Accept": "application/vnd.things+json"}
    client = d.client(
        lambda r: json_response(200, {"id": 1}), default_headers=defaults, own_pool=own_pool
    )
    d.run(lambda c: c.request(GET.request(), options({"x-team": "b"}, None, 5.0, 0)), client)
    d.run(lambda c: c.request(GET.request(), OPTS), client.with_options(timeout=2.0))
    first, second = d.requests
    assert first.headers.get_list("x-team") == ["b"] and second.headers["x-team"] == "a"
    for request in (first, second):
        assert request.headers["accept"] == "application/vnd.things+json"
        assert request.headers["user-agent"] == USER_AGENT


def test_a_new_base_url_applies_to_the_next_request(d: Driver) -> None:
    client = d.client(lambda r: json_response(200, {"id": 1}))
    client.base_url = "https://other.example.com/v2/"
    assert client.base_url == httpx.URL("https://other.example.com/v2/")
    d.run(lambda c: c.request(GET.request(), OPTS), client)
    assert str(d.requests[0].url) == "https://other.example.com/v2/things/1"


def test_a_base_url_with_an_upper_case_scheme_and_its_default_port_sends_no_port(
    d: Driver,
) -> None:
    """httpx keeps ``:443`` on a first parse of ``HTTPS://...:443`` and drops it on the next;
    the client keeps the base at the second, so the URL and Host are the usual ones."""
    client = d.client(lambda r: json_response(200, {"id": 1}))
    client.base_url = "HTTPS://Other.Example.com:443/v2"
    d.run(lambda c: c.request(GET.request(), OPTS), client)
    assert str(d.requests[0].url) == "https://other.example.com/v2/things/1"
    assert d.requests[0].headers["host"] == "other.example.com"


def test_closing_a_copy_keeps_the_shared_pool_open(d: Driver) -> None:
    client = d.client(lambda r: json_response(200, {"id": 1}))
    copy = client.with_options(timeout=2.0)
    d.run(lambda c: c.close(), copy)
    with pytest.raises(ClientClosedError, match="is closed"):
        d.run(lambda c: c.request(GET.request(), OPTS), copy)
    assert d.run(lambda c: c.request(GET.request(), OPTS), client) == Thing(id=1)


def test_a_closed_client_raises_a_clear_error_and_sends_nothing(d: Driver) -> None:
    client = d.client(lambda r: json_response(200, {"id": 1}))
    d.run(lambda c: c.close(), client)
    with pytest.raises(ClientClosedError, match="close()"):
        d.run(lambda c: c.request(GET.request(), OPTS), client)
    assert d.requests == []


def test_a_closed_http_client_raises_a_clear_error(d: Driver) -> None:
    client = d.client(lambda r: json_response(200, {"id": 1}))
    d.run(lambda c: c._http.aclose() if d.is_async else c._http.close(), client)
    with pytest.raises(ClientClosedError, match="connection pool"):
        d.run(lambda c: c.request(GET.request(), OPTS), client)


def test_a_client_is_a_context_manager(d: Driver) -> None:
    client = d.client(lambda r: json_response(200, {"id": 1}))

    async def use_async() -> None:
        async with client as same:
            assert same is client

    if d.is_async:
        asyncio.run(use_async())
    else:
        with client as same:
            assert same is client
    with pytest.raises(ClientClosedError):
        d.run(lambda c: c.request(GET.request(), OPTS), client)


# -- async paginators ------------------------------------------------------------------

LIST = Endpoint(
    "things.list",
    "GET",
    "/things",
    query_params=("cursor",),
    parse=ThingPage.from_dict,
    idempotent=True,
    page_fields=("resultItems", "nextPage", "previousPage"),
)
PAGES = {
    None: {"resultItems": [{"id": 1}, {"id": 2}], "nextPage": f"{BASE_URL}/things?cursor=2"},
    "2": {"resultItems": [{"id": 3}], "nextPage": None},
}


class AsyncThings:
    """A resource as the template emits it for ``async for`` straight on the call."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    def list(self) -> AsyncPaginator[Thing]:
        return AsyncPage.first(self._client, LIST.request(query=[None]), OPTS)


def async_things() -> tuple[Driver, AsyncThings]:
    driver = Driver("async")
    client = driver.client(lambda r: json_response(200, PAGES[r.url.params.get("cursor")]))
    return driver, AsyncThings(client)


def test_async_for_works_straight_on_the_call() -> None:
    driver, things = async_things()

    async def main() -> list[int]:
        return [thing.id async for thing in things.list()]

    assert asyncio.run(main()) == [1, 2, 3]
    assert [r.url.params.get("cursor") for r in driver.requests] == [None, "2"]


def test_awaiting_the_call_still_gives_the_first_page() -> None:
    driver, things = async_things()

    async def main() -> AsyncPage[Thing]:
        paginator = things.list()
        assert driver.requests == [], "nothing is sent until it is awaited or iterated"
        return await paginator

    page = asyncio.run(main())
    assert isinstance(page, AsyncPage) and [t.id for t in page.results] == [1, 2]
    assert len(driver.requests) == 1


def test_a_raw_async_paginated_call_gives_the_response() -> None:
    _, things = async_things()

    async def main() -> Any:
        raw = await async_raw_wrapper(things.list)()
        assert isinstance(raw, APIResponse)
        return raw.parse()

    page = asyncio.run(main())
    assert isinstance(page, AsyncPage) and [t.id for t in page.results] == [1, 2]
