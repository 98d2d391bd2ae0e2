"""Step 4e: security schemes, operations' security requirements, and where secrets travel.

:func:`build_security` reads ``components/securitySchemes`` into :class:`SecurityScheme`
values (HTTP Basic, bearer, API keys in a header, query or cookie, OAuth2 client
credentials; any other kind is reported and left to a user-supplied ``httpx.Auth``), with
the client's constructor argument and environment variable for each credential.
:func:`operation_security` reads one operation's ``security``. :func:`server_url` gives the
default base URL; :func:`check_transport` reports every URL over which a secret would
travel in clear.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

from generator.model import Auth, Credential, SecurityScheme
from generator.names import snake_name
from generator.problems import Problems, pointer
from generator.text import one_line

__all__ = [
    "RUNTIME_CLASSES",
    "build_security",
    "check_transport",
    "operation_security",
    "requirements",
    "server_url",
]

Kind = Literal["basic", "bearer", "api_key", "oauth2_client_credentials"]

# kind -> (its scheme class in the runtime's ``_security``, the ``_auth`` class users see)
RUNTIME_CLASSES: dict[str, tuple[str, str | None]] = {
    "basic": ("HTTPBasic", None),
    "bearer": ("HTTPBearer", "BearerAuth"),
    "api_key": ("APIKey", "APIKeyAuth"),
    "oauth2_client_credentials": ("OAuth2ClientCredentialsFlow", "OAuth2ClientCredentials"),
}
# The client's own constructor arguments: a credential argument never takes these names.
_TAKEN = frozenset(
    {"self", "auth", "base_url", "timeout", "max_retries", "default_headers", "http_client"}
)
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def requirements(value: Any) -> tuple[str, ...] | None:
    """A ``security`` list as requirement strings: ``"a"``, ``"a+b"`` (both), ``""`` (none)."""
    if not isinstance(value, list):
        return None
    found: list[str] = []
    for requirement in value:
        if isinstance(requirement, dict):
            text = "+".join(sorted(str(key) for key in requirement))
            if text not in found:
                found.append(text)
    return tuple(found)


def operation_security(op_spec: dict[str, Any]) -> tuple[str, ...] | None:
    """The requirements an operation declares (``()`` for ``security: []``), or ``None``.

    ``None`` means the operation says nothing, so the client's default applies (the spec's
    top-level ``security``, which the client already knows).
    """
    if "security" not in op_spec:
        return None
    return requirements(op_spec["security"])


def build_security(
    spec: dict[str, Any],
    problems: Problems,
    *,
    env_prefix: str,
    basic_names: tuple[str, str] = ("username", "password"),
) -> Auth:
    """The schemes the client sends, from ``components/securitySchemes``."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    found: list[tuple[str, dict[str, Any], Kind]] = []
    for key, scheme in schemes.items() if isinstance(schemes, dict) else ():
        kind = _kind(str(key), scheme, problems) if isinstance(scheme, dict) else None
        if kind is not None:
            found.append((str(key), scheme, kind))
    counts = {kind: sum(1 for _, _, k in found if k == kind) for _, _, kind in found}
    taken: set[str] = set(_TAKEN)
    built = [
        _scheme(key, scheme, kind, counts[kind] == 1, taken, env_prefix, basic_names)
        for key, scheme, kind in found
    ]
    default = requirements(spec.get("security"))
    return Auth(schemes=built, default=default, required=_needed(spec, default))


def _needed(spec: dict[str, Any], default: tuple[str, ...] | None) -> bool:
    """Whether some operation needs credentials: one that cannot be called without any.

    An operation without ``security`` takes the top-level one; without that either, the
    client sends whatever it has, and is taken to need it.
    """
    paths = spec.get("paths")
    for item in paths.values() if isinstance(paths, dict) else ():
        for method, op_spec in item.items() if isinstance(item, dict) else ():
            if method not in _METHODS or not isinstance(op_spec, dict):
                continue
            found = operation_security(op_spec)
            effective = found if found is not None else default
            if effective is None or (effective and "" not in effective):
                return True
    return False


