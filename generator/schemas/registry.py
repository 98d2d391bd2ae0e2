"""Names of generated classes and their modules, handed out once and never twice.

Component schemas claim their names first (their key, or what ``spec/codegen.yaml`` says
for their pointer), so no inline schema can take them; inline schemas are named after the
path that leads to them. Module names are unique ignoring case, because they become files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.namelock import NameLock
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
    """Class and module names for one spec.

    Names come, in this order, from ``spec/codegen.yaml``, from the name lock (names
    published earlier, for schemas that still exist), and from the spec itself. The first
    two are reserved before anything is named, so a new schema never takes them.
    """

    def __init__(
        self,
        configured: dict[str, str],
        lock: NameLock | None = None,
        exists: Callable[[str], bool] = lambda ptr: True,
    ) -> None:
        lock = lock or NameLock()
        self._configured = dict(configured)
        self.classes = NameRegistry(set(RESERVED))
        self.modules = NameRegistry({"models", "resources", "errors"}, fold_case=True)
        self._claimed: dict[str, str] = {}  # component schemas
        self._by_pointer: dict[str, str] = {}  # every schema that has a class
        for name in sorted(set(self._configured.values())):
            self.classes.reserve(name)
        live = {p: n for p, n in sorted(lock.classes.items()) if exists(p)}
        taken = set(self._configured.values())
        self._locked = {
            p: n for p, n in live.items() if p not in self._configured and n not in taken
        }
        self._lock_owner: dict[str, str] = {}  # locked name -> the pointer that used it
        for name in sorted(set(self._locked.values())):
            self.classes.reserve(name)
        self._modules = {n: m for n, m in lock.modules.items() if n in set(live.values())}
        for module in sorted(set(self._modules.values())):
            self.modules.reserve(module)
        self._values = lock.enums

    def locked(self, ptr: str) -> str | None:
        """The name the lock keeps for the schema at ``ptr``, if any."""
        return self._locked.get(ptr)

    def locked_pointers(self, name: str) -> list[str]:
        """The live schemas the lock gives the class ``name``."""
        return [p for p, n in self._locked.items() if n == name]

    def locked_values(self, name: str) -> list[str | int] | None:
        """The values the lock recorded for the enum class ``name``."""
        return self._values.get(name)

    def configured(self, ptr: str) -> str | None:
        """The class name ``spec/codegen.yaml`` gives the schema at ``ptr``, if any."""
        return self._configured.get(ptr)

    def claim_component(self, key: str, schema: Any) -> str:
        ptr = f"#/components/schemas/{escape(key)}"
        fixed = self._configured.get(ptr) or self._from_lock(ptr)
        if fixed is not None:
            self._claimed[ptr] = fixed
            return fixed
        wanted = class_name(key)
        if isinstance(schema, dict) and isinstance(schema.get("enum"), list):
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

    def claim(self, ptr: str, hint: str, *, use_lock: bool = True) -> str:
        """The class name for the schema at ``ptr``: its component or locked name, else
        ``hint`` (made unique). A pointer keeps the name it was first given.
        """
        if ptr not in self._by_pointer:
            fixed = self._claimed.get(ptr) or self._configured.get(ptr)
            if fixed is None and use_lock:
                fixed = self._from_lock(ptr)
            self._by_pointer[ptr] = fixed or self.classes.claim(hint)
        return self._by_pointer[ptr]

    def _from_lock(self, ptr: str) -> str | None:
        """The locked name of ``ptr``, unless another schema already uses it."""
        name = self._locked.get(ptr)
        if name is None or self._lock_owner.setdefault(name, ptr) != ptr:
            return None
        return name

    def module(self, name: str) -> str:
        """A module for the class ``name``: the one it had, else one after its name."""
        if name in self._modules:
            return self._modules[name]
        return self.modules.claim(module_name(name), "_")

    def pointers(self) -> dict[str, str]:
        """Every schema pointer that was given a class, with the class."""
        return dict(self._by_pointer)

    def taken(self) -> frozenset[str]:
        return self.classes.taken()
