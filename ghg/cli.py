"""The ``ghg`` command line (thin: parsing and printing; the work is in the library).

Exit codes: 0 done; 2 bad input or usage (nothing written); 3 the machine (disk, permissions);
4 ``ghg verify`` wrote its findings and the submission fails; 130 interrupted; 1 a bug (the
traceback goes to a log file, ``ghg.core.bug_report``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ghg.core.i18n import LANGUAGES, N_, _, language
from ghg.core.schema import GWP_SETS as GWP_CHOICES

#: Commands whose deliverables are in Vietnamese unless asked otherwise (their messages too).
VIETNAMESE_FILES = ("report", "review", "template", "activities", "facility-report", "verify",
                    "serve")
#: ``ghg verify``: the submission was verified and fails (findings written, docs/contracts.md §5).
EXIT_VERIFY_FAIL = 4
_quiet = False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ghg", description="Greenhouse-gas inventories from activity tables (IPCC methods).")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--lang", choices=LANGUAGES,
                        help="language of messages (and of the report, template and activity "
                             "list): default the inventory's lang, else en (report, template, "
                             "activities: vi)")
    shared.add_argument("-q", "--quiet", action="store_true",
                        help="print only warnings and errors")
    shared.add_argument("-v", "--verbose", action="store_true",
                        help="print each phase of the work with its time")
    _add = commands.add_parser

    def add(name: str, **kwargs) -> argparse.ArgumentParser:
        return _add(name, parents=[shared], **kwargs)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("path", metavar="PATH", type=Path,
                         help="inventory folder (with inventory.toml) or one activity table")
        sub.add_argument("--gwp", type=str.upper, choices=GWP_CHOICES,
                         help="GWP100 set (default: the inventory's, else AR5)")
        sub.add_argument("--factors", nargs="+", metavar="SET",
                         help="factor sets in precedence order, first wins "
                              "(default: the inventory's, else vn ipcc2006 density)")
        sub.add_argument("--grid-ef-fallback", choices=("none", "latest"),
                         help="for a year with no published grid factor: 'latest' uses the "
                              "latest earlier one and flags it; 'none' makes it an error "
                              "(default: the inventory's grid_ef_fallback, else none)")
        sub.add_argument("--sum-duplicates", action="store_true",
                         help="add up duplicate rows instead of refusing them (recorded)")
        sub.add_argument("--number-format", choices=("vi", "en"),
                         help="how numbers written as text are read: vi = 1.234,5, en = 1,234.5 "
                              "(default: the inventory's number_format, else only a decimal "
                              "point, and text such as 120.000 is refused)")

    def inventory_options(sub: argparse.ArgumentParser) -> None:
        """GWP set, factor sets and number format of a command that reads an inventory."""
        sub.add_argument("--gwp", type=str.upper, choices=GWP_CHOICES,
                         help="GWP100 set (default: the inventory's, else AR5)")
        sub.add_argument("--factors", nargs="+", metavar="SET",
                         help="factor sets in precedence order, first wins "
                              "(default: the inventory's)")
        sub.add_argument("--number-format", choices=("vi", "en"),
                         help="how numbers written as text are read (see compute)")

    compute = add("compute", help="compute emissions and write them to OUT")
    common(compute)
    compute.add_argument("-o", "--out", type=Path, default=Path("out"),
                         help="output folder (default: ./out)")
    compute.add_argument("--format", default="csv,netcdf", metavar="FORMATS",
                         help="output formats, comma-separated: csv, parquet, netcdf "
                              "(default: csv,netcdf)")
    compute.add_argument("--scheduler", metavar="threads|processes|ADDRESS",
                         help="compute on dask, one partition per activity file (a source's rows "
                              "in one file): a local scheduler or a dask.distributed address")
    explain = add("explain", help="show the calculation chain behind numbers")
    common(explain)
    explain.add_argument("--source", required=True, help="source_id to explain")
    explain.add_argument("--year", required=True, type=int, help="reporting year")
    explain.add_argument("--category", help="only this IPCC category")
    review = add("review", help="biennial review of the facility list")
    common(review)
    review.add_argument("--year", required=True, type=int,
                        help="year of the review (evaluates the two preceding years)")
    review.add_argument("-o", "--out", type=Path, default=Path("out"),
                        help="output folder (default: ./out)")
    review.add_argument("--criteria", type=Path,
                        help="criteria table (default: Decree 06/2022 Art. 6)")
    review.add_argument("--enable-rule", nargs="+", default=[], metavar="RULE",
                        help="switch on rules disabled by default (draft rules)")
    review.add_argument("--toe-fallback", choices=("none", "ncv"), default="none",
                        help="fuels without a MoIT TOE factor: 'ncv' converts their IPCC NCV "
                             "energy (1 TOE = 41.868 GJ); default: energy unknown")
    review.add_argument("--previous", type=Path,
                        help="an earlier review.csv, to show which facilities changed status")
    recompute = add("recompute",
                                    help="recompute a run with new factors or GWP, with a "
                                         "change report")
    recompute.add_argument("run", metavar="RUN", type=Path, help="a run folder of ghg compute")
    recompute.add_argument("-o", "--out", type=Path, required=True, help="new run folder")
    recompute.add_argument("--factors", nargs="+", metavar="SET",
                           help="factor sets in precedence order (default: the run's)")
    recompute.add_argument("--gwp", type=str.upper, choices=GWP_CHOICES,
                           help="GWP100 set (default: the run's)")
    recompute.add_argument("--grid-ef-fallback", choices=("none", "latest"),
                           help="year fallback for the grid factor (default: the run's)")
    recompute.add_argument("--allow-changed-inputs", action="store_true",
                           help="recompute even if input files changed since the run")
    scenario = add(
        "scenario", help="BAU and mitigation trajectories and the 2030 target check")
    scenario.add_argument("path", metavar="PATH", type=Path,
                          help="scenario folder (with scenario.toml naming its inventory)")
    scenario.add_argument("-o", "--out", type=Path, required=True,
                          help="folder for trajectories, target, wedges, progress, sensitivity")
    scenario.add_argument("--basis", choices=("territorial", "territorial_without_lulucf",
                                              "scope1_2"),
                          help="accounting basis of the verdict (default: scenario.toml's)")
    scenario.add_argument("--draws", type=int, help="Monte Carlo draws (default: scenario.toml's)")
    scenario.add_argument("--seed", type=int, help="Monte Carlo seed (default: scenario.toml's)")

    report = add("report", help="provincial report: XLSX workbook, PNG charts "
                                 "and HTML summary, in Vietnamese or English")
    report.add_argument("path", metavar="PATH", type=Path,
                        help="inventory folder (with inventory.toml and aggregate_sources)")
    report.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    inventory_options(report)
    report.add_argument("--draws", type=int, default=None,
                        help="Monte Carlo draws (default: 10000)")
    report.add_argument("--seed", type=int, default=None,
                        help="Monte Carlo seed (default: fixed, see ghg.province.inventory.SEED)")
    report.add_argument("--scenario", type=Path, metavar="PATH",
                        help="scenario folder: adds the 2030 target sheet and chart")
    facility_report = add("facility-report",
                          help="a facility's inventory report (Decree 06/2022 Form 06): XLSX "
                               "and HTML, in Vietnamese or English")
    facility_report.add_argument("path", metavar="PATH", type=Path,
                                 help="inventory folder (with facilities.csv)")
    facility_report.add_argument("--facility", required=True, metavar="ID",
                                 help="facility_id of facilities.csv")
    facility_report.add_argument("--years", required=True, type=_years, metavar="YEARS",
                                 help="reporting years, comma-separated (e.g. 2023,2024)")
    facility_report.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    inventory_options(facility_report)
    verify = add("verify", help="the province's verification of a facility's report: "
                                "completeness, sources and methods, accuracy")
    verify.add_argument("submission", metavar="SUBMISSION", type=Path,
                        help="the facility's report workbook (facility_report.xlsx layout)")
    verify.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    verify.add_argument("--factors", nargs="+", metavar="SET",
                        help="official factor sets, first wins (default: the library's "
                             "default sets)")
    verify.add_argument("--years", type=_years, metavar="YEARS",
                        help="the cycle's two years, if fixed (default: the years the report "
                             "states)")
    verify.add_argument("--change-threshold", type=float, default=None, metavar="PCT",
                        help="a year-on-year change above PCT %% needs an explanation "
                             "(default: 10)")
    factors = _add("factors", help="list factor sets or compare two versions")
    factor_commands = factors.add_subparsers(dest="factors_command", metavar="ACTION",
                                             required=True)
    factor_commands.add_parser("list", parents=[shared],
                               help="the built-in factor sets with hash and dates")
    diff = factor_commands.add_parser("diff", parents=[shared],
                                      help="rows added, removed or changed")
    diff.add_argument("old", metavar="OLD", help="set name or folder")
    diff.add_argument("new", metavar="NEW", help="set name or folder")
    diff.add_argument("-o", "--out", type=Path, help="write the differences as CSV here")
    template = add(
        "template", help="an Excel workbook to fill in: a sheet per activity kind, drop-down "
        "lists, instructions, an example row")
    template.add_argument("kind", metavar="KIND",
                          help="a kind (fuel, livestock, rice, ...), a group (energy, "
                               "agriculture, waste), all, or facilities (the register)")
    template.add_argument("-o", "--out", type=Path, required=True, help="the .xlsx file to write")
    activities = add(
        "activities", help="list the activity keys with their Vietnamese and English names and "
        "units")
    activities.add_argument("--kind", help="only this kind or group (see ghg template)")
    _register_parser(_add("register", help="the facility register across review cycles: "
                          "facilities, list decisions, submissions, who is late"), shared)
    serve = add("serve", help="a local web page (Vietnamese or English) to upload data and see "
                              "the inventory, the target and the facilities")
    serve.add_argument("path", metavar="PATH", type=Path, nargs="?",
                       help="inventory folder, or a scenario folder (its inventory is served)")
    serve.add_argument("--scenario", type=Path, metavar="PATH",
                       help="scenario folder for the Target page")
    serve.add_argument("--workspace", type=Path, metavar="DIR",
                       help="folder of the page's jobs (default: .ghg-web beside the inventory)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; any other needs the "
                            "token printed at start)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.add_argument("--draws", type=int, metavar="N",
                       help="Monte Carlo draws of the page's reports and scenarios (default: "
                            "the commands' defaults)")
    return parser


def _register_parser(register: argparse.ArgumentParser, shared: argparse.ArgumentParser) -> None:
    actions = register.add_subparsers(dest="register_command", metavar="ACTION", required=True)

    def action(name: str, text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, parents=[shared], help=text)
        sub.add_argument("path", metavar="INVENTORY", type=Path,
                         help="inventory folder (its register.sqlite is created on first use)")
        return sub

    imported = action("import", "import facilities.csv, and a review's list decisions")
    imported.add_argument("--decisions", type=Path, metavar="REVIEW_CSV",
                          help="the review.csv ghg review wrote for the cycle")
    imported.add_argument("--cycle", type=int, help="year of that review")
    action("list", "the facilities with their list decision per cycle")
    status = action("status", "who must report in the current cycle, and who is late")
    status.add_argument("--on", metavar="YYYY-MM-DD", help="the date to judge on (default: today)")
    status.add_argument("--cycle", type=int, help="the cycle (default: the one running --on)")
    history = action("history", "a facility's decisions and submissions, cycle by cycle")
    history.add_argument("--facility", required=True, metavar="ID")
    submit = action("submit", "record a facility's report as received")
    submit.add_argument("--facility", required=True, metavar="ID")
    submit.add_argument("--cycle", required=True, type=int, help="the year the report is due")
    submit.add_argument("--received", required=True, metavar="YYYY-MM-DD")
    submit.add_argument("--file", type=Path, help="the file received (its SHA-256 is recorded)")
    submit.add_argument("--sha256", help="the SHA-256 of the file received, if not given")
    submit.add_argument("--reported", type=float, metavar="T_CO2E", help="the facility's total")
    submit.add_argument("--recomputed", type=float, metavar="T_CO2E", help="ghg verify's total")
    submit.add_argument("--result", default="not_verified",
                        choices=("pass", "pass_with_remarks", "fail", "not_verified"),
                        help="verification result (default: not_verified)")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ghg`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from ghg.engine.provenance import package_version

        print(package_version())
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    from ghg.core.i18n import use_language

    global _quiet
    _quiet = args.quiet
    # before anything is said, errors included; only for this command (main may be called by a
    # program that goes on in its own language)
    with use_language(_language(args)):
        return _run_command(args, argv)


def _run_command(args: argparse.Namespace, argv: list[str] | None) -> int:
    from ghg.core.errors import GHGError
    from ghg.core.progress import for_terminal, reporting

    _plain_warnings()
    try:
        _check_output(args)  # a refusal comes before any heavy import or input
        from ghg.core import units

        units.HIDE_DASK_FROM_PINT = True  # this process is the command's own (not a library's)
        with reporting(for_terminal(args.quiet, args.verbose)):
            return _command(args)
    except GHGError as error:
        print(str(error), file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
    except OSError as error:  # the machine, not the input: disk full, read-only, permissions
        where = f"{error.filename}: " if error.filename else ""
        print(where + _("{error}; nothing was written (check the disk, the folder's permissions "
                        "and free space)").format(error=error.strerror or error), file=sys.stderr)
        return 3
    except KeyboardInterrupt:  # stopped by the user: no traceback; run folders appear whole
        print(_("interrupted; nothing more was written"), file=sys.stderr)
        return 130
    except Exception as error:  # anything else is a bug: say so, keep the traceback in a log
        from ghg.core.bug_report import write_bug_log

        log = write_bug_log(error, sys.argv[1:] if argv is None else argv)
        print(_("this is a bug in ghg, please report it: {log}").format(log=log)
              + f"\n{type(error).__name__}: {error}", file=sys.stderr)
        return 1


def _command(args: argparse.Namespace) -> int:
    if args.command == "compute":
        return _compute(args)
    if args.command == "review":
        return _review(args)
    if args.command == "recompute":
        return _recompute(args)
    if args.command == "factors":
        return _factors(args)
    if args.command == "report":
        return _report(args)
    if args.command == "scenario":
        return _scenario(args)
    if args.command == "template":
        return _template(args)
    if args.command == "activities":
        return _activities(args)
    if args.command == "facility-report":
        return _facility_report(args)
    if args.command == "verify":
        return _verify(args)
    if args.command == "register":
        return _register(args)
    if args.command == "serve":
        return _serve(args)
    return _explain(args)


def _language(args: argparse.Namespace) -> str:
    """``--lang``, else the inventory's ``lang``, else English (Vietnamese for the commands
    whose files are in a language)."""
    if args.lang:
        return args.lang
    path = getattr(args, "path", None)
    config = Path(path) / "inventory.toml" if path is not None else None
    if config is not None and config.is_file():
        import tomllib

        try:  # only a hint here: the file is read and checked properly later
            lang = tomllib.loads(config.read_text(encoding="utf-8")).get("lang")
        except (OSError, ValueError):
            lang = None
        if lang in LANGUAGES:
            return str(lang)
    return "vi" if args.command in VIETNAMESE_FILES else "en"


def _say(text: str) -> None:
    """A summary line on stdout, unless ``-q``."""
    if not _quiet:
        print(text)


def _plain_warnings() -> None:
    """Input warnings (a skipped lock file, logged by ``ghg.inputs``) as ``warning: ...`` lines
    on stderr."""
    import logging

    class Plain(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            print(f"warning: {record.getMessage()}", file=sys.stderr)  # sys.stderr at emit time

    logger = logging.getLogger("ghg")
    if not any(isinstance(h, Plain) or type(h).__name__ == "Plain" for h in logger.handlers):
        logger.addHandler(Plain(logging.WARNING))
    logger.propagate = False


def _check_output(args: argparse.Namespace) -> None:
    """Refuse an output folder that cannot take the command's files before any heavy import:
    a new or empty folder whose parent can be written (docs/contracts.md §3). Each command checks
    again with its inputs, which it may have to open first to know."""
    if args.command not in ("compute", "recompute", "report", "review", "scenario",
                            "facility-report", "verify"):
        return
    from ghg.core.files import check_output

    given = (getattr(args, name, None) for name in ("path", "run", "criteria", "previous",
                                                    "submission"))
    check_output(args.out, [p for p in given if p is not None])


def _formats(text: str) -> tuple[str, ...]:
    """The ``--format`` list, checked before any input is read."""
    from ghg.core.errors import ConfigError
    from ghg.engine.writers import FORMATS, check_formats

    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise ConfigError(f"--format {text!r}: " + _(
            "expected one or more of {formats}, comma-separated").format(
                formats=", ".join(FORMATS)))
    check_formats(names)
    return names


def _run(args: argparse.Namespace):
    from ghg.engine.pipeline import compute

    return compute(args.path, factors=args.factors, gwp=args.gwp,
                   grid_ef_fallback=args.grid_ef_fallback, sum_duplicates=args.sum_duplicates,
                   number_format=args.number_format)


def _compute(args: argparse.Namespace) -> int:
    from ghg.core.files import check_output
    from ghg.engine.writers import write_result

    formats = _formats(args.format)
    if args.scheduler:
        _check_scheduler(args.scheduler)
    check_output(args.out, [args.path])  # before reading anything, not after a long computation
    result = _compute_scaled(args) if args.scheduler else _run(args)
    written = write_result(result, args.out, formats=formats)
    from ghg.factors.resolve import fallback_message

    rows = result.provenance["rows"]
    _say(_territorial_line(args.path, result))
    elsewhere = _(", {rows} landfill deposit rows accounted in their site's first-order decay "
                  "records").format(rows=rows["accounted_elsewhere"]) \
        if rows.get("accounted_elsewhere") else ""
    _say(_("{read} rows read, {computed} computed{elsewhere}, {rejected} rejected").format(
        read=rows["read"], computed=rows["computed"], elsewhere=elsewhere,
        rejected=rows["rejected"]))
    if rows.get("without_emissions"):
        print(_("warning: {count} rows gave no emission record (every gas not estimated): "
                "{rows}").format(count=rows["without_emissions"], rows=", ".join(
                    result.provenance["rows_without_emissions"][:10])), file=sys.stderr)
    for fallback in result.provenance["fallbacks"]:
        print(_("warning: {activity} {category} {year}: {flag} (rows: {rows})").format(
            activity=fallback["activity"], category=fallback["category"], year=fallback["year"],
            flag=fallback_message(fallback["flag"]), rows=fallback["rows"]), file=sys.stderr)
    _say(_wrote(written))
    return 0


def _signed(value: float, decimals: int) -> str:
    from ghg.core.i18n import number

    return ("+" if value >= 0 else "-") + number(abs(value), decimals)


def _wrote(paths) -> str:
    return _("wrote {files}").format(files=", ".join(str(p) for p in paths))


def _check_scheduler(scheduler: str) -> None:
    """``--scheduler``: a known name or an address, and dask installed, before any input."""
    import importlib
    import re

    from ghg.core.errors import ConfigError

    local = scheduler in ("threads", "processes", "synchronous")
    if not local and not re.fullmatch(r"(\w+://)?[\w.\-\[\]:]+:\d+", scheduler):
        raise ConfigError(f"--scheduler {scheduler}: " + _(
            "expected threads, processes, synchronous or the address of a dask.distributed "
            "scheduler (tcp://host:8786)"))
    for module in ("dask",) if local else ("dask", "distributed"):
        try:
            importlib.import_module(module)
        except ImportError:
            raise ConfigError(f"--scheduler {scheduler}: " + _(
                "needs {module}, which is not installed; install it with pip install "
                "'ghg[scale]'").format(module=module)) from None


def _territorial_line(path: Path, result) -> str:
    """The latest year's territorial total, facilities counted once, and the scope-2 memo."""
    from ghg.engine.territorial import counted_once

    config = Path(path) / "inventory.toml"
    sources: list[str] = []
    if config.is_file():
        from ghg.inputs.config import load_config

        sources = list(load_config(config).aggregate_sources)
    direct = counted_once(result.emissions, sources, scope=1)[0]
    bought = counted_once(result.emissions, sources, scope=2)[0]
    year = int(result.emissions["year"].max())
    total = direct.loc[direct["year"] == year, "co2e_t"].sum()
    memo = bought.loc[bought["year"] == year, "co2e_t"].sum()
    from ghg.core.i18n import number

    counted = _("facilities counted once") if sources else \
        _("every source added: no aggregate_sources declared")
    return _("{year}: {total} t CO2e net territorial emissions (scope 1, {counted}; GWP {gwp}); "
             "memo: purchased electricity (scope 2) {memo} t CO2e").format(
                 year=year, total=number(total, 1), counted=counted, gwp=result.gwp,
                 memo=number(memo, 1))


