import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nativeLuaAvailable, runFengariLua, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import { nodePlatform } from "../../hal/sim/node-platform";
import { formatReading } from "../alloc/telemetry-workload";
import { measureLuaAllocation } from "../alloc/measure-lua";
import { MAX_READING } from "../../src/telemetry/fixed-point";
import { textFromByteString } from "../../hal/sim/byte-strings";

const MODULES = { mote: ARTEFACTS.nodemcu, telemetry: TEST_BUNDLES.telemetryWorkload.lua };

/** Readings at the edges of the range, then random ones over the whole range with 0..6 decimals. */
const READINGS: [number, number][] = [
  [2153, 2],
  [-5, 1],
  [0, 0],
  [0, 6],
  [MAX_READING, 0],
  [-MAX_READING, 0],
  [MAX_READING, 9],
  [-MAX_READING, 6],
  [16777217, 0],
  [-16777217, 3],
  [MAX_READING + 1, 0],
  [7, 10],
  ...fc.sample(fc.tuple(fc.integer({ min: -MAX_READING, max: MAX_READING }), fc.integer({ min: 0, max: 6 })), { numRuns: 300, seed: 4 }),
];

/** A chunk that prints each reading's text on a line, as the Lua bundle formats it. */
const CHUNK = `
  node = node or { uptime = function() return 0, 0 end }
  local mote = require("mote") local telemetry = require("telemetry")
  ${READINGS.map(([value, decimals]) => `print(telemetry.formatReading(mote.platform, ${value}, ${decimals}))`).join("\n")}
`;

const EXPECTED = READINGS.map(([value, decimals]) => formatReading(nodePlatform, value, decimals)).join("\n") + "\n";

describe("telemetry formatting on the Lua bundle", () => {
  it("gives the same text on fengari (32-bit integers) as on Node", () => {
    expect(runFengariLua(MODULES, CHUNK).printed).toBe(EXPECTED);
  });
  for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
    it.skipIf(!nativeLuaAvailable(interpreter))(`gives the same text on ${interpreter} as on Node`, () => {
      expect(runNativeLua(interpreter, MODULES, CHUNK)).toBe(EXPECTED);
    });
  }
  it("formats the edges as expected on Node", () => {
    expect(EXPECTED.split("\n").slice(0, 12)).toEqual(["21.53", "-0.5", "0", "0.000000", "2147483647", "-2147483647", "2.147483647", "-2147.483647", "16777217", "-16777.217", "", ""]);
  });
});

describe("telemetry topics on the Lua bundle", () => {
  it("builds the same reading, status and command topics, and discovery payloads in UTF-8, on fengari as on Node", () => {
    const chunk = `
      node = node or { uptime = function() return 0, 0 end }
      local mote = require("mote") local telemetry = require("telemetry")
      local state = telemetry.newWorkload(mote.platform, 4).telemetry
      for _, topic in ipairs(state.readingTopics) do print(topic) end
      print(state.statusTopic) print(state.commandFilter) print(state.status)
      local discovery = state.discovery
      print(mote.platform.readText(discovery.store, discovery.payloadOffsets[1], discovery.payloadLengths[1]))`;
    const lines = textFromByteString(runFengariLua(MODULES, chunk).printed).split("\n");
    expect(JSON.parse(lines.splice(7, 1)[0])).toMatchObject({ unique_id: "00beef_bme280_temperature", unit_of_measurement: "°C", device: { name: "Kitchen" } });
    expect(lines).toEqual([
      "home/ground/00beef/bme280/temperature",
      "home/ground/00beef/bme280/humidity",
      "home/ground/00beef/bme280/pressure",
      "home/ground/00beef/ds18b20/temperature",
      "home/ground/00beef/status",
      "home/ground/00beef/cmd/+",
      "0",
      "",
    ]);
  });
});

for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
  describe.skipIf(!nativeLuaAvailable(interpreter))(`zero allocation of the telemetry loop on Lua (${interpreter})`, () => {
    it("reading two sensors, formatting and publishing four readings a second allocates 0 bytes", () => {
      const result = measureLuaAllocation(interpreter, 4, 2000, false, "telemetry");
      expect(result.decoded).toBe(result.expected);
      expect(result.bytesPerIteration).toBe(0);
    });
  });
}
