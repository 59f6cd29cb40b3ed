"""`make lab` and `make explore`: the project's kernel, the Lab's settings from the repository,
notebooks saved byte for byte as they were, and the Voilà page without code.

The server tests start real servers on copies in a temporary folder, never on the repository's
files, and stop only the processes they started.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jupytext
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from analysis import lab, paths
from analysis.__main__ import main
from analysis.errors import UsageError

TOKEN = "lab-test-token"
NOTEBOOK_SOURCES = sorted(paths.NOTEBOOKS_DIR.glob("*.py"))
DOCMANAGER = "@jupyterlab/docmanager-extension:plugin"
# A stand-in for notebooks/explore.py: its code must not reach the page, its output must.
STAND_IN = """\
# ---
# jupyter:
#   kernelspec:
#     display_name: Article evidence (.venv)
#     language: python
#     name: article-evidence
# ---

# %% [markdown]
# # Stand-in dashboard

# %%
from analysis import paths

hidden_name = "only" + "-in-code"
print("output-from-kernel", paths.DATA_DIR.is_dir())
"""


def _request(url: str, body: dict[str, Any] | None = None, method: str = "GET") -> Any:
    """The JSON answer of the server at ``url``, sent the test token."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("source", NOTEBOOK_SOURCES, ids=lambda path: path.name)
def test_notebook_header_names_the_project_kernel(source: Path) -> None:
    kernelspec = jupytext.read(source).metadata["kernelspec"]
    assert kernelspec == {
        "name": lab.KERNEL_NAME,
        "display_name": lab.KERNEL_DISPLAY_NAME,
        "language": "python",
    }


def test_project_kernel_is_installed_in_the_virtualenv() -> None:
    spec = KernelSpecManager().get_kernel_spec(lab.KERNEL_NAME)
    assert spec.display_name == "Article evidence (.venv)"
    assert spec.language == "python"
    assert Path(spec.resource_dir).resolve().is_relative_to(Path(sys.prefix).resolve())


def test_install_kernel_writes_the_named_kernel_under_a_prefix(tmp_path: Path) -> None:
    folder = Path(lab.install_kernel(prefix=str(tmp_path)))
    spec = json.loads((folder / "kernel.json").read_text(encoding="utf-8"))
    assert folder == tmp_path / "share" / "jupyter" / "kernels" / lab.KERNEL_NAME
    assert spec["display_name"] == lab.KERNEL_DISPLAY_NAME
    assert spec["argv"][0] == sys.executable


def test_setting_overrides_open_python_files_as_jupytext_notebooks() -> None:
    overrides = json.loads(lab.SETTING_OVERRIDES.read_text(encoding="utf-8"))
    assert overrides[DOCMANAGER] == {"defaultViewers": {"python": "Jupytext Notebook"}}
    # Nothing asks an outside site for news or updates.
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    assert lab.SETTING_OVERRIDES.parent.parent == lab.JUPYTER_CONFIG_DIR


@pytest.mark.parametrize(("euid", "allowed"), [(0, True), (1000, False)])
def test_lab_allows_root_only_as_root(
    monkeypatch: pytest.MonkeyPatch, euid: int, allowed: bool
) -> None:
    monkeypatch.setattr(lab.os, "geteuid", lambda: euid)
    assert ("--allow-root" in lab.lab_command().argv) is allowed


def test_lab_command_serves_the_project_with_its_settings(tmp_path: Path) -> None:
    command = lab.lab_command(root=tmp_path, port=8123, token="abc", open_browser=False)
    assert command.argv[:3] == [sys.executable, "-m", "jupyterlab"]
    for option in (
        f"--ServerApp.root_dir={tmp_path}",
        "--ServerApp.port=8123",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=abc",
        "--ServerApp.open_browser=False",
    ):
        assert option in command.argv
    # No notebooks/ in tmp_path: the Lab opens on its root.
    assert not any(option.startswith("--ServerApp.default_url") for option in command.argv)
    assert command.url == "http://127.0.0.1:8123/"
    config_path = command.env["JUPYTER_CONFIG_PATH"].split(lab.os.pathsep)
    assert config_path[0] == str(lab.JUPYTER_CONFIG_DIR)
    assert command.env["PYTHONPATH"].split(lab.os.pathsep)[0] == str(paths.PROJECT_ROOT)


def test_lab_command_defaults_open_a_browser_on_the_notebooks() -> None:
    argv = lab.lab_command().argv
    assert "--ServerApp.open_browser=True" in argv
    assert "--ServerApp.default_url=/lab/tree/notebooks" in argv
    assert f"--ServerApp.root_dir={paths.PROJECT_ROOT}" in argv
    assert not any("port" in option or "token" in option for option in argv)


def test_server_environment_keeps_the_paths_already_set() -> None:
    env = lab.server_environment({"JUPYTER_CONFIG_PATH": "/elsewhere", "HOME": "/home/u"})
    assert env["JUPYTER_CONFIG_PATH"] == lab.os.pathsep.join(
        [str(lab.JUPYTER_CONFIG_DIR), "/elsewhere"]
    )
    assert env["JUPYTER_PATH"] == str(lab.JUPYTER_CONFIG_DIR)  # its labextensions/
    assert env["PYTHONPATH"] == str(paths.PROJECT_ROOT)
    assert env["HOME"] == "/home/u"


