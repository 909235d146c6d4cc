/** @noSelfInFile */

/**
 * What `luaTarget: "universal"` code may find on either Lua, beyond the 5.1 standard library that
 * tsconfig.nodemcu.json declares (lua-types/5.1): `table.unpack` exists from Lua 5.2 on, where the
 * global `unpack` may be gone, so code picks whichever is there.
 */
declare namespace table {
  /** Lua 5.2+: the values `list[i]` to `list[j]` (any integer keys, 0 included); nil on 5.1. */
  const unpack:
    | ((this: void, list: import("../../src/bytes/bytes").Bytes, i: number, j: number) => LuaMultiReturn<number[]>)
    | undefined;
}

/** Lua 5.1: the values `list[i]` to `list[j]` (any integer keys, 0 included). */
declare function unpack(
  list: import("../../src/bytes/bytes").Bytes,
  i: number,
  j: number,
): LuaMultiReturn<number[]>;
