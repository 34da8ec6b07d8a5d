"""greencoop present: its options, and the Voilà configuration they make (the serving is in test_browser.py)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from greencoop.cli import main
from greencoop.workshop import present
from greencoop.workshop.room import RoomKernelConnection

ROOT = Path(__file__).resolve().parents[1]
WORKSHOPS = ROOT / "workshops"


@pytest.mark.parametrize(("options", "message"), [
    (["--workshops", "no/such/folder"], "no workshop folder at no/such/folder"),
    (["--workshops", "model"], "no notebooks (*.ipynb) in model"),
    (["--port", "0"], "--port must be between 1 and 65535, got 0"),
    (["--port", "70000"], "--port must be between 1 and 65535, got 70000"),
    (["--pool", "-1"], "--pool must be 0 or more, got -1"),
    (["--room", "0"], "--room must be 1 or more, got 0"),
    (["--release-after", "-1"], "--release-after must be between 0 and 1200 seconds, got -1"),
    (["--lan", "--token", "short"], "--token must be at least 8 characters"),
    (["--token", "has space in it"], "--token must be at least 8 characters"),
    (["--session", "../elsewhere"], "--session: session name '../elsewhere' must be 1-64 characters"),
    (["--session", "x" * 65], "--session: session name"),
])
def test_a_bad_option_is_one_line_and_exit_2(options, message, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    workshops = [] if "--workshops" in options else ["--workshops", str(WORKSHOPS)]
    assert main(["present", "--no-browser", *workshops, *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith("greencoop present: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_front_end_is_named_with_how_to_build_it(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(present, "PAGE_SCRIPT", tmp_path / "greencoop-page.js")
    assert main(["present", "--no-browser", "--workshops", str(WORKSHOPS)]) == 2
    err = capsys.readouterr().err
    assert "front end is not built (greencoop-page.js is missing): run `make frontend`" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_port_in_use_is_refused_before_anything_starts(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["present", "--workshops", str(WORKSHOPS), "--port", str(port)]) == 2
    assert f"--port {port} is in use on 127.0.0.1" in capsys.readouterr().err


def test_on_this_machine_voila_listens_on_loopback_without_token_and_shows_no_code():
    show = present.Presentation(workshops=WORKSHOPS)
    config = present.voila_config(show, port=8899, token="", pool=4)
    assert (config.Voila.ip, config.Voila.port, config.Voila.port_retries) == ("127.0.0.1", 8899, 0)
    assert config.Voila.token == ""
    assert config.VoilaConfiguration.strip_sources is True
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.VoilaConfiguration.template == "greencoop"
    assert (config.VoilaConfiguration.preheat_kernel, config.VoilaConfiguration.default_pool_size) == (True, 4)


def test_on_the_lan_voila_listens_everywhere_behind_the_token():
    show = present.Presentation(workshops=WORKSHOPS, lan=True)
    config = present.voila_config(show, port=8899, token="abcdefgh", pool=1)
    assert (config.Voila.ip, config.Voila.token) == ("0.0.0.0", "abcdefgh")


def test_only_the_app_gets_preheated_kernels_and_the_modules_open_inside_it():
    show = present.Presentation(workshops=WORKSHOPS)
    config = present.voila_config(show, port=1, token="", pool=3)
    denied = set(config.VoilaKernelManager.preheat_denylist)
    assert show.preheated() == ["00_start_here.ipynb"] and show.dashboard == "facilitator_dashboard.ipynb"
    assert denied == {nb.name for nb in present.notebooks_in(WORKSHOPS)} - {"00_start_here.ipynb",
                                                                          "facilitator_dashboard.ipynb"}
    assert config.VoilaKernelManager.kernel_pools_config == {"default": {"pool_size": 3},
                                                             "facilitator_dashboard.ipynb": {"pool_size": 1}}
    assert show.modules_in_app() == ["01_why", "02_agreement_to_practice", "03_reps", "04_union_support",
                                     "05_employer", "06_sandbox"]


def test_without_the_app_every_page_that_waits_for_its_request_gets_preheated_kernels(tmp_path):
    for name in ("03_reps.ipynb", "model_at_a_glance.ipynb", "facilitator_dashboard.ipynb"):
        (tmp_path / name).write_text((WORKSHOPS / name).read_text())
    show = present.Presentation(workshops=tmp_path)
    assert show.preheated() == ["03_reps.ipynb"] and show.modules_in_app() == []
    config = present.voila_config(show, port=1, token="", pool=3)
    assert config.VoilaKernelManager.preheat_denylist == ["model_at_a_glance.ipynb"]
    assert config.VoilaKernelManager.kernel_pools_config["facilitator_dashboard.ipynb"] == {"pool_size": 1}


def test_kernels_get_widget_messages_only_and_a_closed_page_s_kernel_is_released():
    config = present.voila_config(present.Presentation(workshops=WORKSHOPS, release_seconds=5), port=1, token="",
                                  pool=1)
    assert config.Voila.kernel_websocket_connection_class is RoomKernelConnection
    assert config.RoomKernelConnection.release_seconds == 5


def test_voila_waits_for_a_busy_kernel_s_widgets_instead_of_sending_a_blank_page():
    """With nbclient's default of 4 s, pages that took still-starting kernels in a room of 30 came without
    their widgets (7 of 30 pages opened within 30 s had none); Voilà must wait far longer."""
    config = present.voila_config(present.Presentation(workshops=WORKSHOPS), port=1, token="", pool=8)
    assert config.VoilaExecutor.iopub_timeout >= 30


def test_no_pool_means_a_kernel_per_page():
    config = present.voila_config(present.Presentation(workshops=WORKSHOPS), port=1, token="", pool=0)
    assert config.VoilaConfiguration.preheat_kernel is False


def test_the_greencoop_template_is_where_voila_looks():
    template = present.TEMPLATES / "voila" / "templates" / "greencoop"
    assert (template / "conf.json").is_file() and (template / "index.html.j2").is_file()
    assert "https://" not in (template / "index.html.j2").read_text(encoding="utf-8")


def test_kernels_learn_the_session_and_write_to_the_repository_sessions_folder(monkeypatch):
    monkeypatch.delenv("GREENCOOP_SESSIONS", raising=False)
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    env = present.kernel_environment(present.Presentation(workshops=WORKSHOPS, session="oslo-2026-03"))
    assert env["GREENCOOP_SESSION"] == "oslo-2026-03"
    assert env["GREENCOOP_SESSIONS"] == str(ROOT / "sessions")
    assert env["JUPYTER_PATH"].split(":") == [str(present.TEMPLATES), "/elsewhere"]
    assert "GREENCOOP_SESSION" not in present.kernel_environment(present.Presentation(workshops=WORKSHOPS))


def test_a_given_sessions_folder_is_kept(monkeypatch):
    monkeypatch.setenv("GREENCOOP_SESSIONS", "/data/sessions")
    env = present.kernel_environment(present.Presentation(workshops=WORKSHOPS))
    assert env["GREENCOOP_SESSIONS"] == "/data/sessions"


def test_a_generated_token_is_long_and_easy_to_read_off_a_projector():
    tokens = {present.new_token() for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) == present.TOKEN_LENGTH and set(token) <= set(present.TOKEN_ALPHABET)
        assert not set(token) & set("l1o0")


def test_lan_addresses_are_this_machines_own_and_never_loopback():
    addresses = present.lan_addresses()
    assert all(not a.startswith(("127.", "169.254.")) for a in addresses)
    for address in addresses:
        socket.inet_aton(address)


def test_the_app_opens_on_start_here_when_the_folder_has_it(tmp_path):
    assert present.Presentation(workshops=tmp_path).start_path == "/"
    (tmp_path / present.START_PAGE).write_text("{}")
    assert present.Presentation(workshops=tmp_path).start_path == f"/voila/render/{present.START_PAGE}"


def test_the_dashboard_s_next_kernel_starts_later_than_voila_s_refills_of_other_pages():
    """The kernel replacing the dashboard's starts after the dashboard has opened, not while it opens."""
    from greencoop.workshop.pool import refill_later

    class Manager:
        def __init__(self):
            self.fills = []

        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
            self.fills.append((notebook_name, delay))

    manager = Manager()
    refill_later(manager, present.DASHBOARD, 30)
    manager.fill_if_needed(delay=None, notebook_name=present.DASHBOARD)
    manager.fill_if_needed(delay=None, notebook_name="00_start_here.ipynb")
    manager.fill_if_needed(delay=0, notebook_name=present.DASHBOARD)  # the server's start: at once
    assert manager.fills == [(present.DASHBOARD, 30), ("00_start_here.ipynb", None), (present.DASHBOARD, 0)]
