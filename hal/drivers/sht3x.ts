/**
 * Sensirion SHT3x (SHT30/31/35) on I2C: a single-shot measurement at high repeatability without
 * clock stretching (command 0x2400, datasheet table 9), read `SHT3X_MEASUREMENT_MS` later as two
 * words, each followed by its CRC-8 (datasheet 4.12). Readings: centi-degrees Celsius and
 * centi-percent RH, from the datasheet's conversion (section 4.13) in integers.
 * @hotpath-module
 */
import type { Platform, I2c } from "../api";
import type { Bytes } from "../../src/bytes/bytes";
import { ReadingStatus, Unit, failReading, setReading } from "./reading";
import type { Reading } from "./reading";
import { roundDivide } from "./fixed-point";
import { crc8Sensirion } from "./crc8";

/** The addresses the chip answers on (ADDR low, ADDR high). */
export const SHT3X_ADDRESS = 0x44;
export const SHT3X_ADDRESS_ALTERNATE = 0x45;

/** Datasheet table 4: at most 15.5 ms for a high-repeatability measurement. */
export const SHT3X_MEASUREMENT_MS = 16;

/** Single shot, high repeatability, clock stretching disabled. */
const MEASURE_HIGH_REPEATABILITY_MSB = 0x24;
const MEASURE_HIGH_REPEATABILITY_LSB = 0x00;

/** Measurement ranges (datasheet tables 1 and 2), in the readings' fixed point. */
const LOWEST_CENTI_CELSIUS = -4000;
const HIGHEST_CENTI_CELSIUS = 12500;
const HIGHEST_CENTI_PERCENT = 10000;

/** One SHT3x on a bus. */
export interface Sht3x {
  bus: I2c;
  address: number;
  /** The two command bytes, then the six bytes of a reply. */
  store: Bytes;
}

/** Makes the driver for the chip at `address` on `bus`; talks to nothing yet. Allocates: call at creation time. */
export function newSht3x(platform: Platform, bus: I2c, address: number): Sht3x {
  return { bus: bus, address: address, store: platform.newBytes(8) };
}

/** Starts one measurement; `Ok`, or `NoDevice` when the chip did not acknowledge. Never allocates. */
export function sht3xStart(sensor: Sht3x): ReadingStatus {
  sensor.store[0] = MEASURE_HIGH_REPEATABILITY_MSB;
  sensor.store[1] = MEASURE_HIGH_REPEATABILITY_LSB;
  return sensor.bus.write(sensor.address, sensor.store, 0, 2) === 2 ? ReadingStatus.Ok : ReadingStatus.NoDevice;
}

/**
 * Reads the measurement into the two caller-owned readings: `NoDevice` when the chip does not
 * answer (or is still measuring, which it signals the same way), `BadChecksum` when either word's
 * CRC is wrong. Returns the temperature's status. Never allocates.
 */
export function sht3xRead(sensor: Sht3x, temperature: Reading, humidity: Reading): ReadingStatus {
  const store = sensor.store;
  temperature.unit = Unit.Celsius;
  temperature.decimals = 2;
  humidity.unit = Unit.RelativeHumidity;
  humidity.decimals = 2;
  let status = ReadingStatus.Ok;
  if (sensor.bus.read(sensor.address, store, 2, 6) < 0) {
    status = ReadingStatus.NoDevice;
  } else if (crc8Sensirion(store, 2, 2) !== store[4] || crc8Sensirion(store, 5, 2) !== store[7]) {
    status = ReadingStatus.BadChecksum;
  }
  if (status !== ReadingStatus.Ok) {
    failReading(humidity, status);
    return failReading(temperature, status);
  }
  const rawTemperature = store[2] * 256 + store[3];
  const rawHumidity = store[5] * 256 + store[6];
  setReading(humidity, roundDivide(rawHumidity * 10000, 65535), 2, Unit.RelativeHumidity, 0, HIGHEST_CENTI_PERCENT);
  return setReading(temperature, roundDivide(rawTemperature * 17500, 65535) - 4500, 2, Unit.Celsius, LOWEST_CENTI_CELSIUS, HIGHEST_CENTI_CELSIUS);
}
