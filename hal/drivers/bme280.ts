/**
 * Bosch BME280 (temperature, humidity, pressure) on I2C, in forced mode with oversampling x1 for
 * all three: `bme280Start` starts one measurement, and `bme280Read`, at least
 * `BME280_MEASUREMENT_MS` later, reads the eight measurement registers and compensates them. The
 * calibration is read once, by the first start that finds the chip (so a chip plugged in late is
 * found). Readings: centi-degrees Celsius, centi-percent RH, pascals.
 * @hotpath-module
 */
import type { Platform, I2c } from "../api";
import type { Bytes } from "../../src/bytes/bytes";
import { ReadingStatus, Unit, failReading, setReading } from "./reading";
import type { Reading } from "./reading";
import { compensateHumidity, compensatePressure, compensateTemperature, newBme280Calibration } from "./bme280-compensation";
import { floorDivide, roundDivide, signedOf } from "./fixed-point";
import type { Bme280Calibration } from "./bme280-compensation";

/** The addresses the chip answers on (SDO to ground, SDO to supply). */
export const BME280_ADDRESS = 0x76;
export const BME280_ADDRESS_ALTERNATE = 0x77;

/** Datasheet 9.1: at most 9.3 ms for one forced measurement of all three at oversampling x1. */
export const BME280_MEASUREMENT_MS = 10;

/** Registers (datasheet 5.3). */
const REGISTER_CHIP_ID = 0xd0;
const REGISTER_CALIBRATION_LOW = 0x88;
const REGISTER_CALIBRATION_HIGH = 0xe1;
const REGISTER_CONTROL_HUMIDITY = 0xf2;
const REGISTER_CONTROL_MEASUREMENT = 0xf4;
const REGISTER_DATA = 0xf7;

/** The chip id of a BME280 (a BMP280 answers 0x58 and has no humidity). */
const CHIP_ID = 0x60;
/** ctrl_hum: humidity oversampling x1. */
const HUMIDITY_OVERSAMPLING_1 = 0x01;
/** ctrl_meas: temperature x1 (001), pressure x1 (001), forced mode (01). */
const FORCED_MEASUREMENT = 0x25;
/** What a skipped measurement reads as (datasheet 4.1): the reset value of the data registers. */
const SKIPPED_20_BIT = 0x80000;
const SKIPPED_16_BIT = 0x8000;

/** Operating ranges (datasheet table 1), in the readings' fixed point. */
const LOWEST_CENTI_CELSIUS = -4000;
const HIGHEST_CENTI_CELSIUS = 8500;
const LOWEST_PASCAL = 30000;
const HIGHEST_PASCAL = 110000;
const HIGHEST_CENTI_PERCENT = 10000;

/** One BME280 on a bus. */
export interface Bme280 {
  bus: I2c;
  address: number;
  /** Scratch for register transfers: the 26 calibration bytes are the longest. */
  store: Bytes;
  calibration: Bme280Calibration;
  calibrated: boolean;
}

/** Makes the driver for the chip at `address` on `bus`; talks to nothing yet. Allocates: call at creation time. */
export function newBme280(platform: Platform, bus: I2c, address: number): Bme280 {
  return { bus: bus, address: address, store: platform.newBytes(32), calibration: newBme280Calibration(), calibrated: false };
}

/** The little-endian unsigned 16-bit word at `offset` of `store`. Never allocates. */
function wordAt(store: Bytes, offset: number): number {
  return store[offset] + store[offset + 1] * 256;
}

/**
 * Reads the chip id and the calibration words. Returns `NoDevice` when nothing acknowledges,
 * `WrongDevice` for another chip id, else `Ok`. Never allocates.
 */
export function bme280Calibrate(sensor: Bme280): ReadingStatus {
  const store = sensor.store;
  const calibration = sensor.calibration;
  if (sensor.bus.readRegisters(sensor.address, REGISTER_CHIP_ID, store, 0, 1) < 0) {
    return ReadingStatus.NoDevice;
  }
  if (store[0] !== CHIP_ID) {
    return ReadingStatus.WrongDevice;
  }
  if (sensor.bus.readRegisters(sensor.address, REGISTER_CALIBRATION_LOW, store, 0, 26) < 0) {
    return ReadingStatus.NoDevice;
  }
  calibration.t1 = wordAt(store, 0);
  calibration.t2 = signedOf(wordAt(store, 2), 16);
  calibration.t3 = signedOf(wordAt(store, 4), 16);
  calibration.p1 = wordAt(store, 6);
  calibration.p2 = signedOf(wordAt(store, 8), 16);
  calibration.p3 = signedOf(wordAt(store, 10), 16);
  calibration.p4 = signedOf(wordAt(store, 12), 16);
  calibration.p5 = signedOf(wordAt(store, 14), 16);
  calibration.p6 = signedOf(wordAt(store, 16), 16);
  calibration.p7 = signedOf(wordAt(store, 18), 16);
  calibration.p8 = signedOf(wordAt(store, 20), 16);
  calibration.p9 = signedOf(wordAt(store, 22), 16);
  calibration.h1 = store[25];
  if (sensor.bus.readRegisters(sensor.address, REGISTER_CALIBRATION_HIGH, store, 0, 7) < 0) {
    return ReadingStatus.NoDevice;
  }
  const shared = store[4] % 16;
  calibration.h2 = signedOf(wordAt(store, 0), 16);
  calibration.h3 = store[2];
  calibration.h4 = signedOf(store[3] * 16 + shared, 12);
  calibration.h5 = signedOf(store[5] * 16 + floorDivide(store[4], 16), 12);
  calibration.h6 = signedOf(store[6], 8);
  sensor.calibrated = true;
  return ReadingStatus.Ok;
}

