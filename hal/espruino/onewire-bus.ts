/// <reference path="./bus-globals.d.ts" />
import type { OneWire, OneWireOptions } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The OneWire for Espruino, over its `OneWire` class (src/jswrap_onewire.c: `reset()`, `skip()`,
 * `write(byte, power)`, `read()`, `search()`). Match ROM is sent as the command byte 0x55 and the
 * eight ROM bytes, one `write` each, rather than through `select(hexString)`, so addressing a
 * device makes no string. Every byte is written with `power` true: the line stays driven high
 * afterwards, which a parasite-powered DS18B20 needs through a conversion.
 *
 * Allocation: none per transfer; `search` builds Espruino's array of hex strings (setup time).
 * `close()` stops the bus: afterwards `reset` finds nothing and reads give 0xFF.
 */

/** The Match ROM command. */
const MATCH_ROM = 0x55;

/** Makes the bus on `options.pin` (read now, not kept). Allocates: call at creation time. */
export function newEspruinoOneWire(options: OneWireOptions): OneWire {
  const bus = new OneWire(options.pin);
  let open = true;

  function reset(this: unknown): boolean {
    return open && bus.reset();
  }

  function select(this: unknown, store: Bytes, offset: number): void {
    if (!open) return;
    bus.write(MATCH_ROM, true);
    for (let index = 0; index < 8; index++) {
      bus.write(store[offset + index], true);
    }
  }

  function skip(this: unknown): void {
    if (open) bus.skip();
  }

  function write(this: unknown, store: Bytes, offset: number, length: number): void {
    if (!open) return;
    for (let index = 0; index < length; index++) {
      bus.write(store[offset + index], true);
    }
  }

  function read(this: unknown, store: Bytes, offset: number, length: number): void {
    for (let index = 0; index < length; index++) {
      store[offset + index] = open ? bus.read() : 0xff;
    }
  }

  function search(this: unknown, store: Bytes, offset: number, capacity: number): number {
    if (!open) return 0;
    const found = bus.search();
    const count = found.length < capacity ? found.length : capacity;
    for (let device = 0; device < count; device++) {
      const rom = found[device];
      for (let index = 0; index < 8; index++) {
        store[offset + device * 8 + index] = parseInt(rom.substr(index * 2, 2), 16);
      }
    }
    return count;
  }

  function close(this: unknown): void {
    open = false;
  }

  return { reset, select, skip, write, read, search, close };
}
