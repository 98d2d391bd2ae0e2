"""Credentials as ``httpx.Auth`` implementations, one per kind of security scheme.

HTTP Basic uses ``httpx.BasicAuth``. ``_security`` decides which of them a request sends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncGenerator, Generator, Sequence
from typing import TYPE_CHECKING, Literal

import httpx

from ._explain import raw_body, server_text
from .errors import ResponseDecodeError, status_error

if TYPE_CHECKING:
    import asyncio  # imported when an async client first needs a token: it is slow to import

__all__ = ["APIKeyAuth", "BearerAuth", "OAuth2ClientCredentials"]


class BearerAuth(httpx.Auth):
    """Sends a fixed token as ``Authorization: Bearer <token>``."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "BearerAuth(token=<redacted>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


class APIKeyAuth(httpx.Auth):
    """Sends an API key in the header, query parameter or cookie the spec names."""

    def __init__(
        self, key: str, *, location: Literal["header", "query", "cookie"], name: str
    ) -> None:
        if location not in ("header", "query", "cookie"):
            raise ValueError(f"an API key goes in a header, query or cookie, not {location!r}")
        self._key = key
        self.location = location
        self.name = name

    def __repr__(self) -> str:
        return f"APIKeyAuth(location={self.location!r}, name={self.name!r}, key=<redacted>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.location == "header":
            request.headers[self.name] = self._key
        elif self.location == "query":
            request.url = request.url.copy_merge_params({self.name: self._key})
        else:
            # Replace a cookie of this name set by an earlier attempt, keep all others.
            others = [
                part.strip()
                for part in request.headers.get("Cookie", "").split(";")
                if part.strip() and part.strip().partition("=")[0] != self.name
            ]
            request.headers["Cookie"] = "; ".join([*others, f"{self.name}={self._key}"])
        yield request


class OAuth2ClientCredentials(httpx.Auth):
    """OAuth2 client-credentials grant: fetches a bearer token and keeps it fresh.

    The token is cached until ``refresh_margin`` seconds before it expires, fetched by one
    caller at a time (thread-safe and task-safe), and fetched anew once if the API answers
    401 to it. The token request goes through the same HTTP client, so it shares its
    transport, proxies and timeouts. ``token_url`` and ``scopes`` default to the spec's:
    the client this is passed to fills in whichever was not given.
    """

    requires_response_body = True

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | None = None,
        scopes: Sequence[str] | None = None,
        refresh_margin: float = 30.0,
    ) -> None:
        self.client_id = client_id
        self._client_secret = client_secret
        self.token_url = token_url
        self.scopes = tuple(scopes) if scopes is not None else None
        self.refresh_margin = refresh_margin
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return (
            f"OAuth2ClientCredentials(client_id={self.client_id!r}, token_url={self.token_url!r})"
        )

    def use_defaults(self, *, token_url: str, scopes: Sequence[str]) -> None:
        """Fill in the token URL and scopes the spec gives, where none were passed."""
        if self.token_url is None:
            self.token_url = token_url
        if self.scopes is None:
            self.scopes = tuple(scopes)

    # -- shared ------------------------------------------------------------------------

    def _fresh(self) -> str | None:
        if self._token is not None and time.monotonic() < self._expires_at - self.refresh_margin:
            return self._token
        return None

    def _token_request(self) -> httpx.Request:
        if not self.token_url:
            raise ValueError("OAuth2ClientCredentials needs a token_url")
        data = {"grant_type": "client_credentials"}
        if self.scopes:
            data["scope"] = " ".join(self.scopes)
        request = httpx.Request("POST", self.token_url, data=data)
        return httpx.BasicAuth(self.client_id, self._client_secret).auth_flow(request).__next__()

    def _store(self, response: httpx.Response) -> str:
        if response.status_code != 200:
            body = raw_body(response)
            text = server_text(body)
            raise status_error(
                f"{response.status_code}: OAuth2 token request failed"
                + (f": {text}" if text else ""),
                response=response,
                body=body,
                operation="OAuth2 token request",
            )
        try:
            payload = response.json()
            token = str(payload["access_token"])
            expires_in = float(payload.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError):
            raise ResponseDecodeError(response, "OAuth2 token response is not valid") from None
        self._token = token
        self._expires_at = time.monotonic() + expires_in
        return token

    @staticmethod
    def _authorize(request: httpx.Request, token: str) -> None:
        request.headers["Authorization"] = f"Bearer {token}"

    # -- sync --------------------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = yield from self._sync_token(stale=None)
        self._authorize(request, token)
        response = yield request
        if response.status_code == 401:
            token = yield from self._sync_token(stale=token)
            self._authorize(request, token)
            yield request

    def _sync_token(self, stale: str | None) -> Generator[httpx.Request, httpx.Response, str]:
        with self._lock:
            token = self._fresh()
            if token is not None and token != stale:
                return token
            response = yield self._token_request()
            response.read()
            return self._store(response)

    # -- async -------------------------------------------------------------------------

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            token = self._fresh()
            if token is None:
                response = yield self._token_request()
                await response.aread()
                token = self._store(response)
        self._authorize(request, token)
        response = yield request
        if response.status_code == 401:
            async with self._async_lock:
                fresh = self._fresh()
                if fresh is None or fresh == token:
                    token_response = yield self._token_request()
                    await token_response.aread()
                    fresh = self._store(token_response)
            self._authorize(request, fresh)
            yield request
