/**
 * NodeMCU's `wifi` module (ESP32, `dev-esp32`) emulated over the simulator's virtual air
 * (hal/sim/virtual-wifi.ts) for a fengari Lua state.
 *
 * What it follows (RUNTIMES.md, NodeMCU; docs/modules/wifi.md on `dev-esp32`):
 * - `wifi.STATION` (1), `wifi.SOFTAP` (2), `wifi.STATIONAP` (3), `wifi.NULLMODE` (0);
 *   `wifi.mode(m)`, `wifi.start()`, `wifi.stop()`.
 * - `wifi.sta.config{ssid, pwd, auto}` keeps the network and, unless `auto` is false, connects;
 *   `wifi.sta.connect()`, `wifi.sta.disconnect()`; both raise "wifi: not started in station mode"
 *   before `wifi.mode(wifi.STATION)` and `wifi.start()`, and `connect` raises "wifi: no station
 *   config" before `config`.
 * - `wifi.sta.on("got_ip"|"disconnected", fn|nil)`: "got_ip" calls `fn("got_ip", {ip, netmask,
 *   gw})`; "disconnected" calls `fn("disconnected", {ssid, bssid, reason})` with ESP-IDF's reason
 *   number — for a failed attempt, a lost access point (200), or `disconnect()` of a joined
 *   station (8). Another event name raises "invalid event".
 * - `wifi.sta.getip()` gives ip, netmask, gateway (three results) or nil while off;
 *   `wifi.sta.getmac()` the station's MAC as "xx:xx:xx:xx:xx:xx".
 * Callbacks run from Node's event loop, each in `lua_pcall`; a Lua error goes to `onError`.
 * Not emulated: access point mode, scans, `wifi.sta.on("connected"|"start"|"stop"|...)`,
 * `wifi.sta.setip`, power save, `wifi.eventmon` (ESP8266).
 */
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { protectedCall } from "./nodemcu-net";
import type { VirtualStation, VirtualWifi } from "./virtual-wifi";
import { WIFI_REASON } from "./virtual-wifi";

/** Options for `installNodemcuWifi`. */
export interface NodemcuWifiOptions {
  /** The air to join. */
  air: VirtualWifi;
  /** Where Lua errors raised by callbacks go; by default they are thrown from a Node task. */
  onError?: (message: string) => void;
  /** The station's MAC address `wifi.sta.getmac()` gives, "24:0a:c4:00:00:02" by default. */
  mac?: string;
  /** Told the host name `wifi.sta.sethostname` set. */
  onHostname?: (hostname: string) => void;
}

const MODES = { NULLMODE: 0, STATION: 1, SOFTAP: 2, STATIONAP: 3 };
const BSSID = "24:0a:c4:00:00:01";
const STATION_MAC = "24:0a:c4:00:00:02";

