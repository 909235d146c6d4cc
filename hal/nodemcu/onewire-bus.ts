import type { OneWire, OneWireOptions } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The OneWire for NodeMCU, over the `ow` module (docs/modules/ow.md: `ow.setup`, `ow.reset`,
 * `ow.skip`, `ow.write`, `ow.read`, `ow.reset_search`, `ow.search`). Match ROM is sent as the
 * command byte 0x55 and the eight ROM bytes, one `ow.write` each, rather than through
 * `ow.select(pin, romString)`, so addressing a device makes no string; reads go a byte at a time
 * (`ow.read`) for the same reason. Every byte is written with `power` 1: the line stays driven
 * high afterwards, which a parasite-powered DS18B20 needs through a conversion.
 *
 * Allocation: none per transfer; `search` gets the firmware's byte string per device (setup
 * time). `close()` stops the bus: afterwards `reset` finds nothing and reads give 0xFF.
 */

/** The Match ROM command. */
const MATCH_ROM = 0x55;

/** Makes `options.pin` (read now, not kept) a 1-Wire bus. Allocates: call at creation time. */
export function newNodemcuOneWire(options: OneWireOptions): OneWire {
  const pin = options.pin;
  ow.setup(pin);
  let open = true;

  function reset(this: unknown): boolean {
    return open && ow.reset(pin) === 1;
  }

  function select(this: unknown, store: Bytes, offset: number): void {
    if (!open) return;
    ow.write(pin, MATCH_ROM, 1);
    for (let index = 0; index < 8; index++) {
      ow.write(pin, store[offset + index], 1);
    }
  }

  function skip(this: unknown): void {
    if (open) ow.skip(pin);
  }

  function write(this: unknown, store: Bytes, offset: number, length: number): void {
    if (!open) return;
    for (let index = 0; index < length; index++) {
      ow.write(pin, store[offset + index], 1);
    }
  }

  function read(this: unknown, store: Bytes, offset: number, length: number): void {
    for (let index = 0; index < length; index++) {
      store[offset + index] = open ? ow.read(pin) : 0xff;
    }
  }

  function search(this: unknown, store: Bytes, offset: number, capacity: number): number {
    if (!open) return 0;
    ow.reset_search(pin);
    let count = 0;
    while (count < capacity) {
      const rom = ow.search(pin);
      if (rom === undefined) break;
      for (let index = 0; index < 8; index++) {
        store[offset + count * 8 + index] = string.byte(rom, index + 1);
      }
      count++;
    }
    return count;
  }

  function close(this: unknown): void {
    open = false;
  }

  return { reset, select, skip, write, read, search, close };
}