def _serve(args: argparse.Namespace) -> int:
    """``ghg serve``: Starlette, uvicorn and Jinja2 are imported here only."""
    import tomllib

    from ghg.core.errors import ConfigError
    from ghg.core.i18n import language
    from ghg.web.server import serve

    inventory, scenario = args.path, args.scenario
    if inventory is not None and (inventory / "scenario.toml").is_file():
        scenario = scenario or inventory
        named = tomllib.loads((inventory / "scenario.toml").read_text(encoding="utf-8"))
        inventory = inventory / str(named.get("inventory", ""))
    if inventory is not None and not (inventory / "inventory.toml").is_file():
        raise ConfigError(f"{inventory}: " + _("not an inventory folder (no inventory.toml)"))
    serve(inventory, scenario, args.workspace, args.host, args.port, language(),
          browser=not args.no_browser, say=_say, draws=args.draws)
    return 0


def _compute_scaled(args: argparse.Namespace):
    """``--scheduler``: the same run on dask, one partition per activity file."""
    from ghg.engine.distributed import compute_folder

    result = compute_folder(args.path, scheduler=args.scheduler, factors=args.factors,
                            gwp=args.gwp, grid_ef_fallback=args.grid_ef_fallback,
                            sum_duplicates=args.sum_duplicates,
                            number_format=args.number_format)
    _say(_("computed on dask ({scheduler}), one partition per activity file").format(
        scheduler=args.scheduler))
    return result


