"""Time the facilitator's dashboard from asking for its page to its table and chart shown.

    python benchmarks/dashboard.py              # 5 opens each way, about 6 minutes
    python benchmarks/dashboard.py --opens 3

A ``greencoop present`` server on 127.0.0.1 serves ``facilitator_dashboard.ipynb`` over a session log as a
full room leaves it (10 groups, every module, two saves each); Debian's Chromium opens the dashboard again
and again in one browser (its scripts cached, as on a facilitator's laptop that has opened it before). Times
run on the page's own clock, from navigation start to the table and every chart image shown. Two servers in
the same run: with the kernel ``greencoop present`` keeps ready for the dashboard, and with none (a kernel
started for the page, as before the dashboard had one); each open waits until the next kernel is ready.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from benchmarks.browser import NetworkGuard, launch_chromium, present
from greencoop.workshop.present import DASHBOARD, DASHBOARD_REFILL_SECONDS

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "test-artifacts" / "benchmarks"
TIMEOUT_MS = 120_000
#: Seconds a kept kernel needs, after it is asked to start, to wait for its page (imports and the first drawing).
READY_SECONDS = 15
SHOWN = ("() => document.querySelector('.greencoop-sessions') && "
         "[...document.querySelectorAll('img.gc-dashboard-chart')].every(img => img.naturalWidth > 0)")


def write_session(folder: Path) -> None:
    """A session log as a full room leaves it: 10 groups, every module, two saves each."""
    os.environ["GREENCOOP_SESSIONS"] = str(folder)
    from greencoop.workshop.modules import modules
    from greencoop.workshop.session import GroupSave, append_save

    for m in modules().values():
        for group in range(1, 11):
            for attempt in range(2):
                append_save(GroupSave(
                    group=f"Bord {group}", module=m.id, lang="nb", choices={},
                    prediction={"outcome": "reduction_pct", "value": 8.0 + group / 2, "note": ""},
                    outcome={"outcome": "reduction_pct", "median": 9.0 + group / 3 + attempt, "low": 7.5,
                             "high": 15.0, "baseline_median": 10.4, "seeds": 12},
                    reflection="Tid og tillit betyr mye for klimaarbeidet. " * 4), "benchmark")


def open_times(pool: int, opens: int, workshops: Path) -> list[float]:
    """Seconds from navigation start to the dashboard shown, ``opens`` times, with ``pool`` kept kernels."""
    from playwright.sync_api import sync_playwright

    guard = NetworkGuard()
    wait = DASHBOARD_REFILL_SECONDS + READY_SECONDS if pool else 0
    times = []
    with present(workshops, LOGS / f"dashboard-pool{pool}.log", pool=pool) as server, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        guard.watch(context)
        for _ in range(opens + 1):  # the first open fills the browser's cache and is not counted
            time.sleep(wait or READY_SECONDS / 3)
            page = context.new_page()
            page.goto(server.url(f"/voila/render/{DASHBOARD}"), timeout=TIMEOUT_MS)
            page.wait_for_function(SHOWN, timeout=TIMEOUT_MS)
            times.append(page.evaluate("performance.now()") / 1000)
            page.close()
        browser.close()
    if guard.blocked:
        raise SystemExit(f"the dashboard asked for addresses off this machine: {guard.blocked}")
    return times[1:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=5, help="opens timed each way (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        workshops = Path(scratch) / "workshops"
        workshops.mkdir()
        (workshops / DASHBOARD).write_text((ROOT / "workshops" / DASHBOARD).read_text(encoding="utf-8"))
        write_session(Path(scratch) / "sessions")
        os.environ["GREENCOOP_SESSION"] = "benchmark"
        kept = open_times(1, args.opens, workshops)
        started = open_times(0, args.opens, workshops)
    rows = [("dashboard: open, kernel kept ready", statistics.median(kept), kept),
            ("dashboard: open, kernel started for the page", statistics.median(started), started)]
    for name, median, each in rows:
        print(f"| {name} (median of {len(each)}) | {median:.2f} s | {' '.join(f'{t:.2f}' for t in each)} |")
    print(f"| open: kernel started for the page ÷ kernel kept ready, same run | "
          f"{statistics.median(started) / statistics.median(kept):.1f}× |  |")


if __name__ == "__main__":
    main()