def _kind(key: str, scheme: dict[str, Any], problems: Problems) -> Kind | None:
    ptr = pointer("components", "securitySchemes", key)
    kind = scheme.get("type")
    http_scheme = str(scheme.get("scheme", "")).lower()
    if kind == "http" and http_scheme in ("basic", "bearer"):
        return "basic" if http_scheme == "basic" else "bearer"
    if kind == "apiKey":
        if scheme.get("in") in ("header", "query", "cookie") and isinstance(
            scheme.get("name"), str
        ):
            return "api_key"
        problems.warn(
            ptr, "API key scheme without a valid 'in' and 'name'; not built in", code="W-AUTH"
        )
        return None
    if kind == "oauth2":
        flows = scheme.get("flows")
        flows = flows if isinstance(flows, dict) else {}
        others = sorted(str(f) for f in flows if f != "clientCredentials")
        if others:
            problems.warn(
                ptr,
                f"OAuth2 flows {others} are not built in; pass an httpx.Auth as auth=",
                code="W-AUTH",
            )
        flow = flows.get("clientCredentials")
        if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str):
            return "oauth2_client_credentials"
        return None
    problems.warn(
        ptr,
        f"security scheme of type {kind!r} is not built in; send its credentials "
        "with auth=<an httpx.Auth> or default_headers",
        code="W-AUTH",
    )
    return None


def _scheme(
    key: str,
    scheme: dict[str, Any],
    kind: Kind,
    only: bool,
    taken: set[str],
    env_prefix: str,
    basic_names: tuple[str, str],
) -> SecurityScheme:
    """One scheme; ``only`` is true when it is the single scheme of its kind.

    The single scheme of a kind gets the usual argument names (``api_key``, ``oauth2``...);
    several of a kind are told apart by their key (``admin_key``, ``admin_key_username``).
    """
    stem = snake_name(key, fallback="scheme")
    ptr = pointer("components", "securitySchemes", key)
    description = one_line(scheme.get("description"))

    def credential(name: str, env: bool = True) -> Credential:
        argument = _claim(name, taken)
        return Credential(argument, f"{env_prefix}_{argument.upper()}" if env else None)

    if kind == "basic":
        names = basic_names if only else (f"{stem}_username", f"{stem}_password")
        pair = (credential(names[0]), credential(names[1]))
        return SecurityScheme(key, kind, ptr, description, pair)
    if kind == "bearer":
        token = credential("bearer_token" if only else f"{stem}_token")
        return SecurityScheme(key, kind, ptr, description, (token,))
    if kind == "api_key":
        api_key = credential("api_key" if only else stem)
        return SecurityScheme(
            key, kind, ptr, description, (api_key,), location=scheme["in"], parameter=scheme["name"]
        )
    flow = scheme["flows"]["clientCredentials"]
    return SecurityScheme(
        key,
        kind,
        ptr,
        description,
        (credential("oauth2" if only else stem, env=False),),
        token_url=flow["tokenUrl"],
        scopes=tuple(sorted(str(s) for s in (flow.get("scopes") or {}))),
    )


def _claim(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}_{n}", n + 1
    taken.add(candidate)
    return candidate


def server_url(server: dict[str, Any]) -> str:
    """A server's URL with each ``{variable}`` replaced by its default."""
    url = str(server["url"])
    for name, var in (server.get("variables") or {}).items():
        if isinstance(var, dict) and "default" in var:
            url = url.replace("{" + str(name) + "}", str(var["default"]))
    return url.rstrip("/")


def check_transport(spec: dict[str, Any], auth: Auth, problems: Problems) -> None:
    """Warn at every ``http://`` server or token URL: credentials would travel in clear.

    Local addresses (``localhost``, ``127.0.0.1``, ``::1``) are fine. ``--strict`` turns
    these warnings into a failure.
    """
    servers = spec.get("servers")
    for index, server in enumerate(servers if isinstance(servers, list) else []):
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            url = server_url(server)
            if _in_clear(url):
                problems.warn(
                    pointer("servers", index, "url"),
                    f"server {url!r} is plain http: credentials sent to it travel unencrypted",
                    code="W-INSECURE",
                )
    for scheme in auth.schemes:
        if scheme.token_url is not None and _in_clear(scheme.token_url):
            problems.warn(
                pointer(
                    "components",
                    "securitySchemes",
                    scheme.key,
                    "flows",
                    "clientCredentials",
                    "tokenUrl",
                ),
                f"tokenUrl {scheme.token_url!r} is plain http: the client secret and tokens "
                "travel unencrypted",
                code="W-INSECURE",
            )


def _in_clear(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed authority, such as an unclosed "[" (reported elsewhere)
        return False
    return parts.scheme.lower() == "http" and (host or "") not in _LOCAL_HOSTS
