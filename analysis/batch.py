"""Run the report notebook over many parameter sets: validated first, in parallel, incremental.

A parameter file (YAML) is either a list of sets or a mapping with a ``grid`` (every
combination of the lists given) and optional ``sets`` and ``defaults``::

    defaults: {window_start: "2014-01-01"}
    grid:
      article_id: [rbth-2017-03-06-military-talks]
      reference_date: ["2017-03-03", "2017-03-06"]
      focus_actor: [gerasimov, pavel]

Each set becomes one report folder under ``reports/``, named after its parameters. Every set
is checked against the notebook's declared parameters before any kernel starts. Sets run on
the runner given (:mod:`analysis.runners`): warm kernels here, or tasks on a Dask cluster. A
set whose inputs have not changed since its last successful run is reused, not run again.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from analysis import paths
from analysis.errors import AnalysisError, BatchError, OutputDirError, SchemaError
from analysis.files import write_atomic
from analysis.fingerprint import input_fingerprint
from analysis.load import known_actor_ids, read_yaml_file
from analysis.outputs import check_output_dir, failed_dir
from analysis.params import (
    DeclaredParameter,
    ParameterError,
    declared_parameters,
    run_name,
    type_problem,
    with_article_dates,
)
from analysis.params import validate_parameters as validate_report_parameters
from analysis.runners import Runner, RunResult, RunSpec

__all__ = [
    "BatchError",
    "BatchSummary",
    "RunOutcome",
    "RunSpec",
    "check_parameter_set",
    "format_summary",
    "plan_runs",
    "read_parameter_sets",
    "run_batch",
    "write_index",
]

MAX_SETS = 10_000  # a grid that expands past this is a typo, not a plan
INDEX_TEMPLATE = "batch_index.html.j2"


@dataclass
class RunOutcome:
    """What became of one set."""

    spec: RunSpec
    status: str = "pending"  # ok | failed | reused
    seconds: float = 0.0
    attempts: int = 0
    error: str = ""
    detail_path: Path | None = None  # the report, or the failed notebook

    def record(self, result: RunResult) -> None:
        """Take in the result of one more run of this set."""
        self.attempts += 1
        self.status, self.seconds = result.status, result.seconds
        self.error, self.detail_path = result.error, result.detail_path


@dataclass
class BatchSummary:
    """Every set's outcome, in the order of the parameter file."""

    outcomes: list[RunOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[RunOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


# --- Reading and validating parameter sets ---------------------------------------------------


def read_parameter_sets(path: Path) -> list[dict[str, Any]]:
    """The parameter sets a YAML file lists, or the combinations its grid spans."""
    sets, grid, defaults = _read_parameter_file(path)
    result = []
    for index, entry in enumerate(list(sets) + _expand_grid(path, grid)):
        if not isinstance(entry, dict):
            raise BatchError(
                f"{path}: set {index}: expected a mapping of parameters (value: {entry!r})"
            )
        result.append({**defaults, **entry})
    if not result:
        raise BatchError(f"{path}: no parameter sets")
    return result


def _read_parameter_file(path: Path) -> tuple[list[Any], dict[str, Any], dict[str, Any]]:
    """A parameter file's sets, grid and defaults, each of the kind it must be."""
    try:
        document = read_yaml_file(path)
    except SchemaError as exc:
        raise BatchError(str(exc)) from None
    if isinstance(document, list):
        return document, {}, {}
    if not isinstance(document, dict):
        raise BatchError(f"{path}: expected a list of parameter sets, or a mapping with 'grid'")
    unknown = sorted(str(key) for key in document if key not in {"defaults", "grid", "sets"})
    if unknown:
        raise BatchError(f"{path}: unknown top-level keys {unknown} (known: defaults, grid, sets)")
    sets = document.get("sets") or []
    grid = document.get("grid") or {}
    defaults = document.get("defaults") or {}
    if not isinstance(sets, list) or not isinstance(grid, dict) or not isinstance(defaults, dict):
        raise BatchError(f"{path}: 'sets' must be a list, 'grid' and 'defaults' mappings")
    return sets, grid, defaults


def _expand_grid(path: Path, grid: dict[str, Any]) -> list[dict[str, Any]]:
    """Every combination of the grid's lists, in the order of the file."""
    for name, values in grid.items():
        if not isinstance(values, list) or not values:
            raise BatchError(
                f"{path}: grid '{name}': expected a non-empty list (value: {values!r})"
            )
    if not grid:
        return []
    size = math.prod(len(values) for values in grid.values())
    if size > MAX_SETS:
        raise BatchError(f"{path}: the grid spans {size} sets, more than {MAX_SETS}")
    names = list(grid)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*grid.values())]


