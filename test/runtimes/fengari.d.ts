/**
 * The part of fengari's API (Lua 5.3 in JavaScript; the npm package ships no types) that
 * test/runtimes/lua.ts uses. Lua strings cross as `Uint8Array`s of raw bytes.
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
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, index: number): void;
    lua_type(L: LuaState, index: number): number;
    lua_typename(L: LuaState, type: number): Uint8Array;
    lua_toboolean(L: LuaState, index: number): boolean;
    lua_tonumber(L: LuaState, index: number): number;
    lua_tolstring(L: LuaState, index: number): Uint8Array | null;
    lua_pushjsfunction(L: LuaState, fn: LuaJsFunction): void;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_getglobal(L: LuaState, name: Uint8Array): number;
    lua_setglobal(L: LuaState, name: Uint8Array): void;
    lua_getfield(L: LuaState, index: number, name: Uint8Array): number;
    lua_setfield(L: LuaState, index: number, name: Uint8Array): void;
    lua_insert(L: LuaState, index: number): void;
  };

  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbuffer(L: LuaState, buffer: Uint8Array, size: number | null, chunkname: Uint8Array): number;
    luaL_tolstring(L: LuaState, index: number): Uint8Array;
    luaL_traceback(L: LuaState, L1: LuaState, message: Uint8Array | null, level: number): void;
  };

  export const lualib: {
    luaL_openlibs(L: LuaState): void;
  };
}
