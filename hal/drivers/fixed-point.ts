/**
 * Integer division for the drivers' fixed-point arithmetic, exact on every runtime: V8 and
 * Espruino (doubles), Lua 5.1 (doubles) and NodeMCU's Lua 5.3 (32-bit integers, single-precision
 * floats). `/` gives a float on all of them; with single precision the float quotient of a large
 * dividend can be off by more than one, so the integer remainder, computed exactly in integer
 * arithmetic, corrects it. `floorDivide(n, 2^k)` is C's arithmetic `n >> k`, which the datasheets'
 * formulas use on signed values. Its result is an integer on Lua 5.3 too (`math.floor` returns
 * one), so the drivers take every quotient through it: a bare `/` would turn the rest of a
 * computation into floats, inexact in single precision above 2^24.
 * @hotpath-module
 */

/**
 * The largest integer not above `dividend / divisor`, for integers with `divisor` > 0 and
 * `divisor` < 2^24, and the quotient within ±2^31. Never allocates.
 */
export function floorDivide(dividend: number, divisor: number): number {
  const estimate = Math.floor(dividend / divisor);
  const remainder = dividend - estimate * divisor;
  return estimate + Math.floor(remainder / divisor);
}

/** `dividend / divisor` rounded to the nearest integer, halves upward; as `floorDivide`. Never allocates. */
export function roundDivide(dividend: number, divisor: number): number {
  return floorDivide(dividend + floorDivide(divisor, 2), divisor);
}

/** `value` (0..2^bits - 1) read as a two's complement number of `bits` bits. Never allocates. */
export function signedOf(value: number, bits: number): number {
  let half = 1;
  for (let bit = 1; bit < bits; bit++) {
    half = half * 2;
  }
  return value >= half ? value - half * 2 : value;
}
