"""What runs a batch's sets: the runner protocol, and the local runner on warm kernels.

A batch (:func:`analysis.batch.run_batch`) hands each set to a :class:`Runner` and gets a
:class:`RunResult` back; it does not know where the set ran. :class:`LocalRunner` runs sets
on warm kernels in this process's threads; :class:`analysis.cluster.DaskRunner` sends them
to a Dask cluster. Both take their settings as :class:`BuildOptions`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from analysis import paths
from analysis.errors import AnalysisError, ReportError, Stopped
from analysis.interrupts import join_thread

if TYPE_CHECKING:
    import nbformat

    from analysis.kernels import WarmKernel


@dataclass(frozen=True)
class RunSpec:
    """One parameter set, complete (defaults filled in), and where its report goes."""

    index: int
    name: str
    parameters: dict[str, Any]
    output_dir: Path


@dataclass(frozen=True)
class BuildOptions:
    """How every set of a batch is built: from which notebook, and whether with a PDF."""

    notebook_source: Path = paths.REPORT_NOTEBOOK
    make_pdf: bool = True


@dataclass(frozen=True)
class RunResult:
    """What became of one run of one set, wherever it ran."""

    status: str  # ok | failed
    seconds: float
    error: str = ""  # why it failed, in one line
    detail_path: Path | None = None  # the report, or the failed notebook

    @classmethod
    def failure(cls, seconds: float, exc: AnalysisError) -> RunResult:
        """A set that failed with ``exc``, linked to the notebook or error its run kept."""
        kept = exc.kept_path if isinstance(exc, ReportError) else None
        return cls("failed", seconds, exc.summary, kept)


class Runner(Protocol):
    """Runs sets, one :meth:`run` call per set, from as many threads as :meth:`start` says."""

    @property
    def options(self) -> BuildOptions:
        """How the sets are built (also part of each set's fingerprint)."""
        ...

    def start(self) -> int:
        """Get ready to run sets; returns how many may run at once. Only called when some
        set needs running."""
        ...

    @property
    def running(self) -> int:
        """Sets executing now."""
        ...

    def run(self, spec: RunSpec, manifest: dict[str, Any]) -> RunResult:
        """Build one set's report (``manifest`` goes into its run.json); a failure comes back
        as a failed result, it is not raised."""
        ...

    def close(self) -> None:
        """Stop what :meth:`start` started; safe to call twice, or without a start."""
        ...


class KernelPool:
    """Warm kernels lent to worker threads for the time of one execution."""

    def __init__(self, size: int) -> None:
        from analysis.kernels import WARMUP_IMPORTS, WarmKernel

        self._idle: queue.SimpleQueue[WarmKernel] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.busy = 0  # kernels executing a set now
        self._all = [
            WarmKernel(paths.PROJECT_ROOT, warmup_code=WARMUP_IMPORTS) for _ in range(size)
        ]
        # Kernel processes are launched here and now, then readied and warmed side by side
        # in the background.
        for kernel in self._all:
            kernel.start_in_background()
            self._idle.put(kernel)

    def wait_started(self) -> None:
        """Return once every kernel has started, or failed to (it is started again when
        first used)."""
        for kernel in self._all:
            kernel.wait_started()

    def run(self, job: Callable[[WarmKernel], Any]) -> Any:
        kernel = self._borrow()
        kernel.wait_started()
        with self._lock:
            self.busy += 1
        try:
            return job(kernel)
        finally:
            with self._lock:
                self.busy -= 1
            self._idle.put(kernel)

    def _borrow(self) -> WarmKernel:
        """An idle kernel, once one is free; :class:`Stopped` once the pool is stopping."""
        while not self._stopping.is_set():
            try:
                kernel = self._idle.get(timeout=0.2)
            except queue.Empty:
                continue
            if not self._stopping.is_set():
                return kernel
            self._idle.put(kernel)
        raise Stopped("the batch is stopping")

    def shutdown(self, patience: float = 30.0) -> None:
        """Stop every kernel, side by side: each waits a moment for its process to end.

        A kernel still running a set is stopped by the thread that runs it, which gives up
        within a second (a ZeroMQ socket must not be closed under the thread using it); it is
        shut down here once it is back, or after ``patience`` seconds in any case.
        """
        self._stopping.set()
        for kernel in self._all:
            kernel.request_stop()
        back = 0
        deadline = time.monotonic() + patience
        while back < len(self._all) and (left := deadline - time.monotonic()) > 0:
            try:
                self._idle.get(timeout=min(left, 0.5))
                back += 1
            except queue.Empty:
                continue
        stopping = [threading.Thread(target=kernel.shutdown) for kernel in self._all]
        for thread in stopping:
            thread.start()
        for thread in stopping:
            join_thread(thread)


@dataclass
class _KernelWait:
    """How long a set waited for a free kernel: not part of the set's own time."""

    seconds: float = 0.0


class LocalRunner:
    """Runs sets on warm kernels (``workers`` of them) in this machine's threads."""

    def __init__(self, workers: int, options: BuildOptions | None = None) -> None:
        self.workers = workers
        self._options = options or BuildOptions()
        self.pool: KernelPool | None = None
        self.closed = False

    @property
    def options(self) -> BuildOptions:
        return self._options

    def start(self) -> int:
        from analysis.report import warm_exporters

        self.pool = KernelPool(self.workers)
        # Built once the kernels are up: a thread that imports and compiles holds this
        # process's lock on Python, and the threads starting the kernels, which need it for a
        # moment at every step, would wait on it at each of them.
        warm_exporters(pdf=self._options.make_pdf, after=self.pool.wait_started)
        # Two threads per kernel: while one thread exports a finished report here, the
        # kernel it used is already running the next set.
        return 2 * self.workers

    @property
    def running(self) -> int:
        """Sets executing in a kernel now."""
        return self.pool.busy if self.pool is not None else 0

    def run(self, spec: RunSpec, manifest: dict[str, Any]) -> RunResult:
        from analysis.report import build_report

        started = time.perf_counter()
        waited = _KernelWait()
        try:
            build_report(
                spec.parameters,
                output_dir=spec.output_dir,
                notebook_source=self._options.notebook_source,
                log=lambda _line: None,
                execute=self._executor(waited),
                make_pdf=self._options.make_pdf,
                manifest=manifest,
            )
        except AnalysisError as exc:
            return RunResult.failure(time.perf_counter() - started - waited.seconds, exc)
        seconds = time.perf_counter() - started - waited.seconds
        return RunResult("ok", seconds, "", spec.output_dir / "report.html")

    def _executor(
        self, waited: _KernelWait
    ) -> Callable[[nbformat.NotebookNode, dict[str, Any], Path], Any]:
        """An executor that borrows a kernel from the pool for the execution only, so the
        export runs without holding it."""
        from analysis.report import execute_in

        def execute(notebook: Any, parameters: dict[str, Any], executed_path: Path) -> Any:
            asked = time.perf_counter()

            def job(kernel: WarmKernel) -> Any:
                waited.seconds = time.perf_counter() - asked
                return execute_in(kernel)(notebook, parameters, executed_path)

            assert self.pool is not None, "start() first"
            return self.pool.run(job)

        return execute

    def close(self) -> None:
        if not self.closed and self.pool is not None:
            self.closed = True
            self.pool.shutdown()
