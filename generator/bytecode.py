"""Jinja's byte-code cache, kept in the user's cache folder (``generator.cache``)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2
import jinja2.bccache

from generator.cache import Cache

__all__ = ["TemplateCache"]


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, so a run does not compile every template again (about 0.25 s).

    Jinja checks the byte-code's Python version and the template source's hash itself; the
    key adds what it does not check: Jinja's version and the environment's options, which
    change the code a template compiles to.
    """

    def __init__(self, cache: Cache, options: str) -> None:
        self.cache = cache
        self.salt = f"{jinja2.__version__}|{options}"
        self._trusted: bool | None = None

    def _folder_is_ours(self) -> bool:
        """Byte-code is code: only load it from a folder no other user can write to."""
        if self._trusted is None:
            try:
                info = os.stat(self.cache.root / "templates")
            except OSError:
                self._trusted = False
            else:
                mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
                self._trusted = mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        return self._trusted

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return f"{self.salt}|{name}|{filename}"

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.cache.path("templates", bucket.key, ".jinja")

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
        if bucket.code is not None:
            self.cache.write_bytes(self._file(bucket), bucket.bytecode_to_string())
