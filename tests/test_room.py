"""The room against a real ``greencoop present``: no participant's device can stop it, kernels are given back,
and module links open the app.

A participant holding the room's token can send any websocket frame to their page's kernel; these tests do
what such a participant could, on 127.0.0.1: malformed frames, messages a page of widgets never sends, and
closing the page. The server keeps serving every other page throughout.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import shutil
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from benchmarks.browser import present
from benchmarks.browser_load import waiting_for_a_page
from greencoop.text import LANGUAGES, text
from greencoop.workshop.room import (
    BURST_MESSAGES,
    CLOSE_MALFORMED,
    MESSAGES_PER_SECOND,
    PAGE_MESSAGES,
    V1_PROTOCOL,
    MalformedFrame,
    split_frame,
)

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "room-token-2345"
RELEASE_SECONDS = 3
PAGE_TIMEOUT = 120


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app and one module's notebook, served on the LAN mode's terms, closed pages released after 3 s."""
    folder = tmp_path_factory.mktemp("room") / "workshops"
    folder.mkdir()
    for name in ("00_start_here.ipynb", "03_reps.ipynb"):
        shutil.copy(ROOT / "workshops" / name, folder)
    with present(folder, folder.parent / "server.log", lan=True, token=TOKEN, pool=2,
                 options=["--room", "2", "--release-after", str(RELEASE_SECONDS)]) as running:
        yield running


def open_page(server, query: str = "") -> str:
    """Open the app as a page does (its HTML, the token kept in a cookie); the id of the kernel it took."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"http://127.0.0.1:{server.port}/voila/render/00_start_here.ipynb?token={TOKEN}{query}"
    with browser.open(url, timeout=PAGE_TIMEOUT) as response:
        html = response.read().decode()
    return json.loads(html.split('<script id="jupyter-config-data" type="application/json">')[1]
                      .split("</script>")[0])["kernelId"]


def channels(server, kernel: str, protocol: str | None = V1_PROTOCOL):
    """The kernel's websocket, as a page opens it (the v1 protocol) or in Jupyter's older JSON protocol."""
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?token={TOKEN}&session_id={uuid.uuid4().hex}"
    return connect(url, open_timeout=PAGE_TIMEOUT, max_size=None, subprotocols=[protocol] if protocol else None,
                   ping_interval=None)  # a socket the test does not read for a while is not closed for it


def message(msg_type: str, content: dict, channel: str = "shell") -> tuple[str, dict]:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "participant",
              "session": uuid.uuid4().hex, "date": "2026-01-01T00:00:00Z", "version": "5.3"}
    return channel, {"header": header, "parent_header": {}, "metadata": {}, "content": content}


def v1(channel: str, msg: dict) -> bytes:
    return serialize_msg_to_ws_v1([json.dumps(msg[part]).encode()
                                   for part in ("header", "parent_header", "metadata", "content")], channel)


def replies_until_kernel_info(websocket, sent: list[tuple[str, dict]], timeout: float = 60) -> list[dict]:
    """Send ``sent`` and then a kernel_info_request; every message received until its reply (shell requests
    are answered in order, so anything the others caused on the shell channel has come by then)."""
    for channel, msg in sent:
        websocket.send(v1(channel, msg))
    channel, info = message("kernel_info_request", {})
    websocket.send(v1(channel, info))
    received, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, parts = deserialize_msg_from_ws_v1(websocket.recv(timeout=timeout))
        header, parent = json.loads(parts[0]), json.loads(parts[1])
        received.append({"type": header["msg_type"], "parent": parent.get("msg_id")})
        if header["msg_type"] == "kernel_info_reply" and parent.get("msg_id") == info["header"]["msg_id"]:
            return received
    raise TimeoutError("no kernel_info_reply")


def ask_for_states(websocket) -> None:
    """Ask for every widget's state as a page does: the kernel answers after all it was sent before on
    ``websocket``, on the channel every socket to the kernel receives."""
    control = uuid.uuid4().hex
    channel, opening = message("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}})
    opening["metadata"]["version"] = "1.0.0"  # of the control comm in ipywidgets 8
    websocket.send(v1(channel, opening))
    websocket.send(v1(*message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})))


def received_until_states(websocket, answers: int = 1) -> list[dict]:
    """The messages ``websocket`` receives until the kernel has answered ``answers`` requests for the states."""
    received = []
    while answers:
        _, parts = deserialize_msg_from_ws_v1(websocket.recv(timeout=PAGE_TIMEOUT))
        received.append({"type": json.loads(parts[0])["msg_type"], "content": json.loads(parts[3])})
        answers -= received[-1]["content"].get("data", {}).get("method") == "update_states"
    return received


def a_slider(websocket) -> str:
    """The comm id of a slider on the page."""
    ask_for_states(websocket)
    states = received_until_states(websocket)[-1]["content"]["data"]["states"]
    return next(comm for comm, widget in states.items() if widget["model_name"].endswith("SliderModel"))


def refused_update(slider: str) -> tuple[str, dict]:
    """An update no page sends: a slider's position that is not a number."""
    return message("comm_msg", {"comm_id": slider, "data": {"method": "update", "state": {"index": "x"},
                                                            "buffer_paths": []}})


