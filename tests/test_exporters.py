"""The nbconvert exporters behind JupyterLab's export menu give the report make report builds."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import pytest
from nbconvert.exporters import get_export_names, get_exporter

from analysis import paths
from analysis.errors import ReportError
from analysis.exporters import EvidenceHTMLExporter, EvidencePDFExporter
from analysis.load import load_article
from analysis.params import ParameterError, declared_parameters
from analysis.report import build_report
from tests.conftest import ARTICLE_ID, REPORT_SECTIONS
from tests.test_report import chart_svgs, parse_tags

LABELS = {"evidence_html": "Evidence report (HTML)", "evidence_pdf": "Evidence report (PDF)"}
OTHER_DATE = "2017-03-06"  # the English edition's date, not the default reference date


def quiet(*_: object) -> None:
    """Keep the build's progress lines out of the test output."""


def defaults(**overrides: object) -> dict[str, object]:
    values = {name: p.default for name, p in declared_parameters().items()}
    values.update(overrides)
    return values


def saved_notebook(**changes: str) -> nbformat.NotebookNode:
    """The report notebook as the Lab sends it (read from the .py, no outputs), with the
    parameters cell's literal values replaced: ``reference_date='"2017-03-06"'``."""
    notebook = jupytext.read(paths.REPORT_NOTEBOOK)
    cell = parameters_cell(notebook)
    for name, literal in changes.items():
        cell.source, count = re.subn(
            rf"^({name}: \w+ = )[^#\n]*?(  #|$)", rf"\g<1>{literal}\g<2>", cell.source, flags=re.M
        )
        assert count == 1, f"no line for {name} in the parameters cell"
    return notebook


def parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    [cell] = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    return cell


def assert_offline_report(html: str, charts: int) -> None:
    """No script, nothing from the web, every chart inline as SVG, headings as headings."""
    lowered = html.lower()
    for banned in ("<script", "require.js", "mathjax"):
        assert banned not in lowered, banned
    for tag, attrs in parse_tags(html):
        for name in ("src", "href") if tag == "link" else ("src",):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), f"<{tag} {name}={value!r}>"
    assert len(chart_svgs(html)) == charts
    assert "<img" not in lowered, "charts are inline SVG, not images"
    for level, heading in notebook_headings():
        assert re.search(rf"<h{level}\b[^>]*>{re.escape(escape(heading))}<", html), heading
    assert not re.search(r"&lt;h\d", html), "a heading was escaped into text"


def notebook_headings() -> list[tuple[int, str]]:
    """The report notebook's Markdown headings: level and text."""
    headings = [
        (len(match[1]), match[2])
        for cell in jupytext.read(paths.REPORT_NOTEBOOK).cells
        if cell.cell_type == "markdown"
        for match in re.finditer(r"^(#{1,6}) (.+)$", cell.source, re.M)
    ]
    assert {text for _, text in headings} >= set(REPORT_SECTIONS)
    return headings


def header_value(html: str, label: str) -> str:
    """A value of the report's header table."""
    match = re.search(rf"<th>{re.escape(label)}</th><td>([^<]*)</td>", html)
    assert match, label
    return match[1]


def svg_outputs(notebook: nbformat.NotebookNode) -> int:
    return sum(
        "image/svg+xml" in output.get("data", {})
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder tempfile makes temporary folders in, for this test: empty."""
    root = tmp_path / "temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to build a report or start a kernel fails the test."""

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("the exporter built a report or started a kernel")

    monkeypatch.setattr("analysis.report.build_report", refuse)
    monkeypatch.setattr("analysis.kernels.WarmKernel.launch", refuse)
    monkeypatch.setattr("analysis.kernels.WarmKernel.start", refuse)


# --- Without a kernel --------------------------------------------------------------------------


def test_nbconvert_finds_both_exporters_by_name_and_label() -> None:
    names = get_export_names()
    for name, label in LABELS.items():
        assert name in names
        assert get_exporter(name).export_from_notebook == label
    assert get_exporter("evidence_html") is EvidenceHTMLExporter
    assert get_exporter("evidence_pdf") is EvidencePDFExporter
    assert (EvidenceHTMLExporter().file_extension, EvidencePDFExporter().file_extension) == (
        ".html",
        ".pdf",
    )
    assert EvidenceHTMLExporter.output_mimetype == "text/html"
    assert EvidencePDFExporter.output_mimetype == "application/pdf"


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"reference_date": '"2017-02-30"'}, ["parameter 'reference_date'", "'2017-02-30'"]),
        ({"include_context": '"yes"'}, ["parameter 'include_context'", "'yes'"]),
        ({"focus_actor": "focus"}, ["parameters cell", "focus_actor: str = focus"]),
        ({"article_id": '"no-such-article"'}, ["parameter 'article_id'", "no-such-article"]),
    ],
)
@pytest.mark.usefixtures("no_kernel")
def test_bad_value_in_the_parameters_cell_is_named_before_any_kernel(
    changes: dict[str, str], named: list[str], temp_root: Path
) -> None:
    with pytest.raises(ParameterError) as caught:
        EvidenceHTMLExporter().from_notebook_node(saved_notebook(**changes))
    message = str(caught.value)
    assert "\n" not in message
    for part in named:
        assert part in message
    assert not list(temp_root.iterdir()), "a temporary folder was left behind"


