"""A participant's page without a browser: the messages a Voilà page exchanges with its kernel, and nothing else.

A room of 30 participants brings 30 devices that each draw their own page. On one 2-core machine, 30 headless
browsers cannot stand in for them: opening the workshop page costs a headless Chromium 3-4 s of CPU (measured
with benchmarks/browser_load.py's pages), so 30 of them would take the server's cores for minutes. A
:class:`ProtocolPage` asks of the server exactly what a page asks, in the same order, and draws nothing:

1. ``GET /voila/render/<notebook>``: Voilà hands the page a preheated kernel and runs the notebook's last cell,
   whose widgets must be in the HTML (else a browser shows a blank page);
2. a websocket to ``/api/kernels/<id>/channels``, where ipywidgets' control comm asks for every widget's state,
   as the page's widget manager does before drawing anything;
3. widget messages: the guess typed, the reveal button clicked, a lever's value set on release; the kernel
   answers with the chart's new image.

Its times therefore leave out what a participant's own device adds (a real page in a browser measures that).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass, field

import httpx
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from websockets.asyncio.client import connect

from greencoop.workshop.modules import module

#: The kernel websocket protocol of JupyterLab's pages. The older one must not be used with Voilà 0.5: its server
#: reads every binary message as v1, and an older message with buffers sends it into a near-endless loop.
V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: What the page's HTML holds for the notebook's widgets: without it the page is blank in a browser.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]+)"')
_CONTROL_PROTOCOL = "1.0.0"  # ipywidgets 8: the version of the control comm, not of the widget protocol
#: One TLS context for every page's HTTP client. httpx otherwise reads its certificate bundle for each client
#: (about 0.2 s of CPU, more on a busy machine), in the event loop that times every page of the room and routes
#: the Chromium pages' requests: 25 pages opening held the room's clock up by seconds. The pages speak plain
#: HTTP to this machine, so the context is never used for a connection.
_TLS = httpx.create_ssl_context()


def encode(channel: str, header: dict, content: dict, metadata: dict) -> bytes:
    """A message to the kernel in the kernel websocket's v1 protocol, the one JupyterLab's pages speak."""
    parts = [json.dumps(part).encode() for part in (header, {}, metadata, content)]
    return serialize_msg_to_ws_v1(parts, channel)


def decode(frame: bytes) -> tuple[dict, dict, list[bytes]]:
    """The header, content and buffers of a kernel message in the v1 protocol."""
    _, (header, _parent, _metadata, content, *buffers) = deserialize_msg_from_ws_v1(frame)
    return json.loads(header), json.loads(content), buffers


class PageWithoutWidgets(OSError):
    """The page's HTML came without the notebook's widgets, as Voilà's pages did when a kernel's output was late."""


@dataclass
class ProtocolPage:
    """One participant's page of a workshop module, spoken as the page speaks to Voilà.

    Attributes:
        fetched_s: seconds from asking for the page to holding its HTML (Voilà has handed it a kernel).
        opened_s: seconds from asking for the page to holding every widget's state.
        slider_s: seconds from each lever value sent to the chart's new image received.
        html_bytes: the page's HTML, as received (uncompressed).
        opening_bytes: the kernel websocket's frames received until every widget's state was in.
        received_bytes: every frame the kernel websocket received, the charts after each move included.
        interactions: the reveal and the lever moves sent.
        errors: the errors the kernel reported to the page (one per widget value it refused).
    """

    base_url: str
    module_id: str
    path: str  # the page's address on the server, e.g. "/voila/render/00_start_here.ipynb?module=03_reps"
    fetched_s: float = float("nan")
    opened_s: float = float("nan")
    slider_s: list[float] = field(default_factory=list)
    missed: int = 0
    html_bytes: int = 0
    opening_bytes: int = 0
    received_bytes: int = 0
    interactions: int = 0
    errors: int = 0

    async def open(self, timeout: float) -> None:
        """Fetch the page, connect to its kernel, and load every widget's state."""
        start = time.monotonic()
        async with httpx.AsyncClient(timeout=timeout, verify=_TLS) as client:
            page = await client.get(f"{self.base_url}{self.path}", follow_redirects=True)
        page.raise_for_status()
        self.fetched_s = time.monotonic() - start
        self.html_bytes = len(page.content)
        if WIDGET_VIEW not in page.text:  # a browser would show a blank page: count it as not opened
            raise PageWithoutWidgets(f"{self.path} came without its widgets")
        kernel = _KERNEL_ID.search(page.text).group(1)
        self._session = uuid.uuid4().hex
        ws_url = self.base_url.replace("http", "ws", 1)
        self._socket = await connect(f"{ws_url}/api/kernels/{kernel}/channels?session_id={self._session}",
                                     subprotocols=[V1_PROTOCOL], max_size=None, open_timeout=timeout)
        self._chart_updates: asyncio.Queue[float] = asyncio.Queue()
        self._states: asyncio.Future = asyncio.get_running_loop().create_future()
        self._kernel_info: asyncio.Future = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read())
        control = uuid.uuid4().hex
        await self._send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                         metadata={"version": _CONTROL_PROTOCOL})
        await self._send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        states = await asyncio.wait_for(self._states, timeout)
        self.opened_s = time.monotonic() - start
        self.opening_bytes = self.received_bytes
        self._find_widgets(states)

    async def reveal(self, timeout: float) -> None:
        """Type a guess, click "show results", and wait for the chart."""
        self.interactions += 1
        await self._update(self._prediction, {"value": "10"})
        await self._send("comm_msg", {"comm_id": self._reveal,
                                      "data": {"method": "custom", "content": {"event": "click"}}})
        await asyncio.wait_for(self._chart_updates.get(), timeout)

    async def move_lever(self, fraction: float, timeout: float) -> None:
        """Set the lever to ``fraction`` of its positions, as a slider reports on release, and time the chart."""
        while not self._chart_updates.empty():  # the band of an earlier move, drawn after its first runs
            self._chart_updates.get_nowait()
        index = round(fraction * (self._positions - 1))
        self.interactions += 1
        sent = time.monotonic()
        await self._update(self._lever, {"index": index})
        try:
            charted = await asyncio.wait_for(self._chart_updates.get(), timeout)
        except TimeoutError:
            self.missed += 1
            return
        self.slider_s.append(charted - sent)

    async def answer_s(self, timeout: float) -> float:
        """Seconds until the kernel answers a kernel_info request: it has handled everything sent before."""
        self._kernel_info = asyncio.get_running_loop().create_future()
        sent = time.monotonic()
        await self._send("kernel_info_request", {})
        return await asyncio.wait_for(self._kernel_info, timeout) - sent

    async def send_lever_positions(self, count: int, refused: bool = True) -> None:
        """Send ``count`` lever positions all at once: values no page sends (not a number, each refused) or,
        with ``refused=False``, the lever's two ends in turn (each a run of the model and a new chart)."""
        for number in range(count):
            await self._update(self._lever, {"index": "x" if refused else (number % 2) * (self._positions - 1)})

    async def close(self) -> None:
        self._reader.cancel()
        await self._socket.close()

    # --- the widget protocol -------------------------------------------------

    def _find_widgets(self, states: dict) -> None:
        """The widgets a participant uses: the first lever that is a slider, the guess, the reveal button, the
        chart (the page's DOM contract: gc-lever-<name>, gc-prediction, gc-reveal, gc-chart)."""
        def with_class(name: str) -> list[str]:
            return [i for i, s in states.items() if name in s["state"].get("_dom_classes", ())]

        self._prediction, self._reveal, self._chart = (with_class(c)[0] for c in ("gc-prediction", "gc-reveal",
                                                                                  "gc-chart"))
        for lever in module(self.module_id).levers:
            sliders = [i for i in with_class(f"gc-lever-{lever}") if states[i]["model_name"].endswith("SliderModel")]
            if sliders:
                self._lever = sliders[0]
                self._positions = len(states[self._lever]["state"]["_options_labels"])  # a selection slider
                return
        raise LookupError(f"{self.module_id} has no lever that is a slider")

    async def _update(self, comm_id: str, state: dict) -> None:
        await self._send("comm_msg", {"comm_id": comm_id,
                                      "data": {"method": "update", "state": state, "buffer_paths": []}})

    async def _send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        header = {"msg_id": uuid.uuid4().hex, "username": "participant", "session": self._session,
                  "msg_type": msg_type, "version": "5.3", "date": ""}
        await self._socket.send(encode("shell", header, content, metadata or {}))

    async def _read(self) -> None:
        async for frame in self._socket:
            self.received_bytes += len(frame)
            header, content, _ = decode(frame)
            if header["msg_type"] == "error":
                self.errors += 1
            elif header["msg_type"] == "kernel_info_reply" and not self._kernel_info.done():
                self._kernel_info.set_result(time.monotonic())
            if header["msg_type"] != "comm_msg":
                continue
            data = content["data"]
            if data.get("method") == "update_states" and not self._states.done():
                self._states.set_result(data["states"])
            elif (data.get("method") == "update" and content["comm_id"] == getattr(self, "_chart", None)
                  and "value" in {path[0] for path in data.get("buffer_paths", ())} | set(data.get("state", ()))):
                self._chart_updates.put_nowait(time.monotonic())
