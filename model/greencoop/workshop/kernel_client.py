"""The client through which Voilà's server runs the app in each kernel, checking its sockets every second.

Voilà runs a page's notebook through nbclient, which waits for each kernel message with an asyncio poll of
the channel's ZeroMQ socket and no time limit. That poll wakes on the socket's file descriptor, which
ZeroMQ signals on an edge: once read, the edge is gone. In a room, about one page in a hundred never
opened (benchmarks/README.md); caught in the act, the server's executor was waiting on its kernel's shell
socket while that socket held the kernel's reply (``zmq.EVENTS`` showed ``POLLIN``). The wake-up had been
missed (what consumed it is not known), and nothing would have woken the poll until the kernel sent
something else on that channel.

:class:`RecheckingChannel` waits in slices of :data:`RECHECK_SECONDS`: each new slice asks the socket
whether a message is waiting before it waits again, so a missed wake-up costs a page at most a second.
``greencoop present`` configures the kernel managers to hand :class:`RecheckingKernelClient` to
Voilà's executor. The room's own sockets (the pages' websockets) are served by Jupyter's server as before.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

#: The longest a message waiting in a socket goes unnoticed, in seconds.
RECHECK_SECONDS = 1.0


class RecheckingChannel(AsyncZMQSocketChannel):
    """A kernel channel whose wait for a message looks at the socket again every :data:`RECHECK_SECONDS`."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        """The next message, waiting at most ``timeout`` seconds (None: until one comes); ``Empty`` if none."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = RECHECK_SECONDS if deadline is None else max(deadline - time.monotonic(), 0.0)
            try:
                return await super().get_msg(timeout=min(left, RECHECK_SECONDS))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class RecheckingKernelClient(AsyncKernelClient):
    """Jupyter's asyncio kernel client, its message channels :class:`RecheckingChannel`."""

    shell_channel_class = Type(RecheckingChannel)
    iopub_channel_class = Type(RecheckingChannel)
    stdin_channel_class = Type(RecheckingChannel)
    control_channel_class = Type(RecheckingChannel)
