/**
 * The drivers' reading cycle over buses that replay recorded device answers, in the subset so the
 * very same loop runs on Node and, compiled to Lua, on Lua 5.1, 5.3 and fengari's 32-bit integers
 * (the virtual devices of hal/sim are Node code). The I2C bus answers as a BME280 holding the
 * datasheet example's calibration and measurement (Bosch's 32-bit formulas give 2508, 56317/1024
 * and 100656) and as an SHT3x replying 0x6666 / 0x8000 with their CRCs; the 1-Wire bus replays a
 * DS18B20 scratchpad of 0x0191 (25.0625 degrees); the pin replays a DHT22 reply for 65.2 %RH and
 * -3.5 degrees; the converter counts up through its range. Everything is made in `newWorkload`;
 * `runWorkload` must not allocate.
 */
import type { Adc, Gpio, I2c, Integers, OneWire, Platform } from "../../hal/api";
import type { Bytes } from "../../src/bytes/bytes";
import { bme280Read, bme280Start, newBme280 } from "../../hal/drivers/bme280";
import type { Bme280 } from "../../hal/drivers/bme280";
import { compensateHumidity, compensatePressure, compensateTemperature } from "../../hal/drivers/bme280-compensation";
import { newSht3x, sht3xRead, sht3xStart } from "../../hal/drivers/sht3x";
import type { Sht3x } from "../../hal/drivers/sht3x";
import { ds18b20Read, ds18b20Start, newDs18b20 } from "../../hal/drivers/ds18b20";
import type { Ds18b20 } from "../../hal/drivers/ds18b20";
import { dht22Read, dht22Start, newDht22 } from "../../hal/drivers/dht22";
import type { Dht22 } from "../../hal/drivers/dht22";
import { analogRead, newAnalogInput } from "../../hal/drivers/analog";
import type { AnalogCalibration, AnalogInput } from "../../hal/drivers/analog";
import { ReadingStatus, Unit, newReading } from "../../hal/drivers/reading";
import type { Reading } from "../../hal/drivers/reading";

const BME280_AT = 0x76;
const SHT3X_AT = 0x44;
const READINGS_PER_CYCLE = 9;

/** Registers 0x88..0xA1, 0xD0, 0xE1..0xE7 and 0xF7..0xFE of the replayed BME280 (first register, then bytes). */
const BME280_IMAGE = [
  [0x88, 0x70, 0x6b, 0x43, 0x67, 0x18, 0xfc, 0x7d, 0x8e, 0x43, 0xd6, 0xd0, 0x0b, 0x27, 0x0b, 0x8c, 0x00, 0xf9, 0xff, 0x8c, 0x3c, 0xf8, 0xc6, 0x70, 0x17, 0x00, 0x4b],
  [0xd0, 0x60],
  [0xe1, 0x6a, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1e],
  [0xf7, 0x65, 0x5a, 0xc0, 0x7e, 0xed, 0x00, 0x75, 0x30],
];
const SHT3X_REPLY = [0x66, 0x66, 0x93, 0x80, 0x00, 0xa2];
const DS18B20_SCRATCHPAD = [0x91, 0x01, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10, 0x70];
/** 652 (65.2 %RH), 0x8023 (-3.5 degrees), and their sum's low byte. */
const DHT22_FRAME = [0x02, 0x8c, 0x80, 0x23, 0x31];

/** What the replaying buses hold. */
interface Replay {
  registers: Bytes;
  pointer: number;
  shtReply: Bytes;
  scratchpad: Bytes;
  scratchpadPosition: number;
  pulses: Integers;
  pulseCount: number;
  adcCount: number;
}

/** One driver of each kind, and the nine readings they write (shared with the Node workload). */
export interface DriverSet {
  bme280: Bme280;
  sht3x: Sht3x;
  ds18b20: Ds18b20;
  dht22: Dht22;
  analog: AnalogInput;
  readings: Reading[];
}

/** Everything the workload touches, made once. */
export interface DriverReplayWorkload extends DriverSet {
  replay: Replay;
}

/** The converter's counts to millivolts, 0..3300. */
export const MILLIVOLTS: AnalogCalibration = { rawLow: 0, valueLow: 0, rawHigh: 4095, valueHigh: 3300, decimals: 3, unit: Unit.Volt, minimum: 0, maximum: 3300 };

/** Makes the nine readings a `DriverSet` writes. Allocates. */
export function newReadings(): Reading[] {
  const readings: Reading[] = [];
  for (let index = 0; index < READINGS_PER_CYCLE; index++) {
    readings.push(newReading());
  }
  return readings;
}

function copyInto(store: Bytes, offset: number, bytes: number[], from: number): void {
  for (let index = from; index < bytes.length; index++) {
    store[offset + index - from] = bytes[index];
  }
}

function newReplay(platform: Platform): Replay {
  const registers = platform.newBytes(256);
  for (const block of BME280_IMAGE) {
    copyInto(registers, block[0], block, 1);
  }
  const shtReply = platform.newBytes(6);
  copyInto(shtReply, 0, SHT3X_REPLY, 0);
  const scratchpad = platform.newBytes(9);
  copyInto(scratchpad, 0, DS18B20_SCRATCHPAD, 0);
  const pulses: Integers = [];
  pulses[0] = 80;
  pulses[1] = 80;
  let count = 2;
  for (let byteIndex = 0; byteIndex < 5; byteIndex++) {
    let weight = 128;
    for (let bit = 0; bit < 8; bit++) {
      const set = DHT22_FRAME[byteIndex] % (weight * 2) >= weight;
      pulses[count] = 50;
      pulses[count + 1] = set ? 70 : 27;
      count = count + 2;
      weight = weight / 2;
    }
  }
  pulses[count] = 50;
  return { registers, pointer: 0, shtReply, scratchpad, scratchpadPosition: 0, pulses, pulseCount: count + 1, adcCount: 0 };
}

