"""Running the published examples against Prism: which blocks, and a client that records.

The examples are the ``python`` code blocks of ``generated/api.md``, ``generated/README.md``
and the repository's ``README.md``, found as CommonMark finds fenced blocks
(``generator.reference.markdown.code_blocks``); spec text in the docs can never add one,
because the generator relabels fences that come from the spec.

Each block runs as written, with ``Client``/``AsyncClient`` replaced by subclasses that talk
to Prism through :class:`PrismTransport`, which records every exchange with the violations
Prism reports. Prism is a mock, and two of its answers are not what a server would send;
the transport adjusts exactly those two, so an example that is right for the API runs:

- every page of a list links to ``https://example.com`` as ``next`` (the spec's static
  example), so walking the pages would never end: a ``next`` link to another host than
  Prism's is dropped, which ends the listing there;
- every upsert gets the spec's two-result example whatever was sent, and the client
  refuses results it cannot pair one to one with its items: a JSON array answering a
  shorter JSON array is cut to the request's length.

The requests themselves are never changed: Prism validates each one against the spec.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from generator.reference.markdown import code_blocks

ROOT = Path(__file__).resolve().parent.parent.parent
DOCUMENTS = ("generated/api.md", "generated/README.md", "README.md")


@dataclass(frozen=True)
class Block:
    document: str
    line: int
    code: str

    @property
    def name(self) -> str:
        return f"{self.document}:{self.line}"


def published_examples(root: Path = ROOT) -> list[Block]:
    """Every ``python`` block of the published documents, in document order."""
    return [
        Block(document, block.line, block.code)
        for document in DOCUMENTS
        for block in code_blocks((root / document).read_text(encoding="utf-8"))
        if block.info == "python"
    ]


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    status: int
    request_violations: tuple[str, ...]


@dataclass
class Recorder:
    exchanges: list[Exchange] = field(default_factory=list)

    def record(self, request: httpx.Request, response: httpx.Response) -> bytes:
        """Record one exchange; return the body the client is to see (see module docstring)."""
        raw = response.headers.get("sl-violations")
        found = json.loads(raw) if raw else []
        violations = tuple(
            f"{'.'.join(str(p) for p in v['location'])}: {v['message']}"
            for v in found
            if v["location"][:1] == ["request"]
        )
        self.exchanges.append(
            Exchange(request.method, request.url.path, response.status_code, violations)
        )
        return _adjusted(request, response)


def _adjusted(request: httpx.Request, response: httpx.Response) -> bytes:
    if not response.headers.get("content-type", "").startswith("application/json"):
        return response.content
    try:
        sent: Any = json.loads(request.content) if request.content else None
        received: Any = json.loads(response.content)
    except ValueError:
        return response.content
    if isinstance(sent, list) and isinstance(received, list) and len(received) > len(sent):
        return json.dumps(received[: len(sent)]).encode()
    link = received.get("next") if isinstance(received, dict) else None
    if isinstance(link, str) and httpx.URL(link).host != request.url.host:
        del received["next"]
        return json.dumps(received).encode()
    return response.content


def _rebuilt(response: httpx.Response, content: bytes) -> httpx.Response:
    headers = [
        (k, v) for k, v in response.headers.multi_items()
        if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")
    ]  # fmt: skip
    return httpx.Response(response.status_code, headers=headers, content=content)


class PrismTransport(httpx.BaseTransport):
    def __init__(self, recorder: Recorder, limits: httpx.Limits) -> None:
        self.recorder = recorder
        self.inner = httpx.HTTPTransport(limits=limits)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        return _rebuilt(response, self.recorder.record(request, response))

    def close(self) -> None:
        self.inner.close()


class AsyncPrismTransport(httpx.AsyncBaseTransport):
    def __init__(self, recorder: Recorder, limits: httpx.Limits) -> None:
        self.recorder = recorder
        self.inner = httpx.AsyncHTTPTransport(limits=limits)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        return _rebuilt(response, self.recorder.record(request, response))

    async def aclose(self) -> None:
        await self.inner.aclose()
