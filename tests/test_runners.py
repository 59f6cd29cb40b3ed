"""Runners, errors that carry their data, output folders and the batch index page.

Everything here runs without a kernel: a stand-in runner shows that a batch only needs the
runner protocol, whichever runner it is given.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from analysis import paths
from analysis.batch import RunOutcome, plan_runs, run_batch, write_index
from analysis.cluster import DaskRunner
from analysis.errors import AnalysisError, BatchError, ReportError, SchemaError
from analysis.outputs import failed_dir, is_failed_dir, make_staging, publish_report
from analysis.runners import BuildOptions, LocalRunner, Runner, RunResult, RunSpec

PACKAGE = Path(paths.__file__).resolve().parent


# --- The package's import graph ------------------------------------------------------------------


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports anywhere: at the top, inside a function, or
    only for type checking."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            # "import analysis.x.y" imports analysis.x too; a module is its longest known prefix.
            parts = name.split(".")
            prefixes = [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
            module = next((p for p in prefixes if p in known), None)
            if module and module not in {this, "analysis"}:
                found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(path) for path in files}
    return {module_name(path): imported_modules(path, known) for path in files}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as the path around it, or [] when there is none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for other in sorted(graph.get(module, ())):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (cycle := visit(other)):
                return cycle
        state[module] = "done"
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_the_package_imports_have_no_cycle() -> None:
    """No module of the package imports, even lazily inside a function, one that imports it
    back, directly or through others."""
    graph = import_graph()
    assert {"analysis.batch", "analysis.cluster", "analysis.runners"} <= set(graph)
    assert "analysis.runners" in graph["analysis.cluster"]
    assert find_cycle(graph) == []


def test_the_cycle_finder_finds_a_lazy_import_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize(
    ("module", "absent"),
    [("analysis.cluster", "analysis.batch"), ("analysis.batch", "analysis.cluster")],
)
def test_batch_and_cluster_import_without_each_other(module: str, absent: str) -> None:
    code = f"import sys, {module}; assert {absent!r} not in sys.modules, sorted(sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- The runner protocol -------------------------------------------------------------------------


def protocol_members() -> list[str]:
    return sorted(name for name in vars(Runner) if not name.startswith("_") and name != "mro")


@pytest.mark.parametrize("runner_class", [LocalRunner, DaskRunner])
def test_both_runners_have_the_protocol_s_members(runner_class: type) -> None:
    assert protocol_members() == ["close", "options", "run", "running", "start"]
    for name in protocol_members():
        ours, theirs = getattr(runner_class, name), getattr(Runner, name)
        assert isinstance(ours, property) == isinstance(theirs, property), name
        if callable(theirs):
            expected = list(inspect.signature(theirs).parameters)
            assert list(inspect.signature(ours).parameters) == expected, name
            ours_hints = inspect.get_annotations(ours)
            assert ours_hints.get("return") == inspect.get_annotations(theirs)["return"], name


def test_runners_start_nothing_until_asked() -> None:
    """Building a runner starts no kernel and opens no connection; closing one that never
    started is safe."""
    local = LocalRunner(3, BuildOptions(make_pdf=False))
    remote = DaskRunner("tcp://127.0.0.1:1")
    for runner in (local, remote):
        assert runner.running == 0
        runner.close()
        runner.close()
    assert local.pool is None and remote.client is None
    assert local.options.make_pdf is False and remote.options == BuildOptions()


class StandInRunner:
    """A runner that builds nothing: set names in ``failing`` fail, the others succeed."""

    def __init__(self, failing: set[str], fail_times: int = 99) -> None:
        self.failing = failing
        self.fail_times = fail_times
        self.calls: list[str] = []
        self.started = 0
        self.closed = 0

    @property
    def options(self) -> BuildOptions:
        return BuildOptions(make_pdf=False)

    def start(self) -> int:
        self.started += 1
        return 2

    @property
    def running(self) -> int:
        return 0

    def run(self, spec: RunSpec, manifest: dict[str, Any]) -> RunResult:
        self.calls.append(spec.name)
        if spec.name in self.failing and self.calls.count(spec.name) <= self.fail_times:
            kept = failed_dir(spec.output_dir) / "report.ipynb"
            error = ReportError("report failed: in notebook cell 3: KeyError: 'x'", kept_path=kept)
            return RunResult.failure(0.5, error)
        spec.output_dir.mkdir(parents=True, exist_ok=True)
        (spec.output_dir / "report.html").write_text("<p>report</p>", encoding="utf-8")
        record = {**manifest, "status": "ok"}
        (spec.output_dir / "run.json").write_text(json.dumps(record), encoding="utf-8")
        return RunResult("ok", 1.5, "", spec.output_dir / "report.html")

    def close(self) -> None:
        self.closed += 1


def test_a_batch_runs_on_any_runner_and_reuses_what_succeeded(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    specs = plan_runs([{}, {"focus_actor": "pavel"}], reports_dir=reports)
    runner = StandInRunner(failing={specs[1].name}, fail_times=1)
    first = run_batch(specs, runner, retries=1, index_path=reports / "index.html", progress=False)
    assert [o.status for o in first.outcomes] == ["ok", "ok"]
    assert [o.attempts for o in first.outcomes] == [1, 2]
    assert runner.started == 1 and runner.closed >= 1

    again = StandInRunner(failing=set())
    second = run_batch(specs, again, index_path=reports / "index.html", progress=False)
    assert [o.status for o in second.outcomes] == ["reused", "reused"]
    assert again.started == 0 and again.calls == [], "nothing to run: the runner never starts"


def test_a_failed_set_shows_the_failure_and_links_the_kept_notebook(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    specs = plan_runs([{"focus_actor": "pavel"}], reports_dir=reports)
    runner = StandInRunner(failing={specs[0].name})
    summary = run_batch(specs, runner, index_path=reports / "index.html", progress=False)
    [outcome] = summary.outcomes
    assert outcome.status == "failed"
    assert outcome.error == "report failed: in notebook cell 3: KeyError: 'x'"
    assert outcome.detail_path == failed_dir(specs[0].output_dir) / "report.ipynb"


# --- Errors that carry their data ----------------------------------------------------------------


def test_a_report_error_builds_its_message_from_its_fields(tmp_path: Path) -> None:
    kept = tmp_path / "r.failed" / "report.ipynb"
    error = ReportError(
        "report failed: in notebook cell 2: ValueError: bad;  value",
        kept_path=kept,
        previous_unchanged=tmp_path / "r",
    )
    assert str(error) == (
        "report failed: in notebook cell 2: ValueError: bad;  value; "
        f"the executed notebook with the error is kept at {kept}; "
        f"the previous report in {tmp_path / 'r'} is unchanged"
    )
    # The batch's reason is the failure alone, even when it holds "; " itself.
    assert error.summary == "report failed: in notebook cell 2: ValueError: bad; value"
    assert RunResult.failure(1.0, error) == RunResult("failed", 1.0, error.summary, kept)
    assert str(ReportError("output folder x: cannot write there: denied")) == (
        "output folder x: cannot write there: denied"
    )


def test_other_errors_show_their_whole_message_on_one_line() -> None:
    error = SchemaError(
        "claims.yaml", "span occurs 2 times; set the occurrence field", record=3, field="span"
    )
    assert (error.source, error.record, error.field) == ("claims.yaml", 3, "span")
    assert error.summary == str(error)
    assert RunResult.failure(0.1, error).detail_path is None
    assert BatchError("2 problems:\nset 0: a\nset 1: b").summary == "2 problems: set 0: a set 1: b"
    assert isinstance(BatchError("x"), AnalysisError) and BatchError.exit_code == 2


# --- Output folders ------------------------------------------------------------------------------


def test_staging_and_publishing_replace_a_report_and_drop_its_failed_run(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "seed"
    assert failed_dir(target) == tmp_path / "reports" / "seed.failed"
    assert is_failed_dir(failed_dir(target)) and not is_failed_dir(target)

    failed = make_staging(failed_dir(target))
    (failed / "error.txt").write_text("boom", encoding="utf-8")
    publish_report(failed, failed_dir(target))
    assert (failed_dir(target) / "error.txt").is_file()

    staging = make_staging(target)
    assert staging.parent == target.parent and staging.name.startswith(".seed.staging-")
    (staging / "report.html").write_text("<p>new</p>", encoding="utf-8")
    publish_report(staging, target)
    assert (target / "report.html").read_text(encoding="utf-8") == "<p>new</p>"
    assert not failed_dir(target).exists(), "a report replaces its failed run"
    assert sorted(p.name for p in target.parent.iterdir()) == ["seed"]


# --- The index page ------------------------------------------------------------------------------

# The page the f-string version wrote for NORMAL_OUTCOMES (its time and folder replaced), with
# its quote marks spelled &#x27; where the template's escaping spells them &#39;.
EARLIER_PAGE = (
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Report batch</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #1d1d1f; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid #d0d4d9; padding: 4px 8px; text-align: left; }
td { vertical-align: top; }
tr.failed td { background: #fde8e1; } tr.reused td { color: #555; }
h2 { font-size: 16px; margin: 20px 0 6px; } h2 small { color: #555; font-weight: normal; }
</style></head><body>
<h1>Report batch</h1>
<p>Updated @TIME@ UTC. 1 run, 1
reused (inputs unchanged since their last successful run), 2 failed,
1 pending.</p>
<h2>seed <small>(5 sets)</small></h2>
<table><thead><tr><th>Set</th><th>Folder</th><th>Parameters</th><th>Status</th>
<th>Seconds</th><th>Link</th><th>Error</th></tr></thead><tbody>
"""
    + "".join(
        [
            '<tr class="ok"><td>0</td><td>seed</td><td>article_id=&#x27;seed&#x27;, '
            "focus_actor=&#x27;pavel&#x27;, include_context=True</td><td>ok</td><td>12.3</td>"
            '<td><a href="seed/report.html">report</a></td><td></td></tr>',
            '<tr class="reused"><td>1</td><td>seed__focus-actor-gerasimov</td>'
            "<td>article_id=&#x27;seed&#x27;, focus_actor=&#x27;gerasimov&#x27;</td>"
            '<td>reused</td><td>0.0</td><td><a href="seed__focus-actor-gerasimov/report.html">'
            "report</a></td><td></td></tr>",
            '<tr class="failed"><td>2</td><td>seed__focus-actor-messenger</td>'
            "<td>article_id=&#x27;seed&#x27;, focus_actor=&#x27;messenger&#x27;</td>"
            '<td>failed</td><td>3.0</td><td><a href="@ROOT@/elsewhere/'
            'seed__focus-actor-messenger.failed/report.ipynb">failed notebook</a></td>'
            "<td>report failed: in notebook cell 31: RuntimeError: planted failure</td></tr>",
            '<tr class="failed"><td>3</td><td>seed__data-dir-broken</td>'
            "<td>article_id=&#x27;seed&#x27;, data_dir=&#x27;/data/broken&#x27;</td>"
            "<td>failed</td><td>0.4</td><td></td><td>events.yaml: record 0 (e_freeze): field "
            "&#x27;expression&#x27;: no rule resolves this date expression "
            "(value: &#x27;Russia &amp; co&#x27;)</td></tr>",
            '<tr class="pending"><td>4</td><td>seed__reference-date-2017-03-06</td>'
            "<td>article_id=&#x27;seed&#x27;, reference_date=&#x27;2017-03-06&#x27;</td>"
            "<td>pending</td><td>0.0</td><td></td><td></td></tr>",
        ]
    )
    + "\n</tbody></table>\n</body></html>\n"
)


