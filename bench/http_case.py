"""A GET through the generated client against the same GET through a bare ``httpx.Client``.

Both talk to :mod:`bench.server` on loopback over a kept-alive connection, with the same
Basic credentials. The client's call builds the request, sends it, checks the status and
parses the body into the ``Integration`` model; the bare call only sends it (and, in the
note, also decodes the JSON: what a person using httpx directly would do at the least).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import httpx

from bench.loopback import loopback_server
from bench.report import Row, ratio_row
from bench.stats import batch_timer, interleave, paired_ratios
from bench.workload import ROOT

__all__ = ["get_rows"]


def get_rows(rounds: int) -> list[Row]:
    if str(ROOT / "generated") not in sys.path:
        sys.path.insert(0, str(ROOT / "generated"))
    package: Any = importlib.import_module("sendcloud_integrations")
    with loopback_server(pages=1) as base_url:
        url = f"{base_url}/integrations/1"
        with (
            package.Client("public-key", "secret-key", base_url=base_url) as client,
            httpx.Client(auth=("public-key", "secret-key")) as bare,
        ):
            if client.integrations.get(1).id is None or bare.get(url).status_code != 200:
                raise RuntimeError("the loopback server did not answer as expected")
            cases = {
                "ours": batch_timer(lambda: client.integrations.get(1), 0.3),
                "bare": batch_timer(lambda: bare.get(url), 0.3),
                "bare.json": batch_timer(lambda: bare.get(url).json(), 0.3),
            }
            got = interleave(cases, rounds)
    with_json = paired_ratios(got["ours"], got["bare.json"]).median
    note = f"against a bare `get` followed by `.json()`: {with_json:.2f}×"
    return [
        ratio_row(
            "GET through the client vs a bare `httpx.Client.get`, loopback server",
            got["ours"],
            got["bare"],
            "httpx",
            1.10,
            note,
        ),
    ]
