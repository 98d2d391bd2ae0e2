"""The generated reference docs: ``api.md`` and ``README.md``.

What they promise: a section per method with its signature, description, errors and a
runnable example built from the spec's own request example, written through the models;
spec text kept as Markdown but never able to change the document or reach code other than
as a ``repr``. The examples run against Prism in ``tests/contract``; here they run against
a mock transport, which shows that each one sends exactly the spec's example (less what
the docs say they left out), and they are checked as code: black's layout, ruff, mypy.
"""

from __future__ import annotations

import ast
import copy
import datetime
import json
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import black
import httpx
import pytest
import yaml
from codegen_helpers import Generated, generate_client, spec_31

from conftest import ROOT, SPEC_PATH
from generator.reference.markdown import code_blocks

GENERATED = ROOT / "generated"
GOLDEN = ROOT / "tests" / "golden"
#: Every generated document and the folder its package is in.
DOCUMENTS = [
    (GENERATED / "api.md", GENERATED),
    (GENERATED / "README.md", GENERATED),
    *((GOLDEN / case / "expected" / doc, GOLDEN / case / "expected")
      for case in ("features", "types") for doc in ("api.md", "README.md")),
]  # fmt: skip


def blocks(path: Path, info: str = "python") -> list[str]:
    return [b.code for b in code_blocks(path.read_text(encoding="utf-8")) if b.info == info]


def run_example(
    code: str, package: types.ModuleType, answer: Callable[[httpx.Request], httpx.Response]
) -> list[httpx.Request]:
    """Run an example as written, its ``Client`` talking to ``answer``; the requests sent."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return answer(request)

    names = vars(package)
    original: type[Any] = names["Client"]

    class MockClient(original):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            http = httpx.Client(transport=httpx.MockTransport(handler))
            kwargs.update(http_client=http, base_url="https://api.test", max_retries=0)
            super().__init__(*args, **kwargs)

    names["Client"] = MockClient
    try:
        exec(compile(code, "<example>", "exec"), {"__name__": "__main__"})  # noqa: S102
    finally:
        names["Client"] = original
    return sent


def echo(request: httpx.Request) -> httpx.Response:
    """One result per item sent, so batched calls pair them; an empty object otherwise."""
    body = json.loads(request.content) if request.content else None
    if isinstance(body, list):
        return httpx.Response(200, json=[{"status": "created"} for _ in body])
    return httpx.Response(200, json={} if request.method != "GET" else [])


def wire(value: Any) -> Any:
    """JSON data with every date-time string as the instant it names, to compare values."""
    if isinstance(value, dict):
        return {k: wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [wire(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T":
        try:
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


# -- the committed docs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GENERATED / "api-report.json").read_text("utf-8"))
    return data


def section(name: str) -> str:
    """The text of ``### name`` in api.md, up to the next heading of that level or above."""
    text = (GENERATED / "api.md").read_text(encoding="utf-8")
    start = text.index(f"\n### {name}\n")
    end = min((i for i in (text.find("\n### ", start + 1), text.find("\n## ", start + 1)) if i > 0),
              default=len(text))  # fmt: skip
    return text[start:end]


def test_api_md_has_a_section_with_an_example_per_method(report: dict[str, Any]) -> None:
    for name in report["methods"]:
        text = section(name)
        assert "```python\n" in text, name
        assert "**Errors**" in text, name


def test_sections_give_signature_description_and_errors() -> None:
    text = section("integrations.get")
    assert "def get(id: int) -> Integration: ..." in text
    assert "`GET /integrations/{id}`: **Retrieve an integration**" in text
    assert "Retrieve information about a specific integration using its `id`." in text
    assert "| 404 | `errors.NotFoundError` | `Integrations404Response` |" in text
    upsert = section("shipments.upsert")
    assert "| 400 | `errors.BadRequestError` | the raw body (none declared) |" in upsert
    assert "chunks of at most 100" in upsert
    assert "not retried" in section("integration_logs.create").split("**Errors**")[1][:80]


