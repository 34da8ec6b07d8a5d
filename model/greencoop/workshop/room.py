"""What a participant's page may say to its kernel, and giving the kernel back once the page is gone.

Every participant holding the room's token can open a websocket to their page's kernel
(``/api/kernels/<id>/channels``) and send anything. Jupyter's server trusts that socket more than a room
can afford: it reads a binary frame's offset count as given and loops over it in the server's only thread
(a 9-byte frame claiming 2**64 offsets stops every page of the room), and Voilà forwards
``shutdown_request`` besides the widget messages. :class:`RoomKernelConnection` stands in for Jupyter's
connection class (``greencoop present`` configures it) and

- checks every frame before anything reads it (:func:`split_frame`): a malformed one closes that socket
  alone, and the server goes on serving every other page;
- passes on to the kernel only what a page of widgets needs (:data:`PAGE_MESSAGES`, on the shell channel):
  an execute, inspect, complete, history, shutdown, interrupt or debug request is dropped unanswered;
- passes on no more than a person's clicks and keys could send (:class:`MessageBudget`, one per kernel
  whatever the sockets): a kernel handles its messages one at a time, so a device sending thousands would
  keep its kernel busy long after;
- shuts the kernel down :attr:`~RoomKernelConnection.release_seconds` after its page's last socket closed,
  unless the page reconnected by then (a phone's Wi-Fi coming back): a closed or reloaded page does not
  hold ≈ 200 MB for the 20 minutes of the idle culler. (Voilà's own call to do so, on the page's
  ``beforeunload``, is refused by the server for a missing ``_xsrf`` argument, and phones seldom send it.)

:class:`RoomRequestInfo` guards the other socket of a page's opening: the one on which a preheated kernel waits
for its page's request (``voila/query/<kernel id>``), which needs no token.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from itertools import pairwise
from typing import ClassVar

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web
from tornado.ioloop import IOLoop
from traitlets import Float
from voila.request_info_handler import RequestInfoSocketHandler

#: The messages a page of widgets sends its kernel: the widgets' comms and the kernel's info. Nothing else
#: reaches a kernel from a page: no code runs, nothing is inspected, nothing is shut down or interrupted.
PAGE_MESSAGES = frozenset({"comm_open", "comm_msg", "comm_close", "comm_info_request", "kernel_info_request"})

#: The channel those messages travel on.
PAGE_CHANNEL = "shell"

#: The websocket subprotocol of Jupyter's binary frames (``v1.kernel.websocket.jupyter.org``).
V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"

#: Offsets a v1 frame may announce: channel, header, parent header, metadata, content and end, plus at most
#: this many binary buffers beyond them (a widget message carries a handful).
MAX_BUFFERS = 64
_MESSAGE_PARTS = 4  # header, parent header, metadata, content
_MIN_OFFSETS = 2 + _MESSAGE_PARTS
_MAX_OFFSETS = _MIN_OFFSETS + MAX_BUFFERS

#: Websocket close code for a frame that is not a kernel message ("unsupported data").
CLOSE_MALFORMED = 1003

#: Seconds a closed page's kernel is kept for the page to reconnect, by default.
RELEASE_SECONDS = 40.0

#: Messages a page may send its kernel at once, and per second over time. A page sends a handful as it opens,
#: then one per click, choice or key typed. A kernel takes about 1.5 ms for the least of messages (an update
#: its widget refuses): 12,368 sent at once by one device kept that kernel busy for 17 s.
BURST_MESSAGES = 200
MESSAGES_PER_SECOND = 20.0


class MalformedFrame(ValueError):
    """A websocket frame that is not a well-formed kernel message."""


def split_frame(frame: bytes) -> tuple[str, list[bytes]]:
    """The channel and message parts of a v1 binary frame, checked before any part is read.

    A frame is an offset count (8 bytes, little-endian), that many offsets (8 bytes each), then the channel
    name and the message's parts, each starting at its offset; the last offset is the frame's end.

    >>> split_frame(b"\\x06" + b"\\x00" * 7 + b"".join(o.to_bytes(8, "little") for o in (56, 61, 62, 63, 64, 65))
    ...             + b"shell" + b"abcd")
    ('shell', [b'a', b'b', b'c', b'd'])
    >>> split_frame(b"\\xff" * 8 + b"x")
    Traceback (most recent call last):
    ...
    greencoop.workshop.room.MalformedFrame: a frame announcing 18446744073709551615 offsets (6 to 70 allowed)

    Raises:
        MalformedFrame: if the count, an offset or the channel name does not fit the frame.
    """
    if not isinstance(frame, bytes) or len(frame) < 8:
        raise MalformedFrame("not a binary frame with an offset count")
    count = int.from_bytes(frame[:8], "little")
    if not _MIN_OFFSETS <= count <= _MAX_OFFSETS:
        raise MalformedFrame(f"a frame announcing {count} offsets ({_MIN_OFFSETS} to {_MAX_OFFSETS} allowed)")
    table_end = 8 * (count + 1)
    if len(frame) < table_end:
        raise MalformedFrame(f"a frame of {len(frame)} bytes cannot hold {count} offsets")
    offsets = [int.from_bytes(frame[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    if offsets[0] != table_end or offsets[-1] != len(frame) or any(a > b for a, b in pairwise(offsets)):
        raise MalformedFrame("offsets outside the frame or out of order")
    try:
        channel = frame[offsets[0]:offsets[1]].decode("ascii")
    except UnicodeDecodeError:
        raise MalformedFrame("a channel name that is not ASCII") from None
    return channel, [frame[a:b] for a, b in pairwise(offsets[1:])]


def message_type(header: bytes | str | dict) -> str:
    """The ``msg_type`` of a message's header, given as JSON or already parsed.

    >>> message_type(b'{"msg_type": "comm_msg", "msg_id": "1"}')
    'comm_msg'

    Raises:
        MalformedFrame: if the header is not a JSON object with a string ``msg_type``.
    """
    if not isinstance(header, dict):
        try:
            header = json.loads(header)
        except (ValueError, TypeError):
            raise MalformedFrame("a header that is not JSON") from None
    kind = header.get("msg_type") if isinstance(header, dict) else None
    if not isinstance(kind, str):
        raise MalformedFrame("a header without a msg_type")
    return kind


def parse_json_message(frame: str | bytes) -> dict:
    """A message of the older JSON protocol (a text frame), checked to be an object with a header.

    Raises:
        MalformedFrame: if it is binary, not JSON, or not a message.
    """
    if not isinstance(frame, str):
        raise MalformedFrame("a binary frame on the JSON protocol")
    try:
        message = json.loads(frame)
    except ValueError:
        raise MalformedFrame("a text frame that is not JSON") from None
    if not isinstance(message, dict) or not isinstance(message.get("header"), dict):
        raise MalformedFrame("a JSON frame that is not a kernel message")
    message_type(message["header"])
    return message


class MessageBudget:
    """How many messages a kernel may still be passed: :data:`BURST_MESSAGES` at once, refilled at
    :data:`MESSAGES_PER_SECOND` (a token bucket).

    >>> now = [0.0]
    >>> budget = MessageBudget(burst=2, per_second=1, clock=lambda: now[0])
    >>> [budget.take() for _ in range(3)]
    [True, True, False]
    >>> now[0] = 1.5
    >>> [budget.take() for _ in range(2)]
    [True, False]
    """

    def __init__(self, burst: int = BURST_MESSAGES, per_second: float = MESSAGES_PER_SECOND,
                 clock: Callable[[], float] = time.monotonic):
        self.burst, self.per_second, self._clock = burst, per_second, clock
        self._left, self._at = float(burst), clock()

    def take(self) -> bool:
        """Whether one more message may pass now (and count it if so)."""
        now = self._clock()
        self._left = min(self.burst, self._left + (now - self._at) * self.per_second)
        self._at = now
        if self._left < 1:
            return False
        self._left -= 1
        return True


class RoomKernelConnection(ZMQChannelsWebsocketConnection):
    """Jupyter's kernel websocket connection, checked and filtered for a room of participants (see the module)."""

    release_seconds = Float(RELEASE_SECONDS, config=True,
                            help="Seconds a kernel is kept after its page's last websocket closed "
                                 "(for the page to reconnect); then it is shut down. 0 or less: never.")
    _warned_at = -math.inf  # when dropping for the budget was last logged (at most once a minute per socket)
    #: Each kernel's budget, shared by every socket to it: a device opening more sockets gets no more messages.
    _budgets: ClassVar[dict[str, MessageBudget]] = {}

    @property
    def budget(self) -> MessageBudget:
        """The messages this kernel may still be sent, whichever of its sockets they come by."""
        budgets = RoomKernelConnection._budgets
        if self.kernel_id not in budgets:
            for gone in [kernel for kernel in budgets if kernel not in self.multi_kernel_manager]:
                del budgets[gone]
            budgets[self.kernel_id] = MessageBudget()
        return budgets[self.kernel_id]

    def handle_incoming_message(self, incoming_msg: str | bytes) -> None:
        """Check the frame, drop what a page of widgets never sends, and pass the rest on unchanged."""
        if not self.channels:  # the socket is closing
            return
        try:
            if self.subprotocol == V1_PROTOCOL:
                channel, parts = split_frame(incoming_msg)
                kind = message_type(parts[0])
            else:
                message = parse_json_message(incoming_msg)
                channel, kind = message.get("channel"), message_type(message["header"])
        except MalformedFrame as error:
            self.log.warning("Closing the websocket of kernel %s: %s", self.kernel_id, error)
            self.websocket_handler.close(CLOSE_MALFORMED, "malformed frame")
            return
        if channel != PAGE_CHANNEL or kind not in PAGE_MESSAGES:
            self.log.warning("Dropped a %s message on the %s channel of kernel %s: pages send only widget messages",
                             kind, channel, self.kernel_id)
            return
        if not self.budget.take():
            if time.monotonic() - self._warned_at >= 60:
                self._warned_at = time.monotonic()
                self.log.warning("Dropping messages to kernel %s: its page sends more than %d at once or %g a second",
                                 self.kernel_id, self.budget.burst, self.budget.per_second)
            return
        super().handle_incoming_message(incoming_msg)

    def disconnect(self) -> None:
        """Close as Jupyter does; if that was the kernel's last socket, release the kernel later."""
        super().disconnect()
        if self.release_seconds > 0 and self._connections() == 0:
            IOLoop.current().call_later(self.release_seconds, self._release_if_unused, self.kernel_id)

    def _connections(self) -> int | None:
        return self.multi_kernel_manager._kernel_connections.get(self.kernel_id)

    async def _release_if_unused(self, kernel_id: str) -> None:
        """Shut the kernel down unless a page connected to it again meanwhile, or it is already gone."""
        manager = self.multi_kernel_manager
        if kernel_id in manager and manager._kernel_connections.get(kernel_id) == 0:
            self.log.info("Releasing kernel %s: its page closed %.0f s ago", kernel_id, self.release_seconds)
            await manager.shutdown_kernel(kernel_id)


class RoomRequestInfo(RequestInfoSocketHandler):
    """Voilà's ``voila/query/<kernel id>`` socket, on which a preheated kernel waits for its page's request,
    open only to a kernel of this server that is not waiting already.

    The socket takes no token (the kernels have none), so any device that reaches the server can open one.
    Voilà keeps one socket per kernel id, sends a page's request to the last one opened for its kernel, and
    when a socket that is no longer its kernel's closes, it deletes the socket registered last, whichever
    kernel that is. A device could so take a waiting kernel's request, or, opening one id twice and closing
    the first, unhook another kernel's socket; either way a participant's page would never open. Here a
    socket is refused (403) unless its kernel runs on this server and has no socket yet, and closing
    removes only the socket itself. ``greencoop present`` serves it in place of Voilà's.
    """

    def prepare(self) -> None:
        kernel_id = self.path_kwargs.get("kernel_id", "")
        if kernel_id not in self.settings["kernel_manager"] or kernel_id in self._waiters:
            raise web.HTTPError(403, "no kernel of this server waits for its request here")

    def on_close(self) -> None:
        for kernel_id, waiter in list(self._waiters.items()):
            if waiter is self:
                del self._waiters[kernel_id]
