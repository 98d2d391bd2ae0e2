"""Make the runtime source importable, as the package ``runtime_source``, before any test.

The runtime modules in ``templates/runtime/`` are copied verbatim into every generated
client, next to a generated ``_constants`` module. Here they are imported straight from
the templates folder, with ``shim/runtime/_constants.py`` as their constants, so the tests
exercise the source itself (``make lint`` type-checks the same pair with mypy).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "templates" / "runtime"
SHIM = Path(__file__).resolve().parent / "shim" / "runtime"
NAME = "runtime_source"


def _load() -> None:
    if NAME in sys.modules:
        return
    spec = importlib.machinery.ModuleSpec(NAME, None, is_package=True)
    spec.submodule_search_locations = [str(RUNTIME), str(SHIM)]
    sys.modules[NAME] = importlib.util.module_from_spec(spec)


_load()
