"""The intermediate model: plain dataclasses that say *what* to generate.

Names, types, locations and flags are decided while building these (``generator.build``).
They hold no Python source: how each of them reads in Python is decided at render time
(``generator.syntax`` for types, ``generator.present`` for modules). Text from the spec
(descriptions, summaries) is kept as written; it is escaped only where it is placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.namelock import NameLock
from generator.types import Type

__all__ = [
    "Api",
    "Direction",
    "Auth",
    "Credential",
    "Enum",
    "EnumMember",
    "Field",
    "JsonLiteral",
    "Model",
    "Operation",
    "Pagination",
    "Parameter",
    "ParameterLocation",
    "RequestBody",
    "Resource",
    "Response",
    "SecurityScheme",
    "UnionAlias",
    "Webhook",
]

JsonLiteral = str | int | float | bool | None | list["JsonLiteral"] | dict[str, "JsonLiteral"]
ParameterLocation = Literal["path", "query", "header", "cookie"]
#: Which way a class's data flows (see ``generator.directions``).
Direction = Literal["request", "response", "both", "none"]


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
    default: JsonLiteral = None  # the spec's default (None: none given, or null)
    notes: list[str] = field(default_factory=list)  # what the generator adds to its docs


@dataclass
class Model:
    """A JSON object with declared properties: a dataclass."""

    name: str
    module: str
    pointer: str
    fields: list[Field]
    description: str = ""
    deprecated: bool = False
    direction: Direction = "none"
    param: str = ""  # the TypedDict that takes it as a plain dict, when it is sent

    @property
    def read_only_keys(self) -> list[str]:
        return [f.key for f in self.fields if f.read_only]


@dataclass
class EnumMember:
    name: str
    value: str | int


@dataclass
class Enum:
    name: str
    module: str
    pointer: str
    base: Literal["str", "int"]
    members: list[EnumMember]
    description: str = ""
    direction: Direction = "none"
    literal: str = ""  # the Literal[...] alias of its values, accepted wherever it is sent


@dataclass
class UnionAlias:
    """A named ``oneOf``/``anyOf`` (or other non-object) schema: a type alias plus a parser."""

    name: str
    module: str
    pointer: str
    type: Type
    description: str = ""
    direction: Direction = "none"


@dataclass
class Parameter:
    name: str  # Python argument
    key: str  # wire name
    location: ParameterLocation
    type: Type
    required: bool
    description: str = ""
    deprecated: bool = False
    explode: bool = True
    pointer: str = ""


@dataclass
class RequestBody:
    name: str  # Python argument
    media_type: str
    type: Type
    kind: Literal["json", "bytes", "form"]
    required: bool
    description: str = ""


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
    # The security requirements it accepts (scheme keys, "a+b" for schemes sent together,
    # "" for anonymous); () sends no credentials; None: the client's default.
    security: tuple[str, ...] | None = None

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


@dataclass
class Webhook:
    """A payload the API sends to the user (OpenAPI 3.1 ``webhooks``): a parser for it."""

    key: str  # the webhook's name in the spec
    function: str  # parse_<name>
    type: Type
    summary: str = ""
    description: str = ""


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
    changelog: str = ""  # CHANGELOG.md, with this version's section (generator.release)
    report: str = ""  # api-report.json: the public surface of this version
    lock: NameLock = field(default_factory=NameLock)  # the names this run published
    # operations named from the spec alone: op id, pointer, resource, method
    derived_names: list[tuple[str, str, str, str]] = field(default_factory=list)

    def module_of(self) -> dict[str, str]:
        """The module (under ``models/``) of every generated class, by class name."""
        found = {m.name: m.module for m in self.models}
        found.update({e.name: e.module for e in self.enums})
        found.update({a.name: a.module for a in self.aliases})
        found.update({m.param: m.module for m in self.models if m.param})
        found.update({e.literal: e.module for e in self.enums if e.literal})
        return found

    def input_names(self) -> dict[str, str]:
        """Class -> the companion that a caller may pass instead (a TypedDict, a Literal)."""
        found = {m.name: m.param for m in self.models if m.param}
        found.update({e.name: e.literal for e in self.enums if e.literal})
        return found
