import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import type { EspruinoVm } from "../../hal/sim/espruino-vm";
import { textFromByteString } from "../../hal/sim/byte-strings";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";
import { nodePlatform } from "../../hal/sim/node-platform";
import { formatReading } from "../alloc/telemetry-workload";
import { MAX_READING } from "../../src/telemetry/fixed-point";

/** The Espruino bundle with the telemetry workload module beside it. */
function espruino(): EspruinoVm {
  const vm = loadEspruinoBundle(ARTEFACTS.espruino);
  vm.addCached("telemetry", readFileSync(TEST_BUNDLES.telemetryWorkload.espruino, "utf8"));
  return vm;
}

describe("telemetry on the Espruino bundle", () => {
  it("formats readings as on Node, over the whole range with 0..6 decimals", () => {
    const vm = espruino();
    const platform = vm.require("mote").platform;
    const telemetry = vm.require("telemetry");
    const readings = fc.sample(fc.tuple(fc.integer({ min: -MAX_READING, max: MAX_READING }), fc.integer({ min: 0, max: 6 })), { numRuns: 500, seed: 9 });
    for (const [value, decimals] of [[2153, 2], [-5, 1], [0, 0], [MAX_READING, 9], ...readings]) {
      expect(telemetry.formatReading(platform, value, decimals)).toBe(formatReading(nodePlatform, value, decimals));
    }
  });

  it("builds the topics, and discovery payloads whose unit is UTF-8 (Espruino strings are bytes)", () => {
    const vm = espruino();
    const platform = vm.require("mote").platform;
    const state = vm.require("telemetry").newWorkload(platform, 4).telemetry;
    expect(state.status).toBe(0);
    expect([...state.readingTopics]).toEqual([
      "home/ground/00beef/bme280/temperature",
      "home/ground/00beef/bme280/humidity",
      "home/ground/00beef/bme280/pressure",
      "home/ground/00beef/ds18b20/temperature",
    ]);
    const discovery = state.discovery;
    const payload = textFromByteString(platform.readText(discovery.store, discovery.payloadOffsets[0], discovery.payloadLengths[0]));
    expect(JSON.parse(payload)).toMatchObject({ unique_id: "00beef_bme280_temperature", unit_of_measurement: "°C", state_topic: "home/ground/00beef/bme280/temperature" });
  });
});
