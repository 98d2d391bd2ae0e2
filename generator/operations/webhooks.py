"""Webhooks (OpenAPI 3.1): a parser for each payload the API sends to the user."""

from __future__ import annotations

from typing import Any

from generator.model import Webhook
from generator.names import NameRegistry, class_name, snake_name
from generator.operations.bodies import request_body
from generator.operations.context import OperationContext, mapping_at, text
from generator.operations.paths import HTTP_METHODS
from generator.problems import pointer
from generator.types import Binary

__all__ = ["build_webhooks"]


def build_webhooks(c: OperationContext, spec: dict[str, Any]) -> list[Webhook]:
    found: list[Webhook] = []
    functions = NameRegistry()
    hooks = mapping_at(spec, "webhooks")
    for key, item in hooks.items():
        try:
            item, item_ptr = c.resolver.follow(item, pointer("webhooks", key))
        except LookupError:
            continue
        if not isinstance(item, dict):
            continue
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            ptr = f"{item_ptr}/{method}"
            hint = class_name(str(key)) + "Webhook"
            body = request_body(c, op, ptr, hint, "data")
            if body is None:
                c.problems.warn(
                    ptr, "webhook without a request body: nothing to parse", code="W-WEBHOOK"
                )
                continue
            suffix = "" if method == "post" else f"_{method}"
            function = f"parse_{snake_name(str(key)).rstrip('_')}{suffix}"
            found.append(
                Webhook(
                    key=str(key),
                    function=functions.claim(function, "_"),
                    type=body.type if body.kind == "json" else Binary(),
                    summary=text(op.get("summary")),
                    description=text(op.get("description")),
                )
            )
    return found
