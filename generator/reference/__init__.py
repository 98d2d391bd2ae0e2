"""Step 4b: the reference docs (``api.md``, ``README.md``) and the package metadata.

:func:`build_reference` reads what the docs need from the spec and the intermediate model:
per method its signature, description, errors and runnable examples built from the spec's
request examples; for the README which calls illustrate each topic; for ``pyproject.toml``
the licence and URLs. The templates place it; spec text is escaped where it is placed
(:mod:`generator.reference.markdown` for Markdown, ``repr`` for code).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.model import Api, Operation
from generator.operations.assemble import IDEMPOTENT_METHODS
from generator.problems import Problems, pointer
from generator.reference.examples import ExampleBuilder
from generator.reference.metadata import Metadata, metadata
from generator.reference.methods import ResourceDoc, method_docs
from generator.reference.readme import ReadmeView, readme_view
from generator.reference.runtime import RuntimeFacts
from generator.revalidate import ValidationMemo

__all__ = ["Reference", "build_reference"]


@dataclass
class Reference:
    resources: list[ResourceDoc]
    readme: ReadmeView
    metadata: Metadata
    runtime: RuntimeFacts

    @property
    def retried_methods(self) -> list[str]:
        """The HTTP methods whose requests are retried (others only when the config says)."""
        order = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]
        found = {m.upper() for m in IDEMPOTENT_METHODS}
        return [m for m in order if m in found] + sorted(found - set(order))

    @property
    def not_retried(self) -> list[str]:
        """``resource.method`` of every method a failed attempt of is not retried."""
        return [
            f"{m.resource}.{m.method}" for r in self.resources for m in r.methods if not m.retried
        ]


def build_reference(
    spec: dict[str, Any],
    api: Api,
    config: Config,
    problems: Problems,
    templates: Path,
    memo: ValidationMemo | None = None,
) -> Reference:
    """``templates`` holds the runtime, whose ``errors`` module says which status raises what;
    ``memo`` the outcomes of the example checks of a run before (``generator.revalidate``)."""
    examples = ExampleBuilder(spec, api, memo)
    facts = RuntimeFacts.read(templates / "runtime")
    resources = method_docs(api, examples, facts)
    readme = readme_view(api, _in_spec_order(spec, api), resources, examples)
    return Reference(resources, readme, metadata(spec, config, problems), facts)


def _in_spec_order(spec: dict[str, Any], api: Api) -> list[Operation]:
    """Every operation, in the order the spec lists its paths and methods."""
    position: dict[str, int] = {}
    paths = spec.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        for method in item if isinstance(item, dict) else {}:
            position.setdefault(pointer("paths", path, method), len(position))
    ops = [op for r in api.resources for op in r.operations]
    return sorted(ops, key=lambda op: position.get(op.pointer, len(position)))
