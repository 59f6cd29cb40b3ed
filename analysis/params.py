"""The report notebook's parameters, validated before any work starts."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import UsageError
from analysis.load import check_id
from analysis.schema import parse_iso_date, short_repr


class ParameterError(UsageError, ValueError):
    """A report parameter with a wrong type or value; the message names it and its value."""


@dataclass(frozen=True)
class ReportParameters:
    """Validated report parameters, with dates parsed."""

    article_id: str
    reference_date: dt.date
    window_start: dt.date
    window_end: dt.date
    focus_actor: str
    include_context: bool
    data_dir: Path

    def as_dict(self) -> dict[str, Any]:
        """Plain values, as the notebook's parameters cell holds them."""
        values = asdict(self)
        for name in ("reference_date", "window_start", "window_end"):
            values[name] = values[name].isoformat()
        values["data_dir"] = str(self.data_dir)
        return values


def validate_parameters(
    article_id: Any,
    reference_date: Any,
    window_start: Any,
    window_end: Any,
    focus_actor: Any,
    include_context: Any,
    data_dir: Any = "",
) -> ReportParameters:
    """Check the report's parameters and return them parsed.

    ``data_dir`` empty means the project's ``data/`` folder. Raises :class:`ParameterError`
    naming the parameter and its value.
    """
    _check_texts(
        article_id=article_id,
        focus_actor=focus_actor,
        reference_date=reference_date,
        window_start=window_start,
        window_end=window_end,
        data_dir=data_dir,
    )
    _check_ids(article_id, focus_actor)
    dates = _parse_dates(reference_date, window_start, window_end)
    if not isinstance(include_context, bool):
        raise _expected("include_context", include_context, "True or False")
    return ReportParameters(
        article_id=article_id,
        reference_date=dates["reference_date"],
        window_start=dates["window_start"],
        window_end=dates["window_end"],
        focus_actor=focus_actor,
        include_context=include_context,
        data_dir=_article_data_folder(data_dir, article_id),
    )


def _expected(name: str, value: Any, expected: str) -> ParameterError:
    """The error for a parameter that is not what it should be."""
    return ParameterError(f"parameter '{name}': expected {expected} (value: {short_repr(value)})")


def _check_texts(**values: Any) -> None:
    """Refuse the first of ``values`` (in order) that is not a string."""
    for name, value in values.items():
        if not isinstance(value, str):
            raise _expected(name, value, "a string")


def _check_ids(article_id: str, focus_actor: str) -> None:
    """Refuse an article or actor id that is not an id."""
    try:
        check_id(article_id, "article_id")
    except ValueError:
        raise _expected(
            "article_id", article_id, "an article id such as 'rbth-2017-03-06-military-talks'"
        ) from None
    try:
        check_id(focus_actor, "focus_actor")
    except ValueError:
        raise _expected("focus_actor", focus_actor, "an actor id such as 'gerasimov'") from None


def _parse_dates(reference_date: str, window_start: str, window_end: str) -> dict[str, dt.date]:
    """The three dates parsed, by parameter name; the window must end after it starts."""
    dates: dict[str, dt.date] = {}
    for name, value in (
        ("reference_date", reference_date),
        ("window_start", window_start),
        ("window_end", window_end),
    ):
        try:
            dates[name] = parse_iso_date(value)
        except ValueError:
            raise _expected(name, value, "a real date as YYYY-MM-DD") from None
    if dates["window_end"] <= dates["window_start"]:
        raise ParameterError(
            f"parameter 'window_end': must come after window_start {window_start!r} "
            f"(value: {window_end!r})"
        )
    return dates


def _article_data_folder(data_dir: str, article_id: str) -> Path:
    """The data folder (the project's when ``data_dir`` is empty), holding the article."""
    if "\0" in data_dir or "\n" in data_dir:
        raise _expected("data_dir", data_dir, "a folder path on one line")
    folder = Path(data_dir) if data_dir else paths.DATA_DIR
    if not _is_dir(folder):
        raise _expected(
            "data_dir", data_dir, "an existing folder holding articles/, annotations/ and record/"
        )
    if not _is_dir(folder / "articles" / article_id):
        known = sorted(p.name for p in (folder / "articles").glob("*") if _is_dir(p))
        raise ParameterError(
            f"parameter 'article_id': no folder {folder / 'articles' / article_id} "
            f"(value: {article_id!r}; known: {', '.join(known) or 'none'})"
        )
    return folder


