/**
 * The telemetry firmware for one board: `npm run build -- --board <id>` checks the board file
 * (tools/build/board.ts), turns it into the record the device reads (firmware/device-board.ts:
 * integers and text only, calibrations already in counts and fixed point, the board's settings
 * as console text) and builds firmware/<runtime>/main.ts with that record embedded as
 * `MOTE_BOARD`: dist/<board>/firmware.js for Espruino (a script for `.bootcde`), or
 * dist/<board>/firmware.lua for NodeMCU (a chunk init.lua runs).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { AnalogSensor, Board, Problem, Sensor } from "./board-types";
import type { BoardSetting, DeviceBoard, DeviceSensor } from "../../firmware/device-board";
import { BOARDS_FOLDER, listBoards, loadBoard } from "./board";
import { ADC_FULL_SCALE_MILLIVOLTS, ADC_MAXIMUM, adcCountOf } from "./adc-scale";

/** Both HALs read ADC1 at 11 dB. */
const FULL_SCALE = ADC_FULL_SCALE_MILLIVOLTS["11db"];
import { buildEspruinoBundle } from "./espruino";
import { FIRMWARE_MANGLING } from "./mangle";
import { CLIENT_FEATURES } from "./features";
import { buildLuaBundle } from "./nodemcu";
import { Artefact, BuildError, PROJECT_ROOT } from "./project";
import { luaLiteral } from "../../hal/sim/lua-literal";

/** Each runtime's firmware entry. */
const ENTRIES = { espruino: "firmware/espruino/main.ts", nodemcu: "firmware/nodemcu/main.ts" };
/** Each runtime's firmware file name in dist/<board>/. */
const FILE_NAMES = { espruino: "firmware.js", nodemcu: "firmware.lua" };

/**
 * NodeMCU's boot file for a firmware board: runs the firmware, compiled (firmware.lc, from
 * flash.sh --compile) when it is there.
 */
const NODEMCU_INIT = `if file.exists("firmware.lc") then dofile("firmware.lc") else dofile("firmware.lua") end\n`;

/** MQTT protocol levels as the `mqtt.version` setting names them. */
const VERSION_NAMES: Record<number, string> = { 3: "3.1", 4: "3.1.1", 5: "5" };

/** A built firmware: the file, its size, and the board it was built for. */
export interface Firmware extends Artefact {
  board: Board;
}

/** Where the firmware for `board` is written. */
export function firmwareFile(board: Pick<Board, "id" | "runtime">): string {
  return path.join(PROJECT_ROOT, "dist", board.id, FILE_NAMES[board.runtime]);
}

/** What a board asks that this firmware cannot do on its runtime, as problems naming the field. */
export function firmwareProblems(board: Board): Problem[] {
  const problems: Problem[] = [];
  if (board.link.type === "cellular") {
    problems.push({ field: "link.type", text: "cellular: the firmware has no modem driver yet (SIM7000/SIM800); use a Wi-Fi board" });
  }
  if (board.buses.adc !== undefined && board.buses.adc.attenuation !== "11db") {
    problems.push({ field: "buses.adc.attenuation", text: `${board.buses.adc.attenuation}: both HALs read ADC1 at 11db` });
  }
  board.sensors.forEach((sensor, index) => {
    if (sensor.driver === "internal-temperature" && board.runtime === "nodemcu") {
      problems.push({ field: `sensors[${index}].driver`, text: "internal-temperature: NodeMCU has no call that reads the chip's temperature sensor" });
    }
  });
  return problems;
}

/** A decimal number as fixed point with `decimals` digits after the point. */
function fixedPoint(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals);
}

/** The analog input's line in counts and fixed point (see DeviceSensor.calibration). */
function analogLine(sensor: AnalogSensor): { quantity: string; unit: string; calibration: number[] } {
  const calibration = sensor.calibration;
  if (calibration === undefined) {
    return { quantity: "voltage", unit: "V", calibration: [0, 0, ADC_MAXIMUM, FULL_SCALE, 3, 0, FULL_SCALE] };
  }
  const values = calibration.values.map((value) => fixedPoint(value, calibration.decimals));
  const counts = calibration.millivolts.map(adcCountOf);
  return {
    quantity: calibration.quantity,
    unit: calibration.unit,
    calibration: [counts[0], values[0], counts[1], values[1], calibration.decimals, Math.min(...values), Math.max(...values)],
  };
}

/** One sensor as the device reads it. */
function deviceSensor(sensor: Sensor): DeviceSensor {
  const record: DeviceSensor = { name: sensor.name, driver: sensor.driver, address: 0, pin: -1, rom: "", quantity: "", unit: "", calibration: [] };
  if (sensor.driver === "bme280" || sensor.driver === "sht3x") record.address = sensor.address;
  if (sensor.driver === "ds18b20") record.rom = sensor.rom ?? "";
  if (sensor.driver === "dht22") record.pin = sensor.pin;
  if (sensor.driver === "analog") Object.assign(record, { pin: sensor.pin }, analogLine(sensor));
  return record;
}

