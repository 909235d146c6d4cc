/**
 * The drivers built for the devices give the very readings they give on Node — in the Espruino
 * bundle (in a context with only Espruino's globals), and compiled to Lua on fengari's 32-bit
 * integers (NodeMCU's Lua 5.3) and native Lua 5.1 (doubles) and 5.3 — and allocate nothing per
 * reading cycle on the native Lua interpreters. The buses replay recorded device answers
 * (test/alloc/driver-replay-workload.ts).
 */
import { describe, it, expect } from "vitest";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newWorkload, readingValue, runWorkload } from "../alloc/driver-replay-workload";
import { readFileSync } from "node:fs";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { nativeLuaAvailable, runFengariLua, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import { measureLuaAllocation } from "../alloc/measure-lua";
import { BOSCH_VECTORS } from "./bosch-vectors";

const CYCLES = 3;
const MODULES = { mote: ARTEFACTS.nodemcu, workload: TEST_BUNDLES.driverWorkload.lua };
const CHUNK = `
  local mote = require("mote") local workload = require("workload")
  local state = workload.newWorkload(mote.platform, 4)
  local line = tostring(workload.runWorkload(state, ${CYCLES}))
  for index = 0, 8 do line = line .. " " .. tostring(workload.readingValue(state, index)) end
  print(line)`;

/** What the same cycles print on Node: good readings, then the nine values. */
function nodeLine(): string {
  const workload = newWorkload(nodePlatform, 4);
  const good = runWorkload(workload, CYCLES);
  return [good, ...Array.from({ length: 9 }, (_, index) => readingValue(workload, index))].join(" ");
}

describe("the drivers on the device runtimes", () => {
  const expected = nodeLine();

  it("Node reads the replayed devices as Bosch, Sensirion, Maxim and Aosong say", () => {
    expect(expected).toBe("27 2508 5500 100656 2500 5000 2506 -35 652 2");
  });

  it("the Espruino bundle gives the same integers", () => {
    const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
    espruino.addCached("workload", readFileSync(TEST_BUNDLES.driverWorkload.espruino, "utf8"));
    const workload = espruino.require("workload");
    const state = workload.newWorkload(espruino.require("mote").platform, 4);
    const good = workload.runWorkload(state, CYCLES);
    const values = Array.from({ length: 9 }, (_, index) => workload.readingValue(state, index));
    expect([good, ...values].join(" ")).toBe(expected);
  });

  it("fengari (32-bit integers) prints the same integers", () => {
    expect(runFengariLua(MODULES, CHUNK).printed.trim()).toBe(expected);
  });

  it("fengari (32-bit integers) compensates every raw vector as Bosch's 32-bit C does", () => {
    const calls = BOSCH_VECTORS.map(([adcT, adcP, adcH]) =>
      [0, 1, 2].map((quantity) => `tostring(workload.compensateRaw(state, ${adcT}, ${adcP}, ${adcH}, ${quantity}))`).join(' .. " " .. '),
    );
    const chunk = `
      local mote = require("mote") local workload = require("workload")
      local state = workload.newWorkload(mote.platform, 4)
      workload.runWorkload(state, 1)
      ${calls.map((call) => `print(${call})`).join("\n")}`;
    const printed = runFengariLua(MODULES, chunk).printed.trim().split("\n");
    expect(printed).toEqual(BOSCH_VECTORS.map((vector) => vector.slice(3).join(" ")));
  });

  for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
    describe.skipIf(!nativeLuaAvailable(interpreter))(interpreter, () => {
      it("prints the same integers", () => {
        expect(runNativeLua(interpreter, MODULES, CHUNK).trim()).toBe(expected);
      });
      it("a reading cycle allocates 0 bytes", () => {
        const result = measureLuaAllocation(interpreter, 4, 5000, false, "drivers");
        expect(result.decoded).toBe(result.expected);
        expect(result.bytesPerIteration).toBe(0);
      });
    });
  }
});
