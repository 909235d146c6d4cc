/**
 * The board files shipped in boards/: each passes the schema and the cross-field checks, comes back
 * with the schema's defaults filled in, and those defaults are the client's own (src/mqtt/defaults.ts).
 */
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { BOARDS_FOLDER, boardSchema, listBoards, loadBoard } from "../../tools/build/board";
import { PROJECT_ROOT } from "../../tools/build/project";
import {
  DEFAULT_KEEP_ALIVE_SECONDS,
  DEFAULT_MAXIMUM_INFLIGHT,
  DEFAULT_MAXIMUM_PACKET_SIZE,
  DEFAULT_QUEUE_CAPACITY,
  DEFAULT_QUEUED_MESSAGES,
} from "../../src/mqtt/defaults";
import * as path from "node:path";

describe("shipped boards", () => {
  it("lists the DevKitC on both runtimes, the two simulator boards and one simulator board per driver", () => {
    expect(listBoards()).toEqual([
      "esp32-devkitc-espruino",
      "esp32-devkitc-nodemcu",
      "sim-analog",
      "sim-bme280",
      "sim-dht22",
      "sim-ds18b20",
      "sim-espruino",
      "sim-internal-temperature",
      "sim-nodemcu",
      "sim-sht3x",
    ]);
  });

  it.each(listBoards())("%s validates", (id) => {
    const board = loadBoard(id);
    expect(board.id).toBe(id);
    expect(board.sensors.length).toBeGreaterThan(0);
  });

  it("loads a board by its path as by its id", () => {
    expect(loadBoard(path.join(BOARDS_FOLDER, "sim-espruino.json"))).toEqual(loadBoard("sim-espruino"));
  });

  it("has simulator boards with a virtual chip behind every sensor, and real boards without a sim section", () => {
    for (const id of listBoards()) {
      const board = loadBoard(id);
      if (id.startsWith("sim-")) {
        expect(Object.keys(board.sim?.sensors ?? {}).sort()).toEqual(board.sensors.map((sensor) => sensor.name).sort());
      } else {
        expect(board.sim).toBeUndefined();
      }
    }
  });

  it("puts the default npm start board's BME280, SHT3x, DS18B20 and analog input on the DevKitC's pins", () => {
    const board = loadBoard("sim-espruino");
    expect(board.runtime).toBe("espruino");
    expect(board.sensors.map((sensor) => sensor.driver)).toEqual(["bme280", "sht3x", "ds18b20", "analog"]);
    expect(board.buses).toEqual({
      i2c: { sda: 21, scl: 22, frequency: 400000 },
      onewire: { pin: 4 },
      adc: { pins: [34], attenuation: "11db" },
    });
    expect(board.sim?.wifi).toEqual({ ssid: "mote-sim", password: "mote-sim-password", drops: [] });
  });

  it("fills in every default: buffers, MQTT settings, discovery, sensor intervals, the simulator's network", () => {
    const board = loadBoard("sim-bme280");
    expect(board.pins).toEqual({});
    expect(board.buffers).toEqual({
      maximumPacketSize: DEFAULT_MAXIMUM_PACKET_SIZE,
      queueCapacity: DEFAULT_QUEUE_CAPACITY,
      maximumQueuedMessages: DEFAULT_QUEUED_MESSAGES,
      maximumInflight: DEFAULT_MAXIMUM_INFLIGHT,
    });
    expect(board.mqtt).toEqual({
      version: 4,
      host: "127.0.0.1",
      port: 1883,
      tls: false,
      keepAliveSeconds: DEFAULT_KEEP_ALIVE_SECONDS,
      topicPrefix: "mote",
      discovery: { enabled: true, prefix: "homeassistant" },
    });
    expect(board.sim?.network).toEqual({ latencyMs: 0, jitterMs: 0, lossPercent: 0, cuts: [] });
    expect(board.sim?.sensors.climate.pressure).toEqual({ shape: "constant", mean: 1013.25, amplitude: 0, periodSeconds: 600, noise: 0 });
    expect(loadBoard("sim-dht22").sensors[0].interval).toBe(5);
  });

  it("keeps the schema's buffer and keep-alive defaults equal to the client's", () => {
    const properties = (boardSchema().properties ?? {}) as Record<string, { properties: Record<string, { default: unknown }> }>;
    const buffers = properties.buffers.properties;
    expect(buffers.maximumPacketSize.default).toBe(DEFAULT_MAXIMUM_PACKET_SIZE);
    expect(buffers.queueCapacity.default).toBe(DEFAULT_QUEUE_CAPACITY);
    expect(buffers.maximumQueuedMessages.default).toBe(DEFAULT_QUEUED_MESSAGES);
    expect(buffers.maximumInflight.default).toBe(DEFAULT_MAXIMUM_INFLIGHT);
    expect(properties.mqtt.properties.keepAliveSeconds.default).toBe(DEFAULT_KEEP_ALIVE_SECONDS);
  });

  it("npm run check:boards prints one line per board and exits 0", () => {
    const result = spawnSync("npx", ["tsx", "tools/check-boards.ts"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(listBoards().length);
    expect(lines[0]).toBe(
      "ok      esp32-devkitc-espruino: espruino on esp32, wifi link, sensors: climate (bme280), air (sht3x), probe (ds18b20), outdoor (dht22), soil (analog), battery (analog)",
    );
  });
});
