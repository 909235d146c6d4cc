/**
 * The board's sensors as the telemetry layer reads them: one driver per sensor of the board file,
 * on buses made once from the HAL, each with its quantities and the time a measurement takes.
 * Drivers that measure over time (BME280, SHT3x, DS18B20, DHT22) are started ahead of their due
 * time, so a reading is ready when it is due and the interval holds; `bankPrepare` is the
 * telemetry's prepareSensor, `bankRead` its readSensor.
 * @hotpath-module
 */
import type { Adc, I2c, OneWire } from "../hal/api";
import type { DeviceHal } from "../hal/device-hal";
import { PinMode } from "../hal/api";
import { ReadingStatus, Unit, newReading, failReading } from "../hal/drivers/reading";
import type { Reading } from "../hal/drivers/reading";
import { newBme280, bme280Start, bme280Read, BME280_MEASUREMENT_MS } from "../hal/drivers/bme280";
import type { Bme280 } from "../hal/drivers/bme280";
import { newSht3x, sht3xStart, sht3xRead, SHT3X_MEASUREMENT_MS } from "../hal/drivers/sht3x";
import type { Sht3x } from "../hal/drivers/sht3x";
import { newDs18b20, ds18b20SetRom, ds18b20Start, ds18b20Read, DS18B20_CONVERSION_MS } from "../hal/drivers/ds18b20";
import type { Ds18b20 } from "../hal/drivers/ds18b20";
import { newDht22, dht22Start, dht22Read, DHT22_REPLY_MS } from "../hal/drivers/dht22";
import type { Dht22 } from "../hal/drivers/dht22";
import { newAnalogInput, analogRead } from "../hal/drivers/analog";
import type { AnalogInput } from "../hal/drivers/analog";
import { newChipTemperature } from "../hal/drivers/chip-temperature";
import { hexDigitValue } from "../src/bytes/ascii";
import type { SensorSpec, QuantitySpec } from "../src/telemetry/sensor-spec";
import type { SensorReading } from "../src/telemetry/telemetry-state";
import type { DeviceBoard, DeviceSensor } from "./device-board";

/** One sensor's driver, wrapped: how to start a measurement and how to read it into its readings. */
export interface SensorSlot {
  /** The sensor's name and quantities, for the telemetry layer. */
  spec: SensorSpec;
  /** Milliseconds a measurement takes after `start` (0: read at once). */
  conversionMs: number;
  /** Starts a measurement; returns Ok or why it could not. Never allocates. */
  start: (this: void) => ReadingStatus;
  /** Reads the finished measurement into `readings` (one per quantity). Never allocates. */
  read: (this: void, readings: Reading[]) => void;
  readings: Reading[];
  /** A measurement is under way (started at `startedAtMs`, with `startStatus`). */
  measuring: boolean;
  startedAtMs: number;
  startStatus: ReadingStatus;
  /** The status of the last reading's first quantity, and how many readings were taken. */
  lastStatus: ReadingStatus;
  readCount: number;
}

/** The sensors, in the board's order. */
export interface SensorBank {
  slots: SensorSlot[];
  /** Problems found while setting up (an unknown driver, a bad ROM code), for the console. */
  problems: string[];
}

/** The known quantities a driver's reading gives, in its order. Allocates: setup. */
function quantities(names: string[]): QuantitySpec[] {
  const list: QuantitySpec[] = [];
  for (let index = 0; index < names.length; index++) {
    list.push({ name: names[index] });
  }
  return list;
}

/** Makes a slot with a reading per quantity around a driver's `start` and `read`. Allocates: setup. */
function newSlot(sensor: DeviceSensor, specQuantities: QuantitySpec[], conversionMs: number, start: (this: void) => ReadingStatus, read: (this: void, readings: Reading[]) => void): SensorSlot {
  const readings: Reading[] = [];
  for (let index = 0; index < specQuantities.length; index++) {
    readings.push(newReading());
  }
  return {
    spec: { name: sensor.name, intervalSeconds: 60, quantities: specQuantities },
    conversionMs: conversionMs,
    start: start,
    read: read,
    readings: readings,
    measuring: false,
    startedAtMs: 0,
    startStatus: ReadingStatus.Ok,
    lastStatus: ReadingStatus.Incomplete,
    readCount: 0,
  };
}

