"""One pipeline, used by the command line, the tests and the corpus runner.

:func:`generate` runs every in-memory step on a spec's bytes (parse, check references,
validate, build the intermediate model, render) and returns what it made together with every
problem it found. Formatting and writing are left to the caller (see ``generator.write``),
because only the caller knows whether it writes, checks for drift, or only wants the model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.apidiff import Change
from generator.build import build_api
from generator.config import Config
from generator.load import parse_spec
from generator.model import Api
from generator.namelock import NameLock
from generator.names import snake_name
from generator.problems import Problems
from generator.release import Previous, next_release
from generator.render import DEFAULT_TEMPLATES, render
from generator.rendered import Rendered
from generator.resolve import Resolver, without_refs
from generator.surface import surface
from generator.validate import validate_spec

__all__ = ["Result", "generate"]


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
) -> Result:
    """Spec bytes in; the intermediate model, the rendered files and every problem out.

    ``spec_name`` is the spec's file name (it decides JSON or YAML, and is recorded in the
    output); ``package`` is the import name when the config gives none. With ``validate``
    false, openapi-spec-validator is skipped (tests of deliberately odd documents use it).
    ``previous`` is the last release in the output folder: the version is bumped, and the
    changelog grows, by what changed since (``generator.release``). ``lock`` holds the
    names published before (``generator.namelock``); the result's ``api.lock`` those of now.
    """
    problems = problems if problems is not None else Problems()
    spec = parse_spec(spec_bytes, spec_name, problems)
    if spec is None:
        return Result(None, problems=problems)
    broken = Resolver(spec).check_all(problems)
    if validate:
        validate_spec(without_refs(spec, broken) if broken else spec, problems)
    if problems.errors:
        return Result(None, problems=problems)
    title = str((spec.get("info") or {}).get("title") or Path(spec_name).stem)
    fallback = package or snake_name(title, fallback="api").strip("_") + "_client"
    api = build_api(
        spec,
        config,
        problems,
        spec_file=spec_name,
        spec_sha256=hashlib.sha256(spec_bytes).hexdigest(),
        fallback_package=fallback,
        lock=lock,
    )
    if problems.errors:
        return Result(None, problems=problems)
    release = next_release(previous, surface(api), api.package_version, api.title)
    api.package_version = release.version
    api.changelog = release.changelog
    api.report = json.dumps(surface(api).to_json(), indent=1, ensure_ascii=False) + "\n"
    files = render(api, templates) if render_files else {}
    return Result(api, files, problems, release.changes)
