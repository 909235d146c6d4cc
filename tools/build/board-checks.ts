/**
 * The checks of a board file that JSON Schema cannot express: ids and names, the buses a sensor
 * needs, I2C addresses a chip answers at, GPIOs used once and able to do what they are used for,
 * buffer sizes that fit together, the simulator section.
 */
import type { Board, Chip, Driver, Problem, SimQuantity, VirtualSensor } from "./board-types";
import { alternatives, hex, joinField } from "./board-schema-errors";

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

/** Every cross-field problem of a board that already matches the schema. */
export function checkBoard(board: Board, fileId: string): Problem[] {
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
