import type { Platform } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The Platform for Espruino on ESP32: stores are `Uint8Array`s and strings are byte strings (the
 * ESP32 build has no Unicode support, so a string's length is its byte count and `charCodeAt`
 * gives bytes); text therefore crosses one char per byte. The clock is `getTime()`.
 */

function newBytes(this: void, size: number): Bytes {
  return new Uint8Array(size);
}

function textByteLength(this: void, text: string): number {
  return text.length;
}

function writeText(this: void, text: string, store: Bytes, offset: number): number {
  const length = text.length;
  for (let index = 0; index < length; index++) {
    store[offset + index] = text.charCodeAt(index);
  }
  return length;
}

function readText(this: void, store: Bytes, offset: number, length: number): string {
  // One argument spanning a whole Uint8Array would hand back the array's own backing string
  // (no copy, Espruino 2v18+), which would then change with the store; the empty second
  // argument makes E.toString copy.
  return E.toString((store as Uint8Array).subarray(offset, offset + length), "");
}

function nowMs(this: void): number {
  return Math.floor(getTime() * 1000);
}

/** The Espruino Platform; see the module comment. */
export const espruinoPlatform: Platform = { newBytes, textByteLength, writeText, readText, nowMs };
