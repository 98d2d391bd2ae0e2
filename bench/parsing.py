"""Parsing and dumping a page of JSON: the generated models, pydantic v2 and OPC's models.

Every case works on data already in memory and is timed in batches (see
:func:`bench.stats.batch_timer`), interleaved with ``json.loads`` of the page's bytes, the
floor any typed parse sits on. ``from_dict`` starts from the decoded data (what the client
gets from httpx), so the ratio to ``json.loads`` says what typing the data costs on top of
decoding it.

OPC's generated models are imported from the package it wrote in the generation cases.
When they cannot read the page (an exception), the error is reported, and they are measured
on the nearest data they can read: a list of integrations of the same size in bytes.
"""

from __future__ import annotations

import copy
import datetime
import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.flatten_cost import flattened_lines
from bench.parse_floor import read_page, write_page
from bench.report import Row, ratio_row
from bench.stats import Spread, batch_timer, interleave
from bench.workload import ROOT, integration_body, load_spec, page_bytes, shipment_page
from bench.write_inlined import write_page_inlined

__all__ = ["ParseResult", "parse_rows"]

OPC_PAGE_MODEL = "ScPublicV2OrdersGetRetrieveAListOfShipmentsResponse200"
OPC_INTEGRATION_MODEL = "IntegrationObject"
# The floor each target is judged against: for from_dict, a reader that checks nothing (if
# even it misses the target, no reader reaches it); for to_dict, the fastest writer the
# bench has that makes every check to_dict makes (one that makes none drops guarantees).
FROM_DICT_FLOOR = "floor.from_dict"
TO_DICT_FLOOR = "inlined.to_dict"


@dataclass
class ParseResult:
    rows: list[Row]
    details: list[str] = field(default_factory=list)


def _ours() -> Any:
    if str(ROOT / "generated") not in sys.path:
        sys.path.insert(0, str(ROOT / "generated"))
    return importlib.import_module("sendcloud_integrations.models")


def _opc_models(package: Path | None) -> tuple[Any, str]:
    if package is None:
        return None, "OPC's package is not available (see the generation cases)"
    sys.path.insert(0, str(package.parent))
    try:
        return importlib.import_module(f"{package.name}.models"), ""
    except Exception as exc:  # whatever OPC's code raises on import is the finding
        return None, f"importing OPC's models fails: {type(exc).__name__}: {exc}"


def _try(fn: Callable[[], object]) -> str:
    """``""`` when ``fn`` runs, else the exception it raised, in one line."""
    try:
        fn()
        return ""
    except Exception as exc:  # the peer's failure, whatever it is, is reported as measured
        return f"{type(exc).__name__}: {exc}"