def outcome(
    root: Path, index: int, name: str, status: str = "pending", **parameters: Any
) -> RunOutcome:
    return RunOutcome(RunSpec(index, name, parameters, root / "reports" / name), status)


def normal_outcomes(root: Path) -> list[RunOutcome]:
    reports = root / "reports"
    done = outcome(root, 0, "seed", "ok", article_id="seed", focus_actor="pavel")
    done.spec.parameters.update(include_context=True, data_dir="")
    done.seconds, done.detail_path = 12.34, reports / "seed" / "report.html"
    reused = outcome(
        root, 1, "seed__focus-actor-gerasimov", "reused", article_id="seed", focus_actor="gerasimov"
    )
    reused.spec.parameters["data_dir"] = ""
    reused.detail_path = reused.spec.output_dir / "report.html"
    raised = outcome(
        root, 2, "seed__focus-actor-messenger", "failed", article_id="seed", focus_actor="messenger"
    )
    raised.seconds, raised.error = (
        3.05,
        "report failed: in notebook cell 31: RuntimeError: planted failure",
    )
    raised.detail_path = root / "elsewhere" / "seed__focus-actor-messenger.failed" / "report.ipynb"
    broken = outcome(
        root, 3, "seed__data-dir-broken", "failed", article_id="seed", data_dir="/data/broken"
    )
    broken.seconds = 0.4
    broken.error = (
        "events.yaml: record 0 (e_freeze): field 'expression': no rule resolves this date "
        "expression (value: 'Russia & co')"
    )
    waiting = outcome(
        root, 4, "seed__reference-date-2017-03-06", article_id="seed", reference_date="2017-03-06"
    )
    return [done, reused, raised, broken, waiting]


