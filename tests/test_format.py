"""Formatting: black in several processes gives the same bytes, and renders black keeps.

black is most of the time a large spec takes (issue 11.6), so ``generator.format`` shares
the files of a big client out between processes, and the renderer writes what it can the
way black would (string quotes, long imports), since black formats a file it changes twice.
Neither may change the output: these tests hold both to black's own result.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import format as fmt
from generator import workers
from generator.format import FormatError, format_all, format_source
from generator.imports import LATE, from_import
from generator.syntax import literal

MODULE = '''\
"""A module."""

from dataclasses import dataclass


@dataclass
class Thing{n}:
    name: str = 'x'
    values: list[int] = None  # type: ignore[assignment]

    def to_dict(self): return {{'name': self.name, "values": self.values, 'n': {n}}}
'''


def files(count: int) -> list[tuple[str, str]]:
    out = [(f"pkg/m{n}.py", MODULE.format(n=n) * (1 + n % 3)) for n in range(count)]
    return [*out, ("README.md", "not 'python'\n")]


def test_helper_processes_give_what_this_process_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    batch = files(9)
    expected = [format_source(path, text) for path, text in batch]
    monkeypatch.setattr(fmt, "workers_for", lambda chars: 3)
    assert format_all(batch) == expected
    assert expected[-1] == "not 'python'\n"  # only Python goes through black


def test_a_small_batch_stays_in_this_process() -> None:
    assert fmt.workers_for(fmt.PARALLEL_MIN_CHARS - 1) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert fmt.workers_for(10**12) == min(fmt.MAX_WORKERS, cores or 1)


def test_another_formatter_is_called_here_for_each_file(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def upper(path: str, text: str) -> str:
        seen.append(path)
        return text.upper()

    monkeypatch.setattr(fmt, "workers_for", lambda chars: 4)
    assert format_all([("a.py", "x"), ("b.py", "y")], upper) == ["X", "Y"]
    assert seen == ["a.py", "b.py"]


def test_invalid_python_in_a_helper_is_a_format_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "workers_for", lambda chars: 2)
    batch = [("good.py", "x = 1\n"), ("broken.py", "def (:\n" + "y = 2\n" * 50)]
    with pytest.raises(FormatError, match="broken.py"):
        format_all(batch)


def test_a_warm_helper_formats_even_a_small_batch_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first generation starts a helper per other core before the pipeline runs; by the
    time files are formatted it has imported black, so even two files are shared with it."""
    monkeypatch.setattr(fmt, "_cores", lambda: 2)
    batch = files(2)
    expected = [format_source(path, text) for path, text in batch]
    with fmt.warm_helpers(1):
        (helper,) = fmt._warm
        assert format_all(batch) == expected
        assert fmt._warm == []  # taken to share the work (if this process left it any)
        assert helper.ended
    assert helper.process.proc.returncode == 0  # it finished on its own, and was waited for


def test_unused_warm_helpers_are_stopped_however_the_run_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fmt, "_cores", lambda: 3)
    with fmt.warm_helpers(2):
        helpers = list(fmt._warm)
        assert len(helpers) == 2
        format_all([("one.py", "x = 1\n")])  # a single file stays in this process
    assert fmt._warm == []
    assert all(helper.ended for helper in helpers)
    with pytest.raises(RuntimeError), fmt.warm_helpers(2):
        helpers = list(fmt._warm)
        raise RuntimeError("the pipeline failed")
    assert fmt._warm == [] and all(helper.ended for helper in helpers)


def test_helpers_one_per_other_core_for_a_first_generation_one_for_a_regenerate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    big, small = fmt.WARM_MIN_SPEC_BYTES, fmt.WARM_MIN_SPEC_BYTES - 1
    monkeypatch.setattr(fmt, "_cores", lambda: 4)
    assert [fmt.helpers_wanted(True, big), fmt.helpers_wanted(False, big)] == [4, 1]
    assert [fmt.helpers_wanted(True, small), fmt.helpers_wanted(False, small)] == [0, 0]
    monkeypatch.setattr(fmt, "_cores", lambda: 1)  # no other core: a helper only waits
    assert [fmt.helpers_wanted(True, big), fmt.helpers_wanted(False, big)] == [0, 0]
    with fmt.warm_helpers(0):
        assert fmt._warm == []


def test_a_regenerates_few_files_go_to_the_warm_helper_and_black_is_not_imported_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    batch = [*files(2), ("README.md", "# not Python\n")]
    expected = [format_source(path, text) for path, text in batch]
    fmt._black.cache_clear()  # as in a fresh run: this process has not needed black yet
    with fmt.warm_helpers(1):
        (helper,) = fmt._warm
        assert format_all(batch) == expected
        assert fmt._black.cache_info().currsize == 0  # all of it was done by the helper
        assert helper.ended
    assert helper.process.proc.returncode == 0


