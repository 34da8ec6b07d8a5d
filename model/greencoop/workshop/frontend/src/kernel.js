/**
 * A page's connection to its kernel: Jupyter's kernel websocket in its v1 binary protocol, and the comms
 * the widgets talk over.
 *
 * A page of widgets sends its kernel only comm messages and a comm info request on the shell channel (the
 * server drops anything else: model/greencoop/workshop/room.py), and reads the kernel's iopub messages:
 * comms opened, updated and closed by the kernel, each message's busy/idle status, and outputs.
 *
 * A phone that sleeps or changes network loses its socket. The connection then opens a new one to the same
 * kernel, at once and then with a growing pause between tries, sends what the page said meanwhile once it
 * is back, and tells the page (`onDisconnect`, `onReconnect`), which asks the kernel for every widget's
 * state again: what the kernel sent while the page was away is lost. Each socket is a session of its own:
 * Jupyter's server treats a socket reusing a session as the same page come back and hands it the old
 * socket's buffered messages, but a phone's new socket usually arrives before the server has noticed the
 * old one is gone, and the old one's closing then took the new one's messages (a lever moved after such a
 * reconnection got no chart). Before each try it asks the server whether the kernel is still there: the
 * server shuts a kernel down a while after its page's last socket closed (`greencoop present
 * --release-after`), and a kernel gone for good is reported to the page (`onLost`) instead of being tried
 * for ever.
 */
import { uuid } from '@jupyter-widgets/base';

/** The websocket subprotocol of Jupyter's binary frames. */
export const V1_PROTOCOL = 'v1.kernel.websocket.jupyter.org';

/** The version of the kernel messaging protocol the messages are written in. */
const MESSAGING_VERSION = '5.3';

/** Seconds between tries to reconnect, after the first at once: doubled after each failure, up to the last. */
const RECONNECT_SECONDS = [0.5, 1, 2, 4, 8];

/** What the server answers about a kernel it no longer runs (404), or for a page it no longer lets in. */
const GONE = [401, 403, 404];

/** Messages kept while the socket is down, sent once it is back; older ones are dropped beyond this. */
const MAX_QUEUED = 200;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * One message as a v1 frame: the number of offsets, the offsets (little-endian 64-bit), then the channel,
 * header, parent header, metadata, content and buffers the offsets delimit.
 */
export function serialize(channel, message, buffers = []) {
  const parts = [
    encoder.encode(channel),
    encoder.encode(JSON.stringify(message.header)),
    encoder.encode(JSON.stringify(message.parent_header)),
    encoder.encode(JSON.stringify(message.metadata)),
    encoder.encode(JSON.stringify(message.content)),
    ...buffers.map(b => (b instanceof ArrayBuffer
      ? new Uint8Array(b)
      : new Uint8Array(b.buffer, b.byteOffset, b.byteLength))),
  ];
  const offsets = parts.length + 1;
  const start = 8 * (offsets + 1);
  const size = parts.reduce((sum, part) => sum + part.byteLength, start);
  const frame = new Uint8Array(size);
  const view = new DataView(frame.buffer);
  view.setUint32(0, offsets, true);
  let at = start;
  parts.forEach((part, i) => {
    view.setUint32(8 * (i + 1), at, true);
    frame.set(part, at);
    at += part.byteLength;
  });
  view.setUint32(8 * offsets, at, true);
  return frame.buffer;
}

/** The channel and message of a v1 frame, buffers as DataViews (as the widgets expect them). */
export function deserialize(frame) {
  const view = new DataView(frame);
  const count = view.getUint32(0, true);
  const offsets = Array.from({ length: count }, (_, i) => view.getUint32(8 * (i + 1), true));
  const part = i => new Uint8Array(frame, offsets[i], offsets[i + 1] - offsets[i]);
  const json = i => JSON.parse(decoder.decode(part(i)));
  const message = {
    channel: decoder.decode(part(0)),
    header: json(1),
    parent_header: json(2),
    metadata: json(3),
    content: json(4),
    buffers: [],
  };
  for (let i = 5; i < count - 1; i++) {
    message.buffers.push(new DataView(frame, offsets[i], offsets[i + 1] - offsets[i]));
  }
  return message;
}

