/**
 * Board files (boards/<id>.json): reads one, checks it against boards/schema.json with ajv, then
 * makes the checks a JSON schema cannot express (a pin used twice, a sensor on a bus the board
 * lacks, an address the chip never answers at), and hands back the board with every default
 * filled in. Every problem is reported as `file: field.path: what is wrong`, one per line.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { BuildError, PROJECT_ROOT } from "./project";

/** Where board files live. */
export const BOARDS_FOLDER = path.join(PROJECT_ROOT, "boards");

const SCHEMA_FILE = path.join(BOARDS_FOLDER, "schema.json");

export type Runtime = "espruino" | "nodemcu";
export type Chip = "esp32" | "esp32-c3" | "esp32-s3";

export interface I2cBus {
  sda: number;
  scl: number;
  /** Clock in Hz. */
  frequency: number;
}

export interface OneWireBus {
  pin: number;
}

export interface AdcBus {
  /** ADC1 pins only (ADC2 cannot be read while Wi-Fi is on). */
  pins: number[];
  attenuation: "0db" | "2.5db" | "6db" | "11db";
}

export interface Buses {
  i2c?: I2cBus;
  onewire?: OneWireBus;
  adc?: AdcBus;
}

export interface WifiLink {
  type: "wifi";
  hostname?: string;
}

export interface CellularLink {
  type: "cellular";
  modem: "sim7000" | "sim800";
  apn: string;
  username?: string;
  password?: string;
  baud: 9600 | 19200 | 38400 | 57600 | 115200;
  /** The modem's UART (tx and rx as seen from the ESP32) and control lines. */
  pins: { tx: number; rx: number; power?: number; reset?: number };
}

/** The simulator's network as is, with no join step (simulator boards only). */
export interface SimLink {
  type: "sim";
}

export type Link = WifiLink | CellularLink | SimLink;

interface SensorBase {
  /** The sensor's topic level. */
  name: string;
  /** Seconds between readings. */
  interval: number;
}

export interface Bme280Sensor extends SensorBase {
  driver: "bme280";
  bus: "i2c";
  address: number;
}

export interface Sht3xSensor extends SensorBase {
  driver: "sht3x";
  bus: "i2c";
  address: number;
}

export interface Ds18b20Sensor extends SensorBase {
  driver: "ds18b20";
  bus: "onewire";
  /** The device's 64-bit ROM code in hex, needed when the bus has several. */
  rom?: string;
}

export interface Dht22Sensor extends SensorBase {
  driver: "dht22";
  pin: number;
}

/** Two points of a straight line: `millivolts[i]` reads as `values[i]`. */
export interface AnalogCalibration {
  quantity: string;
  unit: string;
  decimals: number;
  millivolts: [number, number];
  values: [number, number];
}

export interface AnalogSensor extends SensorBase {
  driver: "analog";
  bus: "adc";
  pin: number;
  calibration?: AnalogCalibration;
}

export interface InternalTemperatureSensor extends SensorBase {
  driver: "internal-temperature";
}

export type Sensor = Bme280Sensor | Sht3xSensor | Ds18b20Sensor | Dht22Sensor | AnalogSensor | InternalTemperatureSensor;
export type Driver = Sensor["driver"];

/** Sizes the client takes once, at start (the client's option names). */
export interface Buffers {
  maximumPacketSize: number;
  queueCapacity: number;
  maximumQueuedMessages: number;
  maximumInflight: number;
}

export interface MqttSettings {
  /** 3 (MQTT 3.1), 4 (3.1.1) or 5 (5.0). */
  version: 3 | 4 | 5;
  host: string;
  /** From the file, else 8883 with TLS and 1883 without. */
  port: number;
  tls: boolean;
  keepAliveSeconds: number;
  topicPrefix: string;
  /** Absent: derived from the chip id. */
  deviceId?: string;
  discovery: { enabled: boolean; prefix: string };
}

/** A time the simulator takes something away, in seconds after boot. */
export interface Outage {
  atSeconds: number;
  forSeconds: number;
  everySeconds?: number;
}