@pytest.mark.usefixtures("no_kernel")
def test_notebook_without_parameters_cell_is_refused(temp_root: Path) -> None:
    notebook = saved_notebook()
    parameters_cell(notebook).metadata["tags"] = []
    with pytest.raises(ParameterError, match="no code cell tagged 'parameters'"):
        EvidencePDFExporter().from_notebook_node(notebook)
    assert not list(temp_root.iterdir())


@pytest.mark.usefixtures("no_kernel")
def test_name_the_report_does_not_declare_is_refused(temp_root: Path) -> None:
    notebook = saved_notebook()
    parameters_cell(notebook).source += '\ncolour: str = "red"  # not a report parameter\n'
    with pytest.raises(ParameterError) as caught:
        EvidenceHTMLExporter().from_notebook_node(notebook)
    assert "'colour' is not a parameter of the report" in str(caught.value)
    assert "article_id" in str(caught.value), "the error lists the parameters there are"
    assert not list(temp_root.iterdir())


@pytest.mark.usefixtures("no_kernel")
def test_executed_notebook_is_exported_as_it_is() -> None:
    """Outputs already there are exported, with the article's title, and nothing runs."""
    notebook = saved_notebook()
    cell = next(
        c for c in notebook.cells if c.cell_type == "code" and c is not parameters_cell(notebook)
    )
    cell.execution_count = 1
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": "<p class='marker'>already run</p>"}
        )
    ]
    html, resources = EvidenceHTMLExporter().from_notebook_node(notebook)
    title = load_article(ARTICLE_ID).metadata["title"]
    assert "<p class='marker'>already run</p>" in html
    assert f"<title>Report: {title}</title>" in html
    assert resources["output_extension"] == ".html"
    assert "<script" not in html.lower()


# --- Executing the notebook ---------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """A report folder that build_report wrote, and its executed notebook."""

    folder: Path
    html: str
    notebook: nbformat.NotebookNode


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The report make report builds with the default parameters."""
    folder = tmp_path_factory.mktemp("built") / ARTICLE_ID
    build_report(defaults(), output_dir=folder, log=quiet)
    html = (folder / "report.html").read_text(encoding="utf-8")
    return Built(folder, html, nbformat.read(folder / "report.ipynb", as_version=4))


@dataclass(frozen=True)
class Exported:
    """The saved notebook exported as the Lab's menu does."""

    html: str
    resources: dict[str, Any]
    temp: Path  # where temporary folders were made
    project_before: list[str]  # the project's files and reports, before and after
    project_after: list[str]


def project_listing() -> list[str]:
    """The project folder's entries and the reports folder's: where a report could be left."""
    folders = [paths.PROJECT_ROOT, paths.REPORTS_DIR]
    return sorted(str(p) for folder in folders if folder.is_dir() for p in folder.iterdir())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    temp = tmp_path_factory.mktemp("temp")
    before = project_listing()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(temp))
        html, resources = EvidenceHTMLExporter().from_notebook_node(saved_notebook())
    return Exported(html, resources, temp, before, project_listing())


@pytest.mark.notebook
def test_saved_notebook_exports_the_report_make_report_builds(
    built: Built, exported: Exported
) -> None:
    assert exported.html == built.html
    assert exported.resources["output_extension"] == ".html"
    assert_offline_report(exported.html, charts=svg_outputs(built.notebook))
    assert not list(exported.temp.iterdir()), "a temporary folder was left behind"
    assert exported.project_after == exported.project_before, "the export wrote in the project"


