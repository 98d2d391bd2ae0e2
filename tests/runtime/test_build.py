"""Request URLs: made from the base URL's parsed form where httpx would parse them unchanged.

``_build._with_query`` skips httpx's URL parse for a path under the base URL when the path
holds only characters httpx keeps as they are. Whichever way it goes, the URL must be the
one httpx makes of the same text, so every test here compares the two.
"""

from __future__ import annotations

import contextlib
import types
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from runtime_source import _build
from runtime_source._query import fill_path

BASES = [
    "https://panel.sendcloud.sc/api/v2",
    "https://panel.sendcloud.sc/api/v2/",
    "http://127.0.0.1:8080",
    "http://[::1]:9000/x%20y",
    "https://user:pw@Example.COM:443/a.b/",
    "HTTPS://Panel.Sendcloud.SC:443/api/v2",  # httpx drops this port on a second parse only
    "HTTP://127.0.0.1:80/",
]

# Text with what a path or a query may meet: reserved and unsafe ASCII, escapes, dots, and
# characters outside ASCII.
TRICKY = list("aZ09-._~!$&'()*+,;=:@/%?#[]{} \"<>`|\\^é€\x00\x7f")
TEXT = st.text(st.sampled_from(TRICKY) | st.characters())


def made(base: str, path: str, params: list[tuple[str, str]]) -> httpx.URL:
    base_url = _build.base_url_of(base)  # as the client keeps it (a trailing slash too)
    got = _build._with_query(base_url, str(base_url).rstrip("/"), path, params)
    return got if isinstance(got, httpx.URL) else httpx.URL(got)


def parsed(base: str, path: str, params: list[tuple[str, str]]) -> httpx.URL:
    """The URL as the client made it before: the base URL's text and the path, parsed."""
    query = urlencode(params)
    text = str(httpx.URL(base)).rstrip("/") + path
    return httpx.URL(f"{text}?{query}" if query else text)


def same(a: httpx.URL, b: httpx.URL) -> None:
    assert (str(a), a.raw_path, a.query) == (str(b), b.raw_path, b.query)
    assert vars(a) == vars(b)


def test_this_httpx_has_the_inner_form_the_direct_path_needs() -> None:
    assert _build._DIRECT is True  # else every test below checks only the parse


def test_a_usual_url_is_made_without_a_parse_and_equals_httpx_parse() -> None:
    base = httpx.URL("https://panel.sendcloud.sc/api/v2")
    path = fill_path("/integrations/{id}/shipments", ("id",), [42])
    got = _build._with_query(base, str(base), path, [("cursor", "cD0y"), ("q", "a b/é")])
    assert isinstance(got, httpx.URL)
    same(got, parsed(str(base), path, [("cursor", "cD0y"), ("q", "a b/é")]))
    assert (
        str(got)
        == "https://panel.sendcloud.sc/api/v2/integrations/42/shipments?cursor=cD0y&q=a+b%2F%C3%A9"
    )


@pytest.mark.parametrize(
    "path",
    ["/a/../b", "/a/./b", "/a/..", "/a b", "/a{b}", "/a?b", "/a#b", "/é", "/a/%zz"],
)
def test_what_httpx_would_change_goes_to_httpx_as_text(path: str) -> None:
    base = httpx.URL("https://h.example/api")
    got = _build._with_query(base, str(base), path, [])
    assert isinstance(got, str)
    same(httpx.URL(got), parsed(str(base), path, []))


def test_a_base_url_with_a_query_or_a_very_long_url_goes_to_httpx_as_text() -> None:
    base = httpx.URL("https://h.example/api?key=1")
    assert isinstance(_build._with_query(base, str(base), "/x", []), str)
    base = httpx.URL("https://h.example/api")
    assert isinstance(_build._with_query(base, str(base), "/x", [("q", "v" * 5000)]), str)
    base = httpx.URL("https://h.example/" + "b" * 5000)  # long by its base alone
    assert isinstance(_build._with_query(base, str(base), "/x", []), str)


@pytest.mark.parametrize("base", BASES)
def test_the_base_url_is_kept_at_httpx_fixed_point(base: str) -> None:
    kept = _build.base_url_of(base)
    assert vars(httpx.URL(str(kept))) == vars(kept)


def test_an_upper_case_scheme_loses_its_default_port_as_a_request_would() -> None:
    assert httpx.URL("HTTPS://h.example:443/api").port == 443  # httpx's first parse keeps it
    assert _build.base_url_of("HTTPS://h.example:443/api").port is None


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from(BASES),
    value=TEXT,
    raw=TEXT,
    params=st.lists(st.tuples(TEXT, TEXT), max_size=3),
)
@example(base=BASES[0], value="..", raw="/./", params=[])
@example(base=BASES[4], value="a%2F", raw="//x", params=[("", "")])
@example(base=BASES[0], value="\ud800", raw="", params=[])
def test_every_url_equals_what_httpx_makes_of_its_text(
    base: str, value: str, raw: str, params: list[tuple[str, str]]
) -> None:
    paths = ["/" + raw.lstrip("/")]
    with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate: refused before any URL
        paths.append(fill_path("/things/{id}/x", ("id",), [value]))
    for path in paths:
        try:
            expected = parsed(base, path, params)
        except (httpx.InvalidURL, UnicodeError) as refused:  # refused either way, alike
            with pytest.raises(type(refused)):
                made(base, path, params)
            continue
        same(made(base, path, params), expected)


def test_an_httpx_without_that_inner_form_gets_every_url_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class TextURL:  # an httpx.URL that keeps its text and nothing else
        def __init__(self, url: str = "") -> None:
            self.text = url

    monkeypatch.setattr(_build, "httpx", types.SimpleNamespace(URL=TextURL))
    assert _build._direct_works() is False
