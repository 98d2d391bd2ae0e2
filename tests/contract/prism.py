# What Prism 5.16.0 (node v20.20.2) does with spec/sendcloud-v2-integrations-openapi.yml,
# observed by hand with curl before writing the contract tests:
#
# * Node engines: every @stoplight/prism-* 5.16.0 package declares `node >=24.18.0`.
#   `npm ci` only warns (EBADENGINE) and the server runs fine on node 20.
# * GET /integrations with `Authorization: Basic <base64 user:pass>` -> 200, the spec's
#   static example, `Content-type: application/json`.
# * No credentials -> 401, `content-type: application/problem+json`,
#   `WWW-Authenticate: Basic realm="*",OAuth2`, body
#   {"type": ".../errors#UNAUTHORIZED", "title": "Invalid security scheme used", "status": 401,
#   ...}. Prism only checks the header's shape: `Basic Og==` (":" - empty user and password)
#   passes, `Basic dXNlcg==` ("user", no colon) and `Basic !!!` are 401, `Bearer x` passes
#   (the OAuth2 alternative). The scheme name is case-insensitive.
# * `Prefer: code=404` -> 404 with the spec's first 404 example (application/json,
#   {"error": {"code": 404, "request": ..., "message": ...}}); `Prefer: code=404,
#   example=IntegrationNotFound` picks a named example. For an operation without that status
#   in the spec (e.g. GET /integrations, or code=500 anywhere) Prism answers 404
#   application/problem+json "Requested status code 500 is not defined in the document.".
# * `Prefer: dynamic=true` -> 200 with a json-schema-faker body that changes on every call
#   (lorem-ipsum strings, nulls for nullable fields, extra properties on open objects).
#   Use the `--seed` CLI option for reproducible dynamic bodies.
# * Bad request body: when the operation declares a 400 the answer is that 400 (with the
#   spec's example body, or an empty body when the 400 has no content, as for POST
#   /integrations/{id}/shipments) plus an `sl-violations` header holding a JSON array:
#   sl-violations: [{"location":["request","body"],"severity":"Error","code":"type",
#                    "message":"Request body must be array"}]
#   (one entry per violation; a shipment missing its required fields yields ~24 entries, a
#   header of several KiB). Without a declared 400/422 it is 422 application/problem+json
#   with the list in the body's "validation" key and no sl-violations header (e.g.
#   GET /integrations/abc -> "Request path parameter id must be integer").
# * readOnly properties are ignored in request validation (PUT {"shop_name": 5} -> 200).
# * sl-violations also reports *response* violations: the spec's own static example for
#   GET /integrations/{id}/shipments fails its schema (customs_details.discount_granted and
#   friends are strings in the example, `object,null` in the schema), so that 200 carries
#   four response violations. With `--errors` (extra_args) that request answers 500
#   application/problem+json ".../errors#VIOLATIONS" instead, so do not pass it blindly.
# * A syntactically invalid JSON body (`[`) gets no answer at all: the request hangs until
#   the client times out (curl -m 8 -> timeout) while the server keeps serving others.
#   Always give clients a timeout when talking to Prism.
# * Unknown path -> 404 problem+json NO_PATH_MATCHED_ERROR.
"""Start and stop the pinned Prism mock server that the contract tests talk to.

Prism is a Node program, so the tests cannot import it: they run the binary that
``npm ci --prefix tests/contract`` installs, on a free port of 127.0.0.1, and stop it by
pid.  The binary is started directly (not through ``npx``) so that the pid we hold is the
server's own and terminating it cannot leave an orphan behind.

A missing ``node`` or a missing ``node_modules`` is an error, never a skip: contract tests
that silently do not run are worse than no contract tests.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

CONTRACT_DIR = Path(__file__).resolve().parent
ROOT = CONTRACT_DIR.parent.parent
DEFAULT_SPEC = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"
PRISM_BIN = CONTRACT_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE_JSON = CONTRACT_DIR / "node_modules" / "@stoplight" / "prism-cli" / "package.json"

#: The exact version pinned in package.json; checked so that a stale node_modules is noticed.
PRISM_VERSION = "5.16.0"

INSTALL_HINT = "run `make contract` or `npm ci --prefix tests/contract`"

#: How many times a start is retried when the freshly chosen port was taken meanwhile.
_PORT_ATTEMPTS = 3


class PrismError(RuntimeError):
    """Prism is not installed, did not start in time, or exited unexpectedly."""


def find_free_port(host: str = "127.0.0.1") -> int:
    """Ask the kernel for a free TCP port.

    The port is released before Prism binds it, so another process may grab it in between;
    :meth:`PrismServer.start` retries with a new port when that happens.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def check_prism_installed(prism_bin: Path = PRISM_BIN) -> Path:
    """Return the Prism binary, or raise a :class:`PrismError` saying how to install it."""
    if shutil.which("node") is None:
        raise PrismError(
            "`node` is not on PATH; the contract tests need Node.js to run the Prism mock "
            f"server. Install Node.js, then {INSTALL_HINT}."
        )
    if not prism_bin.exists():
        raise PrismError(f"Prism is not installed ({prism_bin} is missing); {INSTALL_HINT}.")
    if prism_bin == PRISM_BIN:
        installed = _installed_version()
        if installed != PRISM_VERSION:
            raise PrismError(
                f"tests/contract/node_modules holds Prism {installed}, but package.json pins "
                f"{PRISM_VERSION}; {INSTALL_HINT}."
            )
    return prism_bin


