"""Batch runs: parameter files, validation before any kernel, warm kernels, isolation, reuse."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml
from jupyter_client.manager import KernelManager

from analysis import paths
from analysis.__main__ import main
from analysis.batch import (
    BatchError,
    format_summary,
    plan_runs,
    read_parameter_sets,
    run_batch,
)
from analysis.kernels import START_ATTEMPTS, CellError, KernelFailure, WarmKernel
from analysis.runners import BuildOptions, LocalRunner
from tests.conftest import ARTICLE_ID


def write_yaml(path: Path, document: object) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_grid_spans_every_combination_with_defaults(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "p.yaml",
        {
            "defaults": {"window_start": "2015-01-01"},
            "grid": {
                "reference_date": ["2017-03-03", "2017-03-06"],
                "focus_actor": ["a", "b", "c"],
            },
            "sets": [{"focus_actor": "pavel"}],
        },
    )
    sets = read_parameter_sets(path)
    assert len(sets) == 1 + 2 * 3
    assert all(s["window_start"] == "2015-01-01" for s in sets)
    assert {(s.get("reference_date"), s["focus_actor"]) for s in sets[1:]} == {
        (d, a) for d in ("2017-03-03", "2017-03-06") for a in ("a", "b", "c")
    }


def test_a_list_of_sets_is_read_as_is(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "p.yaml", [{"focus_actor": "pavel"}, {}])
    assert read_parameter_sets(path) == [{"focus_actor": "pavel"}, {}]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"grid": {"focus_actor": "pavel"}}, "grid 'focus_actor': expected a non-empty list"),
        ({"grid": {"focus_actor": []}}, "expected a non-empty list"),
        ({"sets": [], "matrix": {}}, "unknown top-level keys ['matrix']"),
        ([], "no parameter sets"),
        (["pavel"], "set 0: expected a mapping"),
        ("just text", "expected a list of parameter sets"),
    ],
)
def test_malformed_parameter_files_are_refused(
    tmp_path: Path, document: object, expected: str
) -> None:
    path = write_yaml(tmp_path / "p.yaml", document)
    with pytest.raises(BatchError) as raised:
        read_parameter_sets(path)
    assert str(path) in str(raised.value) and expected in str(raised.value)


def test_every_bad_set_is_reported_before_anything_runs(tmp_path: Path) -> None:
    sets = [
        {},
        {"reference_date": 20170306},
        {"focus_actor": "nobody"},
        {"colour": "red"},
        {"include_context": "yes"},
        {"article_id": "no-such-article"},
        {"reference_date": "2017-02-30"},
        {},
    ]
    with pytest.raises(BatchError) as raised:
        plan_runs(sets, reports_dir=tmp_path / "reports")
    message = str(raised.value)
    assert "nothing was run" in message
    assert "set 1: parameter 'reference_date': expected str, got int (value: 20170306)" in message
    assert "set 2: parameter 'focus_actor': expected one of" in message and "'nobody'" in message
    assert "set 3: unknown parameter 'colour'" in message
    assert "set 4: parameter 'include_context': expected bool, got str" in message
    assert "set 5: parameter 'article_id'" in message and "no-such-article" in message
    assert "set 6: parameter 'reference_date'" in message and "2017-02-30" in message
    assert "set 7: the same parameters as set 0" in message
    assert "set 0:" not in message
    assert not (tmp_path / "reports").exists()


def test_cli_refuses_a_bad_file_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_yaml(tmp_path / "p.yaml", [{"reference_date": "someday"}])
    assert main(["batch", str(path)]) == 2
    assert "set 0: parameter 'reference_date'" in capsys.readouterr().err


def test_focus_actor_may_be_an_actor_of_the_record_or_of_the_article(data_copy: Path) -> None:
    """A set is checked against every actor the report knows: the public record's (pavel)
    and the article's own (danilov); an unknown one is refused, listing them all."""
    from analysis.batch import check_parameter_set
    from analysis.params import declared_parameters

    declared = declared_parameters(paths.REPORT_NOTEBOOK)
    for focus in ("pavel", "gerasimov", "danilov"):
        values = {"data_dir": str(data_copy), "focus_actor": focus}
        assert check_parameter_set(values, declared, data_copy) == [], focus
    actors = [
        row["actor_id"]
        for folder in (paths.record_dir(data_copy), paths.annotation_dir(ARTICLE_ID, data_copy))
        for row in yaml.safe_load((folder / "actors.yaml").read_text(encoding="utf-8"))["actors"]
    ]
    values = {"data_dir": str(data_copy), "focus_actor": "nobody"}
    assert check_parameter_set(values, declared, data_copy) == [
        f"parameter 'focus_actor': expected one of {', '.join(sorted(actors))} (value: 'nobody')"
    ]


