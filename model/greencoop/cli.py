"""The ``greencoop`` command: parameters, runs, scenario batches, workshop sessions, presenting workshops,
and the ODD table.

Every user error (unknown parameter, value out of range, unknown municipality,
unwritable output) ends in one line naming what was wrong, exit status 2, no
traceback, and no file written.

Building the parser imports nothing heavy, and each subcommand imports what it
needs only when it runs, so ``greencoop --help`` or ``greencoop params`` does
not wait for Mesa, pandas, SALib, pyplot or Voilà.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from greencoop import __version__
from greencoop.errors import ParameterError
from greencoop.files import write_atomically, write_text_atomically
from greencoop.text import LANGUAGES

if TYPE_CHECKING:
    from greencoop.experiments.scenarios import Scenario
    from greencoop.workshop.session import GroupSave


class UsageError(Exception):
    """A mistake in what the user asked for; reported in one line."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except Exception as error:
        if not isinstance(error, _user_errors()):
            raise
        command = " ".join(filter(None, (args.command, getattr(args, "sector_command", None))))
        print(f"greencoop {command}: error: {error}", file=sys.stderr)
        return 2


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors that are the user's mistakes, reported in one line."""
    from greencoop.workshop.session import SessionError  # imported once something failed, not at every start

    return ParameterError, SessionError, UsageError


