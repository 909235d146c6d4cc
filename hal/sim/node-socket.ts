import * as net from "node:net";
import * as tls from "node:tls";
import type { Socket, SocketEvents } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * A `Socket` (hal/api.ts) over Node's `net` and, when `secure`, `tls` modules: the simulator's
 * real transport and the one the Node-side tests drive the core through.
 *
 * How it keeps the contract:
 * - Events come only from Node's own socket events ('connect'/'secureConnect', 'data', 'drain',
 *   a write's completion callback, 'close'), which Node emits from its event loop, never from
 *   inside `net.connect`, `write`, `end` or `destroy`. `open`, `write` and `close` call no event.
 * - `write` copies the offered bytes into the socket's staging store before it returns, and the
 *   bytes staged during one run of JavaScript (one event's handler, with everything it calls) go
 *   to Node as one chunk when that run ends (`process.nextTick`): the acks for every packet of a
 *   received chunk, or a burst of publishes, cost one socket write and one system call instead of
 *   one per packet (on loopback the per-write system call is most of a small packet's cost).
 *   Nothing is delayed past the current run, and order is kept. `write` takes at most
 *   {@link NODE_SOCKET_HIGH_WATER} bytes minus what is staged and what Node still holds unsent
 *   (`writableLength`), so a large offer, or any offer while the kernel is not taking data, is
 *   taken in part (possibly 0). After such a short write, `onWritable` follows once less than the
 *   high-water mark is staged and held again (after a staged chunk has gone out, or after
 *   'drain'). -1 when not connected: before `onConnect`, after `close`, after the peer ended or
 *   the link broke.
 * - `onData` hands a plain `Uint8Array` view of exactly the received chunk, at offset 0; it is
 *   valid during the call only (Node may reuse the memory afterwards).
 * - Exactly one `onClose` per `open` that returned true, from the socket's 'close' event:
 *   `failed` is true when the connection ended in an error (refused, reset, TLS handshake or
 *   certificate failure, DNS failure), false for a clean end from either side or for `close()`.
 *   Until it arrives `open` returns false; afterwards the socket may be opened again. Events of an
 *   earlier connection never reach a later one.
 * - `close()` is graceful: the staged bytes go to Node at once, Node sends what is still buffered (an MQTT DISCONNECT written just
 *   before `close()` is not lost), then FIN; if the peer does not take the data within
 *   {@link NODE_SOCKET_CLOSE_LINGER_MS} the socket is destroyed. After `close()` no `onData` or
 *   `onWritable` is delivered, only the `onClose`. A `close()` while still connecting destroys at once.
 * - TCP_NODELAY is set: MQTT packets are small and latency-bound.
 */

/** The most bytes staged and held unsent by Node before `write` takes fewer than offered (16 KiB). */
export const NODE_SOCKET_HIGH_WATER = 16 * 1024;

/** How long `close()` waits for buffered bytes to go out before destroying the socket. */
export const NODE_SOCKET_CLOSE_LINGER_MS = 1000;

/** TLS settings for `secure` opens, e.g. a test CA for self-signed certificates. */
export interface NodeSocketTlsOptions {
  /** Trusted CA certificate(s), PEM. Without it Node's default roots are used. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key (PEM) for mutual TLS. */
  key?: string | Buffer;
  /** Refuse a server whose certificate does not verify (default true). */
  rejectUnauthorized?: boolean;
  /** SNI and certificate host name; defaults to `host` when it is a name, none for an address. */
  servername?: string;
}

const IDLE = 0;
const CONNECTING = 1;
const CONNECTED = 2;
const CLOSING = 3;

/**
 * Makes a Socket over Node's `net`/`tls`. `tlsOptions` applies to every `secure` open of it.
 */
export function newNodeSocket(tlsOptions?: NodeSocketTlsOptions): Socket {
  let state = IDLE;
  let current: net.Socket | undefined;
  let events: SocketEvents | undefined;
  let failed = false;
  let owesWritable = false;
  let linger: NodeJS.Timeout | undefined;
  /** Bytes written since the last flush, for the current connection; the flush is due at the end of this run. */
  const staging = Buffer.allocUnsafeSlow(NODE_SOCKET_HIGH_WATER);
  let staged = 0;
  let flushDue = false;

  function attach(sock: net.Socket, secure: boolean, handlers: SocketEvents): void {
    const isCurrent = (): boolean => current === sock;
    sock.on(secure ? "secureConnect" : "connect", () => {
      if (!isCurrent() || state !== CONNECTING) return;
      state = CONNECTED;
      handlers.onConnect();
    });
    sock.on("data", (chunk: Buffer) => {
      if (!isCurrent() || state !== CONNECTED) return;
      handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), 0, chunk.length);
    });
    sock.on("drain", () => {
      if (isCurrent()) maybeWritable();
    });
    sock.on("error", () => {
      if (isCurrent()) failed = true;
    });
    sock.on("end", () => {
      // The peer sent FIN: Node ends our side too (allowHalfOpen is false) and 'close' follows
      // once our buffered bytes are out; a peer that stops reading gets the linger, then destroy.
      if (!isCurrent()) return;
      if (state === CONNECTED) state = CLOSING;
      startLinger(sock);
    });
    sock.on("close", (hadError: boolean) => {
      if (!isCurrent()) return;
      const wasFailed = failed || hadError;
      if (linger !== undefined) clearTimeout(linger);
      linger = undefined;
      current = undefined;
      events = undefined;
      state = IDLE;
      failed = false;
      owesWritable = false;
      staged = 0;
      handlers.onClose(wasFailed);
    });
  }

  /** Called after 'drain' and after each write completes: room again after a short write? */
  function maybeWritable(): void {
    const sock = current;
    if (!owesWritable || state !== CONNECTED || sock === undefined) return;
    if (sock.writableLength + staged >= NODE_SOCKET_HIGH_WATER) return;
    owesWritable = false;
    (events as SocketEvents).onWritable();
  }

  function afterWrite(): void {
    maybeWritable();
  }

  /** Hands the staged bytes to Node as one chunk (a new Buffer: Node keeps it until it is sent). */
  function flush(): void {
    flushDue = false;
    const sock = current;
    if (staged === 0 || sock === undefined) return;
    const chunk = Buffer.allocUnsafe(staged);
    staging.copy(chunk, 0, 0, staged);
    staged = 0;
    sock.write(chunk, afterWrite);
  }

  function open(host: string, port: number, secure: boolean, handlers: SocketEvents): boolean {
    if (state !== IDLE) return false;
    if (!Number.isInteger(port) || port < 1 || port > 65535) return false;
    let sock: net.Socket;
    try {
      if (secure) {
        const options: tls.ConnectionOptions = { host, port };
        if (tlsOptions !== undefined) {
          if (tlsOptions.ca !== undefined) options.ca = tlsOptions.ca;
          if (tlsOptions.cert !== undefined) options.cert = tlsOptions.cert;
          if (tlsOptions.key !== undefined) options.key = tlsOptions.key;
          if (tlsOptions.rejectUnauthorized !== undefined) {
            options.rejectUnauthorized = tlsOptions.rejectUnauthorized;
          }
          if (tlsOptions.servername !== undefined) options.servername = tlsOptions.servername;
        }
        sock = tls.connect(options);
      } else {
        sock = net.connect({ host, port });
      }
    } catch {
      return false;
    }
    sock.setNoDelay(true);
    current = sock;
    events = handlers;
    state = CONNECTING;
    failed = false;
    owesWritable = false;
    staged = 0;
    attach(sock, secure, handlers);
    return true;
  }

  function write(store: Bytes, offset: number, length: number): number {
    const sock = current;
    if (state !== CONNECTED || sock === undefined || sock.destroyed || !sock.writable) return -1;
    if (length <= 0) return 0;
    const room = NODE_SOCKET_HIGH_WATER - sock.writableLength - staged;
    const taken = room <= 0 ? 0 : room < length ? room : length;
    if (taken < length) owesWritable = true;
    if (taken === 0) return 0;
    // Copied now (the caller may reuse its store as soon as we return), byte by byte: a view of
    // the caller's store for Buffer.copy or set() would be an allocation per write.
    const source = store as Uint8Array;
    for (let index = 0; index < taken; index++) staging[staged + index] = source[offset + index];
    staged = staged + taken;
    if (!flushDue) {
      flushDue = true;
      process.nextTick(flush);
    }
    return taken;
  }

  function close(): void {
    const sock = current;
    if (sock === undefined || state === IDLE) return;
    if (state === CLOSING) return;
    const wasConnecting = state === CONNECTING;
    state = CLOSING;
    owesWritable = false;
    if (wasConnecting) {
      sock.destroy();
      return;
    }
    // Send what is staged and buffered, then FIN; destroy once flushed rather than wait for the peer's FIN.
    flush();
    sock.end(() => {
      if (current === sock) sock.destroy();
    });
    startLinger(sock);
  }

  function startLinger(sock: net.Socket): void {
    if (linger !== undefined) return;
    linger = setTimeout(() => {
      if (current === sock) sock.destroy();
    }, NODE_SOCKET_CLOSE_LINGER_MS);
  }

  return { open, write, close };
}
