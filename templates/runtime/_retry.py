"""When a failed attempt is tried again, and after how long.

Connection errors, timeouts, 408/429/5xx answers (and a 2xx body cut off on the way back)
are retried with exponential backoff and jitter, honouring ``Retry-After``; but a request
that may have reached the server is retried only when its operation is idempotent.
"""

from __future__ import annotations

import email.utils
import random
import time
from typing import Any

import httpx

from ._endpoint import Endpoint

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "MAYBE_APPLIED",
    "RETRY_AFTER_CAP",
    "RETRY_STATUSES",
    "backoff",
    "retry_after",
    "retry_delay",
]

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Statuses after which the request may have been applied (429 says it was not).
MAYBE_APPLIED = frozenset({408, 500, 502, 503, 504})
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 60.0


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: 0.5 s, 1 s, 2 s... capped at 8 s, minus up to 25%."""
    delay: float = min(BACKOFF_CAP, BACKOFF_BASE * 2.0**attempt)
    return delay * (1 - 0.25 * random.random())


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date), if within the cap."""
    header = response.headers.get("retry-after")
    if header is None:
        return None
    try:
        seconds = float(header)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return None
        seconds = parsed.timestamp() - time.time()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds) if seconds <= RETRY_AFTER_CAP else None


def retry_delay(
    endpoint: Endpoint[Any],
    attempt: int,
    retries: int,
    response: httpx.Response | None,
    sent: bool,
) -> float | None:
    """Seconds to wait before trying again, or ``None`` to stop.

    ``response`` is ``None`` after a transport error; ``sent`` says whether the request
    may have reached the server. One that never left (connection refused) is always safe
    to retry.
    """
    if attempt >= retries or (sent and not endpoint.idempotent):
        return None
    if response is None:
        return backoff(attempt)
    if response.status_code not in RETRY_STATUSES:
        return None
    after = retry_after(response)
    return after if after is not None else backoff(attempt)
