"""The executor's kernel client notices a message whose socket wake-up was missed."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from greencoop.workshop.kernel_client import RECHECK_SECONDS, RecheckingChannel, RecheckingKernelClient
from greencoop.workshop.present import Presentation, voila_config


async def _receive_after_missed_wakeup(channel_class, wait: float):
    """A message sent while the channel waits, its socket's wake-up consumed before the loop sees it (by a
    ``zmq.EVENTS`` read past the asyncio socket's bookkeeping, as any operation on the raw socket does); what
    ``channel_class.get_msg`` returns within ``wait`` seconds, or None."""
    session = Session(key=b"room")
    sync_context = zmq.Context()
    async_context = zmq.asyncio.Context.shadow(sync_context)
    receiver = async_context.socket(zmq.PAIR)
    receiver.bind("inproc://kernel")
    sender = sync_context.socket(zmq.PAIR)
    sender.connect("inproc://kernel")
    try:
        channel = channel_class(receiver, session)
        waiting = asyncio.create_task(channel.get_msg())
        await asyncio.sleep(0.2)  # the channel now waits on its socket
        session.send(sender, "execute_reply", {"status": "ok"})
        deadline = time.monotonic() + 5
        raw = zmq.Socket.shadow(receiver.underlying)
        while not raw.get(zmq.EVENTS) & zmq.POLLIN:  # reading the events consumes the wake-up
            assert time.monotonic() < deadline, "the message never reached the socket"
            time.sleep(0.001)
        done, _ = await asyncio.wait({waiting}, timeout=wait)
        if not done:
            waiting.cancel()
            return None
        return waiting.result()
    finally:
        sender.close(linger=0)
        receiver.close(linger=0)
        sync_context.term()


def test_a_message_whose_wakeup_was_missed_is_read_within_the_recheck():
    message = asyncio.run(_receive_after_missed_wakeup(RecheckingChannel, wait=RECHECK_SECONDS + 2))
    assert message is not None and message["msg_type"] == "execute_reply"


def test_jupyters_own_channel_misses_that_message():
    """Why the rechecking channel exists: the plain channel would still be waiting."""
    assert asyncio.run(_receive_after_missed_wakeup(AsyncZMQSocketChannel, wait=RECHECK_SECONDS + 2)) is None


@pytest.mark.parametrize("timeout", [0, 0.3])
def test_a_timed_wait_still_ends_empty_on_time(timeout):
    async def wait_on_a_silent_socket():
        context = zmq.asyncio.Context()
        socket = context.socket(zmq.PAIR)
        socket.bind_to_random_port("tcp://127.0.0.1")
        start = time.monotonic()
        try:
            with pytest.raises(Empty):
                await RecheckingChannel(socket, Session()).get_msg(timeout=timeout)
            return time.monotonic() - start
        finally:
            socket.close(linger=0)
            context.term()

    seconds = asyncio.run(wait_on_a_silent_socket())
    assert timeout <= seconds < timeout + 5  # ends, rather than rechecking for ever


def test_present_hands_the_rechecking_client_to_voilas_executor(tmp_path):
    config = voila_config(Presentation(workshops=tmp_path), port=8866, token="t", pool=1)
    client_class = config.AsyncKernelManager.client_class
    assert client_class == f"{RecheckingKernelClient.__module__}.{RecheckingKernelClient.__name__}"
