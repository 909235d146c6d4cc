/**
 * Espruino's `net` and `tls` libraries emulated on real Node sockets, to install as the modules
 * `require("net")` and `require("tls")` return inside the Espruino VM (hal/sim/espruino-vm.ts),
 * so the Espruino bundle runs unmodified against real servers.
 *
 * What it follows (RUNTIMES.md, Espruino "Modules and globals"; Espruino's
 * libs/network/jswrap_net.c and socketserver.c, 2v29):
 * - `connect({host, port}, callback)` returns the socket at once; `callback(socket)` runs as the
 *   `connect` event once Node has connected (for `tls`, once the handshake is done).
 * - `socket.write(data)` takes a string of bytes (other values are made strings, as Espruino's
 *   `jsvAsString` does; a char above 255 is an error, as there are none on ESP32's Espruino),
 *   appends it to an unbounded send buffer and returns false, always. The buffer goes to the Node
 *   socket in chunks of `chunkSize` bytes (Espruino's `net->chunkSize`, 536 on ESP32), one per turn
 *   of the event loop and only while Node's own buffer is below its high-water mark.
 * - `drain` fires when the send buffer is empty and Node has handed every byte to the kernel
 *   (Espruino: when `netSend` has taken all of it), and once right after connecting when nothing
 *   was waiting. A peer that stops reading therefore holds `drain` back once the kernel's buffers
 *   are full.
 * - `data` delivers received bytes as byte strings (latin1) of at most `chunkSize` bytes each.
 * - On a failure: `error` ({code, message}, Espruino's SOCKET_ERR_* codes) then `end` and
 *   `close(true)`; a clean close from the peer gives `end`, `close(false)` — or, when written data
 *   was still waiting, `error` -8 "unsent data" and `close(true)`, as Espruino reports it.
 * - `end()` closes once the send buffer has gone out (at once when not connected yet); `end` and
 *   `close(false)` follow and nothing is received after it.
 * - Every event is queued and runs later from Node's event loop, in order, with `this` set to the
 *   socket, never from inside `connect`, `write` or `end` (Espruino queues events the same way);
 *   an event carries at most 4 arguments, as Espruino's `emit` allows. An exception thrown by a
 *   listener goes to `onError` (Espruino prints it and carries on).
 * Bytes cross the VM boundary only as strings; the module and its sockets are objects of the VM's
 * realm when one is given. `route` maps the address a script asks for to the real one;
 * `conditions` puts every socket, plain and TLS, through the simulated network's latency, loss and
 * cuts (hal/sim/network-conditions.ts): a cut resets open sockets (error -9) and fails new ones
 * with -4 "no route", as the firmware reports a network that has gone.
 *
 * Not emulated: `Socket.read/available/pipe`, servers, `dgram`, Espruino dropping sockets without
 * an event when the network goes offline.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import type { NetworkShaper, StreamSocket } from "./network-conditions";

/** Options for `createEspruinoNet`. */
export interface EspruinoNetOptions {
  /** The VM's global object: the module, sockets and event arguments are made in its realm. */
  realm?: Record<string, any>;
  /** Bytes per `data` event and per send step (Espruino's `net->chunkSize`); 536 by default. */
  chunkSize?: number;
  /** Where exceptions thrown by listeners go; by default they are rethrown from a Node task. */
  onError?: (error: unknown) => void;
  /** Extra options for Node's `tls.connect` (a test's CA, say), merged under the script's own. */
  tlsDefaults?: tls.ConnectionOptions;
  /**
   * Where a connection the script asks for really goes (an embedded broker's port, an outside
   * broker); the same address by default. A TLS connection still sends (SNI) and checks the host name the script asked for.
   */
  route?: (host: string, port: number) => { host: string; port: number };
  /** The network between the device and its servers (hal/sim/network-conditions.ts); none by default. */
  conditions?: NetworkShaper;
}

/** The emulated libraries, and a handle on the Node sockets behind them. */
export interface EspruinoNet {
  /** What `require("net")` returns. */
  net: Record<string, unknown>;
  /** What `require("tls")` returns. */
  tls: Record<string, unknown>;
  /** Destroys every Node socket still open (clean-up for tests); no events follow. */
  destroyAll(): void;
}

