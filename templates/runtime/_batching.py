"""Batched operations: a list body sent in chunks of the endpoint's ``batch_size``.

An operation is batched when its ``Endpoint`` has a ``batch_size``: it takes a list and
answers with one result per item, in input order. :func:`batch_flow` sends the chunks one
after the other and stitches the results together; like the send loop it does no I/O
itself, the clients drive it (``_transport.run_sync``/``run_async``) with one call per chunk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Sequence
from typing import Any

from . import _serde
from ._endpoint import Request
from ._explain import server_text
from .errors import APIError, APIStatusError, BatchError

__all__ = ["BatchFlow", "batch_error", "batch_flow", "raise_item_errors", "single_chunk"]

_SHOWN = 5  # failed items whose reason the message spells out
BatchFlow = Generator[Request[Any], "list[Any] | APIError", list[Any]]


def batch_flow(make: Callable[[list[Any]], Request[Any]], items: Sequence[Any]) -> BatchFlow:
    """Yield the request of each chunk, receive its results (or its error); return them all.

    No items, no request: the result is ``[]``. A chunk that fails stops the batch:
    nothing after it is sent, and the :class:`BatchError` raised says what was done.
    """
    endpoint = make([]).endpoint
    size = endpoint.batch_size or max(1, len(items))
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    results: list[Any] = []
    for index, chunk in enumerate(chunks):
        start = index * size
        outcome = yield make(chunk)
        if not isinstance(outcome, APIError) and len(outcome) != len(chunk):
            outcome = APIError(f"the server returned {len(outcome)} results for {len(chunk)} items")
        if isinstance(outcome, APIError):
            error = batch_error(outcome, results, start, len(items), size, endpoint.idempotent)
            raise error from outcome
        results.extend(outcome)
    return results


def single_chunk(make: Callable[[list[Any]], Request[Any]], items: Sequence[Any]) -> Request[Any]:
    """The one request of a raw-response batched call, which cannot be split."""
    size = make([]).endpoint.batch_size
    if size is not None and len(items) > size:
        raise ValueError(f"with_raw_response sends one request: pass at most {size} items")
    return make(list(items))


def batch_error(
    exc: APIError, results: list[Any], start: int, total: int, size: int, idempotent: bool = True
) -> BatchError:
    """A :class:`BatchError` that is also an instance of ``exc``'s class.

    So ``except NotFoundError`` still catches an upsert into a missing integration, while
    ``except BatchError`` tells how far the batch got; ``exc`` is also the ``__cause__``.
    """
    end = min(start + size, total)
    done = f"items 0..{start - 1} succeeded" if start else "no item succeeded"
    message = (
        f"items {start}..{end - 1} of {total} failed: {_reason(exc)}. {done}, and the rest "
        f"were not sent. {_advice(exc, start, end, idempotent)}"
    )
    cls = _batch_error_class(type(exc))
    error: BatchError = cls.__new__(cls)
    BatchError.__init__(error, message, results=results, failed_chunks=[(start, end)])
    # what the underlying error carries (status_code, response, body...), but its message
    error.__dict__.update({k: v for k, v in vars(exc).items() if k != "message"})
    return error


def _reason(exc: APIError) -> str:
    """Why the chunk failed: the full text of a status error, else the error's message."""
    return str(exc) if isinstance(exc, APIStatusError) else exc.message


def _advice(exc: APIError, start: int, end: int, idempotent: bool) -> str:
    """Resend only where that can help: after a lost connection, a 5xx, a 429, a cut body.

    A 4xx other than 429 says the request itself was refused: sent again as it is, it
    would be refused again, so no resend is suggested.
    """
    status = exc.status_code if isinstance(exc, APIStatusError) else None
    if status == 429:
        return f"Nothing of that chunk was applied: resend items[{start}:] after a pause."
    if status is not None and status < 500:
        return f"The server refused that chunk ({status}) and applied none of it."
    if idempotent:
        return (
            f"The failed chunk may or may not have been applied: resend items[{start}:] "
            "to finish."
        )
    return (
        f"The failed chunk may or may not have been applied: check items[{start}:{end}] "
        "before sending them again."
    )


_BATCH_ERROR_CLASSES: dict[type[APIError], type[BatchError]] = {}


def _batch_error_class(base: type[APIError]) -> type[BatchError]:
    if issubclass(base, BatchError):
        return base
    if base not in _BATCH_ERROR_CLASSES:
        name = f"Batch{base.__name__}"
        _BATCH_ERROR_CLASSES[base] = type(name, (BatchError, base), {"__module__": base.__module__})
    return _BATCH_ERROR_CLASSES[base]


def raise_item_errors(results: Any, error_type: type) -> None:
    """Raise :class:`BatchError` if any result of a batch is a per-item failure.

    The message names the failed items by position, with the server's reason for each
    (the first few); the other items succeeded, so there is nothing to resend for them.
    """
    if not isinstance(results, list):  # an APIResponse from with_raw_response
        return
    failed = [i for i, r in enumerate(results) if isinstance(r, error_type)]
    if not failed:
        return
    shown = "; ".join(f"items[{i}]: {_item_reason(results[i])}" for i in failed[:_SHOWN])
    more = f"; and {len(failed) - _SHOWN} more" if len(failed) > _SHOWN else ""
    raise BatchError(
        f"{len(failed)} of {len(results)} items failed ({shown}{more}); the others succeeded",
        results=results,
        item_errors=[results[i] for i in failed],
        failed_items=failed,
    )


def _item_reason(item: Any) -> str:
    """The server's reason for one failed item, from the error fields it carries."""
    try:
        data = _serde.dump(item)
    except TypeError:  # not JSON data: its type is all there is to say
        return type(item).__name__
    if isinstance(data, dict):
        for key in ("error", "errors", "message", "detail"):
            if data.get(key):
                return server_text(data[key]) or json.dumps(data[key], default=str)[:200]
    return server_text(data) or "no reason given"
