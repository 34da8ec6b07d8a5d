"""A venue's Wi-Fi between a room's devices and the server: one shared link with a speed, a delay and losses.

    python benchmarks/link.py --to 8866 --mbit 20 --rtt-ms 30 --loss 0.01   # relay to a server on 127.0.0.1:8866

Everything a room's devices send and receive passes through one :class:`SharedLink`, a relay on 127.0.0.1:

- **speed**: each chunk takes the link for the time it needs at ``mbit`` Mbit/s, after every chunk before it,
  both ways and over every connection: devices on one Wi-Fi network wait their turn on the air;
- **delay**: each chunk arrives half a round trip (``rtt_ms``) after it has crossed the link;
- **losses**: each 1,460-byte segment is lost with probability ``loss``; TCP then holds that connection's data
  until the segment is sent again, which this relay takes as one round trip plus Linux's shortest
  retransmission timeout (:data:`RETRANSMIT_S`). Other connections go on meanwhile.

Chunks keep their order on each connection, and a connection's reading and delivering are apart, so a delay
does not also cap a connection's speed (as it would if each chunk waited for the one before to arrive).
This is a model of a link, not a radio: no retransmission takes the air twice, and no connection slows after
a loss as TCP's congestion control does; so it errs on the kind side. Losses are drawn from a seeded
generator, the same in every run.

Run as a script it relays until stopped, for a benchmark that runs its pages and server in other processes
(``benchmarks/browser_load.py --link-mbit``): the relay's CPU time is then not taken from their event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Bytes the relay reads from a connection at a time.
CHUNK = 16 * 1024
#: The largest segment TCP carries on Ethernet and Wi-Fi (1,500-byte packets).
SEGMENT = 1460
#: Linux's shortest retransmission timeout (``TCP_RTO_MIN``): a lost segment's data waits this long, plus a
#: round trip, before it arrives.
RETRANSMIT_S = 0.2
#: Chunks a connection may read ahead of what it has delivered: the relay's share of TCP's buffers.
READ_AHEAD = 64


@dataclass(frozen=True)
class Link:
    """A shared link's speed (Mbit/s), round-trip time (ms) and chance of losing each segment."""

    mbit: float
    rtt_ms: float = 0.0
    loss: float = 0.0

    def __post_init__(self) -> None:
        if not (self.mbit > 0 and self.rtt_ms >= 0 and 0 <= self.loss < 1):
            raise ValueError(f"a link needs a speed above 0 Mbit/s, a round trip of 0 ms or more and a loss in "
                             f"[0, 1): got {self.mbit:g} Mbit/s, {self.rtt_ms:g} ms, {self.loss:g}")

    def words(self) -> str:
        """The link as the benchmarks' tables name it, e.g. "20 Mbit/s, 30 ms round trip, 1 % of segments lost"."""
        return f"{self.mbit:g} Mbit/s, {self.rtt_ms:g} ms round trip, {self.loss * 100:g} % of segments lost"