@pytest.mark.parametrize(("helpers", "formats_here"), [(2, False), (1, True)])
def test_a_first_generations_many_files_go_to_the_warm_helpers_or_are_shared(
    monkeypatch: pytest.MonkeyPatch, helpers: int, formats_here: bool
) -> None:
    """More text than one helper should take alone: with a warm helper per core they
    format it all and this process only hands it out; with one helper left, this process
    takes its share too (its half outweighs its own import of black)."""
    batch = files(6)
    expected = [format_source(path, text) for path, text in batch]
    python = sum(len(text) for path, text in batch if path.endswith(".py"))
    monkeypatch.setattr(fmt, "HELPER_ALONE_CHARS", python)
    fmt._black.cache_clear()
    with fmt.warm_helpers(helpers):
        started = list(fmt._warm)
        assert format_all(batch) == expected
        assert fmt._black.cache_info().currsize == int(formats_here)
        assert fmt._warm == [] and all(helper.ended for helper in started)
    assert started[0].process.proc.returncode == 0


def test_the_queue_hands_out_every_file_once_largest_first() -> None:
    sizes = [10, 100, 5, 90, 80, 70, 60, 50, 40, 30, 20, 5]
    batch = [(f"m{i}.py", "x" * size) for i, size in enumerate(sizes)] + [("README.md", "x" * 999)]
    work = fmt._Work(batch, 2)
    taken = []
    while (chunk := work.take()) is not None:
        taken.append(chunk)
    order = [i for chunk in taken for i in chunk]
    assert sorted(order) == list(range(len(sizes)))  # every module once
    assert [len(batch[i][1]) for i in order] == sorted(sizes, reverse=True)
    assert work.results == {len(sizes): "x" * 999}  # the README is its own text: not queued
    assert taken[0] == [1]  # the largest file alone, first
    # chunks shrink as the work runs out: the last ones are a file each
    assert all(len(chunk) == 1 for chunk in taken[-3:])
    weights = [sum(len(batch[i][1]) for i in chunk) for chunk in taken]
    assert weights[-4:] == sorted(weights[-4:], reverse=True)


def test_a_helper_that_dies_is_a_format_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    dies = "import sys; print('gone', file=sys.stderr); sys.exit(3)"
    monkeypatch.setattr(workers, "_HELPER", dies)
    work = fmt._Work(files(4), 2)  # fed from this thread alone, so the helper gets a chunk
    with pytest.raises(FormatError, match=r"exit 3\): gone"):
        work.feed(None)
    assert work.failed and work.take() is None  # the others stop too


@pytest.mark.parametrize(
    ("names", "comment"),
    [
        (["b", "A", "CONST"], ""),
        ([f"AVeryLongGeneratedClassName{n}" for n in range(5)], ""),
        ([f"AVeryLongGeneratedClassName{n}" for n in range(5)], LATE),
        (["Short"], LATE),
    ],
)
def test_imports_are_written_as_black_writes_them(names: list[str], comment: str) -> None:
    line = from_import(".a_rather_long_module_name_for_the_generated_class", names, comment=comment)
    assert format_source("m.py", line + "\n") == line + "\n"
    assert all(len(part) <= fmt.LINE_LENGTH for part in line.splitlines())
    if comment:
        assert line.splitlines()[0].endswith(comment)  # where ruff looks for a noqa


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_string_literals_are_spelled_as_black_spells_them(value: str) -> None:
    spelled = literal(value)
    assert eval(spelled) == value  # noqa: S307 - a literal we just built
    if not ('"' in value and "'" in value):
        source = f"x = {spelled}\n"
        assert format_source("m.py", source) == source


def test_tuples_and_lists_of_literals() -> None:
    for value in [(), ("a",), ("a", 1, None), ["x", 2.5, True]]:
        assert eval(literal(value)) == value  # noqa: S307
        source = f"x = {literal(value)}\n"
        assert format_source("m.py", source) == source


def test_the_command_line_asks_for_helpers_by_what_the_run_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first generation formats everything (a helper per core); a regenerate or a drift
    check a file or two (one helper, for black's import); a small spec none."""
    from generator import cli

    asked: list[int] = []

    @contextmanager
    def recording(count: int) -> Iterator[None]:
        asked.append(count)
        yield

    monkeypatch.setattr(cli, "warm_helpers", recording)
    monkeypatch.setattr(fmt, "_cores", lambda: 3)
    out = tmp_path / "out"
    assert cli.main(["--out", str(out), "--quiet"]) == 0
    manifest = out / ".codegen-manifest.json"  # inputs changed: the pipeline runs again
    manifest.write_text(manifest.read_text().replace('"inputs": "', '"inputs": "stale'))
    assert cli.main(["--out", str(out), "--quiet"]) == 0
    assert cli.main(["--out", str(tmp_path / "other"), "--quiet", "--check"]) == 1
    small = tmp_path / "small.yaml"  # its client formats in a moment: no helper is worth it
    small.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses: {'204': {description: none}}\n"
    )
    assert len(small.read_bytes()) < fmt.WARM_MIN_SPEC_BYTES
    assert cli.main(["--spec", str(small), "--out", str(tmp_path / "small"), "--quiet"]) == 0
    assert asked == [3, 1, 1, 0]


