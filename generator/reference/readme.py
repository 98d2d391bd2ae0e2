"""What the generated ``README.md`` shows: which calls illustrate each topic, as code.

The README must be right for any spec, so nothing here names an operation: the first call
is the spec's first GET that needs no body (one without required parameters if there is
one), pagination and batching are shown with the first operation that has them, and error
handling with the first operation that declares an error body. Every block is a complete
program built like the ``api.md`` examples, so the contract tests can run them all. Code
holds no spec text but through ``repr``; comments are the generator's own words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.layout import string
from generator.model import Api, Operation, SecurityScheme
from generator.pycode import statement
from generator.reference.examples import Call, ExampleBuilder, import_lines, result_lines
from generator.reference.methods import MethodDoc, ResourceDoc

__all__ = ["AuthDoc", "ReadmeView", "readme_view"]


@dataclass(frozen=True)
class AuthDoc:
    scheme: SecurityScheme
    code: str  # constructing the client with this scheme's credentials


@dataclass
class ReadmeView:
    first: MethodDoc | None = None  # the method of the first call
    first_call: str = ""
    async_call: str = ""
    auth: list[AuthDoc] = field(default_factory=list)
    paginated: MethodDoc | None = None
    pagination: str = ""
    batched: MethodDoc | None = None
    batching: str = ""
    errors: str = ""
    options: str = ""
    raw: str = ""


def readme_view(
    api: Api, ordered: list[Operation], resources: list[ResourceDoc], examples: ExampleBuilder
) -> ReadmeView:
    docs = {(m.resource, m.method): m for r in resources for m in r.methods}
    view = ReadmeView(auth=[AuthDoc(s, _auth(api, s)) for s in api.auth.schemes])
    first = _first_call(ordered)
    if first is not None:
        call = examples.calls(first)[0]
        view.first = docs[(first.resource, first.method)]
        view.first_call = examples.script(call)
        view.async_call = examples.script(call, is_async=True)
        view.options = _options(api, call)
        view.raw = _raw(api, call)
    paginated = next((op for op in ordered if op.pagination is not None), None)
    if paginated is not None:
        view.paginated = docs[(paginated.resource, paginated.method)]
        view.pagination = _pages(api, examples.calls(paginated)[0])
    batched = next((op for op in ordered if op.batch_size), None)
    if batched is not None:
        view.batched = docs[(batched.resource, batched.method)]
        view.batching = _batches(api, examples.minimal(batched), view.batched)
    failing = next((op for op in ordered if any(r.type for r in op.errors)), first)
    if failing is not None:
        classes = [e.exception for e in docs[(failing.resource, failing.method)].errors]
        view.errors = _errors(api, examples.calls(failing)[0], classes)
    return view


def _first_call(ordered: Iterable[Operation]) -> Operation | None:
    """The first GET without a body, preferring one that needs no arguments at all."""
    gets = [op for op in ordered if op.http_method == "GET" and op.body is None]
    bare = [op for op in gets if not any(p.required for p in op.params)]
    return next(iter(bare or gets), None)


def _client(api: Api, call: Call | None, *names: str, modules: Iterable[str] = ()) -> list[str]:
    head = import_lines(api, call, {api.client_class, *names}, set(modules))
    return [*head, "", f"client = {api.client_class}()", ""]


def _auth(api: Api, scheme: SecurityScheme) -> str:
    """Constructing the client with one scheme's credentials (no request is made)."""
    names: set[str] = set()
    args = [f"{c.argument}={string('YOUR_' + c.argument.upper())}" for c in scheme.credentials]
    if scheme.kind == "oauth2_client_credentials":
        names.add("OAuth2ClientCredentials")
        secrets = f"{string('YOUR_CLIENT_ID')}, {string('YOUR_CLIENT_SECRET')}"
        args = [f"{scheme.credentials[0].argument}=OAuth2ClientCredentials({secrets})"]
    head = import_lines(api, None, {api.client_class, *names}, set())
    return "\n".join([*head, "", f"client = {api.client_class}({', '.join(args)})"])


def _pages(api: Api, call: Call) -> str:
    lines = _client(api, call)
    lines += [
        "# Iterating walks every item of every page, one request per page.",
        *result_lines(call, 0, False),
    ]
    lines += ["", "# Or page by page:", *_assign("page = ", call), "while True:"]
    lines += ["    print(len(page.results), page.next)", "    if not page.has_next_page():"]
    lines += ["        break", "    page = page.next_page()"]
    return "\n".join(lines)


def _batches(api: Api, call: Call, doc: MethodDoc) -> str:
    lines = _client(api, call, "errors")
    if call.op.body is not None:
        name = call.op.body.name
        body, call = call.body_apart()
        lines += [statement(f"{name} = ", body)]
    if doc.batch_error_type:
        call = call.with_keywords(raise_on_error="True")
    lines += ["try:", *_assign("results = ", call, 4), "    print(results)"]
    lines += ["except errors.BatchError as exc:"]
    lines += ["    print(exc)  # which items failed, and why"]
    lines += ["    print(exc.results)  # what the chunks before the failed one returned"]
    return "\n".join(lines)


def _errors(api: Api, call: Call, classes: list[str]) -> str:
    lines = _client(api, call, "errors")
    lines += ["try:", *result_lines(call, 4, False)]
    for name in dict.fromkeys(c for c in classes if c != "APIStatusError"):
        lines += [f"except errors.{name} as exc:", "    print(exc.status_code, exc.body)"]
    lines += ["except errors.APIStatusError as exc:", "    print(exc.status_code, exc.raw_body)"]
    lines += ["except errors.APIConnectionError as exc:", "    print(exc)"]
    return "\n".join(lines)


def _options(api: Api, call: Call) -> str:
    head = import_lines(api, call, {api.client_class}, set())
    lines = [*head, "", f"client = {api.client_class}(timeout=10.0, max_retries=5)", ""]
    lines += [
        "# For one call:",
        *result_lines(call.with_keywords(timeout="60.0", max_retries="0"), 0, False),
    ]
    target = f"client.with_options(timeout=60.0).{call.op.resource}"
    lines += ["", "# For several calls:", *result_lines(call.on(target), 0, False)]
    return "\n".join(lines)


def _raw(api: Api, call: Call) -> str:
    lines = _client(api, call)
    raw = call.on(f"client.{call.op.resource}.with_raw_response")
    lines += _assign("response = ", raw)
    lines += ['print(response.status_code, response.headers.get("content-type"))']
    lines += ["print(response.parse())"]
    return "\n".join(lines)


def _assign(lead: str, call: Call, indent: int = 0) -> list[str]:
    return [statement(lead, call.expr, "", indent)]
