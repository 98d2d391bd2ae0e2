"""Spec text in the generated Markdown: kept as Markdown, never able to change the document.

``generator.reference.markdown`` is the one way spec text reaches ``api.md`` and
``README.md``. These cases are what an attacker (or an unlucky spec) would write: raw HTML,
comments that hide the rest, code fences left open or labelled ``python`` (which the
contract tests would run), headings that break the outline, ``javascript:`` links in every
spelling, and backtick tricks that make a renderer see HTML where a naive escaper sees code.
"""

from __future__ import annotations

import re

import pytest

from generator.reference.markdown import (
    block,
    cell,
    code,
    code_blocks,
    fence,
    inline,
    item,
    link_text,
)

OUR_EXAMPLE = 'print("ours")'


def document(spec_text: str) -> str:
    """A section as the templates write it: heading, spec text, then our own example."""
    return f"### method\n\n{block(spec_text, level=3)}\n\n{fence(OUR_EXAMPLE, 'python')}\n"


def runnable(markdown: str) -> list[str]:
    return [b.code for b in code_blocks(markdown) if b.info == "python"]


@pytest.mark.parametrize(
    "spec_text",
    [
        "```python\nimport os; os.system('rm -rf /')",  # left open: swallows the rest
        "```python\nimport os\n```",
        "~~~py\nimport os\n~~~",
        "````Python {.x}\nimport os\n````",
        "```\nopen fence, then ours would be inside it",
        "  ```python\n  indented fence\n  ```",
        "```python\n``` not a closing fence\nstill code",
    ],
)
def test_spec_code_fences_never_become_runnable_examples(spec_text: str) -> None:
    doc = document(spec_text)
    assert runnable(doc) == [OUR_EXAMPLE]
    assert doc.rstrip().endswith("```")  # our block closes the document, intact


@pytest.mark.parametrize(
    "spec_text",
    [
        "```python\nimport os",
        "Intro\n\n   ```python\n   import os\n   ```",
        "Intro\n\n```\n  ```python\n  inside\n```",
        "Intro\n\n    ```python\n    indented: code, not a fence",
    ],
)
def test_spec_text_in_a_list_item_cannot_add_examples(spec_text: str) -> None:
    doc = f"- `arg`: `int`.{item(spec_text, level=3)}\n\n{fence(OUR_EXAMPLE, 'python')}\n"
    assert runnable(doc) == [OUR_EXAMPLE]
    for found in code_blocks(doc):  # every fence of the item is indented under it
        line = doc.split("\n")[found.line - 1]
        assert found.info == "python" or line.startswith("  `"), line


def test_one_line_stays_on_the_items_line() -> None:
    assert item("Filters by `id`.") == " Filters by `id`."
    assert item("") == ""
    assert item("a\n\nb") == "\n\n  a\n\n  b"


def test_spec_code_blocks_keep_their_text_and_other_languages() -> None:
    text = block("Example:\n\n```json\n{\"a\": \"<b>\"}\n```\n\nafter")
    (found,) = code_blocks(text)
    assert found.info == "json"
    assert found.code == '{"a": "<b>"}'  # code is shown as written, not escaped
    assert text.endswith("after")


def test_a_fence_is_longer_than_any_backtick_run_inside() -> None:
    inner = "a = '```'\nb = '``````'"
    fenced = fence(inner, "python")
    assert fenced.startswith("```````python\n")
    assert [b.code for b in code_blocks(fenced)] == [inner]


@pytest.mark.parametrize(
    "spec_text",
    [
        "<script>alert(1)</script>",
        "<!-- everything after this is hidden",
        "<details><summary>open me",
        "text <img src=x onerror=alert(1)> more",
        "``<script>`",  # an unmatched double backtick: a renderer sees raw HTML
        "\\`<b>`",  # an escaped backtick opens no code span
        "<div\nclass=x>",
    ],
)
def test_raw_html_is_shown_as_text(spec_text: str) -> None:
    shown = block(spec_text)
    outside_code = re.sub(r"(?<![`\\])(`+)(?!`).+?(?<!`)\1(?!`)", "", shown)
    assert "<" not in outside_code, shown


def test_code_spans_and_web_autolinks_are_kept() -> None:
    shown = inline("Use `a<b` or see <https://example.com/x> or <mailto:a@b.c>.")
    assert shown == "Use `a<b` or see <https://example.com/x> or <mailto:a@b.c>."


@pytest.mark.parametrize(
    "spec_text",
    [
        "[click](javascript:alert(1))",
        "[click]( <javascript:alert(1)>)",
        "[click](jav&#x61;script:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ],
)
def test_links_to_unsafe_schemes_are_not_links(spec_text: str) -> None:
    shown = block(spec_text)
    assert not re.search(r"\]\((?!\\)", shown.replace("](https", "")), shown
    assert not re.search(r"^\s{0,3}\[[^\]]*\]:", shown, re.MULTILINE), shown
    assert "<javascript" not in shown


def test_web_links_stay_links() -> None:
    text = "See [the guide](https://example.com/guide) and [rel](/docs/x)."
    assert block(text) == text


def test_headings_stay_below_the_section_they_are_in() -> None:
    shown = block("# Big\n\nText\n===\n\nMore\n---\n\n###### deep", level=3)
    lines = shown.split("\n")
    assert "#### Big" in lines
    assert "###### deep" in lines  # capped at the deepest level
    # "===" and "---" under a paragraph would make it a heading: they start their own block
    assert lines[lines.index("===") - 1] == ""
    assert lines[lines.index("---") - 1] == ""


def test_lists_and_paragraphs_are_kept() -> None:
    text = "Types:\n  - `0` - Gift\n  - `1` - Documents\n\nSecond paragraph."
    assert block(text) == "Types:\n  - `0` - Gift\n  - `1` - Documents\n\nSecond paragraph."


def test_control_characters_and_bidi_overrides_are_dropped() -> None:
    assert block("a\x00b\x1bc\u202eevil\u2066d") == "abcevild"
    assert inline("one\ntwo\u2028three\r\nfour") == "one two three four"


def test_link_text_cannot_end_the_link() -> None:
    text = link_text("MIT](javascript:alert(1))[x")
    assert text == "MIT\\]\\(javascript:alert(1))\\[x"
    assert not re.search(r"(?<!\\)\]", text)


def test_table_cells_cannot_be_split() -> None:
    assert cell("a | b\nc") == "a \\| b c"


@pytest.mark.parametrize("text", ["plain", "a`b", "``x``", "`edge`", "two\nlines"])
def test_code_spans_hold_any_text(text: str) -> None:
    span = code(text)
    ticks = re.match(r"`+", span)
    assert ticks is not None
    inner = span[len(ticks.group(0)) : -len(ticks.group(0))]
    assert inner.strip(" ") == " ".join(text.split())
    assert ticks.group(0) not in inner  # nothing inside closes the span
