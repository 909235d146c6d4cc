/**
 * Runs Lua chunks against built Lua bundles, on fengari (Lua 5.3 with 32-bit integers, as
 * NodeMCU builds it) and on the native `lua5.1`/`lua5.3` interpreters, the same way on each: every
 * module is a Lua file registered as `package.preload[name]`, the chunk is named `stdin`, and what
 * it prints with `print` is the output. So one chunk can run on all three and their outputs can
 * be compared.
 *
 * Lua strings are bytes; on the JavaScript side they are byte strings (one char per byte, see
 * byte-strings.ts), in both directions, so binary data passes unchanged.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { lauxlib, lua, lualib, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { byteStringOf } from "./byte-strings";

/** Lua modules to preload: module name -> path of its Lua file (a bundle from dist/, say). */
export interface LuaModules {
  [name: string]: string;
}

/** A Lua value as JavaScript sees it (returned by a chunk, or passed either way): nil is `undefined`, a string is a byte string. */
export type LuaValue = string | number | boolean | undefined;

/** What one chunk did on fengari. */
export interface LuaRun {
  /** What it printed with `print`, as a byte string. */
  printed: string;
  /** What it returned. */
  values: LuaValue[];
}

/** A fengari Lua state with modules preloaded. */
export interface FengariLua {
  /**
   * Runs `chunk` (Lua source) in this state and returns what it printed and returned. Globals
   * and loaded modules stay for the next run. A Lua error becomes a thrown Error whose message
   * holds the Lua message and traceback.
   */
  run(chunk: string): LuaRun;
  /**
   * The Lua global function `name` (looked up now) as a JavaScript function: its arguments go in
   * as Lua values, what it returns comes back as LuaValues, a Lua error becomes a thrown Error.
   * Nothing is compiled per call, so it is the cheap way to call into Lua many times.
   */
  callable(name: string): (...args: LuaValue[]) => LuaValue[];
  /**
   * Makes the Lua global `name` a function that calls `host` with its arguments as LuaValues and
   * returns to Lua what `host` returns (nothing, or a list of values): the cheap way for Lua to
   * hand values to JavaScript.
   */
  provide(name: string, host: (...args: LuaValue[]) => LuaValue[] | void): void;
  /**
   * The state itself, which stays alive between runs: for hosts that install modules (the
   * simulator's NodeMCU emulation, hal/sim) and call Lua back from Node's event loop between runs.
   */
  readonly state: LuaState;
}

/** The native interpreters the tests know. */
export type NativeLua = "lua5.1" | "lua5.3";

/**
 * Makes a fresh fengari state with the standard libraries, `print` captured, and each of
 * `modules` loaded (compiled, not run) as `package.preload[name]`, so `require(name)` runs it.
 * Throws if a module does not compile. Owns the state; the files are only read.
 */
