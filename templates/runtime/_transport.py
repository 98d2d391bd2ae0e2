"""The send loop, written once: a sans-IO generator that the sync and async clients drive.

:func:`send_flow` decides everything about sending one request (retrying, waiting,
decoding, logging) without doing any I/O itself. It yields a :class:`Send` when a request is
to go out and a :class:`Sleep` when it wants to wait; the driver does that, with httpx's
sync or async client and ``time.sleep`` or ``asyncio.sleep``, and sends back the response
(or the ``httpx.TransportError``) it got. This is the shape of httpx's own ``Auth.auth_flow``:
the logic exists once, and each I/O flavour is a thin loop around it
(:func:`run_sync`, :func:`run_async`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from ._constants import PACKAGE
from ._decode import GONE, NOT_READ, decode
from ._endpoint import Request
from ._explain import describe_transport_error, transport_cause
from ._redact import redact_headers, redact_url
from ._retry import MAYBE_APPLIED, backoff, retry_delay
from .errors import APIConnectionError, APIError, APITimeoutError, ResponseDecodeError

__all__ = ["Reply", "Send", "SendFlow", "Sleep", "run_async", "run_sync", "send_flow"]

logger = logging.getLogger(PACKAGE)

A = TypeVar("A")
R = TypeVar("R")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Send:
    """Send ``request`` with ``auth`` (``None``: the http client's own auth, if any)."""

    request: httpx.Request
    auth: httpx.Auth | None


@dataclass(frozen=True, slots=True)
class Sleep:
    """Wait ``seconds`` before the next attempt, after closing the response given up on."""

    seconds: float
    discard: httpx.Response | None = None


Reply = httpx.Response | httpx.TransportError | None
SendFlow = Generator[Send | Sleep, Reply, tuple[httpx.Response, Any]]


def send_flow(
    request: httpx.Request,
    req: Request[Any],
    *,
    auth: httpx.Auth | None,
    retries: int,
    decode_body: bool = True,
) -> SendFlow:
    """Send with retries; return the final response (any status) and its decoded JSON.

    ``decode_body`` false leaves the body unread (``NOT_READ``), for raw responses.
    """
    attempt = 0
    maybe_applied = False
    send = Send(request, auth)
    while True:
        # Timed only for the debug log: the clock is not read when nobody will see it.
        started = time.monotonic() if logger.isEnabledFor(logging.DEBUG) else None
        reply = yield send
        if isinstance(reply, httpx.Response):
            _log(request, reply, started)
            delay = retry_delay(req.endpoint, attempt, retries, reply, True)
            if delay is None:
                data, delay = _finish(req, reply, attempt, retries, decode_body, maybe_applied)
                if delay is None:
                    return reply, data
                reason = "the response body was not valid JSON"
            else:
                reason = f"{reply.status_code} {reply.reason_phrase}".strip()
            maybe_applied = maybe_applied or reply.status_code in MAYBE_APPLIED
            discard: httpx.Response | None = reply
        elif isinstance(reply, httpx.TransportError):
            _log(request, None, started, f" ({type(reply).__name__})")
            error, sent = transport_error(reply, request)
            maybe_applied = maybe_applied or sent
            delay = retry_delay(req.endpoint, attempt, retries, None, sent)
            if delay is None:
                raise error from reply
            reason, discard = transport_cause(reply), None
        else:
            raise TypeError(f"send_flow expects a response or a transport error, not {reply!r}")
        attempt += 1
        logger.info(
            "%s: %s %s attempt %d of %d failed (%s); retrying in %.1f s",
            req.endpoint.name,
            request.method,
            request.url.path,
            attempt,
            retries + 1,
            reason,
            delay,
        )
        yield Sleep(delay, discard)


def _finish(
    req: Request[Any],
    response: httpx.Response,
    attempt: int,
    retries: int,
    decode_body: bool,
    maybe_applied: bool,
) -> tuple[Any, float | None]:
    """Decode a final response; or, for a garbled body of an idempotent call, a delay.

    A 2xx whose JSON does not parse was most likely cut off on the way back, so an
    idempotent call is tried again rather than failing at once.
    """
    if not decode_body:
        return NOT_READ, None
    if response.status_code == 404 and req.endpoint.deletes and maybe_applied:
        # An earlier attempt may have deleted it already: gone is what was asked for.
        logger.info("%s: 404 on a retried delete; the earlier attempt did it", req.endpoint.name)
        return GONE, None
    try:
        return decode(req.endpoint, response), None
    except ResponseDecodeError:
        if not req.endpoint.idempotent or attempt >= retries:
            raise
        return NOT_READ, backoff(attempt)


def transport_error(exc: httpx.TransportError, request: httpx.Request) -> tuple[APIError, bool]:
    """The error to raise for ``exc``, and whether the request may have reached the server."""
    never_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
    message = describe_transport_error(exc, request)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(message, request=request), not never_sent
    return APIConnectionError(message, request=request), not never_sent


def _log(
    request: httpx.Request, response: httpx.Response | None, started: float | None, note: str = ""
) -> None:
    if started is None:  # debug logging was off when the attempt started
        return
    logger.debug(
        "HTTP %s %s -> %s in %.1f ms%s headers=%s",
        request.method,
        redact_url(request.url),
        response.status_code if response is not None else "no response",
        (time.monotonic() - started) * 1000,
        note,
        redact_headers(request.headers.multi_items()),
    )


def run_sync(flow: Generator[A, R, V], handle: Callable[[A], R]) -> V:
    """Drive ``flow`` to its end, answering each action it yields with ``handle(action)``.

    An exception from ``handle`` ends the drive (and closes the flow); replies the flow
    should see, such as transport errors, are for ``handle`` to return instead.
    """
    try:
        action = next(flow)
    except StopIteration as done:
        return _returned(flow, done)
    try:
        while True:
            reply = handle(action)  # outside the try: a StopIteration in it is not the end
            try:
                action = flow.send(reply)
            except StopIteration as done:
                return _returned(flow, done)
    finally:
        flow.close()  # a no-op once it has returned


async def run_async(flow: Generator[A, R, V], handle: Callable[[A], Awaitable[R]]) -> V:
    """:func:`run_sync` with an async ``handle``."""
    try:
        action = next(flow)
    except StopIteration as done:
        return _returned(flow, done)
    try:
        while True:
            reply = await handle(action)
            try:
                action = flow.send(reply)
            except StopIteration as done:
                return _returned(flow, done)
    finally:
        flow.close()


def _returned(flow: Generator[Any, Any, V], done: StopIteration) -> V:
    """What ``flow`` returned (the value of the ``StopIteration`` that ended it)."""
    value: V = done.value
    return value
