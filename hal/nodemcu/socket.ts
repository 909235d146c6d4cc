import type { Socket, SocketEvents } from "../api";
import type { Bytes } from "../../src/bytes/bytes";
import { nodemcuPlatform } from "./platform";

/**
 * The Socket for NodeMCU, over `net.createConnection()` (`tls.createConnection()` when secure and
 * the firmware has the `tls` module; without it a secure `open` returns false — ESP32 has none, and
 * its `net` ignores the secure flag). RUNTIMES.md, NodeMCU: `:on("connection"|"receive"|"sent"|
 * "disconnection"|"reconnection", fn(sck[, data]))`, `:connect(port, host)`, `:send(str)`,
 * `:close()`; back-to-back sends are not guaranteed, so the next chunk goes from "sent";
 * "receive" fires per network frame.
 *
 * Sending. `write` copies the bytes into a send store made once (SEND_STORE_SIZE bytes, used as a
 * ring) and returns how many fitted. At most one `:send` is in flight: a chunk of at most
 * SEND_CHUNK bytes leaves as soon as nothing is in flight, the next one from the "sent" callback,
 * which also calls `onWritable` if a write had been cut short. SEND_CHUNK stays below every TCP
 * MSS NodeMCU uses (ESP8266 1460, ESP32 1436/1440) so that each send is one segment and gets one
 * "sent": the firmware reports "sent" per acknowledgement, not per call.
 *
 * Allocation, inherent to NodeMCU's API, which only sends strings: each chunk sent makes one
 * string per READ_PIECE bytes (`string.char`) and, for longer chunks, the `table.concat` of them
 * (into a pieces table made once). Receiving allocates nothing here: each "receive" string (made
 * by the firmware) is read with `string.byte` into a receive store made once, at creation, and
 * handed to `onData`; a string longer than the store arrives in several `onData` calls.
 *
 * Closing. The firmware calls no "disconnection" after this side's own `:close()`, so `close()`
 * reports `onClose` itself, from a `node.task.post` task. A `:send` that raises (the link broke
 * under it) closes the connection the same way, with `failed` true. Each `open` makes a new
 * connection object: ESP32 refuses to `:connect` a socket again after a "disconnection".
 * Callbacks from a connection other than the current one are ignored.
 */

/** Bytes per `:send` (see the module comment). */
const SEND_CHUNK = 1024;
/** Bytes `write` can hold while earlier chunks wait for "sent". */
const SEND_STORE_SIZE = 2048;
/** Bytes handed to `onData` at once; longer "receive" strings arrive in pieces of this size. */
const RECEIVE_STORE_SIZE = 1460;
/** Bytes per `string.char` call: far below every Lua's C-stack limit. */
const READ_PIECE = 128;

const IDLE = 0;
const OPENING = 1;
const OPEN = 2;
const CLOSING = 3;

const unpackRange = table.unpack !== undefined ? table.unpack : unpack;

/** The strings one chunk is made of, reused for every chunk (slots beyond the count are stale). */
const pieces: string[] = [];

/** A byte string of `count` bytes of `store` from `start` (all within the store). */
function bytesToString(store: Bytes, start: number, count: number): string {
  const end = start + count;
  let parts = 0;
  for (let at = start; at < end; at = at + READ_PIECE) {
    const last = (at + READ_PIECE < end ? at + READ_PIECE : end) - 1;
    pieces[parts] = string.char(...unpackRange(store, at, last));
    parts = parts + 1;
  }
  return parts === 1 ? pieces[0] : table.concat(pieces, "", 1, parts);
}

