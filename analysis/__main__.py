"""Command line of the article evidence report.

Commands: report (execute the notebook, export HTML, PDF and data), batch (many parameter
sets), validate (check annotations and resolve their dates), params (list the notebook's
parameters), lab (JupyterLab on the notebooks), explore (the exploration notebook as a
page), draft (a new article's annotation, drafted for review), score (the drafter against
hand-made gold annotations). Errors are one line on stderr; exit code 2 means the command
was called with something it cannot use (nothing ran), 1 that a run failed, 130 and 143
that it was stopped by Ctrl-C or SIGTERM. --debug shows the traceback of an error.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

# Importing nbformat pulls in jsonschema's optional IRI checker, whose grammar takes 0.7 s or
# more to build, in every process, for a check that notebook validation never uses. The
# command line keeps jsonschema from loading it; other processes are left alone.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from analysis import interrupts, paths  # noqa: E402
from analysis.errors import (  # noqa: E402
    AnalysisError,
    BatchError,
    Interrupted,
    UsageError,
    one_line,
)

PROG = "python -m analysis"
# `make report` and `make batch` pass their variables as ANALYSIS_<NAME> environment variables,
# never through a shell, so that no value can run anything (see the Makefile).
ENV_PREFIX = "ANALYSIS_"

if TYPE_CHECKING:
    from analysis.runners import Runner


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors as one line (exit code 2) instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _environment(name: str) -> str:
    """A ``make`` variable passed through the environment; empty when not given."""
    return os.environ.get(ENV_PREFIX + name.upper(), "")


def _report(args: argparse.Namespace) -> int:
    from analysis.fingerprint import input_fingerprint
    from analysis.outputs import check_output_dir, default_output_dir, failed_dir
    from analysis.params import (
        declared_parameters,
        parse_bool_text,
        validate_parameters,
        with_article_dates,
    )

    declared = declared_parameters()
    parameters = {name: p.default for name, p in declared.items()}
    given: set[str] = set()
    output_dir = args.output_dir
    for name in declared:
        value = getattr(args, name)
        if args.from_environment and value is None:
            value = _environment(name) or None
        if value is None:
            continue
        if declared[name].type_name == "bool":
            value = parse_bool_text(name, value)
        parameters[name] = value
        given.add(name)
    if args.from_environment and output_dir is None:
        output_dir = _environment("output_dir") or None
    # Checked here before the notebook machinery is even imported; build_report checks again.
    validate_parameters(**parameters)
    parameters = with_article_dates(parameters, given)
    target = Path(output_dir) if output_dir else default_output_dir(parameters)
    check_output_dir(target)
    check_output_dir(failed_dir(target))
    from analysis.report import build_report

    # The same record a batch keeps, so a later batch can reuse this report.
    manifest = {"fingerprint": input_fingerprint(parameters, paths.REPORT_NOTEBOOK, make_pdf=True)}
    build_report(parameters, output_dir=target, manifest=manifest)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from analysis.compute import resolve_events
    from analysis.load import check_id, load_annotation
    from analysis.params import ParameterError
    from analysis.tables import ANNOTATION_TABLES

    data_dir = Path(args.data_dir) if args.data_dir else paths.DATA_DIR
    annotations = data_dir / "annotations"
    if not annotations.is_dir():
        raise ParameterError(
            f"--data-dir: expected a folder holding annotations/ (value: {str(data_dir)!r})"
        )
    ids = args.article_ids or sorted(p.name for p in annotations.iterdir() if p.is_dir())
    for article_id in ids:
        try:
            check_id(article_id, "article_id")
        except ValueError as exc:
            raise ParameterError(str(exc)) from None
        if not (annotations / article_id).is_dir():
            raise ParameterError(
                f"article_id: no annotation folder {annotations / article_id} "
                f"(value: {article_id!r})"
            )
        annotation = load_annotation(article_id, data_dir)
        resolve_events(annotation, annotation.article.metadata["default_reference_date"])
        counts = ", ".join(f"{len(annotation.table(name))} {name}" for name in ANNOTATION_TABLES)
        print(f"{article_id}: valid ({counts})")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from analysis.batch import format_summary, plan_runs, read_parameter_sets, run_batch

    if args.from_environment:
        _batch_options_from_environment(args)
    if not args.params_file:
        raise BatchError("no parameter file given (PARAMS=... or the first argument)")
    if args.workers is not None and args.workers < 1:
        raise BatchError(f"--workers: expected 1 or more kernels (value: {args.workers})")
    if args.retries is not None and args.retries < 0:
        raise BatchError(f"--retries: expected 0 or more (value: {args.retries})")
    specs = plan_runs(read_parameter_sets(Path(args.params_file)))
    summary = run_batch(
        specs, _runner(args, len(specs)), force=args.force, retries=args.retries or 0
    )
    print(format_summary(summary))
    print(f"index: {paths.REPORTS_DIR / 'index.html'}")
    return 1 if summary.failed else 0


def _batch_options_from_environment(args: argparse.Namespace) -> None:
    """Fill the batch options not given on the command line from make's variables."""
    args.params_file = args.params_file or _environment("params")
    args.workers = args.workers or _count("workers", _environment("workers"))
    args.retries = args.retries or _count("retries", _environment("retries"))
    args.scheduler = args.scheduler or _environment("scheduler") or None
    args.force = args.force or _flag(_environment("force"))
    args.no_pdf = args.no_pdf or _flag(_environment("no_pdf"))


