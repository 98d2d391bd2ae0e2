"""The bench's helpers do what they say (no timing here: numbers go in bench/RESULTS.md).

The bench itself runs with ``make bench`` from its own virtualenv; these tests import only
the parts that need nothing beyond the project's own dependencies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.procs import python_module, run_measured
from bench.report import Row, markdown_table, ratio_row, text_table
from bench.stats import Spread, fit_power, interleave, loglog_slope, paired_ratios
from bench.synth import multiplied
from bench.workload import count_schemas, load_spec, one_word_changed, page_bytes, shipment_page


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec()


@pytest.mark.parametrize("exponent", [0.5, 1.0, 1.3, 2.0])
def test_fit_power_finds_the_exponent_beside_a_fixed_cost(exponent: float) -> None:
    xs = [2_000 * 1.7**i for i in range(12)]
    ys = [0.35 + 3e-6 * x**exponent for x in xs]
    fit = fit_power(xs, ys)
    assert fit.exponent == pytest.approx(exponent, abs=0.01)
    assert fit.offset == pytest.approx(0.35, rel=0.05)
    assert fit.r_squared > 0.999
    assert fit(xs[5]) == pytest.approx(ys[5], rel=1e-3)


def test_fit_power_never_takes_a_negative_fixed_cost() -> None:
    xs = [1.0, 2.0, 4.0, 8.0, 16.0]
    fit = fit_power(xs, [x * x for x in xs])
    assert fit.offset >= 0
    assert fit.exponent == pytest.approx(2.0, abs=0.01)


def test_fit_power_refuses_too_few_points() -> None:
    with pytest.raises(ValueError):
        fit_power([1.0, 2.0], [1.0, 2.0])


def test_loglog_slope_of_a_power_law() -> None:
    xs = [1.0, 10.0, 100.0, 1000.0]
    assert loglog_slope(xs, [5 * x**1.5 for x in xs]) == pytest.approx(1.5)


def test_interleave_rotates_the_order_and_runs_each_case_once_a_round() -> None:
    calls: list[str] = []

    def case(name: str, value: float) -> Any:
        def run() -> float:
            calls.append(name)
            return value

        return run

    got = interleave({"a": case("a", 1.0), "b": case("b", 2.0), "c": case("c", 3.0)}, 4)
    assert calls == list("abc" "bca" "cab" "abc")
    assert got["b"].values == (2.0, 2.0, 2.0, 2.0)


def test_paired_ratios_are_taken_round_by_round() -> None:
    ratio = paired_ratios(Spread.of([1.0, 4.0, 9.0]), Spread.of([2.0, 2.0, 3.0]))
    assert ratio.values == (0.5, 2.0, 3.0)
    assert (ratio.median, ratio.low, ratio.high) == (2.0, 0.5, 3.0)
    with pytest.raises(ValueError):
        paired_ratios(Spread.of([1.0]), Spread.of([1.0, 2.0]))


def test_rows_render_with_their_verdict() -> None:
    met = ratio_row("fast", Spread.of([1.0, 1.0]), Spread.of([4.0, 4.0]), "peer", 0.5)
    missed = ratio_row("slow", Spread.of([3.0, 3.0]), Spread.of([2.0, 2.0]), "peer", 1.0, "why")
    plain = Row("memory | sync", "7 MB", "-", None, "< 20 MB", True)
    assert (met.met, missed.met) == (True, False)
    text = text_table([met, missed, plain])
    assert "0.25× (0.25–0.25)" in text and "NOT met" in text and "[slow] why" in text
    markdown = markdown_table([met, missed, plain])
    assert "memory \\| sync" in markdown
    assert markdown.count("\n|") == 4  # header rule and three rows


def test_a_missed_target_says_whether_its_floor_leaves_it_in_reach() -> None:
    base = Spread.of([1.0] * 8)
    slow = Spread.of([2.0] * 8)

    def row(floor: list[float], limit: float | None = 1.0) -> Row:
        return ratio_row("r", slow, base, "peer", limit, floor=Spread.of(floor))

    # above the target in seven rounds of eight: no writer the bench has reaches it
    beyond = row([1.2, 1.1, 1.3, 0.5, 1.2, 1.1, 1.3, 1.25])
    assert (beyond.floor, beyond.reachable) == ("1.20×", False)  # the median is shown
    assert beyond.verdict == "out of reach (floor 1.20×)"
    assert "out of reach (floor 1.20×)" in markdown_table([beyond])
    # a median above the target, but a quarter of the rounds under it: only not reached
    at = row([0.96, 0.98, 0.99, 1.03, 1.03, 1.05, 1.06, 1.08])
    assert (at.reachable, at.verdict) == (True, "NOT met (floor 1.03×)")
    assert row([1.0] * 8).verdict == "NOT met (floor 1.00×)"  # a floor on the target reaches it
    assert ratio_row("f", base, slow, "peer", 1.0, floor=slow).verdict == "met"
    assert (row([9.0] * 8, None).verdict, row([9.0] * 8, None).reachable) == ("-", None)


def test_the_lower_quartile_stays_within_the_measurements() -> None:
    assert Spread.of([3.0]).lower_quartile == 3.0
    assert Spread.of([1.0, 2.0, 3.0, 4.0, 5.0]).lower_quartile == 2.0
    assert Spread.of([5.0, 1.0]).lower_quartile == 2.0


def _models_package(folder: Path) -> Path:
    """Models as the generator writes them: an outer one that holds an inner one in a field
    and in an array, the inner one holding a leaf, and two that hold each other."""
    (folder / "outer.py").write_text(
        "class Leaf:\n"
        "    def to_dict(self):\n"
        '        """Docstring."""\n'
        '        return {"a": self.a}\n'
        "\n"
        "class Inner:\n"
        "    def to_dict(self):\n"
        "        out = {}\n"
        '        out["leaf"] = v.to_dict() if (v := self.leaf).__class__ is Leaf else None\n'
        "        return out\n"
        "\n"
        "class Outer:\n"
        "    def to_dict(self):\n"
        "        out = {}\n"
        "        v = self.one\n"
        "        if v.__class__ is Inner:\n"
        '            out["one"] = v.to_dict()\n'
        '        out["many"] = _s.dump_models(\n'
        "            self.many, Inner, False\n"
        "        )\n"
        '        out["kind"] = self.kind._value_ if self.kind.__class__ is Kind else None\n'
        "        return out\n"
        "\n"
        "class Kind:\n"
        "    pass\n"
    )
    (folder / "cycle.py").write_text(
        "class A:\n"
        "    def to_dict(self):\n"
        '        return {"b": _s.dump_models(self.b, B, False)}\n'
        "\n"
        "class B:\n"
        "    def to_dict(self):\n"
        "        out = {}\n"
        '        out["a"] = self.a.to_dict() if self.a.__class__ is A else None\n'
        "        return out\n"
    )
    return folder


def test_flattened_lines_counts_each_nested_model_once_per_field_and_down_the_tree(
    tmp_path: Path,
) -> None:
    from bench.flatten_cost import flattened_lines

    cost = flattened_lines(_models_package(tmp_path))
    assert cost.models == 5  # Kind has no to_dict: a class test of an enum is no model
    assert cost.lines == 1 + 3 + 9 + 1 + 3  # bodies, without the def line and the docstring
    # Inner takes its leaf; Outer takes Inner (with its leaf) twice; A and B each take the
    # other once, which keeps its call back
    assert cost.flattened == 1 + (3 + 1) + (9 + 2 * 4) + (1 + 3) + (3 + 1)
    # arrays of models keep their call: Outer takes Inner once, A takes nothing
    assert cost.objects_only == 1 + (3 + 1) + (9 + 4) + 1 + (3 + 1)


def test_flattening_the_generated_models_grows_to_dict_as_the_floor_writer_does() -> None:
    from bench.flatten_cost import flattened_lines
    from bench.workload import ROOT

    models = ROOT / "generated" / "sendcloud_integrations" / "models"
    cost = flattened_lines(models)
    assert cost.models == sum(text.count("    def to_dict(") for text in _texts(models))
    # the shipment holds statuses and customs costs (objects), items and tax numbers (arrays)
    assert cost.lines < cost.objects_only < cost.flattened


def _texts(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.py"))]


def test_the_shipment_page_is_varied_and_parses_back_exactly(spec: dict[str, Any]) -> None:
    from sendcloud_integrations.models import ShipmentsListResponse

    page = shipment_page(spec)
    results = page["results"]
    assert len(results) == 100
    assert len({s["order_number"] for s in results}) == 100
    assert len({s["shipment_uuid"] for s in results}) == 100
    raw = page_bytes(page)
    assert 200_000 < len(raw) < 300_000
    assert shipment_page(spec) == page  # seeded: every run parses the same bytes
    data = json.loads(raw)
    parsed = ShipmentsListResponse.from_dict(data)
    assert parsed.to_dict() == data
    assert not parsed.mismatched_fields


def test_the_floor_reader_builds_what_from_dict_builds(spec: dict[str, Any]) -> None:
    import sendcloud_integrations.models as models
    from bench.parse_floor import read_page

    data = json.loads(page_bytes(shipment_page(spec)))
    floor = read_page(data, models)
    assert floor == models.ShipmentsListResponse.from_dict(data)
    assert floor.to_dict() == data


def test_the_floor_writer_writes_what_to_dict_writes(spec: dict[str, Any]) -> None:
    from bench.parse_floor import write_page
    from sendcloud_integrations import models

    data = json.loads(page_bytes(shipment_page(spec)))
    page = models.ShipmentsListResponse.from_dict(data)
    written = write_page(page)
    assert written == page.to_dict() == data
    assert (
        written["results"][0]["parcel_items"][0]["properties"]
        is not data["results"][0]["parcel_items"][0]["properties"]
    )  # copied, as to_dict copies free-form objects


def test_the_inlined_writer_writes_what_to_dict_writes_whatever_was_set(
    spec: dict[str, Any],
) -> None:
    """It keeps every check of ``to_dict``: values a caller set in other forms take the same
    slow paths, so both write the same data."""
    import datetime

    from bench.write_inlined import write_page_inlined
    from sendcloud_integrations import models

    write = write_page_inlined(models)
    data = json.loads(page_bytes(shipment_page(spec, count=3)))
    page = models.ShipmentsListResponse.from_dict(data)
    assert write(page) == page.to_dict() == data
    first, second = page.results[0], page.results[1]
    first.order_status = {"id": "paid", "message": "Paid"}  # type: ignore[assignment]
    first.country = "BE"  # type: ignore[assignment]
    first.parcel_items = tuple(first.parcel_items)  # type: ignore[assignment]
    first.created_at = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    first.weight = None
    first.additional_properties["seen"] = datetime.date(2030, 1, 2)
    customs = second.customs_details
    assert customs is not None and isinstance(
        customs.tax_numbers, models.CustomsInformationTaxNumbers
    )
    customs.discount_granted = models.CostsObject(value="1.00", currency="EUR")
    customs.tax_numbers.sender = ({"name": "VAT"},)  # type: ignore[assignment]
    customs.tax_numbers.receiver[0].name = "EORI"
    assert second.checkout_payload is not None
    second.checkout_payload.delivery_method_data = {"x": 1}  # type: ignore[assignment]
    assert write(page) == page.to_dict() != data


def test_one_word_changed_changes_one_schema_description(spec: dict[str, Any]) -> None:
    from bench.workload import main_spec_path

    raw = main_spec_path().read_text(encoding="utf-8")
    changed, before, after = one_word_changed(raw)
    differing = [
        (a, b) for a, b in zip(raw.splitlines(), changed.splitlines(), strict=True) if a != b
    ]
    assert [(a.strip(), b.strip()) for a, b in differing] == [(before, after)]
    assert before.split()[:-1] == after.split()[:-1] and before != after
    assert yaml.safe_load(changed)["paths"] == spec["paths"]


def test_count_schemas_counts_schema_positions_only() -> None:
    media = {
        "schema": {"$ref": "#/components/schemas/A"},
        "example": {"properties": {"x": {"type": "string"}}},
    }
    operation = {
        "parameters": [{"schema": {"type": "integer"}}],
        "responses": {"200": {"content": {"application/json": media}}},
    }
    a = {
        "type": "object",
        "properties": {
            "b": {"type": "array", "items": {"type": "string"}},
            "c": {"oneOf": [{"type": "null"}, {"$ref": "#/x"}]},
        },
    }
    document = {"paths": {"/a": {"get": operation}}, "components": {"schemas": {"A": a}}}
    # the integer parameter, A, b, b's items, c, c's null member; not the $refs, nor the example
    assert count_schemas(document) == 6


def test_multiplied_spec_has_k_copies_whose_refs_all_resolve(spec: dict[str, Any]) -> None:
    tripled = multiplied(spec, 3)
    assert len(tripled["paths"]) == 3 * len(spec["paths"])
    assert len(tripled["components"]["schemas"]) == 3 * len(spec["components"]["schemas"])
    assert count_schemas(tripled) == 3 * count_schemas(spec)
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref" and isinstance(v, str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(tripled)
    for ref in refs:
        _, kind, name = ref.split("/")[1:4] if ref.startswith("#/components/") else ("", "", "")
        if kind:
            assert name in tripled["components"][kind], ref
    operation_ids = [
        op["operationId"]
        for item in tripled["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_run_measured_reports_status_output_and_peak_memory(tmp_path: Path) -> None:
    code = "import sys; print('done'); sys.exit(3)"
    run = run_measured([sys.executable, "-c", code], cwd=tmp_path)
    assert (run.status, run.stdout.strip()) == (3, "done")
    allocate = [
        "-n",
        "1",
        "-r",
        "1",
        "b = bytearray(80 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])",
    ]
    run = run_measured(python_module(sys.executable, "timeit", allocate), cwd=tmp_path)
    assert run.status == 0, run.stderr
    assert 80 <= run.peak_mb < 300  # its own peak, not the image of the forked test process
    assert run.memory_mb >= run.peak_mb


def test_black_floor_counts_the_formatted_modules_and_not_the_runtime(tmp_path: Path) -> None:
    from bench.scale import BUDGET_SECONDS, BlackFloor, Point, black_floor, scale_rows

    (tmp_path / "pkg" / "models").mkdir(parents=True)
    (tmp_path / "pkg" / "models" / "a.py").write_text("x = 1\n" * 30)
    (tmp_path / "pkg" / "b.py").write_text("def f() -> int:\n    return 1\n")
    (tmp_path / "pkg" / "_serde.py").write_text("y = 2\n" * 500)  # a runtime module: verbatim
    floor = black_floor(tmp_path, sample_every=1, repeats=1)
    assert floor.lines == 32 and floor.cores >= 1 and floor.lines_per_second > 0
    assert floor.seconds == pytest.approx(32 / floor.lines_per_second / floor.cores)
    slow = BlackFloor(lines=10_000_000, lines_per_second=5_000, cores=2)  # 1,000 s
    point = Point("x.yaml", "synthetic", 3_000_000, 900, 60.0, 300.0, 0, "", 40.0, slow)
    rows, _ = scale_rows([point])
    run, limit = [row for row in rows if "largest" in row.case or "floor" in row.case]
    assert run.met is False and str(BUDGET_SECONDS)[:2] in run.target
    assert run.verdict == "out of reach (floor 1000.0 s)" and "1000.0 s" in limit.ours
    assert limit.verdict == "-"  # the floor is a measure, not a second verdict
    fast = BlackFloor(lines=10_000, lines_per_second=5_000, cores=2)  # 1 s
    quick = Point("x.yaml", "synthetic", 3_000_000, 900, 60.0, 300.0, 0, "", 40.0, fast)
    (run,) = [row for row in scale_rows([quick])[0] if "largest" in row.case]
    assert run.verdict == "NOT met (floor 1.0 s)"


def test_a_large_spec_gets_its_own_budget_rows_and_stays_out_of_the_fits() -> None:
    from bench.scale import BlackFloor, Point, fits, scale_rows

    floor = BlackFloor(lines=250_000, lines_per_second=5_000, cores=2)  # 25 s: over 20 s
    synthetic = [
        Point(f"x{k}.yaml", "synthetic", 100_000 * k, 200 * k, 1.0 + k, 100.0, 0, "", 1.0 + k)
        for k in (1, 2, 4, 8)
    ]
    large = Point("openapi.yaml", "large", 3_000_000, 1_000, 60.0, 200.0, 0, "", 35.0, floor,
                  (287, 288))  # fmt: skip
    assert fits(synthetic) == fits([*synthetic, large])
    rows, _ = scale_rows([*synthetic, large])
    run, limit = [row for row in rows if "openapi.yaml" in row.case or "floor" in row.case]
    assert run.met is False and "287/288 operations" in run.note
    assert run.verdict == "NOT met (floor 25.0 s)"  # an operation lost is no matter of speed
    assert "25.0 s" in limit.ours
