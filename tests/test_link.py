"""The benchmarks' venue network: a relay whose speed, delay and losses a room's pages must feel, and nothing else.

Times here are lower bounds only (a relay can be late on a busy machine, never early), so they do not depend on
this machine's speed.
"""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from benchmarks.link import RETRANSMIT_S, Link, SharedLink, relay_process


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    writer.close()


async def _echoed(port: int, payload: bytes) -> tuple[bytes, float]:
    """``payload`` sent to ``port`` and read back; what came back and the seconds it took."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.perf_counter()
    writer.write(payload)
    back = await reader.readexactly(len(payload))
    seconds = time.perf_counter() - started
    writer.close()
    return back, seconds


async def _through(link: Link, *payloads: bytes) -> tuple[list[tuple[bytes, float]], SharedLink]:
    """Each payload over its own connection through ``link`` to an echo server, all at once."""
    server = await asyncio.start_server(_echo, "127.0.0.1", 0)
    async with server, SharedLink(server.sockets[0].getsockname()[1], link) as relay:
        echoed = await asyncio.gather(*(_echoed(relay.port, payload) for payload in payloads))
    return echoed, relay


def test_what_crosses_the_link_arrives_whole_and_in_order_both_ways_even_when_segments_are_lost():
    payloads = [os.urandom(300_000) for _ in range(3)]
    echoed, relay = asyncio.run(_through(Link(mbit=1000, loss=0.05), *payloads))
    assert [back for back, _ in echoed] == payloads
    assert 0 < relay.held_back < relay.chunks


def test_a_message_takes_at_least_the_round_trip():
    [(_, seconds)], _ = asyncio.run(_through(Link(mbit=1000, rtt_ms=150), b"x"))
    assert seconds >= 0.15 - 1e-3


def test_the_link_s_speed_is_shared_by_every_connection_and_both_ways():
    # Two connections each echo 50 kB: 200 kB cross the link, 0.2 s at 8 Mbit/s.
    echoed, _ = asyncio.run(_through(Link(mbit=8), os.urandom(50_000), os.urandom(50_000)))
    assert max(seconds for _, seconds in echoed) >= 0.2 - 1e-3


def test_a_lost_segment_holds_its_connection_for_a_retransmission():
    [(_, seconds)], relay = asyncio.run(_through(Link(mbit=1000, rtt_ms=10, loss=0.999), b"x"))
    assert relay.held_back == relay.chunks == 2  # there and back, each lost once
    assert seconds >= 2 * (RETRANSMIT_S + 0.01) + 0.01 - 1e-3


def test_a_relay_in_a_process_of_its_own_carries_a_connection():
    async def check() -> None:
        server = await asyncio.start_server(_echo, "127.0.0.1", 0)
        async with server:
            with relay_process(server.sockets[0].getsockname()[1], Link(mbit=100, rtt_ms=40)) as port:
                back, seconds = await _echoed(port, b"hello")
        assert back == b"hello"
        assert seconds >= 0.04 - 1e-3

    asyncio.run(check())


@pytest.mark.parametrize("mbit, rtt_ms, loss", [(0, 0, 0), (-1, 0, 0), (10, -5, 0), (10, 0, 1), (10, 0, -0.1)])
def test_a_link_that_cannot_be_is_refused_with_its_values(mbit, rtt_ms, loss):
    with pytest.raises(ValueError, match=f"got {mbit:g} Mbit/s, {rtt_ms:g} ms, {loss:g}"):
        Link(mbit, rtt_ms, loss)
