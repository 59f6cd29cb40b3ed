"""The project's set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import paths

ROOT = paths.PROJECT_ROOT


def _requirement_key(requirement: str) -> tuple[str, str]:
    name, specifier = re.match(
        r"([A-Za-z0-9_.\-]+(?:\[[^\]]+\])?)\s*(.*)", requirement.strip()
    ).groups()
    return name.lower().replace("_", "-"), specifier.replace(" ", "")


def test_environment_yml_has_the_same_dependencies_as_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {
        _requirement_key(r)
        for r in project["dependencies"] + project["optional-dependencies"]["dev"]
    }
    # conda has no extras: pip's "dask[distributed]" is conda's "dask" and "distributed".
    for name, spec in list(wanted):
        if name == "dask[distributed]":
            wanted -= {(name, spec)}
            wanted |= {("dask", spec), ("distributed", spec)}
    conda = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = {
        _requirement_key(d)
        for d in conda["dependencies"]
        if isinstance(d, str) and not d.startswith(("python", "pip"))
    }
    assert listed == wanted


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
    assert "make test" in ci


def test_makefile_targets_are_documented() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):.*?## ", makefile, re.M)
    assert {"help", "env", "report", "test", "lint", "lab"} <= set(targets)