def check_parameter_set(
    values: Mapping[str, Any], declared: Mapping[str, DeclaredParameter], data_dir: Path
) -> list[str]:
    """Problems with one set: unknown names, wrong types, values the report cannot take."""
    problems = []
    for name in values:
        if name not in declared:
            problems.append(f"unknown parameter '{name}' (declared: {', '.join(declared)})")
    for name, value in values.items():
        if name not in declared:
            continue
        problem = type_problem(name, value, declared[name].type_name)
        if problem:
            problems.append(problem)
    if problems:
        return problems
    full = {name: values.get(name, p.default) for name, p in declared.items()}
    try:
        params = validate_report_parameters(**full)
    except ParameterError as exc:
        return [str(exc)]
    try:
        known = known_actor_ids(params.article_id, params.data_dir)
    except (OSError, AnalysisError, ValueError) as exc:
        return [f"parameter 'article_id': its annotation cannot be read: {exc}"]
    if params.focus_actor not in known:
        return [
            f"parameter 'focus_actor': expected one of {', '.join(sorted(known))} "
            f"(value: {params.focus_actor!r})"
        ]
    return []


def plan_runs(
    sets: list[dict[str, Any]],
    reports_dir: Path = paths.REPORTS_DIR,
    notebook_source: Path = paths.REPORT_NOTEBOOK,
) -> list[RunSpec]:
    """Validate every set and name its report folder; refuse them all if any is bad."""
    declared = declared_parameters(notebook_source)
    problems = []
    specs = []
    names: dict[str, int] = {}
    for index, values in enumerate(sets):
        set_problems = check_parameter_set(values, declared, paths.DATA_DIR)
        problems.extend(f"set {index}: {problem}" for problem in set_problems)
        full = {name: values.get(name, p.default) for name, p in declared.items()}
        if not set_problems:
            # As make report does: a set that names no reference date counts "today" from
            # its own article's day, not from the seed's.
            full = with_article_dates(full, set(values))
        name = run_name(full, declared)
        if name in names:
            problems.append(f"set {index}: the same parameters as set {names[name]}")
        names.setdefault(name, index)
        spec = RunSpec(index, name, full, reports_dir / name)
        for folder in (spec.output_dir, failed_dir(spec.output_dir)):
            try:
                check_output_dir(folder)
            except OutputDirError as exc:
                problems.append(f"set {index}: {exc}")
        specs.append(spec)
    if problems:
        if len(problems) == 1:
            raise BatchError(f"invalid parameter set, nothing was run: {problems[0]}")
        # One line per problem, each complete in itself.
        raise BatchError(
            f"{len(problems)} problems with the parameter sets, nothing was run:\n"
            + "\n".join(problems)
        )
    return specs


# --- Incremental runs --------------------------------------------------------------------------


def is_up_to_date(spec: RunSpec, fingerprint: str) -> bool:
    """True when the report folder holds a successful run of exactly these inputs."""
    manifest = spec.output_dir / "run.json"
    if not manifest.is_file():
        return False
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        record.get("status") == "ok"
        and record.get("fingerprint") == fingerprint
        and (spec.output_dir / "report.html").is_file()
    )


# --- Running -----------------------------------------------------------------------------------


def run_batch(
    specs: list[RunSpec],
    runner: Runner,
    force: bool = False,
    retries: int = 0,
    index_path: Path | None = None,
    progress: bool = True,
) -> BatchSummary:
    """Run every spec on ``runner``; a failing set does not stop the others. Writes the index
    page as it goes. The runner is started only when some set needs running, and closed at
    the end."""
    started = time.perf_counter()
    index_path = index_path or paths.REPORTS_DIR / "index.html"
    outcomes = [RunOutcome(spec) for spec in specs]
    options = runner.options
    fingerprints = {
        spec.index: input_fingerprint(spec.parameters, options.notebook_source, options.make_pdf)
        for spec in specs
    }
    todo = _reuse_unchanged(outcomes, fingerprints, force)
    bar = _ProgressBar(outcomes, runner, progress)
    bar.update(len(specs) - len(todo))
    bar.refresh()
    write_index(outcomes, index_path)
    try:
        slots = runner.start() if todo else 0
        for attempt in range(retries + 1):
            pending = [o for o in todo if o.status in {"pending", "failed"}]
            if not pending:
                break
            if attempt:
                bar.write(f"retrying {len(pending)} failed set(s), attempt {attempt + 1}")
                bar.update(-len(pending))
            _run_round(
                pending, runner, slots, fingerprints, bar, lambda: write_index(outcomes, index_path)
            )
    finally:
        runner.close()
        bar.close()
    write_index(outcomes, index_path)
    return BatchSummary(outcomes, time.perf_counter() - started)


def _reuse_unchanged(
    outcomes: list[RunOutcome], fingerprints: dict[int, str], force: bool
) -> list[RunOutcome]:
    """Mark the sets whose last successful run had the same inputs as reused; return the rest."""
    todo = []
    for outcome in outcomes:
        spec = outcome.spec
        if not force and is_up_to_date(spec, fingerprints[spec.index]):
            outcome.status = "reused"
            outcome.detail_path = spec.output_dir / "report.html"
        else:
            todo.append(outcome)
    return todo


