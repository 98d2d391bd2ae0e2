"""Pages read the JSON keys the endpoint names, and the last page says so clearly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from runtime_source._endpoint import Endpoint, options
from runtime_source._pagination import AsyncPage, Page
from runtime_source._response import APIResponse, raw_wrapper
from runtime_source.errors import APIError, NoNextPageError

from .support import BASE_URL, Driver, Thing, ThingPage, json_response

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
    "2": {"resultItems": [{"id": 3}], "nextPage": None, "tags": ["a"], "previousPage": "x"},
}


@pytest.fixture(params=["sync", "async"])
def d(request: pytest.FixtureRequest) -> Iterator[Driver]:
    yield Driver(request.param)


def pages(request: httpx.Request) -> httpx.Response:
    return json_response(200, PAGES[request.url.params.get("cursor")])


def first(d: Driver, client: Any) -> Any:
    cls = AsyncPage if d.is_async else Page
    return d.run(
        lambda c: cls.first(c, LIST.request(query=[None]), options(None, None, 5.0, 0)), client
    )


def test_results_and_links_are_read_by_their_json_keys(d: Driver) -> None:
    client = d.client(pages)
    page = first(d, client)
    assert [t.id for t in page.results] == [1, 2]
    assert all(isinstance(t, Thing) for t in page.results)
    assert page.next == f"{BASE_URL}/things?cursor=2" and page.previous is None
    assert isinstance(page.body, ThingPage) and page.body.result_items == page.results
    assert [t.id for t in d.collect(page)] == [1, 2, 3]
    assert [r.url.params.get("cursor") for r in d.requests] == [None, "2"]


def test_the_results_field_is_told_apart_from_other_lists_of_the_same_length(
    d: Driver,
) -> None:
    body = {"resultItems": [{"id": 7}], "tags": ["x"], "nextPage": None}
    page = first(d, d.client(lambda r: json_response(200, body)))
    assert [t.id for t in page.results] == [7]


def test_a_response_without_the_results_key_is_an_empty_page(d: Driver) -> None:
    body = {"resultItems": [], "nextPage": None, "results": [{"id": 1}]}
    page = first(d, d.client(lambda r: json_response(200, body)))
    assert page.results == [] and not page.has_next_page()


def test_next_page_on_the_last_page_raises_no_next_page_error(d: Driver) -> None:
    client = d.client(pages)
    page = first(d, client)
    last = d.run(lambda c: page.next_page(), client)
    assert [t.id for t in last.results] == [3] and not last.has_next_page()
    with pytest.raises(NoNextPageError, match="has_next_page") as info:
        d.run(lambda c: last.next_page(), client)
    # openai-python raises RuntimeError here; so does this, and it is an APIError too.
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, APIError)
    assert len(d.requests) == 2, "no request for a page that does not exist"


def test_iter_pages_stops_after_the_last_page(d: Driver) -> None:
    client = d.client(pages)
    page = first(d, client)
    walked = d.collect(page.iter_pages())
    assert [len(p.results) for p in walked] == [2, 1]


def test_a_raw_first_page_parses_into_a_page() -> None:
    driver = Driver("sync")
    client = driver.client(pages)
    raw = raw_wrapper(Page.first)(client, LIST.request(query=[None]), options(None, None, 5.0, 0))
    assert isinstance(raw, APIResponse)
    page = raw.parse()
    assert isinstance(page, Page) and [t.id for t in page.results] == [1, 2]


def test_a_next_link_to_another_host_is_refused(d: Driver) -> None:
    body = {"resultItems": [], "nextPage": "https://evil.example/v1/things?cursor=2"}
    client = d.client(lambda r: json_response(200, body))
    page = first(d, client)
    with pytest.raises(APIError, match="evil.example"):
        d.run(lambda c: page.next_page(), client)
    assert len(d.requests) == 1