/** Makes a NodeMCU Socket (see the module comment). Allocates its stores now. */
export function newNodemcuSocket(): Socket {
  const sendStore = nodemcuPlatform.newBytes(SEND_STORE_SIZE);
  const receiveStore = nodemcuPlatform.newBytes(RECEIVE_STORE_SIZE);
  let state = IDLE;
  let current: NetSocket | undefined = undefined;
  let owner: SocketEvents | undefined = undefined;
  /** The ring in the send store: first byte, bytes held, and how many of them are being sent. */
  let head = 0;
  let queued = 0;
  let inFlight = 0;
  /** A write took fewer bytes than offered: `onWritable` is owed at the next "sent". */
  let blocked = false;
  /** What the pending close will report. */
  let closeFailed = false;

  function finish(failed: boolean): void {
    const events = owner as SocketEvents;
    state = IDLE;
    current = undefined;
    owner = undefined;
    head = 0;
    queued = 0;
    inFlight = 0;
    blocked = false;
    events.onClose(failed);
  }

  /** The task `close()` posts: reports the close unless a callback already did. */
  function onClosedHere(): void {
    if (state === CLOSING) finish(closeFailed);
  }

  /** Closes the current connection and reports it from a task. */
  function shutDown(failed: boolean): void {
    const connection = current as NetSocket;
    state = CLOSING;
    closeFailed = failed;
    pcall(connection.close, connection);
    node.task.post(onClosedHere);
  }

  /** Sends the next chunk if none is in flight. False when the send raised (then shutting down). */
  function pump(): boolean {
    if (inFlight > 0 || queued === 0) return true;
    let count = queued < SEND_CHUNK ? queued : SEND_CHUNK;
    if (count > SEND_STORE_SIZE - head) count = SEND_STORE_SIZE - head;
    const connection = current as NetSocket;
    const [sent] = pcall(connection.send, connection, bytesToString(sendStore, head, count));
    if (!sent) {
      shutDown(true);
      return false;
    }
    inFlight = count;
    return true;
  }

  function onConnection(connection: NetSocket): void {
    if (connection !== current || state !== OPENING) return;
    state = OPEN;
    (owner as SocketEvents).onConnect();
  }

  function onReceive(connection: NetSocket, data: string): void {
    const length = string.len(data);
    let at = 0;
    while (at < length && connection === current && state === OPEN) {
      const count = length - at < RECEIVE_STORE_SIZE ? length - at : RECEIVE_STORE_SIZE;
      for (let index = 0; index < count; index++) {
        receiveStore[index] = string.byte(data, at + index + 1);
      }
      at = at + count;
      (owner as SocketEvents).onData(receiveStore, 0, count);
    }
  }

  function onSent(connection: NetSocket): void {
    if (connection !== current || state !== OPEN || inFlight === 0) return;
    head = (head + inFlight) % SEND_STORE_SIZE;
    queued = queued - inFlight;
    inFlight = 0;
    if (!pump()) return;
    if (blocked) {
      blocked = false;
      (owner as SocketEvents).onWritable();
    }
  }

  function onDisconnection(connection: NetSocket, error?: number): void {
    if (connection !== current || state === IDLE) return;
    if (state === CLOSING) {
      finish(closeFailed);
    } else {
      // A connection that never came up failed, whatever the code says.
      finish((error !== undefined && error !== 0) || state === OPENING);
    }
  }

  function open(this: unknown, host: string, port: number, secure: boolean, events: SocketEvents): boolean {
    if (state !== IDLE) return false;
    let connection: NetSocket;
    if (secure) {
      if (tls === undefined) return false;
      connection = tls.createConnection();
    } else {
      connection = net.createConnection();
    }
    connection.on("connection", onConnection);
    connection.on("receive", onReceive);
    connection.on("sent", onSent);
    connection.on("disconnection", onDisconnection);
    connection.on("reconnection", onDisconnection);
    current = connection;
    owner = events;
    state = OPENING;
    const [started] = pcall(connection.connect, connection, port, host);
    if (!started) {
      state = IDLE;
      current = undefined;
      owner = undefined;
      return false;
    }
    return true;
  }

  function write(this: unknown, store: Bytes, offset: number, length: number): number {
    if (state !== OPEN) return -1;
    const room = SEND_STORE_SIZE - queued;
    const taken = length < room ? length : room;
    if (taken < length) blocked = true;
    let tail = (head + queued) % SEND_STORE_SIZE;
    for (let index = 0; index < taken; index++) {
      sendStore[tail] = store[offset + index];
      tail = tail + 1 === SEND_STORE_SIZE ? 0 : tail + 1;
    }
    queued = queued + taken;
    if (!pump()) return -1;
    return taken;
  }

  function close(this: unknown): void {
    if (state === OPENING || state === OPEN) shutDown(false);
  }

  return { open, write, close };
}
