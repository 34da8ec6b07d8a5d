"""The workshop app in a real browser: ``greencoop present`` serving a module to headless Chromium, offline.

The server runs on 127.0.0.1 and every request the page makes elsewhere is blocked and recorded: the test
fails if there is any, so the app is known to work in a room with no internet. A participant's gestures are
real ones (a mouse drag on the slider, a click on the button); the screenshot is kept in test-artifacts/.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import threading
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from benchmarks.browser import (
    CHROMIUM,
    PAGE_PROBE,
    NetworkGuard,
    drag_fraction,
    launch_chromium,
    present,
    slider_boxes_script,
)
from greencoop.params import PARAMETERS_BY_NAME

ROOT = Path(__file__).resolve().parents[1]
MODULE = "03_reps.ipynb"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LEVER = "rep_release_hours"
PAGE_TIMEOUT_MS = 120_000

# CI installs Chromium through `make test`; there a missing browser is a failure, not a reason to skip.
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CI") != "true",
                                reason="Debian's chromium is missing: run `make chromium`")


class QuietHandler(SimpleHTTPRequestHandler):
    """Files from a folder, without a log line per request."""

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def workshops(tmp_path) -> Path:
    """A workshop folder with the one module under test, so the server preheats only its kernel."""
    folder = tmp_path / "workshops"
    folder.mkdir()
    shutil.copy(ROOT / "workshops" / MODULE, folder)
    return folder


@contextlib.contextmanager
def served_in_chromium(folder: Path, log: str, width: int, height: int, options: tuple[str, ...] = ()):
    """``greencoop present`` serving ``folder`` (with more of its ``options``) and a Chromium context on it,
    every request off the machine blocked; yields (server, context, guard) and checks afterwards that no page
    asked for such an address. What the pages write to their console is printed, so a failing test shows
    it."""
    from playwright.sync_api import sync_playwright

    guard = NetworkGuard()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with present(folder, ARTIFACTS / log, options=options) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": width, "height": height})
        guard.watch(context)
        context.on("console", lambda message: print(f"page console, {message.type}: {message.text}"))
        yield server, context, guard
        browser.close()
    assert guard.blocked == [], f"the page asked for addresses off this machine: {guard.blocked}"


def test_a_page_asking_for_an_address_off_this_machine_is_caught_and_gets_nothing(tmp_path):
    """The guard behind every browser test and benchmark: Chromium sends nothing off the machine, and every
    such request is recorded, for a name or a bare address, while the page's own server is reached."""
    from playwright.sync_api import sync_playwright

    page_html = ('<img src="http://example.com/logo.png"><img src="http://93.184.216.34/a.png">'
                 '<script src="https://cdn.jsdelivr.net/npm/x.js"></script><img src="/local.png">')
    (tmp_path / "index.html").write_text(page_html, encoding="utf-8")
    (tmp_path / "local.png").write_bytes(b"")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    guard, failed, answered = NetworkGuard(), [], []
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context()
            guard.watch(context)
            context.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
            context.on("response", lambda response: answered.append(response.url))
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/index.html", timeout=PAGE_TIMEOUT_MS)
            page.wait_for_load_state("load")
            browser.close()
    finally:
        server.shutdown()
    off_machine = ["http://example.com/logo.png", "http://93.184.216.34/a.png", "https://cdn.jsdelivr.net/npm/x.js"]
    assert sorted(guard.blocked) == sorted(off_machine)
    # Stopped by the browser's dead proxy, not by whatever network this machine has.
    assert sorted(failed) == [(url, "net::ERR_PROXY_CONNECTION_FAILED") for url in sorted(off_machine)]
    assert f"http://127.0.0.1:{server.server_port}/local.png" in answered


def _drag_to_top(page) -> None:
    """Drag the lever under test to its top, as a participant's finger or mouse does."""
    boxes = page.evaluate(slider_boxes_script(LEVER))
    (x0, y0), (x1, y1) = drag_fraction(boxes["track"], boxes["handle"], 1.0)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1, y1, steps=8)
    page.mouse.up()


