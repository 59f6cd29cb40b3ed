"""Two builds from the same inputs give the same bytes, wherever they are written.

Only ``run.json`` and ``run.log`` may differ: they record when and how long the run took.
The executed notebook, the HTML, the PDF and every data file must carry no timestamp,
duration, random id, memory address or path of this machine.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analysis import paths
from analysis.report import build_report

pytestmark = pytest.mark.notebook

RUN_RECORDS = {"run.json", "run.log"}


def quiet(*_: object) -> None:
    """Keep the build's progress lines out of the test output."""


def defaults() -> dict[str, object]:
    from analysis.params import declared_parameters

    return {name: p.default for name, p in declared_parameters().items()}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = tmp_path_factory.mktemp("first") / "report"
    second = tmp_path_factory.mktemp("second-build-elsewhere") / "another-name"
    build_report(defaults(), output_dir=first, log=quiet)
    build_report(defaults(), output_dir=second, log=quiet)
    return first, second


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    """HTML, PDF and data files are the same bytes; only the run's own records differ."""
    first, second = (digests(folder) for folder in two_builds)
    assert set(first) == set(second)
    compared = sorted(set(first) - RUN_RECORDS)
    assert {"report.html", "report.ipynb", "report.pdf", "claims.csv", "timeline.json"} <= set(
        compared
    )
    different = [name for name in compared if first[name] != second[name]]
    assert not different, f"differ between two builds of the same inputs: {different}"


def test_outputs_hold_no_path_of_this_machine(two_builds: tuple[Path, Path]) -> None:
    """Neither the output folder, nor the project's, nor a staging folder leaks into a file."""
    for folder in two_builds:
        leaks = {str(folder), str(folder.parent), str(paths.PROJECT_ROOT), ".staging-"}
        for path in folder.iterdir():
            if path.name in RUN_RECORDS or path.suffix == ".pdf":
                continue
            text = path.read_text(encoding="utf-8")
            found = [leak for leak in leaks if leak in text]
            assert not found, f"{path.name} holds {found}"
