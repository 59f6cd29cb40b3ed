"""Run notebooks in a warm kernel: started once, its namespace reset before every run.

Kernel start-up and imports dominate the cost of a small report, so a batch keeps one kernel
per worker. Before each run the kernel is reset to what a new kernel shows the notebook: an
empty user namespace, execution counts from 1, no open figures, the start-up matplotlib
settings and working directory. Imported modules stay loaded; that is the point, and the
project's modules keep no state that one report could pass to the next (their only caches
are keyed by content). A run that fails or times out restarts the kernel.
"""

from __future__ import annotations

import queue
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import nbformat
from jupyter_client.manager import KernelManager

from analysis.errors import Stopped
from analysis.interrupts import deferred, join_thread

# Run once after start: remember the state a fresh kernel starts in, out of the user's sight.
_SNAPSHOT_CODE = """\
import os as _os, sys as _sys, types as _types
import matplotlib as _mpl
_sys.modules["_warm_kernel_start_state"] = _types.SimpleNamespace(
    rc=dict(_mpl.rcParams), cwd=_os.getcwd()
)
del _os, _sys, _types, _mpl
"""

# Run before each notebook: back to the start state. reset(new_session=True) empties the user
# namespace, the output cache and history, and numbers cells from 1 again.
_RESET_CODE = """\
import os as _os, sys as _sys, warnings as _warnings
import matplotlib as _mpl, matplotlib.pyplot as _plt
_plt.close("all")
with _warnings.catch_warnings():
    _warnings.simplefilter("ignore")
    _mpl.rcParams.update(_sys.modules["_warm_kernel_start_state"].rc)
_os.chdir(_sys.modules["_warm_kernel_start_state"].cwd)
get_ipython().reset(new_session=True)
"""


# The kernel's start-up chatter is not the user's concern; and a kernel that only runs
# notebooks keeps no input history: IPython would write every cell to an SQLite file.
KERNEL_ARGUMENTS = [
    "--IPKernelApp.log_level=ERROR",
    "--HistoryManager.enabled=False",
    "--InteractiveShell.cache_size=0",
]

# What the report notebook imports: loaded by a new kernel before it is handed its first
# notebook, while the caller is still planning or loading the inputs.
WARMUP_IMPORTS = (
    "import matplotlib.pyplot, pandas, IPython.display\n"
    "import analysis.charts, analysis.compute, analysis.display, analysis.params, analysis.render"
)


# A kernel that dies before answering is launched again this many times in all (see start).
START_ATTEMPTS = 3


class CellError(RuntimeError):
    """A cell raised; the executed notebook holds the traceback."""

    def __init__(self, cell_index: int, ename: str, evalue: str) -> None:
        super().__init__(f"cell {cell_index}: {ename}: {evalue}")
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue


class KernelFailure(RuntimeError):
    """The kernel died or did not answer in time."""


@dataclass
class _Reply:
    outputs: list[Any]
    execution_count: int | None
    error: dict[str, Any] | None