def test_a_participant_moves_a_lever_and_sees_the_chart_change(workshops):
    with served_in_chromium(workshops, "server.log", 1280, 1800) as (server, context, guard):
        page = context.new_page()
        page.on("websocket", guard.websocket)
        page.add_init_script(PAGE_PROBE)
        page.goto(server.url(f"/voila/render/{MODULE}", lang="en"), timeout=PAGE_TIMEOUT_MS)
        lever = page.locator(f".gc-lever-{LEVER}")
        lever.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)

        assert page.get_by_text("How reps can engage").count() > 0, "?lang=en reached the preheated kernel"
        assert "show_module" not in page.content(), "no code is shown"
        page.locator(".gc-prediction input").fill("12")
        page.locator(".gc-reveal").click()
        chart = page.locator(".gc-chart-emissions_total")  # the panel the lever moves, of the module's panels
        chart.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function("() => document.querySelector('.gc-chart').naturalWidth > 0", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_timeout(3000)  # let the first choice's full band be drawn too
        before = chart.screenshot()
        source = chart.get_attribute("src")
        charted = page.evaluate("() => window.__gc.charted.length")

        _drag_to_top(page)
        page.wait_for_function(f"() => window.__gc.charted.length > {charted}", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function("() => document.querySelector('.gc-chart').complete")
        after = chart.screenshot()
        shot = ARTIFACTS / "03_reps-after-slider.png"
        page.screenshot(path=shot, full_page=True)
        print(f"screenshot: {shot}")

        readout = lever.locator(".widget-readout").inner_text().strip()
        assert float(readout) == PARAMETERS_BY_NAME[LEVER].high, "the drag set the lever to its top"
        assert chart.get_attribute("src") != source
        assert after != before, "the chart was redrawn with the new lever value"


#: The page's websocket to its kernel, as the tests below route it.
CHANNELS = re.compile(r".*/api/kernels/[^/]+/channels.*")


def _network_lost(route, server_side) -> None:
    """Close a routed socket as a lost network would: on both sides (a route's ``close`` closes the page's
    side alone, and the server would keep its socket, and so the kernel, open). The server's side is closed
    by a script in the page, which may give no code but 1000 or 3000 to 4999."""
    server_side.close()
    route.close(code=1001, reason="the device's network went away")


def test_a_page_that_loses_its_socket_takes_up_again_where_it_was(workshops):
    """A phone that sleeps or changes network loses its page's socket: the page opens a new one to the same
    kernel, and the group's next lever move redraws the chart."""
    sockets = []

    def through_to_the_server(route) -> None:
        sockets.append((route, route.connect_to_server()))

    with served_in_chromium(workshops, "reconnect-server.log", 1280, 1800) as (server, context, _guard):
        page = context.new_page()
        page.add_init_script(PAGE_PROBE)
        page.route_web_socket(CHANNELS, through_to_the_server)
        page.goto(server.url(f"/voila/render/{MODULE}", lang="en"), timeout=PAGE_TIMEOUT_MS)
        page.locator(f".gc-lever-{LEVER}").wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        page.locator(".gc-prediction input").fill("12")
        page.locator(".gc-reveal").click()
        page.wait_for_function("() => document.querySelector('.gc-chart').naturalWidth > 0", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_timeout(3000)  # the full band drawn and the page scrolled to it, as in the test above
        source = page.locator(".gc-chart-emissions_total").get_attribute("src")

        _network_lost(*sockets[0])
        for _ in range(100):  # Playwright hands the routes over between the page's own waits
            if len(sockets) > 1:
                break
            page.wait_for_timeout(100)
        assert len(sockets) == 2, "the page opened a new socket once its first closed"
        page.wait_for_function("() => document.body.dataset.gcConnection === 'open'", timeout=PAGE_TIMEOUT_MS)
        charted = page.evaluate("() => window.__gc.charted.length")
        _drag_to_top(page)
        page.wait_for_function(f"() => window.__gc.charted.length > {charted}", timeout=PAGE_TIMEOUT_MS)
        assert page.locator(".gc-chart-emissions_total").get_attribute("src") != source
        assert page.locator(".gc-lost").count() == 0


@pytest.mark.parametrize(("lang", "words"), [("nb", "Last inn siden på nytt"), ("en", "Reload the page")])
def test_a_page_whose_kernel_is_gone_says_so_in_its_language(workshops, lang, words):
    """Away longer than the server keeps a page's kernel (here 2 s), the page says to reload, in its language."""
    sockets = []

    def first_through_then_none(route) -> None:
        if not sockets:
            sockets.append((route, route.connect_to_server()))
        else:
            sockets.append((route, None))
            route.close(code=1001, reason="still no network")

    with served_in_chromium(workshops, f"lost-{lang}-server.log", 1280, 900,
                            options=("--release-after", "2")) as (server, context, _guard):
        page = context.new_page()
        page.route_web_socket(CHANNELS, first_through_then_none)
        page.goto(server.url(f"/voila/render/{MODULE}", lang=lang), timeout=PAGE_TIMEOUT_MS)
        page.locator(f".gc-lever-{LEVER}").wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        assert page.locator(".gc-lost").count() == 0
        _network_lost(*sockets[0])
        notice = page.locator(".gc-lost")
        notice.wait_for(state="visible", timeout=60_000)
        assert words in notice.inner_text()
        assert len(sockets) > 1, "the page tried again before it gave up"


#: A notebook whose kernel changes a widget while it writes every widget's state for a page that has just
#: connected (ipywidgets' control comm, ``_handle_control_comm_msg``): ``late``'s state is written first, then
#: ``writing``'s, which has a thread set ``late``'s value and waits a second, so the change reaches the page
#: before the states do, as a worker thread's redraw may.
CHANGED_WHILE_WRITING = """\
import sys, threading, time
import ipywidgets

late = ipywidgets.HTML("<span class='late'>before</span>")

class Writing(ipywidgets.HTML):
    def get_state(self, key=None, drop_defaults=False):
        if sys._getframe(1).f_code.co_name == "_handle_control_comm_msg":
            threading.Thread(target=setattr, args=(late, "value", "<span class='late'>after</span>")).start()
            time.sleep(1)
        return super().get_state(key, drop_defaults)

ipywidgets.VBox([late, Writing("writing")])
"""


def test_a_widget_changed_while_the_page_loads_its_states_shows_the_change(tmp_path):
    """The kernel may change a widget (a result drawn on a worker thread) while it writes the states a page asked
    for, and send the change before the states: the page keeps the change until it has the widget, then applies
    it."""
    import nbformat

    folder = tmp_path / "workshops"
    folder.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CHANGED_WHILE_WRITING)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "changed.ipynb")
    with served_in_chromium(folder, "changed-server.log", 800, 600) as (server, context, _guard):
        page = context.new_page()
        page.goto(server.url("/voila/render/changed.ipynb"), timeout=PAGE_TIMEOUT_MS)
        page.locator(".late").wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        page.get_by_text("after").wait_for(timeout=10_000)


def test_a_reload_comes_back_where_the_group_was(tmp_path):
    """A phone reloads at a swipe: the app comes back on the module, with the lever, guess, results and group."""
    folder = tmp_path / "workshops"
    folder.mkdir()
    shutil.copy(ROOT / "workshops" / "00_start_here.ipynb", folder)
    with served_in_chromium(folder, "reload-server.log", 1366, 768) as (server, context, _guard):
        page = context.new_page()
        page.goto(server.url("/voila/render/00_start_here.ipynb", lang="en"), timeout=PAGE_TIMEOUT_MS)
        page.locator(".gc-module-03_reps").click(timeout=PAGE_TIMEOUT_MS)
        lever = page.locator(f".gc-lever-{LEVER}")
        lever.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        _drag_to_top(page)
        page.locator(".gc-prediction input").fill("12")
        page.locator(".gc-reveal").click()
        page.locator(".gc-group input").fill("Table 2")
        page.wait_for_function("() => new URL(location.href).searchParams.get('group') === 'Table 2'",
                               timeout=PAGE_TIMEOUT_MS)
        kept = dict(page.evaluate("() => [...new URL(location.href).searchParams]"))
        assert kept["module"] == "03_reps" and kept["shown"] == "1" and kept["guess"] == "12"
        assert float(kept[LEVER]) == PARAMETERS_BY_NAME[LEVER].high

        page.reload(timeout=PAGE_TIMEOUT_MS)
        page.locator(".gc-headline").wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        page.get_by_text("You guessed 12 %").wait_for(timeout=PAGE_TIMEOUT_MS)
        readout = page.locator(f".gc-lever-{LEVER} .widget-readout").inner_text().strip()
        assert float(readout) == PARAMETERS_BY_NAME[LEVER].high, "the lever is where the group left it"
        assert page.locator(".gc-group input").input_value() == "Table 2"
        page.screenshot(path=ARTIFACTS / "03_reps-after-reload.png")


def _status(url: str) -> int:
    """HTTP status of ``url``, without following redirects (a redirect to the login page is not the page)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_lan_mode_serves_voila_pages_only_and_only_with_the_token(workshops, tmp_path):
    token = "room-token-2345"
    with present(workshops, tmp_path / "server.log", lan=True, token=token, pool=0) as server:
        base = f"http://127.0.0.1:{server.port}"
        page = f"/voila/render/{MODULE}"
        assert _status(f"{base}{page}") in (302, 403), "no page without the token"
        assert _status(f"{base}/voila/tree") in (302, 403)
        assert _status(f"{base}/voila/api/contents") == 403
        for path in ("/api/kernels", "/api/sessions", "/api/contents", "/api/terminals", "/terminals/1", "/lab",
                     "/tree", f"/edit/{MODULE}", f"/notebooks/{MODULE}"):
            assert _status(f"{base}{path}") == 404, f"{path} is not served"
            assert _status(f"{base}{path}?token={token}") == 404, f"{path} is not served, even with the token"
        assert _status(f"{base}/voila/files/{MODULE}?token={token}") == 403, "notebook sources are not served"
        assert _status(f"{base}{page}?token=wrong-token") in (302, 403)
        assert _status(f"{base}/voila/tree?token={token}") == 200
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(f"{base}{page}?token={token}", timeout=PAGE_TIMEOUT_MS // 1000) as response:
            html = response.read().decode()
        with browser.open(f"{base}/voila/tree", timeout=60) as response:
            assert response.status == 200, "once in with the token, links between pages work without it"
        kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', html).group(1)
        _assert_kernel_runs_no_code(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels", token, tmp_path)


def _assert_kernel_runs_no_code(channels: str, token: str, tmp_path: Path) -> None:
    """Even with the token, a page's kernel answers widget and info messages but never executes code."""
    with pytest.raises(InvalidStatus) as refused:
        connect(channels, open_timeout=10).close()
    assert refused.value.response.status_code in (401, 403), "no kernel channel without the token"
    marker = tmp_path / "ran"
    with connect(f"{channels}?token={token}", open_timeout=10, max_size=None) as websocket:
        websocket.send(_message("execute_request", {"code": f"open({str(marker)!r}, 'w').close()", "silent": False,
                                                    "store_history": False, "user_expressions": {},
                                                    "allow_stdin": False, "stop_on_error": True}))
        info = _message("kernel_info_request", {})
        websocket.send(info)
        asked = json.loads(info)["header"]["msg_id"]
        replies = []
        while not any(r["msg_type"] == "kernel_info_reply" and r["parent_header"].get("msg_id") == asked
                      for r in replies):  # the channel works: the kernel answers (shell requests are in order)
            replies.append(json.loads(websocket.recv(timeout=60)))
    types = {r["msg_type"] for r in replies}
    assert "execute_reply" not in types and "execute_input" not in types
    assert not marker.exists(), "the execute request never reached the kernel"


def _message(msg_type: str, content: dict) -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "test", "session": uuid.uuid4().hex,
              "date": "2026-01-01T00:00:00Z", "version": "5.3"}
    return json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                       "channel": "shell", "buffers": []})


