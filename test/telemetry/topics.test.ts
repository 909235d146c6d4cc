import { describe, expect, it } from "vitest";
import { nodePlatform } from "../../hal/sim/node-platform";
import fc from "fast-check";
import { buildTelemetryTopics, topicText, isTopicLevel, isTopicPrefix, telemetryTopicsSize } from "../../src/telemetry/topics";
import type { TelemetryTopics } from "../../src/telemetry/topics";
import { deviceIdFromChipId } from "../../src/telemetry/device-id";
import { TelemetryStatus, telemetryStatusName } from "../../src/telemetry/status";
import type { SensorSpec } from "../../src/telemetry/sensor-spec";

const SENSORS: SensorSpec[] = [
  { name: "bme280", intervalSeconds: 30, quantities: [{ name: "temperature" }, { name: "humidity" }, { name: "pressure" }] },
  { name: "ds18b20", intervalSeconds: 60, quantities: [{ name: "temperature" }] },
];

function text(topics: TelemetryTopics, offset: number, length: number): string {
  return topicText(nodePlatform, topics, offset, length);
}

function build(prefix: string, deviceId: string, sensors: SensorSpec[], capacity = 512): TelemetryTopics {
  return buildTelemetryTopics(nodePlatform, prefix, deviceId, sensors, capacity);
}

