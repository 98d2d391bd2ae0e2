"""Step 5: render the intermediate model through the Jinja2 templates.

:class:`Renderer` gives the code (``code()``) and, once the reference is built, the files
drawn from it (``docs()``): each a mapping of relative output path to text. Paths are built
only from names the model has already checked to be identifiers, and are checked again
here, so nothing can be written outside the output folder.
"""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from generator import layout
from generator.bytecode import template_cache
from generator.cache import Cache
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
from generator.present.client import scheme_lines
from generator.reference import Reference, markdown
from generator.rendered import Rendered
from generator.security import RUNTIME_CLASSES
from generator.syntax import literal
from generator.text import docstring
from generator.toml_literal import toml_string

__all__ = [
    "DEFAULT_TEMPLATES",
    "RUNTIME",
    "Rendered",
    "Renderer",
    "public_names",
    "runtime_sources",
]

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


def _environment(templates: Path, cache: Cache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - the output is Python source, not HTML
    )
    env.filters["pyrepr"] = literal  # as black spells it
    env.filters["tomlstr"] = toml_string
    env.filters["pydoc"] = lambda s, indent=0: docstring(s, indent=indent)
    env.filters["tuple_literal"] = lambda items: literal(tuple(items))
    env.filters["md_block"] = lambda s, level=0: markdown.block(s, level=level)
    env.filters["md_inline"] = markdown.inline
    env.filters["md_item"] = lambda s, level=0: markdown.item(s, level=level)
    env.filters["md_cell"] = markdown.cell
    env.filters["md_link_text"] = markdown.link_text
    env.filters["md_code"] = markdown.code
    env.filters["fence"] = lambda code, info="": markdown.fence(code, info)
    env.filters["from_import"] = from_import
    env.filters["tuple_entry"] = lambda key, items, indent: layout.tuple_entry(
        literal(key), [literal(i) for i in items], indent
    )
    env.filters["all_list"] = lambda names: layout.names_list("__all__", list(names))
    env.filters["frozenset_literal"] = lambda items: (
        f"frozenset({{{', '.join(repr(i) for i in sorted(items))}}})" if items else "frozenset()"
    )
    # Filters are looked up when a template runs, so they are not part of the byte-code.
    env.bytecode_cache = template_cache(templates, _compile_options(env), cache)
    return env


def _compile_options(env: jinja2.Environment) -> str:
    """The environment's settings that change what a template compiles to."""
    names = (
        "block_start_string", "block_end_string", "variable_start_string",
        "variable_end_string", "comment_start_string", "comment_end_string",
        "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
        "newline_sequence", "keep_trailing_newline", "autoescape", "optimized",
    )  # fmt: skip
    settings = [repr(getattr(env, name)) for name in names]
    settings += [env.undefined.__qualname__, *sorted(env.extensions)]
    return "|".join(settings)


def _safe(path: str) -> str:
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in pure.parts):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return str(pure)


class _Emitter:
    """Collects the rendered files of one API."""

    def __init__(self, api: Api, env: jinja2.Environment) -> None:
        self.api = api
        self.env = env
        self.header = self.env.get_template("header.jinja").render(comment="#")  # no spec text
        self.files: dict[str, Rendered] = {}

    def emit(self, path: str, template: str, **context: Any) -> None:
        text = self.env.get_template(template).render(api=self.api, **context)
        self.files[_safe(path)] = Rendered(self.header, text)

    def add(self, path: str, text: str, *, header: bool = True, verbatim: bool = False) -> None:
        self.files[_safe(path)] = Rendered(self.header if header else "", text, verbatim)


class Renderer:
    """Renders one API in two parts: its code, which needs only the model, and the files
    drawn from the reference (``generator.reference``: metadata and examples checked against
    their schemas), which can wait until validation is done."""

    def __init__(self, api: Api, templates: Path = DEFAULT_TEMPLATES, cache: Cache | None = None):
        self.api = api
        self.templates = templates
        self.env = _environment(templates, cache)

    def code(self) -> dict[str, Rendered]:
        """The package, the changelog and the API report."""
        out = _Emitter(self.api, self.env)
        # The last release, read back by the next regenerate (generator.release): no header,
        # Markdown and JSON have no comment syntax that would not change what they say.
        if self.api.changelog:
            out.add("CHANGELOG.md", self.api.changelog, header=False)
        if self.api.report:
            out.add("api-report.json", self.api.report, header=False)
        _package(out, self.templates)
        ctx = ApiContext.of(self.api)
        _models(out, ctx)
        _resources(out, ctx)
        return out.files

    def docs(self, reference: Reference | None) -> dict[str, Rendered]:
        """``pyproject.toml``, and with a reference ``README.md`` and ``api.md``."""
        out = _Emitter(self.api, self.env)
        out.emit("pyproject.toml", "pyproject.toml.jinja", meta=reference and reference.metadata)
        if reference is not None:
            _docs(out, reference)
        return out.files


