"""The ``_constants`` module the runtime source is tested and type-checked with.

In a generated client the generator writes this module from
``templates/package/_constants.py.jinja``; ``tests/runtime/test_constants.py`` checks that
both define the same names with the same types.
"""

from __future__ import annotations

from ._version import __version__ as VERSION

__all__ = [
    "DEFAULT_BASE_URL",
    "PACKAGE",
    "SECRET_HEADERS",
    "SECRET_QUERY_PARAMS",
    "USER_AGENT",
    "VERSION",
]

PACKAGE = "runtime_source"
"""The import name, also the name of the logger every module logs to."""
USER_AGENT = "runtime-tests/" + VERSION
DEFAULT_BASE_URL = "https://api.example.com/v1"
SECRET_HEADERS: frozenset[str] = frozenset({"x-auth-token"})
"""Lower-case names of the headers the spec's security schemes send credentials in."""
SECRET_QUERY_PARAMS: frozenset[str] = frozenset({"key"})
"""Names of the query parameters the spec's security schemes send credentials in."""
