/** @noSelfInFile */
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
 * a float, exact only below 2^24, so microseconds are divided by 1000 with `wholeThousands`.
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
 * `floor(n / 1000)` for an integer n >= 0, exact on every Lua: the float quotient may be one off
 * when floats are single precision, and the integer remainder puts it right. `quotient * 1000`
 * may wrap around on 32-bit integers, but the difference it feeds is small, so it comes out exact.
 */
function wholeThousands(n: number): number {
  const multiple = n - (n % 1000);
  let quotient = Math.floor(multiple / 1000);
  const difference = multiple - quotient * 1000;
  if (difference < 0) {
    quotient = quotient - 1;
  } else if (difference >= 1000) {
    quotient = quotient + 1;
  }
  return quotient;
}

/**
 * Milliseconds since boot. Not yet handled: on 32-bit integer Lua the sum wraps around after 2^31
 * ms (24.8 days), and ESP8266's `tmr.now()` itself wraps every 2^31 us (35.8 minutes).
 */
function nowMs(): number {
  if (node.uptime !== undefined) {
    const [low, wraps] = node.uptime();
    // wraps * 2^31 us = wraps * 2147483 ms + wraps * 648 us
    return wraps * 2147483 + wholeThousands(low) + wholeThousands(wraps * 648 + (low % 1000));
  }
  // ESP8266: `tmr.now` is there where `node.uptime` is not.
  return wholeThousands(tmr.now!());
}

/** The NodeMCU Platform; see the module comment. */
export const nodemcuPlatform: Platform = { newBytes, textByteLength, writeText, readText, nowMs };
