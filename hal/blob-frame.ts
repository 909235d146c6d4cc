import type { Bytes } from "../src/bytes/bytes";

/**
 * The header every stored blob copy starts with, written and checked the same way on every
 * runtime (hal/<runtime>/storage.ts), so damaged or foreign data is told apart from a good copy:
 *
 * | byte | field |
 * |---|---|
 * | 0 | BLOB_MAGIC |
 * | 1 | BLOB_VERSION |
 * | 2-3 | generation, big-endian, counting writes modulo 65536 |
 * | 4-5 | data length, big-endian |
 * | 6-7 | Fletcher-16 of bytes 0-5 and the data, big-endian (sum2 * 256 + sum1) |
 *
 * The checksum runs incrementally as an integer state (sum2 * 256 + sum1), so a runtime can feed
 * it bytes as it reads them, from a string or a file, without a store for the whole blob. The
 * subset only: no bitwise operators, no allocation.
 */

/** Bytes in the header. */
export const BLOB_HEADER_SIZE = 8;
/** The longest blob the header can describe. */
export const BLOB_MAX_LENGTH = 65535;
const BLOB_MAGIC = 109;
const BLOB_VERSION = 1;
const GENERATIONS = 65536;

/** The checksum state before any byte. */
const CHECKSUM_START = 0;

/** The checksum state after one more byte. Never allocates. */
export function blobChecksumAdd(state: number, byte: number): number {
  const low = state % 256;
  const high = (state - low) / 256;
  const sum1 = (low + byte) % 255;
  const sum2 = (high + sum1) % 255;
  return sum2 * 256 + sum1;
}

/** The checksum state after header bytes 0-5 of the header at `at` in `header`. */
export function blobChecksumOfHeader(header: Bytes, at: number): number {
  let state = CHECKSUM_START;
  for (let index = 0; index < 6; index++) {
    state = blobChecksumAdd(state, header[at + index]);
  }
  return state;
}

/**
 * The data length the header at `at` announces, or -1 when its magic or version is wrong (not
 * a blob header). Never allocates.
 */
export function blobLength(header: Bytes, at: number): number {
  if (header[at] !== BLOB_MAGIC || header[at + 1] !== BLOB_VERSION) return -1;
  return header[at + 4] * 256 + header[at + 5];
}

/** The generation in the header at `at`. */
export function blobGeneration(header: Bytes, at: number): number {
  return header[at + 2] * 256 + header[at + 3];
}

/** Whether `state`, the checksum after the header and all the data, is the one the header holds. */
export function blobChecksumMatches(header: Bytes, at: number, state: number): boolean {
  return header[at + 6] * 256 + header[at + 7] === state;
}

/** Whether generation `a` was written after `b` (modulo 65536: within half the range ahead). */
export function blobGenerationNewer(a: number, b: number): boolean {
  const ahead = (a - b + GENERATIONS) % GENERATIONS;
  return ahead > 0 && ahead < GENERATIONS / 2;
}

/** The generation after `generation`. */
export function nextBlobGeneration(generation: number): number {
  return (generation + 1) % GENERATIONS;
}

/**
 * Fills the header at `at` in `header` for `length` (at most BLOB_MAX_LENGTH) bytes of `store`
 * from `offset`, written as `generation`. Never allocates.
 */
export function fillBlobHeader(header: Bytes, at: number, generation: number, store: Bytes, offset: number, length: number): void {
  header[at] = BLOB_MAGIC;
  header[at + 1] = BLOB_VERSION;
  header[at + 2] = (generation - (generation % 256)) / 256;
  header[at + 3] = generation % 256;
  header[at + 4] = (length - (length % 256)) / 256;
  header[at + 5] = length % 256;
  let state = blobChecksumOfHeader(header, at);
  for (let index = 0; index < length; index++) {
    state = blobChecksumAdd(state, store[offset + index]);
  }
  header[at + 6] = (state - (state % 256)) / 256;
  header[at + 7] = state % 256;
}
