/** @noSelfInFile */
import { floorDivide } from "../../src/bytes/integer";
import type { Platform } from "../api";
import type { Bytes } from "../../src/bytes/bytes";

/**
 * The Platform for NodeMCU (Lua 5.1 and 5.3, compiled by typescript-to-lua with
 * `luaTarget: "universal"`): stores are tables indexed from 0, strings are byte strings
 * (`string.len` counts bytes, `string.byte`/`string.char` move them), and the clock is
 * `node.uptime()` on ESP32 (`dev-esp32`) or `tmr.now()` on ESP8266 (`release`), read only when
 * `nowMs` is called so the bundle also loads on a plain Lua.
 *
 * Lua 5.3 as NodeMCU builds it has 32-bit integers and single-precision floats: `/` always gives
 * a float, exact only below 2^24, so microseconds are divided by 1000 with `floorDivide`.
 */

/** Bytes per `string.char` call in `readText`: far below every Lua's C-stack limit. */
const READ_CHUNK = 128;

const unpackRange = table.unpack !== undefined ? table.unpack : unpack;

function newBytes(size: number): Bytes {
  const store: Bytes = {};
  for (let index = 0; index < size; index++) {
    store[index] = 0;
  }
  return store;
}

function textByteLength(text: string): number {
  return string.len(text);
}

function writeText(text: string, store: Bytes, offset: number): number {
  const length = string.len(text);
  for (let index = 0; index < length; index++) {
    store[offset + index] = string.byte(text, index + 1);
  }
  return length;
}

function readText(store: Bytes, offset: number, length: number): string {
  if (length <= READ_CHUNK) {
    return length > 0 ? string.char(...unpackRange(store, offset, offset + length - 1)) : "";
  }
  const chunks: string[] = [];
  for (let start = offset; start < offset + length; start += READ_CHUNK) {
    const last = Math.min(start + READ_CHUNK, offset + length) - 1;
    chunks.push(string.char(...unpackRange(store, start, last)));
  }
  return table.concat(chunks);
}

/**
 * Milliseconds since boot. Not yet handled: on 32-bit integer Lua the sum wraps around after 2^31
 * ms (24.8 days), and ESP8266's `tmr.now()` itself wraps every 2^31 us (35.8 minutes).
 */
function nowMs(): number {
  if (node.uptime !== undefined) {
    const [low, wraps] = node.uptime();
    // wraps * 2^31 us = wraps * 2147483 ms + wraps * 648 us
    return wraps * 2147483 + floorDivide(low, 1000) + floorDivide(wraps * 648 + (low % 1000), 1000);
  }
  // ESP8266: `tmr.now` is there where `node.uptime` is not.
  return floorDivide(tmr.now!(), 1000);
}

/** The NodeMCU Platform; see the module comment. */
export const nodemcuPlatform: Platform = { newBytes, textByteLength, writeText, readText, nowMs };
