"""Run report sets as tasks on a Dask distributed cluster (the optional ``[dask]`` extra).

Each task carries what the report reads (the notebook source and the article's data files),
so workers need the ``analysis`` package installed, not the project's files. A worker keeps
one warm kernel per thread. The reports come back as files and are written into the same
``reports/`` layout as a local run, atomically.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import AnalysisError, BatchError
from analysis.files import write_atomic
from analysis.fingerprint import package_digest
from analysis.outputs import check_output_dir, failed_dir, make_staging, publish_report
from analysis.runners import BuildOptions, RunResult, RunSpec

_LOCAL = threading.local()


def _worker_kernel() -> Any:
    """This worker thread's warm kernel, started on first use and stopped at exit."""
    kernel = getattr(_LOCAL, "kernel", None)
    if kernel is None:
        from analysis.kernels import WarmKernel

        kernel = WarmKernel(paths.PROJECT_ROOT if paths.PROJECT_ROOT.is_dir() else Path.cwd())
        atexit.register(kernel.shutdown)
        _LOCAL.kernel = kernel
    return kernel


def build_remote(
    parameters: dict[str, Any],
    data_files: dict[str, bytes],
    notebook_text: str,
    make_pdf: bool,
    manifest: dict[str, Any],
) -> dict[str, Any]:
    """Runs on a worker: build one report in a scratch folder and return its files."""
    from analysis.report import build_report, execute_in

    with tempfile.TemporaryDirectory(prefix="report-task-") as scratch:
        root = Path(scratch)
        data_dir = root / "data"
        _unpack_data_files(data_files, data_dir)
        notebook_source = root / "report.py"
        notebook_source.write_text(notebook_text, encoding="utf-8")
        out = root / "out" / "report"
        status, error = "ok", ""
        try:
            build_report(
                {**parameters, "data_dir": str(data_dir)},
                output_dir=out,
                notebook_source=notebook_source,
                log=lambda _line: None,
                execute=execute_in(_worker_kernel()),
                make_pdf=make_pdf,
                manifest=manifest,
            )
        except AnalysisError as exc:
            status, error = "failed", exc.summary
            out = failed_dir(out)
        files = (
            {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} if out.is_dir() else {}
        )
    return {"status": status, "error": error, "files": files, "worker": os.uname().nodename}


def _unpack_data_files(data_files: dict[str, bytes], data_dir: Path) -> None:
    """Write the files a task carries under ``data_dir``, refusing any path that leaves it."""
    for relative, content in data_files.items():
        target = (data_dir / relative).resolve()
        if data_dir.resolve() not in target.parents:
            raise ValueError(f"data file outside the data folder: {relative!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def collect_data_files(parameters: dict[str, Any]) -> dict[str, bytes]:
    """The article's text, metadata and annotation, and the public record, keyed by path under
    the data folder."""
    data_dir = Path(parameters.get("data_dir") or paths.DATA_DIR)
    article_id = parameters["article_id"]
    files = {}
    for folder in paths.input_dirs(article_id, data_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            files[path.relative_to(data_dir).as_posix()] = path.read_bytes()
    return files


class DaskRunner:
    """Submits each set to a Dask scheduler and writes the returned report locally."""

    def __init__(self, address: str, options: BuildOptions | None = None) -> None:
        self.address = address
        self._options = options or BuildOptions()
        self.client: Any = None
        self.notebook_text = ""
        self.slots = 0
        self._lock = threading.Lock()
        self._in_flight = 0

    @property
    def options(self) -> BuildOptions:
        return self._options

    def start(self) -> int:
        """Connect, and refuse workers that run another version of the package."""
        from distributed import Client

        self.client = Client(self.address, timeout=30)
        self.notebook_text = self._options.notebook_source.read_text(encoding="utf-8")
        ours = package_digest()
        theirs = self.client.run(package_digest)
        stale = {worker: digest for worker, digest in theirs.items() if digest != ours}
        if stale:
            self.close()
            raise BatchError(
                f"workers run another version of the analysis package (here {ours}): {stale}"
            )
        self.slots = max(1, sum(self.client.nthreads().values()))
        return self.slots

    @property
    def running(self) -> int:
        """Sets submitted and not yet back, at most one per worker thread."""
        return min(self._in_flight, self.slots)

    def run(self, spec: RunSpec, manifest: dict[str, Any]) -> RunResult:
        started = time.perf_counter()
        with self._lock:
            self._in_flight += 1
        try:
            return self._run(spec, manifest, started)
        except AnalysisError as exc:  # its folder could not be written here
            return RunResult.failure(time.perf_counter() - started, exc)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _run(self, spec: RunSpec, manifest: dict[str, Any], started: float) -> RunResult:
        future = self.client.submit(
            build_remote,
            spec.parameters,
            collect_data_files(spec.parameters),
            self.notebook_text,
            self._options.make_pdf,
            manifest,
            pure=False,
            key=f"report-{spec.name}-{time.time_ns()}",
        )
        try:
            result = future.result()
        except Exception as exc:  # a task that died with its worker, or could not be sent
            return RunResult(
                "failed", time.perf_counter() - started, f"{type(exc).__name__}: {exc}"
            )
        seconds = time.perf_counter() - started
        if result["status"] == "ok":
            _publish(_with_local_record(result, spec), spec.output_dir)
            return RunResult("ok", seconds, "", spec.output_dir / "report.html")
        if not result["files"]:
            return RunResult("failed", seconds, result["error"])
        failed = failed_dir(spec.output_dir)
        _publish(result["files"], failed)
        kept = "report.ipynb" if "report.ipynb" in result["files"] else "error.txt"
        return RunResult("failed", seconds, result["error"], failed / kept)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None


def _with_local_record(result: dict[str, Any], spec: RunSpec) -> dict[str, bytes]:
    """A finished task's files, its run.json recording the parameters as asked (the task ran
    on a scratch copy of the data) and the worker that ran it."""
    files = dict(result["files"])
    if "run.json" in files:
        record = json.loads(files["run.json"])
        record.update(parameters=spec.parameters, worker=result["worker"])
        files["run.json"] = json.dumps(record, indent=2, default=str).encode()
    return files


def _publish(files: dict[str, bytes], target: Path) -> None:
    """Write a returned report (or failed run) beside ``target`` and swap it in, as a local
    run does: only over a folder this project wrote."""
    check_output_dir(target)
    staging = make_staging(target)
    try:
        for name, content in files.items():
            if "/" in name or name.startswith("."):
                raise ValueError(f"unexpected file name from a worker: {name!r}")
            write_atomic(staging / name, content)
        publish_report(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
