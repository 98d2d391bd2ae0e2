"""The intermediate model: plain dataclasses that say what to generate.

Every decision about names, types, imports and docstrings is taken while building these
(see ``generator.build``); the templates only place what they find here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.types import ListOf, Ref, Type, Union, alias_parser

__all__ = [
    "Api",
    "Auth",
    "Credential",
    "Enum",
    "EnumMember",
    "Field",
    "Model",
    "Operation",
    "Pagination",
    "Parameter",
    "RequestBody",
    "Resource",
    "Response",
    "SecurityScheme",
    "UnionAlias",
    "Webhook",
]


@dataclass
class Field:
    name: str  # Python attribute
    key: str  # JSON property
    type: Type
    required: bool
    description: str = ""
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    default: str | None = None  # a Python literal, already passed through repr()

    @property
    def annotation(self) -> str:
        return self.type.annotation() if self.required else f"{self.type.annotation()} | Unset"

    @property
    def take(self) -> str:
        """The call that reads this field in ``from_dict``."""
        t = self.type
        fn = "required" if self.required else "optional"
        if isinstance(t, Union) and t.is_optional and t.non_null[0].parser() is not None:
            return f"_s.{fn}_or_none(src, bad, {self.key!r}, {t.non_null[0].parser()})"
        parser = t.parser() or f"_parse_{self.name}"
        return f"_s.{fn}(src, bad, {self.key!r}, {parser})"

    @property
    def dump_condition(self) -> str:
        """When ``to_dict`` writes this field ("" for always)."""
        parts = [] if self.required else [f"self.{self.name} is not UNSET"]
        if self.read_only:
            parts.append("not for_request")
        if self.deprecated and not parts:
            parts.append("True")
        return " and ".join(parts)

    @property
    def dump_value(self) -> str:
        if self.type.needs_dump:
            return f"_s.dump(self.{self.name}, for_request)"
        return f"self.{self.name}"

    @property
    def private_parser(self) -> str | None:
        """Body expression of a module-level ``_parse_<name>`` function, when one is needed."""
        if "_parse_" not in self.take:
            return None
        return self.type.parse("v")


@dataclass
class Model:
    name: str
    module: str
    pointer: str
    fields: list[Field]
    description: str = ""
    deprecated: bool = False
    imports: list[str] = field(default_factory=list)  # full import lines, sorted
    late_imports: list[str] = field(default_factory=list)  # after the class, to break cycles

    @property
    def read_only_keys(self) -> list[str]:
        return [f.key for f in self.fields if f.read_only]


@dataclass
class EnumMember:
    name: str
    value: str | int | float | bool
    literal: str  # repr(value)


@dataclass
class Enum:
    name: str
    module: str
    pointer: str
    base: Literal["str", "int"]
    members: list[EnumMember]
    description: str = ""


@dataclass
class UnionAlias:
    """A named ``oneOf``/``anyOf`` (or other non-object) schema: a type alias plus a parser."""

    name: str
    module: str
    pointer: str
    type: Type
    description: str = ""
    imports: list[str] = field(default_factory=list)
    late_imports: list[str] = field(default_factory=list)

    @property
    def parser(self) -> str:
        return alias_parser(self.name)


@dataclass
class Parameter:
    name: str  # Python argument
    key: str  # wire name
    location: Literal["path", "query", "header", "cookie"]
    type: Type
    required: bool
    description: str = ""
    deprecated: bool = False
    explode: bool = True

    @property
    def base_annotation(self) -> str:
        """Arrays are taken as any sequence: a tuple or a list both work."""
        if isinstance(self.type, ListOf):
            return f"Sequence[{self.type.item.annotation()}]"
        return self.type.annotation()

    @property
    def annotation(self) -> str:
        ann = self.base_annotation
        return ann if self.required else f"{ann} | NotGiven"


@dataclass
class RequestBody:
    name: str  # Python argument
    media_type: str
    type: Type
    kind: Literal["json", "bytes", "form"]
    required: bool
    description: str = ""

    @property
    def annotation(self) -> str:
        """A JSON body of models (or unions) also takes plain mappings, read into the models."""
        if self.kind == "form":
            return "Mapping[str, Any]"
        if self.kind == "bytes":
            return "bytes"
        t = self.type
        if isinstance(t, ListOf) and _takes_mapping(t.item):
            return f"Sequence[{t.item.annotation()} | Mapping[str, Any]]"
        return f"{t.annotation()} | Mapping[str, Any]" if _takes_mapping(t) else t.annotation()


def _takes_mapping(t: Type) -> bool:
    return isinstance(t, Union) or (isinstance(t, Ref) and t.kind in ("model", "alias"))


@dataclass
class Response:
    status: str  # "200", "4XX", "default"
    description: str
    media_type: str | None
    type: Type | None  # None: no body
    kind: Literal["json", "bytes", "none"]


@dataclass
class Pagination:
    """A cursor-paginated list: the page lives in ``results``, ``next`` links the following page."""

    item_type: Type
    results_key: str
    next_key: str
    previous_key: str


@dataclass
class Operation:
    operation_id: str
    pointer: str
    resource: str
    method: str  # Python method name
    http_method: str
    path: str
    summary: str
    description: str
    params: list[Parameter]
    body: RequestBody | None
    success: Response
    errors: list[Response]
    deprecated: bool = False
    idempotent: bool = False
    deletes: bool = False  # removes what it names: a 404 on a retry means it is done
    pagination: Pagination | None = None
    batch_size: int | None = None
    batch_error_type: str | None = None
    # Worked out by generator.build once the fields above are known:
    signature: list[str] = field(default_factory=list)  # parameters after self
    endpoint: str = ""  # the Endpoint(...) expression, built once at import time
    request: str = ""  # the Request built from the arguments
    const: str = ""  # name of the module-level Endpoint constant
    endpoint_type: str = ""  # what the endpoint's parser returns
    docstring: str = ""
    returns: str = ""  # sync return annotation; Page[...] becomes AsyncPage[...] for async
    private_parsers: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # name, annotation, expr

    @property
    def path_params(self) -> list[Parameter]:
        return [p for p in self.params if p.location == "path"]

    @property
    def other_params(self) -> list[Parameter]:
        return [p for p in self.params if p.location != "path"]


@dataclass
class Resource:
    attr: str  # client.<attr>
    class_name: str
    module: str
    operations: list[Operation]
    imports: list[str] = field(default_factory=list)
    doc: str = ""
    uses_builtins: bool = False  # a method shadows a builtin used in annotations


@dataclass
class Webhook:
    """A payload the API sends to the user (OpenAPI 3.1 ``webhooks``): a parser for it."""

    key: str  # the webhook's name in the spec
    function: str  # parse_<name>
    type: Type
    description: str = ""

    @property
    def expression(self) -> str:
        return self.type.parse("data")


@dataclass(frozen=True)
class Credential:
    """A constructor argument of the client that holds (part of) a credential."""

    argument: str
    env: str | None = None  # the environment variable read when the argument is not given


@dataclass(frozen=True)
class SecurityScheme:
    """One entry of ``components/securitySchemes`` that the client can send."""

    key: str  # its name in the spec, as operations' ``security`` refer to it
    kind: Literal["basic", "bearer", "api_key", "oauth2_client_credentials"]
    pointer: str
    description: str
    credentials: tuple[Credential, ...]
    location: Literal["header", "query", "cookie"] | None = None  # of an API key
    parameter: str | None = None  # the header, query parameter or cookie of an API key
    token_url: str | None = None
    scopes: tuple[str, ...] = ()


@dataclass
class Auth:
    """The security schemes the client sends, and the spec's top-level requirements.

    ``default`` lists the requirements of the top-level ``security``, each one scheme key,
    or several joined by ``+`` when they must be sent together (``""``: none needed);
    ``None`` when the spec has no top-level ``security``. ``required`` is false when no
    operation needs credentials, so a client may be made without any.
    """

    schemes: list[SecurityScheme] = field(default_factory=list)
    default: tuple[str, ...] | None = None
    required: bool = True

    @property
    def secret_headers(self) -> list[str]:
        """Lower-case names of the headers the schemes send credentials in."""
        return sorted(
            {s.parameter.lower() for s in self.schemes if s.location == "header" and s.parameter}
        )

    @property
    def secret_query_params(self) -> list[str]:
        return sorted({s.parameter for s in self.schemes if s.location == "query" and s.parameter})

    @property
    def arguments(self) -> list[Credential]:
        """Every credential argument of the client's constructor, in scheme order."""
        return [c for s in self.schemes for c in s.credentials]


@dataclass
class Api:
    title: str
    version: str
    description: str
    package: str
    distribution: str
    package_version: str
    user_agent: str
    client_class: str
    async_client_class: str
    env_prefix: str
    base_url: str
    spec_file: str
    spec_sha256: str
    auth: Auth
    models: list[Model]
    enums: list[Enum]
    aliases: list[UnionAlias]
    resources: list[Resource]
    webhooks: list[Webhook] = field(default_factory=list)
    webhook_imports: list[str] = field(default_factory=list)
