"""NaN, infinities and out-of-range numbers in ``const``, ``enum`` and ``default``.

Python writes these as ``nan`` and ``inf``, which are not names: the generated code spells
them ``float("nan")`` and ``float("inf")``, so it imports, type-checks and compares.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

SCHEMAS: dict[str, Any] = {
    "Odd": {
        "type": "object",
        "properties": {
            "not_a_number": {"const": math.nan},
            "huge": {"const": math.inf},
            "specials": {"enum": [math.nan, math.inf, -math.inf, 1.5]},
            "with_default": {"type": "number", "default": math.inf},
        },
    }
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS)
    return generate_client(spec, tmp_path_factory.mktemp("fs"), "c_float_specials", validate=False)


def test_the_package_imports_and_type_checks(gen: Generated) -> None:
    assert 'float("nan")' in gen.source("models/odd.py")
    assert_mypy_clean(gen)


def test_specials_are_read_and_written_back(gen: Generated) -> None:
    odd = gen.models.Odd.from_dict(
        {"not_a_number": math.nan, "huge": math.inf, "specials": -math.inf}
    )
    assert odd.mismatched_fields == {}
    assert math.isnan(odd.not_a_number)
    assert odd.huge == math.inf and odd.specials == -math.inf
    other = gen.models.Odd.from_dict({"huge": 1.0, "specials": 2.0})
    assert other.mismatched_fields == {"huge": 1.0, "specials": 2.0}
