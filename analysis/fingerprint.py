"""Digests of what a report depends on, so that unchanged inputs can be recognised.

A report's fingerprint covers the notebook source, the article's data files, the public record,
the package's own code and templates, the parameters and whether a PDF is made. Any change to
any of them gives another fingerprint, so a batch reruns exactly the sets whose inputs changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import analysis
from analysis import paths

# The package files that shape a report: code, templates, styles, template settings.
PACKAGE_SUFFIXES = (".py", ".j2", ".css", ".json")


def package_files(package_dir: Path | None = None) -> list[Path]:
    """The package's code and template files, in a stable order."""
    root = package_dir or Path(analysis.__file__).parent
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in PACKAGE_SUFFIXES and "__pycache__" not in p.parts
    )


def _update_with_files(digest: Any, files: list[Path], root: Path) -> None:
    """Feed each file's path (relative to ``root``) and bytes to ``digest``, unambiguously."""
    for path in files:
        name = path.relative_to(root).as_posix().encode()
        content = path.read_bytes()
        digest.update(f"{len(name)}:{len(content)}:".encode() + name + content)


def package_digest() -> str:
    """The installed package's version and a digest of its files, to match client and workers."""
    root = Path(analysis.__file__).parent
    digest = hashlib.sha256(analysis.__version__.encode())
    _update_with_files(digest, package_files(root), root)
    return f"{analysis.__version__}+{digest.hexdigest()[:12]}"


def input_fingerprint(parameters: Mapping[str, Any], notebook_source: Path, make_pdf: bool) -> str:
    """A digest of everything a report depends on: notebook, data, package, parameters."""
    digest = hashlib.sha256()
    data_dir = Path(parameters.get("data_dir") or paths.DATA_DIR)
    article_id = str(parameters["article_id"])
    digest.update(f"analysis {package_digest()}\n".encode())
    digest.update(json.dumps(dict(parameters), sort_keys=True, default=str).encode() + b"\n")
    digest.update(f"pdf={bool(make_pdf)}\n".encode())
    _update_with_files(digest, [notebook_source], notebook_source.parent)
    # The record is shared by every article: a fix there reruns them all.
    for folder in paths.input_dirs(article_id, data_dir):
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        _update_with_files(digest, files, data_dir)
    return digest.hexdigest()