class WarmKernel:
    """One IPython kernel, reused for many notebook runs (one thread at a time)."""

    def __init__(
        self,
        cwd: Path,
        kernel_name: str = "python3",
        startup_timeout: float = 60.0,
        cell_timeout: float = 600.0,
        warmup_code: str = "",
        restart_on_failure: bool = True,
    ) -> None:
        self.cwd = cwd
        # A kernel kept for more runs is replaced after a failure; a single-use one just stops.
        self.restart_on_failure = restart_on_failure
        self.warmup_code = warmup_code
        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self.cell_timeout = cell_timeout
        self.km: KernelManager | None = None
        self.kc: Any = None
        self.runs = 0
        self._starting: threading.Thread | None = None
        self._stop_requested = threading.Event()
        self._stderr: IO[bytes] | None = None  # the kernel process's own standard error
        self.start_error: BaseException | None = None  # why a background start failed

    def start(self) -> None:
        """Start the kernel and remember its start state.

        A kernel that dies before it answers is launched again, on new ports, up to
        :data:`START_ATTEMPTS` times: jupyter_client picks free ports and the kernel binds them
        a moment later, so a kernel started at the same time by another process can take one
        first (papermill issue 511 reports it; two reports run at once met it here).
        """
        for attempt in range(1, START_ATTEMPTS + 1):
            if self.km is None:
                self.launch()
            try:
                self.kc.wait_for_ready(timeout=self.startup_timeout)
                break
            except RuntimeError as exc:
                died = self.km is not None and not self.km.is_alive()
                printed = self._kernel_stderr()
                self._stop()
                if not died or attempt == START_ATTEMPTS:
                    lines = printed.strip().splitlines()
                    said = f"; its last words: {lines[-1]}" if lines else ""
                    raise KernelFailure(
                        f"the kernel did not start ({attempt} attempts): {exc}{said}"
                    ) from None
        if self.warmup_code:
            # Imports the notebooks will make anyway, done before the first run is waiting;
            # the start state is recorded after them, as a new kernel would be after its own.
            self._run_quietly(self.warmup_code)
            self._run_quietly("get_ipython().reset(new_session=True)")
        self._run_quietly(_SNAPSHOT_CODE)

    def launch(self) -> None:
        """Start the kernel's process and connect to it, without waiting for it to be ready.

        A tenth of a second; :meth:`start` then waits for the kernel and warms it. Launched
        from a busy thread, a kernel would wait for that thread's turns at every step.
        """
        # Every call into jupyter_client below is a deferred section: a signal raised inside
        # ZeroMQ or asyncio leaves sockets that hang the process's exit (see interrupts).
        with deferred():
            # What the kernel's process itself prints (a crash before it answers, never a
            # cell's output, which comes as messages) is kept for the error, not the terminal.
            self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _stop
            self.km = self._new_manager()
            self.km.start_kernel(
                cwd=str(self.cwd), extra_arguments=KERNEL_ARGUMENTS, stderr=self._stderr
            )
            self.kc = self.km.blocking_client()
            self.kc.start_channels()

    def _new_manager(self) -> KernelManager:
        """A manager for a new kernel process (new ports each time)."""
        return KernelManager(kernel_name=self.kernel_name)

    def _kernel_stderr(self) -> str:
        """What the kernel's process has printed on its standard error so far."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read()[-4000:].decode("utf-8", "replace")

    def start_in_background(self) -> None:
        """Launch the kernel's process now, and ready and warm it in a thread of its own.

        :meth:`wait_started` waits for that thread; a failed start is in ``start_error``, and
        the next :meth:`execute` starts the kernel again.
        """
        try:
            self.launch()
        except Exception:
            self._stop()  # start() launches it again, and says what fails
        self._starting = threading.Thread(
            target=self._start_in_thread, name="kernel-start", daemon=True
        )
        self._starting.start()

    def _start_in_thread(self) -> None:
        try:
            self.start()
        except BaseException as exc:  # kept for the thread that runs the notebook
            self.start_error = exc
            self._stop()

    def wait_started(self) -> None:
        """Return once a start begun by :meth:`start_in_background` has ended."""
        if self._starting is not None and self._starting is not threading.current_thread():
            join_thread(self._starting)

    def shutdown(self) -> None:
        """Stop the kernel now (once a background start has ended); safe to call twice."""
        self.wait_started()
        self._stop()

    def _stop(self) -> None:
        with deferred():
            if self.kc is not None:
                self.kc.stop_channels()
                self.kc = None
            if self.km is not None:
                try:
                    self.km.shutdown_kernel(now=True)
                finally:
                    self.km = None
            if self._stderr is not None:
                self._stderr.close()
                self._stderr = None

    def request_stop(self) -> None:
        """Make a run in progress in another thread give up within a second: that thread
        stops this kernel itself (its sockets are its own) and raises :class:`Stopped`."""
        self._stop_requested.set()

    def restart(self) -> None:
        """A new kernel in place of this one (after a failure)."""
        self.shutdown()
        self.start()

    def __enter__(self) -> WarmKernel:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.shutdown()

    def execute(self, notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """Execute every code cell of ``notebook`` in place, in a freshly reset namespace.

        Raises :class:`CellError` at the first cell that raises (its outputs and traceback are
        in the notebook), or :class:`KernelFailure`; either way the kernel is restarted (or only
        stopped, without ``restart_on_failure``). Ctrl-C stops it.
        """
        self.wait_started()
        if self.km is None:
            self.start()
        elif not self.km.is_alive():
            self.restart()
        try:
            self._run_quietly(_RESET_CODE)
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                reply = self._execute(cell.source)
                cell.outputs = reply.outputs
                cell.execution_count = reply.execution_count
                if reply.error is not None:
                    raise CellError(index, reply.error["ename"], reply.error["evalue"])
        except KeyboardInterrupt:
            self.shutdown()  # the run is being stopped: no new kernel for a next one
            raise
        except BaseException:
            if self.restart_on_failure:
                self.restart()
            else:
                self.shutdown()
            raise
        finally:
            self.runs += 1
        return notebook

    def _run_quietly(self, code: str) -> None:
        reply = self._execute(code, silent=True)
        if reply.error is not None:
            raise KernelFailure(
                f"kernel set-up failed: {reply.error['ename']}: {reply.error['evalue']}"
            )

    def _execute(self, code: str, silent: bool = False) -> _Reply:
        """Send one cell and collect its outputs the way nbclient records them."""
        assert self.kc is not None
        with deferred():
            msg_id = self.kc.execute(
                code, silent=silent, store_history=not silent, allow_stdin=False, stop_on_error=True
            )
        deadline = time.monotonic() + self.cell_timeout
        result = _Reply([], None, None)
        while True:
            msg = self._next(self.kc.get_iopub_msg, deadline)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            _record_output(result, msg)
        while True:
            reply = self._next(self.kc.get_shell_msg, deadline)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"]["status"] == "error" and result.error is None:
            result.error = reply["content"]
        return result

    def _next(self, get: Any, deadline: float) -> dict[str, Any]:
        """The next message, checking every second that the kernel is still alive."""
        while True:
            if self._stop_requested.is_set():
                raise Stopped("the batch is stopping")
            remaining = deadline - time.monotonic()
            with deferred():  # at most a second: a signal is raised once the wait ends
                if remaining <= 0:
                    assert self.km is not None
                    self.km.interrupt_kernel()
                    raise KernelFailure(f"a cell ran longer than {self.cell_timeout:.0f} s")
                try:
                    return get(timeout=min(1.0, remaining))
                except queue.Empty:
                    if self.km is None or not self.km.is_alive():
                        raise KernelFailure("the kernel died") from None


def _record_output(result: _Reply, msg: dict[str, Any]) -> None:
    """Add one message the cell sent to its result, as nbclient records it."""
    kind, content = msg["msg_type"], msg["content"]
    outputs = result.outputs
    if kind == "execute_input":
        result.execution_count = content["execution_count"]
    elif kind == "clear_output":
        outputs.clear()
    elif (
        kind == "stream"
        and outputs
        and outputs[-1].get("output_type") == "stream"
        and (outputs[-1]["name"] == content["name"])
    ):
        outputs[-1]["text"] += content["text"]  # one output per stream, as nbclient does
    elif kind in {"stream", "display_data", "execute_result", "error"}:
        outputs.append(nbformat.v4.output_from_msg(msg))
        if kind == "error":
            result.error = content
