/**
 * The MQTT data representations (spec section 1.5): two- and four-byte integers, variable byte
 * integers, length-prefixed strings and binary data, read from and written to caller stores.
 * Four-byte integers travel as signed 32-bit values (0xFFFFFFFF is -1), because NodeMCU's Lua
 * has 32-bit integers: the bytes round-trip exactly on every runtime.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";

/** The largest value a variable byte integer can carry (268,435,455). */
export const VARIABLE_INTEGER_MAX = 268435455;

/** Reads a big-endian two-byte integer at `offset`. Never allocates. @hotpath */
export function readTwoByteInteger(store: Bytes, offset: number): number {
  return store[offset] * 256 + store[offset + 1];
}

/** Writes `value` (0..65535) big-endian at `offset`; returns the offset after it. Never allocates. @hotpath */
export function writeTwoByteInteger(store: Bytes, offset: number, value: number): number {
  const low = value % 256;
  store[offset] = (value - low) / 256;
  store[offset + 1] = low;
  return offset + 2;
}

/**
 * Reads a big-endian four-byte integer at `offset` as a signed 32-bit value. Never allocates.
 * @hotpath
 */
export function readFourByteInteger(store: Bytes, offset: number): number {
  const high = store[offset];
  const signedHigh = high >= 128 ? high - 256 : high;
  return signedHigh * 16777216 + store[offset + 1] * 65536 + store[offset + 2] * 256 + store[offset + 3];
}

/**
 * Writes a signed 32-bit `value` big-endian at `offset` (negative values as two's complement);
 * returns the offset after it. Never allocates.
 * @hotpath
 */
export function writeFourByteInteger(store: Bytes, offset: number, value: number): number {
  let unsigned = value;
  let topBit = 0;
  if (value < 0) {
    unsigned = value + 1073741824 + 1073741824;
    topBit = 128;
  }
  const byte3 = unsigned % 256;
  unsigned = (unsigned - byte3) / 256;
  const byte2 = unsigned % 256;
  unsigned = (unsigned - byte2) / 256;
  const byte1 = unsigned % 256;
  store[offset] = (unsigned - byte1) / 256 + topBit;
  store[offset + 1] = byte1;
  store[offset + 2] = byte2;
  store[offset + 3] = byte3;
  return offset + 4;
}

/** How many bytes `value` takes as a variable byte integer (1..4). Never allocates. @hotpath */
export function variableIntegerSize(value: number): number {
  if (value < 128) {
    return 1;
  }
  if (value < 16384) {
    return 2;
  }
  if (value < 2097152) {
    return 3;
  }
  return 4;
}

/**
 * Writes `value` (0..268,435,455) as a variable byte integer at `offset`; returns the offset
 * after it. Never allocates.
 * @hotpath
 */
export function writeVariableInteger(store: Bytes, offset: number, value: number): number {
  let rest = value;
  let position = offset;
  while (rest >= 128) {
    const digit = rest % 128;
    store[position] = digit + 128;
    rest = (rest - digit) / 128;
    position = position + 1;
  }
  store[position] = rest;
  return position + 1;
}

/**
 * The result of reading a variable byte integer: the value and how many bytes it took; or a byte
 * count of 0 when the input ended first, or -1 when it is malformed (over four bytes, or longer
 * than the value needs, which MQTT forbids: [MQTT-1.5.5-1]).
 */
export interface VariableIntegerReading {
  value: number;
  byteCount: number;
}

/**
 * Reads a variable byte integer from `store[offset .. end)` into `reading`. Sets byteCount to
 * 1..4 on success, 0 when the bytes ran out first, -1 when a fifth byte would be needed or the
 * encoding is not the shortest (a last byte of 0 after continuation bytes).
 * Never reads at or past `end`; never allocates.
 * @hotpath
 */
export function readVariableInteger(store: Bytes, offset: number, end: number, reading: VariableIntegerReading): void {
  let value = 0;
  let multiplier = 1;
  for (let index = 0; index < 4; index++) {
    if (offset + index >= end) {
      reading.byteCount = 0;
      return;
    }
    const encoded = store[offset + index];
    if (encoded < 128) {
      reading.value = value + encoded * multiplier;
      reading.byteCount = encoded === 0 && index > 0 ? -1 : index + 1;
      return;
    }
    value = value + (encoded - 128) * multiplier;
    multiplier = multiplier * 128;
  }
  reading.byteCount = -1;
}

/**
 * Copies `length` bytes from `source[sourceOffset ..]` to `target[targetOffset ..]`; returns the
 * offset after them in target. The ranges must not overlap. Never allocates.
 * @hotpath
 */
export function copyBytes(source: Bytes, sourceOffset: number, target: Bytes, targetOffset: number, length: number): number {
  for (let index = 0; index < length; index++) {
    target[targetOffset + index] = source[sourceOffset + index];
  }
  return targetOffset + length;
}