def test_the_spec_markdown_is_kept(tmp_path: Path) -> None:
    """The customs types are a list in the spec; the docs keep it a list."""
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    described = copy.deepcopy(spec)
    get = described["paths"]["/integrations"]["get"]
    get["description"] = "Kinds:\n\n- `0` - Gift\n- `1` - Documents\n\n**Bold** [link](https://x.test)"
    gen = generate_client(described, tmp_path, "docs_markdown_kept")
    api_md = (gen.out / "api.md").read_text(encoding="utf-8")
    assert "Kinds:\n\n- `0` - Gift\n- `1` - Documents\n\n**Bold** [link](https://x.test)" in api_md


@pytest.mark.parametrize(
    ("method", "spec_example", "left_out"),
    [
        ("integrations.update", ("/integrations/{id}", "put", "UpdateIntegration"),
         ["shop_name"]),
        ("integration_logs.create", ("/integrations/{id}/logs", "post", "CreateIntegrationLog"),
         []),
        (
            "shipments.upsert",
            ("/integrations/{id}/shipments", "post", "CreateUpdateShipments"),
            [f"0.customs_details.{k}" for k in
             ("discount_granted", "insurance_costs", "freight_costs", "other_costs")],
        ),
    ],
)  # fmt: skip
def test_examples_send_the_specs_request_example(
    method: str, spec_example: tuple[str, str, str], left_out: list[str]
) -> None:
    """What each example sends is the spec's example, less exactly what its notes name."""
    import sendcloud_integrations

    path, verb, name = spec_example
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    media = spec["paths"][path][verb]["requestBody"]["content"]["application/json"]
    expected = copy.deepcopy(media["examples"][name]["value"])
    for dotted in left_out:
        *parents, last = dotted.split(".")
        node = expected
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]
    text = section(method)
    (code,) = [b.code for b in code_blocks(text) if b.info == "python"]
    sent = run_example(code, sendcloud_integrations, echo)
    assert len(sent) == 1
    assert wire(json.loads(sent[0].content)) == wire(expected)
    for dotted in left_out:
        assert f"{dotted.split('.')[-1]}`" in text  # the note names what was left out


def test_signature_blocks_are_python_declarations() -> None:
    for path, _ in DOCUMENTS:
        for signature in blocks(path, "py"):
            tree = ast.parse(signature)
            assert isinstance(tree.body[0], ast.FunctionDef), signature


@pytest.mark.parametrize("path", [p for p, _ in DOCUMENTS], ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_are_laid_out_as_black_lays_them_out(path: Path) -> None:
    mode = black.Mode(line_length=88)
    for example in blocks(path):
        assert black.format_str(example, mode=mode).rstrip("\n") == example


def _example_files(tmp_path: Path) -> tuple[list[Path], str]:
    files: list[Path] = []
    folders: list[str] = []
    for index, (path, package_folder) in enumerate(DOCUMENTS):
        folders.append(str(package_folder))
        for number, example in enumerate(blocks(path)):
            target = tmp_path / f"example_{index}_{number}.py"
            target.write_text(example + "\n", encoding="utf-8")
            files.append(target)
    return files, ":".join(dict.fromkeys(folders))


def test_examples_pass_ruff(tmp_path: Path) -> None:
    files, _ = _example_files(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "E,F,I,UP,B,SIM",
         "--ignore", "E501", "--target-version", "py310", *map(str, files)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_examples_pass_mypy_strict(tmp_path: Path) -> None:
    files, path = _example_files(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--config-file", "",
         "--cache-dir", str(tmp_path / ".mypy_cache"), *map(str, files)],
        capture_output=True, text=True, check=False, env={"MYPYPATH": path, "PATH": ""},
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


# -- any spec ----------------------------------------------------------------------------

HOSTILE_TEXT = "end\"\"\"'''```\n</code><script>alert(1)</script>\x00\u2028`"
HOSTILE_SPEC = spec_31(
    {
        "Note": {
            "type": "object",
            "required": ["title", "kind"],
            "properties": {
                "title": {"type": "string"},
                "kind": {"type": "string", "enum": ["plain", "it's \"quoted\""]},
                "at": {"type": "string", "format": "date-time"},
                "ref": {"type": "string", "format": "uuid"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "extra": {"type": "object", "additionalProperties": True},
            },
        }
    },
    {
        "/notes/{note_id}": {
            "put": {
                "operationId": "putNote",
                "tags": ["notes"],
                "summary": "Put </h3><script>x</script> `note`",
                "description": "# Top\n\n```python\nimport os\nos.system('x')\n```\n\n"
                "<!-- hide\n\n[x](javascript:alert(1))\n\n```\nleft open",
                "parameters": [
                    {"name": "note_id", "in": "path", "required": True,
                     "schema": {"type": "string"}, "example": "id'\"\n```"},
                ],
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Note"},
                    "examples": {"first": {"summary": "A </b>`note`", "value": {
                        "title": HOSTILE_TEXT,
                        "kind": "it's \"quoted\"",
                        "at": "2024-02-29T23:59:59.5-05:30",
                        "ref": "6b436cb2-65a4-482c-9d25-38be7868ff00",
                        "tags": ["```python", "'''"],
                        "extra": {"\"key'": [1, 2.5, None, True]},
                        "undeclared": "kept",
                    }}},
                }}},
                "responses": {"200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Note"}}}}},
            }
        }
    },
)  # fmt: skip


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    yield generate_client(HOSTILE_SPEC, tmp_path_factory.mktemp("hostile"), "docs_hostile")


