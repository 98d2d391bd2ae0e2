"""The edit battery: spec changes, what the API-diff report says of them, and the release.

Each edit is applied to a copy of the real spec and regenerated against the committed last
release (``generated/api-report.json`` and ``CHANGELOG.md``) and name lock, as ``make
regenerate`` would. Each test checks the kinds and breaking flags of the changes, the new
version, the changelog section, and that no class the edit did not touch was renamed.
griffe, given the old and the new generated package, is a second opinion: every break it
sees must be one the report calls breaking.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import griffe
import pytest
import yaml

from conftest import ROOT, load_spec
from generator import pipeline
from generator.config import load_config
from generator.namelock import load_lock
from generator.problems import Problems
from generator.release import CHANGELOG, REPORT, Previous
from generator.surface import surface_from_json

Spec = dict[str, Any]
GENERATED = ROOT / "generated"
SCHEMAS = ("components", "schemas")


def schema(spec: Spec, name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def shipments_list(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"]["/integrations/{id}/shipments"]["get"]
    return found


def query(spec: Spec, name: str) -> dict[str, Any]:
    for p in shipments_list(spec)["parameters"]:
        if p.get("name") == name:
            found: dict[str, Any] = p
            return found
    raise KeyError(name)


@dataclass
class Edit:
    name: str
    apply: Callable[[Spec], None]
    kinds: dict[str, bool]  # change kind -> breaking, for the changes the edit must cause
    bump: str  # "major", "minor" or "patch"
    renamed: frozenset[str] = frozenset()  # classes the edit may rename, add or remove


def _set(path: tuple[str, ...], key: str, value: Any) -> Callable[[Spec], None]:
    def apply(spec: Spec) -> None:
        node: Any = spec
        for part in path:
            node = node[part]
        node[key] = value

    return apply


def _required(model: str, key: str, add: bool) -> Callable[[Spec], None]:
    def apply(spec: Spec) -> None:
        required = schema(spec, model).setdefault("required", [])
        if add:
            required.append(key)
        else:
            required.remove(key)

    return apply


def _drop(model: str, key: str) -> Callable[[Spec], None]:
    def apply(spec: Spec) -> None:
        del schema(spec, model)["properties"][key]
        required = schema(spec, model).get("required") or []
        if key in required:
            required.remove(key)

    return apply


def _remove_gbp_from_shipment_blob_order(spec: Spec) -> None:
    schema(spec, "ShipmentBlobOrder")["properties"]["currency"]["enum"].remove("GBP")


def _rename_query(spec: Spec) -> None:
    query(spec, "order_number")["name"] = "order_no"


def _add_query(required: bool) -> Callable[[Spec], None]:
    def apply(spec: Spec) -> None:
        shipments_list(spec)["parameters"].append(
            {"name": "channel", "in": "query", "required": required, "schema": {"type": "string"}}
        )

    return apply


def _remove_operation(spec: Spec) -> None:
    del spec["paths"]["/integrations/{id}"]["delete"]


def _add_operation(spec: Spec) -> None:
    spec["paths"]["/integrations/{id}/ping"] = {
        "get": {
            "operationId": "sc-public-v2-orders-get-ping_an_integration",
            "tags": ["Integrations"],
            "summary": "Ping an integration",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {"204": {"description": "Alive."}},
        }
    }


def _return_type(spec: Spec) -> None:
    get = spec["paths"]["/integrations/{id}"]["get"]
    media = get["responses"]["200"]["content"]["application/json"]
    media["schema"] = {"$ref": "#/components/schemas/IntegrationUpdate"}


def _rename_schema(spec: Spec) -> None:
    text = json.dumps(spec).replace(
        '"#/components/schemas/TaxNumber"', '"#/components/schemas/TaxIdentifier"'
    )
    renamed = json.loads(text)
    renamed["components"]["schemas"]["TaxIdentifier"] = renamed["components"]["schemas"].pop(
        "TaxNumber"
    )
    spec.clear()
    spec.update(renamed)


EDITS = [
    Edit("new optional response field", _set(SCHEMAS + ("Integration", "properties"), "nickname",
         {"type": "string"}), {"field-added": False}, "minor"),
    Edit("new required request field", _set(SCHEMAS + ("ShipmentBlobOrderCreate", "properties"),
         "channel", {"type": "string"}), {}, "minor"),
    Edit("new required field, request", lambda s: (
        _set(SCHEMAS + ("ShipmentBlobOrderCreate", "properties"), "channel",
             {"type": "string"})(s), _required("ShipmentBlobOrderCreate", "channel", True)(s)),
         {"field-added-required": True}, "major"),
    Edit("new required field, response only", lambda s: (
        _set(SCHEMAS + ("ShipmentBlobOrder", "properties"), "channel", {"type": "string"})(s),
        _required("ShipmentBlobOrder", "channel", True)(s)), {"field-added": False}, "minor"),
    Edit("sku becomes required (sent and received)", _required("ParcelItems", "sku", True),
         {"field-became-required": True}, "major"),
    Edit("request field becomes optional", _required("ShipmentBlobOrderCreate", "email", False),
         {"field-became-optional": False}, "patch"),
    Edit("response field becomes optional", _required("ShipmentBlobOrder", "email", False),
         {"field-became-optional": True}, "major"),
    Edit("request field removed", _drop("ShipmentBlobOrderCreate", "weight"),
         {"field-removed": True}, "major"),
    Edit("field type changed", _set(SCHEMAS + ("ParcelItems", "properties", "quantity"), "type",
         "string"), {"field-type-changed": True}, "major"),
    Edit("response field becomes nullable", _set(SCHEMAS + ("ShipmentBlobOrder", "properties",
         "email"), "type", ["string", "null"]), {"field-became-nullable": True}, "major"),
    Edit("request field becomes nullable", _set(SCHEMAS + ("ShipmentBlobOrderCreate",
         "properties", "email"), "type", ["string", "null"]),
         {"field-became-nullable": False}, "patch"),
    Edit("request field no longer nullable", _set(SCHEMAS + ("ShipmentBlobOrderCreate",
         "properties", "to_state"), "type", "string"),
         {"field-became-non-nullable": True}, "major"),
    Edit("request field becomes read-only", _set(SCHEMAS + ("IntegrationUpdate", "properties",
         "webhook_url"), "readOnly", True), {"field-became-read-only": True}, "major"),
    # The component keeps its class; the inline copy that still has XK no longer matches it
    Edit("enum value removed", lambda s: schema(s, "country-codes")["enum"].remove("XK"),
         {"enum-value-removed": True}, "major", frozenset({"ParcelItemsOriginCountry"})),
    Edit("response enum value added", lambda s: schema(s, "ShipmentCreateUpdateLog")[
         "properties"]["status"]["enum"].append("queued"), {"enum-value-added": False}, "minor"),
    Edit("one of two shared enums diverges", _remove_gbp_from_shipment_blob_order,
         {"field-type-changed": True, "class-added": False}, "major",
         frozenset({"ShipmentBlobOrderCurrency2"})),
    Edit("query parameter renamed", _rename_query, {"parameter-renamed": True}, "major"),
    Edit("required query parameter added", _add_query(True),
         {"parameter-added-required": True}, "major"),
    Edit("optional query parameter added", _add_query(False), {"parameter-added": False}, "minor"),
    Edit("query parameter becomes required", lambda s: query(s, "order_number").update(
         required=True), {"parameter-became-required": True}, "major"),
    Edit("query parameter type changed", lambda s: query(s, "sender_address").update(
         schema={"type": "string"}), {"parameter-type-changed": True}, "major"),
    Edit("operation removed", _remove_operation, {"method-removed": True}, "major"),
    Edit("operation added", _add_operation, {"method-added": False}, "minor"),
    Edit("return type changed", _return_type, {"return-type-changed": True}, "major"),
    Edit("schema renamed", _rename_schema, {"class-removed": True, "class-added": False},
         "major", frozenset({"TaxNumber", "TaxIdentifier"})),
    Edit("description changed", _set(SCHEMAS + ("ParcelItems", "properties", "sku"),
         "description", "The stock keeping unit."), {"field-docs-changed": False}, "patch"),
]  # fmt: skip


def _previous() -> Previous:
    report = json.loads((GENERATED / REPORT).read_text(encoding="utf-8"))
    return Previous(surface_from_json(report), (GENERATED / CHANGELOG).read_text("utf-8"))


def regenerate(spec: Spec, render: bool = False) -> pipeline.Result:
    problems = Problems()
    config = load_config(ROOT / "spec" / "codegen.yaml", problems)
    lock = load_lock(ROOT / "spec" / "codegen.lock.yaml", problems)
    raw = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True).encode("utf-8")
    result = pipeline.generate(
        raw,
        config,
        spec_name="sendcloud-v2-integrations-openapi.yml",
        problems=problems,
        previous=_previous(),
        lock=lock,
        render_files=render,
    )
    assert result.api is not None, "\n".join(str(p) for p in problems)
    return result


def _bumped(version: str, kind: str) -> str:
    major, minor, patch = (int(p) for p in version.split("."))
    if kind == "major":
        return f"{major + 1}.0.0"
    return f"{major}.{minor + 1}.0" if kind == "minor" else f"{major}.{minor}.{patch + 1}"


def test_there_are_at_least_twenty_edits() -> None:
    assert len(EDITS) >= 20
    assert len({e.name for e in EDITS}) == len(EDITS)


def test_an_unchanged_spec_is_no_release() -> None:
    result = regenerate(load_spec())
    previous = _previous()
    assert result.changes == []
    assert result.api is not None and previous.surface is not None
    assert result.api.package_version == previous.surface.version
    assert result.api.changelog == previous.changelog


@pytest.mark.parametrize("edit", EDITS, ids=[e.name for e in EDITS])
def test_edit(edit: Edit) -> None:
    spec = copy.deepcopy(load_spec())
    edit.apply(spec)
    result = regenerate(spec)
    assert result.api is not None
    found = {(c.kind, c.breaking) for c in result.changes}
    for kind, breaking in edit.kinds.items():
        assert (kind, breaking) in found, [str(c) for c in result.changes]
    assert any(c.breaking for c in result.changes) == (edit.bump == "major"), result.changes
    previous = _previous().surface
    assert previous is not None
    version = _bumped(previous.version, edit.bump)
    assert result.api.package_version == version
    section = result.api.changelog.split("\n## ")[1]
    assert section.startswith(f"{version}\n")
    for change in result.changes:
        assert f"### {change.group}" in section
    before = set(previous.models) | set(previous.enums) | set(previous.aliases)
    names = {m.name for m in result.api.models} | {e.name for e in result.api.enums}
    names |= {a.name for a in result.api.aliases}
    assert before - edit.renamed <= names, sorted(before - names)
    assert names - before <= edit.renamed, sorted(names - before)


def test_the_diverging_enum_gets_the_new_name() -> None:
    spec = copy.deepcopy(load_spec())
    _remove_gbp_from_shipment_blob_order(spec)
    api = regenerate(spec).api
    assert api is not None
    fields = {m.name: {f.name: f for f in m.fields} for m in api.models}
    assert fields["ShipmentBlobOrderCreate"]["currency"].type.refs() == {
        "ShipmentBlobOrderCurrency"
    }
    assert fields["ShipmentBlobOrder"]["currency"].type.refs() == {"ShipmentBlobOrderCurrency2"}


def test_a_new_operation_gets_a_readable_name_and_a_suggestion() -> None:
    spec = copy.deepcopy(load_spec())
    _add_operation(spec)
    api = regenerate(spec).api
    assert api is not None
    (derived,) = api.derived_names
    op_id, pointer, resource, method = derived
    assert op_id == "sc-public-v2-orders-get-ping_an_integration"
    assert pointer == "#/paths/~1integrations~1{id}~1ping/get"
    assert (resource, method) == ("integrations", "ping")


# -- griffe, a second opinion ----------------------------------------------------------------


def _write_package(result: pipeline.Result, out: Path) -> None:
    """The rendered files, unformatted (griffe reads the syntax, not the layout)."""
    for rel, file in result.files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.header + file.body, encoding="utf-8")


def _griffe(folder: Path) -> Any:
    return griffe.GriffeLoader(search_paths=[str(folder)]).load("sendcloud_integrations")


@pytest.fixture(scope="module")
def committed() -> Any:
    return _griffe(GENERATED)


@pytest.mark.parametrize("edit", EDITS, ids=[e.name for e in EDITS])
def test_griffe_sees_no_break_the_report_missed(
    edit: Edit, committed: Any, tmp_path: Path
) -> None:
    spec = copy.deepcopy(load_spec())
    edit.apply(spec)
    result = regenerate(spec, render=True)
    _write_package(result, tmp_path)
    breaks = [
        b
        for b in griffe.find_breaking_changes(committed, _griffe(tmp_path))
        if not any(part.startswith("_") for part in b.obj.path.split("."))
    ]
    ours = [c for c in result.changes if c.breaking]
    assert not breaks or ours, [f"{b.kind.value} {b.obj.path}" for b in breaks]