def test_the_export_labels_plugin_is_a_federated_extension_the_lab_can_load() -> None:
    from jupyterlab_server.config import get_federated_extensions

    found = get_federated_extensions([str(lab.JUPYTER_CONFIG_DIR / "labextensions")])
    plugin = found["analysis-export-labels"]
    build = plugin["jupyterlab"]["_build"]
    script = (Path(plugin["ext_path"]) / build["load"]).read_text(encoding="utf-8")
    assert build["extension"] == "./extension"
    # The container JupyterLab expects, and the labels of both exporters.
    assert 'root["analysis-export-labels"]' in script
    assert "init:" in script and "get:" in script and '"./extension"' in script
    from analysis.exporters import EvidenceHTMLExporter, EvidencePDFExporter

    for name, exporter in (
        ("evidence_html", EvidenceHTMLExporter),
        ("evidence_pdf", EvidencePDFExporter),
    ):
        assert f'{name}: "{exporter.export_from_notebook}"' in script


def test_cli_lab_becomes_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []

    def record(_program: str, argv: list[str], _env: dict[str, str]) -> None:
        started.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(lab.os, "execve", record)
    with pytest.raises(SystemExit):
        main(["lab", "--port", "8124", "--token", "t", "--no-browser"])
    assert "--ServerApp.port=8124" in started[0]
    assert "--IdentityProvider.token=t" in started[0]
    assert "--ServerApp.open_browser=False" in started[0]


def test_explore_command_serves_a_converted_copy_without_code(tmp_path: Path) -> None:
    source = tmp_path / "stand_in.py"
    source.write_text(STAND_IN, encoding="utf-8")
    command = lab.explore_command(
        source, port=8125, open_browser=False, build_dir=tmp_path / "build"
    )
    converted = tmp_path / "build" / "stand_in.ipynb"
    assert command.argv[:4] == [sys.executable, "-m", "voila", str(converted)]
    assert "--strip_sources=True" in command.argv
    assert "--no-browser" in command.argv
    assert "--Voila.port=8125" in command.argv
    assert jupytext.read(converted).metadata["kernelspec"]["name"] == lab.KERNEL_NAME


def test_explore_without_the_notebook_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UsageError, match="no notebook"):
        lab.convert_for_voila(tmp_path / "missing.py", tmp_path / "build")
    assert main(["explore", str(tmp_path / "missing.py"), "--no-browser"]) == 2
    assert "no notebook" in capsys.readouterr().err


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A Lab on a copy of the notebook sources (and of pyproject.toml: jupytext's settings)."""
    root = tmp_path_factory.mktemp("lab-root")
    (root / "notebooks").mkdir()
    for source in NOTEBOOK_SOURCES:
        shutil.copyfile(source, root / "notebooks" / source.name)
    shutil.copyfile(paths.PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    command = lab.lab_command(root=root, port=lab.free_port(), token=TOKEN, open_browser=False)
    with lab.running_server(command) as base_url:
        yield base_url, root


@pytest.mark.notebook
def test_running_server_stops_its_own_server_and_nothing_else(tmp_path: Path) -> None:
    from tests.conftest import child_pids, is_zombie

    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        before = set(child_pids(os.getpid()))
        command = lab.lab_command(
            root=tmp_path, port=lab.free_port(), token=TOKEN, open_browser=False
        )
        with lab.running_server(command) as base_url:
            started = set(child_pids(os.getpid())) - before
            assert len(started) == 1
            assert _request(f"{base_url}api/status")["started"]
        assert all(is_zombie(pid) for pid in started)
        with pytest.raises(OSError):  # nothing answers there any more
            urllib.request.urlopen(f"{base_url}api/status?token={TOKEN}", timeout=5)
        assert bystander.poll() is None  # a process it did not start runs on
    finally:
        bystander.kill()
        bystander.wait()


@pytest.mark.notebook
def test_lab_serves_the_default_viewer_setting(lab_server: tuple[str, Path]) -> None:
    base_url, _ = lab_server
    setting = _request(f"{base_url}lab/api/settings/{DOCMANAGER}")
    default = setting["schema"]["properties"]["defaultViewers"]["default"]
    assert default["python"] == "Jupytext Notebook"


@pytest.mark.notebook
@pytest.mark.parametrize("source", NOTEBOOK_SOURCES, ids=lambda path: path.name)
def test_saving_an_unchanged_notebook_keeps_its_bytes(
    lab_server: tuple[str, Path], source: Path
) -> None:
    base_url, root = lab_server
    copy = root / "notebooks" / source.name
    before = copy.read_bytes()
    url = f"{base_url}api/contents/notebooks/{source.name}"
    model = _request(f"{url}?type=notebook&content=1")
    assert model["type"] == "notebook"
    # What the Lab sends on save: the notebook model as it was loaded.
    _request(url, {"type": "notebook", "format": "json", "content": model["content"]}, "PUT")
    assert copy.read_bytes() == before


@pytest.mark.notebook
def test_text_notebook_arrives_with_its_kernels_language_info(
    lab_server: tuple[str, Path],
) -> None:
    # The Lab marks a notebook unsaved at once when the kernel's language_info differs.
    base_url, _ = lab_server
    model = _request(f"{base_url}api/contents/notebooks/report.py?type=notebook&content=1")
    manager, client = start_new_kernel(kernel_name=lab.KERNEL_NAME)
    try:
        reply = client.kernel_info(reply=True, timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert model["content"]["metadata"]["language_info"] == reply["content"]["language_info"]


@pytest.mark.notebook
def test_explore_serves_outputs_without_code(tmp_path: Path) -> None:
    source = tmp_path / "stand_in.py"
    source.write_text(STAND_IN, encoding="utf-8")
    command = lab.explore_command(
        source, port=lab.free_port(), token=TOKEN, open_browser=False, build_dir=tmp_path / "build"
    )
    with lab.running_server(command) as base_url:
        request = urllib.request.Request(base_url, headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            status, page = response.status, response.read().decode()
    assert status == 200
    assert "Stand-in dashboard" in page
    assert "output-from-kernel True" in page
    assert "hidden_name" not in page
