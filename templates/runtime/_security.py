"""The spec's security schemes as objects, and which credentials each request carries.

A generated client lists its schemes (one object per entry of ``components/securitySchemes``
that this runtime can send) in a :class:`Security`. The client's constructor arguments are
the schemes' :class:`Credential` arguments; :meth:`Security.configure` turns the values given
(or found in the environment) into a :class:`Credentials`, which picks the ``httpx.Auth`` for
each request from the operation's security requirements (``Endpoint.security``).
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import httpx

from ._auth import APIKeyAuth, BearerAuth, OAuth2ClientCredentials
from .errors import MissingCredentialsError

__all__ = [
    "NO_AUTH",
    "APIKey",
    "Credential",
    "Credentials",
    "HTTPBasic",
    "HTTPBearer",
    "OAuth2ClientCredentialsFlow",
    "Scheme",
    "Security",
]

NO_AUTH = httpx.Auth()
"""Sends no credentials at all (an operation whose ``security`` is empty)."""


@dataclass(frozen=True, slots=True)
class Credential:
    """A constructor argument of the client that holds (part of) a credential."""

    argument: str
    env: str | None = None  # read when no credential argument of this scheme is given


class Scheme(Protocol):
    """One security scheme: which arguments configure it, and the auth it sends."""

    @property
    def key(self) -> str: ...  # its name in ``components/securitySchemes``

    @property
    def credentials(self) -> tuple[Credential, ...]: ...

    def build(self, values: Mapping[str, Any]) -> httpx.Auth:
        """The auth for these values (every credential of the scheme has one)."""
        ...

    def describe(self, auth: httpx.Auth) -> str:
        """What the client's ``repr`` says about it: never a secret."""
        ...


@dataclass(frozen=True, slots=True)
class HTTPBasic:
    key: str
    username: Credential
    password: Credential

    @property
    def credentials(self) -> tuple[Credential, ...]:
        return (self.username, self.password)

    def build(self, values: Mapping[str, Any]) -> httpx.Auth:
        return httpx.BasicAuth(values[self.username.argument], values[self.password.argument])

    def describe(self, auth: httpx.Auth) -> str:
        return "basic"


@dataclass(frozen=True, slots=True)
class HTTPBearer:
    key: str
    token: Credential

    @property
    def credentials(self) -> tuple[Credential, ...]:
        return (self.token,)

    def build(self, values: Mapping[str, Any]) -> httpx.Auth:
        return BearerAuth(values[self.token.argument])

    def describe(self, auth: httpx.Auth) -> str:
        return "bearer"


@dataclass(frozen=True, slots=True)
class APIKey:
    key: str
    credential: Credential
    location: Literal["header", "query", "cookie"]
    name: str

    @property
    def credentials(self) -> tuple[Credential, ...]:
        return (self.credential,)

    def build(self, values: Mapping[str, Any]) -> httpx.Auth:
        return APIKeyAuth(values[self.credential.argument], location=self.location, name=self.name)

    def describe(self, auth: httpx.Auth) -> str:
        return f"api key in {self.location} {self.name!r}"


@dataclass(frozen=True, slots=True)
class OAuth2ClientCredentialsFlow:
    """OAuth2 client credentials; the argument takes an :class:`OAuth2ClientCredentials`."""

    key: str
    argument: str
    token_url: str
    scopes: tuple[str, ...] = ()

    @property
    def credentials(self) -> tuple[Credential, ...]:
        return (Credential(self.argument),)

    def build(self, values: Mapping[str, Any]) -> httpx.Auth:
        oauth2 = values[self.argument]
        if not isinstance(oauth2, OAuth2ClientCredentials):
            raise TypeError(
                f"{self.argument}= takes an OAuth2ClientCredentials, not {type(oauth2).__name__}"
            )
        oauth2.use_defaults(token_url=self.token_url, scopes=self.scopes)
        return oauth2

    def describe(self, auth: httpx.Auth) -> str:
        client_id = auth.client_id if isinstance(auth, OAuth2ClientCredentials) else "?"
        return f"oauth2 client_id={client_id!r}"