/**
 * Where the page reaches its kernel, for a page at `location`: the kernel's websocket (`channels`, less the
 * session each socket adds) and its entry in the server's kernel list (`model`, which answers 404 once the
 * kernel is gone), with the room's token if the page's address has one.
 */
export function kernelUrls(location, baseUrl, kernelId) {
  const model = new URL(`${baseUrl}api/kernels/${encodeURIComponent(kernelId)}`, location.href);
  const token = new URLSearchParams(location.search).get('token');
  if (token) {
    model.searchParams.set('token', token);
  }
  const channels = new URL(model);
  channels.pathname += '/channels';
  channels.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { channels: channels.toString(), model: model.toString() };
}

/** A page's kernel, over one websocket at a time. */
export class Kernel {
  /** `urls` as {@link kernelUrls} gives them. */
  constructor(urls) {
    this.urls = urls;
    /** The session of the socket now open (or of the first, before it opens): it signs each message. */
    this.session = uuid();
    this.connectedBefore = false;
    this.socket = null;
    this.queue = [];
    this.tries = 0;
    this.lost = false;
    /** Callbacks of the messages sent, by message id, until the kernel is idle after each. */
    this.pending = new Map();
    /** Functions given every iopub output of a message, by that message's id (the Output widget's capture). */
    this.hooks = new Map();
    /** Functions waiting for a shell reply, by the request's message id. */
    this.replies = new Map();
    this.comms = new Map();
    /** Loads of every widget's state under way (see {@link Kernel#holdUnknownComms}), and what they hold. */
    this.holds = 0;
    this.held = [];
    this.onCommOpen = () => {};
    this.onDisconnect = () => {};
    this.onReconnect = () => {};
    this.onLost = () => {};
  }

  /** Open the socket; resolves once it is open, rejects if the kernel is gone before it ever opens. */
  connect() {
    return new Promise((resolve, reject) => this._open(resolve, reject));
  }

