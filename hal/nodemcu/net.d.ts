/**
 * NodeMCU's `net` module and the `tls` module's client, as far as hal/nodemcu uses them
 * (docs/modules/net.md and app/modules/net.c on `release` for ESP8266, components/modules/net.c on
 * `dev-esp32`; RUNTIMES.md, NodeMCU). Plus `node.task.post`, which the socket uses to run a
 * callback from the event loop.
 *
 * Not `@noSelfInFile`: the socket's methods are called with `:` (they take the socket as `self`),
 * while the module functions are called with `.`, so each declaration says which it is.
 */

/** @noSelf */
declare namespace net {
  /** `net.createConnection`'s connection types (`net.TCP` is the default). */
  const TCP: number;
  const UDP: number;
  /**
   * A new TCP client socket, not connected. ESP8266: `secure` 1 hands over to the `tls` module
   * (when built in); ESP32: `secure` is ignored (there is no TLS in `net`).
   */
  function createConnection(type?: number, secure?: number): NetSocket;
}

/**
 * The `tls` module (ESP8266 builds that include it; ESP32 has none, so the global is nil there).
 * `tls.createConnection()` returns a socket with `net`'s socket API.
 */
declare const tls: { createConnection: (this: void) => NetSocket } | undefined;

/** A callback a NodeMCU socket calls with itself. */
type NetSocketCallback = (this: void, socket: NetSocket) => void;
/** A "receive" callback: the data of one network frame (about 1460 bytes at most), as bytes. */
type NetReceiveCallback = (this: void, socket: NetSocket, data: string) => void;
/** A "disconnection"/"reconnection" callback: `error` is 0 (or nil) for a normal close, else an lwIP error code. */
type NetCloseCallback = (this: void, socket: NetSocket, error?: number) => void;

/**
 * NodeMCU's `net.socket` (a userdata; `tls.socket` has the same API). Callbacks are called from the
 * firmware's task queue, never from inside a method call.
 */
interface NetSocket {
  /**
   * Registers the callback for an event (nil removes it): "connection" once connected; "receive"
   * per network frame; "sent" when data has been acknowledged (ESP8266: per lwIP `tcp_sent`, i.e.
   * per ACK; ESP32: per `NETCONN_EVT_SENDPLUS`); "disconnection" when the connection ends by the
   * peer or an error — not after this side's own `close()` — with the error code; "reconnection",
   * when registered, gets the error cases instead of "disconnection".
   */
  on(this: NetSocket, event: "connection" | "sent", callback: NetSocketCallback | undefined): void;
  on(this: NetSocket, event: "receive", callback: NetReceiveCallback | undefined): void;
  on(this: NetSocket, event: "disconnection" | "reconnection", callback: NetCloseCallback | undefined): void;
  /**
   * Starts connecting (resolving `host` first if it is a name). Raises a Lua error when already
   * connected (ESP32: also after a "disconnection" until `close()`) or the port is 0.
   */
  connect(this: NetSocket, port: number, host: string): void;
  /**
   * Queues `data` (a non-empty byte string) for sending. Back-to-back sends are not guaranteed:
   * send the next chunk from the "sent" callback. Raises a Lua error when not connected or when
   * the network stack has no room (ESP8266 "out of memory"; ESP32 "would block" — or, worse, keeps
   * only the part that fits).
   */
  send(this: NetSocket, data: string, sent?: NetSocketCallback): void;
  /** Closes the connection; no "disconnection" follows. Raises "not connected" when there is none. */
  close(this: NetSocket): void;
}

/** @noSelf */
declare namespace node {
  /** NodeMCU's task queue (node.c on both branches). */
  namespace task {
    const LOW_PRIORITY: number;
    const MEDIUM_PRIORITY: number;
    const HIGH_PRIORITY: number;
    /** Runs `task` from the event loop after the current callback returns (medium priority). */
    function post(this: void, task: (this: void) => void): void;
  }
}