class SharedLink:
    """A relay to the server on 127.0.0.1:``server_port`` that carries every connection over one :class:`Link`.

    Use as ``async with SharedLink(port, link) as relay``: devices connect to ``relay.port``.
    """

    def __init__(self, server_port: int, link: Link, seed: int = 0):
        self.server_port = server_port
        self.link = link
        self._seconds_per_byte = 8 / (link.mbit * 1e6)
        self._one_way_s = link.rtt_ms / 2000
        self._retransmit_s = RETRANSMIT_S + link.rtt_ms / 1000
        self._losses = random.Random(seed)
        self._link_free_at = 0.0
        self._relay: asyncio.Server | None = None
        self._connections: set[asyncio.Task] = set()
        #: Chunks carried, and those held back by a lost segment.
        self.chunks = 0
        self.held_back = 0

    async def __aenter__(self) -> SharedLink:
        self._relay = await asyncio.start_server(self._connect, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc) -> None:
        """Stop relaying; wait for the connections still open to close (the devices have closed theirs)."""
        self._relay.close()
        if self._connections:
            await asyncio.wait(self._connections, timeout=30)

    def cut(self) -> None:
        """Drop every connection at once, as a network switched off does."""
        for connection in self._connections:
            connection.cancel()

    @property
    def port(self) -> int:
        return self._relay.sockets[0].getsockname()[1]

    async def serve_forever(self) -> None:
        await self._relay.serve_forever()

    async def _connect(self, from_device: asyncio.StreamReader, to_device: asyncio.StreamWriter) -> None:
        connection = asyncio.current_task()
        self._connections.add(connection)
        try:
            from_server, to_server = await asyncio.open_connection("127.0.0.1", self.server_port)
            await asyncio.gather(self._carry(from_device, to_server), self._carry(from_server, to_device))
        except ConnectionError:
            to_device.close()
        finally:
            self._connections.discard(connection)

    async def _carry(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        """One direction of one connection: chunks read, each given its time of arrival, delivered in order."""
        arriving: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue(READ_AHEAD)
        delivering = asyncio.create_task(self._deliver(arriving, sink))
        try:
            while chunk := await source.read(CHUNK):
                await arriving.put((self._arrival(len(chunk)), chunk))
        except ConnectionError:
            pass
        except asyncio.CancelledError:  # the link is cut
            delivering.cancel()
            raise
        await arriving.put(None)
        await delivering

    def _arrival(self, size: int) -> float:
        """When a chunk of ``size`` bytes read now arrives: after the link's queue, its own crossing and the delay,
        and a retransmission later if one of its segments is lost."""
        now = asyncio.get_running_loop().time()
        self._link_free_at = max(self._link_free_at, now) + size * self._seconds_per_byte
        arrival = self._link_free_at + self._one_way_s
        self.chunks += 1
        if self.link.loss and self._losses.random() >= (1 - self.link.loss) ** math.ceil(size / SEGMENT):
            self.held_back += 1
            arrival += self._retransmit_s
        return arrival

    async def _deliver(self, arriving: asyncio.Queue, sink: asyncio.StreamWriter) -> None:
        """Write each chunk at its arrival, in order; after the other side has gone, only empty the queue."""
        loop = asyncio.get_running_loop()
        delivered_until = 0.0
        connected = True
        while (item := await arriving.get()) is not None:
            if not connected:
                continue
            arrival, chunk = item
            delivered_until = max(delivered_until, arrival)  # a held-back chunk holds those after it
            await asyncio.sleep(delivered_until - loop.time())
            try:
                sink.write(chunk)
                await sink.drain()
            except ConnectionError:
                connected = False
        sink.close()


@contextlib.contextmanager
def relay_process(server_port: int, link: Link) -> Iterator[int]:
    """A :class:`SharedLink` to ``server_port`` in a process of its own, until the block ends; yields its port."""
    command = [sys.executable, str(Path(__file__)), "--to", str(server_port), "--mbit", str(link.mbit),
               "--rtt-ms", str(link.rtt_ms), "--loss", str(link.loss)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if not line.startswith("relaying on "):
            raise RuntimeError(f"the link's relay did not start: {line!r}")
        yield int(line.split()[2])
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _relay_until_stopped(server_port: int, link: Link) -> None:
    async with SharedLink(server_port, link) as relay:
        print(f"relaying on {relay.port} to {server_port} over {link.words()}", flush=True)
        stopped = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
        serving = asyncio.create_task(relay.serve_forever())
        await stopped.wait()
        serving.cancel()
        relay.cut()
        print(f"{relay.chunks} chunks carried, {relay.held_back} held back by a lost segment", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", type=int, required=True, help="the server's port on 127.0.0.1")
    parser.add_argument("--mbit", type=float, required=True, help="the link's speed, Mbit/s, shared by everyone")
    parser.add_argument("--rtt-ms", type=float, default=0.0, help="round-trip time added, ms")
    parser.add_argument("--loss", type=float, default=0.0, help="chance that a segment is lost, 0-1")
    args = parser.parse_args()
    try:
        link = Link(args.mbit, args.rtt_ms, args.loss)
    except ValueError as error:
        parser.error(str(error))
    asyncio.run(_relay_until_stopped(args.to, link))


if __name__ == "__main__":
    main()
