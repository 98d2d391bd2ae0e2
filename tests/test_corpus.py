"""The corpus check on a few representative specs of the shared corpora, and its verdicts.

``python -m tests.corpus`` (``make corpus``) runs every spec of ``../shared/corpus`` and
``../shared/corpus-peer``; this keeps a subset in the pytest suite, from byte-for-byte copies
in ``tests/fixtures/corpus`` and ``tests/fixtures/corpus-peer`` (so it runs in any copy of the
repository). Each spec costs a generator run, an import check and a ``mypy --strict`` run (a
few seconds). The verdicts themselves (what counts as a refusal with every problem at its
node) are checked on the generator's own output for small documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import render_report, shared_dir
from corpus_check import check_spec, unpointed_problems

FIXTURES = Path(__file__).resolve().parent / "fixtures"

SPECS = [
    ("corpus", "oai-petstore-expanded.yaml"),  # OpenAPI 3.0
    ("corpus", "oai31-tictactoe.yaml"),  # 3.1, webhooks
    ("corpus", "bump-train-travel.yaml"),  # 3.1, webhooks, oneOf with const tags, x- extensions
    ("corpus", "sendcloud-v3-orders-openapi.yml"),  # allOf, oneOf, named unions
    # OpenAPI Generator's "everything" petstore: any-type objects, sets, 20 operations
    ("corpus-peer", "oag30-issues-anytype-object-set-petstore-everything.yaml"),
    # JSON; a discriminated oneOf whose members are allOf the parent (a reference cycle)
    ("corpus-peer", "dmcg-openapi_discriminated_oneof_allof_cycle.json"),
    ("corpus-peer", "int-response-code.yaml"),  # `200:` unquoted: an integer key in YAML
    ("corpus-peer", "free-form-response.yaml"),  # `schema: {}`: JsonValue in a resource
    # a required enum whose reading fits as `v = ...` only (ruff's SIM108 asks for that form)
    ("corpus-peer", "oag30-outerEnum.yaml"),
]


@pytest.mark.parametrize(("corpus", "name"), SPECS)
def test_spec_generates_a_clean_client(corpus: str, name: str, tmp_path: Path) -> None:
    result = check_spec(FIXTURES / corpus / name, tmp_path / "out", corpus=corpus)
    assert result.passed, render_report([result])
    assert result.outcome == "generated"


def test_the_fixture_copies_match_the_shared_corpora() -> None:
    """Where the shared corpora are present, the fixtures are exact copies of them."""
    shared = shared_dir()
    if shared is None:
        return  # a copy of the repository without ../shared: the fixtures stand in for it
    for corpus, name in SPECS:
        assert (FIXTURES / corpus / name).read_bytes() == (shared / corpus / name).read_bytes()


def test_integer_status_keys_are_a_warning_at_their_node(tmp_path: Path) -> None:
    result = check_spec(FIXTURES / "corpus-peer" / "int-response-code.yaml", tmp_path / "out")
    assert result.warnings == 1
    assert result.unpointed == ()


def test_a_refusal_with_every_problem_at_its_node_is_an_outcome(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: Broken, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Missing'}\n",
        encoding="utf-8",
    )
    result = check_spec(spec, tmp_path / "out")
    assert result.refused and result.passed, render_report([result])
    assert result.outcome == "refused"
    assert result.mypy_errors is None  # nothing was written, so nothing is type-checked
    assert "refused" in render_report([result])


def test_a_document_without_info_and_paths_is_refused_at_the_root(tmp_path: Path) -> None:
    spec = tmp_path / "bare.yaml"
    spec.write_text("openapi: 3.0.3\n", encoding="utf-8")
    result = check_spec(spec, tmp_path / "out")
    assert result.outcome == "refused", render_report([result])
    assert result.errors == 2


@pytest.mark.parametrize(
    ("line", "pointed"),
    [
        ("spec.yaml: error: #/paths/~1a/get: bad [E-SPEC]", True),
        ("spec.yaml: warning: #/components/schemas/My Model/type: odd [W-SCHEMA]", True),
        ("codegen.yaml: warning: codegen.yaml#/names: unused [W-CONFIG-NAME]", True),
        ("spec.yaml: error: #: 'paths' is a required property [E-SPEC]", True),
        ("spec.yaml: error: #: cannot parse spec.yaml: bad indent [E-PARSE]", True),
        (
            "spec.yaml: error: #: the validator could not process the document: "
            "maximum recursion depth exceeded [E-VALIDATOR]",
            False,
        ),
        ("spec.yaml: warning: #: something about a schema [W-SCHEMA]", False),
        ("error: the validator could not process the document", False),
        ("2 error(s), 0 warning(s)", True),  # the count line is not a problem
    ],
)
def test_problems_must_point_at_their_node(line: str, pointed: bool) -> None:
    assert (unpointed_problems(line) == []) is pointed


def test_the_report_counts_refusals_and_failures_apart(tmp_path: Path) -> None:
    from corpus_check import SpecResult

    results = [
        SpecResult("ok.yaml", 0, corpus="a", ops_in_spec=2, ops_generated=2, modules=3,
                   mypy_errors=0, mypy_exit=0, ruff_findings=0),
        SpecResult("no.yaml", 2, corpus="a", errors=1),
        SpecResult("bad.yaml", 2, corpus="b", errors=1,
                   unpointed=("error: #: the validator could not process the document",)),
    ]  # fmt: skip
    report = render_report(results, 3.0)
    assert "## a (2 specs)" in report and "## b (1 specs)" in report
    assert "a: 2/2 passed (1 generated, 1 refused with every problem at its node)" in report
    assert "b: 0/1 passed" in report and "failed: bad.yaml" in report
    assert "all: 2/3 passed" in report and report.endswith("in 3s")


def test_ruff_findings_in_generated_code_fail_a_spec() -> None:
    from corpus_check import SpecResult

    def result(ruff: int | None) -> SpecResult:
        return SpecResult(
            "a.yaml", 0, ops_in_spec=1, ops_generated=1, modules=2, mypy_errors=0, mypy_exit=0,
            ruff_findings=ruff,
        )  # fmt: skip

    assert result(0).passed
    assert result(2).failures == ["2 ruff finding(s)"]
    assert result(None).failures == ["ruff did not run"]
