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
warm kernels (one per worker, reset between runs), or as tasks on a Dask cluster. A set whose
inputs have not changed since its last successful run is reused, not run again.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import AnalysisError, OutputDirError, UsageError
from analysis.files import write_atomic
from analysis.fingerprint import input_fingerprint
from analysis.load import known_actor_ids, read_yaml_file
from analysis.params import (
    DeclaredParameter,
    ParameterError,
    declared_parameters,
    run_name,
    type_problem,
)
from analysis.params import validate_parameters as validate_report_parameters
from analysis.schema import SchemaError

MAX_SETS = 10_000  # a grid that expands past this is a typo, not a plan


class BatchError(UsageError, ValueError):
    """A parameter file or set that cannot run; nothing has started."""


@dataclass(frozen=True)
class RunSpec:
    """One parameter set, complete (defaults filled in), and where its report goes."""

    index: int
    name: str
    parameters: dict[str, Any]
    output_dir: Path


@dataclass
class RunOutcome:
    """What became of one set."""

    spec: RunSpec
    status: str = "pending"  # ok | failed | reused
    seconds: float = 0.0
    attempts: int = 0
    error: str = ""
    detail_path: Path | None = None  # the report, or the failed notebook


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
    try:
        document = read_yaml_file(path)
    except SchemaError as exc:
        raise BatchError(str(exc)) from None
    if isinstance(document, list):
        sets, grid, defaults = document, {}, {}
    elif isinstance(document, dict):
        unknown = sorted(str(key) for key in document if key not in {"defaults", "grid", "sets"})
        if unknown:
            raise BatchError(
                f"{path}: unknown top-level keys {unknown} (known: defaults, grid, sets)"
            )
        sets = document.get("sets") or []
        grid = document.get("grid") or {}
        defaults = document.get("defaults") or {}
    else:
        raise BatchError(f"{path}: expected a list of parameter sets, or a mapping with 'grid'")
    if not isinstance(sets, list) or not isinstance(grid, dict) or not isinstance(defaults, dict):
        raise BatchError(f"{path}: 'sets' must be a list, 'grid' and 'defaults' mappings")
    for name, values in grid.items():
        if not isinstance(values, list) or not values:
            raise BatchError(
                f"{path}: grid '{name}': expected a non-empty list (value: {values!r})"
            )
    expanded: list[dict[str, Any]] = []
    if grid:
        names = list(grid)
        size = 1
        for name in names:
            size *= len(grid[name])
        if size > MAX_SETS:
            raise BatchError(f"{path}: the grid spans {size} sets, more than {MAX_SETS}")
        expanded = [
            dict(zip(names, combo, strict=True)) for combo in itertools.product(*grid.values())
        ]
    result = []
    for index, entry in enumerate(list(sets) + expanded):
        if not isinstance(entry, dict):
            raise BatchError(
                f"{path}: set {index}: expected a mapping of parameters (value: {entry!r})"
            )
        result.append({**defaults, **entry})
    if not result:
        raise BatchError(f"{path}: no parameter sets")
    return result


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
    from analysis.outputs import check_output_dir

    declared = declared_parameters(notebook_source)
    problems = []
    specs = []
    names: dict[str, int] = {}
    for index, values in enumerate(sets):
        for problem in check_parameter_set(values, declared, paths.DATA_DIR):
            problems.append(f"set {index}: {problem}")
        full = {name: values.get(name, p.default) for name, p in declared.items()}
        name = run_name(full, declared)
        if name in names:
            problems.append(f"set {index}: the same parameters as set {names[name]}")
        names.setdefault(name, index)
        spec = RunSpec(index, name, full, reports_dir / name)
        for folder in (spec.output_dir, spec.output_dir.with_name(f"{name}.failed")):
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


# What the report notebook imports: loaded while the batch is still planning, not in run one.
WARMUP_IMPORTS = (
    "import matplotlib.pyplot, pandas, IPython.display\n"
    "import analysis.charts, analysis.compute, analysis.display, analysis.params, analysis.render"
)