/** A virtual sensor's value over time; units as in VirtualSensor. */
export interface Waveform {
  shape: "constant" | "sine" | "triangle" | "square" | "random-walk";
  mean: number;
  amplitude: number;
  periodSeconds: number;
  noise: number;
}

/** The virtual chip behind one sensor: temperature in °C, humidity in %RH, pressure in hPa. */
export interface VirtualSensor {
  fault?: "absent" | "bad-crc";
  temperature?: Waveform;
  humidity?: Waveform;
  pressure?: Waveform;
  millivolts?: Waveform;
}

export type SimQuantity = Exclude<keyof VirtualSensor, "fault">;

export interface SimSettings {
  seed: number;
  wifi: { ssid: string; password: string; drops: Outage[] };
  network: { latencyMs: number; jitterMs: number; lossPercent: number; cuts: Outage[] };
  /** By sensor name. */
  sensors: Record<string, VirtualSensor>;
}

/** A board file with every default filled in. */
export interface Board {
  id: string;
  name: string;
  notes?: string[];
  runtime: Runtime;
  chip: Chip;
  /** Named GPIO numbers outside the buses (status LED, button). */
  pins: Record<string, number>;
  buses: Buses;
  link: Link;
  sensors: Sensor[];
  buffers: Buffers;
  mqtt: MqttSettings;
  /** Present on simulator boards only. */
  sim?: SimSettings;
}

/** What the code checks know of each driver. */
interface DriverFacts {
  /** What the messages call it: "a BME280". */
  called: string;
  /** The I2C addresses the chip answers at (empty: not on I2C). */
  addresses: number[];
  /** What the simulator's virtual chip produces. */
  simQuantities: SimQuantity[];
  /** Whether its replies carry a checksum the simulator can spoil. */
  checksum: boolean;
}

const DRIVERS: Record<Driver, DriverFacts> = {
  bme280: { called: "a BME280", addresses: [0x76, 0x77], simQuantities: ["temperature", "humidity", "pressure"], checksum: false },
  sht3x: { called: "an SHT3x", addresses: [0x44, 0x45], simQuantities: ["temperature", "humidity"], checksum: true },
  ds18b20: { called: "a DS18B20", addresses: [], simQuantities: ["temperature"], checksum: true },
  dht22: { called: "a DHT22", addresses: [], simQuantities: ["temperature", "humidity"], checksum: true },
  analog: { called: "an analog input", addresses: [], simQuantities: ["millivolts"], checksum: false },
  "internal-temperature": { called: "the internal temperature sensor", addresses: [], simQuantities: ["temperature"], checksum: false },
};

/** The GPIO numbers of each chip and what each can do. */
interface ChipPins {
  gpios: number[];
  /** Wired to the module's SPI flash: unusable. */
  flash: number[];
  inputOnly: number[];
  /** The ADC1 pins (ADC2 cannot be read while Wi-Fi is on, and neither runtime reads it). */
  adc1: number[];
}

const CHIPS: Record<Chip, ChipPins> = {
  esp32: {
    gpios: [...range(0, 19), 21, 22, 23, 25, 26, 27, ...range(32, 39)],
    flash: range(6, 11),
    inputOnly: range(34, 39),
    adc1: range(32, 39),
  },
  "esp32-c3": { gpios: range(0, 21), flash: range(12, 17), inputOnly: [], adc1: range(0, 4) },
  "esp32-s3": { gpios: [...range(0, 21), ...range(26, 48)], flash: range(26, 32), inputOnly: [], adc1: range(1, 10) },
};

/** One finding: the field it is about (`sensors[1].address`) and what is wrong with it. */
interface Problem {
  field: string;
  text: string;
}