class _Later:
    """A value in an option's help, looked up only when that help is shown (``%(name)s`` in the help text).

    So that building the parser imports no module just for a number it prints.
    """

    def __init__(self, look_up: Callable[[], object]):
        self.look_up = look_up

    def __str__(self) -> str:
        return str(self.look_up())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="greencoop", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"greencoop {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser("params", help="list every parameter with its default, range and meaning")
    listing.add_argument("--lang", choices=LANGUAGES, default="en")
    listing.set_defaults(handler=_params)

    sim = commands.add_parser("simulate", help="run the model and write tidy monthly results as CSV")
    sim.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                     help="set a parameter, e.g. --set involvement=joint (repeatable)")
    sim.add_argument("--seeds", type=int, default=1, help="number of seeds, 0..N-1 (default 1)")
    sim.add_argument("--out", type=Path, help="CSV file to write (default: print the final month)")
    sim.set_defaults(handler=_simulate)

    check = commands.add_parser("validate", help="check scenario files against the parameter declaration")
    check.add_argument("files", metavar="FILE", nargs="+", type=Path)
    check.set_defaults(handler=_validate)

    batch = commands.add_parser("run", help="run every (scenario, seed) pair and write tidy Parquet results")
    batch.add_argument("files", metavar="FILE", nargs="+", type=Path)
    batch.add_argument("--out", type=Path, required=True, help="output folder (finished runs there are kept)")
    batch.add_argument("--seeds", type=int, help="use seeds 0..N-1 instead of each file's seeds")
    batch.add_argument("--workers", type=int, default=1, help="processes to run in (default 1)")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on this Dask distributed scheduler instead of local processes")
    batch.set_defaults(handler=_run)

    report = commands.add_parser("report", help="an HTML report per scenario (papermill on scenarios/report.ipynb)")
    report.add_argument("files", metavar="FILE", nargs="+", type=Path)
    report.add_argument("--out", type=Path, required=True, help="output folder for .html and executed .ipynb")
    report.add_argument("--seeds", type=int, help="use seeds 0..N-1 instead of each file's seeds")
    report.add_argument("--horizon-years", type=int, help="override the files' horizon (e.g. 2 for a quick look)")
    report.add_argument("--lang", choices=LANGUAGES, default="en")
    report.add_argument("--template", type=Path, default=Path("scenarios/report.ipynb"))
    report.set_defaults(handler=_report)

    sens = commands.add_parser("sensitivity", help="global sensitivity analysis (SALib) over the declared ranges")
    sens.add_argument("--out", type=Path, required=True, help="output folder for the indices (CSV) and chart (PNG)")
    sens.add_argument("--outcome", default="reduction_pct", help="outcome scored by its final-year mean")
    sens.add_argument("--method", choices=("morris", "sobol"), default="morris")
    sens.add_argument("--samples", type=int, default=10,
                      help="Morris trajectories, or Sobol base sample (a power of 2); default 10")
    sens.add_argument("--seeds", type=int, default=1, help="seeds each sample is averaged over (default 1)")
    sens.add_argument("--scenario", type=Path, help="take what is not varied from this scenario file")
    sens.add_argument("--horizon-years", type=int, help="override the horizon (e.g. 3 for a quick look)")
    sens.add_argument("--workers", type=int, default=1, help="processes to run in (default 1)")
    sens.add_argument("--lang", choices=LANGUAGES, default="en")
    sens.set_defaults(handler=_sensitivity)

    ablate = commands.add_parser("ablation", help="every pattern's statistic with all mechanisms on and each one off")
    ablate.add_argument("--out", type=Path, help="write the table here as Markdown (default: print it)")
    ablate.add_argument("--seeds", type=int, default=16, help="runs per setting (default 16, as the tests use)")
    ablate.set_defaults(handler=_ablation)

    atlas = commands.add_parser("atlas", help="every lever's response curves on common random numbers: "
                                              "a chart per lever, a page per language, tidy CSVs")
    atlas.add_argument("--out", type=Path, required=True,
                       help="folder for the atlas (created; an earlier atlas there is replaced)")
    atlas.add_argument("--runs", type=int, default=50, help="runs (seeds 0..N-1) behind every point (default 50)")
    page_runs = atlas.add_argument("--page-runs", type=int,
                                   help="the smaller ensemble also drawn, the first M of the same runs "
                                        "(default: the workshop page's %(page)s)")
    page_runs.page = _Later(lambda: import_module("greencoop.workshop.compute").RUNS)
    atlas.add_argument("--points", type=int, default=9,
                       help="evenly spaced values over a numeric lever's range, besides its default and either "
                            "side of it (default 9; whole-number levers take every value, choices every option)")
    atlas.add_argument("--sizes", type=int, default=12, help="municipalities on the size curve (default 12)")
    atlas.add_argument("--levers", help="comma-separated levers to draw (default: every lever)")
    atlas.add_argument("--lang", default=",".join(LANGUAGES), help="comma-separated page languages (default nb,en)")
    atlas.add_argument("--horizon-years", type=int, help="override the horizon (e.g. 1 for a quick look)")
    atlas.set_defaults(handler=_atlas)

    table = commands.add_parser("validation", help="the model's magnitudes against the sourced figures of the "
                                                   "domain facts, with tolerance and verdict (Markdown and CSV)")
    table.add_argument("--out", type=Path,
                       help="Markdown file to write, the CSV beside it with .csv (default: print the Markdown)")
    table.add_argument("--runs", type=int, default=50, help="runs (seeds 0..N-1) behind every figure (default 50)")
    table.set_defaults(handler=_validation)

    show = commands.add_parser("present", help="serve the workshop notebooks as apps with Voilà (no code shown)")
    show.add_argument("--lan", action="store_true",
                      help="serve on every interface for participants' devices, behind an access token")
    show.add_argument("--token", help="access token (default: generated with --lan; none on 127.0.0.1)")
    show.add_argument("--port", type=int, help="port to listen on (default: a free one)")
    show.add_argument("--session", metavar="NAME", help="the workshop session's name, given to every kernel")
    room = show.add_argument("--room", type=int, default=None,
                             help="participants, each on their own device: kernels are preheated for them and a "
                                  "few reloads, as far as the free memory holds (default %(room)s)")
    room.room = _Later(lambda: import_module("greencoop.workshop.pool").ROOM)
    show.add_argument("--pool", type=int,
                      help="kernels preheated for the app, instead of the room's (0: start a kernel per page)")
    release = show.add_argument("--release-after", type=float, metavar="SECONDS",
                                help="shut a closed page's kernel down after this many seconds, unless the page "
                                     "comes back (default %(release)s; 0: only once idle for 20 minutes)")
    release.release = _Later(lambda: f"{import_module('greencoop.workshop.room').RELEASE_SECONDS:g}")
    show.add_argument("--workshops", type=Path, default=Path("workshops"), help="folder of notebooks to serve")
    show.add_argument("--no-browser", dest="open_browser", action="store_false",
                      help="do not open the start page in a browser")
    show.set_defaults(handler=_present)
    export = commands.add_parser("export", help="write a workshop session's saved choices as scenario files")
    export.add_argument("session", metavar="SESSION", help="the session's name, e.g. 2025-03-14")
    export.add_argument("--out", type=Path, required=True, help="folder for the scenario files (created if missing)")
    export.add_argument("--group", help="only this group's saves (case does not matter)")
    export.add_argument("--module", help="only saves from this module, e.g. 03_reps")
    export.set_defaults(handler=_export)

    debrief = commands.add_parser("debrief", help="a self-contained HTML debrief of a workshop session")
    debrief.add_argument("session", metavar="SESSION", help="the session's name, e.g. 2025-03-14")
    debrief.add_argument("--out", type=Path, required=True, help="HTML file to write")
    debrief.add_argument("--lang", choices=LANGUAGES, help="language (default: the one most saves were made in)")
    debrief.add_argument("--seeds", type=int, default=10,
                         help="runs per choice for saves that record none (default 10)")
    debrief.set_defaults(handler=_debrief)

    handouts = commands.add_parser("handouts", help="printable participant handouts per module, HTML and PDF")
    handouts.add_argument("--out", type=Path, required=True, help="folder; files go to <out>/<lang>/<module>.*")
    handouts.add_argument("--lang", choices=LANGUAGES, help="one language only (default: both)")
    handouts.set_defaults(handler=_handouts)

    sector = commands.add_parser("sector", help="every KS-area municipality in one run: national levers")
    sector_commands = sector.add_subparsers(dest="sector_command", required=True)
    levers = sector_commands.add_parser("params", help="list every national lever with its default and range")
    levers.add_argument("--lang", choices=LANGUAGES, default="en")
    levers.set_defaults(handler=_sector_params)
    sweep = sector_commands.add_parser(
        "run", help="run every (sector scenario, parameter set, seed) and write tidy Parquet tables")
    sweep.add_argument("files", metavar="FILE", nargs="+", type=Path)
    sweep.add_argument("--out", type=Path, required=True, help="output folder (finished runs there are kept)")
    sweep.add_argument("--seeds", type=int, help="use seeds 0..N-1 instead of each file's seeds")
    sample = sweep.add_argument("--sample", type=int,
                                help="run N municipalities spread over sizes instead of all %(municipalities)s")
    sample.municipalities = _Later(lambda: len(import_module("greencoop.sector.layout").ks_municipalities()))
    sweep.add_argument("--workers", type=int, default=1, help="processes to run in (default 1)")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on this Dask distributed scheduler (e.g. tcp://host:8786) instead")
    sweep.set_defaults(handler=_sector_run)

    doc = commands.add_parser("odd", help="check or rewrite the parameter tables in the ODD document")
    doc.add_argument("--path", type=Path, default=Path("model/ODD.md"))
    doc.add_argument("--write", action="store_true", help="rewrite the table (default: only check)")
    doc.set_defaults(handler=_odd)
    return parser


def _params(args: argparse.Namespace) -> int:
    from greencoop.params import PARAMETERS

    _list(PARAMETERS, args.lang)
    return 0


def _sector_params(args: argparse.Namespace) -> int:
    from greencoop.sector.params import NATIONAL_PARAMETERS

    _list(NATIONAL_PARAMETERS, args.lang)
    return 0


def _list(parameters, lang: str) -> None:
    for p in parameters:
        default = "derived" if p.default is None else p.default
        print(f"{p.name:26} {default!s:>8}  {p.allowed():40} {p.label[lang]}")


def _simulate(args: argparse.Namespace) -> int:
    from greencoop.params import Params
    from greencoop.run import ensemble

    if args.seeds < 1:
        raise UsageError(f"--seeds must be at least 1, got {args.seeds}")
    params = Params(**dict(_assignment(text) for text in args.set))
    results = ensemble(params, seeds=range(args.seeds))
    if args.out is None:
        final = results[results.month == results.month.max()].mean(numeric_only=True)
        units = results.attrs["units"]
        for name, value in final.drop(["seed", "month"]).items():
            print(f"{name:26} {value:14.3f}  {units[name]}")
        return 0
    write_text_atomically(_writable(args.out), results.to_csv(index=False))
    print(f"wrote {len(results)} rows to {args.out}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Check every file; report each problem in one line; exit 2 if any file is unusable."""
    from greencoop.experiments.scenarios import ScenarioError
    from greencoop.sector.scenarios import SectorScenario, read_scenario

    failed = 0
    for path in args.files:
        try:
            scenario = read_scenario(path)
        except ScenarioError as error:
            print(f"greencoop validate: error: {error}", file=sys.stderr)
            failed += 1
            continue
        sets = scenario.run_count // len(scenario.seeds)
        kind = " of the whole sector (greencoop sector run)" if isinstance(scenario, SectorScenario) else ""
        print(f"{path}: ok: {scenario.name}, {scenario.run_count} runs{kind} "
              f"({sets} parameter set{'s' if sets > 1 else ''} x {len(scenario.seeds)} seeds)")
    return 2 if failed else 0


def _run(args: argparse.Namespace) -> int:
    """Validate everything first (nothing is written if a file is wrong), then run what is missing."""
    from greencoop.experiments.batch import run_batch

    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    if args.seeds is not None and args.seeds < 1:
        raise UsageError(f"--seeds must be at least 1, got {args.seeds}")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder")
    scenarios = [_load_scenario(path) for path in args.files]
    if args.scheduler:
        _check_scheduler(args.scheduler)
    summary = run_batch(scenarios, args.out, workers=args.workers, seeds=args.seeds, scheduler=args.scheduler)
    print(f"{summary.planned} runs: {summary.ran} ran now, {summary.already_done} were already done, "
          f"{len(summary.failed)} failed; results in {args.out / 'results.parquet'}")
    for name in summary.failed:
        print(f"failed: {name} (see {args.out / 'runs' / name}.error.txt)", file=sys.stderr)
    return 1 if summary.failed else 0


def _sector_run(args: argparse.Namespace) -> int:
    """Validate everything first (nothing is written if a file or option is wrong), then run what is missing."""
    from greencoop.experiments.scenarios import ScenarioError
    from greencoop.sector.batch import run_sector_batch
    from greencoop.sector.layout import ks_municipalities
    from greencoop.sector.scenarios import load_sector_scenario

    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    if args.seeds is not None and args.seeds < 1:
        raise UsageError(f"--seeds must be at least 1, got {args.seeds}")
    municipalities = len(ks_municipalities())
    if args.sample is not None and not 1 <= args.sample <= municipalities:
        raise UsageError(f"--sample must be 1 to {municipalities} municipalities, got {args.sample}")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder")
    try:
        scenarios = [load_sector_scenario(path) for path in args.files]
    except ScenarioError as error:
        raise UsageError(str(error)) from None
    if args.scheduler:
        _check_scheduler(args.scheduler)
    summary = run_sector_batch(scenarios, args.out, workers=args.workers, seeds=args.seeds, sample=args.sample,
                               scheduler=args.scheduler)
    print(f"{summary.planned} sector runs: {summary.ran} ran now, {summary.already_done} were already done, "
          f"{len(summary.failed)} failed; tables in {args.out}")
    for name in summary.failed:
        print(f"failed: {name} (see {args.out / 'runs' / name}.error.txt)", file=sys.stderr)
    return 1 if summary.failed else 0


def _report(args: argparse.Namespace) -> int:
    """Validate every file first; then one report per scenario; a failing report does not stop the others."""
    from greencoop.experiments.report import write_report
    from greencoop.params import Params

    if not args.template.is_file():
        raise UsageError(f"no report template at {args.template}; run from the repository root or give --template")
    if args.seeds is not None and args.seeds < 1:
        raise UsageError(f"--seeds must be at least 1, got {args.seeds}")
    for path in args.files:
        _load_scenario(path)
    try:
        if args.horizon_years is not None:
            Params(horizon_years=args.horizon_years)
    except ParameterError as error:
        raise UsageError(str(error)) from None
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder")
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.files:
        try:
            html = write_report(path, args.out, args.template, args.seeds, args.horizon_years, args.lang)
            print(f"wrote {html}")
        except Exception as error:  # a cell failed: report it, go on with the other scenarios
            failed += 1
            print(f"greencoop report: {path}: the report failed: {str(error).strip().splitlines()[-1]}",
                  file=sys.stderr)
    return 1 if failed else 0


def _sensitivity(args: argparse.Namespace) -> int:
    """Check every option first; then run the analysis and write indices and chart atomically."""
    from greencoop.experiments import sensitivity
    from greencoop.params import Params

    try:
        sensitivity.check_outcome(args.outcome)
    except ValueError as error:
        raise UsageError(str(error)) from None
    for option, value in (("--samples", args.samples), ("--seeds", args.seeds), ("--workers", args.workers)):
        if value < 1:
            raise UsageError(f"{option} must be at least 1, got {value}")
    if args.method == "sobol" and args.samples & (args.samples - 1):
        raise UsageError(f"--samples must be a power of 2 for Sobol (e.g. 64, 128), got {args.samples}")
    base = Params()
    if args.scenario:
        scenario = _load_scenario(args.scenario)
        if scenario.sweep:
            raise UsageError(f"{args.scenario}: a scenario with a sweep cannot be the base of an analysis")
        base = scenario.params
    try:
        if args.horizon_years is not None:
            base = base.replace(horizon_years=args.horizon_years)
    except ParameterError as error:
        raise UsageError(str(error)) from None
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder")
    table = sensitivity.analyse(args.outcome, args.method, args.samples, args.seeds, base, args.workers)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"sensitivity-{args.outcome}-{args.method}"
    write_text_atomically(stem.with_suffix(".csv"), table.to_csv(index=False))
    figure = sensitivity.plot(table, lang=args.lang).figure
    write_atomically(stem.with_suffix(".png"), lambda tmp: figure.savefig(tmp, format="png", dpi=150))
    print(table.head(10).to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    print(f"\n{table.attrs['runs']} runs; wrote {stem}.csv and {stem}.png")
    return 0


def _atlas(args: argparse.Namespace) -> int:
    """Check every option and the folder first; then run the curves and write the atlas in one rename."""
    import time

    from greencoop.experiments.atlas import find_levers
    from greencoop.experiments.atlas_page import check_folder, make_atlas
    from greencoop.params import Params

    page_runs = args.page_runs if args.page_runs is not None else import_module("greencoop.workshop.compute").RUNS
    for option, value in (("--runs", args.runs), ("--page-runs", page_runs), ("--points", args.points),
                          ("--sizes", args.sizes)):
        if value < 2:
            raise UsageError(f"{option} must be at least 2, got {value}")
    langs = _languages(args.lang)
    try:
        levers = find_levers(_names(args.levers) if args.levers else None)
        check_folder(args.out)
    except ValueError as error:
        raise UsageError(str(error)) from None
    base = Params() if args.horizon_years is None else Params(horizon_years=args.horizon_years)
    started = time.perf_counter()
    written = make_atlas(args.out, levers, args.runs, page_runs, args.points, args.sizes, langs, base)
    print(f"wrote {len(written)} files to {args.out} in {time.perf_counter() - started:.0f} s; "
          f"open {args.out / f'index.{langs[0]}.html'}")
    return 0


def _validation(args: argparse.Namespace) -> int:
    """Check the options and the files first; then run the comparisons and write both files atomically."""
    from greencoop.experiments.provenance import model_version
    from greencoop.experiments.validation import markdown, validation_table

    if args.runs < 2:
        raise UsageError(f"--runs must be at least 2, got {args.runs}")
    if args.out is not None:
        if args.out.suffix != ".md":
            raise UsageError(f"--out {args.out}: give a Markdown file ending in .md (the CSV is written beside it)")
        if args.out.is_dir():
            raise UsageError(f"--out {args.out} is a folder; give a Markdown file")
        _writable(args.out)
    version = model_version()
    table = validation_table(args.runs)
    document = markdown(table, version=version)
    if args.out is None:
        print(document)
        return 0
    write_text_atomically(args.out.with_suffix(".csv"), table.to_csv(index=False))
    write_text_atomically(args.out, document)
    verdicts = table.verdict.value_counts()
    print(f"wrote {args.out} and {args.out.with_suffix('.csv')}: "
          + ", ".join(f"{count} {verdict}" for verdict, count in verdicts.items()))
    return 0


def _names(text: str) -> list[str]:
    """The names in a comma-separated option, blanks dropped."""
    return [name.strip() for name in text.split(",") if name.strip()]


def _languages(text: str) -> list[str]:
    """The languages in a comma-separated ``--lang``; a usage error names any unknown one."""
    langs = _names(text)
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or not langs:
        raise UsageError(f"--lang {text!r}: languages must be among {', '.join(LANGUAGES)}")
    return list(dict.fromkeys(langs))


def _present(args: argparse.Namespace) -> int:
    """Check every option (one line and exit 2 if one is wrong), then serve until Ctrl+C."""
    from greencoop.workshop import present

    given = {"room": args.room, "release_seconds": args.release_after}
    show = present.Presentation(workshops=args.workshops, port=args.port, lan=args.lan, token=args.token,
                                session=args.session, pool=args.pool, open_browser=args.open_browser,
                                **{name: value for name, value in given.items() if value is not None})
    try:
        show.check()
    except ValueError as error:
        raise UsageError(str(error)) from None
    present.serve(show)
    return 0


def _export(args: argparse.Namespace) -> int:
    """Select first (a wrong session, group or module writes nothing), then one scenario file per save."""
    from greencoop.workshop.export import export_saves, select
    from greencoop.workshop.modules import modules

    if args.module is not None and args.module not in modules():
        raise UsageError(f"unknown module {args.module!r}; modules: {', '.join(modules())}")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder")
    saves = _read_session(args.command, args.session)
    chosen = select(saves, args.group, args.module)
    if not chosen:
        groups = ", ".join(sorted({s.group for s in saves}))
        asked = " and ".join(filter(None, [args.group and f"group {args.group!r}",
                                           args.module and f"module {args.module}"]))
        raise UsageError(f"no save in session {args.session!r} matches {asked} (groups: {groups})")
    for path in export_saves(chosen, args.session, args.out):
        print(f"wrote {path}")
    return 0


def _debrief(args: argparse.Namespace) -> int:
    """Read and check the session first; write the page only when it is complete."""
    from greencoop.workshop.debrief import debrief_html

    if args.seeds < 1:
        raise UsageError(f"--seeds must be at least 1, got {args.seeds}")
    if args.out.is_dir():
        raise UsageError(f"--out {args.out} is a folder; give an HTML file")
    out = _writable(args.out)
    saves = _read_session(args.command, args.session)
    write_text_atomically(out, debrief_html(args.session, saves, args.lang, args.seeds))
    print(f"wrote {out}: {len(saves)} saves from {len({s.group for s in saves})} groups")
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from greencoop.workshop.handouts import write_handouts

    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file; give a folder")
    written = write_handouts(args.out, (args.lang,) if args.lang else LANGUAGES)
    print(f"wrote {len(written)} files (HTML and PDF) under {args.out}")
    return 0


def _read_session(command: str, session: str) -> list[GroupSave]:
    """The session's saves; a missing or empty session is a usage error, skipped torn lines are warned about."""
    from greencoop.workshop.session import read_session

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        saves = read_session(session)
    for warning in caught:
        print(f"greencoop {command}: warning: {warning.message}", file=sys.stderr)
    if not saves:
        raise UsageError(f"session {session!r} has no saves yet")
    return saves


def _load_scenario(path: Path) -> Scenario:
    """The single-municipality scenario in ``path``; a file that is wrong, or a sector scenario, is a usage error.

    The file is read as either kind first, so a sector scenario with a mistake in it is told its mistake.
    """
    from greencoop.experiments.scenarios import ScenarioError
    from greencoop.sector.scenarios import SectorScenario, read_scenario

    try:
        scenario = read_scenario(path)
    except ScenarioError as error:
        raise UsageError(str(error)) from None
    if isinstance(scenario, SectorScenario):
        raise UsageError(f"{scenario.source}: a sector scenario (it has 'national'); run it with: greencoop sector run")
    return scenario


def _check_scheduler(address: str) -> None:
    """Fail early, with one line and nothing written, if the Dask scheduler cannot be reached."""
    from distributed import Client

    try:
        Client(address, timeout="10s").close()
    except (OSError, TimeoutError, ValueError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {address!r}: {error}") from None


def _ablation(args: argparse.Namespace) -> int:
    """Check the options, then tabulate every pattern against every mechanism (a few minutes at 16 seeds)."""
    if args.seeds < 2:
        raise UsageError(f"--seeds must be at least 2, got {args.seeds}")
    if args.out is not None and args.out.is_dir():
        raise UsageError(f"--out {args.out} is a folder; give a file name such as ablation.md")
    from greencoop.experiments.ablation import ablation_table, to_markdown

    document = to_markdown(ablation_table(args.seeds), args.seeds)
    if args.out is None:
        print(document, end="")
    else:
        write_text_atomically(args.out, document)
        print("wrote", args.out)
    return 0


def _odd(args: argparse.Namespace) -> int:
    from greencoop import odd

    if not args.path.is_file():
        raise UsageError(f"no ODD document at {args.path}")
    try:
        if args.write:
            print("updated" if odd.write(args.path) else "already up to date", args.path)
            return 0
        current = args.path.read_text(encoding="utf-8")
        if odd.with_table(current) != current:
            raise UsageError(f"the parameter table in {args.path} is out of date; run: greencoop odd --write")
    except ValueError as error:
        raise UsageError(f"{args.path}: {error}") from None
    print("up to date", args.path)
    return 0


def _assignment(text: str) -> tuple[str, object]:
    import yaml

    name, sep, value = text.partition("=")
    if not sep or not name:
        raise UsageError(f"--set expects NAME=VALUE, got {text!r}")
    return name.strip(), yaml.safe_load(value)


def _writable(path: Path) -> Path:
    """``path``, if its folder exists; otherwise a usage error naming the folder."""
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: folder {path.parent} does not exist")
    return path


if __name__ == "__main__":
    sys.exit(main())