def test_report_folders_are_named_after_their_parameters(tmp_path: Path) -> None:
    specs = plan_runs(
        [{}, {"reference_date": "2017-03-06", "focus_actor": "pavel"}], reports_dir=tmp_path
    )
    assert [s.name for s in specs] == [
        ARTICLE_ID,
        f"{ARTICLE_ID}__reference-date-2017-03-06__focus-actor-pavel",
    ]
    assert specs[1].output_dir == tmp_path / specs[1].name
    assert specs[1].parameters["window_start"] == "2014-01-01", "defaults are filled in"


def test_a_set_without_a_reference_date_counts_from_its_own_articles_day(
    tmp_path: Path,
) -> None:
    """As make report does: a drafted 2016 article is not read from the seed's 2017 "today",
    and the window moves to hold its day only when the set gives no window."""
    drafted = "fx-2016-04-hotline-talks"  # its metadata: reference date 2016-04-20
    specs = plan_runs(
        [
            {"article_id": drafted},
            {"article_id": drafted, "reference_date": "2016-05-01"},
            {"article_id": drafted, "window_start": "2016-01-01", "window_end": "2016-12-31"},
            {},
        ],
        reports_dir=tmp_path,
    )
    dates = [(s.parameters["reference_date"], s.parameters["window_start"]) for s in specs]
    assert dates == [
        ("2016-04-20", "2014-01-01"),  # the default window holds 2016-04-20: kept
        ("2016-05-01", "2014-01-01"),  # a date given is kept
        ("2016-04-20", "2016-01-01"),  # a window given is kept
        ("2017-03-03", "2014-01-01"),  # the seed: its own day is the notebook's default
    ]
    assert specs[0].name == f"{drafted}__reference-date-2016-04-20"
    assert specs[3].name == ARTICLE_ID


def test_fingerprint_changes_with_each_input(data_copy: Path) -> None:
    from analysis.fingerprint import input_fingerprint

    params = {"article_id": ARTICLE_ID, "data_dir": str(data_copy), "focus_actor": "pavel"}
    base = input_fingerprint(params, paths.REPORT_NOTEBOOK, make_pdf=False)
    assert base == input_fingerprint(dict(params), paths.REPORT_NOTEBOOK, make_pdf=False)
    assert base != input_fingerprint(
        {**params, "focus_actor": "gerasimov"}, paths.REPORT_NOTEBOOK, False
    )
    assert base != input_fingerprint(params, paths.REPORT_NOTEBOOK, make_pdf=True)
    claims = paths.annotation_dir(ARTICLE_ID, data_copy) / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    edited = input_fingerprint(params, paths.REPORT_NOTEBOOK, make_pdf=False)
    assert edited != base
    # The public record is shared by every article: a fix there is an input of each report.
    sources = paths.record_dir(data_copy) / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert input_fingerprint(params, paths.REPORT_NOTEBOOK, make_pdf=False) not in {base, edited}


def test_a_remote_run_gets_the_article_its_annotation_and_the_record(data_copy: Path) -> None:
    """A Dask worker builds the report from the files sent to it: the article's folders and
    the public record the loader reads beside them, and nothing else."""
    from analysis.cluster import collect_data_files

    (data_copy / "articles" / "another").mkdir()
    (data_copy / "articles" / "another" / "article.txt").write_bytes(b"other")
    files = collect_data_files({"article_id": ARTICLE_ID, "data_dir": str(data_copy)})
    expected = {
        path.relative_to(data_copy).as_posix(): path.read_bytes()
        for folder in (
            paths.article_dir(ARTICLE_ID, data_copy),
            paths.annotation_dir(ARTICLE_ID, data_copy),
            paths.record_dir(data_copy),
        )
        for path in folder.rglob("*")
        if path.is_file()
    }
    assert {"record/sources.yaml", "record/actors.yaml"} <= set(expected)
    assert files == expected