/** Every board id in boards/, sorted. */
export function listBoards(): string[] {
  return readdirSync(BOARDS_FOLDER)
    .filter((name) => name.endsWith(".json") && name !== "schema.json")
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

/**
 * Reads and checks a board, given by id (`sim-espruino`, looked up in boards/) or by the path of a
 * .json file. Returns it with every default filled in; throws a BuildError naming the file and
 * every field that is wrong.
 */
export function loadBoard(idOrPath: string): Board {
  const isPath = idOrPath.endsWith(".json") || idOrPath.includes("/") || idOrPath.includes(path.sep);
  const file = isPath ? path.resolve(idOrPath) : path.join(BOARDS_FOLDER, `${idOrPath}.json`);
  const shownFile = displayName(file);
  if (!existsSync(file)) {
    if (isPath) throw new BuildError(`${shownFile}: no such file`);
    throw new BuildError(`no board "${idOrPath}" in boards/ (there are: ${listBoards().join(", ")})`);
  }
  return parseBoard(readFileSync(file, "utf8"), shownFile);
}

/**
 * Checks the text of a board file named `file` (its id must be the file's base name). Returns the
 * board with every default filled in; throws a BuildError naming the file and every field that is
 * wrong. Reads nothing from disk but the schema.
 */
export function parseBoard(text: string, file: string): Board {
  const data = parseJson(text, file);
  const validate = boardValidator();
  if (!validate(data)) {
    throw new BuildError(formatProblems(file, (validate.errors ?? []).flatMap(describeSchemaError)));
  }
  const board = data as Board;
  const problems = checkBoard(board, path.basename(file, ".json"));
  if (problems.length > 0) throw new BuildError(formatProblems(file, problems));
  board.mqtt.port = board.mqtt.port ?? (board.mqtt.tls ? 8883 : 1883);
  return board;
}

let parsedSchema: Record<string, unknown> | undefined;

/** The board schema as a plain object, read once (for tests and tools that read its defaults; do not change it). */
export function boardSchema(): Record<string, unknown> {
  parsedSchema ??= JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  return parsedSchema;
}

let compiledValidator: ValidateFunction | undefined;

/** The schema compiled once: every error reported, defaults filled in, schema values in errors. */
function boardValidator(): ValidateFunction {
  if (compiledValidator === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true, discriminator: true, verbose: true });
    ajv.addKeyword("hexadecimal");
    ajv.addKeyword("patternMeaning");
    compiledValidator = ajv.compile(boardSchema());
  }
  return compiledValidator;
}

/** `text` as JSON, or a BuildError with the line and column where it stops being JSON. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const offset = position === null ? text.length : Number(position[1]);
    const before = text.slice(0, offset).split("\n");
    const reason = message.replace(/ in JSON at position \d+.*$/, "");
    throw new BuildError(`${file}:${before.length}:${before[before.length - 1].length + 1}: not valid JSON: ${reason}`);
  }
}

function formatProblems(file: string, problems: Problem[]): string {
  const lines = problems.map((problem) => `${file}: ${problem.field === "" ? "" : `${problem.field}: `}${problem.text}`);
  return [...new Set(lines)].join("\n");
}

/** `path` relative to the project root when inside it, for messages. */
function displayName(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}

// ---- ajv's errors in plain words ----

/** One ajv error as the problems a person reads (none for errors another error already says). */
function describeSchemaError(error: ErrorObject): Problem[] {
  const field = fieldPath(error.instancePath);
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return [{ field: joinField(field, String(params.missingProperty)), text: "is required" }];
    case "additionalProperties":
      return [{ field: joinField(field, String(params.additionalProperty)), text: "is not a known field" }];
    case "propertyNames":
      return [];
    case "discriminator":
      return [{ field: joinField(field, String(params.tag)), text: describeDiscriminator(schema, String(params.tag), params.tagValue) }];
    case "pattern":
      if (error.propertyName !== undefined) {
        return [{ field: joinField(field, error.propertyName), text: `the name must be ${patternMeaning(schema)}` }];
      }
      return [{ field, text: `must be ${patternMeaning(schema)}` }];
    case "type":
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
      return [{ field, text: `must be ${describeType(schema)}` }];
    case "enum":
      return [{ field, text: `must be ${alternatives((schema.enum as unknown[]).map(String))}` }];
    case "const":
      return [{ field, text: `must be ${String(schema.const)}` }];
    case "minLength":
      return [{ field, text: schema.minLength === 1 ? "must not be empty" : `must be at least ${String(schema.minLength)} characters` }];
    case "maxLength":
      return [{ field, text: `must be at most ${String(schema.maxLength)} characters` }];
    case "minItems":
    case "maxItems":
      return [{ field, text: describeItemCount(schema) }];
    case "uniqueItems":
      return [{ field, text: `lists ${JSON.stringify((error.data as unknown[])[Number(params.i)])} twice` }];
    default:
      return [{ field, text: error.message ?? error.keyword }];
  }
}

