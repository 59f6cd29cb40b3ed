"""Build a report: execute the notebook, export HTML, PDF and the data behind it.

The build happens in a staging folder beside the target. Only a complete build replaces the
previous report, in one rename; a failed run leaves the previous report untouched and keeps
the failed executed notebook in ``<target>.failed/``.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import shutil
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jupytext
import nbformat

from analysis import paths
from analysis.errors import AnalysisError, OutputDirError, ReportError, one_line, os_problem
from analysis.export import write_report_data
from analysis.files import write_atomic
from analysis.fonts import chart_font_css, warm_font_faces
from analysis.kernels import WARMUP_IMPORTS, WarmKernel
from analysis.outputs import (
    GENERATOR,
    RUN_FILES,
    check_output_dir,
    clean_stale_files,
    default_output_dir,
    failed_dir,
    locked,
    make_staging,
    publish_report,
)
from analysis.params import validate_parameters
from analysis.render import clean_svg, drop_screen_only, scope_svg_ids
from analysis.verdicts import verdict_css

TEMPLATE_NAME = "offline_report"


if TYPE_CHECKING:
    from analysis.compute import ReportData


@dataclass(frozen=True)
class ReportResult:
    """Where a finished report was written, and how long each step took."""

    output_dir: Path
    files: list[Path]
    seconds: dict[str, float]


def read_notebook(source: Path = paths.REPORT_NOTEBOOK) -> nbformat.NotebookNode:
    """The report notebook, from its jupytext percent-format source (a copy of its own).

    Parsed once per version of the file: a batch reads the same source for every set.
    """
    stat = Path(source).stat()
    return copy.deepcopy(_read_notebook(str(source), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _read_notebook(source: str, mtime_ns: int, size: int) -> nbformat.NotebookNode:
    """The uncached read; the file's modification time and size only key the cache."""
    notebook = jupytext.read(source)
    # The metadata papermill adds when it loads a notebook, so that either executor can
    # parameterize it.
    notebook.metadata.setdefault("papermill", {"default_parameters": {}, "parameters": {}})
    for index, cell in enumerate(notebook.cells):
        cell.metadata.setdefault("tags", [])
        # Ids by position, not jupytext's random ones: the same source gives the same page.
        cell.id = f"cell-{index}"
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def normalise_executed(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The executed notebook without what differs between two runs of the same inputs but
    timings: cell ids by position (papermill gives its injected cell a random one) and no
    staging paths."""
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    record = notebook.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        if key in record:
            record[key] = "report.ipynb"
    return notebook


# One HTML exporter per process: building one compiles its templates (half a second), and
# an export is short, so threads take turns with it rather than each compiling its own.
_EXPORTER_LOCK = threading.Lock()


@functools.cache
def _html_exporter() -> Any:
    """The process's HTML exporter, built on first use; call with _EXPORTER_LOCK held."""
    return _new_html_exporter()


def export_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """The executed notebook as one self-contained HTML page: no code, no external resource."""
    svgs = clean_chart_outputs(notebook)
    resources = {
        "report_title": title,
        "verdict_css": verdict_css(),
        "chart_font_css": chart_font_css(svgs),
    }
    with _EXPORTER_LOCK:
        body, _ = _html_exporter().from_notebook_node(notebook, resources=resources)
    return body


def clean_chart_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    """Clean every SVG output in place (the template places them inline) and return them."""
    svgs = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/svg+xml" in data:
                svg = data["image/svg+xml"]
                svg = clean_svg("".join(svg) if isinstance(svg, list) else svg)
                data["image/svg+xml"] = scope_svg_ids(svg, f"chart{len(svgs) + 1}-")
                svgs.append(data["image/svg+xml"])
    return svgs


def warm_exporters(pdf: bool = True, after: Callable[[], None] | None = None) -> threading.Thread:
    """Build the HTML exporter, the chart font's usual subsets and (with ``pdf``) WeasyPrint,
    in a background thread, once ``after`` returns (it waits for the kernels to start).

    These take as long as a notebook's run, and a thread that waits for a kernel holds no
    lock: built while the kernel runs the notebook, they are ready when it is done.
    """

    def warm() -> None:
        if after is not None:
            after()
        with _EXPORTER_LOCK:
            _html_exporter()
        warm_font_faces()
        if not pdf:
            return
        from weasyprint import HTML

        # The first layout sets up fonts (fontconfig, Pango): done once, here, on a tiny page.
        HTML(string="<p>.</p>", base_url=None).render()

    thread = threading.Thread(target=warm, name="warm-exporters", daemon=True)
    thread.start()
    return thread


def _new_html_exporter() -> Any:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    class OfflineHTMLExporter(HTMLExporter):
        """nbconvert's HTML exporter without its last pass through BeautifulSoup.

        That pass adds alt text to ``<img>`` (the report has none: charts are inline SVG)
        and ``tabindex`` to cells, and re-serialises the page: a third of the export's time.
        """

        def from_notebook_node(  # type: ignore[override]
            self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            from nbconvert.filters.highlight import Highlight2HTML
            from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

            resources = self._init_resources(resources)
            self.register_filter("highlight_code", Highlight2HTML(parent=self))
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return OfflineHTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(paths.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # Not nbconvert's sanitiser: it escapes headings and table parts. Outside text is
        # escaped by analysis.render, and the page's CSP forbids scripts (tests/test_report.py).
        sanitize_html=False,
    )


def export_pdf(html: str) -> bytes:
    """The HTML page as an A4 PDF, made by WeasyPrint (no TeX, no browser)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only inline data: URLs are read; the network and the disk are never touched, whatever
    # a hostile page might ask for.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


# Executes a parameterized copy of the notebook and returns it. When a cell fails it writes
# the executed notebook to the path given, then raises.
Executor = Callable[[nbformat.NotebookNode, dict[str, Any], Path], nbformat.NotebookNode]


class KernelExecutor:
    """Runs one report's notebook in a kernel that starts, with its imports, as soon as the
    executor is made: the kernel readies itself on one core while the caller checks and
    loads the inputs on the other. ``close()`` stops it; until then it holds a process."""

    def __init__(self, warmup_code: str = WARMUP_IMPORTS) -> None:
        self.kernel = WarmKernel(
            paths.PROJECT_ROOT, warmup_code=warmup_code, restart_on_failure=False
        )
        self.kernel.start_in_background()

    def __call__(
        self, notebook: nbformat.NotebookNode, parameters: dict[str, Any], executed_path: Path
    ) -> nbformat.NotebookNode:
        self.kernel.wait_started()
        if self.kernel.start_error is not None:
            raise self.kernel.start_error  # a single-use kernel is not started twice
        return execute_in(self.kernel)(notebook, parameters, executed_path)

    def close(self) -> None:
        """Stop the kernel, once it has finished starting if it had not."""
        self.kernel.shutdown()


def execute_in(kernel: WarmKernel) -> Executor:
    """An executor that runs notebooks in ``kernel``, reset before each run."""

    def execute(
        notebook: nbformat.NotebookNode, parameters: dict[str, Any], executed_path: Path
    ) -> nbformat.NotebookNode:
        from papermill.parameterize import parameterize_notebook

        # The same injected-parameters cell papermill writes, so both runs read alike.
        injected = parameterize_notebook(
            copy.deepcopy(notebook), dict(parameters), kernel_name="python3", language="python"
        )
        try:
            kernel.execute(injected)
        except BaseException:
            write_atomic(executed_path, nbformat.writes(injected))  # kept with its error
            raise
        # Handed back, not written and read again: the export writes it once, normalised.
        return injected

    return execute


def render_report(
    data: ReportData,
    parameters: dict[str, Any],
    folder: Path,
    notebook: nbformat.NotebookNode,
    execute: Executor,
    make_pdf: bool,
    log: Callable[[str], None],
) -> dict[str, float]:
    """Execute the notebook into ``folder`` and export HTML, PDF and data there.

    ``data`` is the report's data, computed before the kernel started (which validated every
    input); the exports use it. Returns the seconds each step took.
    """
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    log(f"executing the report notebook with {parameters}")
    executed = execute(notebook, parameters, folder / "report.ipynb")
    seconds["execute"] = time.perf_counter() - started

    started = time.perf_counter()
    log("exporting HTML")
    executed = normalise_executed(executed)
    write_atomic(folder / "report.ipynb", nbformat.writes(executed))
    title = data.annotation.article.metadata["title"]
    html = export_html(executed, f"Report: {title}")
    write_atomic(folder / "report.html", html)
    seconds["html"] = time.perf_counter() - started

    if make_pdf:
        started = time.perf_counter()
        log("exporting PDF")
        write_atomic(folder / "report.pdf", export_pdf(drop_screen_only(html)))
        seconds["pdf"] = time.perf_counter() - started

    started = time.perf_counter()
    write_report_data(data, folder)
    seconds["data"] = time.perf_counter() - started
    log("steps: " + ", ".join(f"{step} {value:.2f} s" for step, value in seconds.items()))
    return seconds


def build_report(
    parameters: dict[str, Any],
    output_dir: Path | None = None,
    notebook_source: Path = paths.REPORT_NOTEBOOK,
    log: Callable[[str], None] = print,
    execute: Executor | None = None,
    make_pdf: bool = True,
    manifest: dict[str, Any] | None = None,
) -> ReportResult:
    """Execute the report notebook with ``parameters`` and write the whole report.

    Before any kernel starts, the parameters are validated, the output path is checked (only
    an empty folder or a report folder this project wrote is replaced) and the article and
    its annotation are loaded and computed, so bad input fails in a second with its own
    error. Without ``execute``, the notebook runs in a new kernel that starts as soon as
    the inputs are known good, while the exporters load beside it. The run's log is kept
    as ``run.log`` beside the report (or beside the failed notebook), and ``manifest`` as
    ``run.json``.
    """
    from analysis.compute import prepare_report

    params = validate_parameters(**parameters)
    target = Path(output_dir) if output_dir else default_output_dir(parameters, notebook_source)
    check_output_dir(target)
    check_output_dir(failed_dir(target))
    data = prepare_report(params)
    notebook = read_notebook(notebook_source)
    if execute is not None:
        return _stage_and_render(
            target, data, parameters, notebook, execute, make_pdf, log, manifest
        )
    executor = KernelExecutor()
    warm_exporters(after=executor.kernel.wait_started)
    try:
        return _stage_and_render(
            target, data, parameters, notebook, executor, make_pdf, log, manifest
        )
    finally:
        executor.close()


def _stage_and_render(
    target: Path,
    data: ReportData,
    parameters: dict[str, Any],
    notebook: nbformat.NotebookNode,
    execute: Executor,
    make_pdf: bool,
    log: Callable[[str], None],
    manifest: dict[str, Any] | None,
) -> ReportResult:
    """build_report once its inputs are checked: stage, render, publish or keep the failure."""
    staging = _staging_for(target)
    run_log = _RunLog(log)
    started = time.perf_counter()
    try:
        seconds = render_report(data, parameters, staging, notebook, execute, make_pdf, run_log)
        _write_run_record(staging, manifest, parameters, time.perf_counter() - started, run_log)
        publish_report(staging, target)
    except BaseException as exc:
        if isinstance(exc, (OutputDirError, KeyboardInterrupt)):
            # Interrupted, or the target changed hands while this run built: the run leaves
            # nothing behind, and what was there stays as it was.
            shutil.rmtree(staging, ignore_errors=True)
            raise
        raise _failed_run(exc, staging, target, run_log, parameters) from exc

    files_written = sorted(p for p in target.iterdir() if p.is_file())
    timings = ", ".join(f"{step} {value:.1f} s" for step, value in seconds.items())
    log(f"report written to {target} ({', '.join(p.name for p in files_written)}; {timings})")
    return ReportResult(target, files_written, seconds)


class _RunLog:
    """The run's log: each line timestamped for run.log, and passed on to the caller's log."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.lines: list[str] = []
        self._log = log

    def __call__(self, line: str) -> None:
        self.keep(line)
        self._log(line)

    def keep(self, line: str) -> None:
        """Into run.log only."""
        self.lines.append(f"{dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%S.%fZ} {line}")

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _staging_for(target: Path) -> Path:
    """A staging folder beside ``target``, after removing what killed runs left there."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with locked(target.parent):
            clean_stale_files(target)
        return make_staging(target)
    except OSError as exc:
        problem = os_problem(exc)
        raise ReportError(f"output folder {target}: cannot write there: {problem}") from None


def _write_run_record(
    staging: Path,
    manifest: dict[str, Any] | None,
    parameters: dict[str, Any],
    seconds: float,
    run_log: _RunLog,
) -> None:
    """run.json (the manifest, the parameters and every file) and run.log, in ``staging``."""
    files = sorted([p.name for p in staging.iterdir() if p.is_file()] + RUN_FILES)
    record = {
        "generator": GENERATOR,
        **(manifest or {}),
        "status": "ok",
        "parameters": parameters,
        "files": files,
        "seconds": round(seconds, 3),
        "finished": dt.datetime.now(dt.UTC).isoformat(),
    }
    write_atomic(staging / "run.json", json.dumps(record, indent=2, default=str))
    run_log(f"report complete in {record['seconds']:.1f} s")
    write_atomic(staging / "run.log", run_log.text)


def _failed_run(
    exc: BaseException,
    staging: Path,
    target: Path,
    run_log: _RunLog,
    parameters: dict[str, Any],
) -> ReportError:
    """Keep what the failed run left (its notebook, the error, the log) and say so."""
    # Into run.log only: the caller reports the error once, on stderr.
    run_log.keep(f"failed: {describe_failure(exc)}")
    try:
        kept: Path | None = _keep_failed(
            staging / "report.ipynb", failed_dir(target), exc, run_log.lines, parameters
        )
    except (OSError, AnalysisError):
        kept = None
    shutil.rmtree(staging, ignore_errors=True)
    return ReportError(
        f"report failed: {describe_failure(exc)}",
        kept_path=kept,
        previous_unchanged=target if target.exists() else None,
    )


def describe_failure(exc: BaseException) -> str:
    """One line saying what went wrong: a notebook cell's own error, not its wrapper's banner."""
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if isinstance(ename, str) and isinstance(evalue, str):
        cell = getattr(exc, "cell_index", None)
        where = f"in notebook cell {cell}: " if isinstance(cell, int) else "in the notebook: "
        return where + f"{ename}: {' '.join(evalue.split())}"
    if isinstance(exc, OSError):
        return os_problem(exc)
    text = one_line(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _keep_failed(
    executed_path: Path,
    failed: Path,
    exc: BaseException,
    lines: list[str],
    parameters: dict[str, Any],
) -> Path:
    """Keep the executed notebook (if the run got that far), the error and the run's log."""
    with locked(failed.parent):
        check_output_dir(failed)
        shutil.rmtree(failed, ignore_errors=True)
        failed.mkdir(parents=True)
        write_atomic(
            failed / "error.txt",
            "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        )
        write_atomic(failed / "run.log", "\n".join(lines) + "\n")
        kept = failed / "error.txt"
        if executed_path.is_file():
            kept = failed / executed_path.name
            os.replace(executed_path, kept)
        record = {
            "generator": GENERATOR,
            "status": "failed",
            "error": describe_failure(exc),
            "parameters": parameters,
            "files": [*sorted(p.name for p in failed.iterdir()), "run.json"],
            "finished": dt.datetime.now(dt.UTC).isoformat(),
        }
        write_atomic(failed / "run.json", json.dumps(record, indent=2, default=str))
    return kept
