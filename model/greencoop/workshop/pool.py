"""How many kernels the workshop app keeps preheated for a room, and when it starts more.

Each participant takes one kernel for the whole workshop (:mod:`greencoop.workshop.navigation`), so a room
of N needs N kernels when the workshop starts, plus a few for pages reloaded or opened late
(:func:`reserve`). Voilà refills a notebook's pool to its full size each time a kernel is taken: for a room
that would start a second room's worth of kernels just as the first opens, taking the two cores from the
pages being opened and doubling the memory. :class:`RoomPool` keeps instead, after the start, only as many
ready as the room has not taken yet, and never fewer than the reserve.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from tornado.ioloop import PeriodicCallback

#: Participants a room holds by default.
ROOM = 30

#: Memory a participant's kernel takes once its page has run modules (PSS, shared pages counted once;
#: benchmarks/README.md), rounded up: the pool is sized so that every preheated kernel can be used.
KERNEL_IN_USE_BYTES = 260 * 2**20

#: Share of the memory available at start that the room's kernels may take; the rest is for the server,
#: the browsers of a facilitator's own machine and the system.
MEMORY_SHARE = 0.75

#: CPU seconds one kernel takes to start and run the app up to its page's request (measured 2.5-3.5 s).
KERNEL_START_CPU_SECONDS = 3.0


def reserve(participants: int) -> int:
    """Kernels kept ready beyond the room's own, for reloaded pages and latecomers: a tenth, at least 2.

    >>> reserve(30), reserve(60), reserve(5)
    (3, 6, 2)
    """
    return max(2, math.ceil(participants / 10))


def room_pool(participants: int, available_bytes: int) -> int:
    """Kernels to preheat for a room of ``participants``: theirs and the :func:`reserve`, as far as
    :data:`MEMORY_SHARE` of the available memory holds them in use (at least 1).

    >>> room_pool(30, 22 * 2**30), room_pool(60, 22 * 2**30), room_pool(30, 4 * 2**30)
    (33, 64, 11)
    """
    fitting = int(MEMORY_SHARE * available_bytes / KERNEL_IN_USE_BYTES)
    return max(1, min(participants + reserve(participants), fitting))


def participants_fitting(available_bytes: int) -> int:
    """The largest room whose kernels fit the available memory (see :func:`room_pool`).

    >>> participants_fitting(22 * 2**30)
    58
    """
    kernels = int(MEMORY_SHARE * available_bytes / KERNEL_IN_USE_BYTES)
    return max(n for n in range(kernels + 1) if n + reserve(n) <= kernels) if kernels > 2 else 0


def preheat_seconds(kernels: int, cores: int) -> int:
    """Rough seconds to preheat ``kernels`` on ``cores`` cores.

    >>> preheat_seconds(33, 2)
    50
    """
    return math.ceil(kernels * KERNEL_START_CPU_SECONDS / max(cores, 1))


class RoomPool:
    """Voilà's kernel pool of ``notebook``, topped up for a room rather than refilled to its start size.

    Args:
        manager: Voilà's kernel manager, its pool already filling with ``size`` kernels.
        notebook: the app's notebook, relative to the served folder.
        size: kernels preheated at the start (:func:`room_pool`).
        spare: kernels kept ready whatever the room has taken (:func:`reserve`).
        on_ready: called once, with the seconds it took, when the start's kernels all wait for their page
            (not called if a page takes one before).
    """

    def __init__(self, manager, notebook: str, size: int, spare: int, on_ready: Callable[[float], None]):
        self.manager, self.notebook, self.size, self.spare = manager, notebook, size, spare
        self.taken: set[str] = set()
        self.handing_over = 0  # kernels out of the pool, on their way to a page, not yet in ``taken``
        self._take, self._fill = manager.get_rendered_notebook, manager.fill_if_needed
        manager.get_rendered_notebook, manager.fill_if_needed = self.get_rendered_notebook, self.fill_if_needed
        self._on_ready, self._started = on_ready, time.monotonic()
        self._watch = PeriodicCallback(self._check_ready, 1000)
        self._watch.start()

    def waiting(self) -> int:
        """Kernels of the pool that have run the app up to its page's request: each holds Voilà's
        request-info websocket open, waiting for a page."""
        from voila.request_info_handler import RequestInfoSocketHandler

        pooled = {task.result()["kernel_id"] for task in self.manager._pools.get(self.notebook, ())
                  if task.done() and not task.cancelled() and task.exception() is None}
        return len(pooled & set(RequestInfoSocketHandler._waiters))

    def _check_ready(self) -> None:
        if self.taken or self.handing_over:
            self._watch.stop()
        elif self.waiting() >= self.size:
            self._watch.stop()
            self._on_ready(time.monotonic() - self._started)

    @property
    def in_use(self) -> int:
        """Kernels taken by pages and still running (a closed page's until it is released)."""
        self.taken &= set(self.manager.list_kernel_ids())
        return len(self.taken) + self.handing_over

    def ready_target(self) -> int:
        """Kernels to keep ready now: what the room has not taken yet, and at least the spare ones."""
        return max(self.spare, self.size - self.in_use)

    async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
        """Voilà's hand-over of a preheated kernel to a page, noting the kernel as taken."""
        if notebook_name != self.notebook:
            return await self._take(notebook_name, *args, **kwargs)
        self.handing_over += 1
        try:
            task, rendered, kernel_id = await self._take(notebook_name, *args, **kwargs)
        finally:
            self.handing_over -= 1
        self.taken.add(kernel_id)
        return task, rendered, kernel_id

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs) -> None:
        """Voilà's refill, to :meth:`ready_target` kernels for the app's notebook."""
        if notebook_name == self.notebook:
            config = dict(self.manager.kernel_pools_config)
            config[notebook_name] = {**config.get("default", {}), "pool_size": self.ready_target()}
            self.manager.kernel_pools_config = config
        self._fill(delay=delay, notebook_name=notebook_name, **kwargs)


def refill_later(manager, notebook: str, seconds: float) -> None:
    """Start the kernel that replaces one taken from ``notebook``'s pool ``seconds`` later, not at once.

    A new kernel takes a core for a few seconds while it imports the kit: started as a page takes its kernel,
    it slows that page's opening. A page opened seldom (the facilitator's dashboard) can wait for its next
    kernel; Voilà's own delay applies to every notebook.
    """
    fill = manager.fill_if_needed

    def fill_if_needed(delay=None, notebook_name=None, **kwargs) -> None:
        if notebook_name == notebook and delay is None:
            delay = seconds
        fill(delay=delay, notebook_name=notebook_name, **kwargs)

    manager.fill_if_needed = fill_if_needed