def _explain(args: argparse.Namespace) -> int:
    from ghg.engine.pipeline import compute_inputs
    from ghg.inputs.folder import read_inputs, select_rows

    # The whole input is validated, but only the rows explained need their factors.
    inputs = select_rows(read_inputs(args.path, sum_duplicates=args.sum_duplicates,
                                     number_format=args.number_format),
                         args.source, args.year, args.category)
    result = compute_inputs(inputs, factors=args.factors, gwp=args.gwp,
                            grid_ef_fallback=args.grid_ef_fallback,
                            sum_duplicates=args.sum_duplicates)
    print(result.explain(args.source, args.year, args.category))
    return 0


def _review(args: argparse.Namespace) -> int:
    from ghg.core.files import check_output
    from ghg.review.facility_list import compare_with_previous, deadlines, review
    from ghg.review.output import DECISIONS, write_review
    from ghg.review.previous import previous_from_register, read_previous

    check_output(args.out, [p for p in (args.path, args.criteria, args.previous) if p])
    # the earlier review is checked before the inventory is read, not after
    previous = read_previous(args.previous) if args.previous is not None else None
    if previous is None:  # the register remembers the last cycle's decisions
        cycle, previous = previous_from_register(args.path, args.year)
        if cycle is not None:
            _say(_("previous decisions: cycle {cycle} of the register").format(cycle=cycle))
    result = review(args.path, args.year, criteria=args.criteria,
                    enable=tuple(args.enable_rule), toe_fallback=args.toe_fallback,
                    factors=args.factors, gwp=args.gwp, grid_ef_fallback=args.grid_ef_fallback,
                    sum_duplicates=args.sum_duplicates, number_format=args.number_format)
    if previous is not None:
        result.table = compare_with_previous(result.table, previous)
    written = write_review(result, args.out)
    counts = result.table["change"].value_counts()
    _say(_("review {year} (data {first}-{last}): {counts}").format(
        year=result.year, first=result.period[0], last=result.period[-1],
        counts=", ".join(f"{counts.get(c, 0)} {_(word)}" for c, word in DECISIONS.items())))
    watch = result.table.loc[result.table["watch"] == "yes", "facility_id"].tolist()
    if watch:
        _say(_("watch list (within 10% below a threshold): {ids}").format(ids=", ".join(watch)))
    for note in result.notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    for line in deadlines(args.year):
        _say(_("deadline: {line}").format(line=line))
    _say(_wrote(written))
    return 0


