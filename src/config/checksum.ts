import type { Bytes } from "../bytes/bytes";

/**
 * The checksum a saved config carries: Fletcher's two running sums over the bytes, each modulo
 * 65535, as one number `second * 65536 + first` would be. It catches every single-byte change
 * and every swap of two different bytes, and needs only `+` and `%` (the subset has no bitwise
 * operators, and a table-driven CRC would cost the interpreters far more per byte).
 */

const MODULUS = 65535;

/** The first sum (the bytes' sum) and second sum (the sum of first sums) of a range, filled in by `checksumRange`. */
export interface Checksum {
  first: number;
  second: number;
}

/** Computes the checksum of `length` bytes of `store` at `offset` into `result`. Never allocates. */
export function checksumRange(store: Bytes, offset: number, length: number, result: Checksum): void {
  let first = 0;
  let second = 0;
  for (let index = offset; index < offset + length; index++) {
    first = (first + store[index]) % MODULUS;
    second = (second + first) % MODULUS;
  }
  result.first = first;
  result.second = second;
}