# --- every screen: phone, laptop, projector ---------------------------------------------------------------

#: Screens a workshop meets: a phone held upright, a laptop, the laptop zoomed to 150 % (1366 x 768 shows
#: 911 x 512 CSS pixels), a projector; (width, height) in CSS pixels.
SCREENS = {"phone": (390, 844), "laptop": (1366, 768), "zoomed": (911, 512), "projector": (1920, 1080)}
#: Smallest type anywhere on a page, in CSS pixels, and on a projector the body text and the charts' ticks.
MIN_TEXT_PX = 13
PROJECTOR_TEXT_PX = 24
PROJECTOR_TICK_PX = 18
MIN_TICK_PX = 13

#: What a screen shows, measured in the page: anything wider than the screen, type sizes, panels and headline.
LAYOUT_PROBE = """() => {
  const width = window.innerWidth;
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                          return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const root = document.querySelector('.gc-page');
  const wide = [];
  for (const el of root.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1) wide.push(`${el.tagName}.${String(el.className).slice(0, 60)}`);
  }
  const clipped = [];  // a field or button cut by a box around it that hides what overflows (a border lost)
  for (const el of root.querySelectorAll('input, textarea, button')) {
    if (!visible(el)) continue;
    let box = el.parentElement;
    while (box && box !== root && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.left < b.left - 1 || r.right > b.right + 1) clipped.push(`${el.tagName}.${el.className}`);
  }
  const scrollers = [document.documentElement, document.body, document.getElementById('rendered_cells')]
    .filter(Boolean).filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.id || el.tagName);
  const sizes = [];
  for (const el of root.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const field = el.matches('input, textarea, button');
    if (own || field) sizes.push([parseFloat(getComputedStyle(el).fontSize), el.tagName,
                                  (el.textContent || el.value || '').trim().slice(0, 40)]);
  }
  const body = [...root.querySelectorAll('.gc-text')].filter(visible)
    .map(el => parseFloat(getComputedStyle(el).fontSize));
  const panels = [...root.querySelectorAll('img.gc-chart')].map(img => {
    const r = img.getBoundingClientRect();
    return {shown: visible(img) && img.naturalWidth > 0, left: r.left, right: r.right,
            scale: img.naturalWidth ? r.width / img.naturalWidth : 0};
  });
  const headline = root.querySelector('.gc-headline');
  const legend = [...root.querySelectorAll('.gc-legend-item')]
    .map(el => [el.querySelector('.gc-legend-label').textContent.trim(), el.dataset.colour]);
  return {wide, clipped, scrollers, sizes, body, panels, legend,
          headline: headline && visible(headline) ? headline.getBoundingClientRect().right : null};
}"""

