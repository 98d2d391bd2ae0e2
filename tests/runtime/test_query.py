"""Arguments into paths, query strings, headers and cookies."""

from __future__ import annotations

import datetime
import enum
import uuid

from runtime_source._endpoint import Endpoint
from runtime_source._query import add_query, cookie_header, encode_query, fill_path, text
from runtime_source._types import NOT_GIVEN


class Colour(enum.Enum):
    RED = "red"


def test_values_are_written_as_json_would_write_them() -> None:
    assert text(True) == "true" and text(False) == "false" and text(3) == "3"
    assert text(Colour.RED) == "red"
    assert text(datetime.date(2024, 5, 1)) == "2024-05-01"
    assert text(uuid.UUID(int=1)) == "00000000-0000-0000-0000-000000000001"


def test_path_values_are_percent_encoded_whole() -> None:
    assert fill_path("/a/{id}/b", ("id",), ["x/y z"]) == "/a/x%2Fy%20z/b"


def test_arrays_repeat_or_join_and_unset_values_are_left_out() -> None:
    pairs: list[tuple[str, str]] = []
    add_query(pairs, "a", [1, 2])
    add_query(pairs, "b", ["x", "y"], explode=False)
    add_query(pairs, "c", {"z", "w"})
    add_query(pairs, "d", None)
    add_query(pairs, "e", NOT_GIVEN)
    assert pairs == [("a", "1"), ("a", "2"), ("b", "x,y"), ("c", "w"), ("c", "z")]
    assert encode_query(pairs) == b"a=1&a=2&b=x%2Cy&c=w&c=z"
    assert encode_query([]) is None


def test_cookies_are_joined_and_encoded() -> None:
    assert cookie_header([("a", "1"), ("b", "x y"), ("c", None)]) == "a=1; b=x%20y"
    assert cookie_header([("c", NOT_GIVEN)]) is None


def test_an_endpoint_fills_in_every_location() -> None:
    endpoint = Endpoint(
        "things.list",
        "GET",
        "/things/{id}",
        path_params=("id",),
        query_params=("ids", "q"),
        header_params=("X-Trace",),
        cookie_params=("session",),
        unexploded=("ids",),
    )
    req = endpoint.request(path=[7], query=[[1, 2], NOT_GIVEN], header=[True], cookie=["s"])
    assert req.url == "/things/7" and req.query == [("ids", "1,2")]
    assert req.headers == {"X-Trace": "true", "Cookie": "session=s"}
