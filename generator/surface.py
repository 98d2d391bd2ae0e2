"""The client's public surface, as data: what a caller of the generated package can touch.

:func:`surface` reads it off the intermediate model: resources and their methods (with
each parameter's Python name, kind, type and required-ness, and what the method returns),
models with their fields (type, required-ness, nullability, read-only/write-only status),
enums with their values, type aliases, and the error bodies each method can raise. Every
model, enum and alias also says in which direction its data flows (``request``,
``response`` or ``both``), because that decides which changes break callers: a new
required field breaks those who send it, a new enum value only those who must read it.

The API-diff report (``generator.apidiff``) compares two surfaces.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from generator.model import Api, Direction, Operation
from generator.present.fields import is_required
from generator.present.operations import python_signature
from generator.syntax import Spelling, annotation
from generator.types import Null, Type, Union

__all__ = [
    "Direction",
    "Surface",
    "SurfaceAlias",
    "SurfaceEnum",
    "SurfaceField",
    "SurfaceMethod",
    "SurfaceModel",
    "SurfaceParam",
    "surface",
    "surface_from_json",
]


@dataclass(frozen=True)
class SurfaceParam:
    name: str  # the Python argument
    kind: Literal["positional", "keyword"]
    type: str  # as annotated, without "| NotGiven"
    required: bool
    wire: str  # "query:order_number", "body", ...
    pointer: str


@dataclass(frozen=True)
class SurfaceMethod:
    resource: str  # client.<resource>
    name: str
    params: tuple[SurfaceParam, ...]
    returns: str
    errors: tuple[tuple[str, str], ...]  # status, body type
    operation_id: str
    http: str  # "GET /integrations"
    pointer: str
    deprecated: bool = False
    docs: str = ""  # a digest of its documentation: a change there is a documentation change

    @property
    def symbol(self) -> str:
        return f"client.{self.resource}.{self.name}()"


@dataclass(frozen=True)
class SurfaceField:
    name: str
    key: str
    type: str
    required: bool
    nullable: bool
    read_only: bool
    write_only: bool
    pointer: str
    deprecated: bool = False
    docs: str = ""


@dataclass(frozen=True)
class SurfaceModel:
    name: str
    module: str
    direction: Direction
    fields: tuple[SurfaceField, ...]
    pointer: str
    docs: str = ""


@dataclass(frozen=True)
class SurfaceEnum:
    name: str
    module: str
    direction: Direction
    values: tuple[str | int, ...]
    pointer: str
    docs: str = ""


@dataclass(frozen=True)
class SurfaceAlias:
    name: str
    module: str
    direction: Direction
    type: str
    pointer: str


#: Bumped when the report's layout changes: a report of another format is not compared
#: field by field (a new generator would otherwise report its own changes as the API's).
FORMAT = 1


@dataclass
class Surface:
    package: str
    version: str
    format: int = FORMAT
    methods: dict[str, SurfaceMethod] = field(default_factory=dict)  # "resource.method"
    models: dict[str, SurfaceModel] = field(default_factory=dict)
    enums: dict[str, SurfaceEnum] = field(default_factory=dict)
    aliases: dict[str, SurfaceAlias] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data, sorted, for reports and for comparing by eye."""
        return {
            "format": self.format,
            "package": self.package,
            "version": self.version,
            "methods": {k: _plain(asdict(v)) for k, v in sorted(self.methods.items())},
            "models": {k: _plain(asdict(v)) for k, v in sorted(self.models.items())},
            "enums": {k: _plain(asdict(v)) for k, v in sorted(self.enums.items())},
            "aliases": {k: _plain(asdict(v)) for k, v in sorted(self.aliases.items())},
        }


def surface_from_json(data: dict[str, Any]) -> Surface:
    """The inverse of :meth:`Surface.to_json`."""
    out = Surface(str(data.get("package", "")), str(data.get("version", "")))
    layout = data.get("format")
    out.format = layout if isinstance(layout, int) else 0
    for key, m in (data.get("methods") or {}).items():
        params = tuple(SurfaceParam(**p) for p in m["params"])
        errors = tuple((str(a), str(b)) for a, b in m["errors"])
        out.methods[key] = SurfaceMethod(**{**m, "params": params, "errors": errors})
    for key, m in (data.get("models") or {}).items():
        fields = tuple(SurfaceField(**f) for f in m["fields"])
        out.models[key] = SurfaceModel(**{**m, "fields": fields})
    for key, e in (data.get("enums") or {}).items():
        out.enums[key] = SurfaceEnum(**{**e, "values": tuple(e["values"])})
    for key, a in (data.get("aliases") or {}).items():
        out.aliases[key] = SurfaceAlias(**a)
    return out


def _plain(value: Any) -> Any:
    """Tuples as lists, as JSON has them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def surface(api: Api) -> Surface:
    out = Surface(api.package, api.package_version)
    inputs = api.input_names()
    for resource in api.resources:
        for op in resource.operations:
            out.methods[f"{resource.attr}.{op.method}"] = _method(op, inputs)
    for m in api.models:
        fields = tuple(
            SurfaceField(
                name=f.name,
                key=f.key,
                type=_spell(f.type),
                required=is_required(f, m.direction),
                nullable=_nullable(f.type),
                read_only=f.read_only,
                write_only=f.write_only,
                pointer=f"{m.pointer}/properties/{_escape(f.key)}",
                deprecated=f.deprecated,
                docs=_digest(f.description),
            )
            for f in m.fields
        )
        docs = _digest(m.description)
        out.models[m.name] = SurfaceModel(m.name, m.module, m.direction, fields, m.pointer, docs)
    for e in api.enums:
        values = tuple(member.value for member in e.members)
        out.enums[e.name] = SurfaceEnum(
            e.name,
            e.module,
            e.direction,
            values,
            e.pointer,
            _digest(e.description),
        )
    for a in api.aliases:
        out.aliases[a.name] = SurfaceAlias(a.name, a.module, a.direction, _spell(a.type), a.pointer)
    return out


def _method(op: Operation, inputs: Mapping[str, str]) -> SurfaceMethod:
    params = tuple(
        SurfaceParam(a.name, a.kind, a.annotation, a.required, a.wire, a.pointer)
        for a in python_signature(op, Spelling(inputs=inputs))
    )
    returns = "None" if op.success.type is None else _spell(op.success.type)
    if op.success.kind == "bytes":
        returns = "bytes"
    if op.pagination is not None:
        returns = f"Page[{_spell(op.pagination.item_type)}]"
    errors = tuple((r.status, _spell(r.type)) for r in op.errors if r.type is not None)
    return SurfaceMethod(
        resource=op.resource,
        name=op.method,
        params=params,
        returns=returns,
        errors=errors,
        operation_id=op.operation_id,
        http=f"{op.http_method} {op.path}",
        pointer=op.pointer,
        deprecated=op.deprecated,
        docs=_digest(
            op.summary,
            op.description,
            *(p.description for p in op.params),
            op.body.description if op.body else "",
        ),
    )


def _digest(*texts: str) -> str:
    """A short digest of documentation text: equal when, and only when, the text is."""
    return hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:12]


def _spell(t: Type) -> str:
    return annotation(t, Spelling())


def _nullable(t: Type) -> bool:
    return isinstance(t, Null) or (
        isinstance(t, Union) and any(isinstance(m, Null) for m in t.members)
    )


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
