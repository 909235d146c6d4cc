import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import { buildTelemetryTopics } from "../../src/telemetry/topics";
import { buildDiscoveryMessages } from "../../src/telemetry/discovery";
import type { DiscoveryDevice, DiscoveryMessages } from "../../src/telemetry/discovery";
import { newTextWriter, jsonTextMember } from "../../src/telemetry/text-writer";
import { TelemetryStatus } from "../../src/telemetry/status";
import type { SensorSpec } from "../../src/telemetry/sensor-spec";

const SENSORS: SensorSpec[] = [
  { name: "bme280", intervalSeconds: 30, quantities: [{ name: "temperature" }, { name: "humidity" }, { name: "pressure" }] },
  { name: "probe", intervalSeconds: 60, quantities: [{ name: "level", unit: "mm" }, { name: "flow", unit: "L/min", deviceClass: "volume_flow_rate" }] },
];

const DEVICE: DiscoveryDevice = { discoveryPrefix: "homeassistant", name: "Kitchen \"mote\" \\ 1", model: "ESP32 DevKitC", manufacturer: "Espressif" };

function decode(store: Uint8Array, offset: number, length: number): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(store.subarray(offset, offset + length));
}

function build(sensors: SensorSpec[], device: DiscoveryDevice, deviceId = "00beef", capacity = 8192): DiscoveryMessages {
  const topics = buildTelemetryTopics(nodePlatform, "home", deviceId, sensors, 512);
  expect(topics.status).toBe(TelemetryStatus.Success);
  return buildDiscoveryMessages(nodePlatform, topics, sensors, device, capacity);
}

function message(messages: DiscoveryMessages, q: number): { topic: string; payload: Record<string, unknown> } {
  const store = messages.store as Uint8Array;
  return {
    topic: decode(store, messages.topicOffsets[q], messages.topicLengths[q]),
    payload: JSON.parse(decode(store, messages.payloadOffsets[q], messages.payloadLengths[q])) as Record<string, unknown>,
  };
}

describe("Home Assistant discovery", () => {
  it("writes one config topic and JSON payload per quantity, with the known units and device classes", () => {
    const messages = build(SENSORS, DEVICE);
    expect(messages.status).toBe(TelemetryStatus.Success);
    expect(messages.topicOffsets.length).toBe(5);
    const temperature = message(messages, 0);
    expect(temperature.topic).toBe("homeassistant/sensor/00beef_bme280_temperature/config");
    expect(temperature.payload).toEqual({
      name: "bme280 temperature",
      unique_id: "00beef_bme280_temperature",
      state_topic: "home/00beef/bme280/temperature",
      unit_of_measurement: "°C",
      device_class: "temperature",
      state_class: "measurement",
      availability_topic: "home/00beef/status",
      payload_available: "online",
      payload_not_available: "offline",
      device: { identifiers: ["00beef"], name: "Kitchen \"mote\" \\ 1", model: "ESP32 DevKitC", manufacturer: "Espressif" },
    });
    expect(message(messages, 1).payload).toMatchObject({ unit_of_measurement: "%", device_class: "humidity" });
    expect(message(messages, 2).payload).toMatchObject({ unit_of_measurement: "hPa", device_class: "pressure" });
  });

  it("uses a quantity's own unit and class, and leaves the class out when none is known", () => {
    const messages = build(SENSORS, DEVICE);
    const level = message(messages, 3);
    expect(level.topic).toBe("homeassistant/sensor/00beef_probe_level/config");
    expect(level.payload.unit_of_measurement).toBe("mm");
    expect("device_class" in level.payload).toBe(false);
    expect(message(messages, 4).payload).toMatchObject({ unit_of_measurement: "L/min", device_class: "volume_flow_rate" });
  });

  it("escapes any device text so the payload parses back to it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), fc.string(), (name, model) => {
        const device = { discoveryPrefix: "ha", name: name, model: model, manufacturer: "\u0001\b\t\n\f\r\u001f\u007f" };
        const messages = build([SENSORS[1]], device);
        expect(messages.status).toBe(TelemetryStatus.Success);
        const payload = message(messages, 0).payload;
        expect(payload.device).toEqual({ identifiers: ["00beef"], name: Buffer.from(name).toString(), model: Buffer.from(model).toString(), manufacturer: device.manufacturer });
      }),
    );
  });

  it("refuses names an object id may not hold, and a bad discovery prefix", () => {
    const messages = build([{ name: "thermomètre", intervalSeconds: 5, quantities: [{ name: "temperature" }] }], DEVICE);
    expect(messages.status).toBe(TelemetryStatus.BadDiscoveryId);
    expect(messages.failedQuantity).toBe(0);
    expect(build(SENSORS, DEVICE, "dev.1").status).toBe(TelemetryStatus.BadDiscoveryId);
    expect(build(SENSORS, { ...DEVICE, discoveryPrefix: "ha/#" }).status).toBe(TelemetryStatus.BadPrefix);
  });

  it("says NoRoom (and which quantity) when the store is too small", () => {
    const needed = build(SENSORS, DEVICE).used;
    const short = build(SENSORS, DEVICE, "00beef", needed - 1);
    expect(short.status).toBe(TelemetryStatus.NoRoom);
    expect(short.failedQuantity).toBe(4);
    expect(build(SENSORS, DEVICE, "00beef", needed).status).toBe(TelemetryStatus.Success);
    expect(build(SENSORS, DEVICE, "00beef", 5).status).toBe(TelemetryStatus.NoRoom);
  });

  it("a member that does not fit writes nothing past the end", () => {
    const store = new Uint8Array(24).fill(0x7e);
    const writer = newTextWriter(nodePlatform, store, 0, 20);
    jsonTextMember(writer, "k", "\"\"\"\"\"\"\"\"\"", true);
    expect(writer.fits).toBe(false);
    expect(Array.from(store.subarray(20))).toEqual([0x7e, 0x7e, 0x7e, 0x7e]);
  });
});
