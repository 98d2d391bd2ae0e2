"""A loopback HTTP server for the client cases: ``python -m bench.server [--pages N]``.

It listens on 127.0.0.1 (a free port, printed as ``PORT <n>`` on the first line of its
output) and answers, whatever the path prefix:

- ``GET .../integrations/<id>``: the spec's example integration;
- ``GET .../integrations/<id>/shipments?cursor=<k>``: page ``k`` of ``N`` pages of 100
  shipments (see :func:`bench.workload.shipment_page`), each page's order numbers and UUIDs
  made unique by the page number, with a ``next`` link on every page but the last.

It runs in its own process, so it does not share the client's interpreter lock, and it
stops by itself when its standard input closes (the bench ended) or after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from bench.workload import integration_body, load_spec, page_bytes, shipment_page

__all__ = ["main", "page_template"]

_PLACEHOLDER = b"@PAGE@"
_INTEGRATION = re.compile(r"/integrations/\d+$")
_SHIPMENTS = re.compile(r"/integrations/\d+/shipments$")


def page_template() -> bytes:
    """The ``results`` array of a page as JSON, with ``@PAGE@`` where the page number goes."""
    page = shipment_page(load_spec())
    for shipment in page["results"]:
        shipment["order_number"] += "-@PAGE@"
        head = shipment["shipment_uuid"].rsplit("-", 1)[0]
        shipment["shipment_uuid"] = f"{head}-@PAGE@{int(shipment['external_order_id']):06d}"
    results = page_bytes(page["results"])
    if not results.count(_PLACEHOLDER):
        raise RuntimeError("the page template has no placeholder")
    return results


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else each response waits ~40 ms for a delayed ACK
    integration: bytes = b"{}"
    results: bytes = b"[]"
    pages: int = 1

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        return

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        url = urlsplit(self.path)
        if _INTEGRATION.search(url.path):
            self._send(200, self.integration)
        elif _SHIPMENTS.search(url.path):
            cursor = int(parse_qs(url.query).get("cursor", ["0"])[0])
            host = self.headers.get("Host", "127.0.0.1")
            links: dict[str, str] = {}
            if cursor + 1 < self.pages:
                links["next"] = f"http://{host}{url.path}?cursor={cursor + 1}"
            if cursor > 0:
                links["previous"] = f"http://{host}{url.path}?cursor={cursor - 1}"
            head = json.dumps(links)[:-1].encode()
            results = self.results.replace(_PLACEHOLDER, b"%06d" % cursor)
            self._send(200, head + (b", " if links else b"") + b'"results": ' + results + b"}")
        else:
            self._send(404, b'{"error": {"code": "not_found", "message": "no such path"}}')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--max-seconds", type=float, default=1200.0)
    args = parser.parse_args(argv)
    _Handler.integration = json.dumps(integration_body(load_spec())).encode()
    _Handler.results = page_template()
    _Handler.pages = args.pages
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True

    def stop_when_parent_goes() -> None:
        sys.stdin.read()
        server.shutdown()

    threading.Thread(target=stop_when_parent_goes, daemon=True).start()
    threading.Timer(args.max_seconds, server.shutdown).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
