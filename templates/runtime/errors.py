"""Every exception the client raises. Catch :class:`APIError` to catch them all.

Messages never contain credentials, and ``request`` is a copy of the request with its
secret headers and query parameters redacted (the httpx exception behind a connection
error, kept as ``__cause__``, still holds the request as sent).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from ._explain import describe_status, raw_body, request_id, server_text
from ._redact import redact_request

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "ClientClosedError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NoNextPageError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseValidationError",
    "UnprocessableEntityError",
]


class APIError(Exception):
    """Base class of every error raised by this client."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = redact_request(request) if request is not None else None


class MissingCredentialsError(APIError):
    """The client has no credentials, or none that the operation accepts."""


class ClientClosedError(APIError):
    """The client (or the ``http_client`` given to it) was closed before this call."""


class NoNextPageError(APIError, RuntimeError):
    """``next_page()`` was called on the last page; check ``has_next_page()`` first."""


class APIConnectionError(APIError):
    """The request could not be sent, or no response came back.

    The message names the host and the cause; the httpx error is the ``__cause__``.
    """

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out; the message names the host and the limit that was reached."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class ResponseDecodeError(APIError):
    """The response body is not the JSON it should be; ``text`` holds it as received."""

    def __init__(self, response: httpx.Response, message: str) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.text = response.text


class ResponseValidationError(APIError):
    """The response is valid JSON but not of the declared shape; ``body`` holds it as received."""

    def __init__(self, response: httpx.Response, body: Any, message: str) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status.

    ``raw_body`` is the body as received (its JSON, else its text; ``None`` when empty),
    whether or not the spec declares it. ``body`` is the same body parsed into the model
    the spec declares for that status, when it declares one and the body fits it, else
    the raw body. ``message`` is the status and the server's own error text; ``str()`` of
    the error adds the operation, the method and path, and the ``request_id`` the server
    gave the request.
    """

    status_code: int

    def __init__(
        self, message: str, *, response: httpx.Response, body: Any, operation: str = ""
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.raw_body = raw_body(response)
        self.request_id = request_id(response.headers)
        self.args = (describe_status(operation, response, server_text(self.raw_body)),)


class BadRequestError(APIStatusError):
    status_code = 400


class AuthenticationError(APIStatusError):
    status_code = 401


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class RateLimitError(APIStatusError):
    status_code = 429


class InternalServerError(APIStatusError):
    """Any 5xx status."""


class BatchError(APIError):
    """A batched call stopped part-way, or (with ``raise_on_error``) some items failed.

    ``results`` holds the results of the chunks that succeeded, in input order, and
    ``failed_chunks`` the ``(start, end)`` input ranges whose request failed (``__cause__``
    is the error of the first one). ``item_errors`` are the per-item failures the server
    reported, and ``failed_items`` their positions in the input.
    """

    def __init__(
        self,
        message: str,
        *,
        results: Sequence[Any],
        failed_chunks: Sequence[tuple[int, int]] = (),
        item_errors: Sequence[Any] = (),
        failed_items: Sequence[int] = (),
    ) -> None:
        APIError.__init__(self, message)  # not super(): a Batch<Error> subclass sits between
        self.results = list(results)
        self.failed_chunks = list(failed_chunks)
        self.item_errors = list(item_errors)
        self.failed_items = list(failed_items)


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(
    message: str, *, response: httpx.Response, body: Any, operation: str = ""
) -> APIStatusError:
    """The exception for ``response``'s status: a specific subclass where one exists."""
    status = response.status_code
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(message, response=response, body=body, operation=operation)
