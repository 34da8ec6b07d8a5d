/**
 * The kernel connection's frames, addresses and comm messages, checked without a browser or a server (`npm test`).
 *
 * A frame must be what Jupyter's server reads (model/greencoop/workshop/room.py checks the same layout on
 * the server's side), an address must carry the room's token and the page's scheme, and a widget's update
 * that arrives before the page has the widget must reach it once it has.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Kernel, deserialize, kernelUrls, serialize } from '../src/kernel';

const message = {
  header: { msg_id: 'm1', msg_type: 'comm_msg' },
  parent_header: { msg_id: 'p0' },
  metadata: { version: '2.1.0' },
  content: { comm_id: 'c1', data: { method: 'update', state: { value: 4.5 } } },
};

test('a frame read back gives the channel, message and buffers written', () => {
  const buffers = [new Uint8Array([1, 2, 3]).buffer, new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 3)];
  const read = deserialize(serialize('shell', message, buffers));
  assert.equal(read.channel, 'shell');
  for (const part of ['header', 'parent_header', 'metadata', 'content']) {
    assert.deepEqual(read[part], message[part]);
  }
  assert.deepEqual(read.buffers.map(view => [...new Uint8Array(view.buffer, view.byteOffset, view.byteLength)]),
    [[1, 2, 3], [8, 7]]);
});

test('a frame has the layout the server checks: a 64-bit count, 64-bit offsets, the last at its end', () => {
  const frame = new DataView(serialize('shell', message));
  const count = Number(frame.getBigUint64(0, true));
  assert.equal(count, 6); // channel, four message parts, and the end
  const offsets = Array.from({ length: count }, (_, i) => Number(frame.getBigUint64(8 * (i + 1), true)));
  assert.equal(offsets[0], 8 * (count + 1));
  assert.equal(offsets.at(-1), frame.byteLength);
  assert.deepEqual([...offsets].sort((a, b) => a - b), offsets);
  assert.equal(new TextDecoder().decode(new Uint8Array(frame.buffer, offsets[0], offsets[1] - offsets[0])), 'shell');
});

test("a page's addresses carry the room's token and follow the page's scheme", () => {
  const page = new URL('http://192.168.1.20:8866/voila/render/00_start_here.ipynb?token=abc123&lang=nb');
  const urls = kernelUrls(page, '/', 'k-1');
  assert.equal(urls.model, 'http://192.168.1.20:8866/api/kernels/k-1?token=abc123');
  assert.equal(urls.channels, 'ws://192.168.1.20:8866/api/kernels/k-1/channels?token=abc123');
  const secure = kernelUrls(new URL('https://room.example/voila/render/x.ipynb'), '/', 'k-2');
  assert.equal(secure.channels, 'wss://room.example/api/kernels/k-2/channels');
});

test("a comm's messages that come before its widget's state are handed over, in order, once it is open", () => {
  const kernel = new Kernel(kernelUrls(new URL('http://127.0.0.1:8866/voila/render/x.ipynb'), '/', 'k-1'));
  const update = (commId, value) => ({
    channel: 'iopub', header: { msg_id: `u-${value}`, msg_type: 'comm_msg' }, parent_header: {}, metadata: {},
    content: { comm_id: commId, data: { method: 'update', state: { value } } }, buffers: [],
  });
  const seen = [];
  kernel.holdUnknownComms();
  kernel._receive(update('c-late', 1));
  kernel._receive(update('c-closed', 2));
  kernel._receive(update('c-late', 3));
  kernel.comm('jupyter.widget', 'c-late').on_msg(message => seen.push(message.content.data.state.value));
  kernel.releaseUnknownComms();
  assert.deepEqual(seen, [1, 3]);
  kernel.comm('jupyter.widget', 'c-closed').on_msg(message => seen.push(message.content.data.state.value));
  kernel._receive(update('c-unknown', 4));
  assert.deepEqual(seen, [1, 3], 'once the states are in, what no comm took is dropped, not kept for ever');
  assert.equal(kernel.held.length, 0);
});
