/**
 * Broken board files: each schema rule and each cross-field check refuses its board with exactly
 * one readable line per problem, `file: field.path: what is wrong`; files that are not JSON name the
 * line and column.
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { BOARDS_FOLDER, listBoards, loadBoard, parseBoard } from "../../tools/build/board";
import { BuildError } from "../../tools/build/project";

/** A board file's JSON, which the tests break in any way they like. */
type Json = Record<string, any>;

const FILE = "boards/sim-espruino.json";

/** The default simulator board as raw JSON, changed by `edit`. */
function brokenBoard(edit: (board: Json) => void): string {
  const board = JSON.parse(readFileSync(path.join(BOARDS_FOLDER, "sim-espruino.json"), "utf8")) as Json;
  edit(board);
  return JSON.stringify(board, null, 2);
}

/** The message parseBoard throws for `text`, or a failure when it accepts it. */
function refusal(text: string, file = FILE): string {
  try {
    parseBoard(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return (error as Error).message;
  }
  throw new Error("the board was accepted");
}

const BME280 = 0;
const SHT3X = 1;
const DS18B20 = 2;
const ANALOG = 3;

const SCHEMA_RULES: [string, (board: Json) => void, string[]][] = [
  ["an I2C address out of the 7-bit range", (b) => (b.sensors[SHT3X].address = 300), ["sensors[1].address: must be an integer from 0x08 to 0x77"]],
  ["an I2C address written as a string", (b) => (b.sensors[SHT3X].address = "0x44"), ["sensors[1].address: must be an integer from 0x08 to 0x77"]],
  ["a BME280 without an address", (b) => delete b.sensors[BME280].address, ["sensors[0].address: is required"]],
  ["a BME280 on the onewire bus", (b) => (b.sensors[BME280].bus = "onewire"), ["sensors[0].bus: must be i2c"]],
  ["a DS18B20 without a bus", (b) => delete b.sensors[DS18B20].bus, ["sensors[2].bus: is required"]],
  ["a DHT22 without its pin", (b) => b.sensors.push({ name: "outdoor", driver: "dht22" }), ["sensors[4].pin: is required"]],
  ["an analog input with a one-point calibration", (b) => (b.sensors[ANALOG].calibration.millivolts = [1200]), ["sensors[3].calibration.millivolts: must list exactly 2 items"]],
  [
    "an unknown driver",
    (b) => (b.sensors[BME280].driver = "bmp180"),
    ["sensors[0].driver: must be bme280, sht3x, ds18b20, dht22, analog or internal-temperature"],
  ],
  [
    "a sensor without a driver",
    (b) => delete b.sensors[BME280].driver,
    ["sensors[0].driver: is required and must be bme280, sht3x, ds18b20, dht22, analog or internal-temperature"],
  ],
  ["a sensor name that is no topic level", (b) => (b.sensors[BME280].name = "Climate/1"), [
    "sensors[0].name: must be lower-case letters, digits, '_' and '-', starting with a letter or digit",
  ]],
  ["an interval of 0 seconds", (b) => (b.sensors[BME280].interval = 0), ["sensors[0].interval: must be an integer from 1 to 86400"]],
  ["an interval in fractions of a second", (b) => (b.sensors[BME280].interval = 0.5), ["sensors[0].interval: must be an integer from 1 to 86400"]],
  ["a board without an id", (b) => delete b.id, ["id: is required"]],
  ["an id that is no file name", (b) => (b.id = "Sim Espruino"), ["id: must be lower-case letters, digits and '-', starting with a letter or digit"]],
  ["an unknown runtime", (b) => (b.runtime = "micropython"), ["runtime: must be espruino or nodemcu"]],
  ["an unknown chip", (b) => (b.chip = "esp8266"), ["chip: must be esp32, esp32-c3 or esp32-s3"]],
  ["a pin name with a space", (b) => (b.pins = { "status led": 2 }), ['pins."status led": the name must be letters and digits, starting with a lower-case letter']],
  ["a GPIO number out of range", (b) => (b.pins = { led: 99 }), ["pins.led: must be an integer from 0 to 48"]],
  ["an I2C clock of 5 MHz", (b) => (b.buses.i2c.frequency = 5000000), ["buses.i2c.frequency: must be an integer from 10000 to 1000000"]],
  ["an ADC bus with no pins", (b) => (b.buses.adc.pins = []), ["buses.adc.pins: must list at least 1 item"]],
  ["an ADC pin listed twice", (b) => (b.buses.adc.pins = [34, 34]), ["buses.adc.pins: lists 34 twice"]],
  ["an unknown attenuation", (b) => (b.buses.adc.attenuation = "12db"), ["buses.adc.attenuation: must be 0db, 2.5db, 6db or 11db"]],
  ["an unknown link", (b) => (b.link = { type: "ethernet" }), ["link.type: must be wifi, cellular or sim"]],
  ["a cellular link without APN or pins", (b) => (b.link = { type: "cellular", modem: "sim7000" }), ["link.apn: is required", "link.pins: is required"]],
  ["an unknown modem", (b) => (b.link = { type: "cellular", modem: "bg96", apn: "iot", pins: { tx: 17, rx: 16 } }), ["link.modem: must be sim7000 or sim800"]],
  ["MQTT version 6", (b) => (b.mqtt.version = 6), ["mqtt.version: must be 3, 4 or 5"]],
  ["an empty broker host", (b) => (b.mqtt.host = ""), ["mqtt.host: must be a host name or IPv4 address"]],
  ["a broker URL instead of a host", (b) => (b.mqtt.host = "mqtt://broker"), ["mqtt.host: must be a host name or IPv4 address"]],
  ["TLS as a word", (b) => (b.mqtt.tls = "yes"), ["mqtt.tls: must be true or false"]],
  ["a port out of range", (b) => (b.mqtt.port = 70000), ["mqtt.port: must be an integer from 1 to 65535"]],
  ["a topic prefix with a wildcard", (b) => (b.mqtt.topicPrefix = "home/#"), [
    "mqtt.topicPrefix: must be topic levels of letters, digits, '_' and '-' separated by '/'",
  ]],
  ["a packet size too small for a CONNECT", (b) => (b.buffers = { maximumPacketSize: 64 }), ["buffers.maximumPacketSize: must be an integer from 128 to 65536"]],
  ["a waveform without a shape", (b) => delete b.sim.sensors.climate.temperature.shape, ["sim.sensors.climate.temperature.shape: is required"]],
  ["a waveform with period 0", (b) => (b.sim.sensors.climate.temperature.periodSeconds = 0), ["sim.sensors.climate.temperature.periodSeconds: must be a number above 0"]],
  ["a negative loss", (b) => (b.sim.network.lossPercent = -1), ["sim.network.lossPercent: must be a number from 0 to 99"]],
  ["an unknown fault", (b) => (b.sim.sensors.probe.fault = "smoke"), ["sim.sensors.probe.fault: must be absent or bad-crc"]],
  ["sensors given as an object", (b) => (b.sensors = {}), ["sensors: must be an array"]],
  ["an unknown top-level field", (b) => (b.colour = "red"), ["colour: is not a known field"]],
  ["an unknown sensor field", (b) => (b.sensors[SHT3X].offset = 1), ["sensors[1].offset: is not a known field"]],
  ["an address on a DS18B20", (b) => (b.sensors[DS18B20].address = 0x28), ["sensors[2].address: is not a known field"]],
  ["an unknown MQTT field", (b) => (b.mqtt.qos = 1), ["mqtt.qos: is not a known field"]],
  ["an unknown discovery field", (b) => (b.mqtt.discovery = { enabled: true, retain: true }), ["mqtt.discovery.retain: is not a known field"]],
  ["an unknown bus", (b) => (b.buses.spi = { mosi: 23 }), ["buses.spi: is not a known field"]],
  ["an unknown Wi-Fi field", (b) => (b.link.ssid = "home"), ["link.ssid: is not a known field"]],
  ["an unknown simulator quantity", (b) => (b.sim.sensors.climate.co2 = { shape: "constant", mean: 400 }), ["sim.sensors.climate.co2: is not a known field"]],
  ["several problems at once", (b) => {
    b.runtime = "lua";
    b.sensors[BME280].address = 7;
    b.extra = true;
  }, ["extra: is not a known field", "runtime: must be espruino or nodemcu", "sensors[0].address: must be an integer from 0x08 to 0x77"]],
];

const CROSS_FIELD_RULES: [string, (board: Json) => void, string[]][] = [
  ["an id other than the file's name", (b) => (b.id = "sim-other"), ['id: must be "sim-espruino", the file\'s name']],
  ["two sensors with one name", (b) => {
    b.sensors[SHT3X].name = "climate";
    delete b.sim.sensors.air;
  }, ['sensors[1].name: "climate" is already the name of sensors[0]']],
  ["I2C sensors on a board without an i2c bus", (b) => delete b.buses.i2c, [
    "sensors[0].bus: the board has no i2c bus (buses.i2c is missing)",
    "sensors[1].bus: the board has no i2c bus (buses.i2c is missing)",
  ]],
  ["a DS18B20 on a board without a onewire bus", (b) => delete b.buses.onewire, ["sensors[2].bus: the board has no onewire bus (buses.onewire is missing)"]],
  ["an analog input on a board without an adc bus", (b) => delete b.buses.adc, ["sensors[3].bus: the board has no adc bus (buses.adc is missing)"]],
  ["a BME280 at an SHT3x address", (b) => (b.sensors[BME280].address = 0x44), ["sensors[0].address: a BME280 answers at 0x76 or 0x77, not 0x44"]],
  ["an SHT3x at 0x40", (b) => (b.sensors[SHT3X].address = 0x40), ["sensors[1].address: an SHT3x answers at 0x44 or 0x45, not 0x40"]],
  ["two BME280s at one address", (b) => {
    b.sensors.push({ name: "attic", driver: "bme280", bus: "i2c", address: 0x76 });
    b.sim.sensors.attic = {};
  }, ["sensors[4].address: 0x76 is already taken on the i2c bus by sensors[0]"]],
  ["two DS18B20s on one bus without ROM codes", (b) => {
    b.sensors.push({ name: "probe2", driver: "ds18b20", bus: "onewire" });
  }, [
    "sensors[2].rom: is required when the onewire bus has more than one DS18B20",
    "sensors[4].rom: is required when the onewire bus has more than one DS18B20",
  ]],
  ["two DS18B20s with one ROM code", (b) => {
    b.sensors[DS18B20].rom = "28ff641e0316045c";
    b.sensors.push({ name: "probe2", driver: "ds18b20", bus: "onewire", rom: "28ff641e0316045c" });
  }, ["sensors[4].rom: is already the rom of sensors[2]"]],
  ["an analog input on a pin the adc bus does not list", (b) => (b.sensors[ANALOG].pin = 35), ["sensors[3].pin: GPIO 35 is not one of buses.adc.pins"]],
  ["a calibration with two equal points", (b) => (b.sensors[ANALOG].calibration.millivolts = [1000, 1000]), [
    "sensors[3].calibration.millivolts: the two points must differ",
  ]],
  ["the onewire bus on the I2C data pin", (b) => (b.buses.onewire.pin = 21), ["buses.onewire.pin: GPIO 21 is already used by buses.i2c.sda"]],
  ["a DHT22 on the onewire pin", (b) => {
    b.sensors.push({ name: "outdoor", driver: "dht22", pin: 4 });
  }, ["sensors[4].pin: GPIO 4 is already used by buses.onewire.pin"]],
  ["a named pin on an ADC pin", (b) => (b.pins = { button: 34 }), ["buses.adc.pins[0]: GPIO 34 is already used by pins.button"]],
  ["a modem line on the I2C clock", (b) => (b.link = { type: "cellular", modem: "sim800", apn: "iot", pins: { tx: 22, rx: 16 } }), [
    "link.pins.tx: GPIO 22 is already used by buses.i2c.scl",
  ]],
  ["a bus on a flash pin", (b) => (b.buses.onewire.pin = 6), ["buses.onewire.pin: GPIO 6 is wired to the esp32's flash and cannot be used"]],
  ["a GPIO the chip lacks", (b) => (b.pins = { led: 24 }), ["pins.led: the esp32 has no GPIO 24"]],
  ["the I2C clock on an input-only pin", (b) => (b.buses.i2c.scl = 36), ["buses.i2c.scl: GPIO 36 is input-only on the esp32 and this use drives it"]],
  ["an ADC2 pin", (b) => {
    b.buses.adc.pins = [25];
    b.sensors[ANALOG].pin = 25;
  }, ["buses.adc.pins[0]: GPIO 25 is not an ADC1 pin of the esp32 (GPIO 32-39); ADC2 cannot be read while Wi-Fi is on"]],
  ["the DevKitC's pins on an ESP32-C3", (b) => (b.chip = "esp32-c3"), [
    "buses.i2c.scl: the esp32-c3 has no GPIO 22",
    "buses.adc.pins[0]: the esp32-c3 has no GPIO 34",
  ]],
  ["a queue smaller than one packet", (b) => (b.buffers = { maximumPacketSize: 2048, queueCapacity: 1024 }), [
    "buffers.queueCapacity: must hold one packet of buffers.maximumPacketSize (2048 bytes)",
  ]],
  ["more messages in flight than the queue holds", (b) => (b.buffers = { maximumQueuedMessages: 4, maximumInflight: 8 }), [
    "buffers.maximumInflight: must not exceed buffers.maximumQueuedMessages (4): messages in flight stay in the queue",
  ]],
  ["the simulator's link on a real board", (b) => {
    delete b.sim;
    b.link = { type: "sim" };
  }, ["link.type: sim works on simulator boards only (the board has no sim section)"]],
  ["a virtual chip for no sensor", (b) => (b.sim.sensors.ghost = {}), ['sim.sensors.ghost: the board has no sensor named "ghost"']],
  ["a humidity waveform for a DS18B20", (b) => (b.sim.sensors.probe.humidity = { shape: "constant", mean: 50 }), [
    "sim.sensors.probe.humidity: a DS18B20 reads temperature only",
  ]],
  ["a millivolt waveform for a BME280", (b) => (b.sim.sensors.climate.millivolts = { shape: "constant", mean: 50 }), [
    "sim.sensors.climate.millivolts: a BME280 reads temperature, humidity and pressure only",
  ]],
  ["a checksum fault on a chip without a checksum", (b) => (b.sim.sensors.climate.fault = "bad-crc"), [
    "sim.sensors.climate.fault: a BME280 has no checksum to fail",
  ]],
];

describe("refused boards", () => {
  it("accepts the unbroken board these tests break", () => {
    expect(parseBoard(brokenBoard(() => undefined), FILE).id).toBe("sim-espruino");
  });

  it.each(SCHEMA_RULES)("schema: %s", (_, edit, problems) => {
    expect(refusal(brokenBoard(edit))).toBe(problems.map((problem) => `${FILE}: ${problem}`).join("\n"));
  });

  it.each(CROSS_FIELD_RULES)("cross-field: %s", (_, edit, problems) => {
    expect(refusal(brokenBoard(edit))).toBe(problems.map((problem) => `${FILE}: ${problem}`).join("\n"));
  });

  it("accepts what the cross-field checks allow: a DS18B20 alone without ROM, a modem rx on an input-only pin, TLS on 8883", () => {
    const board = parseBoard(
      brokenBoard((b) => {
        b.link = { type: "cellular", modem: "sim7000", apn: "iot", pins: { tx: 17, rx: 39, power: 25 } };
        b.mqtt.tls = true;
        delete b.mqtt.port;
      }),
      FILE,
    );
    expect(board.mqtt.port).toBe(8883);
    expect(board.link).toEqual({ type: "cellular", modem: "sim7000", apn: "iot", baud: 115200, pins: { tx: 17, rx: 39, power: 25 } });
  });

  it("refuses a file that is a JSON array, not an object", () => {
    expect(refusal("[]")).toBe(`${FILE}: must be an object`);
  });
});

describe("board files that are not JSON", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "mote-boards-"));

  function loadText(text: string): string {
    const file = path.join(folder, "broken.json");
    writeFileSync(file, text);
    try {
      loadBoard(file);
    } catch (error) {
      expect(error).toBeInstanceOf(BuildError);
      return (error as Error).message.slice(file.length);
    }
    throw new Error("the board was accepted");
  }

  it("names the line and column of a trailing comma", () => {
    expect(loadText('{\n  "id": "broken",\n  "name": "x",\n}\n')).toBe(":4:1: not valid JSON: Expected double-quoted property name");
  });

  it("names the line and column of a comment", () => {
    expect(loadText('{\n  "id": "broken", // the id\n}')).toBe(":2:19: not valid JSON: Expected double-quoted property name");
  });

  it("names the end of a file cut short", () => {
    expect(loadText('{\n  "id": "broken",\n  "name": ')).toBe(":3:11: not valid JSON: Unexpected end of JSON input");
  });

  it("names the end of an empty file", () => {
    expect(loadText("")).toBe(":1:1: not valid JSON: Unexpected end of JSON input");
  });
});

describe("finding boards", () => {
  it("names the boards there are when an id is unknown", () => {
    expect(() => loadBoard("esp8266")).toThrow(`no board "esp8266" in boards/ (there are: ${listBoards().join(", ")})`);
  });

  it("says so when a board path does not exist", () => {
    expect(() => loadBoard("boards/none.json")).toThrow("boards/none.json: no such file");
  });
});