  _open(opened, failed) {
    const session = this.connectedBefore ? uuid() : this.session;
    const url = new URL(this.urls.channels);
    url.searchParams.set('session_id', session);
    const socket = new WebSocket(url.toString(), V1_PROTOCOL);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      const again = this.connectedBefore;
      this.connectedBefore = true;
      this.tries = 0;
      this.socket = socket;
      this.session = session;
      this.queue.splice(0).forEach(frame => socket.send(frame));
      opened();
      if (again) {
        this.onReconnect();
      }
    };
    socket.onmessage = event => {
      if (event.data instanceof ArrayBuffer) {
        this._receive(deserialize(event.data));
      }
    };
    socket.onclose = async () => {
      const dropped = this.socket === socket;
      this.socket = null;
      this._settlePending();
      this.onDisconnect();
      if (await this._isGone()) {
        this.lost = true;
        this.queue = [];
        this.onLost();
        failed(new Error('the page\'s kernel is gone'));
        return;
      }
      const pause = dropped ? 0 : RECONNECT_SECONDS[Math.min(this.tries, RECONNECT_SECONDS.length - 1)];
      this.tries += 1;
      setTimeout(() => this._open(opened, failed), pause * 1000);
    };
  }

  /** Whether the server says the kernel is gone; a server out of reach may come back, so that is not gone. */
  async _isGone() {
    try {
      const answer = await fetch(this.urls.model, { credentials: 'same-origin', cache: 'no-store' });
      return GONE.includes(answer.status);
    } catch {
      return false;
    }
  }

  /** The kernel will not say idle for messages sent on a socket now closed: let their senders go on. */
  _settlePending() {
    const idle = { content: { execution_state: 'idle' }, header: { msg_type: 'status' } };
    for (const callbacks of this.pending.values()) {
      callbacks?.iopub?.status?.(idle);
    }
    this.pending.clear();
  }

  /** Send a shell message; returns its id. `callbacks` follow ipywidgets' shape ({iopub: {status}}). */
  send(msgType, content, { metadata = {}, buffers = [], callbacks } = {}) {
    const header = {
      msg_id: uuid(), msg_type: msgType, session: this.session, username: '', date: new Date().toISOString(),
      version: MESSAGING_VERSION,
    };
    const frame = serialize('shell', { header, parent_header: {}, metadata, content }, buffers);
    if (callbacks) {
      this.pending.set(header.msg_id, callbacks);
    }
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(frame);
    } else if (!this.lost) {
      this.queue.push(frame);
      this.queue.splice(0, Math.max(0, this.queue.length - MAX_QUEUED));
    }
    return header.msg_id;
  }

  /** Send a shell request and resolve with its reply. */
  request(msgType, content) {
    return new Promise(resolve => {
      const id = this.send(msgType, content);
      this.replies.set(id, resolve);
    });
  }

  /**
   * Keep the messages of comms this page does not have yet, until {@link Kernel#releaseUnknownComms}.
   *
   * A page asks for every widget's state at once, and the kernel writes them while its threads go on: a result
   * drawn on a worker thread in that moment is sent before the states, for a widget the page has no comm for
   * yet. Dropped, it would leave the page on the state written before it for good. Handed to the widget's comm
   * once the states are in, in the order they came, it leaves the widget as the kernel has it.
   */
  holdUnknownComms() {
    this.holds += 1;
  }

  /** End one {@link Kernel#holdUnknownComms}: hand over what it kept to the comms now open; once no load is
   * under way, drop what is still unknown (widgets closed meanwhile). */
  releaseUnknownComms() {
    this.holds -= 1;
    this.held.splice(0).forEach(([kind, message]) => this._toComm(kind, message));
  }

  _toComm(kind, message) {
    const comm = this.comms.get(message.content.comm_id);
    if (comm) {
      comm._receive(kind, message);
    } else if (this.holds > 0) {
      this.held.push([kind, message]);
    }
  }

  /** A comm to the kernel with this target and id (its `open` opens it on the kernel's side too). */
  comm(targetName, commId) {
    const comm = new Comm(this, targetName, commId);
    this.comms.set(commId, comm);
    return comm;
  }

  _receive(message) {
    const parent = message.parent_header?.msg_id;
    const kind = message.header.msg_type;
    if (message.channel === 'shell') {
      const reply = this.replies.get(parent);
      this.replies.delete(parent);
      reply?.(message);
      return;
    }
    if (message.channel !== 'iopub') {
      return;
    }
    if (kind === 'status') {
      const callbacks = this.pending.get(parent);
      if (callbacks && message.content.execution_state === 'idle') {
        this.pending.delete(parent);
      }
      callbacks?.iopub?.status?.(message);
      return;
    }
    if (kind === 'comm_open') {
      const { comm_id: id, target_name: target } = message.content;
      this.onCommOpen(this.comm(target, id), message);
      return;
    }
    if (kind === 'comm_msg' || kind === 'comm_close') {
      this._toComm(kind, message);
      return;
    }
    this.hooks.get(parent)?.(message);
  }
}

/** A comm as ipywidgets' models use it (their `IClassicComm`). */
class Comm {
  constructor(kernel, targetName, commId) {
    this.kernel = kernel;
    this.target_name = targetName;
    this.comm_id = commId;
    this._onMsg = null;
    this._onClose = null;
  }

  open(data, callbacks, metadata, buffers) {
    return this.kernel.send('comm_open', { comm_id: this.comm_id, target_name: this.target_name, data },
      { metadata, buffers, callbacks });
  }

  send(data, callbacks, metadata, buffers) {
    return this.kernel.send('comm_msg', { comm_id: this.comm_id, data }, { metadata, buffers, callbacks });
  }

  close(data, callbacks, metadata, buffers) {
    this.kernel.comms.delete(this.comm_id);
    return this.kernel.send('comm_close', { comm_id: this.comm_id, data }, { metadata, buffers, callbacks });
  }

  on_msg(callback) {
    this._onMsg = callback;
  }

  on_close(callback) {
    this._onClose = callback;
  }

  _receive(kind, message) {
    if (kind === 'comm_msg') {
      this._onMsg?.(message);
    } else {
      this.kernel.comms.delete(this.comm_id);
      this._onClose?.(message);
    }
  }
}