def _is_dir(path: Path) -> bool:
    """``path.is_dir()``, False also for a path the system refuses (too long, say)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


# The Python types a parameters cell may declare, and what a value of each may be.
PARAMETER_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "bool": bool,
    "int": int,
    "float": (int, float),
}


def type_problem(name: str, value: Any, type_name: str) -> str | None:
    """What is wrong with ``value`` for a parameter declared as ``type_name``, or None.

    A bool is not taken for a number, though Python counts it as one.

    >>> type_problem("include_context", "yes", "bool")
    "parameter 'include_context': expected bool, got str (value: 'yes')"
    >>> type_problem("retries", True, "int") is None
    False
    """
    kind = PARAMETER_TYPES.get(type_name, object)
    if (isinstance(value, bool) and type_name != "bool") or not isinstance(value, kind):
        return (
            f"parameter '{name}': expected {type_name}, got {type(value).__name__} "
            f"(value: {short_repr(value)})"
        )
    return None


def parse_bool_text(name: str, text: str) -> bool:
    """A bool typed as text (a command line, an environment variable): true/1/yes, false/0/no.

    >>> parse_bool_text("include_context", " Yes ")
    True
    """
    lowered = text.strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise ParameterError(f"parameter '{name}': expected true or false (value: {text!r})")


@dataclass(frozen=True)
class DeclaredParameter:
    """A parameter as the notebook's ``parameters`` cell declares it."""

    name: str
    type_name: str
    default: Any
    help: str


def declared_parameters(source: Path = paths.REPORT_NOTEBOOK) -> dict[str, DeclaredParameter]:
    """Read the ``parameters`` cell of a percent-format notebook: names, types, defaults, help.

    Each line is ``name: type = literal  # help``; anything else in the cell is refused, so the
    cell stays a list of typed literals that papermill can override.
    """
    text = source.read_text(encoding="utf-8")
    match = re.search(r'^# %% tags=\["parameters"\]\n(.*?)(?=^# %%)', text, re.S | re.M)
    if match is None:
        raise ParameterError(f"{source}: no cell tagged 'parameters'")
    return parse_parameters_cell(match.group(1), str(source))


def parse_parameters_cell(cell: str, where: str) -> dict[str, DeclaredParameter]:
    """The parameters a ``parameters`` cell's code declares; ``where`` starts each error.

    >>> parse_parameters_cell('focus_actor: str = "pavel"  # who', "cell")["focus_actor"]
    DeclaredParameter(name='focus_actor', type_name='str', default='pavel', help='who')
    """
    declared: dict[str, DeclaredParameter] = {}
    for line in cell.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parameter = _parse_parameter_line(line, where)
        declared[parameter.name] = parameter
    return declared


def _parse_parameter_line(line: str, where: str) -> DeclaredParameter:
    """One ``name: type = literal  # help`` line of a parameters cell."""
    code, _, comment = line.partition("  # ")
    try:
        node = ast.parse(code).body[0]
    except SyntaxError as exc:
        raise ParameterError(f"{where}: parameters cell: cannot parse {line!r}: {exc}") from None
    if not (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and isinstance(node.annotation, ast.Name)
        and node.value is not None
    ):
        raise ParameterError(
            f"{where}: parameters cell: expected 'name: type = literal' in {line!r}"
        )
    try:
        default = ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError):
        # An expression, not a literal: papermill could not override it, nor can it be read.
        raise ParameterError(
            f"{where}: parameters cell: expected a literal value in {line!r}"
        ) from None
    return DeclaredParameter(
        name=node.target.id, type_name=node.annotation.id, default=default, help=comment.strip()
    )


def with_article_dates(parameters: dict[str, Any], given: set[str]) -> dict[str, Any]:
    """``parameters`` with the article's own reference date when none was given, and a
    timeline window of the three years up to it when none was given and the default window
    does not hold it: a new article's report counts "today" from its own day.

    The seed article's own reference date is the notebook's default, so its reports are
    unchanged. Call after :func:`validate_parameters` has accepted ``parameters``.
    """
    from analysis.load import load_article

    if "reference_date" in given:
        return parameters
    params = validate_parameters(**parameters)
    metadata = load_article(params.article_id, params.data_dir).metadata
    own = metadata["default_reference_date"]
    updated = {**parameters, "reference_date": own.isoformat()}
    if not ({"window_start", "window_end"} & given) and not (
        params.window_start <= own <= params.window_end
    ):
        updated["window_start"] = f"{own.year - 3}-01-01"
        updated["window_end"] = f"{own.year}-12-31"
    return updated


def run_name(parameters: Mapping[str, Any], declared: Mapping[str, DeclaredParameter]) -> str:
    """A folder name from the parameters: the article id, then every non-default value.

    >>> from analysis.params import DeclaredParameter as P
    >>> d = {"article_id": P("article_id", "str", "a", ""),
    ...      "focus_actor": P("focus_actor", "str", "x", "")}
    >>> run_name({"article_id": "a", "focus_actor": "pavel"}, d)
    'a__focus-actor-pavel'
    >>> run_name({"article_id": "a", "focus_actor": "x"}, d)
    'a'
    """
    parts = [str(parameters["article_id"])]
    for name, p in declared.items():
        if name == "article_id" or parameters.get(name, p.default) == p.default:
            continue
        value = re.sub(r"[^a-z0-9.]+", "-", str(parameters[name]).lower()).strip("-") or "empty"
        parts.append(f"{name.replace('_', '-')}-{value}")
    name = "__".join(parts)
    if len(name) > 120:
        digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:12]
        name = f"{name[:100]}__{digest}"
    return name
