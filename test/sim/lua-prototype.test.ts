/**
 * One Lua chunk compiled once and run in several fengari states (hal/sim/lua-prototype.ts): each
 * state gets its own globals and its own upvalues, closures made in one state never leak into
 * another, and a chunk that does not compile is refused with Lua's message.
 */
import { describe, expect, it } from "vitest";
import { lua } from "fengari";
import { createFengariLua } from "../../hal/sim/lua";
import { compileLuaChunk, pushLuaChunk } from "../../hal/sim/lua-prototype";

const CHUNK = `
local count = 0
function bump() count = count + 1; return count end
function maker() return function() return name end end
name = ...
return count
`;

/** A fresh state that has run the compiled chunk with `name` as its argument. */
function stateRunning(chunk: ReturnType<typeof compileLuaChunk>, name: string) {
  const fengari = createFengariLua({});
  pushLuaChunk(fengari.state, chunk);
  lua.lua_pushstring(fengari.state, Buffer.from(name));
  expect(lua.lua_pcall(fengari.state, 1, 0, 0)).toBe(lua.LUA_OK);
  return fengari;
}

describe("a Lua chunk compiled once", () => {
  it("runs in each state with that state's globals and upvalues", () => {
    const chunk = compileLuaChunk(Buffer.from(CHUNK), "=shared");
    const one = stateRunning(chunk, "one");
    const two = stateRunning(chunk, "two");
    expect(one.run("bump() bump() return bump()").values).toEqual([3]);
    expect(two.run("return bump()").values).toEqual([1]);
    expect(one.run("return maker()()").values).toEqual(["one"]);
    expect(two.run("return maker()()").values).toEqual(["two"]);
    expect(one.run("return name").values).toEqual(["one"]);
  });

  it("is refused with Lua's message when it does not compile", () => {
    expect(() => compileLuaChunk(Buffer.from("local = 1"), "@broken.lua")).toThrow(/broken\.lua:1:/);
  });
});
