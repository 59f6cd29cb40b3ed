"""nbconvert exporters that turn the report notebook into the project's own offline report.

JupyterLab's File > Save and Export Notebook As, and ``jupyter nbconvert --to evidence_html``,
offer them (pyproject.toml registers them). The server sends the saved notebook without
outputs: that one is built as ``make report`` builds it, for the values in its ``parameters``
cell. An executed notebook (a report's ``report.ipynb``) is exported as it is.
"""

from __future__ import annotations

import asyncio
import copy
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import nbformat
from nbconvert.exporters import Exporter
from traitlets import default

from analysis.errors import ReportError
from analysis.params import (
    ParameterError,
    ReportParameters,
    declared_parameters,
    parse_parameters_cell,
    validate_parameters,
)

T = TypeVar("T")

# How errors about the notebook's own cells start; the Lab shows them as the export's error.
_WHERE = "the notebook"


def find_parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook's code cell tagged ``parameters``; a clear error when there is none."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell
    raise ParameterError(
        f"{_WHERE} has no code cell tagged 'parameters': the report takes its values from it"
    )


def read_notebook_parameters(
    notebook: nbformat.NotebookNode,
) -> tuple[dict[str, Any], ReportParameters]:
    """The values the notebook runs with, and them validated, before any kernel starts.

    They are the ``parameters`` cell's, then those papermill injected (an executed report
    records them in its metadata); a parameter the cell leaves out keeps the report's default.
    """
    declared = declared_parameters()
    cell = find_parameters_cell(notebook)
    # A notebook posted as JSON may keep a cell's source as a list of lines.
    source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
    given = {name: p.default for name, p in parse_parameters_cell(source, _WHERE).items()}
    given.update(notebook.metadata.get("papermill", {}).get("parameters") or {})
    unknown = [name for name in given if name not in declared]
    if unknown:
        raise ParameterError(
            f"{_WHERE}: parameters cell: {', '.join(map(repr, unknown))} "
            f"{'is not a parameter' if len(unknown) == 1 else 'are not parameters'} "
            f"of the report (it takes {', '.join(declared)})"
        )
    values = {name: p.default for name, p in declared.items()} | given
    return values, validate_parameters(**values)


def is_executed(notebook: nbformat.NotebookNode) -> bool:
    """Whether any code cell ran: it has outputs or an execution count."""
    return any(
        cell.get("outputs") or cell.get("execution_count") is not None
        for cell in notebook.cells
        if cell.cell_type == "code"
    )


def build_in_temporary_folder(
    notebook: nbformat.NotebookNode,
    parameters: dict[str, Any],
    make_pdf: bool,
    log: Callable[[str], None],
) -> tuple[str, bytes | None]:
    """Run ``notebook`` as ``make report`` does, in a folder removed afterwards: its HTML and
    (with ``make_pdf``) its PDF."""
    from analysis.report import build_report

    with tempfile.TemporaryDirectory(prefix="evidence-report-") as work:
        source = Path(work) / "notebook.ipynb"
        nbformat.write(notebook, source)
        report = Path(work) / "report"
        try:
            build_report(
                parameters, output_dir=report, notebook_source=source, make_pdf=make_pdf, log=log
            )
        except ReportError as exc:
            # Without where the failed notebook was kept: that folder is about to go.
            raise ReportError(exc.failure) from None
        html = (report / "report.html").read_text(encoding="utf-8")
        pdf = (report / "report.pdf").read_bytes() if make_pdf else None
    return html, pdf


def convert_executed(
    notebook: nbformat.NotebookNode, parameters: ReportParameters, make_pdf: bool
) -> tuple[str, bytes | None]:
    """An executed notebook's HTML and (with ``make_pdf``) PDF, as a report build exports it."""
    from analysis.load import load_article
    from analysis.render import drop_screen_only
    from analysis.report import export_html, export_pdf, normalise_executed

    title = load_article(parameters.article_id, parameters.data_dir).metadata["title"]
    html = export_html(normalise_executed(copy.deepcopy(notebook)), f"Report: {title}")
    return html, export_pdf(drop_screen_only(html)) if make_pdf else None


def export_evidence_report(
    notebook: nbformat.NotebookNode, make_pdf: bool, log: Callable[[str], None]
) -> tuple[str, bytes | None]:
    """The report of ``notebook``: built first when it has not run, else converted as it is."""
    values, parameters = read_notebook_parameters(notebook)
    if is_executed(notebook):
        return convert_executed(notebook, parameters, make_pdf)
    return build_in_temporary_folder(notebook, values, make_pdf, log)


def call_in_own_thread(function: Callable[[], T]) -> T:
    """``function()`` run in a new thread, its result or error handed back.

    The Jupyter server exports in worker threads that carry its context, in which
    jupyter_client's blocking calls find the server's running event loop and refuse to start
    a kernel. A new thread starts with an empty context and makes a loop of its own, closed
    here once the export is done (nbconvert's WebPDF exporter runs its browser the same way).
    """

    def run() -> T:
        try:
            return function()
        finally:
            _close_thread_event_loop()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-report") as pool:
        return pool.submit(run).result()


def _close_thread_event_loop() -> None:
    """Close the event loop jupyter_client set for this thread, if it set one."""
    policy = asyncio.get_event_loop_policy()
    try:
        loop = policy.get_event_loop()
    except RuntimeError:
        return  # none was set
    if not loop.is_running():
        loop.close()
    policy.set_event_loop(None)


class EvidenceHTMLExporter(Exporter):
    """The report as one offline HTML page: no script, charts inline, nothing from the web."""

    export_from_notebook = "Evidence report (HTML)"
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(
        self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """The page's text; ``resources`` gains the output extension nbconvert names files by."""
        resources = self._init_resources(resources)
        html, _ = call_in_own_thread(
            lambda: export_evidence_report(nb, make_pdf=False, log=self.log.info)
        )
        return html, resources


class EvidencePDFExporter(Exporter):
    """The report as the A4 PDF a report build writes (WeasyPrint; no TeX, no browser)."""

    export_from_notebook = "Evidence report (PDF)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    def from_notebook_node(
        self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[bytes, dict[str, Any]]:
        """The PDF's bytes, which the server and nbconvert's writer pass on unchanged."""
        resources = self._init_resources(resources)
        _, pdf = call_in_own_thread(
            lambda: export_evidence_report(nb, make_pdf=True, log=self.log.info)
        )
        assert pdf is not None  # asked for with make_pdf
        return pdf, resources
