/**
 * The Espruino globals that hal/espruino uses, as the Espruino reference documents them
 * (espruino.com/Reference). Only tsconfig.espruino.json sees this file: nothing else may name them.
 */

/** Espruino's utility namespace. */
declare namespace E {
  /**
   * A string whose char codes are the bytes of the arguments (strings, arrays and typed arrays are
   * walked element by element, numbers become one char). Since 2v18, a single argument that is a
   * whole 8-bit typed array returns the array's backing string itself, without a copy.
   */
  function toString(...args: unknown[]): string;
  /** A new Uint8Array holding the bytes of the arguments, walked as `E.toString` walks them. */
  function toUint8Array(...args: unknown[]): Uint8Array;
}

/** Seconds since 1970 (or since boot, until the clock is set), as a float. */
declare function getTime(): number;

/** A timer id as Espruino's `setTimeout` returns it. */
type EspruinoTimer = number;
/** Calls `callback` once after `ms` milliseconds, from the event loop. */
declare function setTimeout(callback: () => void, ms: number): EspruinoTimer;
/** Cancels a `setTimeout` that has not fired yet (an id that has fired or is unknown is ignored). */
declare function clearTimeout(timer: EspruinoTimer): void;
/** Calls `callback` every `ms` milliseconds, from the event loop, until `clearInterval`. */
declare function setInterval(callback: () => void, ms: number): EspruinoTimer;
/** Stops a `setInterval` (an unknown id is ignored). */
declare function clearInterval(timer: EspruinoTimer): void;

/**
 * Every Espruino object is an event emitter (jswrap_object.c): listeners are kept in a hidden
 * `#on<event>` property; `emit` queues the listeners present now, with at most 4 arguments, to
 * run from the event loop with `this` set to the object.
 */
interface Object {
  on(event: string, listener: (...args: any[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  removeListener(event: string, listener: (...args: any[]) => void): void;
  removeAllListeners(event?: string): void;
}

/**
 * Espruino's `require` for its built-in modules (the `net` and `tls` libraries). Throws when the
 * firmware was built without the module (`Module tls not found`).
 */
declare function require(name: EspruinoNetModuleName): EspruinoNetModule;

/** The built-in modules that open TCP (`net`) and TLS (`tls`) connections. */
type EspruinoNetModuleName = "net" | "tls";

/** The options `require("net").connect` and `require("tls").connect` read. */
interface EspruinoConnectOptions {
  host: string;
  port: number;
  /** TLS only: the CA certificate(s), the client key and certificate (PEM bodies, as Espruino reads them). */
  ca?: string;
  key?: string;
  cert?: string;
}

/**
 * Espruino's `net` (and `tls`) library (libs/network/jswrap_net.c): `connect` returns the socket at
 * once and calls `onConnect(socket)` from the event loop when the connection is up.
 */
interface EspruinoNetModule {
  connect(options: EspruinoConnectOptions, onConnect: (this: EspruinoNetSocket, socket: EspruinoNetSocket) => void): EspruinoNetSocket;
}

/**
 * A `net.Socket` on Espruino (libs/network/jswrap_net.c, socketserver.c). Every event is queued and
 * runs from the event loop with `this` set to the socket:
 * - `data (string)`: received bytes, one char per byte (at most the network's chunk size, 536
 *   bytes on ESP32, per event);
 * - `drain (socket)`: everything written so far has been handed to the network stack (also fired
 *   once after connecting when nothing was waiting);
 * - `error ({code, message})`: the connection failed or broke (always followed by `close`);
 * - `close (hadError)`: the connection is gone; after `end()` too.
 */
interface EspruinoNetSocket {
  /**
   * Appends `data` (a byte string) to the socket's send buffer, which grows without bound. Always
   * returns false ("for node.js compatibility"): only `drain` says the buffer has emptied.
   */
  write(data: string): boolean;
  /** Closes the socket once the send buffer has been sent; `close` follows. */
  end(): void;
  on(event: "data", listener: (this: EspruinoNetSocket, data: string) => void): void;
  on(event: "drain", listener: (this: EspruinoNetSocket) => void): void;
  on(event: "error", listener: (this: EspruinoNetSocket, error: { code: number; message: string }) => void): void;
  on(event: "close", listener: (this: EspruinoNetSocket, hadError: boolean) => void): void;
  removeAllListeners(event?: string): void;
}