def _runner(args: argparse.Namespace, sets: int) -> Runner:
    """Where the sets run: on the Dask cluster given, or on warm kernels here."""
    from analysis.runners import BuildOptions, LocalRunner

    options = BuildOptions(make_pdf=not args.no_pdf)
    if args.scheduler:
        from analysis.cluster import DaskRunner

        # The cluster's threads set the pace.
        return DaskRunner(args.scheduler, options)
    workers = args.workers or os.cpu_count() or 1
    return LocalRunner(max(1, min(workers, sets)), options)


def _flag(text: str) -> bool:
    """A make flag such as FORCE=1: set unless empty, 0, false or no."""
    return text.strip().lower() not in {"", "0", "false", "no"}


def _count(name: str, text: str) -> int | None:
    """A whole number from a make variable; None when empty."""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise BatchError(f"{name.upper()}: expected a whole number (value: {text!r})") from None


def _params(_: argparse.Namespace) -> int:
    from analysis.params import declared_parameters

    for p in declared_parameters().values():
        print(f"{p.name}: {p.type_name} = {p.default!r}  # {p.help}")
    return 0


def _lab(args: argparse.Namespace) -> int:
    from analysis.lab import lab_command, replace_process_with

    replace_process_with(
        lab_command(port=args.port, token=args.token, open_browser=not args.no_browser)
    )


def _explore(args: argparse.Namespace) -> int:
    from analysis.lab import EXPLORE_NOTEBOOK, explore_command, replace_process_with

    notebook = Path(args.notebook) if args.notebook else EXPLORE_NOTEBOOK
    replace_process_with(
        explore_command(
            notebook, port=args.port, token=args.token, open_browser=not args.no_browser
        )
    )


