"""The page's URL query parameters, so a link like ``03_reps.ipynb?lang=en&municipality=3201`` opens a module
in English for Bærum.

Voilà passes the request to the kernel in environment variables (``QUERY_STRING`` as in CGI). With
preheated kernels (what ``greencoop present`` uses) a kernel starts, and runs the notebook, before anyone
asks for the page; the request reaches it later over a websocket at ``voila/query/<kernel id>``, which
:func:`query_parameters` waits for. This is the protocol of Voilà 0.5's ``voila.utils.wait_for_request``,
followed here with the ``websockets`` client alone because importing ``voila.utils`` pulls in the whole
Jupyter server (≈ 60 MB and seconds of imports) into every kernel of the pool.

Outside Voilà (JupyterLab, nbval, papermill, plain Python) there is no request: the result is ``{}`` at
once, never a wait.
"""

from __future__ import annotations

import json
import os
from urllib.parse import parse_qsl

#: Set by Voilà in every kernel it starts: "True" for a preheated kernel, "False" for one started per page.
VOILA_PREHEAT = "VOILA_PREHEAT"

#: Query parameters that are for the server, not for the notebook (the LAN mode's access token).
SERVER_PARAMETERS = frozenset({"token"})

#: Seconds to wait for the websocket to Voilà to open (the request itself may come much later).
CONNECT_TIMEOUT = 5.0


def under_voila() -> bool:
    """Whether this kernel renders a page for Voilà (which has an address), not a notebook in JupyterLab."""
    return VOILA_PREHEAT in os.environ


def query_parameters() -> dict[str, str]:
    """The query parameters of the page this kernel renders, e.g. ``{"lang": "en", "municipality": "3201"}``.

    Under Voilà with a preheated kernel this blocks until a participant opens the page (that is the
    point: everything before the call has already run). A parameter given twice keeps its last value;
    the access token is left out. Anywhere else it returns ``{}`` without waiting.

    >>> query_parameters()  # not under Voilà
    {}
    """
    if not under_voila():
        return {}
    if os.environ[VOILA_PREHEAT] == "True":
        os.environ.update(_wait_for_request())
    pairs = parse_qsl(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return {name: value for name, value in pairs if name not in SERVER_PARAMETERS}


def _wait_for_request() -> dict[str, str]:
    """The request info Voilà sends a preheated kernel once a page uses it (``{}`` if Voilà is unreachable)."""
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    url = f"{protocol}://{host}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"
    try:
        # No keepalive pings: the wait is on this machine and may last hours, and a server busy preheating
        # dozens of kernels may answer a ping late, which would drop the request and lose ?lang=... .
        with connect(url, open_timeout=CONNECT_TIMEOUT, ping_interval=None) as websocket:
            return {str(k): str(v) for k, v in json.loads(websocket.recv()).items()}
    except (OSError, TimeoutError, WebSocketException, ValueError):
        return {}
