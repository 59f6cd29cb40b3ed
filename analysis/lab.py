"""JupyterLab and the Voilà dashboard on the project's notebooks, with settings from the repository.

``make lab`` opens the jupytext ``.py`` sources as notebooks on a double-click, runs them on the
project's named kernel, and saves an unchanged notebook byte for byte as it was (the jupytext
settings are ``[tool.jupytext]`` in pyproject.toml, so the server's root is the project's).
``make explore`` serves ``notebooks/explore.py`` through Voilà, as a page without code.

Tests and scripts build the same commands: ``lab_command`` and ``explore_command`` return the
argv and environment of a server, and ``running_server`` starts one, waits until it answers,
and stops only that process.
"""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

from analysis import paths
from analysis.errors import UsageError

KERNEL_NAME = "article-evidence"
KERNEL_DISPLAY_NAME = "Article evidence (.venv)"
# An extra Jupyter config folder, added to JUPYTER_CONFIG_PATH: its labconfig/ holds the Lab's
# default setting overrides. Adding a folder keeps every setting the venv and the user already
# have; pointing the Lab's app_settings_dir here instead would hide the venv's own overrides.
JUPYTER_CONFIG_DIR = Path(__file__).resolve().parent / "jupyter"
SETTING_OVERRIDES = JUPYTER_CONFIG_DIR / "labconfig" / "default_setting_overrides.json"
EXPLORE_NOTEBOOK = paths.NOTEBOOKS_DIR / "explore.py"
# Voilà reads a .py file as a plain script, so it is given a converted copy (git ignores reports/).
DASHBOARD_BUILD_DIR = paths.REPORTS_DIR / ".dashboard"
LOCALHOST = "127.0.0.1"


@dataclass(frozen=True)
class ServerCommand:
    """How to start a server: its argv, its environment, and the URL it answers on."""

    argv: list[str]
    env: dict[str, str]
    url: str
    # A path that answers 200 once the server is up (with the token, if any).
    ready_path: str
    token: str | None = None


def install_kernel(prefix: str = sys.prefix) -> str:
    """Register this Python as the kernel ``article-evidence`` in ``prefix``; returns its folder."""
    from ipykernel.kernelspec import install

    return install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=prefix)


def is_root() -> bool:
    """Whether this process runs as root (Jupyter then refuses to start without --allow-root)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def free_port() -> int:
    """A TCP port that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        return int(probe.getsockname()[1])


def server_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the project's Jupyter config folder.

    The project comes first on PYTHONPATH too, so the server and its kernels import this copy
    of the package, whichever one the virtualenv was installed from.
    """
    env = dict(os.environ if base is None else base)
    for name, first in (
        ("JUPYTER_CONFIG_PATH", JUPYTER_CONFIG_DIR),
        # Its labextensions/ holds the plugin that names the exporters in the export menu.
        ("JUPYTER_PATH", JUPYTER_CONFIG_DIR),
        ("PYTHONPATH", paths.PROJECT_ROOT),
    ):
        env[name] = os.pathsep.join(part for part in (str(first), env.get(name, "")) if part)
    return env


def lab_command(
    root: Path = paths.PROJECT_ROOT,
    port: int | None = None,
    token: str | None = None,
    open_browser: bool = True,
) -> ServerCommand:
    """JupyterLab serving ``root``, opened on its notebooks/ folder when there is one.

    Without a port Jupyter takes 8888 or the next free one; without a token it makes one up and
    prints the URL that holds it.

    >>> command = lab_command(port=8890, token="t", open_browser=False)
    >>> command.url, "--ServerApp.open_browser=False" in command.argv
    ('http://127.0.0.1:8890/', True)
    """
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={LOCALHOST}",
        f"--ServerApp.open_browser={open_browser}",
        f"--ServerApp.contents_manager_class={__name__}.LabContentsManager",
    ]
    if (root / "notebooks").is_dir():
        argv.append("--ServerApp.default_url=/lab/tree/notebooks")
    argv += _port_options("ServerApp", port) + _token_options("IdentityProvider", token)
    if is_root():
        argv.append("--allow-root")
    return ServerCommand(
        argv, server_environment(), _base_url(port or 8888), "api/status", token=token
    )


def explore_command(
    notebook: Path = EXPLORE_NOTEBOOK,
    port: int | None = None,
    token: str | None = None,
    open_browser: bool = True,
    build_dir: Path = DASHBOARD_BUILD_DIR,
) -> ServerCommand:
    """Voilà serving ``notebook`` (a jupytext source) as a page of its outputs, without code.

    The notebook is converted to ``build_dir``/<name>.ipynb first: this writes that file.
    """
    converted = convert_for_voila(notebook, build_dir)
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(converted),
        f"--Voila.ip={LOCALHOST}",
        "--strip_sources=True",
    ]
    if not open_browser:
        argv.append("--no-browser")
    argv += _port_options("Voila", port) + _token_options("Voila", token)
    # A static file: polling the page itself would run the notebook on a new kernel each time.
    ready_path = "voila/static/voila.js"
    return ServerCommand(
        argv, server_environment(), _base_url(port or 8866), ready_path, token=token
    )


def convert_for_voila(notebook: Path, build_dir: Path = DASHBOARD_BUILD_DIR) -> Path:
    """Write ``notebook``'s .ipynb form to ``build_dir``; returns its path.

    The copy keeps the source's kernelspec, so Voilà runs it on the project's kernel.
    """
    import jupytext

    if not notebook.is_file():
        raise UsageError(f"no notebook {notebook}")
    build_dir.mkdir(parents=True, exist_ok=True)
    target = build_dir / f"{notebook.stem}.ipynb"
    jupytext.write(jupytext.read(notebook), target, fmt="ipynb")
    return target


def _port_options(app: str, port: int | None) -> list[str]:
    # A port asked for is that port or an error: a server that moved elsewhere would be lost.
    return [] if port is None else [f"--{app}.port={port}", f"--{app}.port_retries=0"]


def _token_options(trait_owner: str, token: str | None) -> list[str]:
    return [] if token is None else [f"--{trait_owner}.token={token}"]


def _base_url(port: int) -> str:
    return f"http://{LOCALHOST}:{port}/"


def replace_process_with(command: ServerCommand) -> NoReturn:
    """Become the server: Ctrl-C and signals then reach it as if it had been started directly."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(command.argv[0], command.argv, command.env)


