"""A local, in-memory stand-in for the Sendcloud Integrations v2 shipment endpoints.

Prism answers every request from the spec's examples and keeps no state, so it cannot show
that a client's upsert is idempotent, that it follows ``next`` links to the end, or that it
survives a flaky network. This server can: it stores orders, paginates them with opaque
cursors, and injects faults on demand. It is for tests only (stdlib, 127.0.0.1, port 0).

Implemented operations (``{prefix}`` defaults to ``""``):

* ``POST {prefix}/integrations/{id}/shipments``: upsert a JSON array of at most
  ``max_batch`` (100) orders keyed by ``(external_order_id, external_shipment_id)``.
* ``GET {prefix}/integrations/{id}/shipments?cursor=...``: cursor pagination.
* ``POST {prefix}/integrations/{id}/shipments/delete``: delete by ``shipment_uuid`` or by
  ``external_order_id`` + ``external_shipment_id``.

Semantics chosen where the spec is silent or vague:

* Upsert of an existing key replaces the stored order only when ``updated_at`` differs
  from the stored one (the spec: "The system will only update orders that have had their
  ``updated_at`` timestamp changed"). The item status is ``"updated"`` in *both* cases,
  because the spec's ``ShipmentCreateUpdateLog.status`` enum has only created/updated and
  Sendcloud reports an unchanged re-post as updated; tests tell the two apart through
  :attr:`FaultServer.upsert_outcomes` (``created``/``updated``/``unchanged``/``error``).
* An item that is not an object or lacks a non-empty string ``external_order_id`` gets an
  error item (DRF-style field errors, like the spec's example); the rest of the batch is
  still applied. A missing ``external_shipment_id`` is treated as ``null``.
* ``shipment_created_at``/``shipment_updated_at`` in GET results are the order's own
  ``created_at``/``updated_at`` (the spec says ``updated_at`` "will be ... accessible through
  ``shipment_updated_at``"), falling back to server time when those are not strings.
* Cursors are base64 of ``p=<seq>`` (forward) or ``r=1&p=<seq>`` (backward), Sendcloud's
  format, where ``seq`` is a per-server insertion counter. Because they point at a
  position rather than an index, deletes or inserts between pages never make a walk skip
  or repeat an order that existed throughout. Other query parameters are carried into the
  ``next``/``previous`` URLs unchanged (and otherwise ignored: no filtering is implemented).
* Basic auth with a non-empty user *and* password is required; anything else is 401.

Faults (:data:`FAULT_KINDS`), applied to any request, authenticated or not:

=================  ======================================================  ===========
kind               what the client sees                                    applied?
=================  ======================================================  ===========
``status_503``     503, ``Retry-After: 0``, error JSON body                no
``status_429``     429, ``Retry-After: 0``, error JSON body                no
``drop_before``    connection closed without any response                  no
``drop_after``     connection closed without any response                  yes
``slow``           the normal response, after ``slow_delay`` seconds       yes
``truncated_json`` 200, the first half of the real JSON body               yes
``invalid_json``   200, an HTML page sent as ``application/json``          yes
=================  ======================================================  ===========

"applied" means the request changed server state as if it had succeeded. The truncated and
invalid variants are applied because they model a response mangled on the way back (a
proxy, a cut connection), which is the hard case for a client: the failure it sees does not
mean the write failed. They always answer 200, whatever the real status was.

Determinism: :meth:`FaultServer.force` queues faults for the next requests, in arrival
order. Requests not covered by a forced fault draw from ``random.Random(seed)``: one draw
decides whether to inject (``fault_rate``) and, if so, a second picks the kind from
``fault_kinds`` in the given order. So for a fixed seed, rate and kinds the n-th unforced
request always gets the same fault, provided requests arrive one at a time.

Every wait is bounded (``slow_delay`` is capped at :data:`MAX_SLOW_DELAY`, sockets time
out after :data:`SOCKET_TIMEOUT`) and :meth:`FaultServer.close` cuts open connections, so
closing never waits on a client.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import random
import re
import socket
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, cast, get_args
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

FaultKind = Literal[
    "status_503",
    "status_429",
    "drop_before",
    "drop_after",
    "slow",
    "truncated_json",
    "invalid_json",
]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)

#: Upper bound for ``slow_delay`` so a misconfigured test cannot hang for long.
MAX_SLOW_DELAY = 5.0
#: Idle keep-alive connections and half-sent requests are dropped after this many seconds.
SOCKET_TIMEOUT = 10.0
#: Larger request bodies are refused (413) instead of being read into memory.
MAX_BODY_BYTES = 10 * 1024 * 1024

INVALID_JSON_BODY = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
#: Sent for ``truncated_json`` when the real response has no body to cut (e.g. a 204).
TRUNCATED_FALLBACK_BODY = b'{"results": [{"external_order_id": "'

OrderKey = tuple[str, str | None]
JSONObject = dict[str, Any]

_SHIPMENTS = re.compile(r"^/integrations/(?P<id>\d+)/shipments(?P<delete>/delete)?/?$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass
class _Stored:
    """One stored order and the server-side facts about it."""

    seq: int
    shipment_uuid: str
    order: JSONObject
    created: str
    updated: str


@dataclass
class _Reply:
    """A response computed by the application, before any fault mangles it."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its :class:`FaultServer` and tracks open sockets."""

    daemon_threads = True
    block_on_close = True  # server_close() joins handler threads; close() unblocks them first

    def __init__(self, app: FaultServer, host: str) -> None:
        self.app = app
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__((host, 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that went away (timeouts, drops); report the rest."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or self.app.closing:
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, lets the FaultServer decide, writes (or withholds) the answer."""

    protocol_version = "HTTP/1.1"  # keep-alive, as real clients and pools expect
    server_version = "faultserver/1"
    timeout = SOCKET_TIMEOUT

    @property
    def _server(self) -> _HTTPServer:
        return cast(_HTTPServer, self.server)

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without NODELAY, Nagle plus the client's
        # delayed ACK adds ~40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._server.connections_lock:
            self._server.connections.add(self.connection)

    def finish(self) -> None:
        with self._server.connections_lock:
            self._server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr log; counters on FaultServer say what happened."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        app = self._server.app
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            self._send(_error_reply(411, self.path, "Chunked request bodies are not supported."))
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            self._send(_error_reply(413, self.path, "Invalid or too large Content-Length."))
            return
        # Read the whole body even when the request will be dropped: closing a socket with
        # unread input makes the kernel send RST, and the client would see a reset instead
        # of the clean "disconnected without a response" this fault is meant to produce.
        body = self.rfile.read(length) if length else b""

        fault = app._record_request(self.command, urlsplit(self.path).path)
        if fault == "drop_before":
            self.close_connection = True
            return
        if fault in ("status_503", "status_429"):
            status = 503 if fault == "status_503" else 429
            message = "Service temporarily unavailable." if status == 503 else "Too many requests."
            reply = _error_reply(status, self.path, message)
            reply.headers += (("Retry-After", "0"),)
            self._send(reply)
            return

        reply = app._handle(self.command, self.path, self.headers.get("Authorization"), body)

        if fault == "drop_after":
            self.close_connection = True
            return
        if fault == "slow" and app._sleep_slow():
            self.close_connection = True  # closing: give up instead of answering
            return
        if fault == "truncated_json":
            cut = reply.body[: len(reply.body) // 2] if len(reply.body) >= 2 else b""
            reply = _Reply(200, cut or TRUNCATED_FALLBACK_BODY, _JSON_HEADERS)
        elif fault == "invalid_json":
            reply = _Reply(200, INVALID_JSON_BODY, _JSON_HEADERS)
        self._send(reply)

    def _send(self, reply: _Reply) -> None:
        try:
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if reply.body:
                self.wfile.write(reply.body)
        except OSError:  # the client gave up (e.g. its read timeout fired during "slow")
            self.close_connection = True


_JSON_HEADERS: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)


def _json_reply(status: int, payload: Any, headers: tuple[tuple[str, str], ...] = ()) -> _Reply:
    return _Reply(status, json.dumps(payload).encode("utf-8"), _JSON_HEADERS + headers)


def _error_reply(
    status: int, raw_path: str, message: str, headers: tuple[tuple[str, str], ...] = ()
) -> _Reply:
    """Sendcloud's error shape: {"error": {"code", "request", "message"}}."""
    request = urlsplit(raw_path).path.lstrip("/")
    return _json_reply(
        status, {"error": {"code": status, "request": request, "message": message}}, headers
    )


def _encode_cursor(position: int, reverse: bool) -> str:
    params = {"r": "1", "p": str(position)} if reverse else {"p": str(position)}
    return base64.b64encode(urlencode(params).encode("ascii")).decode("ascii")


def _decode_cursor(cursor: str) -> tuple[int, bool]:
    """Return (position, reverse); raise ValueError for anything we did not issue."""
    try:
        decoded = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (binascii.Error, UnicodeError) as exc:
        raise ValueError("Invalid cursor") from exc
    params = parse_qs(decoded, strict_parsing=True)
    positions = params.get("p", [])
    if len(positions) != 1 or not positions[0].isdigit():
        raise ValueError("Invalid cursor")
    return int(positions[0]), params.get("r", ["0"]) == ["1"]


class FaultServer:
    """In-memory Sendcloud shipment endpoints with deterministic fault injection.

    The server is listening, on an ephemeral port of ``host``, as soon as the constructor
    returns; use it as a context manager or call :meth:`close`. All public methods are
    thread-safe.
    """

    def __init__(
        self,
        *,
        prefix: str = "",
        page_size: int = 100,
        max_batch: int = 100,
        fault_rate: float = 0.0,
        fault_kinds: Iterable[FaultKind] = FAULT_KINDS,
        seed: int = 0,
        slow_delay: float = 0.5,
        known_integrations: Collection[int] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        """Create and start the server.

        :param prefix: path prefix before ``/integrations``, e.g. ``"/api/v2"``.
        :param page_size: results per GET page.
        :param max_batch: most orders accepted by one upsert; more is a 400.
        :param fault_rate: probability (0..1) that an unforced request gets a fault.
        :param fault_kinds: the kinds random faults are drawn from.
        :param seed: seed of the fault RNG.
        :param slow_delay: seconds a ``slow`` fault waits before answering (capped).
        :param known_integrations: integration ids that exist; others are 404. ``None``
            means every id exists.
        """
        if prefix and (not prefix.startswith("/") or prefix.endswith("/")):
            raise ValueError("prefix must be empty or look like '/api/v2'")
        if page_size < 1 or max_batch < 1:
            raise ValueError("page_size and max_batch must be positive")
        self.prefix = prefix
        self.page_size = page_size
        self.max_batch = max_batch
        self.known_integrations = (
            None if known_integrations is None else frozenset(known_integrations)
        )
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._closed = False
        self._forced: list[FaultKind] = []
        self._fault_rate = 0.0
        self._fault_kinds: tuple[FaultKind, ...] = FAULT_KINDS
        self._rng = random.Random(seed)
        self._slow_delay = 0.0
        self.configure_faults(rate=fault_rate, kinds=fault_kinds, slow_delay=slow_delay)
        self._store: dict[int, dict[OrderKey, _Stored]] = {}
        self._seq = 0
        self._requests: Counter[tuple[str, str]] = Counter()
        self._faults: Counter[str] = Counter()
        self._outcomes: Counter[str] = Counter()

        self._httpd = _HTTPServer(self, host)
        self.host = host
        self.port: int = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"faultserver:{self.port}",
            daemon=True,
        )
        self._thread.start()

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port><prefix>``, what a client's base URL should be."""
        return f"http://{self.host}:{self.port}{self.prefix}"

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (which starts with ``/integrations``)."""
        return self.base_url + path

    @property
    def closing(self) -> bool:
        """True once close() has begun; handlers use it to stop waiting and stay quiet."""
        return self._closing.is_set()

    def close(self) -> None:
        """Stop serving, cut open connections, and join every thread. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._closing.set()  # wakes "slow" handlers
        self._httpd.shutdown()  # returns once serve_forever has left its loop
        with self._httpd.connections_lock:
            connections = list(self._httpd.connections)
        for connection in connections:  # unblock handlers waiting for a keep-alive request
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()  # joins handler threads
        self._thread.join(timeout=SOCKET_TIMEOUT)

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -------------------------------------------------------------------- faults

    def configure_faults(
        self,
        *,
        rate: float | None = None,
        kinds: Iterable[FaultKind] | None = None,
        seed: int | None = None,
        slow_delay: float | None = None,
    ) -> None:
        """Change random-fault settings; ``None`` keeps a setting, ``seed`` restarts the RNG."""
        new_kinds = None if kinds is None else tuple(kinds)
        if new_kinds is not None:
            unknown = [kind for kind in new_kinds if kind not in FAULT_KINDS]
            if unknown or not new_kinds:
                raise ValueError(f"fault kinds must be a non-empty subset of {FAULT_KINDS}")
        if rate is not None and not 0.0 <= rate <= 1.0:
            raise ValueError("fault rate must be within [0, 1]")
        if slow_delay is not None and not 0.0 <= slow_delay <= MAX_SLOW_DELAY:
            raise ValueError(f"slow_delay must be within [0, {MAX_SLOW_DELAY}] seconds")
        with self._lock:
            if rate is not None:
                self._fault_rate = rate
            if new_kinds is not None:
                self._fault_kinds = new_kinds
            if seed is not None:
                self._rng = random.Random(seed)
            if slow_delay is not None:
                self._slow_delay = slow_delay

    def force(self, kind: FaultKind, times: int = 1) -> None:
        """Inject ``kind`` into each of the next ``times`` requests (after earlier forces)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        if times < 0:
            raise ValueError("times must not be negative")
        with self._lock:
            self._forced.extend([kind] * times)

    def disable_faults(self) -> None:
        """No more faults: drop pending forced faults and set the random rate to 0."""
        with self._lock:
            self._forced.clear()
            self._fault_rate = 0.0

    def _record_request(self, method: str, path: str) -> FaultKind | None:
        """Count the request and decide its fault, under one lock so the order is stable."""
        with self._lock:
            self._requests[(method, path)] += 1
            fault: FaultKind | None = None
            if self._forced:
                fault = self._forced.pop(0)
            elif self._fault_rate > 0.0 and self._rng.random() < self._fault_rate:
                fault = self._rng.choice(self._fault_kinds)
            if fault is not None:
                self._faults[fault] += 1
            return fault

    def _sleep_slow(self) -> bool:
        """Wait ``slow_delay`` seconds; True if the server started closing meanwhile."""
        with self._lock:
            delay = self._slow_delay
        return self._closing.wait(delay)

    # ------------------------------------------------------------------ counters

    @property
    def requests(self) -> dict[tuple[str, str], int]:
        """Requests received so far, keyed by (method, path without query string)."""
        with self._lock:
            return dict(self._requests)

    def request_count(self, method: str, path: str) -> int:
        """Requests received for ``method`` and ``path`` (include the prefix)."""
        with self._lock:
            return self._requests[(method.upper(), path)]

    @property
    def faults_injected(self) -> dict[str, int]:
        """Faults injected so far, by kind (forced and random alike)."""
        with self._lock:
            return dict(self._faults)

    @property
    def upsert_outcomes(self) -> dict[str, int]:
        """Upserted items by outcome: created, updated, unchanged, error."""
        with self._lock:
            return dict(self._outcomes)

    def orders(self, integration_id: int) -> list[JSONObject]:
        """The stored orders of an integration as GET would list them, in insertion order."""
        with self._lock:
            return [self._present(integration_id, s) for s in self._bucket(integration_id)]

    def reset(self) -> None:
        """Forget stored orders, counters and pending forced faults (settings stay)."""
        with self._lock:
            self._store.clear()
            self._requests.clear()
            self._faults.clear()
            self._outcomes.clear()
            self._forced.clear()

    # --------------------------------------------------------------- application

    def _handle(self, method: str, raw_path: str, authorization: str | None, body: bytes) -> _Reply:
        """Route and run one request; never raises for client mistakes."""
        split = urlsplit(raw_path)
        path = split.path
        if self.prefix:
            if not path.startswith(self.prefix + "/"):
                return _error_reply(404, raw_path, "Not found.")
            path = path[len(self.prefix) :]
        match = _SHIPMENTS.match(path)
        if match is None:
            return _error_reply(404, raw_path, "Not found.")
        if not _authorized(authorization):
            message = (
                "Authentication credentials were not provided."
                if authorization is None
                else "Invalid username/password."
            )
            return _error_reply(
                401, raw_path, message, (("WWW-Authenticate", 'Basic realm="api"'),)
            )
        integration_id = int(match["id"])
        is_delete = match["delete"] is not None
        allowed = "POST" if is_delete else "GET, POST"
        if method not in allowed.split(", "):
            return _error_reply(
                405, raw_path, f'Method "{method}" not allowed.', (("Allow", allowed),)
            )
        if self.known_integrations is not None and integration_id not in self.known_integrations:
            return _error_reply(404, raw_path, "No Integration matches the given query.")
        if method == "GET":
            return self._list(integration_id, split.path, split.query, raw_path)
        try:
            payload = json.loads(body) if body else None
        except ValueError as exc:
            return _error_reply(400, raw_path, f"JSON parse error - {exc}")
        if is_delete:
            return self._delete(integration_id, payload, raw_path)
        return self._upsert(integration_id, payload, raw_path)

    def _bucket(self, integration_id: int) -> Iterable[_Stored]:
        return self._store.get(integration_id, {}).values()

    def _present(self, integration_id: int, stored: _Stored) -> JSONObject:
        """A stored order as GET returns it: the order plus server-side fields."""
        created_at = stored.order.get("created_at")
        updated_at = stored.order.get("updated_at")
        return {
            **stored.order,
            "shipment_uuid": stored.shipment_uuid,
            "integration": integration_id,
            "shipment_created_at": created_at if isinstance(created_at, str) else stored.created,
            "shipment_updated_at": updated_at if isinstance(updated_at, str) else stored.updated,
        }

    def _upsert(self, integration_id: int, payload: Any, raw_path: str) -> _Reply:
        if not isinstance(payload, list):
            return _error_reply(400, raw_path, "Expected a JSON array of orders.")
        if len(payload) > self.max_batch:
            return _error_reply(
                400,
                raw_path,
                f"Batches are limited to {self.max_batch} orders, got {len(payload)}.",
            )
        results: list[JSONObject] = []
        with self._lock:
            bucket = self._store.setdefault(integration_id, {})
            for item in payload:
                results.append(self._upsert_one(bucket, item))
        return _json_reply(200, results)

    def _upsert_one(self, bucket: dict[OrderKey, _Stored], item: Any) -> JSONObject:
        """Apply one order; caller holds the lock."""
        if not isinstance(item, dict):
            self._outcomes["error"] += 1
            return {
                "error": {"non_field_errors": ["Invalid data. Expected a dictionary."]},
                "external_order_id": None,
                "external_shipment_id": None,
                "status": "error",
            }
        order_id = item.get("external_order_id")
        shipment_id = item.get("external_shipment_id")
        if not isinstance(order_id, str) or not order_id:
            self._outcomes["error"] += 1
            return {
                "error": {"external_order_id": ["This field is required."]},
                "external_order_id": order_id,
                "external_shipment_id": shipment_id,
                "status": "error",
            }
        if shipment_id is not None and not isinstance(shipment_id, str):
            self._outcomes["error"] += 1
            return {
                "error": {"external_shipment_id": ["Not a valid string."]},
                "external_order_id": order_id,
                "external_shipment_id": shipment_id,
                "status": "error",
            }
        key: OrderKey = (order_id, shipment_id)
        order = dict(item)
        order.pop("shipment_uuid", None)  # server-assigned; never taken from the client
        stored = bucket.get(key)
        if stored is None:
            self._seq += 1
            now = _now()
            stored = _Stored(self._seq, str(uuid.uuid4()), order, now, now)
            bucket[key] = stored
            status, outcome = "created", "created"
        elif stored.order.get("updated_at") != order.get("updated_at"):
            stored.order = order
            stored.updated = _now()
            status, outcome = "updated", "updated"
        else:
            status, outcome = "updated", "unchanged"  # reported like Sendcloud does
        self._outcomes[outcome] += 1
        return {
            "external_order_id": order_id,
            "external_shipment_id": shipment_id,
            "shipment_uuid": stored.shipment_uuid,
            "status": status,
        }

    def _list(self, integration_id: int, path: str, query: str, raw_path: str) -> _Reply:
        params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "cursor"]
        cursors = parse_qs(query).get("cursor", [])
        position, reverse = 0, False
        if cursors:
            try:
                position, reverse = _decode_cursor(cursors[-1])
            except ValueError:
                return _error_reply(400, raw_path, "Invalid cursor")
        with self._lock:
            stored = list(self._bucket(integration_id))  # ascending seq
            if reverse:
                before = [s for s in stored if s.seq < position]
                page = before[-self.page_size :]
            else:
                page = [s for s in stored if s.seq > position][: self.page_size]
            results = [self._present(integration_id, s) for s in page]
        first_seq = page[0].seq if page else position
        last_seq = page[-1].seq if page else position
        has_next = any(s.seq > last_seq for s in stored)
        has_previous = bool(page) and any(s.seq < first_seq for s in stored)

        def link(cursor: str) -> str:
            query_string = urlencode([*params, ("cursor", cursor)])
            return f"http://{self.host}:{self.port}{path}?{query_string}"

        return _json_reply(
            200,
            {
                "next": link(_encode_cursor(last_seq, False)) if has_next else None,
                "previous": link(_encode_cursor(first_seq, True)) if has_previous else None,
                "results": results,
            },
        )

    def _delete(self, integration_id: int, payload: Any, raw_path: str) -> _Reply:
        if not isinstance(payload, dict):
            payload = {}
        with self._lock:
            bucket = self._store.get(integration_id, {})
            if "shipment_uuid" in payload:
                wanted = payload["shipment_uuid"]
                if not isinstance(wanted, str) or not _UUID.match(wanted):
                    return _error_reply(400, raw_path, "Must be a valid UUID.")
                canonical = str(uuid.UUID(wanted))
                key = next(
                    (k for k, s in bucket.items() if s.shipment_uuid == canonical),
                    None,
                )
            elif "external_order_id" in payload and "external_shipment_id" in payload:
                order_id = payload["external_order_id"]
                shipment_id = payload["external_shipment_id"]
                if not isinstance(order_id, str) or not isinstance(shipment_id, (str, type(None))):
                    return _error_reply(400, raw_path, "External ids must be strings.")
                key = (order_id, shipment_id) if (order_id, shipment_id) in bucket else None
            else:
                return _error_reply(
                    400,
                    raw_path,
                    "Missing shipment_uuid or the pair external_order_id and external_shipment_id",
                )
            if key is None:
                return _error_reply(404, raw_path, "No ShipmentBlob matches the given query.")
            del bucket[key]
        return _Reply(204)


def _authorized(header: str | None) -> bool:
    """Basic auth with a non-empty user and password; the values are not checked."""
    if header is None:
        return False
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return False
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError):
        return False
    user, colon, password = decoded.partition(":")
    return bool(user and colon and password)