#: After the page scrolls to the results, as "Vis resultat" does: where the headline and the first panel are.
SCROLLED_PROBE = """async () => {
  document.querySelector('.gc-results .gc-headline-box').scrollIntoView({block: 'start'});
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  return {height: window.innerHeight, headline: box(document.querySelector('.gc-headline')),
          panel: box(document.querySelector('img.gc-chart'))};
}"""


def _check_screen(page, name: str, lang: str, module: str, results: bool) -> None:
    """Assert what every screen must give a participant; keep a screenshot of the whole page."""
    from greencoop.workshop.figure import DPI, TICK_POINTS

    width, height = SCREENS[name]
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(400)
    shot = ARTIFACTS / f"{module}-{lang}-{name}.png"
    seen = page.evaluate(LAYOUT_PROBE)
    page.screenshot(path=shot, full_page=True)  # the whole page, as a participant scrolls it
    where = f"{module} ({lang}) on a {name} ({width} px), see {shot.name}"
    assert not seen["scrollers"], f"{where}: the page scrolls sideways"
    assert not seen["wide"], f"{where}: wider than the screen: {seen['wide'][:5]}"
    assert not seen["clipped"], f"{where}: cut off by the box around it: {seen['clipped'][:5]}"
    small = [s for s in seen["sizes"] if s[0] < MIN_TEXT_PX]
    assert not small, f"{where}: type below {MIN_TEXT_PX} px: {small[:5]}"
    if name == "projector":
        assert seen["body"] and min(seen["body"]) >= PROJECTOR_TEXT_PX, f"{where}: body text {seen['body']}"
    if not results:
        return
    assert seen["headline"] is not None and seen["headline"] <= width, f"{where}: the headline is not in view"
    assert seen["panels"] and all(p["shown"] and p["left"] >= 0 and p["right"] <= width + 1 for p in seen["panels"]), \
        f"{where}: a panel is hidden or cut: {seen['panels']}"
    tick_px = TICK_POINTS / 72 * DPI * min(p["scale"] for p in seen["panels"])
    least = PROJECTOR_TICK_PX if name == "projector" else MIN_TICK_PX
    assert tick_px >= least, f"{where}: chart ticks are {tick_px:.1f} px, at least {least} px are needed"
    if name != "phone":  # a phone scrolls from the headline down through its stacked panels
        scrolled = page.evaluate(SCROLLED_PROBE)
        assert scrolled["headline"]["top"] >= -1 and scrolled["panel"]["bottom"] <= scrolled["height"] + 1, \
            f"{where}: the headline and the first panel are not seen together once the results show: {scrolled}"