def _integrations(spec: dict[str, Any], size: int) -> list[dict[str, Any]]:
    """Integrations from the spec's example, varied, about ``size`` bytes of JSON in all."""
    one = integration_body(spec)
    count = max(1, size // len(json.dumps(one)))
    base = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    items = []
    for i in range(count):
        item = copy.deepcopy(one)
        item["id"] = i + 1
        item["shop_name"] = f"Integration #{i + 1}"
        stamp = (base + datetime.timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for key in ("failing_since", "last_fetch", "last_updated_at"):
            if key in item:
                item[key] = stamp
        items.append(item)
    return items


def _floor(data: dict[str, Any], ours: Any) -> Callable[[], object]:
    """The floor case (:mod:`bench.parse_floor`), once checked to build what ``ours`` is."""
    models = _ours()
    if read_page(data, models) != ours:
        raise RuntimeError("the floor reader does not build what from_dict builds")
    return lambda: read_page(data, models)


def _write_floor(data: dict[str, Any], ours: Any) -> Callable[[], object]:
    """The writer's floor case, once checked to write what ``to_dict`` writes."""
    if write_page(ours) != ours.to_dict() or write_page(ours) != data:
        raise RuntimeError("the floor writer does not write what to_dict writes")
    return lambda: write_page(ours)


def _write_inlined(data: dict[str, Any], ours: Any) -> Callable[[], object]:
    """``to_dict`` with its checks and nested models inline, once checked to write the same."""
    write = write_page_inlined(_ours())
    if write(ours) != ours.to_dict() or write(ours) != data:
        raise RuntimeError("the inlined writer does not write what to_dict writes")
    return lambda: write(ours)


def _floor_rows(got: dict[str, Spread]) -> list[Row]:
    return [
        _vs_json(
            got,
            "floor.from_dict",
            "floor: the same objects read with no tolerance, vs `json.loads`",
            None,
            "bench/parse_floor.py: trusts every key and type; no reader can do less",
        ),
        _vs_json(
            got,
            "floor.to_dict",
            "floor: the same data written with no checks, vs `json.loads`",
            None,
            "bench/parse_floor.py: trusts every field to hold what from_dict put there",
        ),
        _vs_json(
            got,
            "inlined.to_dict",
            "floor: the checks of `to_dict`, a shipment in one function, vs `json.loads`",
            None,
            "bench/write_inlined.py: every test to_dict makes, no method per nested model",
        ),
    ]


def _flatten_note() -> str:
    cost = flattened_lines(ROOT / "generated" / "sendcloud_integrations" / "models")
    return (
        f"writing every nested model inside its parents' `to_dict` would take the "
        f"{cost.models} models' bodies from {cost.lines:,} lines to {cost.flattened:,} "
        f"({cost.objects_only:,} with arrays of models still a call per item)"
    )


def _vs_json(
    got: dict[str, Spread],
    name: str,
    label: str,
    limit: float | None,
    note: str = "",
    floor: str = "",
) -> Row:
    """``name`` against ``json.loads``; ``floor`` names the case that is its floor."""
    least = got[floor] if floor else None
    return ratio_row(label, got[name], got["json.loads"], "json.loads", limit, note, least)


def _page_group(
    rounds: int, opc: Any, opc_error: str, peers: bool
) -> tuple[list[Row], list[str], bool]:
    """The six-row cases on the shipment page; with ``peers``, pydantic and OPC beside them."""
    if not peers:
        return _ours_only(rounds), [], False
    from bench.peers.pydantic_shipments import ShipmentsPage

    spec = load_spec()
    raw = page_bytes(shipment_page(spec))
    data = json.loads(raw)
    ours = _ours().ShipmentsListResponse.from_dict(data)
    peer = ShipmentsPage.model_validate(data)
    details = [
        f"Shipment page: {len(data['results'])} shipments, {len(raw):,} bytes of JSON.",
        f"Round trip `from_dict` -> `to_dict` gives the data back: ours "
        f"{ours.to_dict() == data}, pydantic "
        f"{peer.model_dump(mode='json', exclude_unset=True) == data}.",
    ]
    if data != json.loads(raw):
        raise RuntimeError("from_dict changed its input")
    cases = _own_cases(raw, data, ours)
    cases |= {
        "pydantic.validate": lambda: ShipmentsPage.model_validate(data),
        "pydantic.validate_json": lambda: ShipmentsPage.model_validate_json(raw),
        "pydantic.dump": lambda: peer.model_dump(mode="json", exclude_unset=True),
    }
    opc_page: Any = getattr(opc, OPC_PAGE_MODEL, None)
    if opc is not None and not opc_error:
        if opc_page is None:
            opc_error = f"OPC generated no {OPC_PAGE_MODEL}"
        else:
            opc_error = _try(lambda: opc_page.from_dict(data))
        if not opc_error:
            cases["opc.from_dict"] = lambda: opc_page.from_dict(data)
    got = interleave({name: batch_timer(fn) for name, fn in cases.items()}, rounds)
    rows = [
        *_target_rows(
            got,
            f"peers: pydantic v2 `model_validate` {_r(got, 'pydantic.validate')}, "
            f"OPC {_r(got, 'opc.from_dict') if 'opc.from_dict' in got else 'fails'}",
            f"peer: pydantic v2 `model_dump(mode='json')` {_r(got, 'pydantic.dump')}",
        ),
        _vs_json(
            got,
            "pydantic.validate",
            "peer: pydantic v2 `model_validate` of the data, vs `json.loads`",
            None,
        ),
        _vs_json(
            got,
            "pydantic.validate_json",
            "peer: pydantic v2 `model_validate_json` of the bytes, vs `json.loads`",
            None,
        ),
        _vs_json(
            got,
            "pydantic.dump",
            "peer: pydantic v2 `model_dump(mode='json')`, vs `json.loads`",
            None,
        ),
    ]
    if "opc.from_dict" in got:
        rows.append(
            _vs_json(
                got, "opc.from_dict", "peer: OPC `from_dict` of the page, vs `json.loads`", None
            )
        )
    else:
        rows.append(
            Row("peer: OPC `from_dict` of the page", "fails", "-", None, "-", None, opc_error)
        )
    return rows, details, "opc.from_dict" not in got


def _r(got: dict[str, Spread], name: str) -> str:
    from bench.stats import paired_ratios

    return f"{paired_ratios(got[name], got['json.loads']).median:.2f}×"


def _versus_json(got: dict[str, Spread], ours: str, opc: str, pydantic: str) -> str:
    return (
        f"vs `json.loads`: ours {_r(got, ours)}, OPC {_r(got, opc)}, "
        f"pydantic v2 {_r(got, pydantic)}"
    )


def _nearest_group(rounds: int, opc: Any) -> tuple[list[Row], list[str]]:
    """OPC on the nearest data its models read: integrations, as many bytes as the page."""
    from pydantic import TypeAdapter

    from bench.peers.pydantic_shipments import Integration

    spec = load_spec()
    data = _integrations(spec, len(page_bytes(shipment_page(spec))))
    raw = json.dumps(data).encode()
    ours_cls, opc_cls = _ours().Integration, getattr(opc, OPC_INTEGRATION_MODEL)
    adapter = TypeAdapter(list[Integration])
    ours = [ours_cls.from_dict(x) for x in data]
    theirs = [opc_cls.from_dict(x) for x in data]
    peer = adapter.validate_python(data)
    cases: dict[str, Callable[[], object]] = {
        "json.loads": lambda: json.loads(raw),
        "ours.from_dict": lambda: [ours_cls.from_dict(x) for x in data],
        "opc.from_dict": lambda: [opc_cls.from_dict(x) for x in data],
        "pydantic.validate": lambda: adapter.validate_python(data),
        "ours.to_dict": lambda: [x.to_dict() for x in ours],
        "opc.to_dict": lambda: [x.to_dict() for x in theirs],
        "pydantic.dump": lambda: adapter.dump_python(peer, mode="json", exclude_unset=True),
    }
    got = interleave({name: batch_timer(fn) for name, fn in cases.items()}, rounds)
    what = f"{len(data)} integrations ({len(raw) // 1000} KB)"
    rows = [
        ratio_row(
            f"`from_dict` of {what}: ours vs OPC",
            got["ours.from_dict"],
            got["opc.from_dict"],
            "OPC",
            None,
            _versus_json(got, "ours.from_dict", "opc.from_dict", "pydantic.validate"),
        ),
        ratio_row(
            f"`to_dict` of {what}: ours vs OPC",
            got["ours.to_dict"],
            got["opc.to_dict"],
            "OPC",
            None,
            _versus_json(got, "ours.to_dict", "opc.to_dict", "pydantic.dump"),
        ),
    ]
    details = [f"Nearest data OPC's models read: {what}, from the spec's example integration."]
    return rows, details


def _ours_only(rounds: int) -> list[Row]:
    raw = page_bytes(shipment_page(load_spec()))
    data = json.loads(raw)
    cases = _own_cases(raw, data, _ours().ShipmentsListResponse.from_dict(data))
    got = interleave({name: batch_timer(fn) for name, fn in cases.items()}, rounds)
    return _target_rows(got)


def _own_cases(raw: bytes, data: dict[str, Any], ours: Any) -> dict[str, Callable[[], object]]:
    """``json.loads`` of the page, our ``from_dict`` and ``to_dict`` of it, and their floors."""
    page_cls = type(ours)
    return {
        "json.loads": lambda: json.loads(raw),
        "ours.from_dict": lambda: page_cls.from_dict(data),
        "ours.to_dict": ours.to_dict,
        "floor.from_dict": _floor(data, ours),
        "floor.to_dict": _write_floor(data, ours),
        "inlined.to_dict": _write_inlined(data, ours),
    }


def _target_rows(got: dict[str, Spread], from_note: str = "", to_note: str = "") -> list[Row]:
    """The two rows with targets, each judged against its floor, and the floors' rows."""
    return [
        _vs_json(
            got,
            "ours.from_dict",
            "`from_dict` of a 100-shipment page, vs `json.loads`",
            1.00,
            from_note,
            FROM_DICT_FLOOR,
        ),
        _vs_json(
            got,
            "ours.to_dict",
            "`to_dict` of the same page, vs `json.loads`",
            1.00,
            "; ".join(note for note in (to_note, _flatten_note()) if note),
            TO_DICT_FLOOR,
        ),
        *_floor_rows(got),
    ]


def parse_rows(rounds: int, opc_package: Path | None, peers: bool = True) -> ParseResult:
    opc, opc_error = _opc_models(opc_package) if peers else (None, "")
    rows, details, opc_failed = _page_group(rounds, opc, opc_error, peers)
    if opc is not None and opc_failed and hasattr(opc, OPC_INTEGRATION_MODEL):
        more_rows, more = _nearest_group(rounds, opc)
        rows += more_rows
        details += more
    return ParseResult(rows, details)
