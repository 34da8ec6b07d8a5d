"""Serve the workshop as an app with Voilà: no code shown, none runnable, nothing fetched from outside.

``greencoop present`` (or ``make present``) runs the Voilà server in this process:

- on 127.0.0.1 by default, for the facilitator's own screen and projector, opening ``00_start_here``;
- with ``lan=True`` on every interface, for participants' own devices, behind an access token.

``00_start_here`` is the workshop app (:mod:`greencoop.workshop.navigation`): the start page and every
module in one page, so a participant takes one kernel when the workshop starts and keeps it; an address of
a module's own notebook (``03_reps.ipynb?lang=en``) is sent to the app opened on that module. Kernels are
preheated for the room (started, with the app run up to
:func:`greencoop.workshop.request.query_parameters`, see :mod:`greencoop.workshop.pool`), so the app opens
at once.

Only Voilà is served, never a Jupyter server: there is no JupyterLab, no file browser that edits, no
terminal, no kernel list, and kernels get widget messages only, each frame checked before it is read, and
are released once their page has closed (:mod:`greencoop.workshop.room`), so participants can move sliders
but never run code, stop the server or hold a kernel they no longer use. Pages use the ``greencoop`` Voilà
template: Voilà's "lab" page with the kit's own front end (``greencoop/workshop/frontend``, one script and
one style sheet where Voilà's is about a hundred files) and its waiting message in the page's language,
nothing linked from a CDN, so the app works with no internet.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import secrets
import socket
import sys
import tempfile
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psutil

from greencoop.workshop import compressed, templates
from greencoop.workshop import pool as room_pool
from greencoop.workshop.room import RELEASE_SECONDS, RoomKernelConnection, RoomRequestInfo
from greencoop.workshop.runstore import STORE_ENV
from greencoop.workshop.session import SessionError, check_session_name

#: Folder holding ``voila/templates/greencoop``, put first on ``JUPYTER_PATH`` for Voilà to find it.
TEMPLATES = Path(__file__).with_name("jupyter")
#: The workshop page's front end as ``make frontend`` builds it from ``greencoop/workshop/frontend``.
PAGE_SCRIPT = TEMPLATES / "voila" / "templates" / "greencoop" / "static" / "greencoop-page.js"

#: The notebook the app opens on, when the workshop folder has it (else Voilà's list of notebooks).
START_PAGE = "00_start_here.ipynb"

#: The facilitator's dashboard, opened on the big screen once or twice a workshop. Started when asked for, its
#: kernel took 6-7 s to import the kit before the page showed; a kernel kept ready for it has done that already.
DASHBOARD = "facilitator_dashboard.ipynb"
#: Kernels kept ready for the dashboard.
DASHBOARD_KERNELS = 1
#: Seconds after the dashboard takes its kernel that the next one starts, so as not to slow its opening.
DASHBOARD_REFILL_SECONDS = 30

#: A kernel with no page connected for this long is shut down, whether or not a page ever connected (a page
#: that never finished opening); a page that connected and closed releases its kernel much sooner.
IDLE_KERNEL_SECONDS = 20 * 60

#: Seconds Voilà waits for a cell's output to arrive from the kernel before it renders the cell without it.
IOPUB_SECONDS = 300

#: Token alphabet: lower-case letters and digits without look-alikes (l/1, o/0), to read off a projector.
TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"

#: Length of a generated token: 14 characters of 32 = 70 bits, far beyond guessing over a room's network.
TOKEN_LENGTH = 14

#: IPython's settings for the room's kernels, written as the default profile of a folder they get as ``IPYTHONDIR``.
KERNEL_SETTINGS = {
    # An exception in a widget's handler, such as a value from a device that the widget refuses, is reported by
    # its last line only. IPython's full report, every frame's code highlighted, took a kernel 87 ms per error
    # and showed the device the server's install paths: 12,000 ill-formed updates sent by one page kept its
    # kernel busy for more than five minutes.
    "InteractiveShell": {"xmode": "Minimal"},
    # Pages run no code of their own: there is no input history for a kernel to keep in a database.
    "HistoryManager": {"enabled": False},
}

_WAITS_FOR_PAGE = ("greencoop.workshop.app", "query_parameters", "show_dashboard")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,}")


@dataclass(frozen=True)
class Presentation:
    """What to serve and how; :meth:`check` says in one line what is wrong with it.

    Attributes:
        workshops: folder of notebooks (the server's root).
        port: port to listen on; a free one if None.
        lan: listen on every interface, behind ``token``.
        token: access token; generated in LAN mode if None; none needed on 127.0.0.1.
        session: the workshop's session name, given to kernels as ``GREENCOOP_SESSION``.
        room: participants expected, each on their own device; sizes the pool (:func:`~.pool.room_pool`).
        pool: kernels preheated for the app, instead of the room's (0: start a kernel per page). In a folder
            without the app (``00_start_here``), the same number for each workshop page.
        release_seconds: a kernel whose page closed is shut down after this many seconds, unless the page
            reconnects (0: only the idle culler, after :data:`IDLE_KERNEL_SECONDS`).
        open_browser: open the start page in the default browser, if there is one.
    """

    workshops: Path = Path("workshops")
    port: int | None = None
    lan: bool = False
    token: str | None = None
    session: str | None = None
    room: int = room_pool.ROOM
    pool: int | None = None
    release_seconds: float = RELEASE_SECONDS
    open_browser: bool = True

    def check(self) -> None:
        """Raise ValueError naming the option and what is allowed, if anything is wrong."""
        if not self.workshops.is_dir():
            raise ValueError(f"no workshop folder at {self.workshops}; "
                             "run from the repository root or give --workshops")
        if not any(self.workshops.glob("*.ipynb")):
            raise ValueError(f"no notebooks (*.ipynb) in {self.workshops}")
        if not PAGE_SCRIPT.is_file():
            raise ValueError(f"the workshop page's front end is not built ({PAGE_SCRIPT.name} is missing): "
                             "run `make frontend` in the repository, or `make present`")
        if self.port is not None:
            if not 1 <= self.port <= 65535:
                raise ValueError(f"--port must be between 1 and 65535, got {self.port}")
            if not port_is_free(self.host, self.port):
                raise ValueError(f"--port {self.port} is in use on {self.host}; give another or leave it out")
        if self.room < 1:
            raise ValueError(f"--room must be 1 or more, got {self.room}")
        if self.pool is not None and self.pool < 0:
            raise ValueError(f"--pool must be 0 or more, got {self.pool}")
        if not 0 <= self.release_seconds <= IDLE_KERNEL_SECONDS:
            raise ValueError(f"--release-after must be between 0 and {IDLE_KERNEL_SECONDS} seconds, "
                             f"got {self.release_seconds:g}")
        if self.token is not None and not _TOKEN.fullmatch(self.token):
            raise ValueError("--token must be at least 8 characters of letters, digits, '-' and '_'")
        if self.session is not None:
            try:
                check_session_name(self.session)
            except SessionError as error:
                raise ValueError(f"--session: {error}") from None

    @property
    def sessions(self) -> Path:
        """Where kernels write the session record: ``sessions/`` beside the workshop folder."""
        return self.workshops.resolve().parent / "sessions"

    @property
    def host(self) -> str:
        return "0.0.0.0" if self.lan else "127.0.0.1"

    @property
    def app(self) -> str | None:
        """The workshop app's notebook (:data:`START_PAGE`), if the folder has it."""
        return START_PAGE if (self.workshops / START_PAGE).is_file() else None

    @property
    def start_path(self) -> str:
        """URL path of the page to open first."""
        return f"/voila/render/{self.app}" if self.app else "/"

    def preheated(self) -> list[str]:
        """The notebooks that get the room's preheated kernels, relative to the folder: the app alone, else (a
        folder of single modules) every page that waits for its request, the dashboard aside."""
        pages = [self.app] if self.app else [name for nb in page_notebooks(self.workshops)
                                              if (name := nb.relative_to(self.workshops).as_posix()) != DASHBOARD]
        return pages

    @property
    def dashboard(self) -> str | None:
        """The facilitator's dashboard (:data:`DASHBOARD`), if the folder has one that waits for its request:
        it gets :data:`DASHBOARD_KERNELS` kernels of its own."""
        found = self.workshops / DASHBOARD
        return DASHBOARD if found.is_file() and found in page_notebooks(self.workshops) else None

    def modules_in_app(self) -> list[str]:
        """The module notebooks whose addresses open the app on that module instead (their names less
        ``.ipynb``): every workshop page beside the app, at the folder's top."""
        if not self.app:
            return []
        return [nb.stem for nb in page_notebooks(self.workshops) if nb.parent == self.workshops
                and nb.name not in (self.app, DASHBOARD)]


def notebooks_in(folder: Path) -> list[Path]:
    """The notebooks Voilà serves under ``folder``."""
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def page_notebooks(folder: Path) -> list[Path]:
    """The notebooks under ``folder`` that get preheated kernels: those that wait for their page's request
    (they call :func:`~greencoop.workshop.request.query_parameters`, directly or through
    :mod:`greencoop.workshop.app`). Others, such as the facilitator's dashboard or an overview that runs everything
    at once, would run to their end in every pooled kernel: they get a kernel when opened."""
    return [nb for nb in notebooks_in(folder)
            if any(word in nb.read_text(encoding="utf-8") for word in _WAITS_FOR_PAGE)]


def new_token() -> str:
    """A fresh access token, easy to read off a projector (see :data:`TOKEN_ALPHABET`)."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``host:port`` now (as Tornado does: closed connections do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str) -> int:
    """A port nothing listens on at ``host``, chosen by the operating system."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on interfaces that are up, other than loopback and link-local."""
    status = psutil.net_if_stats()
    return sorted({
        address.address
        for name, addresses in psutil.net_if_addrs().items()
        if name in status and status[name].isup
        for address in addresses
        if address.family == socket.AF_INET
        and not address.address.startswith(("127.", "169.254."))
    })


def page_url(host: str, port: int, path: str, token: str | None) -> str:
    """The address of ``path``, with the token as a query parameter when there is one.

    >>> page_url("192.168.1.20", 8866, "/voila/render/00_start_here.ipynb", "abc2345defg")
    'http://192.168.1.20:8866/voila/render/00_start_here.ipynb?token=abc2345defg'
    """
    query = f"?token={quote(token)}" if token else ""
    return f"http://{host}:{port}{path}{query}"


def voila_config(show: Presentation, port: int, token: str, pool: int):
    """The traitlets configuration of the Voilà server for ``show``, with ``pool`` preheated kernels for each
    of :meth:`Presentation.preheated` and :data:`DASHBOARD_KERNELS` for the dashboard."""
    from traitlets.config import Config

    config = Config()
    config.Voila.ip = show.host
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.token = token
    config.Voila.open_browser = show.open_browser
    config.Voila.log_level = "ERROR"  # not a warning per kernel that a notebook is "not trusted": none need be
    config.VoilaConfiguration.template = "greencoop"
    config.VoilaConfiguration.strip_sources = True
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.resources = {"greencoop_words": page_words()}
    config.VoilaConfiguration.preheat_kernel = pool > 0
    config.VoilaConfiguration.default_pool_size = pool
    # A page's widgets reach its HTML once the kernel's output of the notebook's last cell has arrived. Voilà
    # waits only 4 s for it by default (nbclient's iopub_timeout): when a room's pages take kernels that are
    # still starting, on a busy machine, the output came later and pages stayed blank (7 of 30 pages asked
    # for within 30 s). 60 s still left 1 page of 30 blank in the room benchmark, whose pages took up to
    # 90 s to open; the wait now matches the longest a page may take to open at all.
    config.VoilaExecutor.iopub_timeout = IOPUB_SECONDS
    config.KernelManager.transport = "ipc"  # kernels talk over Unix sockets, not TCP ports on this machine
    # Voilà's executor waits for a kernel's messages through this client: a wake-up its socket misses
    # no longer leaves a page unopened (greencoop.workshop.kernel_client).
    config.AsyncKernelManager.client_class = "greencoop.workshop.kernel_client.RecheckingKernelClient"
    config.MappingKernelManager.cull_idle_timeout = IDLE_KERNEL_SECONDS
    config.MappingKernelManager.cull_interval = 60
    config.Voila.kernel_websocket_connection_class = RoomKernelConnection
    config.RoomKernelConnection.release_seconds = show.release_seconds
    preheated = [*show.preheated(), *([show.dashboard] if show.dashboard else [])]
    config.VoilaKernelManager.preheat_denylist = [
        name for nb in notebooks_in(show.workshops) if (name := nb.relative_to(show.workshops).as_posix())
        not in preheated]
    config.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": pool}} | (
        {show.dashboard: {"pool_size": DASHBOARD_KERNELS}} if show.dashboard else {})
    return config


