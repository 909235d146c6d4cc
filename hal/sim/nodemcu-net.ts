/**
 * NodeMCU's `net` module (TCP client sockets) emulated on real Node sockets for a fengari Lua
 * state, so the NodeMCU bundle runs unmodified against real servers; plus `node.task.post`, the
 * firmware's way to run a Lua function from its event loop.
 *
 * It follows `dev-esp32` (components/modules/net.c), the ESP32 firmware, and RUNTIMES.md
 * (NodeMCU): `net.createConnection()` returns a `net.tcpsocket` userdata with
 * - `:on(event, fn|nil)` for "connection", "reconnection", "disconnection", "receive", "sent"
 *   (another name raises "invalid callback name");
 * - `:connect(port[, host[, fn]])` (host defaults to 127.0.0.1; raises "already connected" while a
 *   connection exists — also after a "disconnection", until `:close()`, as on ESP32 — and
 *   "specify port" for port 0);
 * - `:send(str[, fn])`: raises "no data to send" for "", "not connected" before "connection" or
 *   after the connection ended. **A second `:send` before the first one's "sent" raises a Lua
 *   error** ("send: the previous send has not been sent yet"): RUNTIMES.md says back-to-back sends
 *   are not guaranteed, and the firmware fails them loudly (ESP8266: "out of memory" when lwIP's
 *   buffer is full) or quietly (ESP32 keeps only what fits), so the emulation takes the strictest
 *   reading. "sent" fires once per `:send`, when Node has handed the bytes to the kernel (the
 *   firmware fires it per acknowledgement).
 * - `:close()`: raises "not connected" when there is no connection; no "disconnection" follows,
 *   and no callback of that connection runs any more.
 * - "receive"(sck, data) fires per frame: received bytes in pieces of at most `frameSize` (1460)
 *   bytes, as Lua strings holding the raw bytes.
 * - "disconnection"(sck, code) when the peer closes (code 0) or the connection fails: code is
 *   lwIP 2's ERR_RST (-14) for a refused or reset connection, ERR_TIMEOUT (-3), ERR_RTE (-4) for an
 *   unknown host, ERR_ABRT (-13) otherwise; with a "reconnection" callback registered, failures go
 *   there instead (net.c's lerr_cb).
 * Callbacks run one per turn of Node's event loop, in order, never from inside a method call,
 * each in `lua_pcall`; a Lua error raised by one goes to `onError` (the firmware would restart).
 * Bytes cross between Lua and Node only as raw byte arrays (`lua_pushlstring`), never as text.
 * `route` maps the address a script asks for to the real one; `conditions` puts every socket,
 * plain and TLS, through the simulated network's latency, loss and cuts
 * (hal/sim/network-conditions.ts): a cut ends open connections as a reset (ERR_RST, -14) and fails
 * new ones with ERR_RTE (-4), lwIP's "routing problem", each to "reconnection" when registered.
 *
 * Not emulated: UDP, servers, `:dns`, `:getpeer`, `:getaddr`, `:hold`/`:unhold`, `:ttl`,
 * `net.dns`, `__gc`; the `secure` argument of `createConnection` is ignored (as on ESP32). With
 * `options.tls`, a `tls` module is installed too (`tls.createConnection()`, ESP8266's client) whose
 * sockets are the same over Node TLS.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { defineLuaMethods } from "./lua-methods";
import type { NetworkShaper, StreamSocket } from "./network-conditions";

/** Options for `installNodemcuNet`. */
export interface NodemcuNetOptions {
  /** Most bytes per "receive" (a network frame); 1460 by default. */
  frameSize?: number;
  /** Where Lua errors raised by callbacks go (message and traceback); by default they are thrown from a Node task. */
  onError?: (message: string) => void;
  /** Also installs a `tls` module whose sockets connect over Node TLS with these options (a test CA, say). */
  tls?: tls.ConnectionOptions;
  /**
   * Where a connection the script asks for really goes (an embedded broker's port, an outside
   * broker); the same address by default. A TLS connection still sends (SNI) and checks the host
   * name the script asked for.
   */
  route?: (host: string, port: number) => { host: string; port: number };
  /** The network between the device and its servers (hal/sim/network-conditions.ts); none by default. */
  conditions?: NetworkShaper;
}

/** A handle on what `installNodemcuNet` installed. */
export interface NodemcuNet {
  /** Destroys every Node socket still open (clean-up for tests); no callback runs afterwards. */
  destroyAll(): void;
}

const TCP = 1;
const UDP = 2;
const EVENTS = ["connection", "reconnection", "disconnection", "receive", "sent"] as const;
type EventName = (typeof EVENTS)[number];

