/** @noSelfInFile */

/**
 * NodeMCU's `i2c` module on ESP32, master mode, as far as hal/nodemcu uses it
 * (docs/modules/i2c.md on `dev-esp32`). Three interfaces: `i2c.SW` (software bit-banging,
 * immediate and synchronous, up to 100 kHz) and `i2c.HW0`/`i2c.HW1` (hardware, deferred until
 * `i2c.transfer`). With `i2c.SW` each call performs its step at once and returns its outcome.
 */
declare namespace i2c {
  /** The software interface. */
  const SW: number;
  /** `i2c.address` directions. */
  const TRANSMITTER: number;
  const RECEIVER: number;
  /** Standard mode, 100 kHz (the software interface's most). */
  const SLOW: number;
  /** Takes the pins and the clock in Hz for interface `id`; returns the speed set. */
  function setup(id: number, sda: number, scl: number, speed: number): number;
  /** Sends a start condition. */
  function start(id: number): void;
  /** Sends a stop condition. */
  function stop(id: number): void;
  /** Sends the 7-bit `address` with the direction; true when a device acknowledged. */
  function address(id: number, address: number, direction: number): boolean;
  /** Writes the bytes; how many were acknowledged. */
  function write(id: number, ...data: number[]): number;
  /** Reads `length` bytes (a new byte string). */
  function read(id: number, length: number): string;
}