def _assert_legend_uses_the_roles(page, lang: str) -> None:
    from greencoop.charts.style import ROLES
    from greencoop.text import text

    legend = dict(page.evaluate(LAYOUT_PROBE)["legend"])
    for role in ROLES.values():
        assert legend.get(text(role.words, lang)) == role.colour, f"{role.words} is drawn in its own colour"


def test_every_module_and_the_start_page_fit_a_phone_a_laptop_and_a_projector_in_both_languages(tmp_path):
    """Each page once per language, checked at every screen size: no sideways scrolling, nothing cut, type large
    enough to read (on a projector from the back of the room), the headline and every panel in view."""
    from greencoop.charts.style import TODAY
    from greencoop.text import text
    from greencoop.workshop.modules import modules

    folder = tmp_path / "workshops"
    folder.mkdir()
    names = ["00_start_here", *modules()]
    for name in names:
        shutil.copy(ROOT / "workshops" / f"{name}.ipynb", folder)
    with served_in_chromium(folder, "screens-server.log", 1366, 768) as (server, context, _guard):
        for name in names:
            page = context.new_page()
            page.goto(server.url(f"/voila/render/{name}.ipynb", lang="nb"), timeout=PAGE_TIMEOUT_MS)
            page.locator(".gc-language").wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
            for lang, language in (("nb", "Norsk bokmål"), ("en", "English")):
                module = name != "00_start_here"
                if lang == "en":
                    page.locator(".gc-language").get_by_text(language, exact=True).click()
                    rebuilt = text(TODAY.words if module else "start.modules_title", lang)  # words only English has
                    page.get_by_text(rebuilt).first.wait_for(timeout=PAGE_TIMEOUT_MS)
                if module and lang == "nb":
                    page.locator(".gc-prediction input").fill("12")
                    page.locator(".gc-reveal").click()
                if module:
                    page.wait_for_function("() => [...document.querySelectorAll('img.gc-chart')]"
                                           ".every(img => img.naturalWidth > 0)", timeout=PAGE_TIMEOUT_MS)
                    page.locator(".gc-legend").wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
                    _assert_legend_uses_the_roles(page, lang)
                for screen in SCREENS:
                    _check_screen(page, screen, lang, name, results=module)
            page.close()