def _recompute(args: argparse.Namespace) -> int:
    from ghg.core.files import check_output, write_run
    from ghg.engine.run_folder import check_run_folder
    from ghg.engine.writers import run_files
    from ghg.recompute import recalculation_files, recompute, run_inputs

    check_run_folder(args.run)  # a damaged run is refused before anything else is read
    check_output(args.out, run_inputs(args.run))
    recalculation = recompute(args.run, factors=args.factors, gwp=args.gwp,
                              allow_changed_inputs=args.allow_changed_inputs,
                              grid_ef_fallback=args.grid_ef_fallback)
    written = write_run(args.out, run_files(recalculation.result,
                                            extra=recalculation_files(recalculation)))
    changes = recalculation.changes
    moved = changes[changes["diff_t"] != 0]
    rows = moved[["source_id", "year", "category", "gas", "scope"]].drop_duplicates()
    from ghg.core.i18n import number

    _say(_("{changes} changes in {rows} emission rows; total {total} t CO2e").format(
        changes=len(moved), rows=len(rows), total=_signed(changes["diff_t"].sum(), 3)))
    summary = recalculation.summary
    for row in summary[summary["old_co2e_t"] != summary["new_co2e_t"]].itertuples():
        _say("  " + _("{sector} {year} scope {scope}: {old} -> {new} t CO2e ({pct}%)").format(
            sector=row.sector, year=row.year, scope=row.scope, old=number(row.old_co2e_t, 1),
            new=number(row.new_co2e_t, 1), pct=_signed(row.change_pct, 2)))
    for row in recalculation.status_changes.itertuples():
        _say("  " + _("list status {year}: {facility} {before} -> {after}").format(
            year=row.review_year, facility=row.facility_id, before=row.before, after=row.after))
    for note in recalculation.notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    _say(_wrote(written))
    return 0