def _draft(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from analysis.draft.annotate import build_tables
    from analysis.draft.command import check_request, draft_text, report_command, write_draft
    from analysis.load import load_record

    request = check_request(
        args.article,
        args.published,
        args.reference_date,
        args.article_id,
        args.outlet,
        args.url,
        args.force,
        Path(args.data_dir) if args.data_dir else paths.DATA_DIR,
    )
    record = load_record(request.data_dir)
    draft = draft_text(request.text, request.published, request.reference_date, record)
    if args.json:
        print(json.dumps(draft.to_json(), ensure_ascii=False, indent=1))
        return 0
    tables = build_tables(request.text, draft, request.outlet, record)
    article_dir, annotation_dir = write_draft(request, tables, dt.date.today())
    print(
        f"drafted {request.article_id}: {len(tables.claims)} claims, {len(tables.events)} "
        f"events, {len(tables.checks)} checks to review, {len(tables.actors)} actors; "
        f"wrote {article_dir} and {annotation_dir}"
        + (f" ({len(tables.notes)} notes in DRAFT-NOTES.md)" if tables.notes else "")
    )
    print(f"next: {report_command(request.article_id)}")
    return 0


def _score(args: argparse.Namespace) -> int:
    from analysis.draft.score import FIXTURES_DIR, TARGET_F1, format_table, gold_articles, score_all

    articles = gold_articles(Path(args.fixtures) if args.fixtures else FIXTURES_DIR)
    if args.article:
        articles = [a for a in articles if a.article_id in set(args.article)]
    if not articles:
        raise UsageError("score: no gold article found (see tests/fixtures/articles/README.md)")
    scores = score_all(articles)
    print(format_table(scores, TARGET_F1))
    below = [f"{s.article}: {', '.join(s.below_target())}" for s in scores if s.below_target()]
    if below:
        print(f"F1 under {TARGET_F1} (marked *): " + "; ".join(below), file=sys.stderr)
        return 1
    print(f"every F1 is at least {TARGET_F1}")
    return 0


def _add_draft_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """``draft``: a new article's text in, its article folder and drafted annotation out."""
    draft = commands.add_parser(
        "draft",
        parents=[common],
        help="draft the annotation of a new article (dates, quotes, actors) for review",
    )
    draft.add_argument("article", help="the article's text, a UTF-8 file (headline first)")
    draft.add_argument("--published", required=True, help="publication day, YYYY-MM-DD")
    draft.add_argument(
        "--reference-date", help="the day 'today' counts from (default: the publication day)"
    )
    draft.add_argument("--article-id", help="folder name (default: from the day and headline)")
    draft.add_argument("--outlet", help="who published it (default: 'Unknown outlet')")
    draft.add_argument("--url", help="the article's address, if it has one")
    draft.add_argument("--force", action="store_true", help="replace an article of the same id")
    draft.add_argument("--data-dir", help="data folder (default: the project's data/)")
    draft.add_argument(
        "--json", action="store_true", help="write nothing; print what was found as JSON"
    )
    draft.set_defaults(run=_draft)
    score = commands.add_parser(
        "score", parents=[common], help="score the drafter against the gold test articles"
    )
    score.add_argument("article", nargs="*", help="gold articles to score (default: all)")
    score.add_argument(
        "--fixtures", help="folder of gold articles (default: tests/fixtures/articles)"
    )
    score.set_defaults(run=_score)


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser: one sub-command per task."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full traceback of an error",
    )
    parser = _Parser(
        prog=PROG,
        description=__doc__.split("\n\n")[1].replace("\n", " "),
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_report_command(commands, common)
    _add_batch_command(commands, common)

    validate = commands.add_parser(
        "validate", parents=[common], help="validate annotations and resolve their dates"
    )
    validate.add_argument("article_ids", nargs="*", help="articles to check (default: all)")
    validate.add_argument("--data-dir", help="data folder (default: the project's data/)")
    validate.set_defaults(run=_validate)

    params = commands.add_parser(
        "params", parents=[common], help="list the report notebook's parameters"
    )
    params.set_defaults(run=_params)
    _add_server_commands(commands, common)
    _add_draft_command(commands, common)
    return parser


def _add_server_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``lab`` and ``explore``: a server on the notebooks, with the same three options."""
    server = argparse.ArgumentParser(add_help=False)
    server.add_argument("--port", type=int, help="port to serve on (default: the server's usual)")
    server.add_argument(
        "--no-browser", action="store_true", help="do not open a browser (default: open one)"
    )
    server.add_argument("--token", help="the token to ask for (default: a new one)")
    lab = commands.add_parser(
        "lab",
        parents=[common, server],
        help="JupyterLab on the project, the .py notebook sources opening as notebooks",
    )
    lab.set_defaults(run=_lab)
    explore = commands.add_parser(
        "explore",
        parents=[common, server],
        help="the exploration notebook served by Voilà as a page of its outputs",
    )
    explore.add_argument(
        "notebook", nargs="?", help="a jupytext notebook (default: notebooks/explore.py)"
    )
    explore.set_defaults(run=_explore)


def _add_report_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """``report``: an option per notebook parameter, the output folder, make's variables."""
    from analysis.params import declared_parameters

    report = commands.add_parser(
        "report", parents=[common], help="execute the report notebook and export it"
    )
    for p in declared_parameters().values():
        report.add_argument(
            f"--{p.name.replace('_', '-')}", dest=p.name, help=f"{p.help} (default: {p.default!r})"
        )
    report.add_argument(
        "--output-dir",
        help="where to write the report (default: reports/<article_id>, or for other "
        "parameters the folder a batch would use, e.g. reports/<article_id>__focus-actor-pavel)",
    )
    report.add_argument(
        "--from-environment",
        action="store_true",
        help=f"take parameters not given as options from {ENV_PREFIX}<NAME> variables "
        "(how make passes them)",
    )
    report.set_defaults(run=_report)


def _add_batch_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """``batch``: the parameter file, where and how the sets run, make's variables."""
    batch = commands.add_parser(
        "batch", parents=[common], help="run the report for many parameter sets"
    )
    batch.add_argument("params_file", nargs="?", help="YAML: a list of parameter sets, or a grid")
    batch.add_argument("--workers", type=int, help="parallel kernels (default: number of cores)")
    batch.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://host:8786")
    batch.add_argument("--force", action="store_true", help="rerun sets whose inputs are unchanged")
    batch.add_argument("--retries", type=int, help="rerun failed sets up to K times (default: 0)")
    batch.add_argument(
        "--no-pdf", action="store_true", help="skip the PDF of each report (HTML and data only)"
    )
    batch.add_argument(
        "--from-environment",
        action="store_true",
        help=f"take options not given from {ENV_PREFIX}PARAMS, _WORKERS, _SCHEDULER, _RETRIES, "
        "_FORCE, _NO_PDF (how make passes them)",
    )
    batch.set_defaults(run=_batch)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    debug = getattr(args, "debug", False)
    undo = interrupts.install()
    try:
        code = int(args.run(args))
        late = interrupts.received()
        if late is not None:
            # The signal came during the last step, which runs to its end: the output is whole.
            print(
                f"{PROG} {args.command}: stopped by {signal.Signals(late).name} as it finished; "
                "what it wrote is whole",
                file=sys.stderr,
            )
            return 130 if late == signal.SIGINT else 143
        return code
    except KeyboardInterrupt as exc:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if debug:
            raise
        is_term = isinstance(exc, Interrupted)
        outcome = (
            "sets that had finished are kept, the others were left as they were"
            if args.command == "batch"
            else "nothing was replaced, and no partial output was left"
        )
        print(
            f"{PROG} {args.command}: {'stopped by SIGTERM' if is_term else 'interrupted'}; "
            + outcome,
            file=sys.stderr,
        )
        return 143 if is_term else 130
    except (AnalysisError, OSError) as exc:
        if debug:
            raise
        print(f"{PROG} {args.command}: error: {one_line(exc)}", file=sys.stderr)
        return exc.exit_code if isinstance(exc, AnalysisError) else 1
    except Exception as exc:  # a bug of ours: say so in one line, and how to see more
        if debug:
            raise
        print(
            f"{PROG} {args.command}: internal error: {type(exc).__name__}: {one_line(exc)} "
            "(run again with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1
    finally:
        undo()


if __name__ == "__main__":
    sys.exit(main())
