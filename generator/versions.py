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
    """The installed version of the distribution holding ``module`` (named ``distribution``
    when that differs), or None when it is not installed.

    Read from the name of its ``.dist-info`` folder, without importing the package. A
    package installed another way (an ``.egg-info``, an editable install elsewhere), or
    beside a second ``.dist-info`` of itself, is asked through ``importlib.metadata``.
    """
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return None
    name = (distribution or module).replace("-", "_")
    infos = list(Path(spec.origin).parent.parent.glob(f"{name}-*.dist-info"))
    if len(infos) == 1:
        return infos[0].name[len(name) + 1 :].removesuffix(".dist-info")
    from importlib import metadata

    try:
        return metadata.version(distribution or module)
    except metadata.PackageNotFoundError:
        return None