def _scenario(args: argparse.Namespace) -> int:
    from ghg.core.errors import ConfigError
    from ghg.core.files import check_output
    from ghg.scenario.runner import chart_workers, run_scenario

    check_output(args.out, [args.path])  # the inventory it names: checked by run_scenario
    if args.draws is not None and args.draws < 1:
        raise ConfigError(_("--draws {draws} is not a number of draws; expected 1 or more, e.g. "
                            "10000").format(draws=args.draws))
    charts = chart_workers()  # import matplotlib while the scenario computes, then draw
    result = run_scenario(args.path, args.out, basis=args.basis, draws=args.draws,
                          seed=args.seed, workers=charts)
    _say(result.summary)
    _say(_("wrote {files}").format(files=f"{args.out}/"))
    return 0


def _report(args: argparse.Namespace) -> int:
    from ghg import province
    from ghg.core.errors import ConfigError
    from ghg.core.files import check_output
    from ghg.report.write import report_workers, write_report

    if args.draws is not None and args.draws < 2:  # before the inventory is read
        raise ConfigError(f"--draws {args.draws}: " + _("expected a number of draws >= 2 (e.g. "
                                                        "10000)"))
    check_output(args.out, [args.path])
    if args.scenario is not None:  # the scenario must be of this inventory: checked first
        from ghg.scenario import read_scenario

        named = read_scenario(args.scenario).inventory
        if named != Path(args.path).resolve():
            raise ConfigError(_("{scenario}: its inventory is {named}, not the report's {path}; "
                                "expected a scenario of this inventory").format(
                scenario=args.scenario, named=named, path=Path(args.path).resolve()))
    # processes that import matplotlib while the inventory computes, and one for its draws
    draws_worker, charts = report_workers()
    provincial = province.build(
        args.path, factors=args.factors, gwp=args.gwp, number_format=args.number_format,
        draws=province.DRAWS if args.draws is None else args.draws,
        seed=province.SEED if args.seed is None else args.seed,
        monte_carlo_worker=draws_worker)
    from ghg.core.i18n import language, number

    target = None
    if args.scenario is not None:
        from ghg.scenario.runner import run_scenario

        target = run_scenario(args.scenario)

    written = write_report(provincial, args.out, lang=language(), scenario=target,
                           workers=charts)
    totals = provincial.territorial.groupby("year")["co2e_t"].sum()
    _say(_("{year}: {total} t CO2e net territorial emissions (GWP {gwp}); {keys} key "
           "categories; {findings} QA/QC findings").format(
               year=int(totals.index[-1]), total=number(totals.iloc[-1], 1),
               gwp=provincial.result.gwp, keys=len(provincial.key_categories),
               findings=len(provincial.qaqc)))
    _say(_wrote(written))
    return 0