/** lwIP 2's error codes (as `dev-esp32` passes them to "disconnection"). */
const ERR_TIMEOUT = -3;
const ERR_RTE = -4;
const ERR_ABRT = -13;
const ERR_RST = -14;

/** One `net.tcpsocket` userdata's state. */
interface Connection {
  secure: boolean;
  refs: Record<EventName, number>;
  /** The registry reference that keeps the userdata alive while connected (net.c's self_ref). */
  selfRef: number;
  /** The Node socket of the current connection, until `:close()`. */
  node: StreamSocket | undefined;
  connected: boolean;
  /** The connection has ended (a "disconnection" is queued or done). */
  ended: boolean;
  sending: boolean;
}

/** Calls the Lua function on the stack below `nargs` arguments in protected mode; errors go to `report`. */
export function protectedCall(L: LuaState, nargs: number, report: (message: string) => void): void {
  const base = lua.lua_gettop(L) - nargs;
  lua.lua_pushjsfunction(L, traceback);
  lua.lua_insert(L, base);
  if (lua.lua_pcall(L, nargs, 0, base) !== lua.LUA_OK) {
    const message = lua.lua_tolstring(L, -1);
    report(message === null ? "(no message)" : Buffer.from(message).toString("latin1"));
  }
  lua.lua_settop(L, base - 1);
}

/** The message handler for `lua_pcall`: the error message with a traceback appended. */
function traceback(L: LuaState): number {
  const message = lua.lua_tolstring(L, 1) ?? lauxlib.luaL_tolstring(L, 1);
  lauxlib.luaL_traceback(L, L, message, 1);
  return 1;
}

function defaultReport(message: string): void {
  setImmediate(() => {
    throw new Error(`NodeMCU: a callback raised: ${message}`);
  });
}

/** The lwIP error code for a Node socket error. */
function lwipError(error: NodeJS.ErrnoException): number {
  switch (error.code) {
    case "ECONNREFUSED":
    case "ECONNRESET":
    case "EPIPE":
      return ERR_RST;
    case "ETIMEDOUT":
      return ERR_TIMEOUT;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return ERR_RTE;
    default:
      return ERR_ABRT;
  }
}

/**
 * Installs the global `net` (and `tls` with `options.tls`) in the Lua state `L` (see the module
 * comment). Callbacks then run from Node's event loop while the state is otherwise idle.
 */