/** `/sensors/1/address` as `sensors[1].address`. */
function fieldPath(instancePath: string): string {
  if (instancePath === "") return "";
  return instancePath
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((joined, part) => (/^\d+$/.test(part) ? `${joined}[${part}]` : joinField(joined, part)), "");
}

function joinField(parent: string, name: string): string {
  const part = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
  return parent === "" ? part : `${parent}.${part}`;
}

/** The values a discriminated oneOf accepts for `tag`, read from the schema's definitions. */
function describeDiscriminator(schema: Record<string, unknown>, tag: string, value: unknown): string {
  const definitions = boardSchema().definitions as Record<string, { properties: Record<string, { const: string }> }>;
  const accepted = (schema.oneOf as { $ref: string }[]).map((branch) => {
    const name = branch.$ref.slice("#/definitions/".length);
    return definitions[name].properties[tag].const;
  });
  return `${value === undefined ? "is required and " : ""}must be ${alternatives(accepted)}`;
}

function patternMeaning(schema: Record<string, unknown>): string {
  return typeof schema.patternMeaning === "string" ? schema.patternMeaning : `text matching ${String(schema.pattern)}`;
}

/** What a value of `schema` looks like: "an integer from 0x08 to 0x77", "a string". */
function describeType(schema: Record<string, unknown>): string {
  const TYPE_NAMES: Record<string, string> = {
    string: "a string",
    boolean: "true or false",
    object: "an object",
    array: "an array",
    integer: "an integer",
    number: "a number",
  };
  const typeName = TYPE_NAMES[String(schema.type)] ?? String(schema.type);
  if (schema.type !== "integer" && schema.type !== "number") return typeName;
  const show = (value: unknown): string => (schema.hexadecimal === true ? hex(Number(value)) : String(value));
  if (schema.minimum !== undefined && schema.maximum !== undefined) return `${typeName} from ${show(schema.minimum)} to ${show(schema.maximum)}`;
  if (schema.minimum !== undefined) return `${typeName} of at least ${show(schema.minimum)}`;
  if (schema.exclusiveMinimum !== undefined) return `${typeName} above ${show(schema.exclusiveMinimum)}`;
  return typeName;
}

function describeItemCount(schema: Record<string, unknown>): string {
  const items = (count: unknown): string => `${String(count)} ${count === 1 ? "item" : "items"}`;
  if (schema.minItems !== undefined && schema.minItems === schema.maxItems) return `must list exactly ${items(schema.minItems)}`;
  if (schema.minItems !== undefined) return `must list at least ${items(schema.minItems)}`;
  return `must list at most ${items(schema.maxItems)}`;
}

/** `a`, `a or b`, `a, b or c` (or with `and`). */
function alternatives(values: string[], conjunction = "or"): string {
  return values.length === 1 ? values[0] : `${values.slice(0, -1).join(", ")} ${conjunction} ${values[values.length - 1]}`;
}

// ---- the checks JSON Schema cannot express ----

/** Every cross-field problem of a board that already matches the schema. */
function checkBoard(board: Board, fileId: string): Problem[] {
  return [
    ...checkId(board, fileId),
    ...checkSensorNames(board),
    ...checkSensorBuses(board),
    ...checkI2cAddresses(board),
    ...checkOneWireRoms(board),
    ...checkAnalogInputs(board),
    ...checkPins(board),
    ...checkBuffers(board),
    ...checkLink(board),
    ...checkSim(board),
  ];
}

function checkId(board: Board, fileId: string): Problem[] {
  return board.id === fileId ? [] : [{ field: "id", text: `must be "${fileId}", the file's name` }];
}

