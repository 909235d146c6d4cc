/**
 * A simulated ESP32 running NodeMCU (`dev-esp32`): boots a built Lua artefact
 * (dist/<board-id>/firmware.lua, a chunk that starts the firmware when run, as init.lua's `dofile`
 * would) in a fengari state (hal/sim/lua.ts) with every module the firmware uses, wired to a
 * virtual board (hal/sim/virtual-board.ts), a virtual access point and a flash folder.
 *
 * What a boot installs, each module once:
 * - `tmr` and `node.uptime` (nodemcu-tmr.ts), `node.task.post` (nodemcu-net.ts
 *   `installNodemcuTasks`), `net` (nodemcu-net.ts, with the caller's `net` options as given and,
 *   unless set there, the boot's `onError`), `wifi` over the access point (nodemcu-wifi.ts), `file`
 *   over the flash folder (nodemcu-file.ts), `uart` (nodemcu-uart.ts), `i2c`, `ow`, `adc`, `gpio`
 *   over the virtual board (nodemcu-buses.ts);
 * - `node.chipid()` (a string "0x..." as ESP32 NodeMCU returns it, device-identity.ts),
 *   `node.restart()`, `node.heap()` (a fixed picture: `HEAP_BYTES` less the artefact's size; fengari
 *   cannot measure a state's heap);
 * - `modules`: Lua files preloaded as `package.preload[name]` (a user chunk's `require("mote")`).
 * The console is one stream: what the firmware writes with `uart.write(0, ...)` and what it prints
 * (`print`, each line ended by "\n"), kept (the last `OUTPUT_KEPT` characters, device-life.ts)
 * and handed to `onOutput` as it comes; `type` sends bytes to `uart.on("data")`.
 *
 * A Lua error raised by the chunk or by any callback is recorded in `uncaught` (message and
 * traceback) and the device keeps running. `node.restart()` (or `reboot()`) tears the boot down —
 * timers and tasks stopped, sockets destroyed, the Wi-Fi station stopped with its callbacks
 * forgotten — and boots the artefact again in a new state, on the next turn of the event loop, over
 * the same flash folder. `stop()` tears down for good so that the process can exit.
 *
 * Each process compiles an artefact once (`loadNodemcuArtefact`, cached by path) and each boot
 * runs a closure of its own over the one compiled chunk (hal/sim/lua-prototype.ts): a fleet pays per
 * device only for the state and the firmware's own data (measured with the mote bundle inside an
 * artefact, 1,000 devices joined to Wi-Fi in one process: about 490 KB of heap and 5 ms to boot per
 * device; compiling per state took 2.5 MB and 65 ms).
 */
import * as fs from "node:fs";
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { createFengariLua } from "./lua";
import type { FengariLua, LuaModules } from "./lua";
import { installNodemcuNet, installNodemcuTasks, protectedCall } from "./nodemcu-net";
import type { NodemcuNet, NodemcuNetOptions } from "./nodemcu-net";
import { installNodemcuTimers } from "./nodemcu-tmr";
import type { NodemcuTimers } from "./nodemcu-tmr";
import { installNodemcuWifi } from "./nodemcu-wifi";
import { installNodemcuFile } from "./nodemcu-file";
import { installNodemcuUart } from "./nodemcu-uart";
import type { NodemcuUartPort } from "./nodemcu-uart";
import { installNodemcuBuses } from "./nodemcu-buses";
import type { VirtualWifi } from "./virtual-wifi";
import type { VirtualBoard } from "./virtual-board";
import { macOf, nodemcuChipIdOf } from "./device-identity";
import { compileLuaChunk, pushLuaChunk } from "./lua-prototype";
import type { LuaChunk } from "./lua-prototype";
import { startDeviceLife } from "./device-life";
import type { BootContext } from "./device-life";