export function installNodemcuNet(L: LuaState, options: NodemcuNetOptions = {}): NodemcuNet {
  const frameSize = options.frameSize ?? 1460;
  const report = options.onError ?? defaultReport;
  const REGISTRY = lua.LUA_REGISTRYINDEX;
  const NOREF = lauxlib.LUA_NOREF;
  const METATABLE = to_luastring("net.tcpsocket");
  const live = new Set<StreamSocket>();
  const route = options.route ?? ((host: string, port: number) => ({ host, port }));
  let stopped = false;

  const fail = (state: LuaState, message: string): number => lauxlib.luaL_error(state, to_luastring(message));
  const check = (state: LuaState): Connection =>
    lauxlib.luaL_checkudata(state, 1, METATABLE).connection as Connection;

  /** Queues the callback for `event` of `connection`, while `node` is still its connection. */
  const queue = (connection: Connection, node: StreamSocket, event: EventName, extra?: Uint8Array | number): void => {
    setImmediate(() => {
      if (stopped || connection.node !== node) return;
      const ref = connection.refs[event];
      if (ref === NOREF || connection.selfRef === NOREF) {
        if (event === "disconnection" || event === "reconnection") releaseSelf(connection);
        return;
      }
      if (event === "sent") connection.sending = false;
      lua.lua_rawgeti(L, REGISTRY, ref);
      lua.lua_rawgeti(L, REGISTRY, connection.selfRef);
      let nargs = 1;
      if (extra instanceof Uint8Array) {
        lua.lua_pushlstring(L, extra, extra.length);
        nargs = 2;
      } else if (typeof extra === "number") {
        lua.lua_pushinteger(L, extra);
        nargs = 2;
      }
      protectedCall(L, nargs, report);
      if (event === "disconnection" || event === "reconnection") releaseSelf(connection);
    });
  };
  const finishConnection = (connection: Connection): void => {
    connection.connected = false;
    connection.sending = false;
  };
  const releaseSelf = (connection: Connection): void => {
    lauxlib.luaL_unref(L, REGISTRY, connection.selfRef);
    connection.selfRef = NOREF;
  };

  const methods: Record<string, (state: LuaState) => number> = {
    on: (state) => {
      const connection = check(state);
      const name = Buffer.from(lauxlib.luaL_checklstring(state, 2)).toString("latin1");
      if (!(EVENTS as readonly string[]).includes(name)) return fail(state, "invalid callback name");
      const event = name as EventName;
      if (lua.lua_isfunction(state, 3)) {
        lua.lua_pushvalue(state, 3);
        lauxlib.luaL_unref(state, REGISTRY, connection.refs[event]);
        connection.refs[event] = lauxlib.luaL_ref(state, REGISTRY);
      } else if (lua.lua_isnil(state, 3)) {
        lauxlib.luaL_unref(state, REGISTRY, connection.refs[event]);
        connection.refs[event] = NOREF;
      } else {
        return fail(state, "invalid callback function");
      }
      return 0;
    },
    connect: (state) => {
      const connection = check(state);
      if (connection.node !== undefined) return fail(state, "already connected");
      const port = lauxlib.luaL_checkinteger(state, 2);
      if (port === 0) return fail(state, "specify port");
      const host = lua.lua_isstring(state, 3)
        ? Buffer.from(lua.lua_tolstring(state, 3) as Uint8Array).toString("latin1")
        : "127.0.0.1";
      if (lua.lua_gettop(state) > 3) {
        if (!lua.lua_isfunction(state, 4)) return fail(state, "bad argument #4 to 'connect' (not a function)");
        lua.lua_pushvalue(state, 4);
        lauxlib.luaL_unref(state, REGISTRY, connection.refs.connection);
        connection.refs.connection = lauxlib.luaL_ref(state, REGISTRY);
      }
      if (connection.selfRef === NOREF) {
        lua.lua_pushvalue(state, 1);
        connection.selfRef = lauxlib.luaL_ref(state, REGISTRY);
      }
      connection.ended = false;
      connection.connected = false;
      connection.sending = false;
      const onConnected = (): void => {
        if (connection.node !== node || connection.ended) return;
        connection.connected = true;
        queue(connection, node, "connection");
      };
      const target = route(host, port);
      const open = (ready: () => void): net.Socket =>
        connection.secure
          ? tls.connect({ ...options.tls, ...target, ...(net.isIP(host) === 0 ? { servername: host } : {}) }, ready)
          : net.connect(target, ready);
      const node: StreamSocket = options.conditions === undefined ? open(onConnected) : options.conditions.connect(open, onConnected);
      connection.node = node;
      live.add(node);
      let failure = 0;
      node.on("data", (bytes: Buffer) => {
        if (connection.node !== node || connection.ended) return;
        for (let at = 0; at < bytes.length; at += frameSize) {
          queue(connection, node, "receive", new Uint8Array(bytes.subarray(at, at + frameSize)));
        }
      });
      node.on("error", (error: NodeJS.ErrnoException) => {
        if (failure === 0) failure = lwipError(error);
      });
      node.on("close", () => {
        live.delete(node);
        if (connection.node !== node || connection.ended) return;
        connection.ended = true;
        finishConnection(connection);
        const event = failure !== 0 && connection.refs.reconnection !== NOREF ? "reconnection" : "disconnection";
        queue(connection, node, event, failure);
      });
      return 0;
    },
    send: (state) => {
      const connection = check(state);
      const data = lauxlib.luaL_checklstring(state, 2);
      if (data.length === 0) return fail(state, "no data to send");
      if (lua.lua_isfunction(state, 3)) {
        lua.lua_pushvalue(state, 3);
        lauxlib.luaL_unref(state, REGISTRY, connection.refs.sent);
        connection.refs.sent = lauxlib.luaL_ref(state, REGISTRY);
      }
      const node = connection.node;
      if (node === undefined || !connection.connected || connection.ended) return fail(state, "not connected");
      if (connection.sending) return fail(state, 'send: the previous send has not been sent yet (send the next from "sent")');
      connection.sending = true;
      node.write(Buffer.from(data), (error) => {
        if (error === undefined || error === null) queue(connection, node, "sent");
      });
      return 0;
    },
    close: (state) => {
      const connection = check(state);
      const node = connection.node;
      if (node === undefined) return fail(state, "not connected");
      connection.node = undefined;
      connection.connected = false;
      connection.sending = false;
      live.delete(node);
      node.removeAllListeners("data");
      node.end(() => node.destroy());
      if (connection.selfRef !== NOREF) releaseSelf(connection);
      return 0;
    },
  };

  defineLuaMethods(L, METATABLE, methods);

  const newConnection = (state: LuaState, secure: boolean): number => {
    const block = lua.lua_newuserdata(state, 0);
    const refs = {} as Record<EventName, number>;
    for (const event of EVENTS) refs[event] = NOREF;
    const connection: Connection = {
      secure,
      refs,
      selfRef: NOREF,
      node: undefined,
      connected: false,
      ended: false,
      sending: false,
    };
    block.connection = connection;
    lauxlib.luaL_setmetatable(state, METATABLE);
    return 1;
  };

  lua.lua_newtable(L);
  lua.lua_pushinteger(L, TCP);
  lua.lua_setfield(L, -2, to_luastring("TCP"));
  lua.lua_pushinteger(L, UDP);
  lua.lua_setfield(L, -2, to_luastring("UDP"));
  lua.lua_pushjsfunction(L, (state) => {
    if (lua.lua_gettop(state) >= 1 && !lua.lua_isnil(state, 1)) {
      const type = lauxlib.luaL_checkinteger(state, 1);
      if (type === UDP) return fail(state, "net.createConnection: UDP is not emulated");
      if (type !== TCP) return fail(state, "invalid type");
    }
    return newConnection(state, false);
  });
  lua.lua_setfield(L, -2, to_luastring("createConnection"));
  lua.lua_setglobal(L, to_luastring("net"));

  if (options.tls !== undefined) {
    lua.lua_newtable(L);
    lua.lua_pushjsfunction(L, (state) => newConnection(state, true));
    lua.lua_setfield(L, -2, to_luastring("createConnection"));
    lua.lua_setglobal(L, to_luastring("tls"));
  }

  return {
    destroyAll: () => {
      stopped = true;
      for (const socket of live) socket.destroy();
      live.clear();
    },
  };
}

