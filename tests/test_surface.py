"""The public surface as data: what the API-diff report compares."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from generator import pipeline
from generator.config import load_config
from generator.problems import Problems
from generator.surface import Surface, surface


def main_surface() -> Surface:
    problems = Problems()
    config = load_config(ROOT / "spec" / "codegen.yaml", problems)
    spec = (ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml").read_bytes()
    result = pipeline.generate(spec, config, render_files=False, problems=problems)
    assert result.api is not None
    return surface(result.api)


def test_methods_with_their_arguments() -> None:
    s = main_surface()
    assert sorted(s.methods) == [
        "integration_logs.create",
        "integration_logs.list",
        "integration_logs.list_all",
        "integrations.delete",
        "integrations.get",
        "integrations.list",
        "integrations.partial_update",
        "integrations.update",
        "shipments.delete",
        "shipments.list",
        "shipments.upsert",
    ]
    listing = s.methods["shipments.list"]
    assert listing.symbol == "client.shipments.list()"
    assert listing.returns == "Page[ShipmentBlobOrder]"
    args = {p.name: p for p in listing.params}
    assert args["integration_id"].kind == "positional" and args["integration_id"].wire == "path:id"
    assert args["order_number"].kind == "keyword" and not args["order_number"].required
    assert args["external_order_ids"].type == "Sequence[str]"
    upsert = s.methods["shipments.upsert"]
    assert [(p.name, p.kind, p.required) for p in upsert.params] == [
        ("integration_id", "positional", True),
        ("body", "positional", True),
        ("raise_on_error", "keyword", False),
    ]
    assert ("404", "Shipments404Response") in upsert.errors


def test_directions_follow_the_data() -> None:
    s = main_surface()
    assert s.models["ShipmentBlobOrderCreate"].direction == "request"
    assert s.models["ShipmentBlobOrder"].direction == "response"
    assert s.models["IntegrationUpdate"].direction == "both"  # sent, and echoed back
    assert s.models["ParcelItems"].direction == "both"


def test_fields_say_what_callers_depend_on() -> None:
    s = main_surface()
    fields = {f.name: f for f in s.models["Integration"].fields}
    assert fields["id"].read_only and not fields["id"].required
    assert fields["shop_url"].nullable and fields["shop_url"].type == "str | None"
    assert fields["failing_since"].pointer == (
        "#/components/schemas/Integration/properties/failing_since"
    )
    assert "NL" in s.enums["CountryCode"].values


def test_the_surface_is_plain_sorted_json(tmp_path: Path) -> None:
    import json

    data = main_surface().to_json()
    text = json.dumps(data, sort_keys=False)
    assert json.loads(text) == data
    assert list(data["models"]) == sorted(data["models"])
