import type { I2c, I2cOptions } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The I2c for NodeMCU on ESP32, over the `i2c` module's software interface `i2c.SW`
 * (docs/modules/i2c.md on `dev-esp32`). It is chosen over the hardware `i2c.HW0`/`HW1` because
 * each of its calls happens at once and returns its outcome (`address` the acknowledgement,
 * `write` the bytes acknowledged), so a transfer is start, address, write or read, stop, and a
 * silent device is seen at once; the hardware interfaces queue the steps for `i2c.transfer` and
 * report later. Its clock stops at 100 kHz, which is plenty for a sensor read now and then.
 *
 * Allocation: a write passes the bytes as `i2c.write`'s arguments (spread from the store, no
 * table or string); a read gets the firmware's new byte string. `port` is not read; `close()`
 * stops the bus (every transfer afterwards returns -1).
 */

const BUS = i2c.SW;

const unpackRange = table.unpack !== undefined ? table.unpack : unpack;

/** Writes `length` bytes of `store` from `offset` to `address`; `length`, or -1 unacknowledged. */
function transmit(address: number, store: Bytes, offset: number, length: number): number {
  i2c.start(BUS);
  const acknowledged = i2c.address(BUS, address, i2c.TRANSMITTER);
  let written = 0;
  if (acknowledged && length > 0) {
    written = i2c.write(BUS, ...unpackRange(store, offset, offset + length - 1));
  }
  i2c.stop(BUS);
  return acknowledged && written === length ? length : -1;
}

/** Reads `length` bytes from `address` into `store` at `offset`; `length`, or -1 unacknowledged. */
function receive(address: number, store: Bytes, offset: number, length: number): number {
  i2c.start(BUS);
  const acknowledged = i2c.address(BUS, address, i2c.RECEIVER);
  if (acknowledged) {
    const data = i2c.read(BUS, length);
    for (let index = 0; index < length; index++) {
      store[offset + index] = string.byte(data, index + 1);
    }
  }
  i2c.stop(BUS);
  return acknowledged ? length : -1;
}

/**
 * Sets `i2c.SW` up on the pins and clock of `options` (read now, not kept) and returns the bus.
 * Allocates the bus object and a one-byte register store: call at creation time.
 */
export function newNodemcuI2c(options: I2cOptions): I2c {
  i2c.setup(BUS, options.data, options.clock, options.hz);
  const registerStore: Bytes = { 0: 0 };
  let open = true;

  function write(this: unknown, address: number, store: Bytes, offset: number, length: number): number {
    return open ? transmit(address, store, offset, length) : -1;
  }

  function read(this: unknown, address: number, store: Bytes, offset: number, length: number): number {
    return open ? receive(address, store, offset, length) : -1;
  }

  function readRegisters(this: unknown, address: number, register: number, store: Bytes, offset: number, length: number): number {
    if (!open) return -1;
    registerStore[0] = register;
    if (transmit(address, registerStore, 0, 1) < 0) return -1;
    return receive(address, store, offset, length);
  }

  function close(this: unknown): void {
    open = false;
  }

  return { write, read, readRegisters, close };
}