def _years(text: str) -> tuple[int, ...]:
    """``2023,2024`` as years (argparse type)."""
    try:
        years = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        years = ()
    if not years:
        raise argparse.ArgumentTypeError(
            _("{text!r}: expected years separated by commas, e.g. 2023,2024").format(text=text))
    return years


def _facility_report(args: argparse.Namespace) -> int:
    from ghg.core.files import check_output
    from ghg.core.i18n import language, number
    from ghg.report.facility import write_facility_report
    from ghg.report.facility_tables import facility_inventory

    check_output(args.out, [args.path])
    inv = facility_inventory(args.path, args.facility, args.years, factors=args.factors,
                             gwp=args.gwp, number_format=args.number_format)
    written = write_facility_report(inv, args.out, lang=language())
    emissions = inv.result.emissions
    mine = emissions.loc[emissions["year"].isin(inv.years).to_numpy()]
    for (year, scope), total in mine.groupby(["year", "scope"])["co2e_t"].sum().items():
        _say(_("{facility} {year} scope {scope}: {total} t CO2e (GWP {gwp})").format(
            facility=args.facility, year=year, scope=scope, total=number(total, 1),
            gwp=inv.result.gwp))
    _say(_wrote(written))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from ghg.core.files import check_output
    from ghg.review.verify import CHANGE_PCT, DECISIONS, SEVERITIES, verify
    from ghg.review.verify_output import write_verification

    check_output(args.out, [args.submission])
    change = CHANGE_PCT if args.change_threshold is None else args.change_threshold
    result = verify(args.submission, factors=args.factors, years=args.years, change_pct=change)
    written = write_verification(result, args.out, change)
    # The register of submissions (issue 18) would record the result here, after the files.
    for row in result.findings.itertuples():
        _say(f"  {_(SEVERITIES[row.severity])}: {row.where}: {row.finding}")
    _say(_("verification: {decision} ({errors} errors, {warnings} warnings)").format(
        decision=_(DECISIONS[result.decision]),
        errors=int((result.findings["severity"] == "error").sum()),
        warnings=int((result.findings["severity"] == "warning").sum())))
    _say(_wrote(written))
    return EXIT_VERIFY_FAIL if result.decision == "fail" else 0


