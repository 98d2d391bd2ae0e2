"""Step 5: render the intermediate model through the Jinja2 templates.

Returns a mapping of relative output path to text. Paths are built only from names the
model has already checked to be identifiers, and are checked again here, so nothing can be
written outside the output folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from generator.imports import isort_names
from generator.model import Api
from generator.names import alias_parser
from generator.present import (
    ApiContext,
    alias_view,
    enum_view,
    model_view,
    resource_view,
    webhooks_view,
)
from generator.rendered import Rendered
from generator.text import docstring
from generator.toml_literal import toml_string

__all__ = ["DEFAULT_TEMPLATES", "Rendered", "render"]

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_RUNTIME = (
    "_types",
    "_serde",
    "_base_client",
    "_auth",
    "_pagination",
    "_response",
    "_client",
    "_version",
    "errors",
)
_ERRORS = (
    "APIConnectionError", "APIError", "APIStatusError", "APITimeoutError", "AuthenticationError",
    "BadRequestError", "BatchError", "ConflictError", "InternalServerError", "NotFoundError",
    "PermissionDeniedError", "RateLimitError", "ResponseDecodeError", "ResponseValidationError",
    "UnprocessableEntityError",
)  # fmt: skip


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - the output is Python source, not HTML
    )
    env.filters["pyrepr"] = repr
    env.filters["tomlstr"] = toml_string
    env.filters["pydoc"] = lambda s, indent=0: docstring(s, indent=indent)
    env.filters["tuple_literal"] = lambda items: repr(tuple(items))
    return env


def _safe(path: str) -> str:
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in pure.parts):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return str(pure)


def render(api: Api, templates: Path = DEFAULT_TEMPLATES) -> dict[str, Rendered]:
    env = _environment(templates)
    pkg = api.package
    header = env.get_template("header.jinja").render(comment="#")  # constant: no spec text
    files: dict[str, Rendered] = {}

    def emit(path: str, template: str, **context: Any) -> None:
        files[_safe(path)] = Rendered(header, env.get_template(template).render(api=api, **context))

    emit("pyproject.toml", "pyproject.toml.jinja")
    # The last release, read back by the next regenerate (generator.release): no header,
    # Markdown and JSON have no comment syntax that would not change what they say.
    if api.changelog:
        files["CHANGELOG.md"] = Rendered("", api.changelog)
    if api.report:
        files["api-report.json"] = Rendered("", api.report)
    files[f"{pkg}/py.typed"] = Rendered(header, "")
    for name in _RUNTIME:
        emit(f"{pkg}/{name}.py", f"package/{name}.py.jinja")
    exports = sorted(
        [
            api.client_class,
            api.async_client_class,
            "DEFAULT_BASE_URL",
            "OAuth2ClientCredentials",
            "BearerAuth",
            "APIKeyAuth",
            "Page",
            "AsyncPage",
            "APIResponse",
            "NOT_GIVEN",
            "NotGiven",
            "UNSET",
            "Unset",
            "Unrecognized",
            "__version__",
            "models",
            *_ERRORS,
        ]
    )
    emit(f"{pkg}/__init__.py", "package/__init__.py.jinja", errors=_ERRORS, exports=exports)
    ctx = ApiContext.of(api)
    model_exports: list[tuple[str, str]] = []
    for model in api.models:
        emit(
            f"{pkg}/models/{model.module}.py",
            "package/models/model.py.jinja",
            m=model_view(model, ctx),
        )
        model_exports.append((model.name, model.module))
    for enum in api.enums:
        emit(
            f"{pkg}/models/{enum.module}.py", "package/models/enum.py.jinja", e=enum_view(enum, ctx)
        )
        model_exports.append((enum.name, enum.module))
    for alias in api.aliases:
        emit(
            f"{pkg}/models/{alias.module}.py",
            "package/models/alias.py.jinja",
            a=alias_view(alias, ctx),
        )
        model_exports.append((alias.name, alias.module))
        model_exports.append((alias_parser(alias.name), alias.module))
    by_module: dict[str, list[str]] = {}
    for name, module in model_exports:
        by_module.setdefault(module, []).append(name)
    emit(
        f"{pkg}/models/__init__.py",
        "package/models/__init__.py.jinja",
        imports=sorted((m, isort_names(n)) for m, n in by_module.items()),
        exports=sorted(model_exports),
    )
    if api.webhooks:
        emit(f"{pkg}/webhooks.py", "package/webhooks.py.jinja", w=webhooks_view(api.webhooks, ctx))
    for resource in api.resources:
        emit(
            f"{pkg}/resources/{resource.module}.py",
            "package/resources/resource.py.jinja",
            r=resource_view(resource, ctx),
        )
    resource_exports = sorted(
        n for r in api.resources for n in (r.class_name, f"Async{r.class_name}")
    )
    emit(
        f"{pkg}/resources/__init__.py",
        "package/resources/__init__.py.jinja",
        exports=resource_exports,
    )
    return dict(sorted(files.items()))
