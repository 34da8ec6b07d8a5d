"""A page that floods its kernel: how soon that kernel, and another page's lever, answer again.

    python benchmarks/flood.py                       # print the table
    python benchmarks/flood.py --write               # also rewrite it in benchmarks/README.md
    python benchmarks/flood.py --baseline 874cf36    # and the room of that commit, in turn

A participant holding the room's token can send their page's kernel any number of widget values the page's
controls never send. Two protocol pages (benchmarks/participant.py) open a module on a fresh
``greencoop present`` server on 127.0.0.1. One asks its kernel for its info (quiet), then sends
``--updates`` lever positions that are not numbers (with ``--moves``: the lever's two ends in turn, each a
run of the model), all at once, and asks again every half second until the
kernel answers; the other page moves its lever in the quiet room and again during the flood. The quiet
figures are each round's baseline; ``--baseline`` measures an earlier commit's room the same way, in turn.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from benchmarks.browser import present
from benchmarks.browser_load import module_path
from benchmarks.participant import ProtocolPage
from benchmarks.timing import processor, show_table, stolen_share
from greencoop import __version__ as greencoop_version

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- flood:start -->", "<!-- flood:end -->"
LOGS = ROOT / "test-artifacts" / "flood"
OPEN_TIMEOUT = 120
LEVER_MOVES = 5
ASK_AGAIN_S = 0.5
ERRORS_SETTLE_S = 2


async def quiet_and_flooded(url: str, module: str, updates: int, refused: bool,
                            answer_timeout: float) -> dict[str, float]:
    """One round: the flooding page's kernel answer and the other page's lever, quiet and under the flood."""
    base, _, path = url.partition("/voila/")
    flooder, bystander = (ProtocolPage(base, module, f"/voila/{path}") for _ in range(2))
    await flooder.open(OPEN_TIMEOUT)
    await bystander.open(OPEN_TIMEOUT)
    try:
        await bystander.reveal(OPEN_TIMEOUT)
        quiet_answer = statistics.median([await flooder.answer_s(answer_timeout) for _ in range(LEVER_MOVES)])
        await _move(bystander, LEVER_MOVES)
        quiet_lever = statistics.median(bystander.slider_s)
        bystander.slider_s.clear()
        started = time.monotonic()
        await flooder.send_lever_positions(updates, refused)
        sent_s = time.monotonic() - started
        answer = asyncio.ensure_future(_answered_s(flooder, answer_timeout))
        await _move(bystander, LEVER_MOVES)
        flooded_answer = sent_s + await answer
        await asyncio.sleep(ERRORS_SETTLE_S)  # the errors come on another channel than the answer
        return {"quiet answer": quiet_answer, "flooded answer": flooded_answer, "quiet lever": quiet_lever,
                "flooded lever": statistics.median(bystander.slider_s) if bystander.slider_s else float("inf"),
                "refused": flooder.errors, "sent_s": sent_s}
    finally:
        await flooder.close()
        await bystander.close()


async def _answered_s(page: ProtocolPage, timeout: float) -> float:
    """Seconds until the page's kernel answers again, asked every half second as a page retries (a request
    may be dropped by the room while the page is over its message budget)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with contextlib.suppress(TimeoutError):
            await page.answer_s(ASK_AGAIN_S)
            return time.monotonic() - start
    return float("inf")


async def _move(page: ProtocolPage, moves: int) -> None:
    for move in range(moves):
        await page.move_lever((move % 2) * 0.8 + 0.1, OPEN_TIMEOUT)


def seconds(value: float) -> str:
    return "no answer" if value == float("inf") else f"{value:.2f} s"