function checkSensorNames(board: Board): Problem[] {
  return board.sensors.flatMap((sensor, index) => {
    const first = board.sensors.findIndex((other) => other.name === sensor.name);
    return first < index ? [{ field: `sensors[${index}].name`, text: `"${sensor.name}" is already the name of sensors[${first}]` }] : [];
  });
}

function checkSensorBuses(board: Board): Problem[] {
  return board.sensors.flatMap((sensor, index) => {
    if (!("bus" in sensor) || board.buses[sensor.bus] !== undefined) return [];
    return [{ field: `sensors[${index}].bus`, text: `the board has no ${sensor.bus} bus (buses.${sensor.bus} is missing)` }];
  });
}

function checkI2cAddresses(board: Board): Problem[] {
  const taken = new Map<number, number>();
  return board.sensors.flatMap((sensor, index): Problem[] => {
    if (!("address" in sensor)) return [];
    const field = `sensors[${index}].address`;
    const facts = DRIVERS[sensor.driver];
    if (!facts.addresses.includes(sensor.address)) {
      return [{ field, text: `${facts.called} answers at ${alternatives(facts.addresses.map(hex))}, not ${hex(sensor.address)}` }];
    }
    const first = taken.get(sensor.address);
    if (first !== undefined) return [{ field, text: `${hex(sensor.address)} is already taken on the i2c bus by sensors[${first}]` }];
    taken.set(sensor.address, index);
    return [];
  });
}

function checkOneWireRoms(board: Board): Problem[] {
  const probes = board.sensors.flatMap((sensor, index) => (sensor.driver === "ds18b20" ? [{ sensor, index }] : []));
  if (probes.length < 2) return [];
  return probes.flatMap(({ sensor, index }): Problem[] => {
    const field = `sensors[${index}].rom`;
    if (sensor.rom === undefined) return [{ field, text: "is required when the onewire bus has more than one DS18B20" }];
    const first = probes.find((other) => other.sensor.rom === sensor.rom);
    return first !== undefined && first.index < index ? [{ field, text: `is already the rom of sensors[${first.index}]` }] : [];
  });
}

function checkAnalogInputs(board: Board): Problem[] {
  return board.sensors.flatMap((sensor, index): Problem[] => {
    if (sensor.driver !== "analog" || board.buses.adc === undefined) return [];
    const problems: Problem[] = [];
    if (!board.buses.adc.pins.includes(sensor.pin)) {
      problems.push({ field: `sensors[${index}].pin`, text: `GPIO ${sensor.pin} is not one of buses.adc.pins` });
    }
    const calibration = sensor.calibration;
    if (calibration !== undefined && calibration.millivolts[0] === calibration.millivolts[1]) {
      problems.push({ field: `sensors[${index}].calibration.millivolts`, text: "the two points must differ" });
    }
    return problems;
  });
}

/** One use of a GPIO: the field naming it, and whether that use drives the pin. */
interface PinUse {
  field: string;
  gpio: number;
  drives: boolean;
}

function pinUses(board: Board): PinUse[] {
  const uses: PinUse[] = Object.entries(board.pins).map(([name, gpio]) => ({ field: `pins.${name}`, gpio, drives: false }));
  const { i2c, onewire, adc } = board.buses;
  if (i2c !== undefined) {
    uses.push({ field: "buses.i2c.sda", gpio: i2c.sda, drives: true }, { field: "buses.i2c.scl", gpio: i2c.scl, drives: true });
  }
  if (onewire !== undefined) uses.push({ field: "buses.onewire.pin", gpio: onewire.pin, drives: true });
  adc?.pins.forEach((gpio, index) => uses.push({ field: `buses.adc.pins[${index}]`, gpio, drives: false }));
  board.sensors.forEach((sensor, index) => {
    if (sensor.driver === "dht22") uses.push({ field: `sensors[${index}].pin`, gpio: sensor.pin, drives: true });
  });
  if (board.link.type === "cellular") {
    const modemPins = board.link.pins;
    for (const line of ["tx", "rx", "power", "reset"] as const) {
      const gpio = modemPins[line];
      if (gpio !== undefined) uses.push({ field: `link.pins.${line}`, gpio, drives: line !== "rx" });
    }
  }
  return uses;
}

