"""openapi-schema-validator without pydantic: the shim stands in for exactly what it replaces.

``generator.schema_validator`` provides the package's settings module for the release it was
written against, so that validating a spec does not import pydantic (about 0.15 s). These
tests hold the shim to the real module, keep it to that release, and check that the
validators it leaves in place still validate. Each import case runs in a fresh interpreter:
which modules a process has imported is the point.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata

import pytest

from conftest import ROOT
from generator import schema_validator
from generator.versions import installed_version


def _fresh(code: str, **env: str) -> dict[str, object]:
    """What ``code`` (which sets ``out``) found, run in a new interpreter."""
    program = f"import json, sys\nsys.path.insert(0, {str(ROOT)!r})\n{code}\nprint(json.dumps(out))"
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_the_shim_is_for_the_locked_release() -> None:
    """Locking another release fails here first: its settings module must be looked at."""
    locked = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert f"openapi-schema-validator=={schema_validator.SHIMMED_VERSION}\n" in locked
    assert installed_version("openapi_schema_validator") == schema_validator.SHIMMED_VERSION


SHIMMED = ("OpenAPISchemaValidatorSettings", "get_settings", "reset_settings_cache")


@pytest.mark.parametrize("size", [None, "7"])
def test_the_shim_reads_the_settings_the_real_module_reads(size: str | None) -> None:
    """Same names, same setting from the same (case-blind) variable: the real module reads
    it with pydantic-settings, the shim without pydantic."""
    variable = "openapi_schema_validator_compiled_validator_cache_max_size"  # any case
    env = {} if size is None else {variable: size}
    size_of = "s.get_settings().compiled_validator_cache_max_size"
    real = _fresh(
        "from openapi_schema_validator import settings as s\n"
        f"out = {{'names': [n for n in {SHIMMED!r} if hasattr(s, n)], 'size': {size_of}}}",
        **env,
    )
    shim = _fresh(
        "from generator import schema_validator\n"
        "schema_validator.load()\n"
        "import openapi_schema_validator.settings as s\n"
        f"out = {{'names': [n for n in {SHIMMED!r} if hasattr(s, n)], 'size': {size_of},"
        " 'pydantic': 'pydantic' in sys.modules or 'pydantic_settings' in sys.modules}",
        **env,
    )
    assert real == {"names": list(SHIMMED), "size": 128 if size is None else 7}
    assert shim == {**real, "pydantic": False}


def test_another_release_is_imported_as_it_is() -> None:
    found = _fresh(
        "from generator import schema_validator\n"
        "schema_validator.installed_version = lambda module: '0.0.1'\n"
        "schema_validator.load()\n"
        "out = {'pydantic': 'pydantic_settings' in sys.modules}"
    )
    assert found == {"pydantic": True}


def test_the_validators_validate_with_the_shim_in_place() -> None:
    found = _fresh(
        "from generator import schema_validator\n"
        "osv = schema_validator.load()\n"
        "schema = {'type': 'object', 'required': ['n'], 'properties': {"
        "'n': {'type': 'integer', 'format': 'int32'},"
        " 'x': {'type': 'string', 'nullable': True}}}\n"
        "v30 = osv.OAS30Validator(schema, format_checker=osv.oas30_format_checker)\n"
        "out = {'good': v30.is_valid({'n': 1, 'x': None}),"
        " 'big': v30.is_valid({'n': 2**40}), 'missing': v30.is_valid({})}"
    )
    assert found == {"good": True, "big": False, "missing": False}


@pytest.mark.parametrize(
    ("module", "distribution"),
    [("black", "black"), ("jsonschema", "jsonschema"), ("referencing", "referencing"),
     ("openapi_spec_validator", "openapi-spec-validator")],
)  # fmt: skip
def test_installed_versions_are_what_the_package_metadata_says(
    module: str, distribution: str
) -> None:
    assert installed_version(module) == metadata.version(distribution)
    assert installed_version("no_such_module_here") is None


def test_a_distribution_named_otherwise_is_asked_for_by_its_name() -> None:
    assert installed_version("yaml", "PyYAML") == metadata.version("PyYAML")
