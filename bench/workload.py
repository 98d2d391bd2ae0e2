"""The data the bench works on, all built from the vendored spec's own examples.

- :func:`shipment_page`: a page of 100 shipments (about 245 KB of JSON), each the spec's
  example shipment with its identifiers, names, numbers and dates varied, so no two are
  alike. The variation is seeded: every run parses the same bytes.
- :func:`integration_body`: the spec's example of ``GET /integrations/{id}``.
- :func:`one_word_changed`: the spec with one word of one schema description changed.
- :func:`count_schemas`: how many schema objects a document holds (for the scale plot).

Nothing here imports more than PyYAML and the standard library.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import random
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ROOT",
    "SHIPMENTS_PATH",
    "count_schemas",
    "integration_body",
    "load_spec",
    "main_spec_path",
    "one_word_changed",
    "shared_folder",
    "shipment_page",
    "write_bytecode",
]

ROOT = Path(__file__).resolve().parent.parent
SHIPMENTS_PATH = "/integrations/{id}/shipments"
INTEGRATION_PATH = "/integrations/{id}"
_NAMES = ["John Doe", "Ana Silva", "Jan de Vries", "Émile Zola", "Zhang Wei", "Fatima Khan"]
_CITIES = ["Oss", "Eindhoven", "Berlin", "Lyon", "Porto", "København"]
_COUNTRIES = ["NL", "DE", "FR", "BE", "PT", "DK"]
_STATUSES = [("fulfilled", "Fulfilled"), ("paid", "Paid"), ("pending", "Pending")]


def write_bytecode() -> None:
    """Let this process and its children cache byte-code, as Python does by default.

    With ``PYTHONDONTWRITEBYTECODE`` set (some shells set it), every child would compile the
    generator and the client from source on each run: a cost no installed package pays.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False


