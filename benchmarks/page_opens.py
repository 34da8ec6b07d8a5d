"""Do pages open? Many protocol pages, opened a few at a time, counting those that never finish opening.

A page that never opens is rare (it was about one in a hundred, benchmarks/README.md), so counting it takes
hundreds of pages. This opens them in waves the size of the ready kernels, each page connected and then
closed so that its kernel is given back, and the next wave as soon as enough kernels wait for a page:
no participant's time, only opening, over and over. A page that opens only after ``--patience`` seconds
counts as late; one not open within ``--timeout`` seconds counts as never opened.

    .venv/bin/python benchmarks/page_opens.py --pages 300
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.browser import present  # noqa: E402
from benchmarks.browser_load import LOGS, module_path, waiting_for_a_page  # noqa: E402
from benchmarks.participant import ProtocolPage  # noqa: E402
from greencoop.workshop.pool import ROOM, reserve  # noqa: E402

WORKSHOPS = ROOT / "workshops"
#: Kernels the server keeps ready for the default room however many pages have taken one.
SPARE = reserve(ROOM)
MODULE = "03_reps.ipynb"


async def open_and_close(base: str, path: str, patience: float, timeout: float) -> str:
    """Open one page and close it: "opened", "late" (opened after ``patience`` s) or "never"."""
    page = ProtocolPage(base, MODULE.removesuffix(".ipynb"), path)
    opening = asyncio.create_task(page.open(timeout))
    done, _ = await asyncio.wait({opening}, timeout=patience)
    outcome = "opened" if done else "late"
    if not done:
        done, _ = await asyncio.wait({opening}, timeout=timeout - patience)
    if not done:
        opening.cancel()
        return "never"
    if opening.exception() is not None:
        return "never"
    await page.close()
    return outcome


async def measure(args) -> dict[str, int]:
    counts = {"opened": 0, "late": 0, "never": 0}
    with present(WORKSHOPS, LOGS / "page-opens-server.log", pool=args.wave,
                 options=["--release-after", "2"]) as server:
        base, path = f"http://127.0.0.1:{server.port}", module_path(WORKSHOPS, MODULE)
        start = time.monotonic()
        while sum(counts.values()) < args.pages:
            while waiting_for_a_page(server) < args.wave:
                await asyncio.sleep(0.3)
            outcomes = await asyncio.gather(*(open_and_close(base, path, args.patience, args.timeout)
                                              for _ in range(args.wave)))
            for outcome in outcomes:
                counts[outcome] += 1
            print(f"{sum(counts.values())} pages in {time.monotonic() - start:.0f} s: {counts}", flush=True)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages to open in all")
    parser.add_argument("--wave", type=int, default=SPARE, choices=range(1, SPARE + 1),
                        help="pages opened at once (at most the kernels a room keeps ready whatever it has taken)")
    parser.add_argument("--patience", type=float, default=25, help="seconds after which a page counts as late")
    parser.add_argument("--timeout", type=float, default=60, help="seconds after which it counts as never opened")
    args = parser.parse_args()
    counts = asyncio.run(measure(args))
    print(f"pages opened: {counts['opened']}; opened late (after {args.patience:g} s): {counts['late']}; "
          f"never opened (within {args.timeout:g} s): {counts['never']}")


if __name__ == "__main__":
    main()
