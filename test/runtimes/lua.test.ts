import { describe, expect, it } from "vitest";
import { createFengariLua, nativeLuaAvailable, runFengariLua, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";

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

  it("calls a Lua function with JavaScript values and gets its results, bytes unchanged", () => {
    const lua = createFengariLua({});
    lua.run(`function describe(...)
      local parts = {}
      for index = 1, select("#", ...) do
        local value = select(index, ...)
        parts[index] = type(value) == "number" and math.type(value) or type(value)
      end
      return table.concat(parts, ","), ...
    end`);
    const describeValues = lua.callable("describe");
    expect(describeValues(ALL_BYTES, 7, -2147483648, 2.5, 2147483648, true, undefined, "x")).toEqual([
      "string,integer,integer,float,float,boolean,nil,string",
      ALL_BYTES, 7, -2147483648, 2.5, 2147483648, true, undefined, "x",
    ]);
    lua.run("function fail(message) error(message) end");
    expect(() => lua.callable("fail")("boom")).toThrow(/fail: stdin:1: boom\nstack traceback:/);
    expect(lua.run("return 1").values).toEqual([1]);
    expect(() => lua.callable("nothing")).toThrow(/nothing is not a function/);
  });

  it("lets Lua call a JavaScript function with Lua values and use what it returns", () => {
    const lua = createFengariLua({});
    const seen: unknown[][] = [];
    lua.provide("host", (...args) => {
      seen.push(args);
      return args.length === 0 ? undefined : [args.length, args[0]];
    });
    expect(lua.run(`host() return host("\\0\\255", 3, 0.5, false, nil)`).values).toEqual([5, "\x00\xff"]);
    expect(seen).toEqual([[], ["\x00\xff", 3, 0.5, false, undefined]]);
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
