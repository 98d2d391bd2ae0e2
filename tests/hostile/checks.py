"""The rules every hostile case is judged by, as one function: :func:`run_failures`.

Each failure is one line that says what went wrong; a case passes when there are none.
"""

from __future__ import annotations

import os
import re

from hostile.cases import Case, Report
from hostile.run import HANG_GUARD, Outcome
from hostile.sandbox import CANARY, Sandbox

__all__ = ["MEMORY_LIMIT_MB", "pointer_named", "run_failures"]

MEMORY_LIMIT_MB = 500
_TRACEBACK = "Traceback (most recent call last)"
# Characters a generator may reasonably escape when it prints a pointer: match up to them.
_PLAIN = re.compile(r"[A-Za-z0-9_~./{}#$-]*")


def pointer_named(stderr: str, report: Report) -> bool:
    assert report.pointer is not None
    prefix = _PLAIN.match(report.pointer)
    wanted = prefix.group(0) if prefix else report.pointer
    levels = ("error", "warning") if report.level == "any" else (report.level,)
    exact = wanted == report.pointer
    for level in levels:
        for match in re.finditer(re.escape(f"{level}: {wanted}"), stderr):
            follower = stderr[match.end() : match.end() + 1]
            if not exact or follower in (":", "/", ""):
                return True
    return False


def _first_problems(stderr: str, count: int = 2) -> str:
    lines = [ln for ln in stderr.splitlines() if "error:" in ln or "warning:" in ln]
    shown = "; ".join(ln[:160] for ln in lines[:count])
    return f"reported: {shown}" if shown else "nothing reported"


def _report_failures(case: Case, outcome: Outcome) -> list[str]:
    failures = []
    for report in case.reports:
        if outcome.exit not in report.when:
            continue
        if report.text is not None and report.text not in outcome.stderr + outcome.stdout:
            failures.append(
                f"the report does not mention {report.text!r} ({_first_problems(outcome.stderr)})"
            )
        if report.pointer is not None and not pointer_named(outcome.stderr, report):
            failures.append(
                f"no {report.level} names {report.pointer!r} (exit {outcome.exit}; "
                f"{_first_problems(outcome.stderr)})"
            )
    return failures


def _inside(rel: str, out_rel: str) -> bool:
    return out_rel == "." or rel == out_rel or rel.startswith(out_rel + os.sep)


def _tree_failures(case: Case, box: Sandbox, outcome: Outcome) -> list[str]:
    failures = []
    out_rel = os.path.relpath(box.out, box.root)
    before, after = outcome.before, outcome.after
    on_the_way = {rel for rel in after if out_rel.startswith(rel + os.sep)}  # out's parents
    changed = sorted(
        rel for rel in set(before) | set(after)
        if before.get(rel) != after.get(rel) and not _inside(rel, out_rel)
        and not (rel in on_the_way and after[rel] == ("dir", ""))
    )  # fmt: skip
    if changed:
        failures.append(f"changed outside --out: {changed[:8]}")
    if outcome.exit == 2:
        inside = sorted(
            rel for rel in set(before) | set(after)
            if before.get(rel) != after.get(rel) and _inside(rel, out_rel)
        )  # fmt: skip
        if inside:
            failures.append(f"refused (exit 2) but changed the output folder: {inside[:8]}")
    for rel in case.keep:
        rel = os.path.normpath(box.fill(rel))
        if before.get(rel) != after.get(rel):
            failures.append(f"{rel} was {_how(before.get(rel), after.get(rel))}")
    for rel in case.changed:
        rel = os.path.normpath(box.fill(rel))
        if before.get(rel) == after.get(rel):
            failures.append(f"{rel} was not rewritten although --force was given")
    return failures


#: What the cache folder may hold: hashed names only, never a name taken from the spec.
_CACHE_ENTRY = re.compile(r"v1/(templates/[0-9a-f]{64}\.jinja|validation/[0-9a-f]{64}\.json)")


def _cache_failures(box: Sandbox) -> list[str]:
    if not box.cache.exists():
        return []
    odd = sorted(
        rel for rel in (str(p.relative_to(box.cache)) for p in box.cache.rglob("*"))
        if not _CACHE_ENTRY.fullmatch(rel) and rel not in ("v1", "v1/templates", "v1/validation")
    )  # fmt: skip
    return [f"the cache folder holds what is not a hashed entry: {odd[:8]}"] if odd else []


def _how(old: tuple[str, str] | None, new: tuple[str, str] | None) -> str:
    if new is None:
        return "deleted"
    if old is None:
        return f"created ({new[0]})"
    return f"changed ({old[0]} -> {new[0]})"


def _canary_failures(box: Sandbox, outcome: Outcome) -> list[str]:
    failures = []
    if CANARY in outcome.stdout or CANARY in outcome.stderr:
        failures.append("canary secret echoed in the output")
    if box.out.is_dir() and not box.out.is_symlink() and box.out != box.root:
        for path in sorted(box.out.rglob("*")):
            if path.is_file() and not path.is_symlink() and CANARY.encode() in path.read_bytes():
                failures.append(f"canary secret written to {path.relative_to(box.out)}")
                break
    return failures


def _exit_failures(case: Case, outcome: Outcome) -> list[str]:
    failures = []
    if outcome.hung:
        failures.append(f"still running after {HANG_GUARD:.0f} s (hang guard)")
    if outcome.signal is not None:
        failures.append(f"killed by signal {outcome.signal}")
    if outcome.exception:
        last = outcome.exception.strip().splitlines()[-1]
        failures.append(f"exception escaped: {last[:300]}")
    if _TRACEBACK in outcome.stderr or _TRACEBACK in outcome.stdout:
        failures.append("a traceback was printed")
    if outcome.exit is not None and outcome.exit not in case.exit:
        first = next((ln for ln in outcome.stderr.splitlines() if "error" in ln), "")
        failures.append(f"exit {outcome.exit}, expected {list(case.exit)}; {first[:200]}")
    if outcome.exit == 2 and "error" not in outcome.stderr:
        failures.append("exit 2 without an error message")
    return failures


def run_failures(case: Case, box: Sandbox, outcome: Outcome) -> list[str]:
    """Everything wrong with how the run went (the generated code is judged elsewhere)."""
    if outcome.setup_error:
        return [f"harness: {outcome.setup_error}"]
    failures = _exit_failures(case, outcome)
    failures += outcome.violations
    failures += [f"network: {n}" for n in outcome.network]
    failures += [f"canary server: {a}" for a in outcome.accepted]
    failures += _canary_failures(box, outcome)
    failures += _tree_failures(case, box, outcome)
    failures += _cache_failures(box)
    if not outcome.hung and outcome.exit in (0, 1, 2):
        failures += _report_failures(case, outcome)
    if outcome.maxrss_mb is not None and outcome.maxrss_mb > MEMORY_LIMIT_MB:
        failures.append(f"peak memory {outcome.maxrss_mb:.0f} MB (limit {MEMORY_LIMIT_MB} MB)")
    if outcome.rss_growth_mb > MEMORY_LIMIT_MB:
        failures.append(f"the process's peak memory grew by {outcome.rss_growth_mb:.0f} MB")
    return failures

