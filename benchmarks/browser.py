"""Drive the workshop app as a participant would: a ``greencoop present`` server and pages in headless Chromium.

Shared by the browser test (``tests/test_browser.py``) and the load benchmark (``benchmarks/browser_load.py``).
Chromium is Debian's (``make chromium`` installs it); Playwright's Python package brings only its driver.
Every request a page makes to anything but this machine is blocked by Chromium and recorded, so a page that
would need the internet (a CDN font, script or widget) is caught, not silently served.

The pages follow the workshop modules' DOM contract: each lever widget has the classes
``gc-lever gc-lever-<parameter>``, the prediction input ``gc-prediction``, the button that reveals the
results ``gc-reveal``, and the main chart is an image with class ``gc-chart`` redrawn when a lever is released.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from greencoop.workshop.present import free_port

CHROMIUM = Path("/usr/bin/chromium")

#: Chromium's switches for a closed network: no background calls home, no updates, no sync, no QUIC.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_args() -> list[str]:
    """:data:`CHROMIUM_ARGS`, and every address off this machine sent to a proxy that is not there.

    Chromium reaches this machine directly (it never sends loopback through a proxy), so a request for
    anything else fails at once, inside the browser, and no request waits for this process. Routing every
    request through Playwright to check it, as was done before, added 0.6–0.9 s to a page's opening and
    0.4–0.6 s to the browser's CPU time (``benchmarks/README.md``), which a participant's own browser does not
    pay.
    The proxy's port is one that nothing listens on as the browser starts.
    """
    return [*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{free_port('127.0.0.1')}"]


#: Seconds a server may take to answer its first page (kernels start and import the kit).
SERVER_START_TIMEOUT = 120

#: JavaScript installed in every page: records when a pointer is released (a slider let go), when the
#: chart's image changes and when a scroll of the page ends, on the page's own clock (ms since navigation start).
PAGE_PROBE = """
window.__gc = {released: [], charted: [], scrolled: []};
document.addEventListener('pointerup', () => window.__gc.released.push(performance.now()), true);
document.addEventListener('scrollend', () => window.__gc.scrolled.push(performance.now()), true);
new MutationObserver(records => {
  for (const r of records) {
    const node = r.type === 'attributes' ? r.target : null;
    if (node && node.classList && node.classList.contains('gc-chart') && r.attributeName === 'src') {
      window.__gc.charted.push(performance.now());
    }
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['src']});
"""


def is_loopback(url: str) -> bool:
    """Whether ``url`` stays on this machine (or in the page: data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    host = parts.hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


@dataclass
class Server:
    """A running ``greencoop present``: its address, token and process."""

    process: subprocess.Popen
    port: int
    token: str | None
    log: Path

    def url(self, path: str = "/", **query: str) -> str:
        """``path`` on the server, with ``query`` and the token if any."""
        params = dict(query, **({"token": self.token} if self.token else {}))
        suffix = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
        return f"http://127.0.0.1:{self.port}{path}{suffix}"

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes the server runs now."""
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return [p for p in children if _is_kernel(p)]


def _is_kernel(proc: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return "ipykernel_launcher" in " ".join(proc.cmdline())
    return False


@contextlib.contextmanager
def present(workshops: Path, log: Path, *, lan: bool = False, token: str | None = None, pool: int = 1,
            wait_for: str = "/", options: Sequence[str] = ()) -> Iterator[Server]:
    """Run ``greencoop present`` on a free port until the block ends; then stop it and check no kernel is left.

    ``wait_for`` is a path the server must answer (200) before the block starts; ``options`` are more of
    ``greencoop present``'s options (``["--release-after", "2"]``).
    """
    port = free_port("127.0.0.1")
    command = [sys.executable, "-m", "greencoop.cli", "present", "--workshops", str(workshops), "--port", str(port),
               "--pool", str(pool), "--no-browser"]
    if lan:
        command.append("--lan")
    if token:
        command += ["--token", token]
    command += options
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=os.environ.copy())
    server = Server(process, port, token, log)
    try:
        _wait_until_answering(server, wait_for)
        yield server
    finally:
        kernels = server.kernels()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _, alive = psutil.wait_procs(kernels, timeout=10)
        for proc in alive:
            proc.kill()
        if alive:
            raise AssertionError(f"{len(alive)} kernel(s) outlived the server (see {log})")


def _wait_until_answering(server: Server, path: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"greencoop present exited with {server.process.returncode}: "
                               f"{server.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(server.url(path), timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"greencoop present did not answer {path} in {SERVER_START_TIMEOUT} s (see {server.log})")


@dataclass
class NetworkGuard:
    """Records every request a page made for an address off this machine (Chromium blocks them: see
    :func:`chromium_args`); it watches and never holds a request up."""

    blocked: list[str] = field(default_factory=list)

    def watch(self, context) -> None:
        """Record the requests of every page of ``context``, a Playwright browser context (sync or async)."""
        context.on("request", self.request)

    def request(self, request) -> None:
        if not is_loopback(request.url):
            self.blocked.append(request.url)

    def websocket(self, websocket) -> None:
        if not is_loopback(websocket.url):
            self.blocked.append(websocket.url)


def background_chromium(folder: Path) -> Path:
    """A launcher in ``folder`` that runs Chromium on CPU time nothing else wants (Linux's SCHED_IDLE policy).

    In a room each participant's browser runs on their own device; here they share the server's two cores.
    Taking only what the server leaves is closer to the room than browsers competing with the kernels on
    equal terms. A niceness alone does not hold: Chromium running as root raises its processes' priority
    (its browser process was seen at nice -8); the scheduling policy is inherited by every process it starts.
    """
    launcher = folder / "chromium-idle"
    launcher.write_text(f'#!/bin/sh\nexec chrt --idle 0 {CHROMIUM} "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    return launcher


def launch_chromium(playwright):
    """Debian's Chromium, headless, in a fresh profile, with no background network traffic."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=chromium_args(), headless=True)


Point = tuple[float, float]


def drag_fraction(track: dict, handle: dict, fraction: float) -> tuple[Point, Point]:
    """Where to press and where to release to move a slider's handle to ``fraction`` of its track.

    >>> track, handle = {"x": 100, "y": 50, "width": 200}, {"x": 190, "y": 45, "width": 20, "height": 20}
    >>> drag_fraction(track, handle, 1.0)
    ((200.0, 55.0), (300.0, 55.0))
    """
    start = (handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    end = (track["x"] + fraction * track["width"], start[1])
    return (float(start[0]), float(start[1])), (float(end[0]), float(end[1]))


def slider_boxes_script(parameter: str) -> str:
    """JavaScript returning the bounding boxes of a lever slider's track and handle."""
    return f"""() => {{
      const lever = document.querySelector('.gc-lever-{parameter}');
      const track = lever.querySelector('.noUi-target') || lever.querySelector('.slider-container');
      const handle = lever.querySelector('.noUi-handle');
      const box = el => {{
        const r = el.getBoundingClientRect();
        return {{x: r.x, y: r.y, width: r.width, height: r.height}};
      }};
      return {{track: box(track), handle: box(handle)}};
    }}"""