def _installed_version() -> str:
    """The version npm installed, read from its package.json (no node start-up needed)."""
    try:
        data = json.loads(PRISM_PACKAGE_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "unknown"
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else "unknown"


class PrismServer:
    """One ``prism mock`` process serving a spec on 127.0.0.1.

    Use it as a context manager, or call :meth:`start` and :meth:`stop` yourself.
    Prism's stdout and stderr go to a temporary file (never a pipe: Prism logs every
    request, and a pipe nobody reads would eventually block it); :meth:`output` returns it,
    also after :meth:`stop`, and start-up errors quote it.
    """

    def __init__(
        self,
        spec: Path = DEFAULT_SPEC,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        extra_args: Sequence[str] = (),
        startup_timeout: float = 30.0,
        stop_timeout: float = 5.0,
        prism_bin: Path = PRISM_BIN,
    ) -> None:
        self.spec = Path(spec)
        self.host = host
        self.port = port
        self.extra_args = tuple(extra_args)
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.prism_bin = prism_bin
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._log_path: Path | None = None
        self._last_output = ""

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``; only valid once started."""
        if self._process is None or self.port is None:
            raise PrismError("Prism is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        """The pid of the Prism (node) process, or None when not running."""
        return None if self._process is None else self._process.pid

    def output(self) -> str:
        """Everything Prism has written to stdout and stderr so far."""
        if self._log_path is None:
            return self._last_output
        # Read through a separate open file: Prism shares the write handle's offset.
        return self._log_path.read_bytes().decode("utf-8", errors="replace")

    def start(self) -> PrismServer:
        """Start Prism and block until it answers HTTP, or raise :class:`PrismError`."""
        if self._process is not None:
            raise PrismError("Prism is already running")
        check_prism_installed(self.prism_bin)
        if not self.spec.is_file():
            raise PrismError(f"spec not found: {self.spec}")
        fixed_port = self.port is not None
        attempts = 1 if fixed_port else _PORT_ATTEMPTS
        for attempt in range(1, attempts + 1):
            if not fixed_port:
                self.port = find_free_port(self.host)
            try:
                self._spawn_and_wait()
                return self
            except PrismError:
                address_taken = "EADDRINUSE" in self.output()
                self.stop()
                if not address_taken or attempt == attempts:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _spawn_and_wait(self) -> None:
        assert self.port is not None
        fd, log_path = tempfile.mkstemp(prefix="prism-", suffix=".log")
        self._log = os.fdopen(fd, "wb")
        self._log_path = Path(log_path)
        env = dict(os.environ)
        env.setdefault("NO_COLOR", "1")  # keep the captured log readable
        env.setdefault("FORCE_COLOR", "0")
        env.setdefault("SCARF_ANALYTICS", "false")  # no install telemetry from tests
        command = [
            str(self.prism_bin),
            "mock",
            str(self.spec),
            "-h",
            self.host,
            "-p",
            str(self.port),
            *self.extra_args,
        ]
        self._process = subprocess.Popen(
            command,
            cwd=CONTRACT_DIR,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            code = self._process.poll()
            if code is not None:
                raise PrismError(
                    f"Prism exited with status {code} before serving "
                    f"{self.host}:{self.port}.\n--- Prism output ---\n{self.output()}"
                )
            if self._answers_http():
                return
            if time.monotonic() >= deadline:
                raise PrismError(
                    f"Prism did not answer on {self.host}:{self.port} within "
                    f"{self.startup_timeout:.0f} s.\n--- Prism output ---\n{self.output()}"
                )
            time.sleep(0.1)

    def _answers_http(self) -> bool:
        """True once Prism returns any HTTP response (``/`` is a 404 NO_PATH_MATCHED)."""
        assert self.port is not None
        connection = http.client.HTTPConnection(self.host, self.port, timeout=1.0)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return True
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        """Terminate Prism by pid, kill it if it ignores that, and reap it. Idempotent."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=self.stop_timeout)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._log_path is not None:
            self._last_output = self.output()
            self._log_path.unlink(missing_ok=True)
            self._log_path = None

    def __enter__(self) -> PrismServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def running_prism(
    spec: Path = DEFAULT_SPEC,
    *,
    extra_args: Sequence[str] = (),
    startup_timeout: float = 30.0,
) -> Iterator[PrismServer]:
    """Run Prism for the duration of a ``with`` block; what a pytest fixture wraps."""
    server = PrismServer(spec, extra_args=extra_args, startup_timeout=startup_timeout)
    with server:
        yield server
