import type { Socket, SocketEvents } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The Socket for Espruino, over its `net` library (`tls` when secure): `require("net").connect`,
 * `socket.write(byteString)`, `socket.end()`, and the events `data`, `drain`, `error`, `close`
 * (RUNTIMES.md, Espruino "Modules and globals"; libs/network/jswrap_net.c and socketserver.c in
 * Espruino's sources).
 *
 * Writing. Espruino's `socket.write` appends to a send buffer that grows without bound and always
 * returns false; `drain` fires once that buffer has been handed to the network stack. So the
 * back-pressure lives here: at most SEND_BUDGET bytes are accepted between two `drain` events,
 * `write` takes fewer (then 0) beyond that, and the next `drain` calls `onWritable`. This keeps
 * Espruino's buffer (JsVar blocks on the heap) small while the link is slow.
 *
 * Allocation, inherent to Espruino's API, which only sends strings: each `write` makes one
 * `subarray` view and one string of the bytes taken (`E.toString`), which `socket.write` copies
 * into its send buffer at once. When the heap cannot hold that string (`E.toString` gives
 * undefined), the write takes nothing and `onWritable` follows RETRY_MS later. Receiving allocates nothing here: each `data` string (made by the
 * firmware) is copied byte by byte into a receive store made once, at creation, and handed to
 * `onData`; a string longer than the store arrives in several `onData` calls.
 *
 * Closing. `close()` calls `end()`; Espruino then fires `close` (hadError false) once its buffer
 * is sent. When the network is offline Espruino's `end()` does nothing and offline sockets are
 * dropped without an event, so a timer (CLOSE_GRACE_MS) reports the close if Espruino does not.
 * Events from a socket that is no longer the current one are ignored: every listener checks
 * `this`, which Espruino sets to the socket.
 */

/** Bytes accepted between two `drain` events: one Ethernet frame's worth. */
const SEND_BUDGET = 1460;
/** Bytes handed to `onData` at once; longer `data` strings arrive in pieces of this size. */
const RECEIVE_STORE_SIZE = 1460;
/** How long `close()` waits for Espruino's `close` event before reporting the close itself. */
const CLOSE_GRACE_MS = 5000;
/** When the heap had no room for a write's string: how long until `onWritable` offers a retry. */
const RETRY_MS = 100;

const IDLE = 0;
const OPENING = 1;
const OPEN = 2;
const CLOSING = 3;

/** TLS material for secure connections (PEM bodies as Espruino's `tls.connect` takes them). */
export interface EspruinoTlsOptions {
  ca?: string;
  key?: string;
  cert?: string;
}

/**
 * Loads a built-in module. The name arrives as a parameter so the bundler leaves the `require`
 * for Espruino to resolve (it would try to bundle `require("net")` itself). Throws when the
 * firmware lacks the module.
 */
function loadModule(name: EspruinoNetModuleName): EspruinoNetModule {
  return require(name);
}

/**
 * Makes an Espruino Socket (see the module comment). `tls`, when given, is passed to
 * `require("tls").connect` for secure opens. Allocates its stores now; nothing per byte later.
 */
export function newEspruinoSocket(tls?: EspruinoTlsOptions): Socket {
  const receiveStore = new Uint8Array(RECEIVE_STORE_SIZE);
  const connectOptions: EspruinoConnectOptions = { host: "", port: 0 };
  if (tls !== undefined) {
    if (tls.ca !== undefined) connectOptions.ca = tls.ca;
    if (tls.key !== undefined) connectOptions.key = tls.key;
    if (tls.cert !== undefined) connectOptions.cert = tls.cert;
  }
  let state = IDLE;
  let current: EspruinoNetSocket | undefined = undefined;
  let owner: SocketEvents | undefined = undefined;
  /** Bytes written since the last `drain`. */
  let pending = 0;
  /** A write took fewer bytes than offered: `onWritable` is owed at the next `drain`. */
  let blocked = false;
  /** An `error` event came before `close`. */
  let errored = false;
  let closeTimer: EspruinoTimer | undefined = undefined;
  let retryTimer: EspruinoTimer | undefined = undefined;

  function finish(failed: boolean): void {
    if (closeTimer !== undefined) {
      clearTimeout(closeTimer);
      closeTimer = undefined;
    }
    if (retryTimer !== undefined) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    }
    const events = owner as SocketEvents;
    state = IDLE;
    current = undefined;
    owner = undefined;
    events.onClose(failed);
  }

  function onSocketConnect(this: EspruinoNetSocket): void {
    if (this !== current || state !== OPENING) return;
    state = OPEN;
    (owner as SocketEvents).onConnect();
  }

  function onSocketData(this: EspruinoNetSocket, data: string): void {
    const length = data.length;
    let at = 0;
    while (at < length && this === current && state === OPEN) {
      const count = length - at < RECEIVE_STORE_SIZE ? length - at : RECEIVE_STORE_SIZE;
      for (let index = 0; index < count; index++) {
        receiveStore[index] = data.charCodeAt(at + index);
      }
      at = at + count;
      (owner as SocketEvents).onData(receiveStore, 0, count);
    }
  }

  function onSocketDrain(this: EspruinoNetSocket): void {
    if (this !== current) return;
    pending = 0;
    if (blocked && state === OPEN) {
      blocked = false;
      (owner as SocketEvents).onWritable();
    }
  }

  function onSocketError(this: EspruinoNetSocket): void {
    if (this === current) errored = true;
  }

  function onSocketClose(this: EspruinoNetSocket, hadError: boolean): void {
    if (this !== current || state === IDLE) return;
    // A connection that never came up failed, unless close() ended it.
    finish(hadError === true || errored || state === OPENING);
  }

  function onRetry(): void {
    retryTimer = undefined;
    if (blocked && state === OPEN) {
      blocked = false;
      (owner as SocketEvents).onWritable();
    }
  }

  function onCloseTimeout(): void {
    closeTimer = undefined;
    if (state === CLOSING) finish(false);
  }

  function open(this: unknown, host: string, port: number, secure: boolean, events: SocketEvents): boolean {
    if (state !== IDLE) return false;
    let socket: EspruinoNetSocket;
    connectOptions.host = host;
    connectOptions.port = port;
    try {
      socket = loadModule(secure ? "tls" : "net").connect(connectOptions, onSocketConnect);
    } catch (error) {
      return false;
    }
    state = OPENING;
    current = socket;
    owner = events;
    pending = 0;
    blocked = false;
    errored = false;
    socket.on("data", onSocketData);
    socket.on("drain", onSocketDrain);
    socket.on("error", onSocketError);
    socket.on("close", onSocketClose);
    return true;
  }

  function write(this: unknown, store: Bytes, offset: number, length: number): number {
    if (state !== OPEN) return -1;
    const room = SEND_BUDGET - pending;
    const taken = length < room ? length : room > 0 ? room : 0;
    if (taken < length) blocked = true;
    if (taken > 0) {
      // E.toString gives undefined when the heap cannot hold the string: take nothing, retry soon.
      const text: string | undefined = E.toString((store as Uint8Array).subarray(offset, offset + taken));
      if (text === undefined) {
        blocked = true;
        if (retryTimer === undefined) retryTimer = setTimeout(onRetry, RETRY_MS);
        return 0;
      }
      (current as EspruinoNetSocket).write(text);
      pending = pending + taken;
    }
    return taken;
  }

  function close(this: unknown): void {
    if (state !== OPENING && state !== OPEN) return;
    state = CLOSING;
    (current as EspruinoNetSocket).end();
    closeTimer = setTimeout(onCloseTimeout, CLOSE_GRACE_MS);
  }

  return { open, write, close };
}
