/**
 * The vector table against the Lua bundle (dist/nodemcu/mote.lua): on fengari (Lua 5.3 with
 * 32-bit integers, as NodeMCU builds it) and on the native lua5.1 and lua5.3 where installed.
 * Fields reach Lua as table literals; results come back as byte strings of JSON.
 */
import { createFengariLua, nativeLuaAvailable, runNativeLua } from "../../hal/sim/lua";
import type { FengariLua, NativeLua } from "../../hal/sim/lua";
import { luaLiteral } from "../../hal/sim/lua-literal";
import { textFromByteString } from "../../hal/sim/byte-strings";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import { describeVectors, VectorEngine } from "./suite";

const MODULES = { mote: ARTEFACTS.nodemcu, adapter: TEST_BUNDLES.adapter.lua };
const PRELUDE = `local mote = require("mote") local adapter = require("adapter")`;

/** The engine over a function that evaluates a Lua expression (after the prelude) to a byte string. */
function luaEngine(evaluate: (expression: string) => string): VectorEngine {
  const call = (expression: string): string => textFromByteString(evaluate(expression));
  return {
    encode: (version, fields, capacity) =>
      call(`adapter.encodeVector(mote.platform, ${version}, ${luaLiteral(fields)}, ${capacity})`),
    decode: (version, hex, chunkSize, maximumPacketSize) =>
      call(`adapter.decodeVector(mote.platform, ${version}, ${luaLiteral(hex)}, ${chunkSize}, ${maximumPacketSize})`),
  };
}

let fengari: FengariLua | undefined;
describeVectors("the Lua bundle on fengari", () => {
  fengari = fengari ?? createFengariLua(MODULES);
  const state = fengari;
  return luaEngine((expression) => state.run(`${PRELUDE} return ${expression}`).values[0] as string);
});

for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
  if (nativeLuaAvailable(interpreter)) {
    describeVectors(`the Lua bundle on ${interpreter}`, () => luaEngine((expression) => runNativeLua(interpreter, MODULES, `${PRELUDE} io.write(${expression})`)));
  }
}
