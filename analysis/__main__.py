"""Command line: ``python -m analysis report|validate|params``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Importing nbformat pulls in jsonschema's optional IRI checker, whose grammar takes 0.7 s or
# more to build, in every process, for a check that notebook validation never uses. The
# command line keeps jsonschema from loading it; other processes are left alone.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from analysis import paths  # noqa: E402


def _report(args: argparse.Namespace) -> int:
    from analysis.params import declared_parameters
    from analysis.report import ReportError, build_report

    declared = declared_parameters()
    overrides = {name: value for name, value in vars(args).items() if name in declared}
    parameters = {name: p.default for name, p in declared.items()}
    for name, value in overrides.items():
        if value is None:
            continue
        if declared[name].type_name == "bool":
            value = _parse_bool(name, value)
        parameters[name] = value
    from analysis.fingerprint import input_fingerprint

    # The same record a batch keeps, so a later batch can reuse this report.
    manifest = {"fingerprint": input_fingerprint(parameters, paths.REPORT_NOTEBOOK, make_pdf=True)}
    try:
        build_report(
            parameters,
            output_dir=Path(args.output_dir) if args.output_dir else None,
            manifest=manifest,
        )
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _parse_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise SystemExit(f"parameter '{name}': expected true or false (value: {value!r})")


def _validate(args: argparse.Namespace) -> int:
    from analysis.compute import resolve_events
    from analysis.load import load_annotation
    from analysis.tables import ANNOTATION_TABLES

    data_dir = Path(args.data_dir) if args.data_dir else paths.DATA_DIR
    ids = args.article_ids or sorted(
        p.name for p in (data_dir / "annotations").iterdir() if p.is_dir()
    )
    for article_id in ids:
        annotation = load_annotation(article_id, data_dir)
        resolve_events(annotation, annotation.article.metadata["default_reference_date"])
        counts = ", ".join(f"{len(annotation.table(name))} {name}" for name in ANNOTATION_TABLES)
        print(f"{article_id}: valid ({counts})")
    return 0


def _batch(args: argparse.Namespace) -> int:
    import os

    from analysis.batch import BatchError, format_summary, plan_runs, read_parameter_sets, run_batch

    try:
        specs = plan_runs(read_parameter_sets(Path(args.params_file)))
    except (BatchError, OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    # With a scheduler, the cluster's threads set the pace unless --workers says otherwise.
    workers = args.workers or os.cpu_count() or 1
    summary = run_batch(
        specs,
        workers=max(1, min(workers, len(specs))),
        force=args.force,
        retries=args.retries,
        make_pdf=not args.no_pdf,
        scheduler=args.scheduler,
    )
    print(format_summary(summary))
    print(f"index: {paths.REPORTS_DIR / 'index.html'}")
    return 1 if summary.failed else 0


def _params(_: argparse.Namespace) -> int:
    from analysis.params import declared_parameters

    for p in declared_parameters().values():
        print(f"{p.name}: {p.type_name} = {p.default!r}  # {p.help}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    from analysis.params import declared_parameters

    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    report = commands.add_parser("report", help="execute the report notebook and export it")
    for p in declared_parameters().values():
        report.add_argument(
            f"--{p.name.replace('_', '-')}", dest=p.name, help=f"{p.help} (default: {p.default!r})"
        )
    report.add_argument(
        "--output-dir", help="where to write the report (default: reports/<article_id>)"
    )
    report.set_defaults(run=_report)

    validate = commands.add_parser("validate", help="validate annotations and resolve their dates")
    validate.add_argument("article_ids", nargs="*", help="articles to check (default: all)")
    validate.add_argument("--data-dir", help="data folder (default: the project's data/)")
    validate.set_defaults(run=_validate)

    batch = commands.add_parser("batch", help="run the report for many parameter sets")
    batch.add_argument("params_file", help="YAML: a list of parameter sets, or a grid")
    batch.add_argument("--workers", type=int, help="parallel kernels (default: number of cores)")
    batch.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://host:8786")
    batch.add_argument("--force", action="store_true", help="rerun sets whose inputs are unchanged")
    batch.add_argument("--retries", type=int, default=0, help="rerun failed sets up to K times")
    batch.add_argument(
        "--no-pdf", action="store_true", help="skip the PDF of each report (HTML and data only)"
    )
    batch.set_defaults(run=_batch)

    params = commands.add_parser("params", help="list the report notebook's parameters")
    params.set_defaults(run=_params)

    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
