"""Step 5: render the intermediate model through the Jinja2 templates.

Returns a mapping of relative output path to text. Paths are built only from names the
model has already checked to be identifiers, and are checked again here, so nothing can be
written outside the output folder.
"""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from generator.imports import from_import, isort_names
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
from generator.security import RUNTIME_CLASSES
from generator.text import docstring
from generator.toml_literal import toml_string

__all__ = ["DEFAULT_TEMPLATES", "RUNTIME", "Rendered", "public_names", "render", "runtime_sources"]

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

RUNTIME = "runtime"  # the folder of runtime modules, under the templates folder
_TEMPLATED = ("_client", "_constants", "_version")  # from package/<name>.py.jinja
# Runtime modules whose ``__all__`` the package re-exports, with the client classes.
_PUBLIC_MODULES = ("_pagination", "_response", "_types", "errors")


def runtime_sources(templates: Path) -> dict[str, str]:
    """The runtime modules, file name -> text: copied into every package as they are.

    They are committed formatted, and need no templating: what differs between clients
    is in the generated ``_constants`` and ``_client`` modules.
    """
    folder = templates / RUNTIME
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.py"))}


def public_names(source: str) -> list[str]:
    """The names a module lists in its ``__all__`` (a literal list of strings)."""
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, (ast.List, ast.Tuple))
        ):
            return [
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
    raise ValueError("the module has no literal __all__")


def _security_classes(api: Api) -> tuple[list[str], list[str]]:
    """What ``_client`` imports from ``_security``, and the ``_auth`` classes users pass."""
    kinds = [RUNTIME_CLASSES[s.kind] for s in api.auth.schemes]
    imports = {"Security", *(scheme for scheme, _ in kinds)}
    if any(s.kind != "oauth2_client_credentials" for s in api.auth.schemes):
        imports.add("Credential")
    auth_classes = sorted({auth for _, auth in kinds if auth is not None})
    return isort_names(imports), auth_classes


def _package_imports(
    api: Api, runtime: dict[str, str], auth_classes: list[str]
) -> list[tuple[str, list[str]]]:
    """What the package's ``__init__`` imports, module by module, in isort's order."""
    by_module: dict[str, list[str]] = {
        "_client": [api.client_class, api.async_client_class],
        "_constants": ["DEFAULT_BASE_URL"],
        "_version": ["__version__"],
    }
    if auth_classes:
        by_module["_auth"] = auth_classes
    for module in _PUBLIC_MODULES:
        by_module[module] = public_names(runtime[f"{module}.py"])
    return sorted((m, isort_names(names)) for m, names in by_module.items())


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
    env.filters["from_import"] = from_import
    env.filters["frozenset_literal"] = lambda items: (
        f"frozenset({{{', '.join(repr(i) for i in sorted(items))}}})" if items else "frozenset()"
    )
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
    runtime = runtime_sources(templates)
    for name, text in runtime.items():
        files[_safe(f"{pkg}/{name}")] = Rendered(header, text, verbatim=True)
    security_imports, auth_classes = _security_classes(api)
    for name in _TEMPLATED:
        emit(f"{pkg}/{name}.py", f"package/{name}.py.jinja", security_imports=security_imports)
    imports = _package_imports(api, runtime, auth_classes)
    exports = sorted({"models", *(n for _, names in imports for n in names)})
    emit(f"{pkg}/__init__.py", "package/__init__.py.jinja", imports=imports, exports=exports)
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