class Security:
    """The schemes a client can send, and the requirements that apply by default.

    ``default`` is the spec's top-level ``security`` (alternatives written as in
    ``Endpoint.security``); ``None`` when the spec has none, and then any scheme the client
    has credentials for is sent. ``required`` is false when no operation needs credentials.
    """

    def __init__(
        self, schemes: Sequence[Scheme], default: tuple[str, ...] | None, required: bool = True
    ) -> None:
        self.schemes = tuple(schemes)
        self.default = default
        self.required = required

    def configure(
        self, arguments: Mapping[str, Any], auth: httpx.Auth | None, *, required: bool = False
    ) -> Credentials:
        """The credentials from the constructor's arguments, or the environment.

        A scheme's environment variables are read only when no argument of another scheme
        was given, so ``oauth2=...`` is never mixed with keys found in the environment.
        An empty credential, or a scheme given only part of its credentials, raises
        :class:`MissingCredentialsError`; so does having none at all when ``required``
        (and some operation needs them).
        ``auth`` (any ``httpx.Auth``) replaces them all.
        """
        if auth is not None:
            return Credentials(self, {}, auth)
        given = {
            s.key for s in self.schemes if any(arguments.get(c.argument) for c in s.credentials)
        }
        configured: dict[str, httpx.Auth] = {}
        for scheme in self.schemes:
            use_env = not given or scheme.key in given
            values = {c.argument: self._value(c, arguments, use_env) for c in scheme.credentials}
            _check(scheme, arguments, values)
            if all(values.values()):
                configured[scheme.key] = scheme.build(values)
        if required and self.required and self.schemes and not configured:
            raise MissingCredentialsError(f"no credentials: {self._how_to()}")
        return Credentials(self, configured, None)

    def _how_to(self) -> str:
        ways = []
        for scheme in self.schemes:
            names = " and ".join(c.argument for c in scheme.credentials)
            envs = " and ".join(c.env for c in scheme.credentials if c.env)
            if isinstance(scheme, OAuth2ClientCredentialsFlow):
                ways.append(f"{scheme.argument}=OAuth2ClientCredentials(client_id, client_secret)")
            else:
                ways.append(f"pass {names} (or set {envs})" if envs else f"pass {names}")
        return ", or ".join([*ways, "pass any httpx.Auth as auth="])

    @staticmethod
    def _value(credential: Credential, arguments: Mapping[str, Any], use_env: bool) -> Any:
        value = arguments.get(credential.argument)
        if value is None and use_env and credential.env is not None:
            value = os.environ.get(credential.env) or None
        return value


def _check(scheme: Scheme, arguments: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Refuse an empty credential, and a scheme that has only some of its credentials."""
    for credential in scheme.credentials:
        if arguments.get(credential.argument) == "":
            raise MissingCredentialsError(f"{credential.argument} is empty")
    missing = [c for c in scheme.credentials if not values[c.argument]]
    if missing and len(missing) < len(scheme.credentials):
        have = ", ".join(c.argument for c in scheme.credentials if values[c.argument])
        wanted = " and ".join(
            f"{c.argument} (or {c.env})" if c.env else c.argument for c in missing
        )
        raise MissingCredentialsError(f"{scheme.key} needs {wanted} as well as {have}")


class Credentials:
    """The credentials of one client, and the auth each request sends."""

    def __init__(
        self, security: Security, configured: Mapping[str, httpx.Auth], custom: httpx.Auth | None
    ) -> None:
        self._security = security
        self._configured = dict(configured)
        self._custom = custom
        # The auth chosen for each requirement so far: credentials do not change.
        self._chosen: dict[tuple[str, ...] | None, httpx.Auth | None] = {}

    @property
    def empty(self) -> bool:
        return self._custom is None and not self._configured

    def describe(self) -> str:
        if self._custom is not None:
            return type(self._custom).__name__
        schemes = {s.key: s for s in self._security.schemes}
        parts = [schemes[key].describe(auth) for key, auth in self._configured.items()]
        return ", ".join(parts) or "none"

    def auth_for(self, name: str, requirement: tuple[str, ...] | None) -> httpx.Auth | None:
        """The auth for a request to operation ``name``; ``None`` for the http client's own.

        The first alternative this client has every credential for is sent. With none,
        an operation that allows anonymous access (``""``) sends nothing; otherwise the
        request goes without credentials of this client (the ``http_client`` may have
        its own), unless this client has credentials, only not the ones asked for.
        """
        if requirement in self._chosen:
            return self._chosen[requirement]
        auth = self._choose(name, requirement)
        self._chosen[requirement] = auth
        return auth

    def _choose(self, name: str, requirement: tuple[str, ...] | None) -> httpx.Auth | None:
        if requirement == ():
            return NO_AUTH
        if self._custom is not None:
            return self._custom
        alternatives = requirement if requirement is not None else self._security.default
        if alternatives is None:
            alternatives = tuple(self._configured)
        for alternative in alternatives:
            keys = [key for key in alternative.split("+") if key]
            if keys and all(key in self._configured for key in keys):
                return _all_of([self._configured[key] for key in keys])
        if "" in alternatives or not self._configured:
            return NO_AUTH if "" in alternatives else None
        known = {s.key for s in self._security.schemes}
        if not all(key in known for alt in alternatives for key in alt.split("+")):
            return None  # a scheme this runtime cannot send: left to the http_client
        wanted = " or ".join(alt.replace("+", " and ") for alt in alternatives)
        raise MissingCredentialsError(
            f"{name} accepts {wanted}; this client has credentials for "
            f"{', '.join(self._configured)} only"
        )


def _all_of(auths: list[httpx.Auth]) -> httpx.Auth:
    return auths[0] if len(auths) == 1 else _AllOf(auths)


class _AllOf(httpx.Auth):
    """Several schemes sent together: the one-step ones first, then the last one's flow."""

    def __init__(self, auths: list[httpx.Auth]) -> None:
        self._auths = sorted(auths, key=lambda a: isinstance(a, OAuth2ClientCredentials))
        self.requires_request_body = any(a.requires_request_body for a in auths)
        self.requires_response_body = any(a.requires_response_body for a in auths)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        for auth in self._auths[:-1]:
            request = next(auth.sync_auth_flow(request))
        yield from self._auths[-1].sync_auth_flow(request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        for auth in self._auths[:-1]:
            request = await auth.async_auth_flow(request).__anext__()
        flow = self._auths[-1].async_auth_flow(request)
        request = await flow.__anext__()
        while True:
            response = yield request
            try:
                request = await flow.asend(response)
            except StopAsyncIteration:
                return
