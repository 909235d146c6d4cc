import type { Bytes } from "../bytes/bytes";

/**
 * Sensor readings as plain decimal text: a fixed-point integer and its number of decimals
 * (2153 with 2 is "21.53", -5 with 1 is "-0.5") written into a caller store. Digits come from
 * subtracting powers of ten, never from division, so the text is exact on every engine: Lua 5.3
 * on NodeMCU has 32-bit integers and single-precision floats, where `/` would give a float that
 * cannot hold a nine-digit quotient.
 * @hotpath-module
 */

/** The most decimals a reading may carry (a nanounit). */
export const MAX_DECIMALS = 9;

/** The largest magnitude a reading may have: 2^31 - 1 (its negation is still a 32-bit integer). */
export const MAX_READING = 2147483647;

/** Powers of ten from 10^0 to 10^9, the digit weights of a 32-bit integer. */
const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

const DIGIT_ZERO = 0x30;
const MINUS = 0x2d;
const POINT = 0x2e;

/** How many digits `magnitude` (0 .. MAX_READING) has: 1 for 0. Never allocates. @hotpath */
function digitCount(magnitude: number): number {
  let count = 1;
  while (count < POWERS_OF_TEN.length && magnitude >= POWERS_OF_TEN[count]) {
    count = count + 1;
  }
  return count;
}

/**
 * How many bytes `value` with `decimals` takes as text (sign, digits, point), or -1 when the
 * reading is out of range: `value` not an integer within ±MAX_READING, or `decimals` not an
 * integer 0..MAX_DECIMALS. Never allocates.
 * @hotpath
 */
export function fixedPointLength(value: number, decimals: number): number {
  const magnitude = value < 0 ? -value : value;
  if (!(magnitude <= MAX_READING) || magnitude % 1 !== 0) {
    return -1;
  }
  if (!(decimals >= 0 && decimals <= MAX_DECIMALS) || decimals % 1 !== 0) {
    return -1;
  }
  const digits = digitCount(magnitude);
  const written = digits > decimals ? digits : decimals + 1;
  return (value < 0 ? 1 : 0) + written + (decimals > 0 ? 1 : 0);
}

/**
 * Writes `value` with `decimals` as plain decimal text at `offset` if it fits before `end`: a
 * "-" for negative values, at least one digit before the point, exactly `decimals` digits after
 * it, no point when `decimals` is 0 (0 with 2 is "0.00", -5 with 1 is "-0.5"). Returns the offset
 * after the text, or -1 (writing nothing) when the reading is out of range (see
 * `fixedPointLength`) or the text does not fit. Never allocates.
 * @hotpath
 */
export function writeFixedPoint(store: Bytes, offset: number, end: number, value: number, decimals: number): number {
  const length = fixedPointLength(value, decimals);
  if (length < 0 || offset + length > end) {
    return -1;
  }
  let position = offset;
  let rest = value;
  if (value < 0) {
    store[position] = MINUS;
    position = position + 1;
    rest = -value;
  }
  const digits = digitCount(rest);
  let place = digits > decimals ? digits : decimals + 1;
  while (place > 0) {
    place = place - 1;
    if (place === decimals - 1) {
      store[position] = POINT;
      position = position + 1;
    }
    const weight = POWERS_OF_TEN[place];
    let digit = 0;
    while (rest >= weight) {
      rest = rest - weight;
      digit = digit + 1;
    }
    store[position] = DIGIT_ZERO + digit;
    position = position + 1;
  }
  return position;
}