def scratch_notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.mark.notebook
def test_a_warm_kernel_gives_every_run_a_fresh_namespace() -> None:
    probe = scratch_notebook(
        "import matplotlib as mpl, os\n"
        "assert 'LEAKED' not in globals(), 'a global from the previous run is visible'\n"
        "assert mpl.rcParams['lines.linewidth'] != 7.0, 'rcParams from the previous run'\n"
        "assert not os.getcwd().endswith('/tests'), 'cwd from the previous run'\n"
        "LEAKED = 1\n"
        "mpl.rcParams['lines.linewidth'] = 7.0\n"
        "os.chdir('tests')\n"
        "print(In[-1].count('LEAKED'))",
        "import matplotlib.pyplot as plt\nlen(plt.get_fignums()), plt.figure() is not None",
    )
    with WarmKernel(paths.PROJECT_ROOT) as kernel:
        for _ in range(3):
            executed = kernel.execute(nbformat.from_dict(probe))
            assert [c.execution_count for c in executed.cells] == [1, 2]
            assert executed.cells[1].outputs[0]["data"]["text/plain"] == "(0, True)"
        # A failing run raises with the cell's error, and the kernel is usable afterwards.
        with pytest.raises(CellError) as raised:
            kernel.execute(scratch_notebook("1 / 0"))
        assert raised.value.ename == "ZeroDivisionError"
        assert kernel.execute(nbformat.from_dict(probe)).cells[0].outputs


class _PortTakenOnce(WarmKernel):
    """A kernel whose first launch is given a shell port another process holds already, as
    when two runs start kernels at the same moment and pick the same free port."""

    def __init__(self, taken_port: int, times: int) -> None:
        super().__init__(paths.PROJECT_ROOT)
        self.taken_port = taken_port
        self.times = times
        self.launches = 0

    def _new_manager(self) -> KernelManager:
        self.launches += 1
        manager = super()._new_manager()
        if self.launches <= self.times:
            manager.cache_ports = False  # else the manager picks its own ports
            manager.shell_port = self.taken_port
        return manager


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.notebook
def test_a_kernel_whose_port_was_taken_is_launched_again(taken_port: int) -> None:
    with _PortTakenOnce(taken_port, times=1) as kernel:
        executed = kernel.execute(scratch_notebook("1 + 1"))
        assert executed.cells[0].outputs[0]["data"]["text/plain"] == "2"
    assert kernel.launches == 2


@pytest.mark.notebook
def test_a_kernel_that_never_starts_says_why_in_one_error(taken_port: int) -> None:
    kernel = _PortTakenOnce(taken_port, times=START_ATTEMPTS)
    with pytest.raises(KernelFailure) as raised:
        kernel.start()
    message = str(raised.value)
    assert message.startswith(f"the kernel did not start ({START_ATTEMPTS} attempts)")
    assert "Address already in use" in message  # the kernel's own last words
    assert kernel.km is None and kernel.launches == START_ATTEMPTS


def broken_data_dir(data_copy: Path) -> Path:
    """A copy of the seed data whose annotation loads but whose report cannot be built."""
    events = paths.annotation_dir(ARTICLE_ID, data_copy) / "events.yaml"
    document = yaml.safe_load(events.read_text(encoding="utf-8"))
    # 'Russia' is in the claim's words, so the file loads; no rule resolves it as a date.
    document["events"][0]["expression"] = "Russia"
    events.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return data_copy


def planted_notebook(tmp_path: Path) -> Path:
    """The report notebook with a last cell that fails for one focus actor only."""
    source = tmp_path / "notebook" / "report.py"
    source.parent.mkdir()
    source.write_text(
        paths.REPORT_NOTEBOOK.read_text(encoding="utf-8")
        + '\n# %%\nif focus_actor == "messenger":\n    raise RuntimeError("planted failure")\n',
        encoding="utf-8",
    )
    return source


