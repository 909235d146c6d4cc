/** @noSelfInFile */

/**
 * NodeMCU's `gpio` module on ESP32, as far as hal/nodemcu uses it (docs/modules/gpio.md on
 * `dev-esp32`). Pins are GPIO numbers.
 */
declare namespace gpio {
  /** Directions. */
  const IN: number;
  const OUT: number;
  const IN_OUT: number;
  /** Pulls. */
  const FLOATING: number;
  const PULL_UP: number;
  /** Trigger types: both edges, or none. */
  const INTR_UP_DOWN: number;
  const INTR_DISABLE: number;
  /** Configures one pin (`opendrain` 1 applies to output directions). */
  function config(settings: GpioConfig): void;
  /** Drives the pin to `level` (0 or 1). */
  function write(pin: number, level: number): void;
  /** The level on the pin, 0 or 1. */
  function read(pin: number): number;
  /**
   * Sets (or with `INTR_DISABLE`, clears) the pin's interrupt: `callback(pin, level)` then runs
   * from the Lua task queue, some time after the edge.
   */
  function trig(pin: number, type: number, callback?: (this: void, pin: number, level: number) => void): void;
}

/** One `gpio.config` table. */
interface GpioConfig {
  gpio: number;
  dir: number;
  opendrain?: number;
  pull?: number;
}
