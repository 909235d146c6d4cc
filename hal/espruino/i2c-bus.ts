/// <reference path="./bus-globals.d.ts" />
import type { I2c, I2cOptions } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The I2c for Espruino on ESP32, over the hardware controller `I2C1` (Espruino reference:
 * `I2C.setup({sda, scl, bitrate})`, `writeTo(address, data)`, `readFrom(address, count)`).
 * The firmware throws when a device does not acknowledge; the bus turns that into -1.
 *
 * Allocation is Espruino's price, not the bus's: `writeTo` gets a view of the caller's store
 * (`subarray`, no copy of the bytes), `readFrom` returns a new Uint8Array, copied into the store.
 * Only one bus exists (`I2C1`); `port` is not read. Espruino has no call that frees the pins, so
 * `close()` only stops the bus: every transfer after it returns -1.
 */

/** Writes `length` bytes of `store` from `offset` to `address`; `length`, or -1 on a NACK. */
function writeBytes(address: number, store: Bytes, offset: number, length: number): number {
  try {
    I2C1.writeTo(address, (store as Uint8Array).subarray(offset, offset + length));
  } catch (error) {
    return -1;
  }
  return length;
}

/** Reads `length` bytes from `address` into `store` at `offset`; `length`, or -1 on a NACK. */
function readBytes(address: number, store: Bytes, offset: number, length: number): number {
  let received: Uint8Array;
  try {
    received = I2C1.readFrom(address, length);
  } catch (error) {
    return -1;
  }
  for (let index = 0; index < length; index++) {
    store[offset + index] = received[index];
  }
  return length;
}

/**
 * Sets `I2C1` up on the pins and clock of `options` (read now, not kept) and returns the bus.
 * Allocates the bus object and a one-byte register store: call at creation time.
 */
export function newEspruinoI2c(options: I2cOptions): I2c {
  I2C1.setup({ sda: options.data, scl: options.clock, bitrate: options.hz });
  const registerStore = new Uint8Array(1);
  let open = true;

  function write(this: unknown, address: number, store: Bytes, offset: number, length: number): number {
    return open ? writeBytes(address, store, offset, length) : -1;
  }

  function read(this: unknown, address: number, store: Bytes, offset: number, length: number): number {
    return open ? readBytes(address, store, offset, length) : -1;
  }

  function readRegisters(this: unknown, address: number, register: number, store: Bytes, offset: number, length: number): number {
    if (!open) return -1;
    registerStore[0] = register;
    if (writeBytes(address, registerStore, 0, 1) < 0) return -1;
    return readBytes(address, store, offset, length);
  }

  function close(this: unknown): void {
    open = false;
  }

  return { write, read, readRegisters, close };
}
