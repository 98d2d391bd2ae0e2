"""The ``--check`` report (issue 10.2): a summary first, then diffs smallest first, capped."""

from __future__ import annotations

from generator.drift import DIFF_LINES, drift_report
from generator.write import Change


def lines(n: int, tag: str) -> bytes:
    return "".join(f"{tag} {i}\n" for i in range(n)).encode()


CHANGES = [
    Change("pkg/big.py", "changed", lines(200, "old"), lines(200, "new")),
    Change("pkg/small.py", "changed", b"a = 1\nb = 2\n", b"a = 1\nb = 3\n"),
    Change("pkg/gone.py", "removed", lines(3, "gone"), None),
    Change("pkg/new.py", "added", None, lines(2, "new")),
    Change("pkg/mine.py", "edited", b"x = 1  # mine\n", b"x = 1\n"),
]


def test_the_summary_comes_first_with_counts_per_file() -> None:
    report = drift_report("out", CHANGES).splitlines()
    assert report[:6] == [
        "out: 5 files would change (+204 -205):",
        "  changed  pkg/big.py  +200 -200",
        "  removed  pkg/gone.py  +0 -3",
        "  edited   pkg/mine.py  +1 -1  (edited by hand: regenerating needs --force)",
        "  added    pkg/new.py  +2 -0",
        "  changed  pkg/small.py  +1 -1",
    ]


def test_diffs_follow_smallest_first_each_capped() -> None:
    report = drift_report("out", CHANGES)
    heads = [line for line in report.splitlines() if line.startswith(("+++ ", "--- a/pkg/gone"))]
    assert heads == [
        "+++ b/pkg/mine.py",  # 5 lines (ties go by path)
        "+++ b/pkg/new.py",  # 5
        "--- a/pkg/gone.py",  # 6
        "+++ /dev/null",
        "+++ b/pkg/small.py",  # 6
        "+++ b/pkg/big.py",  # 403
    ]
    big = report[report.index("--- a/pkg/big.py") :].splitlines()
    assert len(big) == DIFF_LINES + 1
    total = 2 + 1 + 400  # headers, one hunk line, every line removed and added
    assert big[-1] == f"… {total - DIFF_LINES} more lines (--full-diff shows all)"


def test_full_diff_prints_everything() -> None:
    report = drift_report("out", CHANGES, full=True)
    assert "more lines" not in report
    assert all(f"+new {i}\n" in report for i in range(200))


def test_one_file_is_one_file() -> None:
    assert drift_report("out", CHANGES[1:2]).startswith("out: 1 file would change (+1 -1):\n")