class KernelPool:
    """Warm kernels lent to worker threads for the time of one execution."""

    def __init__(self, size: int) -> None:
        from analysis.kernels import WarmKernel

        self._idle: queue.SimpleQueue[WarmKernel] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self.busy = 0  # kernels executing a set now
        self._all = [
            WarmKernel(paths.PROJECT_ROOT, warmup_code=WARMUP_IMPORTS) for _ in range(size)
        ]
        # Kernels start side by side in the background; a run waits for the first one ready.
        for kernel in self._all:
            threading.Thread(target=self._start, args=(kernel,), daemon=True).start()

    def _start(self, kernel: Any) -> None:
        try:
            kernel.start()
        except Exception:
            kernel.shutdown()
        self._idle.put(kernel)

    def run(self, job: Callable[[Any], Any]) -> Any:
        kernel = self._idle.get()
        with self._lock:
            self.busy += 1
        try:
            return job(kernel)
        finally:
            with self._lock:
                self.busy -= 1
            self._idle.put(kernel)

    def shutdown(self) -> None:
        for kernel in self._all:
            kernel.shutdown()


def run_batch(
    specs: list[RunSpec],
    workers: int,
    force: bool = False,
    retries: int = 0,
    make_pdf: bool = True,
    scheduler: str | None = None,
    notebook_source: Path = paths.REPORT_NOTEBOOK,
    index_path: Path | None = None,
    progress: bool = True,
) -> BatchSummary:
    """Run every spec; a failing set does not stop the others. Writes the index page as it goes."""
    from tqdm import tqdm

    started = time.perf_counter()
    index_path = index_path or paths.REPORTS_DIR / "index.html"
    outcomes = [RunOutcome(spec) for spec in specs]
    fingerprints = {
        spec.index: input_fingerprint(spec.parameters, notebook_source, make_pdf) for spec in specs
    }
    todo = []
    for outcome in outcomes:
        spec = outcome.spec
        if not force and is_up_to_date(spec, fingerprints[spec.index]):
            outcome.status = "reused"
            outcome.detail_path = spec.output_dir / "report.html"
        else:
            todo.append(outcome)

    bar = tqdm(total=len(specs), unit="report", disable=not progress, dynamic_ncols=True)
    bar.update(len(specs) - len(todo))
    runner: Any = None

    def refresh() -> None:
        counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "failed", "reused")}
        bar.set_postfix(
            done=counts["ok"],
            failed=counts["failed"],
            reused=counts["reused"],
            running=runner.running if runner is not None else 0,
        )

    refresh()
    write_index(outcomes, index_path)
    runner = _make_runner(workers, scheduler, notebook_source, make_pdf) if todo else None
    workers = getattr(runner, "slots", workers)
    try:
        for attempt in range(retries + 1):
            pending = [o for o in todo if o.status in {"pending", "failed"}]
            if not pending:
                break
            if attempt:
                bar.write(f"retrying {len(pending)} failed set(s), attempt {attempt + 1}")
                bar.update(-len(pending))
            futures: dict[Future[Any], RunOutcome] = {}
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report") as pool:
                for outcome in pending:
                    manifest = {
                        "fingerprint": fingerprints[outcome.spec.index],
                        "name": outcome.spec.name,
                    }
                    futures[pool.submit(runner.run, outcome.spec, manifest)] = outcome
                refresh()
                remaining = set(futures)
                while remaining:
                    try:
                        done, remaining = wait(remaining, timeout=1.0, return_when=FIRST_COMPLETED)
                    except KeyboardInterrupt:
                        # Stop the kernels first, so the sets they execute fail at once and
                        # the pool's threads end; sets not yet started are dropped.
                        pool.shutdown(wait=False, cancel_futures=True)
                        runner.close()
                        raise
                    for future in done:
                        outcome = futures[future]
                        outcome.attempts += 1
                        status, seconds, error, detail = future.result()
                        outcome.status, outcome.seconds = status, seconds
                        outcome.error, outcome.detail_path = error, detail
                        if status == "failed":
                            bar.write(
                                f"set {outcome.spec.index} ({outcome.spec.name}) failed: {error}"
                            )
                        bar.update(1)
                    refresh()
                    if done:
                        write_index(outcomes, index_path)
    finally:
        if runner is not None:
            runner.close()
        bar.close()
    write_index(outcomes, index_path)
    return BatchSummary(outcomes, time.perf_counter() - started)


