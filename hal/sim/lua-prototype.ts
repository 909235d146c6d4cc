/**
 * A Lua chunk compiled once per process and run in any number of fengari states: fengari's
 * compiled function prototypes (code, constants, nested prototypes) hold nothing of the state that
 * compiled them — its strings are plain byte arrays compared by content and the garbage collector
 * is JavaScript's — so each state needs only a closure of its own over the one prototype, with its
 * own globals as `_ENV`. A fleet of simulated NodeMCU devices then pays for compiling and holding
 * the firmware once instead of once per device.
 *
 * This reaches into fengari's internal modules (`fengari/src/lfunc.js`, `ldo.js`: the closure
 * constructor and the stack push that `lua_load` itself uses) because its API has no way to load a
 * prototype into another state; fengari 0.1.x is pinned.
 */
import { createRequire } from "node:module";
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";

/** A compiled main function, to run with `pushLuaChunk`. */
export interface LuaChunk {
  /** The name it was compiled under (`@file`, as error messages show it). */
  readonly name: string;
  /** fengari's prototype of the chunk's main function. */
  readonly prototype: unknown;
}

/** The fengari internals used: a Lua closure's constructor and upvalue set-up, and the stack push. */
interface FengariInternals {
  lfunc: {
    luaF_newLclosure(L: LuaState, upvalues: number): { p: unknown };
    luaF_initupvals(L: LuaState, closure: unknown): void;
  };
  ldo: { luaD_inctop(L: LuaState): void };
}

const internal = createRequire(import.meta.url);
const fengari: FengariInternals = {
  lfunc: internal("fengari/src/lfunc.js") as FengariInternals["lfunc"],
  ldo: internal("fengari/src/ldo.js") as FengariInternals["ldo"],
};

/** The stack slots of a state as fengari keeps them (internal): each value's closure is at `.value`. */
type StackOf = { stack: { value: { p: unknown; nupvalues: number }; setclLvalue(closure: unknown): void }[]; top: number };

/**
 * Compiles `source` (Lua text or a binary chunk) as `name` in a scratch state and keeps its
 * prototype. Throws an Error with Lua's message when it does not compile.
 */
export function compileLuaChunk(source: Uint8Array, name: string): LuaChunk {
  const L = lauxlib.luaL_newstate();
  if (lauxlib.luaL_loadbuffer(L, source, source.length, to_luastring(name)) !== lua.LUA_OK) {
    const message = lua.lua_tolstring(L, -1);
    throw new Error(`fengari: cannot load ${name}: ${message === null ? "(no message)" : Buffer.from(message).toString("latin1")}`);
  }
  const state = L as unknown as StackOf;
  return { name, prototype: state.stack[state.top - 1].value.p };
}

/**
 * Pushes onto `L`'s stack a new closure of `chunk`'s main function whose `_ENV` is `L`'s globals,
 * as `luaL_loadbuffer` would after compiling it there. Call it like any loaded chunk.
 */
export function pushLuaChunk(L: LuaState, chunk: LuaChunk): void {
  const prototype = chunk.prototype as { upvalues: unknown[] };
  const closure = fengari.lfunc.luaF_newLclosure(L, prototype.upvalues.length);
  closure.p = prototype;
  fengari.lfunc.luaF_initupvals(L, closure);
  fengari.ldo.luaD_inctop(L);
  const state = L as unknown as StackOf;
  state.stack[state.top - 1].setclLvalue(closure);
  if (prototype.upvalues.length > 0) {
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    lua.lua_setupvalue(L, -2, 1);
  }
}