/** Espruino's socket error codes (libs/network/socketerrors.h) and their messages. */
const SOCKET_ERRORS = {
  timeout: { code: -3, message: "timeout" },
  noRoute: { code: -4, message: "no route" },
  notFound: { code: -6, message: "not found" },
  unsentData: { code: -8, message: "unsent data" },
  reset: { code: -9, message: "connection reset" },
  unknown: { code: -10, message: "unknown error" },
  sslHandshake: { code: -13, message: "SSL handshake failed" },
};

type SocketError = { code: number; message: string };

/** The Espruino error for a Node socket error. */
function espruinoError(error: NodeJS.ErrnoException, secure: boolean, connected: boolean): SocketError {
  switch (error.code) {
    case "ECONNREFUSED":
    case "ECONNRESET":
    case "EPIPE":
      return SOCKET_ERRORS.reset;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return SOCKET_ERRORS.notFound;
    case "ETIMEDOUT":
      return SOCKET_ERRORS.timeout;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return SOCKET_ERRORS.noRoute;
    default:
      return secure && !connected ? SOCKET_ERRORS.sslHandshake : SOCKET_ERRORS.unknown;
  }
}

/**
 * Espruino takes TLS material as PEM text or as the decoded (DER) bytes of its body; Node wants
 * PEM, so a byte string that is not PEM is wrapped as one of `label`.
 */