def _factors(args: argparse.Namespace) -> int:
    from ghg.core.files import csv_bytes, write_bytes_atomic
    from ghg.factors.catalogue import diff_sets, list_sets, printed_sets, resolve_set

    if args.factors_command == "list":
        table = list_sets()
        table["sha256"] = table["sha256"].str[:16]
        print(printed_sets(table, language()).to_string(index=False))
        return 0
    differences = diff_sets(resolve_set(args.old), resolve_set(args.new))
    if args.out is not None:
        write_bytes_atomic(args.out, csv_bytes(differences))
    counts = differences["change"].value_counts()
    words = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
    _say(", ".join(f"{counts.get(c, 0)} {_(word)}" for c, word in words.items()))
    if len(differences):
        print(differences.to_string(index=False))
    return 0


def _template(args: argparse.Namespace) -> int:
    from ghg.core.errors import ConfigError
    from ghg.inputs.template import write_template

    if args.out.suffix.lower() != ".xlsx":
        raise ConfigError(f"{args.out}: " + _("expected a file name ending in .xlsx"))
    if args.out.exists():  # it may be a filled template: never written over
        raise ConfigError(f"{args.out}: " + _("already exists; choose a new file name"))
    from ghg.core.i18n import language

    _say(_wrote([write_template(args.kind, args.out, language())]))
    return 0


def _activities(args: argparse.Namespace) -> int:
    from ghg.core.i18n import language
    from ghg.inputs.listing import activity_list

    print(activity_list(args.kind, language()).to_string(index=False))
    return 0


def _register(args: argparse.Namespace) -> int:
    from ghg.register import actions

    name = args.register_command
    if name == "import":
        lines = actions.import_inventory(args.path, args.decisions, args.cycle)
    elif name == "list":
        lines = actions.list_facilities(args.path)
    elif name == "status":
        lines = actions.status_lines(args.path, args.on, args.cycle)
    elif name == "history":
        lines = actions.history_lines(args.path, args.facility)
    else:
        lines = actions.submit(args.path, args.facility, args.cycle, args.received, args.file,
                               args.sha256, args.reported, args.recomputed, args.result)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