def page_words() -> dict:
    """What a page says before it has a kernel and if it loses it for good, in each language, and the
    language of a page whose address names none (``GREENCOOP_LANG``, else the kit's default); the page
    picks by ``?lang=``."""
    from greencoop.text import DEFAULT_LANGUAGE, LANGUAGES, text

    default = os.environ.get("GREENCOOP_LANG")
    return {"words": {lang: {"waiting": text("app.waiting", lang), "lost": text("app.connection_lost", lang)}
                      for lang in LANGUAGES},
            "default": default if default in LANGUAGES else DEFAULT_LANGUAGE}


def kernel_environment(show: Presentation) -> dict[str, str]:
    """Variables every kernel inherits: where the template is, and the workshop session's name and folder."""
    jupyter_path = os.pathsep.join(p for p in (str(TEMPLATES), os.environ.get("JUPYTER_PATH", "")) if p)
    env = {"JUPYTER_PATH": jupyter_path,
           "GREENCOOP_SESSIONS": os.environ.get("GREENCOOP_SESSIONS", str(show.sessions))}
    if show.session:
        env["GREENCOOP_SESSION"] = show.session
    return env


def write_kernel_profile(folder: Path) -> Path:
    """Write :data:`KERNEL_SETTINGS` as the default profile of the IPython folder ``folder``; ``folder``."""
    profile = folder / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.json").write_text(json.dumps(KERNEL_SETTINGS, indent=1), encoding="utf-8")
    return folder


