/**
 * Hostile input on every runtime: random byte soup and mutated valid packets, fed in random
 * chunkings, must never make the decoder throw or hang on the Espruino bundle or the Lua bundle
 * (fengari, lua5.1, lua5.3), and every runtime must report exactly what Node reports for each
 * input (the same packets, the same error). Node's own properties (no out-of-bounds reads, no
 * growth) are in test/codec.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import { nodePlatform } from "../../hal/sim/node-platform";
import { decodeVector } from "../vectors/adapter";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { textFromByteString } from "../../hal/sim/byte-strings";
import { createFengariLua, nativeLuaAvailable, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { luaLiteral } from "../../hal/sim/lua-literal";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import { fuzzInputs } from "./inputs";

/** Cases of each kind (byte soup, mutated packets). */
const RUNS = Number(process.env.MOTE_FUZZ_RUNS ?? 10000);
const SEED = Number(process.env.MOTE_FUZZ_SEED ?? 20261126);
const MAXIMUM_PACKET_SIZE = 512;
const LUA_MODULES = { mote: ARTEFACTS.nodemcu, adapter: TEST_BUNDLES.adapter.lua };

const inputs = fuzzInputs(RUNS, SEED);
let expected: string[] = [];

beforeAll(() => {
  expected = inputs.map((input) => decodeVector(nodePlatform, input.version, input.hex, input.chunkSize, MAXIMUM_PACKET_SIZE));
});

/** The first input whose output differs from Node's, for a readable failure. */
function firstDifference(actual: string[]): string | undefined {
  if (actual.length !== inputs.length) return `${actual.length} outputs for ${inputs.length} inputs`;
  const at = actual.findIndex((output, index) => output !== expected[index]);
  if (at < 0) return undefined;
  return `input ${JSON.stringify(inputs[at])}: got ${actual[at]}, Node said ${expected[at]}`;
}

/** The Lua chunk that decodes every input and prints one result line each (JSON has no raw newline). */
const LUA_BATCH = `
  local mote = require("mote") local adapter = require("adapter")
  local inputs = ${luaLiteral(inputs.map((input) => [input.version, input.hex, input.chunkSize]))}
  for index = 1, #inputs do
    local input = inputs[index]
    local ok, result = pcall(adapter.decodeVector, mote.platform, input[1], input[2], input[3], ${MAXIMUM_PACKET_SIZE})
    print(ok and result or ("threw: " .. tostring(result)))
  end`;

/** The lines a Lua run printed. */
function linesOf(printed: string): string[] {
  return textFromByteString(printed).split("\n").slice(0, -1);
}

describe(`hostile input on every runtime (${RUNS} byte soups and ${RUNS} mutated packets, seed ${SEED})`, () => {
  it("the inputs reach decoded packets and many kinds of refusal", () => {
    expect(expected.filter((output) => output.includes('"type"')).length).toBeGreaterThan(RUNS / 50);
    const refusals = new Set(
      expected.flatMap((output) => (JSON.parse(output) as { error?: string }[]).flatMap((entry) => (entry.error === undefined ? [] : [entry.error]))),
    );
    expect(refusals.size).toBeGreaterThanOrEqual(12);
  });

  it("the Espruino bundle never throws and agrees with Node on every input", () => {
    const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
    espruino.addCached("adapter", readFileSync(TEST_BUNDLES.adapter.espruino, "utf8"));
    const platform = espruino.require("mote").platform;
    const adapter = espruino.require("adapter");
    const actual = inputs.map((input) =>
      textFromByteString(adapter.decodeVector(platform, input.version, input.hex, input.chunkSize, MAXIMUM_PACKET_SIZE)),
    );
    expect(firstDifference(actual)).toBeUndefined();
  });

  it("the Lua bundle on fengari never throws and agrees with Node", () => {
    const lua = createFengariLua(LUA_MODULES);
    expect(firstDifference(linesOf(lua.run(LUA_BATCH).printed))).toBeUndefined();
  }, 180000);

  for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
    it.skipIf(!nativeLuaAvailable(interpreter))(`the Lua bundle on ${interpreter} never throws and agrees with Node`, () => {
      expect(firstDifference(linesOf(runNativeLua(interpreter, LUA_MODULES, LUA_BATCH)))).toBeUndefined();
    }, 120000);
  }
});
