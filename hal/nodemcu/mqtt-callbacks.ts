/**
 * How the drop-in MQTT client (mqtt-client.ts) calls the application's Lua callbacks: in
 * protected mode, so that an error raised by one is reported with `print` (NodeMCU's console)
 * and the client goes on — as ESP32's mqtt module does (luaL_pcallx) — instead of unwinding
 * through the client in the middle of a packet. The call goes through `xpcall` with module-level
 * functions (Lua 5.1's `xpcall` passes no arguments), so no closure is made per call; the
 * arguments are copied out before the callback runs, so a callback may cause another call.
 */

/** A Lua function the application gave as a callback. */
export type LuaCallback = (this: void, client: unknown, first?: unknown, second?: unknown) => void;

let pendingCallback: LuaCallback | undefined = undefined;
let pendingEvent = "";
let pendingClient: unknown = undefined;
let pendingFirst: unknown = undefined;
let pendingSecond: unknown = undefined;
let runningEvent = "";

/** Calls the pending callback with as many arguments as were given (a nil one ends the list). */
function callPending(this: void): void {
  const callback = pendingCallback as LuaCallback;
  const client = pendingClient;
  const first = pendingFirst;
  const second = pendingSecond;
  runningEvent = pendingEvent;
  pendingCallback = undefined;
  if (first === undefined) {
    callback(client);
  } else if (second === undefined) {
    callback(client, first);
  } else {
    callback(client, first, second);
  }
}

/** Prints the error a callback raised. */
function reportFailure(this: void, problem: unknown): void {
  print(`mote: the '${runningEvent}' callback raised: ${tostring(problem)}`);
}

/**
 * Calls `callback` for `event` with `client` and, when not nil, `first` and `second` (a nil one
 * and those after it are left out, so the callback sees exactly NodeMCU's argument count).
 * Never raises: an error in the callback is printed. Allocates only the report of an error.
 */
export function callApplication(callback: LuaCallback, event: string, client: unknown, first: unknown, second: unknown): void {
  pendingCallback = callback;
  pendingEvent = event;
  pendingClient = client;
  pendingFirst = first;
  pendingSecond = second;
  const outer = runningEvent;
  xpcall(callPending, reportFailure);
  runningEvent = outer;
}
