/**
 * Integer division that is exact on every runtime. In Lua 5.3, `/` always gives a float, and
 * NodeMCU builds Lua with 32-bit integers and single-precision floats: a float quotient of a large
 * dividend can be off by more than one, so the integer remainder, computed exactly in integer
 * arithmetic, corrects it. `floorDivide(n, 2^k)` is C's arithmetic `n >> k`, which datasheet
 * formulas use on signed values. Its result is an integer on Lua 5.3 too (`math.floor` returns
 * one), so code takes every quotient through it: a bare `/` would turn the rest of a computation
 * into floats, inexact in single precision above 2^24.
 * @hotpath-module
 */

/**
 * The largest integer not above `dividend / divisor`, for integers with `divisor` > 0 and
 * `divisor` < 2^24, and the quotient within ±2^31. Never allocates.
 * @hotpath
 */
export function floorDivide(dividend: number, divisor: number): number {
  const estimate = Math.floor(dividend / divisor);
  const remainder = dividend - estimate * divisor;
  return estimate + Math.floor(remainder / divisor);
}
