import type { Adc, Gpio, Integers } from "../../api";
import { PinMode } from "../../api";

/**
 * An analog input on Node: it reads `raw`, which a test sets, or — with `waveform` — the raw value
 * of a deterministic triangle wave from 0 to `maximum` and back over `period` reads. Raw values
 * are clamped to 0..maximum as a converter would. Implements `Adc`; never allocates per read.
 */
export class VirtualAdc implements Adc {
  raw = 0;
  waveform = false;
  period = 200;
  /** Conversions done. */
  reads = 0;

  constructor(readonly maximum = 4095) {}

  read(): number {
    const step = this.reads % this.period;
    this.reads++;
    if (this.waveform) {
      const half = this.period / 2;
      const rising = step < half ? step : this.period - step;
      return Math.round((rising / half) * this.maximum);
    }
    return Math.min(this.maximum, Math.max(0, Math.round(this.raw)));
  }

  close(): void {
    this.reads = 0;
  }
}

/**
 * A plain digital pin on Node: what is written reads back in output modes; in input modes it reads
 * `externalLevel`, which a test sets (1 by default with a pull-up, 0 without). It has no device
 * answering pulses: a capture records nothing. Implements `Gpio`; never allocates.
 */
export class VirtualGpio implements Gpio {
  externalLevel: number | undefined;
  private level = 0;
  private pinMode: PinMode;

  constructor(mode: PinMode = PinMode.Input) {
    this.pinMode = mode;
  }

  mode(mode: PinMode): void {
    this.pinMode = mode;
  }

  write(level: number): void {
    this.level = level === 0 ? 0 : 1;
  }

  read(): number {
    if (this.pinMode === PinMode.Output || this.pinMode === PinMode.OpenDrain) {
      return this.level;
    }
    return this.externalLevel ?? (this.pinMode === PinMode.InputPullUp ? 1 : 0);
  }

  capturePulses(_lowMicroseconds: number, _durations: Integers, _capacity: number): boolean {
    return true;
  }

  capturedPulses(): number {
    return 0;
  }

  close(): void {
    this.pinMode = PinMode.Input;
  }
}
