/**
 * The drivers' fixed-point helpers over `floorDivide` (src/bytes/integer.ts), exact on every
 * runtime: rounding division and two's complement reading of register values.
 * @hotpath-module
 */
import { floorDivide } from "../../src/bytes/integer";

export { floorDivide };

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
