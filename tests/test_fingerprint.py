"""The fingerprint of a report's inputs (analysis/fingerprint.py): what changes it, what not.

Expected digests are SHA-256 of byte strings written out here, in the layout the module
documents: for each file ``<len(name)>:<len(content)>:<name><content>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

import analysis
from analysis import paths
from analysis.fingerprint import input_fingerprint, package_digest, package_files

ARTICLE_ID = "rbth-2017-03-06-military-talks"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def tiny_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the installed package: analysis.__file__ points into it."""
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "__init__.py").write_bytes(b"x = 1\n")
    (root / "mod.py").write_bytes(b"y = 2\n")
    monkeypatch.setattr(analysis, "__file__", str(root / "__init__.py"))
    monkeypatch.setattr(analysis, "__version__", "9.8.7")
    return root


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A full copy of the package's code and templates, standing in for the installed one."""
    root = tmp_path / "analysis"
    shutil.copytree(
        Path(analysis.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(analysis, "__file__", str(root / "__init__.py"))
    return root


# --- package_files --------------------------------------------------------------------------------


def test_package_files_takes_code_and_templates_in_a_stable_order(tmp_path: Path) -> None:
    """.py, .j2, .css and .json files, sorted by path; caches, other files and folders left out."""
    root = tmp_path / "pkg"
    for name in (
        "b.py",
        "a.py",
        "templates/t/index.html.j2",
        "templates/t/style.css",
        "templates/t/conf.json",
        "notes.txt",
        "data.yaml",
        "mod.pyc",
        "__pycache__/a.cpython-311.py",
        "sub/__pycache__/x.json",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("content", encoding="utf-8")
    (root / "folder.py").mkdir()  # a folder whose name looks like code
    assert [p.relative_to(root).as_posix() for p in package_files(root)] == [
        "a.py",
        "b.py",
        "templates/t/conf.json",
        "templates/t/index.html.j2",
        "templates/t/style.css",
    ]


def test_package_files_default_to_the_installed_package() -> None:
    """Without a folder, the files of the package ``analysis`` is imported from."""
    root = Path(analysis.__file__).parent
    names = [p.relative_to(root).as_posix() for p in package_files()]
    assert "fingerprint.py" in names
    assert "__init__.py" in names
    assert names == sorted(names)
    assert any(name.startswith("templates/") and name.endswith(".j2") for name in names)


# --- package_digest -------------------------------------------------------------------------------


def test_package_digest_is_version_and_a_digest_of_every_file(tiny_package: Path) -> None:
    """'<version>+<first 12 hex digits>' of the version, then each file's name and bytes."""
    expected = sha(b"9.8.7" + b"11:6:__init__.pyx = 1\n" + b"6:6:mod.pyy = 2\n")[:12]
    assert package_digest() == f"9.8.7+{expected}"


def test_package_digest_tells_a_name_from_its_content(tiny_package: Path) -> None:
    """'mod.py' holding 'y = 2' and 'mo.py' holding 'dy = 2' run together to the same bytes;
    the lengths fed before each file tell them apart."""
    before = package_digest()
    (tiny_package / "mod.py").unlink()
    (tiny_package / "mo.py").write_bytes(b"dy = 2\n")
    assert package_digest() != before


def test_package_digest_changes_with_the_version(tiny_package: Path) -> None:
    """Another version of the same files is another package."""
    before = package_digest()
    analysis.__version__ = "9.8.8"
    assert package_digest().startswith("9.8.8+")
    assert package_digest().split("+")[1] != before.split("+")[1]


def test_package_digest_changes_when_a_source_file_changes(package_copy: Path) -> None:
    """Editing one line of the package's code gives another digest; undoing it, the first."""
    before = package_digest()
    compute = package_copy / "compute.py"
    original = compute.read_bytes()
    compute.write_bytes(original + b"\n# edited\n")
    assert package_digest() != before
    compute.write_bytes(original)
    assert package_digest() == before


def test_package_digest_changes_when_a_template_changes(package_copy: Path) -> None:
    """The templates shape the HTML, so they count as the package's code."""
    before = package_digest()
    template = next(p for p in package_copy.rglob("*.j2"))
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert package_digest() != before


def test_package_digest_ignores_caches_and_other_files(package_copy: Path) -> None:
    """Byte-code caches and files that are neither code nor templates leave it as it is."""
    before = package_digest()
    (package_copy / "__pycache__").mkdir(exist_ok=True)
    (package_copy / "__pycache__" / "compute.py").write_text("junk", encoding="utf-8")
    (package_copy / "README.txt").write_text("notes", encoding="utf-8")
    assert package_digest() == before


# --- input_fingerprint ----------------------------------------------------------------------------


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_input_fingerprint_digests_every_input_in_order(tmp_path: Path, tiny_package: Path) -> None:
    """Package, parameters (keys sorted), pdf flag, notebook, then the article's data files."""
    data = tmp_path / "data"
    write(data / "articles" / "a1" / "t.txt", b"TT")
    write(data / "annotations" / "a1" / "c.yaml", b"CC")
    write(data / "articles" / "a2" / "other.txt", b"not this article")
    notebook = write(tmp_path / "nb" / "r.py", b"NB")
    parameters = {"focus_actor": "x", "article_id": "a1", "data_dir": str(data)}
    package = "9.8.7+" + sha(b"9.8.7" + b"11:6:__init__.pyx = 1\n" + b"6:6:mod.pyy = 2\n")[:12]
    sorted_parameters = json.dumps(
        {"article_id": "a1", "data_dir": str(data), "focus_actor": "x"}
    ).encode()
    expected = sha(
        f"analysis {package}\n".encode()
        + sorted_parameters
        + b"\n"
        + b"pdf=True\n"
        + b"4:2:r.pyNB"
        + b"17:2:articles/a1/t.txtTT"
        + b"21:2:annotations/a1/c.yamlCC"
    )
    assert input_fingerprint(parameters, notebook, make_pdf=True) == expected


def test_input_fingerprint_without_data_dir_uses_the_project_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty or missing data_dir means the project's data/ folder."""
    data = tmp_path / "data"
    write(data / "articles" / "a1" / "t.txt", b"TT")
    notebook = write(tmp_path / "r.py", b"NB")
    monkeypatch.setattr(paths, "DATA_DIR", data)
    missing = input_fingerprint({"article_id": "a1"}, notebook, make_pdf=False)
    empty = input_fingerprint({"article_id": "a1", "data_dir": ""}, notebook, make_pdf=False)
    (data / "articles" / "a1" / "t.txt").write_bytes(b"changed")
    assert input_fingerprint({"article_id": "a1"}, notebook, make_pdf=False) != missing
    assert input_fingerprint({"article_id": "a1", "data_dir": ""}, notebook, False) != empty


def test_input_fingerprint_of_an_article_without_folders(tmp_path: Path) -> None:
    """Missing article and annotation folders count as no files, not as an error."""
    notebook = write(tmp_path / "r.py", b"NB")
    params = {"article_id": "nothing-here", "data_dir": str(tmp_path / "data")}
    first = input_fingerprint(params, notebook, make_pdf=False)
    assert first == input_fingerprint(params, notebook, make_pdf=False)
    assert len(first) == 64


@pytest.fixture
def seed_inputs(data_copy: Path) -> tuple[dict[str, str], Path]:
    """Parameters naming a copy of the seed data, and the report notebook."""
    params = {"article_id": ARTICLE_ID, "data_dir": str(data_copy), "focus_actor": "pavel"}
    return params, paths.REPORT_NOTEBOOK


def test_input_fingerprint_is_stable(seed_inputs: tuple[dict[str, str], Path]) -> None:
    """Same inputs, same fingerprint, whatever the order of the parameters."""
    params, notebook = seed_inputs
    first = input_fingerprint(params, notebook, make_pdf=False)
    reordered = dict(reversed(list(params.items())))
    assert input_fingerprint(reordered, notebook, make_pdf=False) == first
    assert input_fingerprint(dict(params), notebook, make_pdf=False) == first


@pytest.mark.parametrize(
    "change",
    [
        {"focus_actor": "gerasimov"},
        {"reference_date": "2017-03-06"},
        {"include_context": False},
    ],
)
def test_input_fingerprint_changes_with_a_parameter(
    seed_inputs: tuple[dict[str, str], Path], change: dict[str, object]
) -> None:
    """Any parameter value, or a parameter added, gives another fingerprint."""
    params, notebook = seed_inputs
    assert input_fingerprint({**params, **change}, notebook, False) != input_fingerprint(
        params, notebook, False
    )


def test_input_fingerprint_writes_dates_and_paths_as_text(
    seed_inputs: tuple[dict[str, str], Path], data_copy: Path
) -> None:
    """A parameter given as a date or a path counts as its text: the same report."""
    params, notebook = seed_inputs
    as_text = {**params, "reference_date": "2017-03-06"}
    as_objects = {**params, "reference_date": dt.date(2017, 3, 6), "data_dir": data_copy}
    assert input_fingerprint(as_objects, notebook, False) == input_fingerprint(
        as_text, notebook, False
    )


def test_input_fingerprint_changes_with_the_pdf_flag(
    seed_inputs: tuple[dict[str, str], Path],
) -> None:
    """Whether a PDF is made is an input: a report without one cannot be reused for one."""
    params, notebook = seed_inputs
    assert input_fingerprint(params, notebook, make_pdf=True) != input_fingerprint(
        params, notebook, make_pdf=False
    )


@pytest.mark.parametrize(
    "relative",
    [
        f"articles/{ARTICLE_ID}/article.txt",
        f"articles/{ARTICLE_ID}/metadata.yaml",
        f"annotations/{ARTICLE_ID}/claims.yaml",
        f"annotations/{ARTICLE_ID}/checks.yaml",
    ],
)
def test_input_fingerprint_changes_with_the_data(
    seed_inputs: tuple[dict[str, str], Path], data_copy: Path, relative: str
) -> None:
    """A byte added to any of the article's or the annotation's files changes it."""
    params, notebook = seed_inputs
    before = input_fingerprint(params, notebook, False)
    path = data_copy / relative
    path.write_bytes(path.read_bytes() + b"\n")
    assert input_fingerprint(params, notebook, False) != before


def test_input_fingerprint_changes_with_a_new_annotation_file(
    seed_inputs: tuple[dict[str, str], Path], data_copy: Path
) -> None:
    """A file added to the article's folders is an input too."""
    params, notebook = seed_inputs
    before = input_fingerprint(params, notebook, False)
    write(data_copy / "annotations" / ARTICLE_ID / "notes" / "extra.yaml", b"x: 1\n")
    assert input_fingerprint(params, notebook, False) != before


def test_input_fingerprint_ignores_other_articles(
    seed_inputs: tuple[dict[str, str], Path], data_copy: Path
) -> None:
    """Another article's data is not an input of this report."""
    params, notebook = seed_inputs
    before = input_fingerprint(params, notebook, False)
    write(data_copy / "articles" / "another" / "article.txt", b"other")
    write(data_copy / "annotations" / "another" / "claims.yaml", b"claims: []\n")
    assert input_fingerprint(params, notebook, False) == before


def test_input_fingerprint_changes_with_the_notebook(
    seed_inputs: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    """An edited notebook source, or one of another name, gives another fingerprint."""
    params, notebook = seed_inputs
    copy = write(tmp_path / "nb" / "report.py", notebook.read_bytes())
    same = input_fingerprint(params, copy, False)
    assert same == input_fingerprint(params, notebook, False)
    copy.write_bytes(notebook.read_bytes() + b"\n# %%\n")
    assert input_fingerprint(params, copy, False) != same
    renamed = write(tmp_path / "nb2" / "other.py", notebook.read_bytes())
    assert input_fingerprint(params, renamed, False) != same


def test_input_fingerprint_changes_with_the_package_code(
    seed_inputs: tuple[dict[str, str], Path], package_copy: Path
) -> None:
    """A change to the package's code changes every report's fingerprint."""
    params, notebook = seed_inputs
    before = input_fingerprint(params, notebook, False)
    dates = package_copy / "dates.py"
    dates.write_bytes(dates.read_bytes() + b"\n# changed\n")
    assert input_fingerprint(params, notebook, False) != before