def close_code(websocket, timeout: float = 20) -> int:
    """Read (and drop) what the server still sends until it closes the socket; the code it closed with."""
    deadline = time.monotonic() + timeout
    with pytest.raises(ConnectionClosed) as closed:
        while time.monotonic() < deadline:
            websocket.recv(timeout=deadline - time.monotonic())
    return closed.value.rcvd.code


def is_served(server, path: str = "/voila/static/voila.js", timeout: float = 20) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}?token={TOKEN}", timeout=timeout) as answer:
            return answer.status == 200
    except (urllib.error.URLError, TimeoutError):
        return False


def kernel_runs(server, kernel: str) -> bool:
    """Whether the kernel's process runs (its command line names its connection file, after its id)."""
    return any(kernel in " ".join(proc.cmdline()) for proc in server.kernels())


def waiting_kernels(server, timeout: float = 120) -> list[str]:
    """Ids of the kernels that have run the app up to its page's request (at least one, within ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ids = [re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(proc.cmdline())).group(1)
               for proc in server.kernels() if waiting_for_a_page(server, [proc])]
        if ids:
            return ids
        time.sleep(0.5)
    raise TimeoutError("no kernel waits for a page")


def _offsets(*numbers: int) -> bytes:
    return b"".join(n.to_bytes(8, "little") for n in numbers)


MALFORMED = {
    "offset count of 2**64 - 1 (the one that stopped the server)": b"\xff" * 8 + b"x",
    "more offsets than the frame holds": _offsets(1000) + b"shell",
    "offsets past the frame's end": _offsets(6, 56, 61, 62, 63, 64, 10**12) + b"shell",
    "offsets out of order": _offsets(6, 56, 61, 70, 63, 64, 65) + b"shellabcd",
    "a header that is not JSON": _offsets(6, 56, 61, 62, 63, 64, 65) + b"shellabcd",
    "a text frame on the binary protocol": "{}",
    "three bytes": b"abc",
}


@pytest.mark.parametrize("frame", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_frame_closes_that_socket_and_the_server_goes_on_serving(server, frame):
    kernel = open_page(server)
    with channels(server, kernel) as attacker:
        attacker.send(frame)
        assert close_code(attacker) == CLOSE_MALFORMED
    assert is_served(server), "the server answers other pages at once"
    with channels(server, kernel) as page:
        assert replies_until_kernel_info(page, [])[-1]["type"] == "kernel_info_reply", "the kernel still answers"


DROPPED = [
    ("execute_request", "shell", {"code": "open({marker!r}, 'w').close()", "silent": False, "store_history": False,
                                  "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}),
    ("inspect_request", "shell", {"code": "open", "cursor_pos": 4, "detail_level": 0}),
    ("complete_request", "shell", {"code": "op", "cursor_pos": 2}),
    ("history_request", "shell", {"output": False, "raw": True, "hist_access_type": "tail", "n": 10}),
    ("is_complete_request", "shell", {"code": "1 +"}),
    ("comm_msg", "control", {"comm_id": "x", "data": {}}),
    ("interrupt_request", "control", {}),
    ("debug_request", "control", {"seq": 1, "type": "request", "command": "initialize", "arguments": {}}),
    ("shutdown_request", "control", {"restart": False}),
    ("shutdown_request", "shell", {"restart": False}),
]


def test_messages_a_widget_page_never_sends_get_no_reply_and_run_nothing(server, tmp_path):
    marker = tmp_path / "ran"
    kernel = open_page(server)
    sent = [message(kind, json.loads(json.dumps(content).replace("{marker!r}", repr(str(marker)))), channel)
            for kind, channel, content in DROPPED]
    with channels(server, kernel) as page:
        received = replies_until_kernel_info(page, sent)
        time.sleep(2)  # control requests bypass the shell's order: give them time to act, had they arrived
        assert replies_until_kernel_info(page, [])[-1]["type"] == "kernel_info_reply", "not shut down"
    answered = {msg["header"]["msg_id"] for _, msg in sent} & {r["parent"] for r in received}
    assert not answered, "dropped messages got a reply"
    assert not marker.exists(), "no code ran"
    assert is_served(server)


def test_the_older_json_protocol_is_checked_and_filtered_too(server, tmp_path):
    marker = tmp_path / "ran"
    kernel = open_page(server)
    with channels(server, kernel, protocol=None) as page:
        _, execute = message("execute_request", {"code": f"open({str(marker)!r}, 'w').close()", "silent": False})
        page.send(json.dumps({**execute, "channel": "shell", "buffers": []}))
        _, info = message("kernel_info_request", {})
        page.send(json.dumps({**info, "channel": "shell", "buffers": []}))
        replies = []
        while not replies or replies[-1]["msg_type"] != "kernel_info_reply":
            replies.append(json.loads(page.recv(timeout=60))["header"])
        page.send(b"\x7f\xff\xff\xff")  # the older binary form, with a buffer count of 2**31 - 1
        assert close_code(page) == CLOSE_MALFORMED
    assert "execute_reply" not in {r["msg_type"] for r in replies}
    assert not marker.exists()
    assert is_served(server)


def test_a_refused_widget_value_is_reported_to_its_page_by_one_line_without_the_server_s_files(server):
    with channels(server, open_page(server, "&module=03_reps")) as page:
        page.send(v1(*refused_update(a_slider(page))))
        ask_for_states(page)
        errors = [r["content"] for r in received_until_states(page) if r["type"] == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == "TraitError"
    assert len(errors[0]["traceback"]) == 1, "IPython's full report of every frame"
    assert "File " not in errors[0]["traceback"][0] and str(ROOT) not in errors[0]["traceback"][0]


def test_a_flood_of_messages_reaches_the_kernel_only_as_fast_as_a_person_could_send_them(server):
    flood, sockets = 1000, 5  # each socket alone within the burst: the budget is the kernel's, not the socket's
    kernel = open_page(server, "&module=03_reps")
    with channels(server, kernel) as page, contextlib.ExitStack() as more:
        slider = a_slider(page)
        every = [page, *(more.enter_context(channels(server, kernel)) for _ in range(sockets - 1))]
        started = time.monotonic()
        for number in range(flood):
            every[number % sockets].send(v1(*refused_update(slider)))
        time.sleep(1)  # the budget refills: the requests below pass
        for websocket in every:
            ask_for_states(websocket)
        received = received_until_states(page, answers=sockets)  # the kernel has handled all it was let have
        allowed = BURST_MESSAGES + (time.monotonic() - started) * MESSAGES_PER_SECOND
    assert flood / sockets <= BURST_MESSAGES
    assert sum(r["type"] == "error" for r in received) <= allowed < flood
    assert is_served(server)


def test_a_closed_page_s_kernel_is_released_and_a_reconnecting_one_kept(server):
    kernel = open_page(server)
    with channels(server, kernel):
        pass
    with channels(server, kernel):  # the page comes back within the grace period (a phone's Wi-Fi)
        time.sleep(RELEASE_SECONDS + 2)
        assert kernel_runs(server, kernel), "a page connected again keeps its kernel"
    closed = time.monotonic()
    while kernel_runs(server, kernel):
        assert time.monotonic() - closed < RELEASE_SECONDS + 30, "the closed page's kernel was not released"
        time.sleep(0.5)
    assert is_served(server)
    gone = closed + RELEASE_SECONDS + 30
    while True:  # the server answers 500 while it finishes the shutdown it began when the process ended
        asked = time.monotonic()  # (after waiting up to a minute for the dying kernel to come alive)
        with pytest.raises(InvalidStatus) as refused:
            channels(server, kernel).close()
        if refused.value.response.status_code != 500 or asked > gone:
            break
        time.sleep(0.5)
    assert refused.value.response.status_code == 404


def test_a_module_s_own_address_opens_the_app_on_that_module_with_its_settings(server):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    url = f"http://127.0.0.1:{server.port}/voila/render/03_reps.ipynb?lang=en&municipality=3201&token={TOKEN}"
    with pytest.raises(urllib.error.HTTPError) as redirected:
        urllib.request.build_opener(NoRedirect).open(url, timeout=30)
    assert redirected.value.code == 302
    assert redirected.value.headers["Location"] == (
        f"/voila/render/00_start_here.ipynb?module=03_reps&lang=en&municipality=3201&token={TOKEN}")


def test_the_page_waits_in_its_own_language(server):
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"http://127.0.0.1:{server.port}/voila/render/00_start_here.ipynb?token={TOKEN}&lang=en"
    with browser.open(url, timeout=PAGE_TIMEOUT) as response:
        html = response.read().decode()
    words = json.loads(html.split('<script id="greencoop-words" type="application/json">')[1].split("</script>")[0])
    assert words["words"] == {lang: {"waiting": text("app.waiting", lang), "lost": text("app.connection_lost", lang)}
                              for lang in LANGUAGES}
    assert "window.voila_process = say" in html, "Voilà's 'Executing 2 of 2' gives way to the words"


def test_a_well_formed_frame_is_split_as_jupyter_writes_it():
    _, msg = message("comm_msg", {"comm_id": "c", "data": {"method": "update"}})
    channel, parts = split_frame(v1("shell", msg))
    assert channel == "shell" and [json.loads(p) for p in parts] == [msg["header"], {}, {}, msg["content"]]
    assert "comm_msg" in PAGE_MESSAGES and "execute_request" not in PAGE_MESSAGES


@pytest.mark.parametrize("frame", [f for f in MALFORMED.values() if isinstance(f, bytes)][:4])
def test_split_frame_refuses_what_does_not_fit(frame):
    with pytest.raises(MalformedFrame):
        split_frame(frame)


def test_a_kernel_s_request_socket_is_refused_to_any_device(server):
    """``voila/query/<kernel>`` takes no token. Voilà's own socket let a device take a waiting kernel's page
    request (or unhook another kernel's socket), so that a participant's page never opened."""
    waiting = waiting_kernels(server)
    for kernel in (str(uuid.uuid4()), waiting[0]):  # a kernel the server does not run, one that waits already
        with pytest.raises(InvalidStatus) as refused:
            connect(f"ws://127.0.0.1:{server.port}/voila/query/{kernel}", open_timeout=20).close()
        assert refused.value.response.status_code == 403
    taken = {open_page(server) for _ in waiting}
    assert waiting[0] in taken, "every waiting kernel, the one tried included, opened its page"


#: The front end a page fetches that compresses: the kit's script and style sheet (the fonts are compressed).
FRONT_END_FILES = ["/voila/templates/greencoop/static/greencoop-page.js",
                   "/voila/templates/greencoop/static/greencoop-page.css"]


@pytest.mark.parametrize("path", FRONT_END_FILES)
def test_the_front_end_goes_compressed_to_a_browser_and_as_it_is_to_others(server, path):
    def fetch(encoding: str) -> tuple[str | None, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}?token={TOKEN}",
                                         headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.headers["Content-Encoding"], answer.read()

    (compressed_as, compressed), (plain_as, plain) = fetch("gzip, deflate, br, zstd"), fetch("identity")
    assert (compressed_as, plain_as) == ("gzip", None)
    assert gzip.decompress(compressed) == plain and len(compressed) < len(plain) / 2
