/**
 * The built Lua bundle (dist/nodemcu/mote.lua, made by `npm run build` or by the global setup),
 * loaded with `require("mote")` on fengari and on the native interpreters, running one chunk
 * that must print the same lines everywhere.
 */
import { describe, expect, it } from "vitest";
import { nativeLuaAvailable, runFengariLua, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { utf8ByteString } from "../../hal/sim/byte-strings";
import { luaStringLiteral } from "../../hal/sim/lua-literal";
import { ARTEFACTS } from "../../tools/build/artefacts";

const MODULES = { mote: ARTEFACTS.nodemcu };
const TEXT = utf8ByteString("héllo wörld 😀");


const CHUNK = `
  local mote = require("mote")
  local platform = mote.platform
  print(mote.statusName(0), mote.statusName(9))

  local text = ${luaStringLiteral(TEXT)}
  local store = platform.newBytes(300)
  print(platform.textByteLength(text), platform.writeText(text, store, 5), store[4], store[5], store[6], store[7])
  print(platform.readText(store, 5, #text) == text, store[0], store[299], store[300])

  for index = 0, 299 do store[index] = (index * 7) % 256 end
  local long = platform.readText(store, 1, 299)
  print(#long, long:byte(1), long:byte(128), long:byte(129), long:byte(299), platform.readText(store, 0, 0) == "")

  -- NodeMCU's clocks: node.uptime() on ESP32 (low 31 bits, wraps), tmr.now() on ESP8266;
  -- near 2^31 microseconds, 32-bit integer arithmetic wraps around
  node = { uptime = function() return 2147483647, 3 end }
  print(platform.nowMs())
  node = {}
  tmr = { now = function() return 1999999 end }
  print(platform.nowMs())
  tmr.now = function() return 2147483647 end
  print(platform.nowMs())
`;

const EXPECTED = [
  "Success\tBadUtf8",
  "18\t18\t0\t104\t195\t169",
  "true\t0\t0\tnil",
  "299\t7\t128\t135\t45\ttrue",
  "8589934",
  "1999",
  "2147483",
  "",
].join("\n");

describe("the Lua bundle", () => {
  it("runs on fengari (Lua 5.3, 32-bit integers)", () => {
    expect(runFengariLua(MODULES, CHUNK).printed).toBe(EXPECTED);
  });

  it("returns its exports table when required", () => {
    const run = runFengariLua(MODULES, `local mote = require("mote") return type(mote), type(mote.platform), mote == require("mote")`);
    expect(run.values).toEqual(["table", "table", true]);
  });

  describe.each<NativeLua>(["lua5.1", "lua5.3"])("on %s", (interpreter) => {
    const available = nativeLuaAvailable(interpreter);
    if (!available) console.log(`${interpreter} is not installed: skipping the bundle on it (CI installs it with apt)`);

    it.skipIf(!available)("prints what it prints on fengari", () => {
      expect(runNativeLua(interpreter, MODULES, CHUNK)).toBe(EXPECTED);
    });
  });
});
