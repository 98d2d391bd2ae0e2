"""Every example in the spec reads into its model, and ``to_dict`` gives the example back.

That includes the two shipment examples whose customs costs are strings where the spec
declares a ``CostsObject``: those values are kept exactly as given, not dropped or coerced.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from conftest import ROOT, load_spec
from generator.build import build_api
from generator.config import load_config
from generator.model import Operation
from generator.problems import Problems
from generator.syntax import Spelling, reader

SPEC = load_spec()
PROBLEMS = Problems()
API = build_api(
    SPEC,
    load_config(ROOT / "spec" / "codegen.yaml", PROBLEMS),
    PROBLEMS,
    spec_file="x",
    spec_sha256="x",
    fallback_package="x",
)
OPS = {op.operation_id: op for r in API.resources for op in r.operations}


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def examples() -> list[Any]:
    cases = []
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            body = op.get("requestBody", {}).get("content", {})
            for media, content in body.items():
                for name, ex in (content.get("examples") or {}).items():
                    cases.append(
                        pytest.param(
                            op["operationId"],
                            "request",
                            media,
                            ex["value"],
                            id=f"{method} {path} request {name}",
                        )
                    )
            for status, response in op.get("responses", {}).items():
                for media, content in (_deref(response).get("content") or {}).items():
                    for name, ex in (content.get("examples") or {}).items():
                        cases.append(
                            pytest.param(
                                op["operationId"],
                                status,
                                media,
                                ex["value"],
                                id=f"{method} {path} {status} {name}",
                            )
                        )
    return cases


def endpoint(op: Operation) -> Any:
    module = importlib.import_module(f"sendcloud_integrations.resources.{op.resource}")
    return getattr(module, "_" + op.method.upper())


def request_parser(op: Operation) -> Any:
    """The generated parser for a request body type, found through the intermediate model."""
    assert op.body is not None
    namespace: dict[str, Any] = {"_s": importlib.import_module("sendcloud_integrations._serde")}
    models = importlib.import_module("sendcloud_integrations.models")
    namespace.update({name: getattr(models, name) for name in models.__all__})  # lazy: not vars()
    expression = reader(op.body.type, "v", Spelling())
    return eval(f"lambda v: {expression}", namespace)  # noqa: S307 - our own IR


def test_the_spec_has_all_its_examples() -> None:
    assert len(examples()) == 34


@pytest.mark.parametrize(("operation_id", "status", "media", "value"), examples())
def test_example_round_trips(operation_id: str, status: str, media: str, value: Any) -> None:
    from sendcloud_integrations import Unrecognized
    from sendcloud_integrations._serde import dump

    assert media == "application/json"
    op = OPS[operation_id]
    if status == "request":
        parsed = request_parser(op)(value)
    elif status.startswith("2"):
        parsed = endpoint(op).parse(value)
    else:
        parsed = endpoint(op).errors[status](value)
    assert not isinstance(parsed, Unrecognized)
    assert dump(parsed) == value


def test_customs_cost_strings_are_kept_as_given() -> None:
    from sendcloud_integrations.models import CustomsInformation, ShipmentsListResponse

    op = OPS["sc-public-v2-orders-get-retrieve_a_list_of_shipments"]
    example = SPEC["paths"]["/integrations/{id}/shipments"]["get"]["responses"]["200"]
    value = example["content"]["application/json"]["examples"]["RetrieveShipmentList"]["value"]
    page = endpoint(op).parse(value)
    assert isinstance(page, ShipmentsListResponse)
    customs = page.results[0].customs_details
    assert isinstance(customs, CustomsInformation)
    assert customs.mismatched_fields == {
        "discount_granted": "3.99",
        "insurance_costs": "9.99",
        "freight_costs": "5.99",
        "other_costs": "2.99",
    }
    assert customs.tax_numbers is not None and customs.tax_numbers.sender
    assert customs.to_dict()["freight_costs"] == "5.99"
