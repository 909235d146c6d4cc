/**
 * Hostile inputs for the decoder, made with fast-check: random byte soup, and valid vectors
 * mutated (bytes flipped, inserted, deleted, the end cut off), each with a chunk size. The same
 * inputs run on every runtime, so their outputs can be compared with Node's.
 */
import fc from "fast-check";
import { vectors } from "../vectors/suite";

/** One decoder input: protocol version, the bytes as hex, and the chunk size to feed them in. */
export interface FuzzInput {
  version: number;
  hex: string;
  chunkSize: number;
}

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** One edit of a byte array. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), value: fc.constant(0) }),
);

/** Applies `edits` to `bytes` (positions taken modulo the current length). */
function mutate(bytes: Uint8Array, edits: { kind: "flip" | "insert" | "delete" | "cut"; at: number; value: number }[]): Uint8Array {
  let result = Array.from(bytes);
  for (const edit of edits) {
    const at = result.length === 0 ? 0 : edit.at % result.length;
    if (edit.kind === "flip") result[at] = edit.value;
    else if (edit.kind === "insert") result.splice(at, 0, edit.value);
    else if (edit.kind === "delete") result.splice(at, 1);
    else result = result.slice(0, at);
  }
  return Uint8Array.from(result);
}

const version = fc.constantFrom(4, 5);
const chunkSize = fc.integer({ min: 0, max: 9 });
const smallVectors = vectors.valid.filter((vector) => vector.hex.length <= 1024);

/** Random bytes, up to 64 of them. */
export const byteSoup: fc.Arbitrary<FuzzInput> = fc
  .record({ version, bytes: fc.uint8Array({ maxLength: 64 }), chunkSize })
  .map((input) => ({ version: input.version, hex: hexOf(input.bytes), chunkSize: input.chunkSize }));

/** A valid vector (of either version, decoded as either version) with one to four edits. */
export const mutatedPacket: fc.Arbitrary<FuzzInput> = fc
  .record({
    version,
    vector: fc.constantFrom(...smallVectors),
    edits: fc.array(mutation, { minLength: 1, maxLength: 4 }),
    chunkSize,
  })
  .map((input) => ({
    version: input.version,
    hex: hexOf(mutate(Buffer.from(input.vector.hex, "hex"), input.edits)),
    chunkSize: input.chunkSize,
  }));

/** `count` inputs of each kind, reproducible from `seed`. */
export function fuzzInputs(count: number, seed: number): FuzzInput[] {
  return [...fc.sample(byteSoup, { numRuns: count, seed }), ...fc.sample(mutatedPacket, { numRuns: count, seed: seed + 1 })];
}
