"""The package metadata ``pyproject.toml`` carries: licence and project URLs.

They come from the spec (``info.license``, ``info.contact.url``, ``externalDocs.url``) and
from the config (``license:``, an SPDX expression, and ``urls:``), the config winning. A
licence the spec only names (``Apache 2.0``) is kept as the legacy free-text licence; a
URL that is not http(s) is left out with a ``W-DOCS`` warning at its pointer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.config import Config, is_spdx, is_web_url
from generator.problems import Problems
from generator.text import one_line

__all__ = ["Metadata", "metadata"]


@dataclass
class Metadata:
    license: str = ""  # an SPDX expression
    license_text: str = ""  # a licence name that is not one
    license_name: str = ""  # as the spec names it (for the README)
    urls: dict[str, str] = field(default_factory=dict)  # label -> http(s) URL


def _object(node: Any, key: str) -> dict[str, Any]:
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, dict) else {}


def metadata(spec: dict[str, Any], config: Config, problems: Problems) -> Metadata:
    info = _object(spec, "info")
    found = Metadata()
    licence = _object(info, "license")
    name = one_line(licence.get("name"))
    identifier = one_line(licence.get("identifier"))
    found.license_name = name or identifier
    if config.license:
        found.license = config.license
    elif identifier and is_spdx(identifier):
        found.license = identifier  # OpenAPI 3.1: an SPDX expression
    elif name:
        found.license_text = name  # a name is free text, even when it looks like an id
    contact, docs = _object(info, "contact"), _object(spec, "externalDocs")
    for label, value, where in (
        ("Documentation", docs.get("url"), "#/externalDocs/url"),
        ("Support", contact.get("url"), "#/info/contact/url"),
        ("License", licence.get("url"), "#/info/license/url"),
    ):
        if value is None:
            continue
        if isinstance(value, str) and is_web_url(value.strip()):
            found.urls[label] = value.strip()
        else:
            problems.warn(
                where,
                f"{value!r} is not an http(s) URL; the package metadata leaves it out",
                code="W-DOCS",
            )
    found.urls.update(config.urls)
    return found
