import type { Platform } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The Platform for Node.js (the simulator and the unit tests): stores are `Uint8Array`s, text is
 * a JavaScript (UTF-16) string turned into UTF-8 as `Buffer` and `TextEncoder` do (a lone
 * surrogate becomes U+FFFD, three bytes), and the clock is `process.hrtime()` counted from when
 * this module loaded.
 *
 * The clock is read from `process.hrtime()` because `performance.now()` and `Date.now()` return
 * doubles that V8 boxes on every call (16 bytes per reading, measured with the benchmark's heap
 * meter), and the client reads the clock for every packet it sends. hrtime's two-number array
 * does not escape `nowMs`: when V8 inlines hrtime into the optimised caller, as it mostly does,
 * nothing is allocated, and the milliseconds stay small integers (V8 keeps those unboxed) for the
 * first twelve days of a process. Inlining is V8's choice, though: in about one process in fifteen
 * the meter saw hrtime called out of line from the client's send path, 32 bytes a reading.
 *
 * `writeText` encodes by hand because `TextEncoder.encodeInto` needs a `subarray` view and returns
 * a result object, two allocations per call, and the Platform promises none.
 */

const decoder = new TextDecoder();

function newBytes(this: void, size: number): Bytes {
  return new Uint8Array(size);
}

function textByteLength(this: void, text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function writeText(this: void, text: string, store: Bytes, offset: number): number {
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) return index + writeFrom(text, index, store, offset + index);
    store[offset + index] = code;
  }
  return length;
}

/** Encodes `text` from UTF-16 unit `start` on into `store` at `offset`; returns the bytes written. */
function writeFrom(text: string, start: number, store: Bytes, offset: number): number {
  let at = offset;
  let index = start;
  while (index < text.length) {
    let code = text.charCodeAt(index);
    index = index + 1;
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = index < text.length ? text.charCodeAt(index) : 0;
      if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + (code - 0xd800) * 0x400 + (low - 0xdc00);
        index = index + 1;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x80) {
      store[at] = code;
      at = at + 1;
    } else if (code < 0x800) {
      store[at] = 0xc0 + Math.floor(code / 0x40);
      store[at + 1] = 0x80 + (code % 0x40);
      at = at + 2;
    } else if (code < 0x10000) {
      store[at] = 0xe0 + Math.floor(code / 0x1000);
      store[at + 1] = 0x80 + (Math.floor(code / 0x40) % 0x40);
      store[at + 2] = 0x80 + (code % 0x40);
      at = at + 3;
    } else {
      store[at] = 0xf0 + Math.floor(code / 0x40000);
      store[at + 1] = 0x80 + (Math.floor(code / 0x1000) % 0x40);
      store[at + 2] = 0x80 + (Math.floor(code / 0x40) % 0x40);
      store[at + 3] = 0x80 + (code % 0x40);
      at = at + 4;
    }
  }
  return at - offset;
}

function readText(this: void, store: Bytes, offset: number, length: number): string {
  return decoder.decode((store as Uint8Array).subarray(offset, offset + length));
}

/** The monotonic clock's whole seconds when this module loaded: the clock's origin. */
const originSeconds = process.hrtime()[0];

function nowMs(this: void): number {
  const time = process.hrtime();
  const nanoseconds = time[1];
  return (time[0] - originSeconds) * 1000 + (nanoseconds - (nanoseconds % 1000000)) / 1000000;
}

/** The Node.js Platform; see the module comment. */
export const nodePlatform: Platform = { newBytes, textByteLength, writeText, readText, nowMs };
