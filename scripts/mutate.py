"""Mutation testing of the core modules with mutmut 3, and a per-module score table.

Runs ``mutmut run`` as configured in ``[tool.mutmut]`` of pyproject.toml (the modules to mutate,
the fast tests that may kill them), then reads mutmut's per-file results from ``mutants/`` and
prints, for each module: mutants, killed, survived, timeout, other and the score. The same
table goes to ``reports/mutation.json``.

How the score is counted: ``score = killed / (mutants - skipped - not checked)``. "Skipped" are
mutants mutmut was told to skip and "not checked" those a stopped run never reached; neither
says anything about the tests. A timeout counts against the score (it is in the denominator,
not the numerator), and so does "other": a mutant that no selected test reaches ("no tests"),
or that ended as suspicious, segfault or caught by a type check.

By default the run starts afresh (``mutants/`` is removed first), because mutmut keeps the
verdict of every mutant it has already tested, even after the tests change. ``--keep`` reuses
that cache: quicker, but a mutant that survived before is not tried again.

Usage::

    .venv/bin/python scripts/mutate.py            # or: make mutate
    .venv/bin/python scripts/mutate.py --keep --fail-under 80
    .venv/bin/mutmut results                      # afterwards: the survivors by name
    .venv/bin/mutmut show analysis.dates.x_resolve_date_expression__mutmut_12
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
REPORT = ROOT / "reports" / "mutation.json"

COLUMNS = ("mutants", "killed", "survived", "timeout", "other", "score")
# mutmut statuses that are not a verdict on the tests: left out of the score's denominator.
UNTESTED = ("skipped", "not checked")


def mutated_modules() -> list[str]:
    """The files ``[tool.mutmut] only_mutate`` names, as paths relative to the project."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def mutmut_command() -> list[str]:
    """mutmut's own script, from the virtualenv this script runs in.

    mutmut warns against ``python -m mutmut``: it re-executes its main module.
    """
    beside = Path(sys.executable).parent / "mutmut"
    found = str(beside) if beside.is_file() else shutil.which("mutmut")
    if found is None:
        raise SystemExit("mutmut is not installed: run `make env` (it is a dev dependency)")
    return [found]


def run_mutmut(max_children: int | None, keep: bool) -> tuple[int, float]:
    """Run ``mutmut run`` in the project folder; return its exit code and wall time."""
    if not keep and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    command = [*mutmut_command(), "run"]
    if max_children is not None:
        command += ["--max-children", str(max_children)]
    print("$", " ".join([Path(command[0]).name, *command[1:]]), flush=True)
    started = time.monotonic()
    code = subprocess.call(command, cwd=ROOT)
    return code, time.monotonic() - started


def status_names() -> Any:
    """mutmut's mapping from a mutant's recorded exit code to its status name."""
    from mutmut.stats import status_by_exit_code

    return status_by_exit_code


def module_results(module: str) -> dict[str, str]:
    """Each mutant of ``module`` with its status ('killed', 'survived', ...)."""
    meta = MUTANTS / f"{module}.meta"
    if not meta.is_file():
        raise SystemExit(f"{meta.relative_to(ROOT)}: no mutmut results for {module}")
    exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    statuses = status_names()
    return {name: statuses[code] for name, code in exit_codes.items()}


def tally(statuses: dict[str, str]) -> dict[str, Any]:
    """One row of the table from the statuses of one module's mutants (or of all)."""
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    total = len(statuses)
    killed = counts.get("killed", 0)
    survived = counts.get("survived", 0)
    timeout = counts.get("timeout", 0)
    untested = sum(counts.get(name, 0) for name in UNTESTED)
    tested = total - untested
    return {
        "mutants": total,
        "killed": killed,
        "survived": survived,
        "timeout": timeout,
        "other": tested - killed - survived - timeout,
        "untested": untested,
        "score": round(100 * killed / tested, 1) if tested else None,
        "statuses": dict(sorted(counts.items())),
        "survivors": sorted(name for name, status in statuses.items() if status == "survived"),
    }


def format_table(rows: dict[str, dict[str, Any]]) -> str:
    """The rows as a plain-text table, one line per module and the total last."""
    width = max(len(name) for name in rows)
    lines = [f"{'module':<{width}}  " + "  ".join(f"{c:>8}" for c in COLUMNS)]
    for name, row in rows.items():
        cells = [f"{row[c]:>8}" for c in COLUMNS[:-1]]
        score = "-" if row["score"] is None else f"{row['score']:.1f}%"
        lines.append(f"{name:<{width}}  " + "  ".join([*cells, f"{score:>8}"]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--keep", action="store_true", help="reuse the verdicts cached in mutants/ (quicker)"
    )
    parser.add_argument(
        "--max-children", type=int, help="parallel mutants (default: the number of cores)"
    )
    parser.add_argument(
        "--fail-under", type=float, help="exit 1 if a module's or the total score is lower"
    )
    return parser.parse_args(argv)


def tally_modules() -> dict[str, dict[str, Any]]:
    """Each mutated module's tally, and the total over all of them."""
    every: dict[str, str] = {}
    rows: dict[str, dict[str, Any]] = {}
    for module in mutated_modules():
        statuses = module_results(module)
        every.update(statuses)
        rows[module] = tally(statuses)
    rows["total"] = tally(every)
    return rows


def write_report(rows: dict[str, dict[str, Any]], wall: float, fresh: bool) -> None:
    """reports/mutation.json: the scores, with when and how they were measured."""
    import mutmut

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "mutmut_version": mutmut.__version__,
        "score": "killed / (mutants - skipped - not checked), in per cent",
        "wall_seconds": round(wall, 1),
        "fresh_run": fresh,
        "modules": rows,
    }
    REPORT.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"written: {REPORT.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)

    code, wall = run_mutmut(args.max_children, args.keep)
    if code != 0:
        print(f"mutmut run failed with exit code {code}", file=sys.stderr)
        return code

    rows = tally_modules()
    print()
    print(format_table(rows))
    print(
        "\nscore = killed / (mutants - skipped - not checked); "
        "timeouts and 'other' (no tests, suspicious, segfault) count against it."
    )
    print(f"wall time: {wall:.0f} s (mutmut run, {'cached' if args.keep else 'fresh'})")
    write_report(rows, wall, fresh=not args.keep)

    if args.fail_under is not None:
        low = [n for n, r in rows.items() if r["score"] is None or r["score"] < args.fail_under]
        if low:
            print(f"score below {args.fail_under}%: {', '.join(low)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