@pytest.mark.notebook
def test_batch_isolates_a_failure_then_reuses_what_succeeded(
    tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A set with bad data fails before its kernel; a set whose notebook raises fails in its
    kernel and keeps the executed notebook; the others run, and are reused the next time."""
    reports = tmp_path / "reports"
    index = reports / "index.html"
    notebook = planted_notebook(tmp_path)
    sets = [
        {"focus_actor": "pavel"},
        {"data_dir": str(broken_data_dir(data_copy))},
        {"focus_actor": "messenger"},
        {"reference_date": "2017-03-06"},
    ]
    specs = plan_runs(sets, reports_dir=reports, notebook_source=notebook)
    options = BuildOptions(notebook_source=notebook, make_pdf=False)
    first = run_batch(specs, LocalRunner(2, options), retries=1, index_path=index, progress=True)
    shown = [int(n) for n in re.findall(r"running=(\d+)", capsys.readouterr().err)]
    assert shown and max(shown) <= 2, f"more sets shown running than kernels: {shown}"
    status = [o.status for o in first.outcomes]
    assert status == ["ok", "failed", "failed", "ok"]
    broken, raising = first.outcomes[1], first.outcomes[2]
    assert broken.attempts == 2 and raising.attempts == 2, "--retries 1 runs a failed set again"
    assert "events.yaml: record 0 (e_freeze_headline): field 'expression'" in broken.error
    assert "no rule resolves" in broken.error and "'Russia'" in broken.error
    assert broken.detail_path is None, "refused before its kernel started: nothing to keep"
    assert raising.error.startswith("report failed: in notebook cell ")
    assert raising.error.endswith("RuntimeError: planted failure")
    assert raising.detail_path is not None and raising.detail_path.name == "report.ipynb"
    executed = nbformat.read(raising.detail_path, as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0]["evalue"] == "planted failure"
    for outcome in (first.outcomes[0], first.outcomes[3]):
        folder = outcome.spec.output_dir
        assert {"report.html", "report.ipynb", "claims.csv", "run.json", "run.log"} <= {
            p.name for p in folder.iterdir()
        }
        record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        assert record["status"] == "ok" and record["fingerprint"]
    page = index.read_text(encoding="utf-8")
    assert page.count("<tr class=") == 4
    assert page.count('class="failed"') == 2 and "no rule resolves" in page
    assert f'href="{specs[0].name}/report.html"' in page
    summary = format_summary(first)
    assert "reason" in summary and "planted failure" in summary and "no rule resolves" in summary

    second = run_batch(specs, LocalRunner(2, options), index_path=index, progress=False)
    assert [o.status for o in second.outcomes] == ["reused", "failed", "failed", "reused"]
    assert "reused" in index.read_text(encoding="utf-8")

    forced = run_batch(
        specs[:1], LocalRunner(1, options), force=True, index_path=index, progress=False
    )
    assert [o.status for o in forced.outcomes] == ["ok"]


@pytest.mark.notebook
def test_batch_runs_on_a_dask_cluster(tmp_path: Path) -> None:
    from distributed import LocalCluster

    from analysis.cluster import DaskRunner

    reports = tmp_path / "reports"
    specs = plan_runs(
        [{"reference_date": "2017-03-06"}, {"focus_actor": "messenger"}], reports_dir=reports
    )
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        processes=True,
    ) as cluster:
        summary = run_batch(
            specs,
            # The PDF travels back from the worker with the rest.
            DaskRunner(cluster.scheduler_address, BuildOptions(make_pdf=True)),
            index_path=reports / "index.html",
            progress=False,
        )
    assert [o.status for o in summary.outcomes] == ["ok", "ok"]
    for spec in specs:
        assert (spec.output_dir / "report.html").stat().st_size > 10_000
        assert (spec.output_dir / "report.pdf").read_bytes().startswith(b"%PDF")
        record = json.loads((spec.output_dir / "run.json").read_text(encoding="utf-8"))
        assert record["parameters"] == spec.parameters
        assert record["worker"]
    assert "Gordon Messenger" in (specs[1].output_dir / "report.html").read_text(encoding="utf-8")
