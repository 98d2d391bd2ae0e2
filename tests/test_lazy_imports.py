"""Importing the package loads no model or resource module; using one loads just its own.

The checks run in a fresh interpreter, where ``sys.modules`` shows what an import did.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT

PKG = "sendcloud_integrations"


def run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT / "generated",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_package_imports_no_model_or_resource_until_one_is_used() -> None:
    out = run(
        f"""
        import sys
        import {PKG}

        def loaded():
            inside = ("{PKG}.models.", "{PKG}.resources.")
            return sorted(m for m in sys.modules if m.startswith(inside))

        print(loaded(), "asyncio" in sys.modules)
        client = {PKG}.Client("pk", "sk")
        print(loaded())
        client.integrations
        print(loaded())
        from {PKG}.models import Integration
        print(Integration is {PKG}.models.integration.Integration, len(loaded()))
        """
    )
    before, made, used, same = out.splitlines()
    assert before == "[] False" and made == "[]"
    assert f"'{PKG}.resources.integrations'" in used and f"'{PKG}.models.integration'" in used
    assert f"'{PKG}.resources.shipments'" not in used
    assert f"'{PKG}.models.shipment_blob_order'" not in used
    assert same.startswith("True ")


def test_every_exported_name_resolves_and_a_wrong_one_is_an_import_error() -> None:
    out = run(
        f"""
        from {PKG} import models, resources
        from {PKG}.models import *
        names = set(models.__all__)
        print(names <= set(globals()), names <= set(dir(models)))
        print(all(getattr(resources, n).__name__ == n for n in resources.__all__))
        try:
            from {PKG}.models import Integratoin
        except ImportError as exc:
            print(type(exc).__name__, "Integratoin" in str(exc))
        """
    )
    assert out.split() == ["True", "True", "True", "ImportError", "True"]


def test_a_copy_made_with_options_gets_resources_of_its_own() -> None:
    out = run(
        f"""
        from {PKG} import Client
        client = Client("pk", "sk")
        before = client.integrations  # made, and cached, before the copy
        copy = client.with_options(max_retries=5)
        print(copy.integrations._client is copy, client.integrations is before)
        print(before._client is client, copy.integrations is copy.integrations)
        """
    )
    assert out.split() == ["True", "True", "True", "True"]
