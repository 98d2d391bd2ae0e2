"""Every published example runs against Prism: no example in the docs can be invalid again.

The ``python`` blocks of ``generated/api.md``, ``generated/README.md`` and the repository's
``README.md`` are run one by one, as written, with the client pointed at Prism (see
``published.py`` for how, and for the two answers of the mock it adjusts). A block passes
when it runs to the end and every request it made drew no request violation from Prism
and a 2xx answer. A block of ``api.md`` must also have called the API at least once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import sendcloud_integrations
from sendcloud_integrations import AsyncClient, Client, errors
from sendcloud_integrations._client import SECURITY

from .published import (
    ROOT,
    AsyncPrismTransport,
    Block,
    PrismTransport,
    Recorder,
    published_examples,
)

EXAMPLES = published_examples()
TIMEOUT = 10.0
#: Prism closes idle connections after 5 s; closing ours sooner avoids racing it (no retries).
LIMITS = httpx.Limits(keepalive_expiry=2.0)


def test_every_document_publishes_examples() -> None:
    """A document whose examples vanished (a broken fence, say) would otherwise pass."""
    report = json.loads((ROOT / "generated" / "api-report.json").read_text(encoding="utf-8"))
    by_document = Counter(block.document for block in EXAMPLES)
    assert by_document["generated/api.md"] >= len(report["methods"]), by_document
    # first call, auth (one per scheme), async, pagination, batching, errors, options, raw
    assert by_document["generated/README.md"] >= 8, by_document
    assert by_document["README.md"] >= 1, by_document


@pytest.fixture
def recorder(prism_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """``Client`` and ``AsyncClient`` replaced by twins on Prism that record every exchange."""
    found = Recorder()
    opened: list[httpx.Client] = []

    class PrismClient(Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            transport = PrismTransport(found, LIMITS)
            http = httpx.Client(transport=transport, timeout=TIMEOUT)
            opened.append(http)
            kwargs.update(base_url=prism_url, http_client=http)
            kwargs.setdefault("max_retries", 0)
            super().__init__(*args, **kwargs)

    class AsyncPrismClient(AsyncClient):
        """Its connections live in the example's event loop, so they close with it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            transport = AsyncPrismTransport(found, LIMITS)
            self._prism_http = httpx.AsyncClient(transport=transport, timeout=TIMEOUT)
            kwargs.update(base_url=prism_url, http_client=self._prism_http)
            kwargs.setdefault("max_retries", 0)
            super().__init__(*args, **kwargs)

        async def close(self) -> None:
            await super().close()
            await self._prism_http.aclose()

    monkeypatch.setattr(sendcloud_integrations, "Client", PrismClient)
    monkeypatch.setattr(sendcloud_integrations, "AsyncClient", AsyncPrismClient)
    for scheme in SECURITY.schemes:
        for credential in scheme.credentials:
            if credential.env:
                monkeypatch.setenv(credential.env, f"example-{credential.argument}")
    yield found
    for http in opened:
        http.close()


@pytest.mark.parametrize("block", EXAMPLES, ids=lambda b: b.name)
def test_published_example_runs_against_prism(block: Block, recorder: Recorder) -> None:
    program = compile(block.code, block.name, "exec")
    exec(program, {"__name__": "__main__"})  # noqa: S102 - our own published examples
    for exchange in recorder.exchanges:
        assert not exchange.request_violations, (exchange, block.code)
        assert 200 <= exchange.status < 300, (exchange, block.code)
    if block.document == "generated/api.md":
        assert recorder.exchanges, f"{block.name} made no request"


def test_an_example_that_breaks_the_spec_fails(recorder: Recorder) -> None:
    """The harness has teeth: a body the spec refuses is a failure, with Prism's reason."""
    code = (
        "from sendcloud_integrations import Client\n\n"
        "client = Client()\n"
        'client.integrations.update(1, {"shop_url": 5})\n'
    )
    with pytest.raises(errors.BadRequestError):
        exec(compile(code, "<invalid>", "exec"), {"__name__": "__main__"})  # noqa: S102
    (exchange,) = recorder.exchanges
    assert exchange.status == 400
    assert any("shop_url" in v for v in exchange.request_violations), exchange


def test_the_mock_answers_are_adjusted_only_as_documented() -> None:
    found = Recorder()
    url = "http://127.0.0.1:4010/integrations/1/shipments"
    batch = httpx.Request("POST", url, json=[{"n": 1}])
    answer = httpx.Response(200, json=[{"a": 1}, {"b": 2}], request=batch)
    assert json.loads(found.record(batch, answer)) == [{"a": 1}]
    page = httpx.Request("GET", url)
    foreign = httpx.Response(200, json={"next": "https://example.com", "results": []})
    assert json.loads(found.record(page, foreign)) == {"results": []}
    own = httpx.Response(200, json={"next": f"{url}?cursor=x", "results": []})
    assert json.loads(found.record(page, own)) == {"next": f"{url}?cursor=x", "results": []}
    violated = httpx.Response(
        400,
        json={},
        headers={"sl-violations": json.dumps(
            [{"location": ["request", "body"], "message": "bad", "code": "type"}]
        )},
    )  # fmt: skip
    found.record(page, violated)
    assert found.exchanges[-1].request_violations == ("request.body: bad",)
