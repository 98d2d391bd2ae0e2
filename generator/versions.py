"""Installed versions of packages, read without importing them.

The formatter's name in the manifest and the validation cache's key both record versions.
Importing a package to ask (black, the validators) or ``importlib.metadata`` (20-40 ms of
its own) would cost a run more than everything it then does with the answer.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["installed_version"]


def installed_version(module: str, distribution: str | None = None) -> str | None:
    """The installed version of the distribution holding ``module``, from its ``.dist-info``
    folder's name, without importing it (nor ``importlib.metadata``, itself 20-40 ms)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return None
    name = (distribution or module).replace("-", "_")
    infos = sorted(Path(spec.origin).parent.parent.glob(f"{name}-*.dist-info"))
    return infos[-1].name[len(name) + 1 :].removesuffix(".dist-info") if infos else None