def shared_folder() -> Path | None:
    """``shared/`` beside the repository (or beside the folder of git worktrees it is in);
    ``BENCH_SHARED`` names another. ``None`` when there is none: the bench runs without."""
    named = os.environ.get("BENCH_SHARED")
    candidates = [Path(named)] if named else [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    return next((c for c in candidates if (c / "corpus").is_dir()), None)


def main_spec_path() -> Path:
    """The spec ``spec/codegen.yaml`` names."""
    config = yaml.safe_load((ROOT / "spec" / "codegen.yaml").read_text(encoding="utf-8"))
    return ROOT / "spec" / str(config["spec"])


def load_spec(path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((path or main_spec_path()).read_bytes())
    return data


def _example(spec: dict[str, Any], path: str, status: str = "200") -> Any:
    """The first example of a GET response in the spec; a clear error if there is none."""
    try:
        content = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]
        if "example" in content:
            return content["example"]
        return next(iter(content["examples"].values()))["value"]
    except (KeyError, StopIteration, TypeError) as exc:
        raise LookupError(f"the spec has no example for GET {path} {status}: {exc!r}") from exc


def integration_body(spec: dict[str, Any]) -> dict[str, Any]:
    body = _example(spec, INTEGRATION_PATH)
    if not isinstance(body, dict):
        raise LookupError(f"the example of GET {INTEGRATION_PATH} is not an object")
    return body


def _stamp(base: datetime.datetime, minutes: int) -> str:
    return (base + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _vary(shipment: dict[str, Any], i: int, rng: random.Random) -> dict[str, Any]:
    s = copy.deepcopy(shipment)
    base = datetime.datetime(2025, 1, 1, 8, 0, tzinfo=datetime.timezone.utc)
    s["external_order_id"] = str(555413 + i)
    s["external_shipment_id"] = str(777413 + i)
    s["order_number"] = f"OXSDFGHTD-{i:05d}"
    s["name"] = _NAMES[i % len(_NAMES)]
    s["city"] = _CITIES[rng.randrange(len(_CITIES))]
    s["country"] = _COUNTRIES[rng.randrange(len(_COUNTRIES))]
    s["postal_code"] = str(rng.randrange(1000, 9999))
    s["house_number"] = str(rng.randrange(1, 300))
    s["email"] = f"customer{i}@example.com"
    s["integration"] = rng.randrange(1, 50_000)
    s["sender_address"] = rng.randrange(1, 50_000)
    s["shipping_method"] = rng.randrange(1, 5_000)
    s["to_service_point"] = rng.randrange(0, 100_000)
    s["allowed_shipping_methods"] = [rng.randrange(1, 5_000) for _ in range(rng.randrange(1, 4))]
    s["shipment_uuid"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    s["created_at"] = _stamp(base, 7 * i)
    s["updated_at"] = _stamp(base, 7 * i + rng.randrange(1, 600))
    s["total_order_value"] = f"{rng.randrange(100, 99_999) / 100:.2f}"
    s["customs_shipment_type"] = rng.randrange(0, 5)
    status = _STATUSES[rng.randrange(len(_STATUSES))]
    s["order_status"] = {"id": status[0], "message": status[1]}
    for item in s.get("parcel_items") or []:
        item["quantity"] = rng.randrange(1, 6)
        item["value"] = f"{rng.randrange(100, 9_999) / 100:.2f}"
        item["product_id"] = str(rng.randrange(10**9, 10**10))
        item["sku"] = f"WW-{rng.randrange(10**5):05d}"
    return s


def shipment_page(spec: dict[str, Any], count: int = 100, seed: int = 13) -> dict[str, Any]:
    """A page of ``count`` shipments built from the spec's example page."""
    example = _example(spec, SHIPMENTS_PATH)
    results = example.get("results") if isinstance(example, dict) else None
    if not results or not isinstance(results[0], dict):
        raise LookupError(f"the example of GET {SHIPMENTS_PATH} has no results")
    rng = random.Random(seed)
    page = {k: v for k, v in example.items() if k != "results"}
    page["results"] = [_vary(results[0], i, rng) for i in range(count)]
    return page


def page_bytes(page: dict[str, Any]) -> bytes:
    """How a server would send it: ``json.dumps`` with its default separators, UTF-8."""
    return json.dumps(page, ensure_ascii=False).encode()


_DESCRIPTION = re.compile(r"^(?P<head>\s+description: )(?P<text>[A-Za-z][^'\"#:{}\[\]]*)$")


def one_word_changed(raw: str) -> tuple[str, str, str]:
    """The spec text with the last word of one schema description changed, and that line
    before and after. The line is the first one-line description in ``components.schemas``
    that is unique in the file, so exactly one docstring of the client changes."""
    lines = raw.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("components:")), 0)
    start = next((i for i in range(start, len(lines)) if lines[i] == "  schemas:\n"), start)
    for i in range(start, len(lines)):
        match = _DESCRIPTION.match(lines[i].rstrip("\n"))
        if match is None or raw.count(lines[i]) != 1 or len(match["text"].split()) < 2:
            continue
        words = match["text"].split(" ")
        words[-1] = "changed" if words[-1] != "changed" else "altered"
        new_line = match["head"] + " ".join(words) + "\n"
        changed = "".join(lines[:i] + [new_line] + lines[i + 1 :])
        return changed, lines[i].strip(), new_line.strip()
    raise LookupError("no one-line schema description to change in the spec")


_SCHEMA_MAPS = {"schemas", "properties", "patternProperties", "$defs", "definitions"}
_SCHEMA_ONE = {"schema", "items", "additionalProperties", "not", "contains"}
_SCHEMA_LIST = {"allOf", "anyOf", "oneOf", "prefixItems"}
_LITERAL = {"example", "examples", "default", "enum", "const"}


def _schemas_in(node: Any, is_schema: bool) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _schemas_in(item, is_schema)
        return
    if not isinstance(node, dict):
        return
    if is_schema and "$ref" not in node:
        yield node
    for key, value in node.items():
        if key in _LITERAL or (isinstance(key, str) and key.startswith("x-")):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            for member in value.values():
                yield from _schemas_in(member, True)
        elif key in _SCHEMA_ONE or key in _SCHEMA_LIST:
            yield from _schemas_in(value, True)
        else:
            yield from _schemas_in(value, False)


def count_schemas(document: Any) -> int:
    """Schema objects in a document, named or inline, references not counted.

    A node counts when it sits where a schema goes (under ``schemas``, ``properties``,
    ``items``, ``allOf``, a parameter's or a media type's ``schema``...); literal data
    (``example``, ``default``, ``enum``...) and extensions are not looked into.
    """
    return sum(1 for _ in _schemas_in(document, False))