function pemOf(value: string, label: string): string {
  if (value.includes("-----BEGIN")) return value;
  const body = Buffer.from(value, "latin1").toString("base64").replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** Makes the emulated `net` and `tls` libraries (see the module comment). */
export function createEspruinoNet(options: EspruinoNetOptions = {}): EspruinoNet {
  const chunkSize = options.chunkSize ?? 536;
  const realm = options.realm;
  const newObject = (): Record<string, any> => (realm !== undefined ? new realm.Object() : {});
  const report =
    options.onError ??
    ((error: unknown) => {
      setImmediate(() => {
        throw error;
      });
    });
  const live = new Set<StreamSocket>();
  const route = options.route ?? ((host: string, port: number) => ({ host, port }));
  let stopped = false;

  const connect = (secure: boolean, connectOptions: Record<string, any>, callback?: unknown): Record<string, any> => {
    const socket = newObject();
    const listeners = new Map<string, Function[]>();
    let node: StreamSocket | undefined;
    let connected = false;
    let closed = false;
    let wantClose = false;
    let failure: SocketError | undefined;
    const sendQueue: Buffer[] = [];
    let sendBytes = 0;
    let stepScheduled = false;
    let waitingForNode = false;
    let unflushed = 0;

    const emitNow = (event: string, args: unknown[]): void => {
      for (const listener of (listeners.get(event) ?? []).slice()) {
        try {
          listener.apply(socket, args);
        } catch (error) {
          report(error);
        }
      }
    };
    /** Queues an event, as Espruino's jsiQueueObjectCallbacks does. */
    const queue = (event: string, ...args: unknown[]): void => {
      setImmediate(() => {
        if (!stopped) emitNow(event, args);
      });
    };

    socket.on = (event: unknown, listener: unknown): void => {
      if (typeof listener !== "function") throw new (realm?.TypeError ?? TypeError)("on: the listener is not a function");
      const name = String(event);
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
    };
    socket.removeAllListeners = (event?: unknown): void => {
      if (event === undefined) listeners.clear();
      else listeners.delete(String(event));
    };
    socket.emit = (event: unknown, ...args: unknown[]): void => {
      if (args.length > 4) throw new (realm?.Error ?? Error)("emit: at most 4 arguments");
      emitNow(String(event), args);
    };

    /** Ends the connection here: the Node socket goes, `end` and `close` are queued. */
    const finish = (hadError: boolean): void => {
      closed = true;
      if (failure !== undefined) {
        const details = newObject();
        details.code = failure.code;
        details.message = failure.message;
        queue("error", details);
      }
      queue("end");
      queue("close", hadError);
    };

    const closeHere = (): void => {
      if (node !== undefined) {
        const ending = node;
        live.delete(ending);
        ending.end(() => ending.destroy());
        ending.removeAllListeners("data");
      }
      finish(false);
    };

    /** One turn of Espruino's idle loop for sending: at most one chunk to Node. */
    const step = (): void => {
      stepScheduled = false;
      if (closed || node === undefined || !connected || waitingForNode) return;
      if (sendBytes > 0) {
        const head = sendQueue[0];
        const chunk = head.subarray(0, Math.min(chunkSize, head.length));
        if (chunk.length === head.length) sendQueue.shift();
        else sendQueue[0] = head.subarray(chunk.length);
        sendBytes -= chunk.length;
        unflushed += 1;
        const accepted = node.write(chunk, () => {
          unflushed -= 1;
          afterFlush();
        });
        if (!accepted) {
          waitingForNode = true;
          node.once("drain", () => {
            waitingForNode = false;
            schedule();
          });
        }
        schedule();
      }
    };
    const schedule = (): void => {
      if (stepScheduled || sendBytes === 0) return;
      stepScheduled = true;
      setImmediate(step);
    };
    /** After Node flushed a chunk: `drain` once all is out; `end()` closes then. */
    const afterFlush = (): void => {
      if (closed || sendBytes > 0 || unflushed > 0) return;
      if (wantClose) closeHere();
      else queue("drain", socket);
    };

    socket.write = (data: unknown): boolean => {
      const text = typeof data === "string" ? data : String(data);
      for (let index = 0; index < text.length; index++) {
        if (text.charCodeAt(index) > 255) {
          throw new (realm?.Error ?? Error)(`write: char ${text.charCodeAt(index)} at ${index}: not a byte string`);
        }
      }
      if (text.length > 0 && !closed) {
        sendQueue.push(Buffer.from(text, "latin1"));
        sendBytes += text.length;
        if (connected) schedule();
      }
      return false;
    };

    socket.end = (data?: unknown): void => {
      if (data !== undefined) socket.write(data);
      if (closed || wantClose) return;
      wantClose = true;
      if (!connected) {
        if (node !== undefined) {
          live.delete(node);
          node.destroy();
        }
        finish(false);
      } else if (sendBytes === 0 && unflushed === 0) {
        closeHere();
      }
    };

    if (typeof callback === "function") socket.on("connect", callback);

    const host = String(connectOptions?.host ?? "localhost");
    const port = Number(connectOptions?.port ?? 80);
    const onConnected = (): void => {
      if (closed) return;
      connected = true;
      queue("connect", socket);
      if (sendBytes === 0) queue("drain", socket);
      else schedule();
    };
    const target = route(host, port);
    let open: (ready: () => void) => net.Socket;
    if (secure) {
      const tlsOptions: tls.ConnectionOptions = { ...options.tlsDefaults, host: target.host, port: target.port };
      if (net.isIP(host) === 0) tlsOptions.servername = host;
      for (const name of ["ca", "key", "cert"] as const) {
        const value = connectOptions?.[name];
        if (typeof value === "string") tlsOptions[name] = pemOf(value, name === "key" ? "PRIVATE KEY" : "CERTIFICATE");
      }
      open = (ready) => tls.connect(tlsOptions, ready);
    } else {
      open = (ready) => net.connect({ host: target.host, port: target.port }, ready);
    }
    node = options.conditions === undefined ? open(onConnected) : options.conditions.connect(open, onConnected);
    live.add(node);
    const nodeSocket = node;
    nodeSocket.on("data", (bytes: Buffer) => {
      if (closed) return;
      for (let at = 0; at < bytes.length; at += chunkSize) {
        queue("data", bytes.subarray(at, at + chunkSize).toString("latin1"));
      }
    });
    nodeSocket.on("error", (error: NodeJS.ErrnoException) => {
      failure ??= espruinoError(error, secure, connected);
    });
    nodeSocket.on("close", () => {
      live.delete(nodeSocket);
      if (closed || stopped) return;
      if (failure === undefined && sendBytes + unflushed > 0) failure = SOCKET_ERRORS.unsentData;
      finish(failure !== undefined);
    });
    return socket;
  };

  const netModule = newObject();
  netModule.connect = (connectOptions: Record<string, any>, callback?: unknown) => connect(false, connectOptions, callback);
  const tlsModule = newObject();
  tlsModule.connect = (connectOptions: Record<string, any>, callback?: unknown) => connect(true, connectOptions, callback);
  return {
    net: netModule,
    tls: tlsModule,
    destroyAll: () => {
      stopped = true;
      for (const socket of live) socket.destroy();
      live.clear();
    },
  };
}
