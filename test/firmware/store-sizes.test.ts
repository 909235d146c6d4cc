/**
 * The discovery store's size the firmware works out (firmware/store-sizes.ts) is always enough for
 * the messages buildDiscoveryMessages writes, whatever the names, prefixes, model and units.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import { buildTelemetryTopics, telemetryTopicsSize } from "../../src/telemetry/topics";
import { buildDiscoveryMessages } from "../../src/telemetry/discovery";
import { TelemetryStatus } from "../../src/telemetry/status";
import type { SensorSpec } from "../../src/telemetry/sensor-spec";
import { discoveryStoreSize } from "../../firmware/store-sizes";

const idPart = fc.stringMatching(/^[a-zA-Z0-9_-]{1,16}$/);
const text = fc.string({ unit: "binary", maxLength: 40 });

describe("the discovery store's size", () => {
  it("always holds every message", () => {
    fc.assert(
      fc.property(
        fc.array(idPart, { minLength: 1, maxLength: 3 }),
        idPart,
        fc.array(idPart, { minLength: 1, maxLength: 3 }),
        text,
        fc.uniqueArray(
          fc.record({
            name: idPart,
            quantities: fc.uniqueArray(fc.record({ name: idPart, unit: fc.option(text, { nil: undefined }) }), { minLength: 1, maxLength: 3, selector: (quantity) => quantity.name }),
          }),
          { minLength: 1, maxLength: 6, selector: (sensor) => sensor.name },
        ),
        (prefixLevels, deviceId, discoveryLevels, model, specs) => {
          const prefix = prefixLevels.join("/");
          const sensors: SensorSpec[] = specs.map((spec) => ({ name: spec.name, intervalSeconds: 60, quantities: spec.quantities.map((quantity) => (quantity.unit === undefined ? { name: quantity.name } : quantity)) }));
          const topics = buildTelemetryTopics(nodePlatform, prefix, deviceId, sensors, telemetryTopicsSize(nodePlatform, prefix, deviceId, sensors));
          const discoveryPrefix = discoveryLevels.join("/");
          const capacity = discoveryStoreSize(nodePlatform, prefix, deviceId, discoveryPrefix, model, sensors);
          const messages = buildDiscoveryMessages(nodePlatform, topics, sensors, { discoveryPrefix, name: deviceId, model, manufacturer: "Espressif" }, capacity);
          expect(messages.status).toBe(TelemetryStatus.Success);
        },
      ),
    );
  });
});