def test_hostile_spec_text_cannot_add_or_break_examples(hostile: Generated) -> None:
    api_md = (hostile.out / "api.md").read_text(encoding="utf-8")
    found = list(code_blocks(api_md))
    # the signature, the spec's two fences (python relabelled, the open one closed), ours
    assert [b.info for b in found] == ["py", "text", "", "python"]
    prose = api_md.split("-->", 1)[1]  # after the generated-file comment
    for b in found:
        prose = prose.replace(b.code, "")  # code is shown as written: it renders as text
    assert "<" not in prose
    assert "\n# Top" not in api_md and "\n#### Top" in api_md
    # after the example, its note is prose again: no fence of the spec's swallowed it
    assert api_md.rstrip().endswith("in `additional_properties`.")


def test_hostile_example_values_are_sent_exactly(hostile: Generated) -> None:
    api_md = (hostile.out / "api.md").read_text(encoding="utf-8")
    (example,) = [b.code for b in code_blocks(api_md) if b.info == "python"]
    ast.parse(example)
    assert "models.Note(" in example and "models.NoteKind." in example
    sent = run_example(example, hostile.module, echo)
    assert len(sent) == 1
    assert sent[0].url.path == "/notes/id'\"\n```"
    value = HOSTILE_SPEC["paths"]["/notes/{note_id}"]["put"]["requestBody"]["content"]
    expected = value["application/json"]["examples"]["first"]["value"]
    assert wire(json.loads(sent[0].content)) == wire(expected)
    assert "`undeclared`" in api_md  # the note says where the undeclared key went


def test_readme_shows_only_what_the_spec_has(tmp_path: Path) -> None:
    spec = spec_31(paths={"/ping": {"post": {
        "operationId": "ping", "tags": ["system"],
        "responses": {"204": {"description": "pong"}},
    }}})  # fmt: skip
    gen = generate_client(spec, tmp_path, "docs_bare")
    readme = (gen.out / "README.md").read_text(encoding="utf-8")
    for absent in ("## A first call", "## Pagination", "## Batching", "## Async", "## Licence"):
        assert absent not in readme
    assert "The spec declares no security scheme" in readme
    assert "client.system.ping()" in (gen.out / "api.md").read_text(encoding="utf-8")
    for example in [b.code for b in code_blocks(readme) if b.info == "python"]:
        ast.parse(example)


def test_the_options_api_md_says_every_method_takes_exist(report: dict[str, Any]) -> None:
    import inspect
    import re

    import sendcloud_integrations

    text = (GENERATED / "api.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("- Every method also takes"))
    options = re.findall(r"`(\w+)=`", line)
    assert options == ["extra_headers", "extra_query", "timeout", "max_retries"]
    client = sendcloud_integrations.Client("key", "secret")
    for name in report["methods"]:
        resource, method = name.split(".")
        parameters = inspect.signature(getattr(getattr(client, resource), method)).parameters
        assert set(options) <= set(parameters), name
    client.close()