/** The settings the board presets, as console text (the config's board layer). */
function boardSettings(board: Board): BoardSetting[] {
  const mqtt = board.mqtt;
  const settings: [string, string][] = [
    ["mqtt.host", mqtt.host],
    ["mqtt.port", String(mqtt.port)],
    ["mqtt.version", VERSION_NAMES[mqtt.version]],
    ["mqtt.tls", mqtt.tls ? "on" : "off"],
    ["mqtt.keepalive", String(mqtt.keepAliveSeconds)],
    ["topic.prefix", mqtt.topicPrefix],
    ["discovery.enabled", mqtt.discovery.enabled ? "on" : "off"],
    ["discovery.prefix", mqtt.discovery.prefix],
  ];
  if (mqtt.deviceId !== undefined) settings.push(["device.id", mqtt.deviceId]);
  if (board.sim !== undefined) settings.push(["wifi.ssid", board.sim.wifi.ssid], ["wifi.password", board.sim.wifi.password]);
  for (const sensor of board.sensors) settings.push([`sensor.${sensor.name}.interval`, String(sensor.interval)]);
  return settings.map(([name, value]) => ({ name, value }));
}

/**
 * `value` as JSON whose strings are byte strings: each non-ASCII character written as its UTF-8
 * bytes, one `\u00XX` escape each, as Espruino (no Unicode on ESP32) holds text.
 */
function byteStringJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x00-\x7f]/gu, (char) =>
    [...Buffer.from(char, "utf8")].map((byte) => `\\u00${byte.toString(16).padStart(2, "0")}`).join(""),
  );
}

/** The record the firmware embeds for `board` (see firmware/device-board.ts). */
export function deviceBoardOf(board: Board): DeviceBoard {
  const i2c = board.buses.i2c;
  return {
    id: board.id,
    name: board.name,
    chip: board.chip,
    i2c: i2c === undefined ? [] : [i2c.sda, i2c.scl, i2c.frequency],
    oneWirePin: board.buses.onewire?.pin ?? -1,
    link: board.link.type,
    hostname: board.link.type === "wifi" ? (board.link.hostname ?? "") : "",
    sensors: board.sensors.map(deviceSensor),
    maximumPacketSize: board.buffers.maximumPacketSize,
    queueCapacity: board.buffers.queueCapacity,
    maximumQueuedMessages: board.buffers.maximumQueuedMessages,
    maximumInflight: board.buffers.maximumInflight,
    settings: boardSettings(board),
  };
}

/**
 * Builds the firmware for the board `idOrPath` (an id in boards/ or a board file's path) into
 * dist/<board>/, or into `outFolder` when given. Throws a BuildError naming the board file's
 * problems, or what the firmware cannot do on the board's runtime, writing nothing.
 */
export async function buildFirmware(idOrPath: string, outFolder?: string): Promise<Firmware> {
  const board = loadBoard(idOrPath);
  const problems = firmwareProblems(board);
  if (problems.length > 0) {
    throw new BuildError([`board ${board.id}: the firmware cannot run it:`, ...problems.map((problem) => `  ${problem.field}: ${problem.text}`)].join("\n"));
  }
  const outFile = outFolder === undefined ? firmwareFile(board) : path.join(outFolder, FILE_NAMES[board.runtime]);
  const record = deviceBoardOf(board);
  if (board.runtime === "espruino") {
    const built = await buildEspruinoBundle(ENTRIES.espruino, outFile, { featuresOff: CLIENT_FEATURES, mangling: FIRMWARE_MANGLING, program: { prelude: `var MOTE_BOARD=${byteStringJson(record)};` } });
    return { outFile, bytes: built.bytes, board };
  }
  const built = buildLuaBundle(ENTRIES.nodemcu, outFile);
  const code = `MOTE_BOARD = ${luaLiteral(record)}\n${fs.readFileSync(outFile, "utf8")}`;
  fs.writeFileSync(outFile, code);
  fs.writeFileSync(path.join(path.dirname(outFile), "init.lua"), NODEMCU_INIT);
  return { outFile: built.outFile, bytes: Buffer.byteLength(code), board };
}

/**
 * Builds the firmware of every board in boards/ whose firmware file is missing or older than
 * its board file or `newestSourceMs` (the newest source it is built from); returns what it built.
 */
export async function buildStaleFirmware(newestSourceMs: number): Promise<Firmware[]> {
  const built: Firmware[] = [];
  for (const id of listBoards()) {
    const boardFile = path.join(BOARDS_FOLDER, `${id}.json`);
    const runtime = (JSON.parse(fs.readFileSync(boardFile, "utf8")) as { runtime: Board["runtime"] }).runtime;
    const file = firmwareFile({ id, runtime });
    const builtAt = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
    if (builtAt <= Math.max(newestSourceMs, fs.statSync(boardFile).mtimeMs)) built.push(await buildFirmware(id));
  }
  return built;
}