function newReplayI2c(replay: Replay): I2c {
  return {
    write(address: number, store: Bytes, offset: number, length: number): number {
      if (address === BME280_AT) {
        replay.pointer = store[offset];
        return length;
      }
      return address === SHT3X_AT ? length : -1;
    },
    read(address: number, store: Bytes, offset: number, length: number): number {
      for (let index = 0; index < length; index++) {
        store[offset + index] = address === BME280_AT ? replay.registers[replay.pointer + index] : replay.shtReply[index];
      }
      return address === BME280_AT || address === SHT3X_AT ? length : -1;
    },
    readRegisters(address: number, register: number, store: Bytes, offset: number, length: number): number {
      replay.pointer = register;
      return this.read(address, store, offset, length);
    },
    close(): void {
      replay.pointer = 0;
    },
  };
}

function newReplayOneWire(replay: Replay): OneWire {
  return {
    reset(): boolean {
      replay.scratchpadPosition = 0;
      return true;
    },
    select(_store: Bytes, _offset: number): void {
      replay.scratchpadPosition = 0;
    },
    skip(): void {
      replay.scratchpadPosition = 0;
    },
    write(_store: Bytes, _offset: number, _length: number): void {
      replay.scratchpadPosition = 0;
    },
    read(store: Bytes, offset: number, length: number): void {
      for (let index = 0; index < length; index++) {
        store[offset + index] = replay.scratchpad[(replay.scratchpadPosition + index) % 9];
      }
      replay.scratchpadPosition = replay.scratchpadPosition + length;
    },
    search(_store: Bytes, _offset: number, _capacity: number): number {
      return 0;
    },
    close(): void {
      replay.scratchpadPosition = 0;
    },
  };
}

/** A pin whose levels go nowhere (the replay has no line to drive) and whose captures replay the DHT22. */
function newReplayPin(replay: Replay): Gpio {
  return {
    mode(_mode: number): void {},
    write(_level: number): void {},
    read(): number {
      return 1;
    },
    capturePulses(_lowMicroseconds: number, durations: Integers, capacity: number): boolean {
      for (let index = 0; index < capacity && index < replay.pulseCount; index++) {
        durations[index] = replay.pulses[index];
      }
      return true;
    },
    capturedPulses(): number {
      return replay.pulseCount;
    },
    close(): void {
      replay.pulseCount = 0;
    },
  };
}

function newReplayAdc(replay: Replay): Adc {
  return {
    maximum: 4095,
    read(): number {
      replay.adcCount = (replay.adcCount + 1) % 4096;
      return replay.adcCount;
    },
    close(): void {
      replay.adcCount = 0;
    },
  };
}

/** Makes the replaying buses, the drivers and the readings (`version` is the meter's, unused). */
export function newWorkload(platform: Platform, _version: number): DriverReplayWorkload {
  const replay = newReplay(platform);
  const i2c = newReplayI2c(replay);
  return {
    replay,
    bme280: newBme280(platform, i2c, BME280_AT),
    sht3x: newSht3x(platform, i2c, SHT3X_AT),
    ds18b20: newDs18b20(platform, newReplayOneWire(replay)),
    dht22: newDht22(newReplayPin(replay)),
    analog: newAnalogInput(newReplayAdc(replay), MILLIVOLTS),
    readings: newReadings(),
  };
}

/**
 * Reads every driver of `drivers` once: each starts a measurement and reads it at once (the
 * replayed and virtual devices need no waiting). Returns how many readings came out `Ok`.
 */
export function readCycle(drivers: DriverSet): number {
  const r = drivers.readings;
  bme280Start(drivers.bme280);
  bme280Read(drivers.bme280, r[0], r[1], r[2]);
  sht3xStart(drivers.sht3x);
  sht3xRead(drivers.sht3x, r[3], r[4]);
  ds18b20Start(drivers.ds18b20);
  ds18b20Read(drivers.ds18b20, r[5]);
  dht22Start(drivers.dht22);
  dht22Read(drivers.dht22, r[6], r[7]);
  analogRead(drivers.analog, r[8]);
  let good = 0;
  for (let index = 0; index < READINGS_PER_CYCLE; index++) {
    if (r[index].status === ReadingStatus.Ok) {
      good = good + 1;
    }
  }
  return good;
}

/** Runs `count` reading cycles; returns how many readings came out `Ok`. */
export function runWorkload(workload: DriverReplayWorkload, count: number): number {
  let good = 0;
  for (let cycle = 0; cycle < count; cycle++) {
    good = good + readCycle(workload);
  }
  return good;
}

/** Every reading of every cycle is good. */
export function expectedPackets(_workload: DriverSet, count: number): number {
  return count * READINGS_PER_CYCLE;
}

/**
 * Bosch's compensation of raw counts with the replayed chip's calibration (read by the first
 * cycle): temperature in centi-degrees (`quantity` 0), pressure in pascals (1), humidity in
 * 1/1024 %RH (2), for comparing runtimes with Bosch's C results.
 */
export function compensateRaw(workload: DriverReplayWorkload, adcT: number, adcP: number, adcH: number, quantity: number): number {
  const calibration = workload.bme280.calibration;
  const centiCelsius = compensateTemperature(calibration, adcT);
  if (quantity === 0) {
    return centiCelsius;
  }
  return quantity === 1 ? compensatePressure(calibration, adcP) : compensateHumidity(calibration, adcH);
}

/** The value of reading `index` (0..8) after the last cycle, for comparing runtimes. */
export function readingValue(workload: DriverReplayWorkload, index: number): number {
  return workload.readings[index].value;
}
