import type { Gpio, Integers } from "../../api";
import { PinMode } from "../../api";
import type { Environment } from "./environment";

/** Pulse lengths of the reply (AM2302 datasheet, section 7), in microseconds. */
const ANSWER_LOW = 80;
const ANSWER_HIGH = 80;
const BIT_LOW = 50;
const ZERO_HIGH = 27;
const ONE_HIGH = 70;

/**
 * A DHT22 (AM2302) on a GPIO pin, at the pulse level: `capturePulses` answers the start signal at
 * once with the reply the device would send for `environment` — 80 us low, 80 us high, 40 bits
 * (50 us low, then 27 us high for 0 or 70 us for 1), a final 50 us low — with a deterministic
 * jitter of up to ±`jitterMicroseconds` on every pulse, as a busy runtime would time them.
 * Humidity and temperature are sent in tenths, rounded, clamped to the sensor's range.
 * Faults for tests: `present = false` (no reply), `corruptChecksum` (the last byte off by one),
 * `truncateAfter` (the reply stops after that many pulses). Never allocates per capture.
 */
export class VirtualDht22Pin implements Gpio {
  present = true;
  corruptChecksum = false;
  truncateAfter = Infinity;
  jitterMicroseconds = 6;
  /** Start signals answered. */
  captures = 0;
  /** The start signal's low time the driver asked for last. */
  lastStartLow = 0;
  private level = 1;
  private pinMode = PinMode.InputPullUp;
  private recorded = 0;
  private readonly frame = new Uint8Array(5);
  private target: Integers | undefined;
  private limit = 0;

  constructor(readonly environment: Environment) {}

  mode(mode: PinMode): void {
    this.pinMode = mode;
  }

  write(level: number): void {
    this.level = level === 0 ? 0 : 1;
  }

  read(): number {
    return this.pinMode === PinMode.Output ? this.level : 1;
  }

  capturePulses(lowMicroseconds: number, durations: Integers, capacity: number): boolean {
    this.captures++;
    this.lastStartLow = lowMicroseconds;
    this.recorded = 0;
    if (!this.present || lowMicroseconds < 800) {
      return true;
    }
    this.fillFrame();
    this.target = durations;
    this.limit = Math.min(capacity, this.truncateAfter);
    this.put(ANSWER_LOW);
    this.put(ANSWER_HIGH);
    for (let bit = 0; bit < 40; bit++) {
      const set = (this.frame[bit >> 3] >> (7 - (bit & 7))) & 1;
      this.put(BIT_LOW);
      this.put(set === 1 ? ONE_HIGH : ZERO_HIGH);
    }
    this.put(BIT_LOW);
    return true;
  }

  private put(length: number): void {
    if (this.recorded < this.limit && this.target !== undefined) {
      this.target[this.recorded] = Math.max(1, length + this.jitter(this.recorded));
      this.recorded++;
    }
  }

  capturedPulses(): number {
    return this.recorded;
  }

  close(): void {
    this.recorded = 0;
  }

  private jitter(index: number): number {
    const spread = this.jitterMicroseconds * 2 + 1;
    return ((index * 7 + this.captures * 3) % spread) - this.jitterMicroseconds;
  }

  private fillFrame(): void {
    const humidity = Math.min(1000, Math.max(0, Math.round(this.environment.humidityPercent * 10)));
    const temperature = Math.min(800, Math.max(-400, Math.round(this.environment.celsius * 10)));
    const magnitude = Math.abs(temperature);
    const frame = this.frame;
    frame[0] = humidity >> 8;
    frame[1] = humidity & 0xff;
    frame[2] = (magnitude >> 8) | (temperature < 0 ? 0x80 : 0);
    frame[3] = magnitude & 0xff;
    frame[4] = (frame[0] + frame[1] + frame[2] + frame[3] + (this.corruptChecksum ? 1 : 0)) & 0xff;
  }
}