/** The BME280's slot: pressure goes out in hPa (the driver's pascals with two decimals). Allocates: setup. */
function bme280Slot(sensor: DeviceSensor, driver: Bme280): SensorSlot {
  function start(this: void): ReadingStatus {
    return bme280Start(driver);
  }
  function read(this: void, readings: Reading[]): void {
    bme280Read(driver, readings[0], readings[1], readings[2]);
    readings[2].decimals = 2;
  }
  return newSlot(sensor, quantities(["temperature", "humidity", "pressure"]), BME280_MEASUREMENT_MS, start, read);
}

/** The SHT3x's slot. Allocates: setup. */
function sht3xSlot(sensor: DeviceSensor, driver: Sht3x): SensorSlot {
  function start(this: void): ReadingStatus {
    return sht3xStart(driver);
  }
  function read(this: void, readings: Reading[]): void {
    sht3xRead(driver, readings[0], readings[1]);
  }
  return newSlot(sensor, quantities(["temperature", "humidity"]), SHT3X_MEASUREMENT_MS, start, read);
}

/** The DS18B20's slot. Allocates: setup. */
function ds18b20Slot(sensor: DeviceSensor, driver: Ds18b20): SensorSlot {
  function start(this: void): ReadingStatus {
    return ds18b20Start(driver);
  }
  function read(this: void, readings: Reading[]): void {
    ds18b20Read(driver, readings[0]);
  }
  return newSlot(sensor, quantities(["temperature"]), DS18B20_CONVERSION_MS, start, read);
}

/** The DHT22's slot. Allocates: setup. */
function dht22Slot(sensor: DeviceSensor, driver: Dht22): SensorSlot {
  function start(this: void): ReadingStatus {
    return dht22Start(driver) ? ReadingStatus.Ok : ReadingStatus.Incomplete;
  }
  function read(this: void, readings: Reading[]): void {
    dht22Read(driver, readings[0], readings[1]);
  }
  return newSlot(sensor, quantities(["temperature", "humidity"]), DHT22_REPLY_MS, start, read);
}

/** An input read at once (analog, chip temperature): nothing to start. Allocates: setup. */
function analogSlot(sensor: DeviceSensor, specQuantities: QuantitySpec[], input: AnalogInput): SensorSlot {
  function start(this: void): ReadingStatus {
    return ReadingStatus.Ok;
  }
  function read(this: void, readings: Reading[]): void {
    analogRead(input, readings[0]);
  }
  return newSlot(sensor, specQuantities, 0, start, read);
}

/** A sensor whose hardware is missing (no chip temperature on this runtime): every reading is NoDevice. Allocates: setup. */
function absentSlot(sensor: DeviceSensor, specQuantities: QuantitySpec[]): SensorSlot {
  function start(this: void): ReadingStatus {
    return ReadingStatus.NoDevice;
  }
  function read(this: void, readings: Reading[]): void {
    failReading(readings[0], ReadingStatus.NoDevice);
  }
  return newSlot(sensor, specQuantities, 0, start, read);
}

/** The 8 bytes of a ROM code given as 16 hex digits, or undefined when it is not that. Allocates. */
function romBytes(hal: DeviceHal, hex: string): number[] | undefined {
  const platform = hal.platform;
  if (platform.textByteLength(hex) !== 16) {
    return undefined;
  }
  const text = platform.newBytes(16);
  platform.writeText(hex, text, 0);
  const rom: number[] = [];
  for (let index = 0; index < 8; index++) {
    const high = hexDigitValue(text[index * 2]);
    const low = hexDigitValue(text[index * 2 + 1]);
    if (high < 0 || low < 0) {
      return undefined;
    }
    rom.push(high * 16 + low);
  }
  return rom;
}

/** The buses, made when the first sensor needs one. */
interface Buses {
  i2c: I2c | undefined;
  oneWire: OneWire | undefined;
}