def _run_round(
    pending: list[RunOutcome],
    runner: Runner,
    slots: int,
    fingerprints: dict[int, str],
    bar: _ProgressBar,
    on_done: Callable[[], None],
) -> None:
    """Run ``pending`` sets, ``slots`` at a time; record each as it comes back."""
    futures: dict[Future[RunResult], RunOutcome] = {}
    with ThreadPoolExecutor(max_workers=slots, thread_name_prefix="report") as pool:
        for outcome in pending:
            manifest = {"fingerprint": fingerprints[outcome.spec.index], "name": outcome.spec.name}
            futures[pool.submit(runner.run, outcome.spec, manifest)] = outcome
        bar.refresh()
        remaining = set(futures)
        while remaining:
            try:
                done, remaining = wait(remaining, timeout=1.0, return_when=FIRST_COMPLETED)
            except KeyboardInterrupt:
                # Stop the runner first, so the sets it executes fail at once and the pool's
                # threads end; sets not yet started are dropped.
                pool.shutdown(wait=False, cancel_futures=True)
                runner.close()
                raise
            for future in done:
                outcome = futures[future]
                outcome.record(future.result())
                if outcome.status == "failed":
                    bar.write(
                        f"set {outcome.spec.index} ({outcome.spec.name}) failed: {outcome.error}"
                    )
                bar.update(1)
            bar.refresh()
            if done:
                on_done()


class _ProgressBar:
    """The batch's progress bar: sets finished, and how many are done, failed, reused, running."""

    def __init__(self, outcomes: list[RunOutcome], runner: Runner, enabled: bool) -> None:
        from tqdm import tqdm

        self.outcomes = outcomes
        self.runner = runner
        self.bar = tqdm(total=len(outcomes), unit="report", disable=not enabled, dynamic_ncols=True)

    def refresh(self) -> None:
        counts = _count_statuses(self.outcomes)
        self.bar.set_postfix(
            done=counts["ok"],
            failed=counts["failed"],
            reused=counts["reused"],
            running=self.runner.running,
        )

    def update(self, sets: int) -> None:
        self.bar.update(sets)

    def write(self, line: str) -> None:
        self.bar.write(line)

    def close(self) -> None:
        self.bar.close()


def _count_statuses(outcomes: Iterable[RunOutcome]) -> dict[str, int]:
    counts = dict.fromkeys(("ok", "reused", "failed", "pending"), 0)
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


# --- Reporting ---------------------------------------------------------------------------------


def format_summary(summary: BatchSummary) -> str:
    """A plain-text table of every set: index, status, seconds, folder, and why a set failed."""
    header = ("set", "status", "seconds", "report", "reason")
    rows = []
    for o in summary.outcomes:
        where = (
            o.detail_path.relative_to(paths.PROJECT_ROOT)
            if _is_inside(o.detail_path) and o.detail_path is not None
            else o.detail_path
        )
        reason = o.error if o.status == "failed" else ""
        rows.append((str(o.spec.index), o.status, f"{o.seconds:.1f}", str(where or ""), reason))
    has_reason = any(row[4] for row in rows)
    columns = 5 if has_reason else 4
    table = [header[:columns]] + [row[:columns] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(columns)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table
    ]
    counts = _count_statuses(summary.outcomes)
    lines.append(
        f"{len(summary.outcomes)} sets: {counts['ok']} run, {counts['reused']} reused, "
        f"{counts['failed']} failed, in {summary.seconds:.1f} s"
    )
    return "\n".join(lines)


def _is_inside(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        path.resolve().relative_to(paths.PROJECT_ROOT)
    except ValueError:
        return False
    return True


def write_index(outcomes: Iterable[RunOutcome], index_path: Path) -> None:
    """reports/index.html: every set with its parameters, status, time and a link, grouped
    by article (in the order the articles first appear)."""
    outcomes = list(outcomes)
    groups: dict[str, list[dict[str, Any]]] = {}
    for outcome in outcomes:
        article = str(outcome.spec.parameters.get("article_id", ""))
        groups.setdefault(article, []).append(_index_row(outcome, index_path.parent))
    page = _index_template().render(
        updated=f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}",
        counts=_count_statuses(outcomes),
        articles=[{"article_id": article, "rows": rows} for article, rows in groups.items()],
    )
    write_atomic(index_path, page)


def _index_row(outcome: RunOutcome, folder: Path) -> dict[str, Any]:
    """One set's row of the index page, as plain text (the template escapes it)."""
    row = {
        "index": outcome.spec.index,
        "name": outcome.spec.name,
        "parameters": ", ".join(
            f"{name}={value!r}" for name, value in outcome.spec.parameters.items() if value != ""
        ),
        "status": outcome.status,
        "seconds": f"{outcome.seconds:.1f}",
        "error": outcome.error,
        "href": "",
        "label": "report" if outcome.status in {"ok", "reused"} else "failed notebook",
    }
    if outcome.detail_path is not None:
        try:
            row["href"] = outcome.detail_path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            row["href"] = outcome.detail_path.resolve().as_uri()
    return row


@functools.cache
def _index_template() -> jinja2.Template:
    """The index page's template, loaded once; everything placed in it is escaped."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES_DIR),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(INDEX_TEMPLATE)
