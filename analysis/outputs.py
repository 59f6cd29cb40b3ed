"""Output folders: what a report may replace, and how it is staged and swapped in.

A report is built in a staging folder beside its target (:func:`make_staging`) and swapped in
whole (:func:`publish_report`). A failed run keeps its notebook, error and log in the folder
:func:`failed_dir` names. Only a folder this project wrote (its ``run.json`` says so and lists
every file in it) or an empty one is ever replaced; anything else is refused before a kernel
starts, and nothing is touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import OutputDirError
from analysis.files import readable_mode
from analysis.interrupts import deferred, raise_if_stopped

GENERATOR = "analysis report"  # run.json's mark of a folder this project wrote
RUN_FILES = ["run.json", "run.log"]
# What reports and failed runs held before run.json listed its files.
_EARLIER_REPORT_FILES = {
    "report.html",
    "report.pdf",
    "report.ipynb",
    "claims.csv",
    "events.csv",
    "events.json",
    "timeline.json",
    "checks.jsonld",
    "run.log",
    "run.json",
}
_EARLIER_FAILED_FILES = {"error.txt", "run.log", "report.ipynb"}
_FAILED_SUFFIX = ".failed"


def failed_dir(target: Path) -> Path:
    """Where a failed run for ``target`` keeps its notebook, error and log: beside it."""
    return target.with_name(f"{target.name}{_FAILED_SUFFIX}")


def is_failed_dir(folder: Path) -> bool:
    """True for the folder of a failed run, as :func:`failed_dir` names it."""
    return folder.name.endswith(_FAILED_SUFFIX)


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.staging-"


def make_staging(target: Path) -> Path:
    """A new folder beside ``target`` to build its next version in, readable as a report is.

    Its name holds this process's id, so that :func:`clean_stale_files` can tell a staging
    folder of a killed run from one still in use.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(dir=target.parent, prefix=f"{_staging_prefix(target)}{os.getpid()}-")
    )
    staging.chmod(readable_mode(is_dir=True))
    return staging


def files_written_here(folder: Path) -> set[str] | None:
    """The names of the files a report or failed run wrote in ``folder``; None if it did not.

    A folder is the project's when its ``run.json`` says so and lists its files; folders
    from before that list are recognised by their run record and their file names.
    """
    manifest = folder / "run.json"
    if manifest.is_file() and not manifest.is_symlink():
        try:
            record = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict):
            return None
        files = record.get("files")
        if record.get("generator") == GENERATOR and isinstance(files, list):
            return {str(name) for name in files} | {"run.json"}
        if {"fingerprint", "status"} <= set(record):
            return _EARLIER_REPORT_FILES
        return None
    if is_failed_dir(folder) and (folder / "error.txt").is_file():
        return _EARLIER_FAILED_FILES
    return None


def check_output_dir(target: Path) -> None:
    """Refuse a path the report may not replace; a new path, an empty folder or a report is fine.

    Raises :class:`OutputDirError` before anything is written.
    """
    if target.is_symlink():
        raise OutputDirError(
            f"output folder {target}: is a symbolic link; give a real folder (nothing was written)"
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputDirError(
            f"output folder {target}: is a file, not a report folder; "
            "give a new or empty folder (nothing was written)"
        )
    try:
        entries = sorted(entry.name for entry in target.iterdir())
    except OSError as exc:
        raise OutputDirError(
            f"output folder {target}: cannot be read: {exc.strerror or exc}"
        ) from None
    if not entries:
        return
    owned = files_written_here(target)
    if owned is None:
        raise OutputDirError(
            f"output folder {target}: holds files this project did not write "
            f"({_first_names(entries)}); only an empty folder or an earlier report is "
            "replaced (nothing was written)"
        )
    foreign = [name for name in entries if name not in owned or not (target / name).is_file()]
    if foreign:
        raise OutputDirError(
            f"output folder {target}: an earlier report, but it also holds "
            f"{_first_names(foreign)}, which a new report would delete; move them out first "
            "(nothing was written)"
        )


def _first_names(names: list[str], shown: int = 3) -> str:
    listed = ", ".join(names[:shown])
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (its directory entry; no lock file is left)."""
    import fcntl

    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_files(target: Path) -> None:
    """Remove what a run killed outright (SIGKILL, a power cut) left beside ``target``.

    Staging folders of runs that no longer exist are removed. An earlier report that a
    killed run had moved aside to swap in the new one is put back if nothing replaced it.
    Call with the parent folder locked.
    """
    parent = target.parent
    for path in parent.glob(f".{target.name}.previous-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _is_running(int(pid)):
            if not target.exists():
                os.replace(path, target)
            else:
                shutil.rmtree(path, ignore_errors=True)
    for path in parent.glob(f"{_staging_prefix(target)}*"):
        pid = path.name.rsplit(".staging-", 1)[-1].split("-", 1)[0]
        if pid.isdigit() and not _is_running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def publish_report(staging: Path, target: Path) -> None:
    """Swap a finished report (or failed run) in for ``target``, checking again that it may be
    replaced.

    The parent folder is locked for the swap, so two runs writing the same report take turns
    and each swap is whole. Publishing a report removes the failed run's folder for the same
    target, if this project wrote it.
    """
    with locked(target.parent):
        # A signal received on the way stops the run here, before anything is replaced, even
        # if it was swallowed (a destructor drops what is raised in it).
        raise_if_stopped()
        # Once begun, the swap is finished; a signal during it is left for the caller to report.
        with deferred(deliver=False):
            check_output_dir(target)
            replace_dir(staging, target)
            if is_failed_dir(target):
                return
            failed = failed_dir(target)
            if failed.is_dir() and files_written_here(failed) is not None:
                shutil.rmtree(failed, ignore_errors=True)


def replace_dir(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target``: the old report stays until the new one is there."""
    backup = target.parent / f".{target.name}.previous-{os.getpid()}"
    if target.exists():
        os.replace(target, backup)
    try:
        os.replace(staging, target)
    except BaseException:
        if backup.exists():
            os.replace(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def default_output_dir(
    parameters: dict[str, Any], notebook_source: Path = paths.REPORT_NOTEBOOK
) -> Path:
    """``reports/<article_id>/`` for the default parameters; otherwise the folder a batch would
    use for the same set (``reports/<article_id>__reference-date-2017-03-06``), so a run with
    other parameters never replaces the default report."""
    from analysis.params import declared_parameters, run_name

    return paths.REPORTS_DIR / run_name(parameters, declared_parameters(notebook_source))
