import type { Bytes } from "../../../src/bytes/bytes";
import type { VirtualI2cDevice } from "./i2c-bus";
import type { Environment } from "./environment";
import { sensirionCrc } from "./crc8";

/** Single-shot measurement commands (datasheet table 9): either clock-stretching setting, any repeatability. */
const SINGLE_SHOT_COMMANDS = new Set([0x2400, 0x240b, 0x2416, 0x2c06, 0x2c0d, 0x2c10]);
const SOFT_RESET = 0x30a2;

/**
 * An SHT3x at the command level (datasheet section 4): a single-shot command measures
 * `environment` (raw = (T + 45) / 175 * 65535 and RH / 100 * 65535, the inverse of section 4.13,
 * rounded and clamped) and the next read returns temperature and humidity words, each followed by
 * its CRC-8. A read with no measurement waiting is not acknowledged (as the chip does with clock
 * stretching off), and so is everything when `present` is false. `corruptCrc` flips a bit of
 * the humidity word's CRC, as a noisy line would. Never allocates per transfer.
 */
export class VirtualSht3x implements VirtualI2cDevice {
  present = true;
  corruptCrc = false;
  /** Measurements taken. */
  measurements = 0;
  private readonly reply = new Uint8Array(6);
  private waiting = false;

  constructor(readonly environment: Environment) {}

  receive(store: Bytes, offset: number, length: number): boolean {
    if (!this.present || length !== 2) {
      return false;
    }
    const command = (store[offset] << 8) | store[offset + 1];
    if (command === SOFT_RESET) {
      this.waiting = false;
      return true;
    }
    if (!SINGLE_SHOT_COMMANDS.has(command)) {
      return false;
    }
    this.measure();
    return true;
  }

  transmit(store: Bytes, offset: number, length: number): boolean {
    if (!this.present || !this.waiting) {
      return false;
    }
    for (let index = 0; index < length; index++) {
      store[offset + index] = index < 6 ? this.reply[index] : 0xff;
    }
    this.waiting = false;
    return true;
  }

  private measure(): void {
    this.measurements++;
    const rawT = clampWord(Math.round(((this.environment.celsius + 45) / 175) * 65535));
    const rawH = clampWord(Math.round((this.environment.humidityPercent / 100) * 65535));
    const reply = this.reply;
    reply[0] = rawT >> 8;
    reply[1] = rawT & 0xff;
    reply[2] = sensirionCrc(reply, 0, 2);
    reply[3] = rawH >> 8;
    reply[4] = rawH & 0xff;
    reply[5] = sensirionCrc(reply, 3, 2) ^ (this.corruptCrc ? 0x01 : 0);
    this.waiting = true;
  }
}

function clampWord(value: number): number {
  return Math.min(0xffff, Math.max(0, value));
}
