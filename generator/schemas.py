"""Step 4a: translate JSON Schema into the type algebra and generated classes.

``SchemaBuilder.type_of`` maps one schema node to a :class:`~generator.types.Type`, creating
:class:`~generator.model.Model`, :class:`~generator.model.Enum` and
:class:`~generator.model.UnionAlias` entries on the way. Component schemas are named after
their key; inline schemas after the path that leads to them (``Parent`` + ``PropertyName``).
Anything that cannot be represented exactly is reported as a warning with its pointer.
"""

from __future__ import annotations

from typing import Any

from generator.model import Enum, EnumMember, Field, Model, UnionAlias
from generator.names import (
    NameRegistry,
    class_name,
    enum_member_name,
    module_name,
    singular,
    snake_name,
)
from generator.problems import Problems
from generator.resolve import Resolver
from generator.text import docstring
from generator.types import (
    AnyJson,
    Const,
    ListOf,
    MapOf,
    Null,
    Prim,
    Ref,
    Type,
    Union,
    nullable,
)

__all__ = ["SchemaBuilder"]

# Names generated code already uses at module level; classes must not take them.
RESERVED = {
    "Any", "Literal", "Mapping", "JsonValue", "JsonObject", "Unset", "UNSET", "Unrecognized",
    "NotGiven", "NOT_GIVEN", "OpenStrEnum", "OpenIntEnum", "Page", "AsyncPage", "Client",
    "AsyncClient", "APIResponse", "datetime", "uuid", "dataclass", "field", "Endpoint",
    "Timeout", "Sequence", "Callable", "TYPE_CHECKING", "TypeAlias", "raw_wrapper",
    "async_raw_wrapper", "options", "raise_item_errors", "warn_deprecated", "WEBHOOKS",
    "OAuth2ClientCredentials", "DEFAULT_BASE_URL", "builtins",
}  # fmt: skip
_FORMATS = {"date-time": "datetime", "date": "date", "uuid": "uuid"}
_PRIMS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_SCALAR_JSON = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def _schema_types(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    types = (
        [t]
        if isinstance(t, str)
        else [x for x in t if isinstance(x, str)] if isinstance(t, list) else []
    )
    if schema.get("nullable") is True and "null" not in types:
        types.append("null")
    return types


def _allows_null(schema: dict[str, Any]) -> bool:
    return "null" in _schema_types(schema)


class SchemaBuilder:
    def __init__(
        self,
        resolver: Resolver,
        problems: Problems,
        names: dict[str, str] | None = None,
    ) -> None:
        self.resolver = resolver
        self.problems = problems
        self.config_names = dict(names or {})
        self.registry = NameRegistry(set(RESERVED))
        self.modules = NameRegistry({"models", "resources", "errors"})
        self.models: dict[str, Model] = {}
        self.enums: dict[str, Enum] = {}
        self.aliases: dict[str, UnionAlias] = {}
        self._by_pointer: dict[str, Type] = {}
        self._enum_by_values: dict[tuple[str, tuple[Any, ...]], str] = {}
        self._claimed: dict[str, str] = {}

    # -- public ------------------------------------------------------------------------

    def build_components(self, schemas: dict[str, Any]) -> None:
        """Create a class for every component schema, in document order."""
        # Claim every component's name first, so that no inline schema can take it.
        for key, schema in schemas.items():
            ptr = f"#/components/schemas/{_escape(key)}"
            self._claimed[ptr] = self.registry.claim(self._component_name(key, schema, ptr))
        for key, schema in schemas.items():
            ptr = f"#/components/schemas/{_escape(key)}"
            self.type_of(schema, ptr, self._claimed[ptr])

    def type_of(self, schema: Any, ptr: str, hint: str) -> Type:
        """The type for ``schema`` found at ``ptr``; ``hint`` names any class it needs."""
        if ptr in self._by_pointer:
            return self._by_pointer[ptr]
        if isinstance(schema, bool):
            return AnyJson() if schema else Null()
        if not isinstance(schema, dict):
            self.problems.warn(ptr, "schema is not an object; typed as any JSON value")
            return AnyJson()
        if "$ref" in schema:
            return self._ref(schema, ptr, hint)
        result = self._type_of(schema, ptr, self.config_names.get(ptr, hint))
        self._by_pointer[ptr] = result
        return result

    def _type_of(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        if "const" in schema:
            return self._const(schema)
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, ptr, hint)
        if isinstance(schema.get("allOf"), list):
            return self._all_of(schema, ptr, hint)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list):
                return self._one_of(schema, ptr, hint, keyword)
        types = _schema_types(schema)
        non_null = [t for t in types if t != "null"]
        if not non_null:
            if types:  # only "null"
                return Null()
            if "properties" in schema or "additionalProperties" in schema:
                non_null = ["object"]
            elif "items" in schema:
                non_null = ["array"]
            else:
                return AnyJson()
        members = [self._single(schema, t, ptr, hint) for t in non_null]
        result: Type = members[0] if len(members) == 1 else Union(tuple(members))
        if "null" in types:
            result = nullable(result)
        return result

    def module_of(self) -> dict[str, str]:
        """The module of every generated class, by class name."""
        found = {m.name: m.module for m in self.models.values()}
        found.update({e.name: e.module for e in self.enums.values()})
        found.update({a.name: a.module for a in self.aliases.values()})
        return found

    # -- keywords ----------------------------------------------------------------------

    def _ref(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        ref = schema["$ref"]
        try:
            target, target_ptr = self.resolver.follow(schema, ptr)
        except LookupError as exc:
            self.problems.error(ptr + "/$ref", str(exc))
            return AnyJson()
        name = hint
        if target_ptr.startswith("#/components/schemas/") and target_ptr.count("/") == 3:
            key = target_ptr.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
            name = self._component_name(key, target, target_ptr)
        elif isinstance(ref, str):
            name = class_name(ref.rsplit("/", 1)[-1])
        t = self.type_of(target, target_ptr, name)
        # OpenAPI 3.1 allows siblings: a ``type`` with null beside the $ref makes it nullable.
        if _allows_null(schema):
            t = nullable(t)
        return t

    def _const(self, schema: dict[str, Any]) -> Type:
        value = schema["const"]
        if not isinstance(value, (str, int, float, bool)) and value is not None:
            return AnyJson()
        t: Type = Const(value)
        return nullable(t) if _allows_null(schema) and value is not None else t

    def _enum(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        values = _unique(v for v in schema["enum"] if v is not None)
        has_null = None in schema["enum"] or _allows_null(schema)
        if values and all(isinstance(v, str) for v in values):
            base = "str"
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            base = "int"
        else:
            consts = tuple(Const(v) for v in values if isinstance(v, (str, int, float, bool)))
            if len(consts) != len(values):
                self.problems.warn(ptr, "enum has non-scalar values; typed as any JSON value")
                return AnyJson()
            if not consts:
                return Null()
            t: Type = consts[0] if len(consts) == 1 else Union(consts)
            return nullable(t) if has_null else t
        key = (base, tuple(values))
        # An inline enum with the values of an earlier one reuses its class; a component
        # enum always gets its own, under the name the spec gives it.
        name = None if ptr in self._claimed else self._enum_by_values.get(key)
        if name is None:
            name = self._claim(ptr, hint)
            self._enum_by_values.setdefault(key, name)
            members = NameRegistry({"name", "value", "parse"})
            enum = Enum(
                name=name,
                module=self.modules.claim(module_name(name), "_"),
                pointer=ptr,
                base=base,  # type: ignore[arg-type]
                members=[
                    EnumMember(members.claim(enum_member_name(v), "_"), v, repr(v)) for v in values
                ],
                description=docstring(
                    schema.get("title") if not schema.get("description") else "",
                    schema.get("description"),
                ),
            )
            self.enums[name] = enum
        json_kind = frozenset({"str"}) if base == "str" else frozenset({"int"})
        t = Ref(name, "enum", json_kind)
        self._by_pointer[ptr] = nullable(t) if has_null else t
        return self._by_pointer[ptr]

    def _all_of(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        parts = schema["allOf"]
        own = {
            k: v
            for k, v in schema.items()
            if k not in ("allOf", "description", "title", "example", "examples", "deprecated")
        }
        if len(parts) == 1 and not own.get("properties") and not own.get("required"):
            t = self.type_of(parts[0], f"{ptr}/allOf/0", hint)
            return nullable(t) if _allows_null(schema) else t
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        origin: dict[str, str] = {}
        sources = [(p, f"{ptr}/allOf/{i}") for i, p in enumerate(parts)] + [(own, ptr)]
        for part, part_ptr in sources:
            for node, node_ptr in self._flatten_all_of(part, part_ptr):
                props = node.get("properties") or {}
                for key, prop in props.items():
                    prop_ptr = f"{node_ptr}/properties/{_escape(key)}"
                    if key in merged["properties"] and _conflicting(
                        self._deref(merged["properties"][key]), self._deref(prop)
                    ):
                        self.problems.warn(
                            prop_ptr,
                            f"allOf members disagree on property {key!r} "
                            f"(also defined at {origin[key]}); the later definition wins",
                        )
                    merged["properties"][key] = prop
                    origin[key] = prop_ptr
                merged["required"].extend(
                    r for r in node.get("required") or [] if isinstance(r, str)
                )
                if node.get("additionalProperties") is not None:
                    merged["additionalProperties"] = node["additionalProperties"]
        for key in ("description", "title", "deprecated"):
            if key in schema:
                merged[key] = schema[key]
        merged["required"] = list(dict.fromkeys(merged["required"]))
        model = self._model(merged, ptr, hint, prop_pointers=origin)
        return nullable(model) if _allows_null(schema) else model

    def _flatten_all_of(self, node: Any, ptr: str) -> list[tuple[dict[str, Any], str]]:
        seen: set[str] = set()
        out: list[tuple[dict[str, Any], str]] = []

        def visit(n: Any, p: str) -> None:
            if isinstance(n, dict) and "$ref" in n:
                try:
                    n, p = self.resolver.follow(n, p)
                except LookupError:
                    return
            if not isinstance(n, dict) or p in seen:
                return
            seen.add(p)
            for i, sub in enumerate(n.get("allOf") or []):
                visit(sub, f"{p}/allOf/{i}")
            for kw in ("oneOf", "anyOf"):
                if n.get(kw):
                    self.problems.warn(
                        p,
                        f"{kw} inside allOf is not merged; its properties are kept "
                        "as additional properties",
                    )
            out.append((n, p))

        visit(node, ptr)
        return out

    def _one_of(self, schema: dict[str, Any], ptr: str, hint: str, keyword: str) -> Type:
        variants = schema[keyword]
        consts = [self._deref(v) for v in variants]
        if consts and all(isinstance(c, dict) and "const" in c for c in consts):
            # oneOf of consts is how 3.1 writes an enum whose values carry descriptions.
            values = [c["const"] for c in consts]
            enum = {k: v for k, v in schema.items() if k not in (keyword, "discriminator")}
            return self._enum({**enum, "enum": values}, ptr, hint)
        members: list[Type] = []
        member_schemas: list[dict[str, Any]] = []
        for i, sub in enumerate(variants):
            sub_ptr = f"{ptr}/{keyword}/{i}"
            name = self.config_names.get(sub_ptr) or f"{hint}Variant{i + 1}"
            members.append(self.type_of(sub, sub_ptr, name))
            member_schemas.append(self._deref(sub) if isinstance(sub, dict) else {})
        has_null = _allows_null(schema) or any(isinstance(m, Null) for m in members)
        # Properties declared beside oneOf apply to every member; keep them, but say so.
        if schema.get("properties"):
            self.problems.warn(ptr, f"properties beside {keyword} are not merged into its members")
        real = [m for m in members if not isinstance(m, Null)]
        unique = _unique(real)
        if len(unique) == 1:
            return nullable(unique[0]) if has_null else unique[0]
        if not unique:
            return Null()
        tag, mapping = self._discriminator(schema, variants, member_schemas, members, ptr)
        required = tuple(
            tuple(str(r) for r in (ms.get("required") or []) if isinstance(r, str))
            for ms in member_schemas
        )
        union: Type = Union(
            tuple(members),
            fallback=True,
            discriminator=tag,
            mapping=mapping,
            required_keys=required,
        )
        if has_null:
            union = nullable(union)
        # A named oneOf (a component) becomes an alias with its own parser.
        if (
            ptr.startswith("#/components/schemas/")
            and ptr.count("/") == 3
            or ptr in self.config_names
        ):
            name = self._claim(ptr, hint)
            alias = UnionAlias(
                name=name,
                module=self.modules.claim(module_name(name), "_"),
                pointer=ptr,
                type=union,
                description=docstring(
                    schema.get("title") if not schema.get("description") else "",
                    schema.get("description"),
                ),
            )
            self.aliases[name] = alias
            ref = Ref(name, "alias", frozenset(union.json_kinds()))
            self._by_pointer[ptr] = ref
            return ref
        return union

    def _discriminator(
        self,
        schema: dict[str, Any],
        variants: list[Any],
        member_schemas: list[dict[str, Any]],
        members: list[Type],
        ptr: str,
    ) -> tuple[str | None, tuple[tuple[str | int | bool, int], ...]]:
        disc = schema.get("discriminator")
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            prop = disc["propertyName"]
            entries: list[tuple[str | int | bool, int]] = []
            refs = [v.get("$ref") if isinstance(v, dict) else None for v in variants]
            for tag, target in (disc.get("mapping") or {}).items():
                if target in refs:
                    entries.append((tag, refs.index(target)))
                elif isinstance(target, str):
                    by_name = [
                        i for i, r in enumerate(refs) if r and r.rsplit("/", 1)[-1] == target
                    ]
                    if by_name:
                        entries.append((tag, by_name[0]))
                    else:
                        self.problems.warn(
                            f"{ptr}/discriminator/mapping", f"{target!r} is not a member"
                        )
            mapped = {i for _, i in entries}
            for i, r in enumerate(refs):
                if r and i not in mapped:
                    entries.append((r.rsplit("/", 1)[-1], i))
                # members with an enum/const on the property also claim those values
                for value in self._tag_values(member_schemas[i], prop) or []:
                    if value not in [t for t, _ in entries]:
                        entries.append((value, i))
            return prop, tuple(entries)
        # Infer: a property whose enum/const values are disjoint across all object members.
        objects = [i for i, m in enumerate(members) if "object" in m.json_kinds()]
        if len(objects) < 2:
            return None, ()
        candidates = None
        for i in objects:
            props = set((member_schemas[i].get("properties") or {}).keys())
            candidates = props if candidates is None else candidates & props
        for prop in sorted(candidates or ()):
            values: list[tuple[str | int | bool, int]] = []
            ok = True
            for i in objects:
                tags = self._tag_values(member_schemas[i], prop)
                if not tags:
                    ok = False
                    break
                values.extend((t, i) for t in tags)
            if ok and len({t for t, _ in values}) == len(values):
                return prop, tuple(values)
        return None, ()

    def _tag_values(self, schema: dict[str, Any], prop: str) -> list[str | int | bool]:
        node = self._deref((schema.get("properties") or {}).get(prop))
        if not isinstance(node, dict):
            return []
        if "const" in node and isinstance(node["const"], (str, int, bool)):
            return [node["const"]]
        if isinstance(node.get("enum"), list):
            return [v for v in node["enum"] if isinstance(v, (str, int, bool))]
        return []

    def _single(self, schema: dict[str, Any], kind: str, ptr: str, hint: str) -> Type:
        if kind == "object":
            return self._object(schema, ptr, hint)
        if kind == "array":
            items = schema.get("items")
            if items is None:
                return ListOf(AnyJson())
            item_hint = singular(hint) if singular(hint) != hint else hint + "Item"
            return ListOf(self.type_of(items, f"{ptr}/items", item_hint))
        if kind in _PRIMS:
            fmt = schema.get("format")
            if kind == "string" and fmt in _FORMATS:
                return Prim(_FORMATS[fmt])  # type: ignore[arg-type]
            return Prim(_PRIMS[kind])  # type: ignore[arg-type]
        self.problems.warn(ptr, f"unknown type {kind!r}; typed as any JSON value")
        return AnyJson()

    def _object(self, schema: dict[str, Any], ptr: str, hint: str) -> Type:
        if schema.get("properties"):
            return self._model(schema, ptr, hint)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return MapOf(self.type_of(extra, f"{ptr}/additionalProperties", hint + "Value"))
        return AnyJson(object_only=True)

    def _model(
        self,
        schema: dict[str, Any],
        ptr: str,
        hint: str,
        prop_pointers: dict[str, str] | None = None,
    ) -> Type:
        if ptr in self._by_pointer:
            return self._by_pointer[ptr]
        name = self._claim(ptr, hint)
        ref = Ref(name, "model")
        self._by_pointer[ptr] = ref  # registered first: recursive schemas refer back to it
        required = {r for r in schema.get("required") or [] if isinstance(r, str)}
        attrs = NameRegistry()
        fields: list[Field] = []
        for key, prop in (schema.get("properties") or {}).items():
            if not isinstance(key, str):
                continue
            prop_ptr = (prop_pointers or {}).get(key, f"{ptr}/properties/{_escape(key)}")
            node = self._deref(prop) if isinstance(prop, dict) else {}
            inline_name = name + class_name(key, fallback="Field")
            t = self.type_of(prop, prop_ptr, inline_name)
            default = node.get("default", prop.get("default") if isinstance(prop, dict) else None)
            fields.append(
                Field(
                    name=attrs.claim(snake_name(key, fallback="field"), "_"),
                    key=key,
                    type=t,
                    # readOnly + required binds responses only: a request never carries it
                    required=key in required and not _pick(prop, node, "readOnly"),
                    description=docstring(
                        *_field_doc(prop if isinstance(prop, dict) else {}, node, default), indent=4
                    ),
                    read_only=bool(_pick(prop, node, "readOnly")),
                    write_only=bool(_pick(prop, node, "writeOnly")),
                    deprecated=bool(_pick(prop, node, "deprecated")),
                    default=repr(default) if default is not None and _is_literal(default) else None,
                )
            )
        self.models[name] = Model(
            name=name,
            module=self.modules.claim(module_name(name), "_"),
            pointer=ptr,
            fields=fields,
            description=docstring(
                schema.get("title") if not schema.get("description") else "",
                schema.get("description"),
            ),
            deprecated=bool(schema.get("deprecated")),
        )
        return ref

    # -- helpers -----------------------------------------------------------------------

    def _component_name(self, key: str, schema: Any, ptr: str) -> str:
        if ptr in self.config_names:
            return self.config_names[ptr]
        name = class_name(key)
        if isinstance(schema, dict) and isinstance(schema.get("enum"), list):
            name = singular(name)
        return name

    def _claim(self, ptr: str, hint: str) -> str:
        return self._claimed.get(ptr) or self.registry.claim(hint)

    def _deref(self, node: Any) -> Any:
        if isinstance(node, dict) and "$ref" in node:
            try:
                return self.resolver.follow(node)[0]
            except LookupError:
                return {}
        return node


def _unique(items: Any) -> list[Any]:
    """Distinct items in order, telling ``1`` and ``True`` (equal in Python) apart."""
    seen: set[tuple[str, Any]] = set()
    out = []
    for item in items:
        key = (type(item).__name__, item if not isinstance(item, (dict, list)) else repr(item))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _pick(prop: Any, node: Any, key: str) -> Any:
    if isinstance(prop, dict) and key in prop:
        return prop[key]
    return node.get(key) if isinstance(node, dict) else None


def _field_doc(prop: dict[str, Any], node: dict[str, Any], default: Any) -> list[str]:
    text = (
        prop.get("description")
        or node.get("description")
        or prop.get("title")
        or node.get("title")
        or ""
    )
    notes = []
    if _pick(prop, node, "deprecated"):
        notes.append("Deprecated.")
    if _pick(prop, node, "readOnly"):
        notes.append("Read-only: never sent in requests.")
    if _pick(prop, node, "writeOnly"):
        notes.append("Write-only: the server does not return it.")
    if default is not None and _is_literal(default):
        notes.append(f"Server default: {default!r}.")
    return [text, " ".join(notes)]


def _is_literal(value: Any) -> bool:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return True
    if isinstance(value, list):
        return all(_is_literal(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_literal(v) for k, v in value.items())
    return False


def _conflicting(a: Any, b: Any) -> bool:
    """Two definitions of one property that cannot both hold: their declared types differ.

    A later definition that only narrows the first (``array`` of ``{}`` to ``array`` of
    ``Station``) is the usual way to refine a wrapper with allOf, not a conflict.
    """
    if not isinstance(a, dict) or not isinstance(b, dict):
        return False
    types_a, types_b = set(_schema_types(a)), set(_schema_types(b))
    return bool(types_a and types_b and not (types_a & types_b))


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