def written_page(outcomes: list[RunOutcome], root: Path) -> str:
    index = root / "reports" / "index.html"
    write_index(outcomes, index)
    page = index.read_text(encoding="utf-8")
    page = re.sub(r"Updated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "Updated @TIME@ UTC", page)
    return page.replace(root.resolve().as_uri(), "@ROOT@")


def test_the_index_page_is_the_page_it_was(tmp_path: Path) -> None:
    page = written_page(normal_outcomes(tmp_path), tmp_path)
    assert page.replace("&#39;", "&#x27;").replace("&#34;", "&quot;") == EARLIER_PAGE
    ours, earlier = parsed(page), parsed(EARLIER_PAGE)
    assert (ours.tags, ours.text) == (earlier.tags, earlier.text), "the same page, read"


class Elements(HTMLParser):
    """Every element's tag and attributes, and the page's text, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    elements.close()
    return elements


def test_a_hostile_set_name_and_parameters_stay_text(tmp_path: Path) -> None:
    hostile = outcome(
        tmp_path,
        0,
        "<script>alert(1)</script>",
        "failed",
        focus_actor='"><script>alert(2)</script>',
        article_id="a' onmouseover='alert(3)",
    )
    hostile.error = "<img src=x onerror=alert(4)> & more"
    hostile.detail_path = tmp_path / "reports" / 'x" onclick="alert(5)' / "report.ipynb"
    page = written_page([hostile, *normal_outcomes(tmp_path)], tmp_path)
    elements = parsed(page)
    assert [tag for tag, _ in elements.tags].count("script") == 0
    assert [tag for tag, _ in elements.tags].count("img") == 0
    links = [attrs for tag, attrs in elements.tags if tag == "a"]
    assert links[0] == [("href", 'x" onclick="alert(5)/report.ipynb')]
    assert all(len(attrs) == 1 for attrs in links), "no attribute but href on a link"
    rows = [attrs for tag, attrs in elements.tags if tag == "tr"]
    assert rows[1] == [("class", "failed")], "the hostile set's row, after the header's"
    text = "".join(elements.text)
    for shown in (
        "<script>alert(1)</script>",
        "focus_actor='\"><script>alert(2)</script>'",
        "article_id=\"a' onmouseover='alert(3)\"",
        "<img src=x onerror=alert(4)> & more",
    ):
        assert shown in text
    # But for its article's section and one more failure counted, the page is the normal one.
    normal = written_page(normal_outcomes(tmp_path), tmp_path)
    first = page.index("<h2>")
    hostile_section = page[first : page.index("<h2>", first + 1)]
    assert "a&#39; onmouseover=&#39;alert(3)" in hostile_section.split("</h2>")[0]
    assert hostile_section.count('<tr class="failed">') == 1
    assert page.replace(hostile_section, "") == normal.replace("2 failed,", "3 failed,")
