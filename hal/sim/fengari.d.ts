/**
 * The part of fengari's API (Lua 5.3 in JavaScript; the npm package ships no types) that
 * hal/sim/lua.ts and the simulator's NodeMCU emulation (hal/sim/nodemcu-net.ts,
 * hal/sim/nodemcu-tmr.ts) use. Lua strings cross as `Uint8Array`s of raw bytes. A full userdata's
 * block is a plain JavaScript object (fengari ignores the size): `lua_newuserdata` returns it and
 * `lua_touserdata` gives it back.
 */
declare module "fengari" {
  /** A Lua state. */
  export type LuaState = { readonly __luaState: unique symbol };
  /** A JavaScript function Lua can call: reads its arguments off the stack, returns a count. */
  export type LuaJsFunction = (L: LuaState) => number;

  export function to_luastring(text: string): Uint8Array;

  export const lua: {
    LUA_OK: number;
    LUA_MULTRET: number;
    LUA_TNIL: number;
    LUA_TBOOLEAN: number;
    LUA_TNUMBER: number;
    LUA_TSTRING: number;
    LUA_TFUNCTION: number;
    LUA_REGISTRYINDEX: number;
    LUA_RIDX_GLOBALS: number;
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, index: number): void;
    lua_type(L: LuaState, index: number): number;
    lua_typename(L: LuaState, type: number): Uint8Array;
    lua_toboolean(L: LuaState, index: number): boolean;
    lua_tonumber(L: LuaState, index: number): number;
    lua_tolstring(L: LuaState, index: number): Uint8Array | null;
    lua_pushjsfunction(L: LuaState, fn: LuaJsFunction): void;
    lua_call(L: LuaState, nargs: number, nresults: number): void;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_getglobal(L: LuaState, name: Uint8Array): number;
    lua_setglobal(L: LuaState, name: Uint8Array): void;
    lua_getfield(L: LuaState, index: number, name: Uint8Array): number;
    lua_setfield(L: LuaState, index: number, name: Uint8Array): void;
    lua_insert(L: LuaState, index: number): void;
    lua_setupvalue(L: LuaState, funcindex: number, n: number): Uint8Array | null;
    lua_pushvalue(L: LuaState, index: number): void;
    lua_pushnil(L: LuaState): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushlstring(L: LuaState, s: Uint8Array, len: number): void;
    lua_pushstring(L: LuaState, s: Uint8Array): void;
    lua_newtable(L: LuaState): void;
    lua_rawgeti(L: LuaState, index: number, n: number): number;
    lua_isnil(L: LuaState, index: number): boolean;
    lua_isfunction(L: LuaState, index: number): boolean;
    lua_isstring(L: LuaState, index: number): boolean;
    lua_isnumber(L: LuaState, index: number): boolean;
    lua_isboolean(L: LuaState, index: number): boolean;
    lua_isnoneornil(L: LuaState, index: number): boolean;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_newuserdata(L: LuaState, size: number): Record<string, unknown>;
    lua_touserdata(L: LuaState, index: number): Record<string, unknown> | null;
  };

  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbuffer(L: LuaState, buffer: Uint8Array, size: number | null, chunkname: Uint8Array): number;
    luaL_tolstring(L: LuaState, index: number): Uint8Array;
    luaL_traceback(L: LuaState, L1: LuaState, message: Uint8Array | null, level: number): void;
    LUA_NOREF: number;
    luaL_ref(L: LuaState, t: number): number;
    luaL_unref(L: LuaState, t: number, ref: number): void;
    /** Raises a Lua error (throws; the return type is for `return luaL_error(...)`). */
    luaL_error(L: LuaState, message: Uint8Array): number;
    luaL_newmetatable(L: LuaState, name: Uint8Array): number;
    luaL_setmetatable(L: LuaState, name: Uint8Array): void;
    luaL_checkudata(L: LuaState, index: number, name: Uint8Array): Record<string, unknown>;
    luaL_checkinteger(L: LuaState, index: number): number;
    luaL_checklstring(L: LuaState, index: number): Uint8Array;
    /** Raises "bad argument #arg to 'name' (extramsg)" (throws). */
    luaL_argerror(L: LuaState, arg: number, extramsg: Uint8Array): number;
  };

  export const lualib: {
    luaL_openlibs(L: LuaState): void;
  };
}
