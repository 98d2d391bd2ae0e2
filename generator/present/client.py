"""The client module's one computed statement: the security schemes it sends, as calls."""

from __future__ import annotations

from generator.format import LINE_LENGTH
from generator.model import Credential, SecurityScheme
from generator.pycode import Atom, Group, call, layout
from generator.syntax import literal

__all__ = ["scheme_lines"]


def scheme_lines(schemes: tuple[SecurityScheme, ...] | list[SecurityScheme]) -> list[str]:
    """Each scheme's constructor call, an item of the ``SECURITY`` tuple, laid out as black
    would lay it out (so black has nothing to change in the module)."""
    return [line for s in schemes for line in layout(_scheme(s), 8, "", ",", LINE_LENGTH)]


def _scheme(s: SecurityScheme) -> Group:
    key = Atom(literal(s.key))
    if s.kind == "basic":
        user, password = s.credentials
        return call("HTTPBasic", key, username=_credential(user), password=_credential(password))
    if s.kind == "bearer":
        return call("HTTPBearer", key, token=_credential(s.credentials[0]))
    if s.kind == "api_key":
        where = {"location": Atom(literal(s.location)), "name": Atom(literal(s.parameter))}
        return call("APIKey", key, _credential(s.credentials[0]), **where)
    return call(
        "OAuth2ClientCredentialsFlow",
        key,
        argument=Atom(literal(s.credentials[0].argument)),
        token_url=Atom(literal(s.token_url)),
        scopes=Atom(literal(tuple(s.scopes))),
    )


def _credential(c: Credential) -> Group:
    return call("Credential", Atom(literal(c.argument)), Atom(literal(c.env)))