/** The board's I2C bus. Allocates it the first time: setup. */
function i2cOf(hal: DeviceHal, board: DeviceBoard, buses: Buses): I2c {
  if (buses.i2c === undefined) {
    buses.i2c = hal.newI2c({ data: board.i2c[0], clock: board.i2c[1], hz: board.i2c[2] });
  }
  return buses.i2c;
}

/** The board's 1-Wire bus. Allocates it the first time: setup. */
function oneWireOf(hal: DeviceHal, board: DeviceBoard, buses: Buses): OneWire {
  if (buses.oneWire === undefined) {
    buses.oneWire = hal.newOneWire({ pin: board.oneWirePin });
  }
  return buses.oneWire;
}

/** The DS18B20 slot, addressed by its ROM code when the board gives one. Allocates: setup. */
function makeDs18b20(hal: DeviceHal, board: DeviceBoard, buses: Buses, sensor: DeviceSensor, problems: string[]): SensorSlot {
  const driver = newDs18b20(hal.platform, oneWireOf(hal, board, buses));
  if (sensor.rom !== "") {
    const rom = romBytes(hal, sensor.rom);
    const store = hal.platform.newBytes(8);
    for (let index = 0; rom !== undefined && index < 8; index++) {
      store[index] = rom[index];
    }
    if (rom === undefined || !ds18b20SetRom(driver, store, 0)) {
      problems.push("sensor " + sensor.name + ": ROM code " + sensor.rom + " is not 16 hex digits with a good CRC; addressing the only device on the bus");
    }
  }
  return ds18b20Slot(sensor, driver);
}

/** The analog input's slot, with the board's calibration (already in raw counts and fixed point). Allocates: setup. */
function makeAnalog(hal: DeviceHal, _board: DeviceBoard, _buses: Buses, sensor: DeviceSensor): SensorSlot {
  const line = sensor.calibration;
  const input = newAnalogInput(hal.newAdc({ pin: sensor.pin }), {
    rawLow: line[0],
    valueLow: line[1],
    rawHigh: line[2],
    valueHigh: line[3],
    decimals: line[4],
    unit: Unit.None,
    minimum: line[5],
    maximum: line[6],
  });
  return analogSlot(sensor, [{ name: sensor.quantity, unit: sensor.unit }], input);
}

/** The chip temperature's slot, or an absent one where the runtime cannot read it. Allocates: setup. */
function makeChipTemperature(hal: DeviceHal, _board: DeviceBoard, _buses: Buses, sensor: DeviceSensor, problems: string[]): SensorSlot {
  const source: Adc | undefined = hal.newChipTemperature();
  if (source === undefined) {
    problems.push("sensor " + sensor.name + ": this runtime cannot read the chip's temperature");
    return absentSlot(sensor, quantities(["temperature"]));
  }
  return analogSlot(sensor, quantities(["temperature"]), newChipTemperature(source));
}

/** Makes the slot of one sensor (all makers take the same arguments). */
type SlotMaker = (hal: DeviceHal, board: DeviceBoard, buses: Buses, sensor: DeviceSensor, problems: string[]) => SensorSlot;

/** The BME280's slot on the board's I2C bus. Allocates: setup. */
function makeBme280(hal: DeviceHal, board: DeviceBoard, buses: Buses, sensor: DeviceSensor): SensorSlot {
  return bme280Slot(sensor, newBme280(hal.platform, i2cOf(hal, board, buses), sensor.address));
}

/** The SHT3x's slot on the board's I2C bus. Allocates: setup. */
function makeSht3x(hal: DeviceHal, board: DeviceBoard, buses: Buses, sensor: DeviceSensor): SensorSlot {
  return sht3xSlot(sensor, newSht3x(hal.platform, i2cOf(hal, board, buses), sensor.address));
}

/** The DHT22's slot on its own pin. Allocates: setup. */
function makeDht22(hal: DeviceHal, _board: DeviceBoard, _buses: Buses, sensor: DeviceSensor): SensorSlot {
  return dht22Slot(sensor, newDht22(hal.newGpio({ pin: sensor.pin, mode: PinMode.InputPullUp })));
}

