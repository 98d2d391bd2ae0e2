"""Names of generated classes and their modules, handed out once and never twice.

Component schemas claim their names first (their key, or what ``spec/codegen.yaml`` says
for their pointer), so no inline schema can take them; inline schemas are named after the
path that leads to them. Module names are unique ignoring case, because they become files.
"""

from __future__ import annotations

from typing import Any

from generator.names import NameRegistry, class_name, module_name, singular
from generator.schemas.keywords import escape

__all__ = ["RESERVED", "Registry"]

# Names generated code already uses at module level; classes must not take them.
RESERVED = {
    "Any", "Literal", "Mapping", "JsonValue", "JsonObject", "Unset", "UNSET", "Unrecognized",
    "NotGiven", "NOT_GIVEN", "OpenStrEnum", "OpenIntEnum", "Page", "AsyncPage", "Client",
    "AsyncClient", "APIResponse", "datetime", "uuid", "dataclass", "field", "Endpoint",
    "Timeout", "Sequence", "Callable", "TYPE_CHECKING", "TypeAlias", "raw_wrapper",
    "async_raw_wrapper", "options", "raise_item_errors", "warn_deprecated", "WEBHOOKS",
    "OAuth2ClientCredentials", "DEFAULT_BASE_URL", "builtins",
}  # fmt: skip


class Registry:
    """Class and module names for one spec."""

    def __init__(self, configured: dict[str, str]) -> None:
        self._configured = dict(configured)
        self.classes = NameRegistry(set(RESERVED))
        self.modules = NameRegistry({"models", "resources", "errors"}, fold_case=True)
        self._claimed: dict[str, str] = {}  # component schemas
        self._by_pointer: dict[str, str] = {}  # every schema that has a class

    def configured(self, ptr: str) -> str | None:
        """The class name ``spec/codegen.yaml`` gives the schema at ``ptr``, if any."""
        return self._configured.get(ptr)

    def claim_component(self, key: str, schema: Any) -> str:
        ptr = f"#/components/schemas/{escape(key)}"
        wanted = self._configured.get(ptr) or class_name(key)
        is_enum = isinstance(schema, dict) and isinstance(schema.get("enum"), list)
        if ptr not in self._configured and is_enum:
            wanted = singular(wanted)
        self._claimed[ptr] = self.classes.claim(wanted)
        return self._claimed[ptr]

    def component(self, ptr: str) -> str | None:
        """The name claimed for the component schema at ``ptr`` (None: not a component)."""
        return self._claimed.get(ptr)

    def is_component(self, ptr: str) -> bool:
        return ptr in self._claimed

    def from_ref(self, ref: object, hint: str) -> str:
        """A name for the target of a ``$ref`` that is not a component schema."""
        return class_name(ref.rsplit("/", 1)[-1]) if isinstance(ref, str) else hint

    def claim(self, ptr: str, hint: str) -> str:
        """The class name for the schema at ``ptr``: its component name, else ``hint``.

        A pointer keeps the name it was first given.
        """
        if ptr not in self._by_pointer:
            self._by_pointer[ptr] = self._claimed.get(ptr) or self.classes.claim(hint)
        return self._by_pointer[ptr]

    def module(self, name: str) -> str:
        """A module for the class ``name``."""
        return self.modules.claim(module_name(name), "_")

    def taken(self) -> frozenset[str]:
        return self.classes.taken()
