"""``tomlstr``: any text becomes a valid TOML string that reads back as itself."""

from __future__ import annotations

import pytest
import tomllib

from generator.toml_literal import toml_string

TEXTS = [
    "plain",
    'quotes " and \\ backslash',
    "emoji \U0001f600 beyond the BMP, e\u0301 and \u00e9",
    "new\nline, tab\t, return\r, NUL \0, escape \x1b, delete \x7f",
    '"""triple""" and \'\'\'single\'\'\'',
    "separators \u2028 \u2029, zero width \u200b, BOM \ufeff",
    "# not a comment ] = [table]",
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_text_round_trips_through_toml(text: str) -> None:
    literal = toml_string(text)
    assert "\n" not in literal
    assert tomllib.loads(f"value = {literal}\n") == {"value": text}


def test_a_lone_surrogate_becomes_the_replacement_character() -> None:
    # From JSON ("\udcff") or a file name that is not UTF-8: TOML cannot hold it at all.
    literal = toml_string("a\udcffb")
    assert tomllib.loads(f"v = {literal}") == {"v": "a\ufffdb"}


def test_visible_characters_stay_readable() -> None:
    assert toml_string("Café \U0001f600") == '"Café \U0001f600"'