class _LocalRunner:
    """Runs sets on warm kernels in this machine's worker threads."""

    def __init__(self, workers: int, notebook_source: Path, make_pdf: bool) -> None:
        # Two threads per kernel: while one thread exports a finished report here, the
        # kernel it used is already running the next set.
        self.slots = 2 * workers
        self.pool = KernelPool(workers)
        self.closed = False
        self.notebook_source = notebook_source
        self.make_pdf = make_pdf

    def run(self, spec: RunSpec, manifest: dict[str, Any]) -> tuple[str, float, str, Path | None]:
        from analysis.report import build_report, execute_in

        started = time.perf_counter()
        waited = 0.0  # for a free kernel: not part of this set's own time

        def execute(notebook: Any, parameters: dict[str, Any], executed_path: Path) -> None:
            asked = time.perf_counter()

            def job(kernel: Any) -> None:
                nonlocal waited
                waited = time.perf_counter() - asked
                execute_in(kernel)(notebook, parameters, executed_path)

            # The kernel is held only while it executes; the export runs without it.
            self.pool.run(job)

        try:
            build_report(
                spec.parameters,
                output_dir=spec.output_dir,
                notebook_source=self.notebook_source,
                log=lambda _line: None,
                execute=execute,
                make_pdf=self.make_pdf,
                manifest=manifest,
            )
        except AnalysisError as exc:
            return "failed", time.perf_counter() - started - waited, *_failure(exc, spec)
        return "ok", time.perf_counter() - started - waited, "", spec.output_dir / "report.html"

    @property
    def running(self) -> int:
        """Sets executing in a kernel now."""
        return self.pool.busy

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.pool.shutdown()


def _failure(exc: AnalysisError, spec: RunSpec) -> tuple[str, Path | None]:
    """The reason a set failed, in one line, and where its failed notebook or error is kept."""
    from analysis.report import ReportError

    reason = " ".join(str(exc).split())
    if not isinstance(exc, ReportError):
        return reason, None  # refused before its kernel started: nothing was kept
    failed = spec.output_dir.parent / f"{spec.output_dir.name}.failed"
    detail = failed / "report.ipynb"
    if not detail.exists():
        detail = failed / "error.txt"
    return reason.split("; ")[0], detail if detail.exists() else None


def _make_runner(workers: int, scheduler: str | None, notebook_source: Path, make_pdf: bool) -> Any:
    if scheduler:
        from analysis.cluster import DaskRunner

        return DaskRunner(scheduler, notebook_source, make_pdf)
    return _LocalRunner(workers, notebook_source, make_pdf)


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
    counts = {s: sum(o.status == s for o in summary.outcomes) for s in ("ok", "reused", "failed")}
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
    """reports/index.html: every set with its parameters, status, time and a link."""
    rows = []
    outcomes = list(outcomes)
    for o in outcomes:
        params = ", ".join(f"{k}={v!r}" for k, v in o.spec.parameters.items() if v != "")
        link = ""
        if o.detail_path is not None:
            try:
                href = o.detail_path.resolve().relative_to(index_path.parent.resolve()).as_posix()
            except ValueError:
                href = o.detail_path.resolve().as_uri()
            label = "report" if o.status in {"ok", "reused"} else "failed notebook"
            link = f'<a href="{html.escape(href)}">{label}</a>'
        rows.append(
            f'<tr class="{html.escape(o.status)}"><td>{o.spec.index}</td>'
            f"<td>{html.escape(o.spec.name)}</td><td>{html.escape(params)}</td>"
            f"<td>{html.escape(o.status)}</td><td>{o.seconds:.1f}</td>"
            f"<td>{link}</td><td>{html.escape(o.error)}</td></tr>"
        )
    counts = {
        s: sum(o.status == s for o in outcomes) for s in ("ok", "reused", "failed", "pending")
    }
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Report batch</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #1d1d1f; }}
table {{ border-collapse: collapse; font-size: 13px; }}
th, td {{ border-bottom: 1px solid #d0d4d9; padding: 4px 8px; text-align: left; }}
td {{ vertical-align: top; }}
tr.failed td {{ background: #fde8e1; }} tr.reused td {{ color: #555; }}
</style></head><body>
<h1>Report batch</h1>
<p>Updated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC. {counts["ok"]} run, {counts["reused"]}
reused (inputs unchanged since their last successful run), {counts["failed"]} failed,
{counts["pending"]} pending.</p>
<table><thead><tr><th>Set</th><th>Folder</th><th>Parameters</th><th>Status</th>
<th>Seconds</th><th>Link</th><th>Error</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table></body></html>
"""
    write_atomic(index_path, page)