def rounds_served(args: argparse.Namespace, model_dir: Path) -> list[dict[str, float]]:
    """``args.rounds`` floods, each on a fresh server whose kernels import greencoop from ``model_dir`` (a
    flooded kernel that is still busy would otherwise take a core from the next round)."""
    url_path = module_path(args.workshops, args.module)
    rounds = []
    with _importing_greencoop_from(model_dir):
        for number in range(args.rounds):
            with present(args.workshops, LOGS / f"server-{model_dir.parent.name}-{number + 1}.log", pool=2) as server:
                measured = asyncio.run(quiet_and_flooded(server.url(url_path), args.module.removesuffix(".ipynb"),
                                                         args.updates, not args.moves, args.timeout))
            print(f"{model_dir.parent.name}, round {number + 1}: {measured}", file=sys.stderr, flush=True)
            rounds.append(measured)
    return rounds


@contextlib.contextmanager
def _importing_greencoop_from(model_dir: Path) -> Iterator[None]:
    """Servers started in the block (and their kernels) import greencoop from ``model_dir``."""
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(model_dir)
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def table(measured: dict[str, list[dict[str, float]]], lever_moves: int) -> str:
    """One column pair per commit measured: quiet (the baseline within the round) and after the flood."""
    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in measured[name])

    names = list(measured)
    rows = ["| | " + " | ".join(f"{name}: quiet | {name}: after the flood" for name in names) + " |",
            "|---|" + "---:|---:|" * len(names)]
    for label, key in (("flooding page: its kernel answers again", "answer"),
                       (f"other page: lever released → new chart (median of {lever_moves})", "lever")):
        cells = [f"{seconds(median(n, 'quiet ' + key))} | {seconds(median(n, 'flooded ' + key))}" for n in names]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    rows.append("| refused values the kernel reported | " + " | ".join(
        f"– | {median(n, 'refused'):,.0f}" for n in names) + " |")
    return "\n".join(rows)


def measure(args: argparse.Namespace) -> str:
    machine_cpu = psutil.cpu_times()
    measured = {}
    with tempfile.TemporaryDirectory() as scratch:
        measured["this checkout"] = rounds_served(args, ROOT / "model")
        if args.baseline:
            earlier = Path(scratch) / args.baseline
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(earlier), args.baseline],
                           check=True, capture_output=True)
            try:
                measured[args.baseline] = rounds_served(args, earlier / "model")
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(earlier)], check=True)
    command = " ".join(["python benchmarks/flood.py", *sys.argv[1:]]).replace(" --write", "")
    sent = "lever moves between its two ends" if args.moves else "refused lever values"
    return (f"{table(measured, LEVER_MOVES)}\n\n{args.updates:,} {sent} sent at once; a kernel that "
            f"had not answered {args.timeout:.0f} s after the flood counts as no answer. Median of {args.rounds} "
            f"round(s), each on a fresh server; module `{args.module}`; greencoop {greencoop_version}, CPython "
            f"{platform.python_version()}; {platform.machine()} ({processor()}), {psutil.cpu_count()} cores, "
            f"{stolen_share(machine_cpu, psutil.cpu_times()):.1%} of the CPU time taken by the host (steal); "
            f"{time.strftime('%Y-%m-%d %H:%M')}. Command: `{command}`.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workshops", type=Path, default=ROOT / "workshops", help="folder served")
    parser.add_argument("--module", default="03_reps.ipynb", help="module notebook the two pages open")
    parser.add_argument("--updates", type=int, default=12_000, help="lever values sent at once")
    parser.add_argument("--moves", action="store_true",
                        help="send lever moves a page does send (each a model run), not refused values")
    parser.add_argument("--rounds", type=int, default=3, help="floods measured (the median is shown)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for a flooded kernel")
    parser.add_argument("--baseline", metavar="COMMIT", help="also measure the room of this commit, in turn")
    parser.add_argument("--write", action="store_true", help="rewrite the table in benchmarks/README.md")
    args = parser.parse_args()
    if args.updates < 1 or args.rounds < 1 or args.timeout <= 0:
        parser.error("--updates and --rounds must be at least 1, --timeout above 0")
    result = measure(args)
    show_table(result, README, START, END, args.write)


if __name__ == "__main__":
    main()