/** Installs the global `wifi` in the Lua state `L` (see the module comment). */
export function installNodemcuWifi(L: LuaState, options: NodemcuWifiOptions): void {
  const { air } = options;
  const report =
    options.onError ??
    ((message: string) =>
      setImmediate(() => {
        throw new Error(`NodeMCU: a wifi callback raised: ${message}`);
      }));
  const REGISTRY = lua.LUA_REGISTRYINDEX;
  const NOREF = lauxlib.LUA_NOREF;
  const refs: Record<string, number> = { got_ip: NOREF, disconnected: NOREF };
  let mode = MODES.NULLMODE;
  let started = false;
  let config: { ssid: string; pwd: string } | undefined;
  let address: { ip: string; netmask: string; gw: string } | undefined;

  const fail = (state: LuaState, message: string): number => lauxlib.luaL_error(state, to_luastring(message));
  const text = (state: LuaState, index: number): string =>
    Buffer.from(lua.lua_tolstring(state, index) as Uint8Array).toString("latin1");
  const pushString = (state: LuaState, value: string): void => {
    const bytes = Buffer.from(value, "latin1");
    lua.lua_pushlstring(state, bytes, bytes.length);
  };
  /** Calls the callback for `event` with a table of `fields`, from the event loop. */
  const fire = (event: string, fields: Record<string, string | number>): void => {
    setImmediate(() => {
      const ref = refs[event];
      if (ref === NOREF) return;
      lua.lua_rawgeti(L, REGISTRY, ref);
      pushString(L, event);
      lua.lua_newtable(L);
      for (const [name, value] of Object.entries(fields)) {
        if (typeof value === "number") lua.lua_pushinteger(L, value);
        else pushString(L, value);
        lua.lua_setfield(L, -2, to_luastring(name));
      }
      protectedCall(L, 2, report);
    });
  };
  const station: VirtualStation = {
    joined(ip, netmask, gw) {
      address = { ip, netmask, gw };
      fire("got_ip", address);
    },
    left(reason) {
      address = undefined;
      fire("disconnected", { ssid: config?.ssid ?? "", bssid: BSSID, reason });
    },
  };
  const requireStation = (state: LuaState): void => {
    if (!started || (mode !== MODES.STATION && mode !== MODES.STATIONAP)) fail(state, "wifi: not started in station mode");
  };
  const connect = (): void => {
    address = undefined;
    air.join(station, (config as { ssid: string }).ssid, (config as { pwd: string }).pwd);
  };

  const sta: Record<string, (state: LuaState) => number> = {
    sethostname: (state) => {
      const hostname = lua.lua_isstring(state, 1) ? text(state, 1) : "";
      if (!/^[A-Za-z0-9-]{1,32}$/.test(hostname)) return fail(state, "wifi.sta.sethostname: 1 to 32 letters, digits or '-'");
      options.onHostname?.(hostname);
      return 0;
    },
    config: (state) => {
      lua.lua_getfield(state, 1, to_luastring("ssid"));
      if (!lua.lua_isstring(state, -1)) return fail(state, "wifi.sta.config: ssid must be a string");
      const ssid = text(state, -1);
      lua.lua_getfield(state, 1, to_luastring("pwd"));
      const pwd = lua.lua_isstring(state, -1) ? text(state, -1) : "";
      lua.lua_getfield(state, 1, to_luastring("auto"));
      const auto = lua.lua_isnil(state, -1) || lua.lua_toboolean(state, -1);
      if (Buffer.byteLength(ssid, "latin1") > 32) return fail(state, "wifi.sta.config: ssid longer than 32 bytes");
      if (Buffer.byteLength(pwd, "latin1") > 64) return fail(state, "wifi.sta.config: pwd longer than 64 bytes");
      config = { ssid, pwd };
      if (auto) {
        requireStation(state);
        connect();
      }
      return 0;
    },
    connect: (state) => {
      requireStation(state);
      if (config === undefined) return fail(state, "wifi: no station config");
      connect();
      return 0;
    },
    disconnect: (state) => {
      requireStation(state);
      air.leave(station);
      if (address !== undefined) station.left(WIFI_REASON.ASSOC_LEAVE);
      return 0;
    },
    on: (state) => {
      const event = Buffer.from(lauxlib.luaL_checklstring(state, 1)).toString("latin1");
      if (!(event in refs)) return fail(state, "invalid event");
      lauxlib.luaL_unref(state, REGISTRY, refs[event]);
      refs[event] = NOREF;
      if (lua.lua_isfunction(state, 2)) {
        lua.lua_pushvalue(state, 2);
        refs[event] = lauxlib.luaL_ref(state, REGISTRY);
      } else if (!lua.lua_isnoneornil(state, 2)) {
        return fail(state, "wifi.sta.on: need a function or nil");
      }
      return 0;
    },
    getip: (state) => {
      if (address === undefined) {
        lua.lua_pushnil(state);
        return 1;
      }
      pushString(state, address.ip);
      pushString(state, address.netmask);
      pushString(state, address.gw);
      return 3;
    },
    getmac: (state) => {
      pushString(state, options.mac ?? STATION_MAC);
      return 1;
    },
  };

  const base = lua.lua_gettop(L);
  lua.lua_newtable(L);
  for (const [name, value] of Object.entries(MODES)) {
    lua.lua_pushinteger(L, value);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  const module: Record<string, (state: LuaState) => number> = {
    mode: (state) => {
      const wanted = lauxlib.luaL_checkinteger(state, 1);
      if (!Object.values(MODES).includes(wanted)) return fail(state, "wifi.mode: invalid mode");
      mode = wanted;
      return 0;
    },
    start: () => {
      started = true;
      return 0;
    },
    stop: () => {
      started = false;
      air.leave(station);
      address = undefined;
      return 0;
    },
  };
  for (const [name, fn] of Object.entries(module)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries(sta)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_setfield(L, -2, to_luastring("sta"));
  lua.lua_setglobal(L, to_luastring("wifi"));
  lua.lua_settop(L, base);
}
