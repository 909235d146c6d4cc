import { describe, expect, it } from "vitest";
import { createFengariLua, nativeLuaAvailable, runFengariLua, runNativeLua } from "./lua";
import type { NativeLua } from "./lua";

const ALL_BYTES = Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)).join("");
const NATIVE: NativeLua[] = ["lua5.1", "lua5.3"];

describe("the fengari runner", () => {
  it("returns strings byte for byte, numbers, booleans and nil", () => {
    const chunk = `
      local bytes = {}
      for code = 0, 255 do bytes[#bytes + 1] = string.char(code) end
      return table.concat(bytes), 42, 2.5, true, nil, "x"
    `;
    expect(runFengariLua({}, chunk).values).toEqual([ALL_BYTES, 42, 2.5, true, undefined, "x"]);
  });

  it("captures print as Lua prints it, bytes unchanged", () => {
    const run = runFengariLua({}, `print("a", 1, 2^31, nil, true) print("\\255\\0")`);
    expect(run.printed).toBe("a\t1\t2147483648.0\tnil\ttrue\n\xff\x00\n");
  });

  it("has 32-bit integers, as NodeMCU's Lua 5.3 (RUNTIMES.md)", () => {
    expect(runFengariLua({}, "return math.maxinteger, math.maxinteger + 1").values).toEqual([2147483647, -2147483648]);
  });

  it("throws a Lua error with its traceback", () => {
    expect(() => runFengariLua({}, "local function fail() error('boom') end\nfail()")).toThrow(
      /stdin:1: boom\nstack traceback:[\s\S]*stdin:2: in main chunk/,
    );
    expect(() => runFengariLua({}, "return (")).toThrow(/stdin:1:/);
  });

  it("keeps globals between runs of one state", () => {
    const lua = createFengariLua({});
    lua.run("counter = 41");
    expect(lua.run("counter = counter + 1 return counter").values).toEqual([42]);
  });
});

describe.each(NATIVE)("the native runner on %s", (interpreter) => {
  const available = nativeLuaAvailable(interpreter);
  if (!available) console.log(`${interpreter} is not installed: skipping its tests (CI installs it with apt)`);

  it.skipIf(!available)("prints what fengari prints for the same chunk", () => {
    const chunk = `print("a", 1, 7 % 3, #"\\255\\0") io.write("\\1\\2\\255")`;
    const expected = runFengariLua({}, `print("a", 1, 7 % 3, #"\\255\\0")`).printed + "\x01\x02\xff";
    expect(runNativeLua(interpreter, {}, chunk)).toBe(expected);
  });

  it.skipIf(!available)("throws a Lua error with its traceback", () => {
    expect(() => runNativeLua(interpreter, {}, "local function fail() error('boom') end\nfail()")).toThrow(
      /stdin:1: boom\nstack traceback:[\s\S]*stdin:2: in main chunk/,
    );
  });
});