export function createFengariLua(modules: LuaModules): FengariLua {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  let printed: Uint8Array[] = [];
  lua.lua_pushjsfunction(L, (state) => {
    const count = lua.lua_gettop(state);
    for (let index = 1; index <= count; index++) {
      if (index > 1) printed.push(TAB);
      printed.push(lauxlib.luaL_tolstring(state, index));
      lua.lua_settop(state, count);
    }
    printed.push(NEWLINE);
    return 0;
  });
  lua.lua_setglobal(L, to_luastring("print"));
  lua.lua_getglobal(L, to_luastring("package"));
  lua.lua_getfield(L, -1, to_luastring("preload"));
  for (const [name, file] of Object.entries(modules)) {
    const source = fs.readFileSync(file);
    if (lauxlib.luaL_loadbuffer(L, source, source.length, to_luastring(`@${file}`)) !== lua.LUA_OK) {
      throw new Error(`fengari: cannot load ${file}: ${popMessage(L)}`);
    }
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_settop(L, 0);
  return {
    state: L,
    run(chunk: string): LuaRun {
      printed = [];
      lua.lua_pushjsfunction(L, traceback);
      if (lauxlib.luaL_loadbuffer(L, to_luastring(chunk), null, to_luastring("=stdin")) !== lua.LUA_OK) {
        throw new Error(`fengari: ${popMessage(L)}`);
      }
      if (lua.lua_pcall(L, 0, lua.LUA_MULTRET, 1) !== lua.LUA_OK) {
        throw new Error(`fengari: ${popMessage(L)}`);
      }
      const values: LuaValue[] = [];
      for (let index = 2; index <= lua.lua_gettop(L); index++) values.push(toValue(L, index));
      lua.lua_settop(L, 0);
      return { printed: byteStringOf(Buffer.concat(printed)), values };
    },
    callable(name: string): (...args: LuaValue[]) => LuaValue[] {
      lua.lua_getglobal(L, to_luastring(name));
      if (!lua.lua_isfunction(L, -1)) throw new Error(`fengari: the global ${name} is not a function`);
      const ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      return (...args) => {
        const base = lua.lua_gettop(L);
        lua.lua_pushjsfunction(L, traceback);
        lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
        for (const arg of args) pushValue(L, arg);
        if (lua.lua_pcall(L, args.length, lua.LUA_MULTRET, base + 1) !== lua.LUA_OK) {
          const message = lua.lua_tolstring(L, -1);
          lua.lua_settop(L, base);
          throw new Error(`fengari: ${name}: ${message === null ? "(no message)" : Buffer.from(message).toString("utf8")}`);
        }
        const values: LuaValue[] = [];
        for (let index = base + 2; index <= lua.lua_gettop(L); index++) values.push(toValue(L, index));
        lua.lua_settop(L, base);
        return values;
      };
    },
    provide(name: string, host: (...args: LuaValue[]) => LuaValue[] | void): void {
      lua.lua_pushjsfunction(L, (state) => {
        const args: LuaValue[] = [];
        for (let index = 1; index <= lua.lua_gettop(state); index++) args.push(toValue(state, index));
        const results = host(...args) ?? [];
        for (const result of results) pushValue(state, result);
        return results.length;
      });
      lua.lua_setglobal(L, to_luastring(name));
    },
  };
}

/** Runs one chunk in a fresh fengari state with `modules` preloaded; see `createFengariLua`. */
export function runFengariLua(modules: LuaModules, chunk: string): LuaRun {
  return createFengariLua(modules).run(chunk);
}

/**
 * Whether `interpreter` can be started here (CI installs both from Debian packages). When it
 * cannot, says so once on the console, so that every test skipped for it has a printed reason.
 */
export function nativeLuaAvailable(interpreter: NativeLua): boolean {
  let available = availability.get(interpreter);
  if (available === undefined) {
    available = spawnSync(interpreter, ["-v"], { stdio: "ignore" }).status === 0;
    availability.set(interpreter, available);
    if (!available) console.log(`${interpreter} is not installed: its native Lua runs are skipped (CI installs it from apt)`);
  }
  return available;
}

/**
 * Runs `chunk` on the native `interpreter` in a new process, with `modules` preloaded as
 * fengari does it, and returns its standard output as a byte string. A Lua error (a non-zero
 * exit) becomes a thrown Error holding the interpreter's message and traceback.
 */
export function runNativeLua(interpreter: NativeLua, modules: LuaModules, chunk: string): string {
  const preload = Object.entries(modules)
    .map(([name, file]) => `package.preload[${JSON.stringify(name)}] = assert(loadfile(${JSON.stringify(path.resolve(file))}))`)
    .join("\n");
  const result = spawnSync(interpreter, ["-e", preload, "-"], { input: chunk, timeout: 30000 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${interpreter} exited with ${result.status}: ${result.stderr.toString("utf8")}`);
  }
  return byteStringOf(result.stdout);
}

const TAB = to_luastring("\t");
const NEWLINE = to_luastring("\n");
const availability = new Map<NativeLua, boolean>();

/** The message handler for `lua_pcall`: the error message with a traceback appended. */
function traceback(L: LuaState): number {
  const message = lua.lua_tolstring(L, 1) ?? lauxlib.luaL_tolstring(L, 1);
  lauxlib.luaL_traceback(L, L, message, 1);
  return 1;
}

/** Pops the error message on top of the stack, as text. */
function popMessage(L: LuaState): string {
  const message = lua.lua_tolstring(L, -1);
  lua.lua_settop(L, 0);
  return message === null ? "(no message)" : Buffer.from(message).toString("utf8");
}

/** Pushes `value`: integers within 32 bits as Lua integers, other numbers as floats, strings as their bytes. */
function pushValue(L: LuaState, value: LuaValue): void {
  if (value === undefined) lua.lua_pushnil(L);
  else if (typeof value === "boolean") lua.lua_pushboolean(L, value);
  else if (typeof value === "string") {
    const bytes = Buffer.from(value, "latin1");
    lua.lua_pushlstring(L, bytes, bytes.length);
  } else if (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) lua.lua_pushinteger(L, value);
  else lua.lua_pushnumber(L, value);
}

/** The value at `index` as a LuaValue; throws for tables, functions and the like. */
function toValue(L: LuaState, index: number): LuaValue {
  const type = lua.lua_type(L, index);
  if (type === lua.LUA_TNIL) return undefined;
  if (type === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, index);
  if (type === lua.LUA_TNUMBER) return lua.lua_tonumber(L, index);
  if (type === lua.LUA_TSTRING) return byteStringOf(lua.lua_tolstring(L, index) as Uint8Array);
  const name = Buffer.from(lua.lua_typename(L, type)).toString("utf8");
  throw new Error(`fengari: the chunk returned a ${name}; return strings, numbers or booleans`);
}