/** Options for `bootNodemcuDevice`. */
export interface NodemcuDeviceOptions {
  /** The firmware: a built Lua artefact's path (dist/<board-id>/firmware.lua), or one already loaded. */
  artefact: string | NodemcuArtefact;
  /** The hardware the firmware finds on its buses. */
  board: VirtualBoard;
  /** The access point `wifi` joins. */
  air: VirtualWifi;
  /** The folder that is the device's file system (`file`), kept across reboots. */
  flashFolder: string;
  /** The device's serial number, 0..0xFFFFFF: the last three bytes of its MAC (24:0a:c4:..). */
  serialNumber: number;
  /** Passed to `installNodemcuNet` as given (with the boot's `onError` unless set). */
  net?: NodemcuNetOptions;
  /** Lua files preloaded as `package.preload[name]` (name -> path). */
  modules?: LuaModules;
  /** Told every piece of console output as it is written. */
  onOutput?: (text: string) => void;
}

/** A running simulated device. */
export interface NodemcuDevice {
  /** The current boot's Lua state (a new one after each reboot). */
  readonly lua: FengariLua;
  /** Reboots done so far (by `node.restart()` or `reboot()`). */
  readonly reboots: number;
  /** Lua errors the firmware did not catch (message and traceback), across boots, in order. */
  readonly uncaught: string[];
  /** What `node.chipid()` returns. */
  readonly chipId: string;
  /** The console output so far (the last `OUTPUT_KEPT` characters), a byte string. */
  output(): string;
  /** Types bytes (a byte string) on the console UART. */
  type(data: string): void;
  /** Reboots as `node.restart()` does: tears down now, boots again on the next turn of the event loop. */
  reboot(): void;
  /** Tears the device down for good: no timer, socket or Wi-Fi station of it is left. */
  stop(): void;
}

/** The free heap `node.heap()` starts from, in bytes (an ESP32 running NodeMCU at boot). */
export const HEAP_BYTES = 240000;

/** A built Lua artefact compiled once for any number of states. */
export interface NodemcuArtefact {
  readonly file: string;
  readonly chunk: LuaChunk;
  /** The source's length in bytes. */
  readonly bytes: number;
}

const artefacts = new Map<string, NodemcuArtefact>();

/**
 * Reads and compiles the Lua artefact at `file` once per process (later calls return the same
 * one; hal/sim/lua-prototype.ts). Throws an Error with Lua's message when it does not compile.
 */
export function loadNodemcuArtefact(file: string): NodemcuArtefact {
  let artefact = artefacts.get(file);
  if (artefact === undefined) {
    const source = fs.readFileSync(file);
    artefact = { file, chunk: compileLuaChunk(source, `@${file}`), bytes: source.length };
    artefacts.set(file, artefact);
  }
  return artefact;
}

/** One boot: the state and what must be torn down with it. */
interface Boot {
  lua: FengariLua;
  timers: NodemcuTimers;
  stopTasks: () => void;
  net: NodemcuNet;
  port: NodemcuUartPort;
  /** Registry reference of the `wifi` table installed (the firmware may change the global). */
  wifi: number;
}

/** Boots `options.artefact` on a new simulated device (see the module comment). */
export function bootNodemcuDevice(options: NodemcuDeviceOptions): NodemcuDevice {
  const artefact = typeof options.artefact === "string" ? loadNodemcuArtefact(options.artefact) : options.artefact;
  const chipId = nodemcuChipIdOf(options.serialNumber);
  const macText = [...macOf(options.serialNumber)].map((byte) => byte.toString(16).padStart(2, "0")).join(":");
  const uncaught: string[] = [];
  const report = (message: string): void => {
    uncaught.push(message);
  };

  const boot = (context: BootContext): Boot => {
    const fengari = createFengariLua(options.modules ?? {});
    const L = fengari.state;
    const timers = installNodemcuTimers(L, { onError: report });
    const stopTasks = installNodemcuTasks(L, report);
    const net = installNodemcuNet(L, { onError: report, ...options.net });
    installNodemcuWifi(L, { air: options.air, onError: report, mac: macText });
    lua.lua_getglobal(L, to_luastring("wifi"));
    const wifi = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    installNodemcuFile(L, { folder: options.flashFolder });
    const port = installNodemcuUart(L, { onError: report });
    installNodemcuBuses(L, { ...options.board.nodemcuBuses, onError: report });
    installConsole(L, context.write);
    installNode(L, {
      chipid: (state) => pushText(state, chipId),
      restart: () => {
        context.reboot();
        return 0;
      },
      heap: (state) => {
        lua.lua_pushinteger(state, HEAP_BYTES - artefact.bytes);
        return 1;
      },
    });
    pushLuaChunk(L, artefact.chunk);
    protectedCall(L, 0, report);
    return { lua: fengari, timers, stopTasks, net, port, wifi };
  };

  const tearDown = (ending: Boot): void => {
    ending.timers.stopAll();
    ending.stopTasks();
    ending.net.destroyAll();
    stopStation(ending.lua.state, ending.wifi);
  };

  const life = startDeviceLife(boot, tearDown, options.onOutput);
  return {
    get lua() {
      return life.current.lua;
    },
    get reboots() {
      return life.reboots;
    },
    uncaught,
    chipId,
    output: life.output,
    type: (data) => life.current.port.type(data),
    reboot: life.reboot,
    stop: life.stop,
  };
}

