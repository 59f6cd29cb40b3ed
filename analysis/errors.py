"""The project's own errors, and the exit code each means on the command line.

A usage error (exit code 2) is a command asked for something it cannot do: an unknown or
malformed parameter, a path that does not exist, an output folder that is not a report. A
failure (exit code 1) is a run that started and could not finish: invalid data, a notebook
that raised, a folder that cannot be written. Every message is one line that names the file,
the record, the field or the parameter, and the value.

Errors that say where something is keep it in fields (the file, the record, the kept
notebook), and build their message from them: code that needs a part reads the field, never
the message.
"""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any

_MAX_SHOWN = 120  # characters of an offending value shown in a message


def short_repr(value: Any, limit: int = _MAX_SHOWN) -> str:
    """``repr(value)`` cut to about ``limit`` characters, without building the whole repr.

    A value can be huge (a YAML alias expanded a million times): only its first items and
    characters are ever looked at.

    >>> short_repr("x" * 500)[:12], len(short_repr("x" * 500)) <= 120
    ("'xxxxxxxxxxx", True)
    >>> short_repr([[1, 2]] * 100)
    '[[1, 2], [1, 2], [1, 2], [1, 2], [1, 2], [1, 2], ...]'
    """
    shown = _REPR.repr(value)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


_REPR = reprlib.Repr()
_REPR.maxstring = _MAX_SHOWN
_REPR.maxother = _MAX_SHOWN
_REPR.maxlevel = 3


def os_problem(exc: OSError) -> str:
    """An OSError as the path and the system's words (no errno tuple)."""
    where = f"{exc.filename}: " if exc.filename else ""
    return where + (exc.strerror or str(exc))


def one_line(exc: BaseException) -> str:
    """Any error as the one line the command line shows: its message, spaces collapsed."""
    if isinstance(exc, OSError) and not isinstance(exc, AnalysisError):
        return os_problem(exc)
    return " ".join(str(exc).split())


class AnalysisError(Exception):
    """A failure the project foresees and explains in one line (exit code 1)."""

    exit_code = 1

    @property
    def summary(self) -> str:
        """What went wrong, in one line, as a batch's table shows it beside the set."""
        return one_line(self)


class UsageError(AnalysisError):
    """A command called with something it cannot use (exit code 2); nothing was run."""

    exit_code = 2


class OutputDirError(UsageError):
    """An output path that the report may not replace: a file, or a folder it did not write."""


class BatchError(UsageError, ValueError):
    """A parameter file or set that cannot run; nothing has started."""


class SchemaError(AnalysisError, ValueError):
    """A record that breaks its table's declaration.

    The message names the file, the record (index and key), the field and the offending value,
    so that a person editing the annotation can go straight to the line to fix.
    """

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        record: int | None = None,
        record_id: str | None = None,
        field: str | None = None,
        value: Any = None,
        has_value: bool = False,
    ) -> None:
        self.source = source  # the file
        self.problem = problem
        self.record = record
        self.record_id = record_id
        self.field = field
        self.value = value
        self.has_value = has_value
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [self.source]
        if self.record is not None:
            where = f"record {self.record}"
            if self.record_id:
                where += f" ({self.record_id})"
            parts.append(where)
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        message = ": ".join(parts) + f": {self.problem}"
        if self.has_value:
            message += f" (value: {short_repr(self.value)})"
        return message


class ReportError(AnalysisError, RuntimeError):
    """A report build that failed: why, where its failed notebook was kept, and whether an
    earlier report was left in place."""

    def __init__(
        self,
        failure: str,
        *,
        kept_path: Path | None = None,
        previous_unchanged: Path | None = None,
    ) -> None:
        self.failure = failure  # what went wrong, without where things are
        self.kept_path = kept_path  # the executed notebook with the error, or error.txt
        self.previous_unchanged = previous_unchanged  # the earlier report, left as it was
        super().__init__(self._message())

    def _message(self) -> str:
        message = self.failure
        if self.kept_path is not None:
            message += f"; the executed notebook with the error is kept at {self.kept_path}"
        if self.previous_unchanged is not None:
            message += f"; the previous report in {self.previous_unchanged} is unchanged"
        return message

    @property
    def summary(self) -> str:
        """Only what went wrong: a batch shows where the notebook is kept in its own column."""
        return " ".join(self.failure.split())


class Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that a run cleans up as it does on Ctrl-C."""


class Stopped(KeyboardInterrupt):
    """A batch is stopping: a set still running in a worker thread gives up, cleaning up as
    on Ctrl-C (its kernel stopped, nothing published, no failed run recorded)."""
