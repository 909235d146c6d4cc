import type { Bytes } from "./bytes";
import { floorDivide } from "./integer";

/**
 * Numbers to ASCII digits and back, in caller stores, without making strings: the formatting
 * telemetry payloads and test vectors need on every runtime.
 * @hotpath-module
 */

/** ASCII code of the digit "0", and of "a" for hexadecimal digits above 9. */
const DIGIT_ZERO = 0x30;
const LETTER_A = 0x61;

/** How many characters `value` (an integer) takes in decimal, sign included. Never allocates. @hotpath */
export function decimalLength(value: number): number {
  let rest = value < 0 ? -value : value;
  let length = value < 0 ? 2 : 1;
  while (rest >= 10) {
    rest = floorDivide(rest, 10);
    length = length + 1;
  }
  return length;
}

/**
 * Writes the integer `value` in decimal at `offset` (a leading "-" when negative); returns the
 * offset after it. The caller has checked the room with `decimalLength`. Never allocates.
 * @hotpath
 */
export function writeDecimal(store: Bytes, offset: number, value: number): number {
  const length = decimalLength(value);
  let rest = value;
  if (value < 0) {
    store[offset] = 0x2d;
    rest = -value;
  }
  let position = offset + length - 1;
  while (rest >= 10) {
    const digit = rest % 10;
    store[position] = DIGIT_ZERO + digit;
    rest = floorDivide(rest, 10);
    position = position - 1;
  }
  store[position] = DIGIT_ZERO + rest;
  return offset + length;
}

/** Writes `value` (0..255) as two lowercase hexadecimal digits at `offset`. Never allocates. @hotpath */
export function writeHexByte(store: Bytes, offset: number, value: number): number {
  const low = value % 16;
  const high = (value - low) / 16;
  store[offset] = high < 10 ? DIGIT_ZERO + high : LETTER_A + high - 10;
  store[offset + 1] = low < 10 ? DIGIT_ZERO + low : LETTER_A + low - 10;
  return offset + 2;
}

/** The value of one hexadecimal digit (either case), or -1 for any other byte. Never allocates. @hotpath */
export function hexDigitValue(code: number): number {
  if (code >= DIGIT_ZERO && code <= DIGIT_ZERO + 9) {
    return code - DIGIT_ZERO;
  }
  if (code >= LETTER_A && code <= LETTER_A + 5) {
    return code - LETTER_A + 10;
  }
  if (code >= 0x41 && code <= 0x46) {
    return code - 0x41 + 10;
  }
  return -1;
}
