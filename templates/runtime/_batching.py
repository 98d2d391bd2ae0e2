"""Batched operations: a list body sent in chunks of the endpoint's ``batch_size``.

An operation is batched when its ``Endpoint`` has a ``batch_size``: it takes a list and
answers with one result per item, in input order. :func:`batch_flow` sends the chunks one
after the other and stitches the results together; like the send loop it does no I/O
itself, the clients drive it (``_transport.run_sync``/``run_async``) with one call per chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import Any

from ._endpoint import Request
from .errors import APIError, BatchError

__all__ = ["BatchFlow", "batch_error", "batch_flow", "raise_item_errors", "single_chunk"]

BatchFlow = Generator[Request[Any], "list[Any] | APIError", list[Any]]


def batch_flow(make: Callable[[list[Any]], Request[Any]], items: Sequence[Any]) -> BatchFlow:
    """Yield the request of each chunk, receive its results (or its error); return them all.

    A chunk that fails stops the batch: nothing after it is sent, and the
    :class:`BatchError` raised says what was done.
    """
    size = make([]).endpoint.batch_size or max(1, len(items))
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]
    results: list[Any] = []
    for index, chunk in enumerate(chunks):
        start = index * size
        outcome = yield make(chunk)
        if not isinstance(outcome, APIError) and len(outcome) != len(chunk):
            outcome = APIError(f"the server returned {len(outcome)} results for {len(chunk)} items")
        if isinstance(outcome, APIError):
            raise batch_error(outcome, results, start, len(items), size) from outcome
        results.extend(outcome)
    return results


def single_chunk(make: Callable[[list[Any]], Request[Any]], items: Sequence[Any]) -> Request[Any]:
    """The one request of a raw-response batched call, which cannot be split."""
    size = make([]).endpoint.batch_size
    if size is not None and len(items) > size:
        raise ValueError(f"with_raw_response sends one request: pass at most {size} items")
    return make(list(items))


def batch_error(exc: APIError, results: list[Any], start: int, total: int, size: int) -> BatchError:
    """A :class:`BatchError` that is also an instance of ``exc``'s class.

    So ``except NotFoundError`` still catches an upsert into a missing integration, while
    ``except BatchError`` tells how far the batch got; ``exc`` is also the ``__cause__``.
    """
    end = min(start + size, total)
    done = f"items 0..{start - 1} succeeded" if start else "no item succeeded"
    message = (
        f"items {start}..{end - 1} of {total} failed ({exc.message}); {done} and the rest "
        f"were not sent. The failed chunk may or may not have been applied: resend "
        f"items[{start}:] to finish"
    )
    cls = _batch_error_class(type(exc))
    error: BatchError = cls.__new__(cls)
    BatchError.__init__(error, message, results=results, failed_chunks=[(start, end)])
    # what the underlying error carries (status_code, response, body...), but its message
    error.__dict__.update({k: v for k, v in vars(exc).items() if k != "message"})
    return error


_BATCH_ERROR_CLASSES: dict[type[APIError], type[BatchError]] = {}


def _batch_error_class(base: type[APIError]) -> type[BatchError]:
    if issubclass(base, BatchError):
        return base
    if base not in _BATCH_ERROR_CLASSES:
        name = f"Batch{base.__name__}"
        _BATCH_ERROR_CLASSES[base] = type(name, (BatchError, base), {"__module__": base.__module__})
    return _BATCH_ERROR_CLASSES[base]


def raise_item_errors(results: Any, error_type: type) -> None:
    """Raise :class:`BatchError` if any result of a batch is a per-item failure."""
    if not isinstance(results, list):  # an APIResponse from with_raw_response
        return
    failed = [r for r in results if isinstance(r, error_type)]
    if failed:
        raise BatchError(
            f"{len(failed)} of {len(results)} items failed", results=results, item_errors=failed
        )
