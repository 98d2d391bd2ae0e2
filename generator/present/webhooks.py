"""How the webhook payload parsers (``webhooks.py``) read in Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.imports import ImportBlock, Location
from generator.model import Webhook
from generator.present.context import ApiContext
from generator.present.private import parsed, signature
from generator.syntax import Symbol, literal
from generator.text import docstring

__all__ = ["WebhookView", "WebhooksView", "webhooks_view"]

ROOT = Location(depth=0)


@dataclass
class WebhookView:
    function: str
    key: str  # the webhook's name, as a Python literal
    header: str  # the ``def`` line(s), laid out
    reader: str  # the statement ``parsed: <annotation> = <reader>``, laid out
    doc: str


@dataclass
class WebhooksView:
    hooks: list[WebhookView]
    imports: ImportBlock = field(default_factory=ImportBlock)


def webhooks_view(hooks: list[Webhook], ctx: ApiContext) -> WebhooksView:
    sp = ctx.spelling()
    sp.use(Symbol("from", "collections.abc", "Callable"))
    sp.use(Symbol("from", "typing", "Any"))
    views = [
        WebhookView(
            function=hook.function,
            key=literal(hook.key),
            header=signature(hook.function, "data: Any", hook.type, sp),
            reader=parsed(hook.type, "data", sp),
            doc=docstring(hook.summary, hook.description, indent=4)
            or docstring(f"The {hook.key} webhook.", indent=4),
        )
        for hook in hooks
    ]
    return WebhooksView(views, ctx.imports(sp, ROOT))
