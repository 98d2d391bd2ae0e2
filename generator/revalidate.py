"""Step 2, reused: what validating a spec found, kept for the next spec that differs only in prose.

A maintainer's usual change is a description. Validating costs most of a regenerate (about
0.3 s to import openapi-schema-validator and as much again to run it on the Sendcloud spec),
and a description cannot change what validation finds: wherever the OpenAPI Specification
allows ``description`` or ``summary`` in an object, any string is valid. So the cache key is a
hash of the document with that prose left out (the *structural key*), and an entry holds the
problems validation reported, plus the outcome of every example check the docs made
(``generator.reference.samples``), so that a run whose checks all hit imports no validator.

Prose is a string under ``description`` or ``summary`` in an object of the document (never
in literal data, never a name in a map such as ``properties``). A problem whose message
could quote prose, because it shows an object holding it or concerns a prose node itself,
makes its run's entry unfit to keep: a hit replays messages word for word.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from generator.cache import Cache
from generator.fingerprint import GENERATOR
from generator.problems import Level, Problems
from generator.walk import is_map, walk

__all__ = ["ValidationMemo", "structural_key"]

PROSE_KEYS = ("description", "summary")
#: Text in a message that shows an object holding prose (``{'description': ...}``).
_QUOTED_PROSE = tuple(f"{q}{key}{q}" for key in PROSE_KEYS for q in "'\"")
#: What validation also depends on besides the document and the generator's source.
_PACKAGES = ("openapi-spec-validator", "openapi-schema-validator", "jsonschema", "referencing")
_MARK = "\x00prose\x00"  # never in a document: YAML and JSON text cannot hold NUL unescaped


def structural_key(spec: Any) -> str | None:
    """A hash of ``spec`` without its prose; None when the document cannot be hashed so."""
    holders = [
        (node, key)
        for _, node, kind in walk(spec)
        if not is_map(kind) and not kind.startswith("list:")
        for key in PROSE_KEYS
        if isinstance(node.get(key), str)
    ]
    saved = [(node, key, node[key]) for node, key in holders]
    try:
        for node, key, _ in saved:
            node[key] = _MARK
        text = repr(spec)  # unlike JSON, tells 200 from '200' and 1 from 1.0 and True
    except RecursionError:
        return None
    finally:
        for node, key, value in reversed(saved):
            node[key] = value
    if "{...}" in text or "[...]" in text:  # a YAML anchor inside itself: not worth a key
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _salt() -> str:
    """The generator's source and the validator packages' versions, in one hash."""
    from generator.versions import installed_version

    digest = hashlib.sha256()
    for path in sorted(GENERATOR.rglob("*.py")):
        try:
            digest.update(path.name.encode() + b":" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b":<missing>")
    for name in _PACKAGES:
        digest.update(f"{name}={installed_version(name.replace('-', '_')) or '?'}".encode())
    return digest.hexdigest()


@dataclass
class ValidationMemo:
    """The cache entry of one structural key: validation's problems and example checks."""

    cache: Cache | None
    key: str | None
    problems: list[list[str]] | None = None
    omitted: dict[str, int] = field(default_factory=dict)
    #: example check -> [where it first breaks its schema, or None; validation steps spent]
    samples: dict[str, list[Any]] = field(default_factory=dict)
    _fit: bool = True
    _dirty: bool = False

    @classmethod
    def load(cls, cache: Cache | None, spec: Any) -> ValidationMemo:
        """The entry for ``spec`` (empty when none is stored, or ``cache`` is None)."""
        key = structural_key(spec) if cache is not None else None
        if cache is None or key is None:
            return cls(None, None)
        key = f"{_salt()}|{key}"
        entry = cache.read_json("validation", key)
        memo = cls(cache, key)
        if isinstance(entry, dict) and _well_formed(entry):
            memo.problems = entry["problems"]
            memo.omitted = entry["omitted"]
            memo.samples = entry["samples"]
        return memo

    def validate(self, spec: dict[str, Any], problems: Problems) -> None:
        """Report into ``problems`` what validating ``spec`` finds: from the entry if any."""
        if self.problems is None:
            from generator.validate import validate_spec

            found = Problems()
            validate_spec(spec, found)
            self.problems = [
                [p.level.value, p.pointer, p.message, p.code, p.source] for p in found.items
            ]
            self.omitted = {level.value: n for level, n in found.omitted.items()}
            self._fit = not any(_may_quote_prose(row) for row in self.problems)
            self._dirty = True
        for level, ptr, message, code, source in self.problems:
            problems.add(Level(level), ptr, message, code=code, source=source)
        for level, n in self.omitted.items():
            problems.omitted[Level(level)] = problems.omitted.get(Level(level), 0) + n

    def sample(self, key: str) -> list[Any] | None:
        """The stored outcome of the example check ``key``: [where, steps], or None."""
        return self.samples.get(key)

    def remember_sample(self, key: str, where: list[str | int] | None, steps: int) -> None:
        self.samples[key] = [where, steps]
        self._dirty = True

    def save(self) -> None:
        """Store the entry, when it holds something new and replaying it is exact."""
        if self.cache is None or self.key is None or not self._dirty or not self._fit:
            return
        if self.problems is None:
            return  # validation did not run (tests that skip it): nothing to key samples by
        entry = {"problems": self.problems, "omitted": self.omitted, "samples": self.samples}
        self.cache.write_json("validation", self.key, entry)


def _may_quote_prose(row: list[str]) -> bool:
    """Whether a problem's message or place could change with a description."""
    _, ptr, message, _, _ = row
    return ptr.rsplit("/", 1)[-1] in PROSE_KEYS or any(q in message for q in _QUOTED_PROSE)


def _well_formed(entry: dict[str, Any]) -> bool:
    """An entry's shape, checked before use: the cache folder is not trusted blindly."""
    problems, omitted, samples = entry.get("problems"), entry.get("omitted"), entry.get("samples")
    levels = {level.value for level in Level}
    return (
        isinstance(problems, list)
        and all(
            isinstance(row, list)
            and len(row) == 5
            and all(isinstance(cell, str) for cell in row)
            and row[0] in levels
            for row in problems
        )
        and isinstance(omitted, dict)
        and all(k in levels and isinstance(n, int) for k, n in omitted.items())
        and isinstance(samples, dict)
        and all(
            isinstance(v, list)
            and len(v) == 2
            and (v[0] is None or isinstance(v[0], list))
            and isinstance(v[1], int)
            for v in samples.values()
        )
    )