def compile_model() -> None:
    """Load the model's compiled code once here, before the kernels start, so they find it on disk.

    The first time after installing, the engine's loops are compiled (some
    40 functions); done here, that happens once, not in every preheated kernel
    of the room at the same time on the same cores.
    """
    print("Loading the model (compiled once after installing, then read from disk) ...", flush=True)
    from greencoop.workshop.compute import warm_up  # imported here: the command's help must stay quick

    warm_up()


def serve(show: Presentation) -> None:
    """Check ``show``, print the address(es) to use, and serve until Ctrl+C or SIGTERM (kernels are shut down)."""
    show.check()
    compile_model()
    port = show.port or free_port(show.host)
    token = show.token or (new_token() if show.lan else "")
    preheated = show.preheated()
    available = psutil.virtual_memory().available
    pool = show.pool if show.pool is not None else room_pool.room_pool(show.room, available)
    os.environ.update(kernel_environment(show))
    here = page_url("127.0.0.1", port, show.start_path, token)
    dashboard = DASHBOARD_KERNELS if show.dashboard and pool else 0
    kernels = pool * len(preheated) + dashboard
    what = "the workshop app" if show.app else f"each of its {len(preheated)} workshop pages"
    also = f" and {dashboard} for the facilitator's dashboard" if dashboard else ""
    print(f"Serving the notebooks in {show.workshops} with Voilà (no code shown); {pool} preheated kernel(s) for "
          f"{what}{also}, ready in about {room_pool.preheat_seconds(kernels, psutil.cpu_count() or 1)} s.")
    if show.app and show.pool is None and pool < show.room + room_pool.reserve(show.room):
        print(f"The free memory holds kernels for {room_pool.participants_fitting(available)} participants, "
              f"not {show.room}: the others wait while a kernel starts for them.")
    print(f"On this machine: {here}")
    if show.lan:
        addresses = lan_addresses()
        for address in addresses:
            print(f"Give participants: {page_url(address, port, show.start_path, token)}")
        if not addresses:
            print("No network address found: connect this machine to the room's network, then restart.")
        print(f"Access token: {token}")
    if show.session:
        print(f"Session {show.session!r}: kernels write to {os.environ['GREENCOOP_SESSIONS']}")
    with (tempfile.TemporaryDirectory(prefix="greencoop-runs-") as runs,
          tempfile.TemporaryDirectory(prefix="greencoop-compressed-") as copies,
          tempfile.TemporaryDirectory(prefix="greencoop-ipython-") as ipython):
        os.environ[STORE_ENV] = runs
        os.environ["IPYTHONDIR"] = str(write_kernel_profile(Path(ipython)))
        print("Running today's practice and the start of every module once, for all pages to share ...", flush=True)
        if not prepare_runs(show.workshops):
            print("That failed: each page will run its own start when it opens.", flush=True)
        print("Stop with Ctrl+C.", flush=True)
        _presenter_class().launch_instance(
            argv=[str(show.workshops)], config=voila_config(show, port, token, pool), start_url=here,
            app_notebook=show.app or "", module_notebooks=show.modules_in_app(), room_pool_size=pool,
            room_spare=room_pool.reserve(show.room), dashboard_notebook=show.dashboard or "",
            compressed_folder=copies)


