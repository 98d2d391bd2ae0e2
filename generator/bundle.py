"""``--allow-external-refs DIR``: bring referenced files under DIR into the document.

Every later step follows only local references, so external ones are bundled first: the
target of ``common.yaml#/components/schemas/Pet`` is copied into the document's own
``components`` (``#/components/schemas/Pet``, or ``Pet_2`` if that is taken) and the reference
rewritten to point there. References inside a copied node are resolved from *its* file, and
bundled the same way; a node is copied once, however often it is referenced.

What is read, and what never is:

- only plain paths and ``file:`` URIs, never another scheme: no network access, ever;
- only regular files that resolve (symlinks followed, ``..`` applied) to a place under DIR;
- each file with the limits of the spec itself (``generator.load``), at most
  :data:`MAX_FILES` files and :data:`MAX_FILE_BYTES` bytes each.

Anything else is an ``E-REF`` error at the pointer of the reference, and nothing is read.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.load import parse_spec
from generator.problems import Problems, pointer
from generator.resolve import Resolver, is_local
from generator.walk import is_map, walk

__all__ = ["MAX_FILE_BYTES", "MAX_FILES", "bundle_external"]

MAX_FILES = 200
MAX_FILE_BYTES = 20_000_000

_SECTIONS = {
    "schema": "schemas", "parameter": "parameters", "response": "responses",
    "requestBody": "requestBodies", "header": "headers", "example": "examples", "link": "links",
    "callback": "callbacks", "securityScheme": "securitySchemes", "pathItem": "pathItems",
}  # fmt: skip


class _Refused(Exception):
    pass


def bundle_external(
    spec: dict[str, Any], spec_dir: Path, allowed: Path, problems: Problems
) -> None:
    """Rewrite ``spec`` in place so that every readable external reference is local."""
    try:
        root = allowed.resolve(strict=True)
    except OSError:
        root = None
    if root is None or not root.is_dir():
        problems.error("#", f"--allow-external-refs: {allowed} is not a folder", code="E-REF")
        return
    _Bundler(spec, root, problems).run(spec_dir)


class _Bundler:
    def __init__(self, spec: dict[str, Any], root: Path, problems: Problems) -> None:
        self.spec = spec
        self.root = root
        self.problems = problems
        self.files: dict[Path, dict[str, Any]] = {}
        self.copied: dict[tuple[Path, str, str], str] = {}  # (file, fragment, section) -> ref
        self.openapi_31 = str(spec.get("openapi", "")).startswith("3.1")

    def run(self, spec_dir: Path) -> None:
        # (node holding a $ref, its kind, its pointer for messages, the folder it is relative to)
        queue: list[tuple[dict[str, Any], str, str, Path]] = [
            (node, kind, pointer(*path, "$ref"), spec_dir)
            for path, node, kind in walk(self.spec)
            if _is_external(node) and not is_map(kind)
        ]
        origins = {id(node): where for node, _, where, _ in queue}
        while queue:
            node, kind, where, base = queue.pop()
            origin = origins.get(id(node), where)  # the reference in the spec that led here
            try:
                found = self._bundle(node, kind, base)
            except _Refused as exc:
                via = "" if origin == where else f" (reached through {where})"
                self.problems.error(origin, f"{exc}{via}", code="E-REF")
                node.pop("$ref", None)
                continue
            for item in found:
                origins.setdefault(id(item[0]), origin)
            queue.extend(found)

    def _bundle(
        self, node: dict[str, Any], kind: str, base: Path
    ) -> list[tuple[dict[str, Any], str, str, Path]]:
        ref = node["$ref"]
        file, fragment = self._locate(ref, base)
        section = _SECTIONS.get(kind)
        if section is None:
            raise _Refused(f"external reference {ref!r} is in a place that cannot be bundled")
        inline = section == "pathItems" and not self.openapi_31
        key = (file, fragment, section)
        if key in self.copied and not inline:
            node["$ref"] = self.copied[key]
            return []
        doc = self._load(file, ref)
        try:
            target = Resolver(doc).lookup("#" + fragment)
        except LookupError as exc:
            raise _Refused(f"cannot use {ref!r}: {exc}") from None
        body = copy.deepcopy(target)
        if inline:  # OpenAPI 3.0 has no components/pathItems: the path item is copied in place
            node.clear()
            node.update(body if isinstance(body, dict) else {})
            return self._pending(node, kind, file)
        name = self._claim(section, fragment.rsplit("/", 1)[-1] or file.stem)
        self.copied[key] = node["$ref"] = pointer("components", section, name)
        self.spec.setdefault("components", {}).setdefault(section, {})[name] = body
        return self._pending(body, kind, file)

    def _pending(
        self, body: Any, kind: str, file: Path
    ) -> list[tuple[dict[str, Any], str, str, Path]]:
        """The references inside a copied node, all relative to the file it came from."""
        if not isinstance(body, dict):
            return []
        found = []
        for path, node, sub_kind in walk(body, root_kind=kind):
            if is_map(sub_kind):
                continue  # "$ref" is a name here
            ref = node.get("$ref")
            if isinstance(ref, str) and is_local(ref):
                node["$ref"] = file.name + ref  # a local ref of that file: that file again
            if _is_external(node):
                where = f"{file.name}{pointer(*path, '$ref')}"
                found.append((node, sub_kind, where, file.parent))
        return found

    def _locate(self, ref: str, base: Path) -> tuple[Path, str]:
        """The file (resolved, checked to be under the allowed folder) and fragment of ``ref``."""
        parts = urlsplit(ref)
        if parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
            raise _Refused(f"external reference {ref!r} is not followed: only files are read")
        raw = Path(unquote(parts.path))
        try:
            file = (raw if raw.is_absolute() else base / raw).resolve(strict=True)
        except (OSError, RuntimeError):
            raise _Refused(f"external reference {ref!r}: no such file") from None
        if not file.is_relative_to(self.root):
            raise _Refused(f"external reference {ref!r} is outside {self.root}; not read")
        if not file.is_file():
            raise _Refused(f"external reference {ref!r} is not a regular file; not read")
        return file, unquote(parts.fragment)

    def _load(self, file: Path, ref: str) -> dict[str, Any]:
        if file in self.files:
            return self.files[file]
        if len(self.files) >= MAX_FILES:
            raise _Refused(f"cannot use {ref!r}: more than {MAX_FILES} referenced files")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise _Refused(f"cannot use {ref!r}: the file is larger than {MAX_FILE_BYTES} bytes")
        found = Problems()
        doc = parse_spec(file.read_bytes(), file.name, found)
        if doc is None or found.errors:
            reason = found.errors[0].message if found.errors else "not a mapping"
            raise _Refused(f"cannot use {ref!r}: {reason}")
        self.files[file] = doc
        return doc

    def _claim(self, section: str, wanted: str) -> str:
        taken = (self.spec.get("components") or {}).get(section) or {}
        name = re.sub(r"[^A-Za-z0-9._-]", "_", wanted) or "External"
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name}_{n}"
        return candidate


def _is_external(node: dict[str, Any]) -> bool:
    ref = node.get("$ref")
    return isinstance(ref, str) and not is_local(ref)