function bytes(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

describe("telemetry topics", () => {
  it("builds a reading topic per quantity, the status topic and the command filter", () => {
    const topics = build("home/ground", "00beef", SENSORS);
    expect(topics.status).toBe(TelemetryStatus.Success);
    const readings = topics.readingOffsets.map((offset, q) => text(topics, offset, topics.readingLengths[q]));
    expect(readings).toEqual([
      "home/ground/00beef/bme280/temperature",
      "home/ground/00beef/bme280/humidity",
      "home/ground/00beef/bme280/pressure",
      "home/ground/00beef/ds18b20/temperature",
    ]);
    expect(text(topics, topics.statusOffset, topics.statusLength)).toBe("home/ground/00beef/status");
    expect(text(topics, topics.commandOffset, topics.commandLength)).toBe("home/ground/00beef/cmd/+");
    expect(text(topics, topics.deviceIdOffset, topics.deviceIdLength)).toBe("00beef");
    expect(topics.sensorFirstQuantity).toEqual([0, 3]);
    expect(topics.sensorQuantityCount).toEqual([3, 1]);
    expect(topics.quantitySensors).toEqual([0, 0, 0, 1]);
    expect(text(topics, topics.sensorNameOffsets[1], topics.sensorNameLengths[1])).toBe("ds18b20");
    expect(text(topics, topics.quantityNameOffsets[2], topics.quantityNameLengths[2])).toBe("pressure");
  });

  it("keeps UTF-8 names as they are", () => {
    const topics = build("maison", "cuisine-é", [{ name: "thermomètre", intervalSeconds: 5, quantities: [{ name: "température" }] }]);
    expect(topics.status).toBe(TelemetryStatus.Success);
    expect(text(topics, topics.readingOffsets[0], topics.readingLengths[0])).toBe("maison/cuisine-é/thermomètre/température");
  });

  it.each([
    ["", TelemetryStatus.BadPrefix],
    ["home/", TelemetryStatus.BadPrefix],
    ["/home", TelemetryStatus.BadPrefix],
    ["home//ground", TelemetryStatus.BadPrefix],
    ["home/+", TelemetryStatus.BadPrefix],
    ["home/#", TelemetryStatus.BadPrefix],
    ["$SYS", TelemetryStatus.BadPrefix],
    ["home\u0000", TelemetryStatus.BadPrefix],
  ])("refuses the prefix %j with %s", (prefix, status) => {
    expect(build(prefix, "dev", SENSORS).status).toBe(status);
  });

  it.each(["", "a/b", "a+", "#", "a\u0000"])("refuses the device id %j", (deviceId) => {
    const topics = build("home", deviceId, SENSORS);
    expect(topics.status).toBe(TelemetryStatus.BadDeviceId);
    expect(telemetryStatusName(topics.status)).toBe("BadDeviceId");
  });

  it("names the sensor whose name or quantity breaks a topic", () => {
    const badSensor = build("home", "dev", [SENSORS[0], { name: "a/b", intervalSeconds: 1, quantities: [{ name: "x" }] }]);
    expect(badSensor.status).toBe(TelemetryStatus.BadSensorName);
    expect(badSensor.failedSensor).toBe(1);
    const badQuantity = build("home", "dev", [{ name: "s", intervalSeconds: 1, quantities: [{ name: "t+" }] }]);
    expect(badQuantity.status).toBe(TelemetryStatus.BadQuantityName);
    expect(badQuantity.failedSensor).toBe(0);
    const empty = build("home", "dev", [{ name: "", intervalSeconds: 1, quantities: [{ name: "t" }] }]);
    expect(empty.status).toBe(TelemetryStatus.BadSensorName);
  });

  it("refuses two sensors with one name, and one sensor naming a quantity twice", () => {
    expect(build("home", "dev", [SENSORS[1], SENSORS[1]]).status).toBe(TelemetryStatus.DuplicateName);
    const twice = build("home", "dev", [{ name: "s", intervalSeconds: 1, quantities: [{ name: "t" }, { name: "t" }] }]);
    expect(twice.status).toBe(TelemetryStatus.DuplicateName);
  });

  it("says NoRoom when the store is too small, at every size short of what it needs", () => {
    const needed = build("home/ground", "00beef", SENSORS).used;
    for (let capacity = 0; capacity < needed; capacity++) {
      expect(build("home/ground", "00beef", SENSORS, capacity).status).toBe(TelemetryStatus.NoRoom);
    }
    expect(build("home/ground", "00beef", SENSORS, needed).status).toBe(TelemetryStatus.Success);
  });

  it("checks levels and prefixes on bytes", () => {
    const level = bytes("ab/c");
    expect(isTopicLevel(level, 0, 2)).toBe(true);
    expect(isTopicLevel(level, 0, 4)).toBe(false);
    expect(isTopicLevel(level, 0, 0)).toBe(false);
    expect(isTopicLevel(new Uint8Array([0x61, 0xff]), 0, 2)).toBe(false);
    expect(isTopicPrefix(level, 0, 4)).toBe(true);
    expect(isTopicPrefix(level, 0, 3)).toBe(false);
  });
});

describe("the topics' size", () => {
  const level = fc.stringMatching(/^[a-z0-9°é_-]{1,12}$/);
  const sensors = fc.uniqueArray(
    fc.record({ name: level, quantities: fc.uniqueArray(level.map((name) => ({ name })), { minLength: 1, maxLength: 3, selector: (quantity) => quantity.name }) }),
    { minLength: 1, maxLength: 5, selector: (sensor) => sensor.name },
  );
  it("is exactly what building the topics takes: one byte less is NoRoom", () => {
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 3 }), level, sensors, (prefixLevels, deviceId, specs) => {
        const prefix = prefixLevels.join("/");
        const withIntervals: SensorSpec[] = specs.map((spec) => ({ ...spec, intervalSeconds: 60 }));
        const size = telemetryTopicsSize(nodePlatform, prefix, deviceId, withIntervals);
        const built = buildTelemetryTopics(nodePlatform, prefix, deviceId, withIntervals, size);
        expect(built.status).toBe(TelemetryStatus.Success);
        expect(built.used).toBe(size);
        expect(buildTelemetryTopics(nodePlatform, prefix, deviceId, withIntervals, size - 1).status).toBe(TelemetryStatus.NoRoom);
      }),
    );
  });
});

describe("default device id", () => {
  it.each([
    [0, "000000"],
    [0xbeef, "00beef"],
    [0xabcdef, "abcdef"],
    [0x1a2b3c4d, "1a2b3c4d"],
    [0x7fffffff, "7fffffff"],
    [0x01000000, "01000000"],
  ])("is the chip id %d in lowercase hexadecimal: %s", (chipId, expected) => {
    expect(deviceIdFromChipId(nodePlatform, chipId)).toBe(expected);
  });

  it.each([-1, 1.5, 0x80000000, Number.NaN])("is empty for a chip id out of range: %d", (chipId) => {
    expect(deviceIdFromChipId(nodePlatform, chipId)).toBe("");
  });
});
