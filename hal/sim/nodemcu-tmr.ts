/**
 * NodeMCU's `tmr` module and clock emulated on real Node timers for a fengari Lua state, so the
 * NodeMCU bundle's timers run unmodified in the simulator.
 *
 * It follows app/modules/tmr.c on `release` (ESP8266) and docs/modules/tmr.md on both branches:
 * `tmr.create()` returns a `tmr.timer` userdata with
 * - `:register(interval_ms, mode, fn)`: interval 1..6870947 ("Range: 1-0x68D7A3" otherwise),
 *   mode `tmr.ALARM_SINGLE` (0), `tmr.ALARM_AUTO` (1) or `tmr.ALARM_SEMI` (2) ("Invalid mode"),
 *   `fn` a function ("Must be function"); does not start the timer;
 * - `:start([restart])`: true when started, false when running already (unless `restart`) or not
 *   registered; `:alarm(interval_ms, mode, fn)` is `:register` then `:start`;
 * - `:stop()`: true when it was running; `:unregister()`; `:interval(ms)`; `:state()` (running,
 *   mode) or nil when not registered.
 * `fn(timer)` runs from Node's event loop, each call in `lua_pcall`; a Lua error goes to
 * `onError` (the firmware would print it and may restart). A single alarm unregisters itself
 * before its callback runs, a semi alarm stops. While running, a timer is kept alive from the
 * registry, as tmr.c does.
 *
 * The clock: `dev-esp32` (the default) has `node.uptime()`, microseconds since installation as
 * (low 31 bits, wraps); `release` has `tmr.now()`, microseconds in 31 bits that wrap to 0.
 * Not emulated: `tmr.delay`, `tmr.softwd`, `tmr.time`, `tmr.wdclr`, `tmr.ccount`, `__gc`.
 */
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { defineLuaMethods } from "./lua-methods";
import { protectedCall } from "./nodemcu-net";

/** Options for `installNodemcuTimers`. */
export interface NodemcuTimerOptions {
  /** Which firmware's clock to install: `node.uptime()` (dev-esp32, default) or `tmr.now()` (release). */
  branch?: "dev-esp32" | "release";
  /** Where Lua errors raised by timer callbacks go (message and traceback); by default they are thrown from a Node task. */
  onError?: (message: string) => void;
}

/** A handle on what `installNodemcuTimers` installed. */
export interface NodemcuTimers {
  /** Stops every timer; no callback runs afterwards (clean-up for tests). */
  stopAll(): void;
}

const ALARM_SINGLE = 0;
const ALARM_AUTO = 1;
const ALARM_SEMI = 2;
const MAX_TIMEOUT = 6870947;
/** tmr.c's message for an interval out of range (it stringifies the hex constant). */
const RANGE_MESSAGE = "Range: 1-0x68D7A3";
const TWO_TO_31 = 2147483648;

/** One `tmr.timer` userdata's state. */
interface Timer {
  /** Registry reference of the callback; LUA_NOREF when not registered. */
  callbackRef: number;
  /** Registry reference that keeps the userdata alive while it runs. */
  selfRef: number;
  intervalMs: number;
  mode: number;
  node: NodeJS.Timeout | undefined;
}

function defaultReport(message: string): void {
  setImmediate(() => {
    throw new Error(`NodeMCU: a timer callback raised: ${message}`);
  });
}

/**
 * Installs the global `tmr` (creating it, or adding to one already there) and the clock in the
 * Lua state `L` (see the module comment). Timer callbacks then run from Node's event loop while
 * the state is otherwise idle.
 */
