"""Listening sockets on 127.0.0.1 that record every connection a case makes to them.

A spec's external ``$ref`` points at these (``@HTTP_PORT@``...). The only correct number of
connections is zero. Each server answers at once, so a generator that does connect fails
fast instead of waiting for a timeout: HTTP gets a canary document (whose text must then not
be echoed anywhere), FTP gets "421" and HTTPS a closed connection.
"""

from __future__ import annotations

import json
import socket
import threading
from types import TracebackType

from hostile.guard import exempt_current_thread
from hostile.sandbox import CANARY

__all__ = ["CanaryServer", "CanaryServers"]

_BODY = json.dumps({"components": {"schemas": {"Secret": {"description": CANARY}}},
                    "type": "object", "description": CANARY}).encode()  # fmt: skip
_HTTP = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(_BODY), _BODY)
)


class CanaryServer:
    """One listening socket and the thread that accepts on it."""

    def __init__(self, protocol: str) -> None:
        self.protocol = protocol
        self.accepted: list[str] = []
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"canary-{protocol}", daemon=True)
        self._thread.start()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.accepted)

    def _serve(self) -> None:
        exempt_current_thread()
        while not self._stop.is_set():
            try:
                conn, peer = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.accepted.append(f"{self.protocol} connection from {peer[0]}:{peer[1]}")
            try:
                self._answer(conn)
            except OSError:
                pass
            finally:
                conn.close()

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(1.0)
        if self.protocol == "HTTP":
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            conn.sendall(_HTTP)
        elif self.protocol == "FTP":
            conn.sendall(b"421 canary: service not available\r\n")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


class CanaryServers:
    """The HTTP, HTTPS and FTP canaries, as a context manager."""

    def __init__(self) -> None:
        self.servers = {p: CanaryServer(p) for p in ("HTTP", "HTTPS", "FTP")}

    @property
    def ports(self) -> dict[str, int]:
        return {name: server.port for name, server in self.servers.items()}

    def mark(self) -> dict[str, int]:
        """How many connections each server has accepted so far."""
        return {name: server.count for name, server in self.servers.items()}

    def accepted_since(self, mark: dict[str, int]) -> list[str]:
        return [a for name, s in self.servers.items() for a in s.accepted[mark[name] :]]

    def __enter__(self) -> CanaryServers:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for server in self.servers.values():
            server.close()