def _docs(out: _Emitter, reference: Reference) -> None:
    """``README.md`` and ``api.md``. Markdown has no comment syntax for the shared header: the
    same words go in an HTML comment at the top of the body, which a renderer does not show."""
    note = "<!--\n" + out.env.get_template("header.jinja").render(comment="") + "-->\n\n"
    for name in ("README.md", "api.md"):
        body = out.env.get_template(f"{name}.jinja").render(api=out.api, ref=reference)
        out.add(name, note + body, header=False)


def _package(out: _Emitter, templates: Path) -> None:
    """The runtime, copied as it is, and the package's templated modules."""
    api, pkg = out.api, out.api.package
    out.add(f"{pkg}/py.typed", "")
    runtime = runtime_sources(templates)
    for name, text in runtime.items():
        out.add(f"{pkg}/{name}", text, verbatim=True)
    security_imports, auth_classes = _security_classes(api)
    for name in _TEMPLATED:
        out.emit(
            f"{pkg}/{name}.py",
            f"package/{name}.py.jinja",
            security_imports=security_imports,
            scheme_lines=scheme_lines(api.auth.schemes),
        )
    imports = _package_imports(api, runtime, auth_classes)
    exports = sorted({"models", *(n for _, names in imports for n in names)})
    out.emit(f"{pkg}/__init__.py", "package/__init__.py.jinja", imports=imports, exports=exports)


def _models(out: _Emitter, ctx: ApiContext) -> None:
    """One module per model, enum and type alias, and ``models/__init__`` exporting them."""
    api, pkg = out.api, out.api.package
    exported: list[tuple[str, str]] = []
    for model in api.models:
        view = model_view(model, ctx)
        out.emit(f"{pkg}/models/{model.module}.py", "package/models/model.py.jinja", m=view)
        exported += [(n, model.module) for n in (model.name, model.param) if n]
    for enum in api.enums:
        e = enum_view(enum, ctx)
        out.emit(f"{pkg}/models/{enum.module}.py", "package/models/enum.py.jinja", e=e)
        exported += [(n, enum.module) for n in (enum.name, enum.literal) if n]
    for alias in api.aliases:
        a = alias_view(alias, ctx)
        out.emit(f"{pkg}/models/{alias.module}.py", "package/models/alias.py.jinja", a=a)
        exported += [(alias.name, alias.module), (alias_parser(alias.name), alias.module)]
    by_module: dict[str, list[str]] = {}
    for name, module in exported:
        by_module.setdefault(module, []).append(name)
    out.emit(
        f"{pkg}/models/__init__.py",
        "package/models/__init__.py.jinja",
        imports=sorted((m, isort_names(n)) for m, n in by_module.items()),
        exports=sorted(exported),
    )


def _resources(out: _Emitter, ctx: ApiContext) -> None:
    """One module per resource, ``resources/__init__``, and the webhook parsers."""
    api, pkg = out.api, out.api.package
    if api.webhooks:
        w = webhooks_view(api.webhooks, ctx)
        out.emit(f"{pkg}/webhooks.py", "package/webhooks.py.jinja", w=w)
    for resource in api.resources:
        r = resource_view(resource, ctx)
        out.emit(
            f"{pkg}/resources/{resource.module}.py", "package/resources/resource.py.jinja", r=r
        )
    imports = sorted((r.module, [f"Async{r.class_name}", r.class_name]) for r in api.resources)
    exports = sorted(n for _, names in imports for n in names)
    out.emit(
        f"{pkg}/resources/__init__.py",
        "package/resources/__init__.py.jinja",
        imports=imports,
        exports=exports,
    )
