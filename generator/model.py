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
    "Auth",
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
    "UnionAlias",
    "Webhook",
]

JsonLiteral = str | int | float | bool | None | list["JsonLiteral"] | dict[str, "JsonLiteral"]
ParameterLocation = Literal["path", "query", "header", "cookie"]
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


@dataclass
class Model:
    """A JSON object with declared properties: a dataclass."""

    name: str
    module: str
    pointer: str
    fields: list[Field]
    description: str = ""
    deprecated: bool = False

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


@dataclass
class UnionAlias:
    """A named ``oneOf``/``anyOf`` (or other non-object) schema: a type alias plus a parser."""

    name: str
    module: str
    pointer: str
    type: Type
    description: str = ""


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


@dataclass
class Auth:
    basic: bool = False
    basic_username: str = "username"
    basic_password: str = "password"
    bearer: bool = False
    oauth2_token_url: str | None = None
    oauth2_scopes: list[str] = field(default_factory=list)
    api_key_location: str | None = None  # "header", "query" or "cookie"
    api_key_name: str | None = None

    @property
    def classes(self) -> list[str]:
        """The ``_auth`` classes the client module uses."""
        names = ["OAuth2ClientCredentials"]
        if self.bearer:
            names.append("BearerAuth")
        if self.api_key_location is not None:
            names.append("APIKeyAuth")
        return sorted(names)

    @property
    def uses_env(self) -> bool:
        """Whether any credential falls back to an environment variable."""
        return self.basic or self.bearer or self.api_key_location is not None


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
        return found