@pytest.mark.notebook
def test_a_value_in_the_parameters_cell_changes_the_report_as_build_report_does(
    tmp_path: Path, exported: Exported
) -> None:
    html, _ = EvidenceHTMLExporter().from_notebook_node(
        saved_notebook(reference_date=f'"{OTHER_DATE}"')
    )
    build_report(defaults(reference_date=OTHER_DATE), output_dir=tmp_path / "r", log=quiet)
    assert html == (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert header_value(html, "Reference date used") == OTHER_DATE
    assert header_value(exported.html, "Reference date used") == defaults()["reference_date"]


@pytest.mark.notebook
def test_pdf_exporter_gives_the_report_pdf(built: Built, temp_root: Path) -> None:
    from pypdf import PdfReader

    pdf, resources = EvidencePDFExporter().from_notebook_node(saved_notebook())
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    assert resources["output_extension"] == ".pdf"
    assert pdf == (built.folder / "report.pdf").read_bytes()
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    title = load_article(ARTICLE_ID).metadata["title"]
    assert " ".join(title.split()) in text
    assert not list(temp_root.iterdir())


@pytest.mark.notebook
@pytest.mark.usefixtures("no_kernel")
def test_executed_report_notebook_converts_to_the_same_html_and_pdf(built: Built) -> None:
    html, _ = EvidenceHTMLExporter().from_notebook_node(built.notebook)
    assert html == built.html
    pdf, _ = EvidencePDFExporter().from_notebook_node(built.notebook)
    assert pdf == (built.folder / "report.pdf").read_bytes()


@pytest.mark.notebook
def test_a_failing_notebook_says_why_and_leaves_no_folder(temp_root: Path) -> None:
    notebook = saved_notebook()
    index = notebook.cells.index(parameters_cell(notebook))
    notebook.cells.insert(index + 1, nbformat.v4.new_code_cell("raise RuntimeError('boom')"))
    with pytest.raises(ReportError) as caught:
        EvidenceHTMLExporter().from_notebook_node(notebook)
    message = str(caught.value)
    assert "RuntimeError: boom" in message
    assert str(temp_root) not in message, "the error points at a folder that is gone"
    assert not list(temp_root.iterdir())


# --- Through the Jupyter server, as the Lab's menu asks -------------------------------------------


@dataclass(frozen=True)
class Server:
    url: str
    token: str
    temp: Path  # the server's TMPDIR
    log: Path

    def get(self, path: str, timeout: float = 180) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"token {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter server exited: {server.log.read_text()[-2000:]}")
        try:
            if server.get("/api/status", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"jupyter server did not answer: {server.log.read_text()[-2000:]}")


@pytest.fixture
def jupyter_server(tmp_path: Path) -> Iterator[Server]:
    """A Jupyter server whose root is a copy of notebooks/, stopped at the end."""
    shutil.copytree(paths.NOTEBOOKS_DIR, tmp_path / "notebooks")
    for folder in ("temp", "runtime", "config"):
        (tmp_path / folder).mkdir()
    port = free_port()
    server = Server(
        f"http://127.0.0.1:{port}", secrets.token_hex(16), tmp_path / "temp", tmp_path / "log"
    )
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={server.token}",
        f"--ServerApp.root_dir={tmp_path / 'notebooks'}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = {
        **os.environ,
        "TMPDIR": str(server.temp),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),  # none of this user's settings
    }
    with server.log.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_until_serving(server, process)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.notebook
def test_lab_menu_download_through_the_server(jupyter_server: Server, built: Built) -> None:
    status, _, body = jupyter_server.get("/api/nbconvert")
    assert status == 200
    formats = json.loads(body)
    assert formats["evidence_html"] == {"output_mimetype": "text/html"}
    assert formats["evidence_pdf"] == {"output_mimetype": "application/pdf"}

    status, headers, body = jupyter_server.get("/nbconvert/evidence_html/report.py?download=true")
    assert status == 200, body[:2000]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "report.html" in headers["Content-Disposition"]
    html = body.decode("utf-8")
    assert html == built.html
    assert_offline_report(html, charts=svg_outputs(built.notebook))
    assert not list(jupyter_server.temp.iterdir()), "the server's export left a folder"


@pytest.mark.notebook
@pytest.mark.parametrize("name", ["evidence_html", "evidence_pdf"])
def test_nbconvert_command_converts_an_executed_report(
    built: Built, name: str, tmp_path: Path
) -> None:
    """``jupyter nbconvert --to evidence_html report.ipynb`` writes the report's own file."""
    source = built.folder / "report.ipynb"
    finished = subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", name, str(source), f"--output-dir={tmp_path}"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config")},
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    suffix = ".html" if name == "evidence_html" else ".pdf"
    written = tmp_path / f"report{suffix}"
    assert written.read_bytes() == (built.folder / written.name).read_bytes()