@contextmanager
def running_server(command: ServerCommand, timeout: float = 60.0) -> Iterator[str]:
    """Start the server of ``command``, wait until it answers, yield its base URL, stop it.

    Only the process started here is stopped (and its kernels, which it shuts down itself).
    """
    # The server's log goes to a file: a pipe nobody reads would fill up and stall the server.
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            command.argv, env=command.env, stdout=log, stderr=subprocess.STDOUT, text=True
        )
        try:
            _wait_until_answering(process, command, timeout, log)
            yield command.url
        finally:
            _stop(process)


def _wait_until_answering(
    process: subprocess.Popen[str], command: ServerCommand, timeout: float, log: IO[str]
) -> None:
    """Poll the server's ready path until it answers 200; raise if it exits or takes too long."""
    url = command.url + command.ready_path
    headers = {"Authorization": f"token {command.token}"} if command.token else {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(
                f"server exited with code {process.returncode}: {log.read()[-2000:]}"
            )
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise TimeoutError(f"server did not answer {url} within {timeout:.0f} s")


def _stop(process: subprocess.Popen[str], grace: float = 10.0) -> int:
    """Stop ``process``: SIGTERM (Jupyter then shuts its kernels down), SIGKILL if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def __getattr__(name: str) -> type:
    # Built on first use: the Lab server imports it by name, the command line never needs it.
    if name == "LabContentsManager":
        return _lab_contents_manager_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _lab_contents_manager_class() -> type:
    """Jupytext's contents manager, whose text notebooks arrive with their kernel's language_info.

    A text notebook keeps no language_info (jupytext leaves it out of the file), and JupyterLab
    marks a notebook unsaved as soon as its kernel's language_info differs from the stored one.
    Saving drops it again, so the file is unchanged.
    """
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    base = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)

    class LabContentsManager(base):  # type: ignore[misc, valid-type]
        """Jupytext's contents manager; a text notebook comes with its kernel's language_info."""

        async def get(self, path: str, content: bool = True, **kwargs: Any) -> dict[str, Any]:
            model = await super().get(path, content=content, **kwargs)
            notebook = model.get("content") if model["type"] == "notebook" else None
            if notebook and not path.endswith(".ipynb"):
                language = notebook["metadata"].get("kernelspec", {}).get("language")
                if language == "python":
                    # The kernels are ipykernels on this server's Python: theirs is this one.
                    notebook["metadata"].setdefault(
                        "language_info", dict(IPythonKernel.language_info)
                    )
            return model

    return LabContentsManager