/** Pushes `text` (a byte string) as a Lua string; returns 1 (one result). */
function pushText(state: LuaState, text: string): number {
  const bytes = Buffer.from(text, "latin1");
  lua.lua_pushlstring(state, bytes, bytes.length);
  return 1;
}

/** The bytes of Lua arguments from `first` on (strings as they are, numbers as one byte), as a byte string. */
function argumentBytes(state: LuaState, first: number): string {
  let text = "";
  for (let index = first; index <= lua.lua_gettop(state); index++) {
    text += lua.lua_type(state, index) === lua.LUA_TNUMBER
      ? String.fromCharCode(lauxlib.luaL_checkinteger(state, index) & 255)
      : Buffer.from(lauxlib.luaL_checklstring(state, index)).toString("latin1");
  }
  return text;
}

/**
 * Sends `print` and `uart.write(0, ...)` to the device's console stream; `uart.write` to another
 * UART goes to the emulation's own `uart.write` as before.
 */
function installConsole(L: LuaState, write: (text: string) => void): void {
  const REGISTRY = lua.LUA_REGISTRYINDEX;
  lua.lua_pushjsfunction(L, (state) => {
    const pieces: string[] = [];
    for (let index = 1; index <= lua.lua_gettop(state); index++) {
      pieces.push(Buffer.from(lauxlib.luaL_tolstring(state, index)).toString("latin1"));
      lua.lua_settop(state, -2);
    }
    write(`${pieces.join("\t")}\n`);
    return 0;
  });
  lua.lua_setglobal(L, to_luastring("print"));

  lua.lua_getglobal(L, to_luastring("uart"));
  lua.lua_getfield(L, -1, to_luastring("write"));
  const otherUarts = lauxlib.luaL_ref(L, REGISTRY);
  lua.lua_pushjsfunction(L, (state) => {
    if (lauxlib.luaL_checkinteger(state, 1) === 0) {
      write(argumentBytes(state, 2));
      return 0;
    }
    lua.lua_rawgeti(state, REGISTRY, otherUarts);
    lua.lua_insert(state, 1);
    lua.lua_call(state, lua.lua_gettop(state) - 1, 0);
    return 0;
  });
  lua.lua_setfield(L, -2, to_luastring("write"));
  lua.lua_settop(L, -2);
}

/** Adds `functions` to the global table `node` (which the timers and tasks made). */
function installNode(L: LuaState, functions: Record<string, (state: LuaState) => number>): void {
  const base = lua.lua_gettop(L);
  lua.lua_getglobal(L, to_luastring("node"));
  for (const [name, fn] of Object.entries(functions)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_settop(L, base);
}

/**
 * Takes the Wi-Fi station of a torn-down state off the air: its callbacks are forgotten first, so
 * no event reaches the state, then `wifi.stop()` leaves without one.
 */
function stopStation(L: LuaState, wifi: number): void {
  const base = lua.lua_gettop(L);
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, wifi);
  lua.lua_getfield(L, -1, to_luastring("sta"));
  for (const event of ["got_ip", "disconnected"]) {
    lua.lua_getfield(L, -1, to_luastring("on"));
    pushText(L, event);
    lua.lua_pushnil(L);
    lua.lua_call(L, 2, 0);
  }
  lua.lua_getfield(L, -2, to_luastring("stop"));
  lua.lua_call(L, 0, 0);
  lua.lua_settop(L, base);
}
