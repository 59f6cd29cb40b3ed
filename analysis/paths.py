"""Where the project keeps its inputs and outputs."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "report.py"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def article_dir(article_id: str, data_dir: Path = DATA_DIR) -> Path:
    """Folder of an article's verbatim text and metadata."""
    return data_dir / "articles" / article_id


def annotation_dir(article_id: str, data_dir: Path = DATA_DIR) -> Path:
    """Folder of an article's curated annotation."""
    return data_dir / "annotations" / article_id


def record_dir(data_dir: Path = DATA_DIR) -> Path:
    """Folder of the public record shared by every article: sources, actors, events, phases."""
    return data_dir / "record"


def input_dirs(article_id: str, data_dir: Path = DATA_DIR) -> tuple[Path, Path, Path]:
    """Every folder a report of ``article_id`` reads: the article, its annotation, the record."""
    return (
        article_dir(article_id, data_dir),
        annotation_dir(article_id, data_dir),
        record_dir(data_dir),
    )
