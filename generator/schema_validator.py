"""openapi-schema-validator, imported without pydantic.

Its package ``__init__`` imports ``openapi_schema_validator.settings``, a pydantic-settings
class with one setting: the size of the compiled-validator cache behind its ``validate()``
shortcut, which the generator never calls (it builds its validators itself:
``generator.metaschema``, ``generator.values``). pydantic and pydantic-settings are about
0.15 s of import, half of what validating a spec imports and more than validating the
Sendcloud spec takes.

For the release this was written against (:data:`SHIMMED_VERSION`), :func:`load` provides
that settings module first: the same names, the same environment variable, the same default
and bound, without pydantic. Any other release, or a process that imported the package
already, gets the package exactly as it is.
"""

from __future__ import annotations

import functools
import os
import sys
import types
from dataclasses import dataclass

from generator.versions import installed_version

__all__ = ["SHIMMED_VERSION", "load"]

SHIMMED_VERSION = "0.9.0"
_PACKAGE = "openapi_schema_validator"
_ENV = "OPENAPI_SCHEMA_VALIDATOR_COMPILED_VALIDATOR_CACHE_MAX_SIZE"
_DEFAULT_CACHE_SIZE = 128


@dataclass(frozen=True)
class _Settings:
    """``OpenAPISchemaValidatorSettings``: the same setting from the same variable (its name
    in any case), an integer of at least 0. pydantic's other spellings of an integer (such
    as ``7.0``) are not taken: only the package's ``validate()`` shortcut reads the setting,
    and the generator never calls it."""

    compiled_validator_cache_max_size: int = _DEFAULT_CACHE_SIZE

    @classmethod
    def from_environment(cls) -> _Settings:
        found = {k.upper(): v for k, v in os.environ.items()}.get(_ENV)
        if found is None:
            return cls()
        size = int(found.strip())
        if size < 0:
            raise ValueError(f"{_ENV} must be at least 0, not {size}")
        return cls(size)


@functools.cache
def _get_settings() -> _Settings:
    return _Settings.from_environment()


def _settings_module() -> types.ModuleType:
    module = types.ModuleType(f"{_PACKAGE}.settings", "Provided by generator.schema_validator.")
    module.OpenAPISchemaValidatorSettings = _Settings  # type: ignore[attr-defined]
    module.get_settings = _get_settings  # type: ignore[attr-defined]
    module.reset_settings_cache = _get_settings.cache_clear  # type: ignore[attr-defined]
    return module


@functools.cache
def load() -> types.ModuleType:
    """The ``openapi_schema_validator`` package, imported once."""
    provided = None
    if _PACKAGE not in sys.modules and installed_version(_PACKAGE) == SHIMMED_VERSION:
        provided = sys.modules.setdefault(f"{_PACKAGE}.settings", _settings_module())
    import openapi_schema_validator

    if provided is not None:  # as the import system does for a submodule it loads
        openapi_schema_validator.settings = provided
    return openapi_schema_validator
