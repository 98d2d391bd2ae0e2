"""Jinja's byte-code cache: compiled templates, so a run does not compile them again.

Compiling the templates costs about 0.25 s, a run's largest step after validation and
black. Where the compiled code is kept depends on whose templates they are:

- the generator's own (``templates/``) are part of the generator, so their byte-code lives
  where Python keeps the generator's: ``generator/__pycache__/templates/`` (under
  ``sys.pycache_prefix`` when that is set), written when Python writes byte-code (not with
  ``-B`` or ``PYTHONDONTWRITEBYTECODE``), like a ``.pyc``;
- any other ``--templates`` folder's go to the user's cache folder (``generator.cache``),
  never into the folder itself.

Jinja checks the byte-code's Python version and the template source's hash itself; the key
adds what it does not check: Jinja's version and the environment's options, which change
the code a template compiles to. Byte-code is code, so it is only loaded from a folder that
this user owns and no other can write to.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import jinja2
import jinja2.bccache

from generator.cache import Cache

__all__ = ["TemplateCache", "template_cache"]

GENERATOR = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = GENERATOR.parent / "templates"


def template_cache(templates: Path, options: str, cache: Cache | None) -> TemplateCache | None:
    """The byte-code cache for ``templates`` (see the module docstring), if it has one."""
    if Path(templates).resolve() == BUILTIN_TEMPLATES:
        prefix = sys.pycache_prefix
        pycache = Path(prefix) / GENERATOR.relative_to(GENERATOR.anchor) if prefix else None
        folder = (pycache or GENERATOR / "__pycache__") / "templates"
        return TemplateCache(folder, options, write=not sys.dont_write_bytecode)
    if cache is not None:
        return TemplateCache(cache.root / "templates", options, write=True)
    return None


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in ``folder``, one file per template, under a hashed name."""

    def __init__(self, folder: Path, options: str, *, write: bool) -> None:
        self.folder = folder
        self.write = write
        self.salt = f"{jinja2.__version__}|{options}"
        self._trusted: bool | None = None

    def _folder_is_ours(self) -> bool:
        if self._trusted is None:
            try:
                info = os.stat(self.folder)
            except OSError:
                self._trusted = False
            else:
                mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
                self._trusted = mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        return self._trusted

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return f"{self.salt}|{name}|{filename}"

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{hashlib.sha256(bucket.key.encode()).hexdigest()}.jinja"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self._folder_is_ours():
            return
        try:
            data = self._file(bucket).read_bytes()
        except OSError:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # noqa: BLE001 - a damaged entry, whatever breaks: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.write and bucket.code is not None:
            Cache.write_bytes(self._file(bucket), bucket.bytecode_to_string())