def test_nothing_to_format_is_no_work_even_with_helpers_ready(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fmt, "_cores", lambda: 2)
    with fmt.warm_helpers(1):
        assert format_all([]) == []


def test_when_no_process_can_be_started_this_one_formats_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("Resource temporarily unavailable")

    batch = files(6)
    expected = [format_source(path, text) for path, text in batch]
    monkeypatch.setattr(fmt, "_cores", lambda: 3)
    monkeypatch.setattr(workers.subprocess, "Popen", refuse)
    monkeypatch.setattr(fmt, "workers_for", lambda chars: 3)
    with fmt.warm_helpers(2):
        assert fmt._warm == []
        assert format_all(batch) == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked only where fork exists")
def test_workers_forked_from_one_import_of_black_format_as_this_process_does() -> None:
    started = workers.start(3)
    assert len({id(w.process) for w in started}) == 1  # one process started here
    proc = started[0].process.proc
    assert [w.send is proc.stdin for w in started] == [True, False, False]  # forked: own pipes
    batch = [pair for pair in files(6) if pair[0].endswith(".py")]
    try:
        for index, worker in enumerate(started):
            chunk = batch[index * 2 : index * 2 + 2]
            assert worker.ask(chunk) == [format_source(path, text) for path, text in chunk]
    finally:
        for worker in started:
            worker.finish()
    assert all(w.ended for w in started)
    workers.reap()
    assert started[0].process.proc.returncode == 0  # after the ones it forked


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked only where fork exists")
def test_a_forked_worker_that_dies_is_a_format_error_and_stops_them_all() -> None:
    first, forked = workers.start(2)
    forked.send.write("not json\n")  # the worker cannot read it, and exits
    forked.send.flush()
    with pytest.raises(FormatError, match=r"a formatting process failed: .*JSONDecodeError") as e:
        forked.ask([("m.py", "x = 1\n")])
    assert "exit" not in str(e.value)  # its parent did not fail: it was stopped after
    with pytest.raises(FormatError, match="a formatting process failed"):
        first.ask([("m.py", "x = 1\n")])  # the process it was forked from went with it
    for worker in (first, forked):
        worker.finish()
    assert first.ended and forked.ended


def test_code_handed_ahead_comes_back_as_black_writes_it_without_black_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first generation hands its code to the warm helpers before validating; the files
    the writer then formats are taken from them, and the rest are formatted as usual."""
    batch = files(5)
    expected = [format_source(path, text) for path, text in batch]
    monkeypatch.setattr(fmt, "_cores", lambda: 2)
    fmt._black.cache_clear()
    with fmt.warm_helpers(2):
        started = list(fmt._warm)
        fmt.format_ahead(batch[:-1])
        assert fmt._warm == []  # all of them are on it
        assert format_all(batch) == expected  # the README was not among the files ahead
        assert fmt._black.cache_info().currsize == 0
    assert all(helper.ended for helper in started)


def test_code_handed_ahead_of_a_run_that_fails_is_abandoned() -> None:
    with pytest.raises(RuntimeError), fmt.warm_helpers(2):
        started = list(fmt._warm)
        fmt.format_ahead(files(8))
        raise RuntimeError("validation refused the spec")
    assert fmt._ahead == [] and fmt._warm == []
    assert all(helper.ended for helper in started)


def test_a_process_that_was_waited_for_is_never_signalled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its process id may belong to another process by then."""
    (worker,) = workers.start(1)
    assert worker.ask([("m.py", "x=1\n")]) == ["x = 1\n"]
    worker.finish()
    workers.reap()
    signalled: list[object] = []
    monkeypatch.setattr(workers.os, "killpg", lambda *args: signalled.append(args))
    monkeypatch.setattr(worker.process.proc, "kill", lambda: signalled.append("kill"))
    worker.stop()
    worker.process.kill()
    assert signalled == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked only where fork exists")
def test_unused_workers_of_a_process_that_worked_let_it_end_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A small batch goes to one forked worker; the others are stopped by closing their
    input, not killed, so the process waits for what it forked and exits with 0."""
    monkeypatch.setattr(fmt, "_cores", lambda: 3)
    fmt._black.cache_clear()
    batch = files(2)
    with fmt.warm_helpers(3):
        started = list(fmt._warm)
        assert format_all(batch) == [format_source(path, text) for path, text in batch]
    assert all(helper.ended for helper in started)
    assert started[0].process.proc.returncode == 0