def prepare_runs(workshops: Path) -> bool:
    """Run today's practice and every module's start into the run store named in the environment, in a child
    process so the server does not carry the model's imports; whether that worked."""
    child = multiprocessing.get_context("spawn").Process(target=_prepare, args=(workshops,), name="greencoop-prepare")
    child.start()
    child.join()
    return child.exitcode == 0


def _prepare(workshops: Path) -> None:
    """In the child: the pages' default settings are read where their kernels run, in the workshop folder."""
    os.chdir(workshops)
    from greencoop.workshop.page import prepare
    from greencoop.workshop.settings import PageSettings

    try:
        prepare(PageSettings.resolve({}))
    except Exception as error:  # the server still starts: each page then runs its own start
        print(f"greencoop present: could not run the modules' starts: {error}", file=sys.stderr)
        sys.exit(1)


def _presenter_class():
    """Voilà's application for a room: opening the start page (not the notebook list) in the browser, with
    the app's pool topped up for the room and module notebooks' addresses sent to the app."""
    from jupyter_server.utils import url_path_join
    from tornado import web
    from traitlets import Int, List, Unicode
    from voila.app import Voila
    from voila.request_info_handler import RequestInfoSocketHandler

    templates.compile_once()

    def room_handler(handler: type) -> type:
        """Voilà's handler as the room serves it: kernels' request sockets guarded, static files compressed."""
        if handler is RequestInfoSocketHandler:
            return RoomRequestInfo
        if isinstance(handler, type) and issubclass(handler, web.StaticFileHandler):
            return compressed.compressing(handler)
        return handler

    class ToTheApp(web.RequestHandler):
        """``…/03_reps.ipynb?lang=en`` → ``…/00_start_here.ipynb?module=03_reps&lang=en``: one kernel a
        participant, whichever link they were given."""

        def initialize(self, app: str) -> None:
            self.app = app

        def get(self, module: str) -> None:
            query = "&".join(part for part in (f"module={module}", self.request.query) if part)
            self.redirect(url_path_join(self.settings["server_url"], "voila/render", self.app) + "?" + query)

    class Presenter(Voila):
        start_url = Unicode(help="page opened in the browser at start")
        app_notebook = Unicode(help="the workshop app's notebook, relative to the folder ('' if none)")
        module_notebooks = List(Unicode(), help="names (less .ipynb) of notebooks whose addresses open the app")
        room_pool_size = Int(0, help="kernels preheated for the app at the start")
        room_spare = Int(0, help="kernels the app keeps ready whatever the room has taken")
        dashboard_notebook = Unicode(help="the facilitator's dashboard, relative to the folder ('' if none)")
        compressed_folder = Unicode(help="folder for compressed copies of the front end's files ('' to send "
                                         "them as they are)")

        def get_default_logging_config(self) -> dict:
            """Traitlets' logging, with the server's logger itself at the log level, not at DEBUG.

            Traitlets filters at the handler and leaves its logger at DEBUG, so every debug call of the
            server (one or two per message a kernel sends: some 500 while a page opens) built a record that
            was then dropped, in the one thread that serves the whole room.
            """
            config = super().get_default_logging_config()
            for logger in config.get("loggers", {}).values():
                logger["level"] = config["handlers"]["console"]["level"]
            return config

        def init_settings(self) -> dict:
            settings = super().init_settings()
            if self.compressed_folder:
                copies = settings[compressed.SETTING] = compressed.CompressedCopies(self.compressed_folder)
                front_end = self.static_paths  # the template's (the page's front end) and Voilà's (its file list)
                threading.Thread(target=copies.make_all, args=(front_end,), name="greencoop-compress",
                                 daemon=True).start()
            if self.app_notebook and self.room_pool_size and self.voila_configuration.preheat_kernel:
                room_pool.RoomPool(self.kernel_manager, self.app_notebook, self.room_pool_size, self.room_spare,
                                   on_ready=self._say_ready)
            if self.dashboard_notebook and self.voila_configuration.preheat_kernel:
                room_pool.refill_later(self.kernel_manager, self.dashboard_notebook, DASHBOARD_REFILL_SECONDS)
            return settings

        def init_handlers(self) -> list:
            handlers = [(spec[0], room_handler(spec[1]), *spec[2:]) if isinstance(spec, tuple) else spec
                        for spec in super().init_handlers()]
            if self.app_notebook and self.module_notebooks:
                names = "|".join(re.escape(name) for name in self.module_notebooks)
                handlers.insert(0, (url_path_join(self.server_url, rf"/voila/render/({names})\.ipynb"), ToTheApp,
                                    {"app": self.app_notebook}))
            return handlers

        def _say_ready(self, seconds: float) -> None:
            print(f"{self.room_pool_size} kernels ready for the room after {seconds:.0f} s.", flush=True)

        def launch_browser(self) -> None:
            try:
                webbrowser.open(self.start_url)
            except webbrowser.Error:
                self.log.warning("no web browser found; open %s", self.start_url)

    return Presenter