/**
 * Installs `node.task.post([priority,] fn)` and `node.task.LOW_PRIORITY/MEDIUM_PRIORITY/
 * HIGH_PRIORITY` in the Lua state `L` (creating the global `node` if there is none), as node.c has
 * them on both branches: `fn(priority)` runs from Node's event loop, one task per turn, the highest
 * priority first and in order within a priority. A Lua error raised by a task goes to `onError`.
 * Returns a function that stops running tasks (clean-up for tests).
 */
export function installNodemcuTasks(L: LuaState, onError: (message: string) => void = defaultReport): () => void {
  const REGISTRY = lua.LUA_REGISTRYINDEX;
  const queues: number[][] = [[], [], []];
  let scheduled = false;
  let stopped = false;
  const runOne = (): void => {
    scheduled = false;
    if (stopped) return;
    for (let priority = 2; priority >= 0; priority--) {
      const ref = queues[priority].shift();
      if (ref === undefined) continue;
      lua.lua_rawgeti(L, REGISTRY, ref);
      lauxlib.luaL_unref(L, REGISTRY, ref);
      lua.lua_pushinteger(L, priority);
      protectedCall(L, 1, onError);
      break;
    }
    if (queues.some((queue) => queue.length > 0)) schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(runOne);
  };

  const base = lua.lua_gettop(L);
  lua.lua_getglobal(L, to_luastring("node"));
  if (lua.lua_isnil(L, -1)) {
    lua.lua_settop(L, base);
    lua.lua_newtable(L);
    lua.lua_pushvalue(L, -1);
    lua.lua_setglobal(L, to_luastring("node"));
  }
  lua.lua_newtable(L);
  ["LOW_PRIORITY", "MEDIUM_PRIORITY", "HIGH_PRIORITY"].forEach((name, priority) => {
    lua.lua_pushinteger(L, priority);
    lua.lua_setfield(L, -2, to_luastring(name));
  });
  lua.lua_pushjsfunction(L, (state) => {
    let priority = 1;
    let at = 1;
    if (lua.lua_isnumber(state, 1)) {
      priority = lauxlib.luaL_checkinteger(state, 1);
      if (priority < 0 || priority > 2) return lauxlib.luaL_error(state, to_luastring("invalid priority"));
      at = 2;
    }
    if (!lua.lua_isfunction(state, at)) return lauxlib.luaL_error(state, to_luastring("node.task.post: need a function"));
    lua.lua_pushvalue(state, at);
    queues[priority].push(lauxlib.luaL_ref(state, REGISTRY));
    schedule();
    return 0;
  });
  lua.lua_setfield(L, -2, to_luastring("post"));
  lua.lua_setfield(L, -2, to_luastring("task"));
  lua.lua_settop(L, base);
  return () => {
    stopped = true;
  };
}
