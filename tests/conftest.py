"""Shared fixtures: the shipped annotation, loaded once, and a throwaway copy of its data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.load import Annotation, load_annotation

ARTICLE_ID = "rbth-2017-03-06-military-talks"
# The report's section headings, as notebooks/report.py writes them.
REPORT_SECTIONS = (
    "Summary",
    "Timeline, 2014 to 2017",
    "The week of contacts",
    "Who speaks",
    "Who talked to whom",
    "The article against the record",
    "Contested wording",
    "How each date was resolved",
    "Appendix: sources",
)


@pytest.fixture(scope="session")
def annotation() -> Annotation:
    """The shipped article and annotation, validated by the loader."""
    return load_annotation(ARTICLE_ID)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the article, its annotation and the public record under tmp_path/data, safe
    to edit."""
    data = tmp_path / "data"
    for source, target in zip(
        paths.input_dirs(ARTICLE_ID), paths.input_dirs(ARTICLE_ID, data), strict=True
    ):
        shutil.copytree(source, target)
    for path in data.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # the shipped article.txt is read-only
    return data


def child_pids(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (a run's kernels, while they live)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def is_zombie(pid: int) -> bool:
    """Whether ``pid`` has ended (gone, or a zombie waiting for its parent)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
