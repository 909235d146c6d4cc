/**
 * The one way the simulator's NodeMCU emulations give a userdata its methods (a socket, a timer,
 * a file object): a metatable whose `__index` table holds JavaScript functions.
 */
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";

/** A method of an emulated object: fengari's calling convention (arguments on the stack, results pushed). */
export type LuaMethod = (state: LuaState) => number;

/**
 * Makes the metatable `metatable` (registry name) with `methods` as its `__index`, leaving the
 * Lua stack as it was. Objects made later with `luaL_setmetatable(state, metatable)` have them.
 */
export function defineLuaMethods(L: LuaState, metatable: Uint8Array, methods: Record<string, LuaMethod>): void {
  const base = lua.lua_gettop(L);
  lauxlib.luaL_newmetatable(L, metatable);
  lua.lua_newtable(L);
  for (const [name, method] of Object.entries(methods)) {
    lua.lua_pushjsfunction(L, method);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_setfield(L, -2, to_luastring("__index"));
  lua.lua_settop(L, base);
}
