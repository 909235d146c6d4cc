/**
 * What a firmware build embeds of its board (tools/build/firmware.ts): the sensors with their
 * wiring, calibrations turned into ADC counts and fixed point, the settings the board presets
 * (every one of them accepted by the firmware's own settings), and the boards the firmware
 * refuses to build for, with a message naming the field.
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { BOARDS_FOLDER, listBoards, loadBoard, parseBoard } from "../../tools/build/board";
import { deviceBoardOf, firmwareProblems, buildFirmware } from "../../tools/build/firmware";
import { adcCountOf } from "../../tools/build/adc-scale";
import { BuildError } from "../../tools/build/project";
import { nodePlatform } from "../../hal/sim/node-platform";
import { moteSettings, sensorIntervalSetting } from "../../src/config/settings";
import { newConfigStore, configSet, ConfigLayer } from "../../src/config/store";
import { ConfigStatus } from "../../src/config/config-status";

/** A shipped board's raw JSON, changed by `edit`, checked as a board file. */
function editedBoard(id: string, edit: (board: Record<string, any>) => void): ReturnType<typeof parseBoard> {
  const raw = JSON.parse(readFileSync(path.join(BOARDS_FOLDER, `${id}.json`), "utf8")) as Record<string, any>;
  edit(raw);
  return parseBoard(JSON.stringify(raw), `${id}.json`);
}

describe("the board record a firmware embeds", () => {
  it("carries the default simulator board's wiring, calibration in counts and presets as console text", () => {
    const record = deviceBoardOf(loadBoard("sim-espruino"));
    expect(record.i2c).toEqual([21, 22, 400000]);
    expect(record.oneWirePin).toBe(4);
    expect(record.link).toBe("wifi");
    expect(record.hostname).toBe("mote-sim");
    expect(record.sensors.map((sensor) => [sensor.name, sensor.driver, sensor.address, sensor.pin])).toEqual([
      ["climate", "bme280", 0x76, -1],
      ["air", "sht3x", 0x44, -1],
      ["probe", "ds18b20", 0, -1],
      ["soil", "analog", 0, 34],
    ]);
    const soil = record.sensors[3];
    expect([soil.quantity, soil.unit]).toEqual(["moisture", "%"]);
    expect(soil.calibration).toEqual([adcCountOf(2800), 0, adcCountOf(1200), 100, 0, 0, 100]);
    expect(adcCountOf(2800)).toBe(3699);
    expect(record.settings).toEqual(
      expect.arrayContaining([
        { name: "mqtt.host", value: "127.0.0.1" },
        { name: "mqtt.port", value: "1883" },
        { name: "mqtt.version", value: "3.1.1" },
        { name: "topic.prefix", value: "mote" },
        { name: "wifi.ssid", value: "mote-sim" },
        { name: "wifi.password", value: "mote-sim-password" },
        { name: "sensor.climate.interval", value: "5" },
        { name: "sensor.soil.interval", value: "10" },
      ]),
    );
  });

  it("turns decimal calibration values into fixed point, and gives an uncalibrated input volts", () => {
    const battery = deviceBoardOf(loadBoard("esp32-devkitc-nodemcu")).sensors.find((sensor) => sensor.name === "battery");
    expect(battery?.calibration).toEqual([0, 0, adcCountOf(2100), 420, 2, 0, 420]);
    const raw = deviceBoardOf(editedBoard("sim-espruino", (board) => delete board.sensors[3].calibration)).sensors[3];
    expect([raw.quantity, raw.unit, raw.calibration]).toEqual(["voltage", "V", [0, 0, 4095, 3100, 3, 0, 3100]]);
  });

  it("leaves Wi-Fi credentials out of real boards: they are set on the console", () => {
    const names = deviceBoardOf(loadBoard("esp32-devkitc-espruino")).settings.map((setting) => setting.name);
    expect(names).not.toContain("wifi.ssid");
    expect(names).not.toContain("wifi.password");
  });

  it.each(listBoards())("presets only settings the firmware accepts, with values it accepts (%s)", (id) => {
    const record = deviceBoardOf(loadBoard(id));
    const settings = moteSettings().concat(record.sensors.map((sensor) => sensorIntervalSetting(sensor.name, 60)));
    const config = newConfigStore(nodePlatform, settings);
    for (const setting of record.settings) {
      expect([setting.name, configSet(config, ConfigLayer.Board, setting.name, setting.value)]).toEqual([setting.name, ConfigStatus.Ok]);
    }
  });
});

describe("boards the firmware cannot run", () => {
  it("names a cellular link, an ADC attenuation other than 11 dB, and the chip temperature on NodeMCU", () => {
    const cellular = editedBoard("esp32-devkitc-espruino", (board) => {
      board.link = { type: "cellular", modem: "sim7000", apn: "internet", pins: { tx: 17, rx: 16 } };
    });
    expect(firmwareProblems(cellular).map((problem) => problem.field)).toEqual(["link.type"]);
    const attenuated = editedBoard("sim-espruino", (board) => (board.buses.adc.attenuation = "6db"));
    expect(firmwareProblems(attenuated)).toEqual([{ field: "buses.adc.attenuation", text: "6db: both HALs read ADC1 at 11db" }]);
    const chip = editedBoard("sim-nodemcu", (board) => board.sensors.push({ name: "chip", driver: "internal-temperature", interval: 5 }));
    expect(firmwareProblems(chip).map((problem) => problem.field)).toEqual(["sensors[4].driver"]);
    expect(firmwareProblems(loadBoard("sim-espruino"))).toEqual([]);
  });

  it("refuses to build such a board, writing nothing, with the problem in the message", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "mote-board-"));
    const raw = JSON.parse(readFileSync(path.join(BOARDS_FOLDER, "sim-nodemcu.json"), "utf8")) as Record<string, any>;
    raw.id = "chip-on-nodemcu";
    raw.sensors.push({ name: "chip", driver: "internal-temperature", interval: 5 });
    const file = path.join(folder, "chip-on-nodemcu.json");
    writeFileSync(file, JSON.stringify(raw));
    await expect(buildFirmware(file, folder)).rejects.toThrow(BuildError);
    await expect(buildFirmware(file, folder)).rejects.toThrow("sensors[4].driver: internal-temperature: NodeMCU has no call that reads the chip's temperature sensor");
  });

  it("embeds text outside ASCII as UTF-8 bytes, as Espruino holds strings", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "mote-board-"));
    const raw = JSON.parse(readFileSync(path.join(BOARDS_FOLDER, "sim-analog.json"), "utf8")) as Record<string, any>;
    raw.id = "degrees";
    raw.sensors[0].calibration = { quantity: "temperature", unit: "°C", decimals: 1, millivolts: [500, 1500], values: [0, 100] };
    const file = path.join(folder, "degrees.json");
    writeFileSync(file, JSON.stringify(raw));
    const firmware = await buildFirmware(file, folder);
    const prelude = readFileSync(firmware.outFile, "latin1").split("\n")[0];
    expect(prelude).toContain('"unit":"\\u00c2\\u00b0C"');
  });
});
