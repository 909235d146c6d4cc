import type { Bytes } from "../../../src/bytes/bytes";
import type { VirtualI2cDevice } from "./i2c-bus";
import type { Environment } from "./environment";
import { rawCounts } from "./bme280-physics";
import type { Bme280CalibrationWords } from "./bme280-physics";

/**
 * Calibration words from Bosch's worked example (BMP280 datasheet, section 3.12: t1..p9), with
 * humidity words typical of BME280 parts. With them, raw temperature 519888 and raw pressure
 * 415148 give 25.08 degrees and 100653.27 Pa (100656 Pa by the 32-bit integer pressure formula).
 */
export const EXAMPLE_CALIBRATION: Bme280CalibrationWords = {
  t1: 27504, t2: 26435, t3: -1000,
  p1: 36477, p2: -10685, p3: 3024, p4: 2855, p5: 140, p6: -7, p7: 15500, p8: -14600, p9: 6000,
  h1: 75, h2: 362, h3: 0, h4: 313, h5: 50, h6: 30,
};

const CHIP_ID = 0x60;
const REGISTER_CHIP_ID = 0xd0;
const REGISTER_RESET = 0xe0;
const REGISTER_CONTROL_HUMIDITY = 0xf2;
const REGISTER_STATUS = 0xf3;
const REGISTER_CONTROL_MEASUREMENT = 0xf4;
const REGISTER_DATA = 0xf7;
const RESET_WORD = 0xb6;

/** What the virtual chip does besides answering as a BME280 should. */
export interface VirtualBme280Options {
  /** The calibration programmed into registers 0x88..0xA1 and 0xE1..0xE7 (default: `EXAMPLE_CALIBRATION`). */
  calibration?: Bme280CalibrationWords;
  /** The chip id register (0x60 for a BME280; 0x58 makes it a BMP280). */
  chipId?: number;
}

/**
 * A BME280 at the register level (datasheet section 5): chip id, reset, calibration registers,
 * ctrl_hum (latched by the next ctrl_meas write), ctrl_meas, config, and the measurement
 * registers 0xF7..0xFE. A forced-mode write to ctrl_meas measures `environment` — converted back
 * to raw counts through the inverse of the datasheet's compensation — for the channels whose
 * oversampling is not "skipped" (those read 0x80000 / 0x8000), then returns to sleep mode.
 * `present = false` makes it NACK everything. Writes to read-only registers are ignored, as on the
 * chip. Never allocates per transfer.
 */
export class VirtualBme280 implements VirtualI2cDevice {
  readonly registers = new Uint8Array(256);
  present = true;
  /** Forced measurements taken. */
  measurements = 0;
  /** When set, the next measurements report these raw counts instead of `environment`'s. */
  rawOverride: { adcT: number; adcP: number; adcH: number } | undefined;
  private pointer = 0;
  private latchedHumidityControl = 0;
  private readonly words: Bme280CalibrationWords;
  private readonly counts = new Int32Array(3);

  constructor(readonly environment: Environment, options: VirtualBme280Options = {}) {
    this.words = { ...(options.calibration ?? EXAMPLE_CALIBRATION) };
    this.registers[REGISTER_CHIP_ID] = options.chipId ?? CHIP_ID;
    this.powerOn();
  }

  receive(store: Bytes, offset: number, length: number): boolean {
    if (!this.present) {
      return false;
    }
    if (length > 0) {
      this.pointer = store[offset];
    }
    for (let index = 1; index < length; index++) {
      this.writeRegister(this.pointer, store[offset + index]);
      this.pointer = (this.pointer + 1) & 0xff;
    }
    return true;
  }

  transmit(store: Bytes, offset: number, length: number): boolean {
    if (!this.present) {
      return false;
    }
    for (let index = 0; index < length; index++) {
      store[offset + index] = this.registers[this.pointer];
      this.pointer = (this.pointer + 1) & 0xff;
    }
    return true;
  }

  /** Writes `bytes` into the register file from `first` (a datasheet-style register dump). */
  loadRegisters(first: number, bytes: ArrayLike<number>): void {
    for (let index = 0; index < bytes.length; index++) {
      this.registers[first + index] = bytes[index];
    }
    this.readCalibration();
  }

  private powerOn(): void {
    this.registers.fill(0, REGISTER_CONTROL_HUMIDITY, 0x100);
    this.registers.set([0x80, 0x00, 0x00, 0x80, 0x00, 0x00, 0x80, 0x00], REGISTER_DATA);
    this.writeCalibration();
    this.latchedHumidityControl = 0;
  }

