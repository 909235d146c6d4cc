/**
 * Maxim DS18B20 temperature sensor on 1-Wire: `ds18b20Start` sends Convert T (0x44), and
 * `ds18b20Read`, `DS18B20_CONVERSION_MS` later, reads the 9-byte scratchpad (0xBE) and checks its
 * CRC-8. The device is addressed by its ROM code once `ds18b20SetRom` gave one, else with Skip ROM
 * (a bus with one device). The temperature is decoded at the resolution the configuration byte
 * says (12-bit at power-up: 1/16 degree). Readings: centi-degrees Celsius.
 * @hotpath-module
 */
import type { Platform, OneWire } from "../api";
import type { Bytes } from "../../src/bytes/bytes";
import { ReadingStatus, Unit, failReading, setReading } from "./reading";
import type { Reading } from "./reading";
import { floorDivide, roundDivide, signedOf } from "./fixed-point";
import { crc8Maxim } from "./crc8";

/** Datasheet table 2: at most 750 ms for a 12-bit conversion. */
export const DS18B20_CONVERSION_MS = 750;

/** The family code in the first byte of every DS18B20's ROM code. */
export const DS18B20_FAMILY = 0x28;

const CONVERT_T = 0x44;
const READ_SCRATCHPAD = 0xbe;
const SCRATCHPAD_LENGTH = 9;
/** Where the command byte sits in the driver's store, after the scratchpad. */
const COMMAND_OFFSET = 9;
/** Where the ROM code sits in the driver's store. */
const ROM_OFFSET = 10;

/** Measurement range (datasheet: -55 to +125 degrees), in centi-degrees. */
const LOWEST_CENTI_CELSIUS = -5500;
const HIGHEST_CENTI_CELSIUS = 12500;

/** One DS18B20 on a bus. */
export interface Ds18b20 {
  bus: OneWire;
  /** The scratchpad (0..8), the command byte (9), the ROM code (10..17). */
  store: Bytes;
  selectsRom: boolean;
}

/** Makes the driver for the only device on `bus` (Skip ROM). Allocates: call at creation time. */
export function newDs18b20(platform: Platform, bus: OneWire): Ds18b20 {
  return { bus: bus, store: platform.newBytes(ROM_OFFSET + 8), selectsRom: false };
}

/**
 * Addresses the device by the 8-byte ROM code in `rom` at `offset` from now on (copied).
 * Returns false, changing nothing, when the code's CRC is wrong. Never allocates.
 */
export function ds18b20SetRom(sensor: Ds18b20, rom: Bytes, offset: number): boolean {
  if (crc8Maxim(rom, offset, 8) !== 0) {
    return false;
  }
  for (let index = 0; index < 8; index++) {
    sensor.store[ROM_OFFSET + index] = rom[offset + index];
  }
  sensor.selectsRom = true;
  return true;
}

/** Resets the bus and addresses the device; false when nothing answered the reset. Never allocates. */
function address(sensor: Ds18b20): boolean {
  if (!sensor.bus.reset()) {
    return false;
  }
  if (sensor.selectsRom) {
    sensor.bus.select(sensor.store, ROM_OFFSET);
  } else {
    sensor.bus.skip();
  }
  return true;
}

/** Sends one command byte to the addressed device. Never allocates. */
function command(sensor: Ds18b20, code: number): void {
  sensor.store[COMMAND_OFFSET] = code;
  sensor.bus.write(sensor.store, COMMAND_OFFSET, 1);
}

/** Starts a conversion; `Ok`, or `NoDevice` when no presence pulse answered. Never allocates. */
export function ds18b20Start(sensor: Ds18b20): ReadingStatus {
  if (!address(sensor)) {
    return ReadingStatus.NoDevice;
  }
  command(sensor, CONVERT_T);
  return ReadingStatus.Ok;
}

/**
 * Reads the scratchpad into the caller-owned `temperature`: `NoDevice` without a presence pulse,
 * `BadChecksum` when the CRC-8 does not match (a line with nothing driving it reads all 0xFF,
 * which fails it too). Returns the reading's status. Never allocates.
 */
export function ds18b20Read(sensor: Ds18b20, temperature: Reading): ReadingStatus {
  const store = sensor.store;
  temperature.unit = Unit.Celsius;
  temperature.decimals = 2;
  if (!address(sensor)) {
    return failReading(temperature, ReadingStatus.NoDevice);
  }
  command(sensor, READ_SCRATCHPAD);
  sensor.bus.read(store, 0, SCRATCHPAD_LENGTH);
  if (crc8Maxim(store, 0, SCRATCHPAD_LENGTH) !== 0 || store[7] !== 0x10) {
    return failReading(temperature, ReadingStatus.BadChecksum);
  }
  const resolutionBits = 9 + floorDivide(store[4], 32) % 4;
  let step = 1;
  for (let bit = resolutionBits; bit < 12; bit++) {
    step = step * 2;
  }
  const sixteenths = floorDivide(signedOf(store[0] + store[1] * 256, 16), step) * step;
  return setReading(temperature, roundDivide(sixteenths * 625, 100), 2, Unit.Celsius, LOWEST_CENTI_CELSIUS, HIGHEST_CENTI_CELSIUS);
}
