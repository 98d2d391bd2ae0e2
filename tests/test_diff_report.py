"""The API-diff report's text, Markdown and JSON forms, against committed golden files.

The changes come from two small surfaces built here, so the report's wording is reviewed
as a diff of ``tests/golden/report/*`` whenever it changes (``make golden`` refreshes them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.apidiff import diff_surfaces
from generator.diffcli import render_report
from generator.surface import (
    Surface,
    SurfaceEnum,
    SurfaceField,
    SurfaceMethod,
    SurfaceModel,
    SurfaceParam,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "report"
PTR = "#/components/schemas/Order"


def _surfaces() -> tuple[Surface, Surface]:
    def param(name: str, type_: str, required: bool) -> SurfaceParam:
        return SurfaceParam(
            name, "keyword", type_, required, f"query:{name}", "#/paths/~1orders/get"
        )

    def method(*params: SurfaceParam) -> SurfaceMethod:
        return SurfaceMethod(
            "orders", "list", params, "Page[Order]", (), "listOrders", "GET /orders",
            "#/paths/~1orders/get",
        )  # fmt: skip

    def field(name: str, type_: str, required: bool, nullable: bool = False) -> SurfaceField:
        return SurfaceField(
            name, name, type_, required, nullable, False, False, f"{PTR}/properties/{name}"
        )

    old = Surface("shop", "1.4.2")
    new = Surface("shop", "1.4.2")
    old.methods["orders.list"] = method(param("status", "str", False), param("page", "int", False))
    new.methods["orders.list"] = method(param("state", "str", False), param("page", "int", True))
    old.models["Order"] = SurfaceModel(
        "Order", "order", "both", (field("id", "int", True), field("note", "str", False)), PTR
    )
    new.models["Order"] = SurfaceModel(
        "Order",
        "order",
        "both",
        (field("id", "int", True), field("note", "str | None", False, True),
         field("sku", "str", False)),
        PTR,
    )  # fmt: skip
    colors = "#/components/schemas/Color"
    old.enums["Color"] = SurfaceEnum("Color", "color", "request", ("red", "dark`blue"), colors)
    new.enums["Color"] = SurfaceEnum("Color", "color", "request", ("red", "<b>green</b>"), colors)
    return old, new


def _reports() -> dict[str, str]:
    changes = diff_surfaces(*_surfaces())
    return {
        f"report.{suffix}": render_report(changes, form, "spec.yml@v1", "spec.yml", "1.4.2")
        for form, suffix in (("text", "txt"), ("md", "md"), ("json", "json"))
    }


def test_the_reports_match_their_golden_files() -> None:
    for name, text in _reports().items():
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        assert text == expected, f"{name} changed: run `make golden` and review the diff"


def test_the_json_form_is_a_list_of_change_objects() -> None:
    rows = json.loads(_reports()["report.json"])
    assert isinstance(rows, list) and rows
    for row in rows:
        assert {"kind", "pointer", "symbol", "breaking", "message"} <= set(row)
    kinds = {(r["kind"], r["breaking"]) for r in rows}
    assert ("parameter-renamed", True) in kinds
    assert ("parameter-became-required", True) in kinds
    assert ("enum-value-removed", True) in kinds and ("enum-value-added", False) in kinds
    assert ("field-added", False) in kinds


def test_spec_text_cannot_break_the_markdown() -> None:
    md = _reports()["report.md"]
    assert "<b>" not in md  # an enum value is not markup
    assert "\\<b\\>green\\</b\\>" in md


if __name__ == "__main__":  # `make golden`: write the golden files
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in _reports().items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
    sys.exit(0)
