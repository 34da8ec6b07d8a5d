"""greencoop.workshop.request: a page's query parameters under Voilà, nothing (and no wait) elsewhere."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
from websockets.sync.server import serve

from greencoop.workshop.request import query_parameters

VOILA_VARIABLES = ("VOILA_PREHEAT", "QUERY_STRING", "VOILA_APP_IP", "VOILA_APP_PORT", "VOILA_SERVER_URL",
                   "VOILA_WS_BASE_URL", "VOILA_WS_PROTOCOL", "VOILA_KERNEL_ID")


@pytest.fixture(autouse=True)
def outside_voila(monkeypatch):
    for name in VOILA_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_outside_voila_there_are_none_even_with_a_query_string_around(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "lang=en")  # e.g. a CGI environment: not a Voilà page
    assert query_parameters() == {}


def test_a_kernel_started_for_the_page_reads_them_from_its_environment(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "lang=en&municipality=3201&token=room-secret&lang=nb&empty=")
    assert query_parameters() == {"lang": "nb", "municipality": "3201", "empty": ""}


def test_a_kernel_started_for_a_page_without_a_query_has_none(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "")
    assert query_parameters() == {}


def test_a_preheated_kernel_waits_for_the_request_voila_sends_it(monkeypatch):
    """The websocket protocol of Voilà 0.5 (voila/query/<kernel id>, one JSON message of variables)."""
    paths = []

    def voila(websocket):
        paths.append(websocket.request.path)
        time.sleep(0.2)  # the participant opens the page a moment later
        websocket.send(json.dumps({"QUERY_STRING": "lang=en&municipality=4601", "SCRIPT_NAME": "/voila/render/m"}))

    with serve(voila, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_PORT", str(server.socket.getsockname()[1]))
        monkeypatch.setenv("VOILA_SERVER_URL", "/base/")
        monkeypatch.setenv("VOILA_KERNEL_ID", "k-123")
        assert query_parameters() == {"lang": "en", "municipality": "4601"}
        server.shutdown()
    assert paths == ["/base/voila/query/k-123"]
    assert os.environ["SCRIPT_NAME"] == "/voila/render/m", "the request's variables are in the kernel's environment"
    monkeypatch.delenv("SCRIPT_NAME")


def test_a_preheated_kernel_whose_server_is_gone_gets_none(monkeypatch):
    from greencoop.workshop.present import free_port

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(free_port("127.0.0.1")))
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-1")
    assert query_parameters() == {}
