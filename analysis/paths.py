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
