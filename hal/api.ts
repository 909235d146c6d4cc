import type { Bytes } from "../src/bytes/bytes";

/**
 * The runtime services the portable core needs: byte stores, text <-> bytes, and a clock.
 *
 * One implementation per runtime lives in `hal/<runtime>/platform.ts`; the core receives it at
 * creation and never names a runtime API itself. Text is UTF-8 on the wire; each runtime turns
 * its own strings into those bytes (JavaScript strings on Node, byte strings on Espruino and Lua).
 */
export interface Platform {
  /** Makes a zero-filled store of `size` bytes. Allocates: call only at creation time. */
  newBytes(this: void, size: number): Bytes;
  /** The number of UTF-8 bytes `text` takes on the wire. Never allocates. */
  textByteLength(this: void, text: string): number;
  /**
   * Copies the UTF-8 bytes of `text` into `store` at `offset` and returns how many were written.
   * The caller has checked the room with `textByteLength`. Never allocates.
   */
  writeText(this: void, text: string, store: Bytes, offset: number): number;
  /** Makes a string from `length` bytes of `store` at `offset`. Allocates the string it returns. */
  readText(this: void, store: Bytes, offset: number, length: number): string;
  /** Milliseconds from an arbitrary origin, monotonic, as an integer. Never allocates. */
  nowMs(this: void): number;
}