  private writeRegister(register: number, value: number): void {
    if (register === REGISTER_RESET) {
      if (value === RESET_WORD) {
        this.powerOn();
      }
      return;
    }
    if (register === REGISTER_CONTROL_HUMIDITY || register === 0xf5) {
      this.registers[register] = value;
      return;
    }
    if (register !== REGISTER_CONTROL_MEASUREMENT) {
      return;
    }
    this.latchedHumidityControl = this.registers[REGISTER_CONTROL_HUMIDITY] & 0x07;
    this.registers[register] = value;
    const mode = value & 0x03;
    if (mode === 1 || mode === 2) {
      this.measure(value >> 5, (value >> 2) & 0x07, this.latchedHumidityControl);
      this.registers[register] = value & 0xfc;
    }
  }

  private measure(temperatureOversampling: number, pressureOversampling: number, humidityOversampling: number): void {
    this.measurements++;
    const override = this.rawOverride;
    if (override === undefined) {
      rawCounts(this.words, this.environment, this.counts);
    } else {
      this.counts[0] = override.adcT;
      this.counts[1] = override.adcP;
      this.counts[2] = override.adcH;
    }
    const adcT = this.counts[0];
    const adcP = this.counts[1];
    const adcH = this.counts[2];
    const registers = this.registers;
    const skippedT = temperatureOversampling === 0;
    const skippedP = pressureOversampling === 0;
    this.put20(REGISTER_DATA, skippedP ? 0x80000 : adcP);
    this.put20(REGISTER_DATA + 3, skippedT ? 0x80000 : adcT);
    const humidity = humidityOversampling === 0 ? 0x8000 : adcH;
    registers[REGISTER_DATA + 6] = humidity >> 8;
    registers[REGISTER_DATA + 7] = humidity & 0xff;
    registers[REGISTER_STATUS] = 0;
  }

  private put20(register: number, value: number): void {
    this.registers[register] = value >> 12;
    this.registers[register + 1] = (value >> 4) & 0xff;
    this.registers[register + 2] = (value & 0x0f) << 4;
  }

  /** Programs the calibration words into their registers (datasheet table 16). */
  private writeCalibration(): void {
    const words = this.words;
    const low = [words.t1, words.t2, words.t3, words.p1, words.p2, words.p3, words.p4, words.p5, words.p6, words.p7, words.p8, words.p9];
    low.forEach((word, index) => {
      this.registers[0x88 + index * 2] = word & 0xff;
      this.registers[0x89 + index * 2] = (word >> 8) & 0xff;
    });
    this.registers[0xa1] = words.h1;
    this.registers[0xe1] = words.h2 & 0xff;
    this.registers[0xe2] = (words.h2 >> 8) & 0xff;
    this.registers[0xe3] = words.h3;
    this.registers[0xe4] = (words.h4 >> 4) & 0xff;
    this.registers[0xe5] = (words.h4 & 0x0f) | ((words.h5 & 0x0f) << 4);
    this.registers[0xe6] = (words.h5 >> 4) & 0xff;
    this.registers[0xe7] = words.h6 & 0xff;
  }

  /** Reads the calibration words back from the registers (after a register dump was loaded). */
  private readCalibration(): void {
    const r = this.registers;
    const unsigned = (register: number): number => r[register] | (r[register + 1] << 8);
    const signed = (register: number): number => (unsigned(register) << 16) >> 16;
    const w = this.words;
    w.t1 = unsigned(0x88); w.t2 = signed(0x8a); w.t3 = signed(0x8c);
    w.p1 = unsigned(0x8e); w.p2 = signed(0x90); w.p3 = signed(0x92); w.p4 = signed(0x94); w.p5 = signed(0x96);
    w.p6 = signed(0x98); w.p7 = signed(0x9a); w.p8 = signed(0x9c); w.p9 = signed(0x9e);
    w.h1 = r[0xa1]; w.h2 = signed(0xe1); w.h3 = r[0xe3];
    w.h4 = (((r[0xe4] << 4) | (r[0xe5] & 0x0f)) << 20) >> 20;
    w.h5 = (((r[0xe6] << 4) | (r[0xe5] >> 4)) << 20) >> 20;
    w.h6 = (r[0xe7] << 24) >> 24;
  }
}