/** The drivers this firmware has, by the board file's name, and what makes each one's slot. */
const DRIVER_NAMES = ["bme280", "sht3x", "ds18b20", "dht22", "analog", "internal-temperature"];
const SLOT_MAKERS: SlotMaker[] = [makeBme280, makeSht3x, makeDs18b20, makeDht22, makeAnalog, makeChipTemperature];

/** The slot for one sensor of the board, or undefined (with a problem noted) for an unknown driver. Allocates: setup. */
function makeSlot(hal: DeviceHal, board: DeviceBoard, buses: Buses, sensor: DeviceSensor, problems: string[]): SensorSlot | undefined {
  for (let index = 0; index < DRIVER_NAMES.length; index++) {
    if (DRIVER_NAMES[index] === sensor.driver) {
      return SLOT_MAKERS[index](hal, board, buses, sensor, problems);
    }
  }
  problems.push("sensor " + sensor.name + ": no driver called " + sensor.driver + " in this firmware");
  return undefined;
}

/**
 * Makes the driver of every sensor of `board` over buses from `hal` (each bus once). A sensor
 * this firmware cannot drive is left out and named in `problems`. Allocates: call at boot.
 */
export function newSensorBank(hal: DeviceHal, board: DeviceBoard): SensorBank {
  const bank: SensorBank = { slots: [], problems: [] };
  const buses: Buses = { i2c: undefined, oneWire: undefined };
  for (let index = 0; index < board.sensors.length; index++) {
    const slot = makeSlot(hal, board, buses, board.sensors[index], bank.problems);
    if (slot !== undefined) {
      bank.slots.push(slot);
    }
  }
  return bank;
}

/** Starts sensor `sensor`'s measurement at `nowMs`. Never allocates. */
function startMeasuring(slot: SensorSlot, nowMs: number): void {
  slot.startStatus = slot.start();
  slot.measuring = true;
  slot.startedAtMs = nowMs;
}

/**
 * Starts, ahead of time, the measurements of sensors that fall due within their measuring time
 * (`nextDueMs` from the telemetry layer, per sensor), so they are ready when due. Never allocates.
 */
export function bankStartAhead(bank: SensorBank, nextDueMs: number[], nowMs: number): void {
  for (let s = 0; s < bank.slots.length; s++) {
    const slot = bank.slots[s];
    if (!slot.measuring && slot.conversionMs > 0 && nextDueMs[s] - nowMs <= slot.conversionMs) {
      startMeasuring(slot, nowMs);
    }
  }
}

/**
 * Whether sensor `sensor` can be read at `nowMs` (the telemetry layer's prepareSensor): starts
 * its measurement if none is under way, and answers true once it has had its measuring time (at
 * once when it could not start: the read then reports why). Never allocates.
 */
export function bankPrepare(bank: SensorBank, sensor: number, nowMs: number): boolean {
  const slot = bank.slots[sensor];
  if (!slot.measuring) {
    startMeasuring(slot, nowMs);
  }
  return slot.startStatus !== ReadingStatus.Ok || nowMs - slot.startedAtMs >= slot.conversionMs;
}

/**
 * Reads sensor `sensor`'s finished measurement into the telemetry layer's `reading`: each good
 * quantity's value and decimals, and `valid` false for a failed one. Never allocates.
 */
export function bankRead(bank: SensorBank, sensor: number, reading: SensorReading): void {
  const slot = bank.slots[sensor];
  const readings = slot.readings;
  if (slot.startStatus === ReadingStatus.Ok) {
    slot.read(readings);
  } else {
    for (let k = 0; k < readings.length; k++) {
      failReading(readings[k], slot.startStatus);
    }
  }
  slot.measuring = false;
  slot.lastStatus = readings[0].status;
  slot.readCount = slot.readCount + 1;
  for (let k = 0; k < readings.length; k++) {
    reading.values[k] = readings[k].value;
    reading.decimals[k] = readings[k].decimals;
    reading.valid[k] = readings[k].status === ReadingStatus.Ok;
  }
}
