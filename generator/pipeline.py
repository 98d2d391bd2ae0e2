"""One pipeline, used by the command line, the tests and the corpus runner.

:func:`generate` runs every in-memory step on a spec's bytes (parse, check references,
validate, build the intermediate model, render) and returns what it made together with every
problem it found. Formatting and writing are left to the caller (see ``generator.write``),
because only the caller knows whether it writes, checks for drift, or only wants the model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.apidiff import Change
from generator.build import build_api
from generator.cache import Cache
from generator.config import Config
from generator.load import parse_spec
from generator.model import Api
from generator.namelock import NameLock
from generator.names import module_name
from generator.problems import Problems, pointer
from generator.reference import build_reference
from generator.release import Previous, next_release
from generator.render import DEFAULT_TEMPLATES, Renderer
from generator.rendered import Rendered
from generator.resolve import Resolver, without_refs
from generator.revalidate import ValidationMemo
from generator.surface import surface

__all__ = ["Result", "generate"]

#: How much of a long title names the package (``<title>_client``); folder names stay short.
MAX_TITLE_WORDS = 40


@dataclass
class Result:
    """What one run produced: the model and files (``None``/empty when refused), and problems."""

    api: Api | None
    files: dict[str, Rendered] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    changes: list[Change] = field(default_factory=list)  # since the previous release

    @property
    def ok(self) -> bool:
        return self.api is not None and not self.problems.errors


def generate(
    spec_bytes: bytes,
    config: Config,
    templates: Path = DEFAULT_TEMPLATES,
    *,
    spec_name: str = "openapi.yaml",
    package: str | None = None,
    problems: Problems | None = None,
    validate: bool = True,
    render_files: bool = True,
    previous: Previous | None = None,
    lock: NameLock | None = None,
    allow_external_refs: Path | None = None,
    spec_dir: Path | None = None,
    cache: Cache | None = None,
    on_code: Callable[[dict[str, Rendered]], None] | None = None,
) -> Result:
    """Spec bytes in; the intermediate model, the rendered files and every problem out.

    ``spec_name`` is the spec's file name (it decides JSON or YAML, and is recorded in the
    output); ``package`` is the import name when the config gives none. With ``validate``
    false, validation against the OpenAPI specification is skipped (tests of deliberately odd
    documents use it); references are checked all the same. ``$ref``s never leave the document
    unless ``allow_external_refs`` names a folder: then files under it (only) are read and
    bundled in, relative references being resolved from ``spec_dir`` (default: that folder).
    ``previous`` is the last release in the output folder: the version is bumped, and the
    changelog grows, by what changed since (``generator.release``). ``lock`` holds the
    names published before (``generator.namelock``); the result's ``api.lock`` those of now.
    ``cache`` keeps compiled templates and what validation found (``generator.cache``).

    ``on_code``, when validation has to run, is called with the rendered code before it
    does, so that the caller can start formatting it on other cores: the code is final only
    if the result is ``ok`` (a spec that validation refuses is refused all the same).
    """
    problems = problems if problems is not None else Problems()
    problems.acknowledge((a.code, a.pointer) for a in config.acknowledge)
    spec = parse_spec(spec_bytes, spec_name, problems)
    if spec is None:
        return Result(None, problems=problems)
    if allow_external_refs is not None:
        from generator.bundle import bundle_external

        bundle_external(spec, spec_dir or allow_external_refs, allow_external_refs, problems)
    broken = Resolver(spec).check_all(problems)
    memo = ValidationMemo.load(None if broken else cache, spec)
    build = _Build(
        spec,
        config,
        spec_file=spec_name,
        spec_sha256=hashlib.sha256(spec_bytes).hexdigest(),
        package=package,
        lock=lock,
        previous=previous,
        templates=templates,
        cache=cache,
        render_files=render_files,
    )
    early = None
    usable = validate and render_files and not (broken or problems.errors)
    if on_code is not None and usable and memo.problems is None:  # validation has work to do
        early = build.ahead_of_validation(on_code)
    if validate and broken:
        from generator.validate import validate_spec

        validate_spec(without_refs(spec, broken), problems)
    elif validate:
        memo.validate(spec, problems)
    _check_config_names(spec, config, problems)
    if problems.errors:
        return Result(None, problems=problems)
    if early is not None:
        early.replay(into=problems)  # the spec is valid: the build's own exception too
    else:
        build.run(problems)
    if build.api is None or problems.errors:
        return Result(None, problems=problems)
    files = {}
    if build.renderer is not None:
        reference = build_reference(spec, build.api, config, problems, templates, memo)
        files = dict(sorted({**build.code, **build.renderer.docs(reference)}.items()))
    memo.save()
    _check_acknowledgements(config, problems)
    return Result(build.api, files, problems, build.changes)


class _Build:
    """Steps 3 to 5 but the docs: the intermediate model, its release and its code.

    A first generation runs them ahead of validation (:meth:`ahead_of_validation`), so that
    the code can be formatted on other cores while validation runs here. Their problems are
    then held apart, and count only once validation has found the spec valid: a spec it
    refuses is refused for its own problems, whatever building it did.
    """

    def __init__(
        self,
        spec: dict[str, Any],
        config: Config,
        *,
        spec_file: str,
        spec_sha256: str,
        package: str | None,
        lock: NameLock | None,
        previous: Previous | None,
        templates: Path,
        cache: Cache | None,
        render_files: bool,
    ) -> None:
        self.spec, self.config = spec, config
        self.spec_file, self.spec_sha256, self.package = spec_file, spec_sha256, package
        self.lock, self.previous = lock, previous
        self.templates, self.cache, self.render_files = templates, cache, render_files
        self.renderer: Renderer | None = None
        self.api: Api | None = None
        self.changes: list[Change] = []
        self.code: dict[str, Rendered] = {}

    def run(self, problems: Problems) -> None:
        """Build, release and render the code, into ``problems``; stops at an error."""
        title = str((self.spec.get("info") or {}).get("title") or Path(self.spec_file).stem)
        fallback = self.package or module_name(title[:MAX_TITLE_WORDS]).strip("_") + "_client"
        self.api = build_api(
            self.spec,
            self.config,
            problems,
            spec_file=self.spec_file,
            spec_sha256=self.spec_sha256,
            fallback_package=fallback,
            lock=self.lock,
        )
        if problems.errors:
            self.api = None
            return
        self.changes = _release(self.api, self.previous)
        if self.render_files:
            self.renderer = Renderer(self.api, self.templates, self.cache)
            self.code = self.renderer.code()

    def ahead_of_validation(self, on_code: Callable[[dict[str, Rendered]], None]) -> _Early:
        """:meth:`run` before the spec is known to be valid; ``on_code`` gets the code."""
        early = _Early()
        try:
            self.run(early.found)
            if self.api is not None:
                on_code(self.code)
        except Exception as exc:  # raised again once the spec proves valid (_Early.replay)
            self.api, early.error = None, exc
        return early


@dataclass
class _Early:
    """What building ahead of validation found (an exception included), held back."""

    found: Problems = field(default_factory=lambda: Problems(limit=None))
    error: Exception | None = None

    def replay(self, into: Problems) -> None:
        """Report it as if the build had run after validation (it raises the exception)."""
        if self.error is not None:
            raise self.error
        self.found.replay(into)


def _release(api: Api, previous: Previous | None) -> list[Change]:
    """Give ``api`` its version, changelog and API report; return what changed since."""
    current = surface(api)
    release = next_release(previous, current, api.package_version, api.title)
    api.package_version = current.version = release.version
    api.changelog = release.changelog
    api.report = json.dumps(current.to_json(), indent=1) + "\n"  # ASCII: any text
    return release.changes


def _check_config_names(spec: dict[str, Any], config: Config, problems: Problems) -> None:
    """A ``names:`` entry whose pointer finds nothing in the spec names nothing: say so."""
    resolver = Resolver(spec)
    for ptr in config.names:
        try:
            resolver.lookup(ptr)
        except LookupError:
            problems.warn(
                pointer("names", ptr),
                f"{ptr} points at nothing in the spec; the name is not used",
                code="W-CONFIG-NAME",
                source=config.source,
            )


def _check_acknowledgements(config: Config, problems: Problems) -> None:
    """An acknowledged warning that no longer occurs: the entry can go."""
    unmatched = set(problems.unmatched_acknowledgements())
    for index, ack in enumerate(config.acknowledge):
        if (ack.code, ack.pointer) in unmatched:
            problems.warn(
                pointer("acknowledge", index),
                f"no {ack.code} warning occurs at {ack.pointer}; remove this entry",
                code="W-CONFIG-ACKNOWLEDGE",
                source=config.source,
            )