/** Writes `value` to `register`; false when the chip did not acknowledge. Never allocates. */
function writeRegister(sensor: Bme280, register: number, value: number): boolean {
  sensor.store[0] = register;
  sensor.store[1] = value;
  return sensor.bus.write(sensor.address, sensor.store, 0, 2) === 2;
}

/**
 * Starts one forced measurement (calibrating first if that has not happened). Returns `Ok`, or
 * the status that stopped it; read the result `BME280_MEASUREMENT_MS` later. Never allocates.
 */
export function bme280Start(sensor: Bme280): ReadingStatus {
  if (!sensor.calibrated) {
    const status = bme280Calibrate(sensor);
    if (status !== ReadingStatus.Ok) {
      return status;
    }
  }
  if (!writeRegister(sensor, REGISTER_CONTROL_HUMIDITY, HUMIDITY_OVERSAMPLING_1) || !writeRegister(sensor, REGISTER_CONTROL_MEASUREMENT, FORCED_MEASUREMENT)) {
    return ReadingStatus.NoDevice;
  }
  return ReadingStatus.Ok;
}

/** Marks all three readings failed with `status` and returns it. Never allocates. */
function failAll(temperature: Reading, humidity: Reading, pressure: Reading, status: ReadingStatus): ReadingStatus {
  failReading(temperature, status);
  failReading(humidity, status);
  failReading(pressure, status);
  return status;
}

/**
 * Reads the last measurement into the three caller-owned readings (each with its own status) and
 * returns the temperature's status, which the other two depend on. Never allocates.
 */
export function bme280Read(sensor: Bme280, temperature: Reading, humidity: Reading, pressure: Reading): ReadingStatus {
  temperature.unit = Unit.Celsius;
  temperature.decimals = 2;
  humidity.unit = Unit.RelativeHumidity;
  humidity.decimals = 2;
  pressure.unit = Unit.Pascal;
  pressure.decimals = 0;
  if (!sensor.calibrated) {
    return failAll(temperature, humidity, pressure, ReadingStatus.Incomplete);
  }
  const store = sensor.store;
  if (sensor.bus.readRegisters(sensor.address, REGISTER_DATA, store, 0, 8) < 0) {
    return failAll(temperature, humidity, pressure, ReadingStatus.NoDevice);
  }
  const adcP = store[0] * 4096 + store[1] * 16 + floorDivide(store[2], 16);
  const adcT = store[3] * 4096 + store[4] * 16 + floorDivide(store[5], 16);
  const adcH = store[6] * 256 + store[7];
  if (adcT === SKIPPED_20_BIT) {
    return failAll(temperature, humidity, pressure, ReadingStatus.Incomplete);
  }
  const calibration = sensor.calibration;
  const status = setReading(temperature, compensateTemperature(calibration, adcT), 2, Unit.Celsius, LOWEST_CENTI_CELSIUS, HIGHEST_CENTI_CELSIUS);
  if (status !== ReadingStatus.Ok) {
    failReading(humidity, status);
    failReading(pressure, status);
    return status;
  }
  if (adcH === SKIPPED_16_BIT) {
    failReading(humidity, ReadingStatus.Incomplete);
  } else {
    setReading(humidity, roundDivide(compensateHumidity(calibration, adcH) * 100, 1024), 2, Unit.RelativeHumidity, 0, HIGHEST_CENTI_PERCENT);
  }
  if (adcP === SKIPPED_20_BIT) {
    failReading(pressure, ReadingStatus.Incomplete);
  } else {
    setReading(pressure, compensatePressure(calibration, adcP), 0, Unit.Pascal, LOWEST_PASCAL, HIGHEST_PASCAL);
  }
  return status;
}
