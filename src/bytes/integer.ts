/**
 * Integer division that is exact on every runtime. In Lua 5.3, `/` always gives a float, and
 * NodeMCU builds Lua with 32-bit integers and single-precision floats: a float quotient is exact
 * only below 2^24. The float estimate is put right with integer arithmetic (the remainder is
 * exact in 32-bit integers), a step at a time.
 * @hotpath-module
 */

/**
 * `floor(n / divisor)` for integers n >= 0 and divisor >= 1, exact on Node, Espruino, Lua 5.1 and
 * NodeMCU's 32-bit Lua 5.3. Never allocates.
 * @hotpath
 */
export function integerQuotient(n: number, divisor: number): number {
  let quotient = Math.floor(n / divisor);
  let remainder = n - quotient * divisor;
  while (remainder < 0) {
    quotient = quotient - 1;
    remainder = remainder + divisor;
  }
  while (remainder >= divisor) {
    quotient = quotient + 1;
    remainder = remainder - divisor;
  }
  return quotient;
}
