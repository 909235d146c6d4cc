import type { Bytes } from "../src/bytes/bytes";

/**
 * The runtime services the portable core needs: byte stores, text <-> bytes, and a clock.
 *
 * One implementation per runtime lives in `hal/<runtime>/platform.ts`; the core receives it at
 * creation and never names a runtime API itself. Text is UTF-8 on the wire; each runtime turns
 * its own strings into those bytes (JavaScript strings on Node, byte strings on Espruino and Lua).
 */
export interface Platform {
  /** Makes a zero-filled store of `size` bytes. Allocates: call only at creation time. */
  newBytes(this: void, size: number): Bytes;
  /** The number of UTF-8 bytes `text` takes on the wire. Never allocates. */
  textByteLength(this: void, text: string): number;
  /**
   * Copies the UTF-8 bytes of `text` into `store` at `offset` and returns how many were written.
   * The caller has checked the room with `textByteLength`. Never allocates.
   */
  writeText(this: void, text: string, store: Bytes, offset: number): number;
  /** Makes a string from `length` bytes of `store` at `offset`. Allocates the string it returns. */
  readText(this: void, store: Bytes, offset: number, length: number): string;
  /** Milliseconds from an arbitrary origin, monotonic, as an integer. Never allocates. */
  nowMs(this: void): number;
}

/**
 * What a socket tells its owner. The owner hands these over once, at `open`; the socket calls
 * them from the runtime's event loop, never from inside `open`, `write` or `close`.
 */
export interface SocketEvents {
  /** The connection is up (for TLS, the handshake is done): writes may begin. Never allocates. */
  onConnect(this: void): void;
  /**
   * `length` bytes arrived, in `store` at `offset`. The bytes are valid only during the call:
   * the owner copies or decodes them before returning. Never allocates.
   */
  onData(this: void, store: Bytes, offset: number, length: number): void;
  /** A `write` that took fewer bytes than offered may be retried now. Never allocates. */
  onWritable(this: void): void;
  /**
   * The link is gone: closed by either side, dropped, or never opened (`failed` true when it
   * ended in an error). Called once per `open`; the socket may be opened again afterwards.
   * Never allocates.
   */
  onClose(this: void, failed: boolean): void;
}

/**
 * One transport connection — TCP, TLS, WebSocket or a cellular modem all present this shape
 * (coreMQTT's transport contract, with ECMA-419's events). Nothing blocks: `open` starts the
 * connection and `onConnect` says when it is up; `write` takes what it can now. The core calls
 * these on its hot path (@hotpath): the core itself allocates nothing around them, and what an
 * implementation allocates is its runtime's price (a socket object per `open` on Node; a string
 * per `write` on Espruino and NodeMCU, whose socket APIs take strings).
 */
export interface Socket {
  /**
   * Starts connecting to `host`:`port` (TLS when `secure`). Returns false, without calling any
   * event, when it cannot start (already open, or the runtime cannot do TLS); otherwise exactly
   * one `onClose` will follow, after `onConnect` or instead of it. @hotpath
   */
  open(host: string, port: number, secure: boolean, events: SocketEvents): boolean;
  /**
   * Offers `length` bytes from `store` at `offset` for sending and returns how many were taken:
   * `length` when all, fewer (even 0) when the runtime's buffer is full — wait for `onWritable`
   * and offer the rest — and -1 when the socket is not connected. Never returns 0 for a dead
   * link. The bytes are copied before it returns. @hotpath
   */
  write(store: Bytes, offset: number, length: number): number;
  /** Closes the connection if one is open or opening; `onClose` follows. @hotpath */
  close(): void;
}
