"""The project's own errors, and the exit code each means on the command line.

A usage error (exit code 2) is a command asked for something it cannot do: an unknown or
malformed parameter, a path that does not exist, an output folder that is not a report. A
failure (exit code 1) is a run that started and could not finish: invalid data, a notebook
that raised, a folder that cannot be written. Every message is one line that names the file,
the record, the field or the parameter, and the value.
"""

from __future__ import annotations


class AnalysisError(Exception):
    """A failure the project foresees and explains in one line (exit code 1)."""

    exit_code = 1


class UsageError(AnalysisError):
    """A command called with something it cannot use (exit code 2); nothing was run."""

    exit_code = 2


class OutputDirError(UsageError):
    """An output path that the report may not replace: a file, or a folder it did not write."""


class Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that a run cleans up as it does on Ctrl-C."""