function checkPins(board: Board): Problem[] {
  const chip = CHIPS[board.chip];
  const uses = pinUses(board);
  const problems = uses.flatMap(({ field, gpio, drives }, index): Problem[] => {
    if (!chip.gpios.includes(gpio)) return [{ field, text: `the ${board.chip} has no GPIO ${gpio}` }];
    if (chip.flash.includes(gpio)) return [{ field, text: `GPIO ${gpio} is wired to the ${board.chip}'s flash and cannot be used` }];
    if (drives && chip.inputOnly.includes(gpio)) return [{ field, text: `GPIO ${gpio} is input-only on the ${board.chip} and this use drives it` }];
    const first = uses.findIndex((other) => other.gpio === gpio);
    return first < index ? [{ field, text: `GPIO ${gpio} is already used by ${uses[first].field}` }] : [];
  });
  board.buses.adc?.pins.forEach((gpio, index) => {
    if (chip.gpios.includes(gpio) && !chip.adc1.includes(gpio)) {
      problems.push({
        field: `buses.adc.pins[${index}]`,
        text: `GPIO ${gpio} is not an ADC1 pin of the ${board.chip} (${describeGpios(chip.adc1)}); ADC2 cannot be read while Wi-Fi is on`,
      });
    }
  });
  return problems;
}

function checkBuffers(board: Board): Problem[] {
  const buffers = board.buffers;
  const problems: Problem[] = [];
  if (buffers.queueCapacity < buffers.maximumPacketSize) {
    problems.push({ field: "buffers.queueCapacity", text: `must hold one packet of buffers.maximumPacketSize (${buffers.maximumPacketSize} bytes)` });
  }
  if (buffers.maximumInflight > buffers.maximumQueuedMessages) {
    problems.push({
      field: "buffers.maximumInflight",
      text: `must not exceed buffers.maximumQueuedMessages (${buffers.maximumQueuedMessages}): messages in flight stay in the queue`,
    });
  }
  return problems;
}

function checkLink(board: Board): Problem[] {
  return board.link.type === "sim" && board.sim === undefined
    ? [{ field: "link.type", text: "sim works on simulator boards only (the board has no sim section)" }]
    : [];
}

function checkSim(board: Board): Problem[] {
  if (board.sim === undefined) return [];
  return Object.entries(board.sim.sensors).flatMap(([name, virtual]): Problem[] => {
    const field = joinField("sim.sensors", name);
    const sensor = board.sensors.find((candidate) => candidate.name === name);
    if (sensor === undefined) return [{ field, text: `the board has no sensor named "${name}"` }];
    const facts = DRIVERS[sensor.driver];
    const problems: Problem[] = (Object.keys(virtual) as (keyof VirtualSensor)[])
      .filter((key): key is SimQuantity => key !== "fault" && !facts.simQuantities.includes(key))
      .map((quantity) => ({ field: `${field}.${quantity}`, text: `${facts.called} reads ${alternatives(facts.simQuantities, "and")} only` }));
    if (virtual.fault === "bad-crc" && !facts.checksum) {
      problems.push({ field: `${field}.fault`, text: `${facts.called} has no checksum to fail` });
    }
    return problems;
  });
}

/** `0x76`. */
function hex(value: number): string {
  return `0x${value.toString(16).padStart(2, "0")}`;
}

/** `GPIO 32-39` or `GPIO 1-10, 12`: runs of consecutive numbers shortened. */
function describeGpios(gpios: number[]): string {
  const runs: string[] = [];
  let start = 0;
  for (let index = 1; index <= gpios.length; index++) {
    if (index < gpios.length && gpios[index] === gpios[index - 1] + 1) continue;
    runs.push(index - 1 === start ? `${gpios[start]}` : `${gpios[start]}-${gpios[index - 1]}`);
    start = index;
  }
  return `GPIO ${runs.join(", ")}`;
}

/** The integers from `first` to `last`, both included. */
function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
