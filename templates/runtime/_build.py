"""Turning a :class:`Request` into the ``httpx.Request`` to send: URL, headers, body."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpx

from . import _serde
from ._endpoint import Options, Request, Timeout
from ._query import add_query, encode_query, text
from ._types import NOT_GIVEN
from .errors import APIError

__all__ = ["base_url_of", "build_request", "resolve_url"]


def resolve_url(base_url: httpx.URL, url: str) -> httpx.URL:
    """A path under ``base_url``; or a full URL (a page link), if it is on the same origin.

    A link to another scheme, host or port is refused: the credentials would go with it.
    """
    if url.startswith(("http://", "https://")):
        target = httpx.URL(url)
        if (target.scheme, target.host, target.port) != (
            base_url.scheme,
            base_url.host,
            base_url.port,
        ):
            port = f":{target.port}" if target.port else ""
            raise APIError(
                f"refusing to follow a link to {target.scheme}://{target.host}{port}: it is "
                f"not on {base_url.scheme}://{base_url.host} (base_url), and the "
                "credentials would go with it"
            )
        return target
    raw_path = base_url.raw_path.rstrip(b"/") + url.encode("ascii")
    return base_url.copy_with(raw_path=raw_path)


def _with_query(
    base_url: httpx.URL, prefix: str, url: str, params: list[tuple[str, str]]
) -> httpx.URL | str:
    """The URL with ``params`` added to its query, as httpx parses it only once.

    A path under ``base_url`` is made without parsing where :func:`_under` can; otherwise
    it is returned as text (``prefix``, the base URL's text without a trailing slash, then
    the path and query), which ``client.build_request`` parses: building an ``httpx.URL``
    here would have it parsed (and validated) twice.
    """
    if url.startswith(("http://", "https://")):  # a page link: its own query comes first
        target = resolve_url(base_url, url)
        return target.copy_with(query=encode_query(list(target.params.multi_items()) + params))
    query = urlencode(params) if params else ""
    if _DIRECT and len(prefix) + len(url) + len(query) <= 4096 and _kept_as_is(url):
        ref = base_url._uri_reference
        if ref.query is None and ref.fragment is None:  # (else httpx has the last word)
            return _under(base_url, ref.path.rstrip("/") + url, query or None)
    return f"{prefix}{url}?{query}" if query else prefix + url


# The characters httpx keeps as they are in a path (RFC 3986's unreserved characters and
# sub-delimiters, ":", "@", "/" and percent-escapes). A path made of these alone, with no
# "." or ".." segment to remove, is one httpx would parse into exactly itself.
_AS_IS = re.compile(r"(?:[\w\-.~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*", re.ASCII)


def _kept_as_is(path: str) -> bool:
    """Whether httpx would parse this path into exactly itself: not so for a "." or ".."
    segment (httpx removes it) or a character it would percent-encode. (A query written by
    ``urlencode`` always is; a URL long enough for httpx's own length check to matter is
    left to httpx by the caller.)"""
    if not _AS_IS.fullmatch(path):
        return False
    if "." in path:
        segments = path.split("/")
        return "." not in segments and ".." not in segments
    return True


def _under(base_url: httpx.URL, path: str, query: str | None) -> httpx.URL:
    """``base_url`` with this path and query, made from its parsed form without a parse.

    httpx parses and checks every URL it is given as text: about 10 µs, half the cost of
    building a request. The base URL was parsed once when the client was made, the path
    template was checked when the client was generated, each path value is
    percent-encoded (:func:`fill_path`) and ``urlencode`` writes only characters httpx
    keeps as they are; so its parse would give back these very strings. This uses httpx's
    inner form of a URL (``URL._uri_reference``, a named tuple); :data:`_DIRECT` checks at
    import that it has that form and gives the same URL as a parse, and is false (every URL
    goes to httpx as text) for an httpx where it does not.
    """
    made = httpx.URL.__new__(httpx.URL)
    made._uri_reference = base_url._uri_reference._replace(path=path, query=query)
    return made


def _direct_works() -> bool:
    try:
        base = httpx.URL("https://example.com:8443/api/v2")
        made = _under(base, "/api/v2/a%2Fb/c@d:e", "x=1&y=%20+z")
        parsed = httpx.URL("https://example.com:8443/api/v2/a%2Fb/c@d:e?x=1&y=%20+z")
        return vars(made) == vars(parsed) and made == parsed and made.raw_path == parsed.raw_path
    except Exception:  # any other inner form: parse every URL instead
        return False


_DIRECT = _direct_works()


def base_url_of(url: httpx.URL | str) -> httpx.URL:
    """``url`` parsed as httpx parses the URL of a request made from its text.

    httpx's parse is not always a fixed point: an upper-case scheme keeps its default port
    (``HTTPS://h:443``) on a first parse and drops it on the next. Requests were made from
    the base URL's text, so parsed twice; taking the base at the fixed point keeps the URLs
    (and the Host header) made from its parsed form the same.
    """
    return httpx.URL(str(httpx.URL(url)))


def build_request(
    client: httpx.Client | httpx.AsyncClient,
    base_url: httpx.URL,
    prefix: str,
    default_headers: Mapping[str, str],
    timeout: Timeout,
    req: Request[Any],
    opts: Options,
) -> httpx.Request:
    """The request to send; ``client.build_request`` adds the http client's own defaults.

    ``default_headers`` are the ones to send that the http client does not already send.
    """
    endpoint = req.endpoint
    headers = _merge_headers(default_headers, req.headers, opts.extra_headers or {})
    params: list[tuple[str, str]] = req.query
    if opts.extra_query:
        params = list(params)
        for key, value in opts.extra_query.items():
            add_query(params, key, value)
    url = _with_query(base_url, prefix, req.url, params)
    content: bytes | None = None
    data: Any = None
    if endpoint.body == "json" and req.body is not NOT_GIVEN:
        payload = _serde.request_json(req.body, endpoint.body_parse)
        content = json.dumps(payload, separators=(",", ":")).encode()
        headers.setdefault("Content-Type", endpoint.content_type)
    elif endpoint.body == "bytes" and req.body is not NOT_GIVEN:
        content = req.body
        headers.setdefault("Content-Type", endpoint.content_type)
    elif endpoint.body == "form" and req.body is not NOT_GIVEN:
        data = {k: text(v) for k, v in req.body.items()}
    return client.build_request(
        endpoint.method,
        url,
        headers=headers or None,  # none to add: httpx need not merge an empty set
        content=content,
        data=data,
        timeout=timeout if timeout is not None else httpx.Timeout(None),
    )


def _merge_headers(*layers: Mapping[str, str]) -> dict[str, str]:
    """The headers of all ``layers``; a later one's value wins, however its name is spelt.

    (httpx merges the http client's own headers with these in the same way.)
    """
    if not any(layers[1:]):  # the usual call: no header parameters, no extra headers
        return dict(layers[0])
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for key, value in layer.items():
            merged[key.lower()] = (key, value)
    return dict(merged.values())