export function installNodemcuTimers(L: LuaState, options: NodemcuTimerOptions = {}): NodemcuTimers {
  const report = options.onError ?? defaultReport;
  const REGISTRY = lua.LUA_REGISTRYINDEX;
  const NOREF = lauxlib.LUA_NOREF;
  const METATABLE = to_luastring("tmr.timer");
  const startedAt = performance.now();
  const running = new Set<Timer>();
  let stopped = false;

  const check = (state: LuaState): Timer => lauxlib.luaL_checkudata(state, 1, METATABLE).timer as Timer;
  const argCheck = (state: LuaState, ok: boolean, argument: number, message: string): void => {
    if (!ok) lauxlib.luaL_argerror(state, argument, to_luastring(message));
  };
  const microseconds = (): number => Math.floor((performance.now() - startedAt) * 1000);

  const disarm = (timer: Timer): void => {
    if (timer.node !== undefined) {
      clearTimeout(timer.node);
      timer.node = undefined;
    }
    running.delete(timer);
    lauxlib.luaL_unref(L, REGISTRY, timer.selfRef);
    timer.selfRef = NOREF;
  };

  const fire = (timer: Timer): void => {
    if (stopped || timer.callbackRef === NOREF) return;
    lua.lua_rawgeti(L, REGISTRY, timer.callbackRef);
    lua.lua_rawgeti(L, REGISTRY, timer.selfRef);
    if (timer.mode === ALARM_SINGLE) {
      disarm(timer);
      lauxlib.luaL_unref(L, REGISTRY, timer.callbackRef);
      timer.callbackRef = NOREF;
    } else if (timer.mode === ALARM_SEMI) {
      disarm(timer);
    }
    protectedCall(L, 1, report);
  };

  /** Arms `timer` (whose userdata is at `index` of `state`) from now. */
  const arm = (state: LuaState, timer: Timer, index: number): void => {
    if (timer.selfRef === NOREF) {
      lua.lua_pushvalue(state, index);
      timer.selfRef = lauxlib.luaL_ref(state, REGISTRY);
    }
    running.add(timer);
    timer.node =
      timer.mode === ALARM_AUTO
        ? setInterval(() => fire(timer), timer.intervalMs)
        : setTimeout(() => fire(timer), timer.intervalMs);
  };

  const register = (state: LuaState): Timer => {
    const timer = check(state);
    const interval = lauxlib.luaL_checkinteger(state, 2);
    const mode = lauxlib.luaL_checkinteger(state, 3);
    argCheck(state, interval > 0 && interval <= MAX_TIMEOUT, 2, RANGE_MESSAGE);
    argCheck(state, mode === ALARM_SINGLE || mode === ALARM_AUTO || mode === ALARM_SEMI, 3, "Invalid mode");
    argCheck(state, lua.lua_isfunction(state, 4), 4, "Must be function");
    if (timer.node !== undefined) {
      clearTimeout(timer.node);
      timer.node = undefined;
      running.delete(timer);
    }
    lua.lua_pushvalue(state, 4);
    lauxlib.luaL_unref(state, REGISTRY, timer.callbackRef);
    timer.callbackRef = lauxlib.luaL_ref(state, REGISTRY);
    timer.intervalMs = interval;
    timer.mode = mode;
    return timer;
  };

  const start = (state: LuaState, timer: Timer, restart: boolean): number => {
    if (timer.callbackRef === NOREF || (timer.node !== undefined && !restart)) {
      lua.lua_pushboolean(state, false);
      return 1;
    }
    if (timer.node !== undefined) clearTimeout(timer.node);
    arm(state, timer, 1);
    lua.lua_pushboolean(state, true);
    return 1;
  };

  const methods: Record<string, (state: LuaState) => number> = {
    register: (state) => {
      register(state);
      return 0;
    },
    alarm: (state) => start(state, register(state), true),
    start: (state) => {
      argCheck(state, lua.lua_isnoneornil(state, 2) || lua.lua_isboolean(state, 2), 2, "boolean expected");
      return start(state, check(state), lua.lua_toboolean(state, 2));
    },
    stop: (state) => {
      const timer = check(state);
      const wasRunning = timer.node !== undefined;
      disarm(timer);
      lua.lua_pushboolean(state, wasRunning);
      return 1;
    },
    unregister: (state) => {
      const timer = check(state);
      disarm(timer);
      lauxlib.luaL_unref(state, REGISTRY, timer.callbackRef);
      timer.callbackRef = NOREF;
      return 0;
    },
    interval: (state) => {
      const timer = check(state);
      const interval = lauxlib.luaL_checkinteger(state, 2);
      argCheck(state, interval > 0 && interval <= MAX_TIMEOUT, 2, RANGE_MESSAGE);
      if (timer.callbackRef !== NOREF) {
        timer.intervalMs = interval;
        if (timer.node !== undefined) {
          clearTimeout(timer.node);
          arm(state, timer, 1);
        }
      }
      return 0;
    },
    state: (state) => {
      const timer = check(state);
      if (timer.callbackRef === NOREF) {
        lua.lua_pushnil(state);
        return 1;
      }
      lua.lua_pushboolean(state, timer.node !== undefined);
      lua.lua_pushinteger(state, timer.mode);
      return 2;
    },
  };

  const base = lua.lua_gettop(L);
  defineLuaMethods(L, METATABLE, methods);

  /** Pushes the global table `name`, making it first if there is none. */
  const pushGlobalTable = (name: string): void => {
    lua.lua_getglobal(L, to_luastring(name));
    if (lua.lua_isnil(L, -1)) {
      lua.lua_settop(L, base);
      lua.lua_newtable(L);
      lua.lua_pushvalue(L, -1);
      lua.lua_setglobal(L, to_luastring(name));
    }
  };

  pushGlobalTable("tmr");
  for (const [name, value] of [["ALARM_SINGLE", ALARM_SINGLE], ["ALARM_AUTO", ALARM_AUTO], ["ALARM_SEMI", ALARM_SEMI]] as const) {
    lua.lua_pushinteger(L, value);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_pushjsfunction(L, (state) => {
    const block = lua.lua_newuserdata(state, 0);
    const timer: Timer = { callbackRef: NOREF, selfRef: NOREF, intervalMs: 0, mode: ALARM_SINGLE, node: undefined };
    block.timer = timer;
    lauxlib.luaL_setmetatable(state, METATABLE);
    return 1;
  });
  lua.lua_setfield(L, -2, to_luastring("create"));
  if (options.branch === "release") {
    lua.lua_pushjsfunction(L, (state) => {
      lua.lua_pushinteger(state, microseconds() % TWO_TO_31);
      return 1;
    });
    lua.lua_setfield(L, -2, to_luastring("now"));
  }
  lua.lua_settop(L, base);

  if (options.branch !== "release") {
    pushGlobalTable("node");
    lua.lua_pushjsfunction(L, (state) => {
      const now = microseconds();
      lua.lua_pushinteger(state, now % TWO_TO_31);
      lua.lua_pushinteger(state, Math.floor(now / TWO_TO_31));
      return 2;
    });
    lua.lua_setfield(L, -2, to_luastring("uptime"));
    lua.lua_settop(L, base);
  }

  return {
    stopAll: () => {
      stopped = true;
      for (const timer of running) {
        if (timer.node !== undefined) clearTimeout(timer.node);
        timer.node = undefined;
      }
      running.clear();
    },
  };
}
