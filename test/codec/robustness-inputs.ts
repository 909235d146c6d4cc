/**
 * Inputs for the robustness tests: random byte soup, runs of fake packets with plausible headers,
 * and valid packets (vectors, or random ones we encode) with random edits.
 */
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";
import { encodeVector } from "../vectors/adapter";
import { vectors } from "../vectors/suite";
import { streamCaseArbitrary } from "./arbitraries";

/** Bytes to decode, the connection's protocol level, and the decoder's maximum packet size. */
export interface Input {
  version: number;
  bytes: Uint8Array;
  maximumPacketSize: number;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    const digit = rest % 128;
    rest = (rest - digit) / 128;
    bytes.push(rest > 0 ? digit + 128 : digit);
  } while (rest > 0);
  return bytes;
}

/** First bytes that pass the fixed-header check for some version, so soup gets past byte one. */
const PLAUSIBLE_FIRST_BYTES = [
  0x10, 0x20, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x3a, 0x3b, 0x3c, 0x3d, 0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xa2, 0xb0, 0xc0,
  0xd0, 0xe0, 0xf0,
];

/** A fake packet: a plausible (or any) first byte, a remaining length near the body's, a random body. */
export const fakePacketArbitrary = fc
  .record({
    first: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PLAUSIBLE_FIRST_BYTES) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
    body: fc.uint8Array({ maxLength: 40 }),
    skew: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 268435455 }) }),
    overlong: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map(({ first, body, skew, overlong }) => {
    const declared = skew > 3 ? skew : Math.max(0, body.length + skew);
    let length = varint(declared);
    if (overlong) {
      // A non-minimal or five-byte remaining length.
      length = [...length.slice(0, -1).map((byte) => byte), length[length.length - 1] + 128, 0x80, 0x80, 0x00].slice(0, 5);
    }
    return [first, ...length, ...body];
  });

export const maximumSizeArbitrary = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.constant(70000) },
);

/** Random bytes, or a run of fake packets. */
export const soupArbitrary: fc.Arbitrary<Input> = fc.record({
  version: fc.constantFrom(3, 4, 5),
  bytes: fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 100 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 100, maxLength: 600 }) },
    { weight: 4, arbitrary: fc.array(fakePacketArbitrary, { minLength: 1, maxLength: 4 }).map((packets) => Uint8Array.from(packets.flat())) },
    { weight: 1, arbitrary: fc.array(fakePacketArbitrary, { minLength: 5, maxLength: 20 }).map((packets) => Uint8Array.from(packets.flat())) },
  ),
  maximumPacketSize: maximumSizeArbitrary,
});

/** One edit to a byte string; positions are taken modulo its length. */
export type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "insert"; at: number; value: number }
  | { kind: "delete"; at: number }
  | { kind: "truncate"; at: number }
  | { kind: "duplicate"; at: number; length: number }
  | { kind: "bumpLength"; delta: number };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0x23, 0x2b, 0x2f)) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("bumpLength" as const), delta: fc.integer({ min: -3, max: 3 }) }),
);

export function mutate(source: number[], mutation: Mutation): number[] {
  const bytes = source.slice();
  const size = bytes.length;
  switch (mutation.kind) {
    case "flip":
      if (size > 0) {
        const at = mutation.at % size;
        bytes[at] = bytes[at] ^ (1 << mutation.bit);
      }
      return bytes;
    case "set":
      if (size > 0) {
        bytes[mutation.at % size] = mutation.value;
      }
      return bytes;
    case "insert":
      bytes.splice(mutation.at % (size + 1), 0, mutation.value);
      return bytes;
    case "delete":
      if (size > 0) {
        bytes.splice(mutation.at % size, 1);
      }
      return bytes;
    case "truncate":
      return bytes.slice(0, mutation.at % (size + 1));
    case "duplicate": {
      if (size === 0) {
        return bytes;
      }
      const at = mutation.at % size;
      return [...bytes.slice(0, at), ...bytes.slice(at, at + mutation.length), ...bytes.slice(at)];
    }
    case "bumpLength":
      // The byte after the first is the remaining length's first byte.
      if (size > 1) {
        bytes[1] = (bytes[1] + mutation.delta + 256) % 256;
      }
      return bytes;
  }
}

/** Every valid and malformed vector, as a starting point for mutation. */
const VECTOR_INPUTS = [...vectors.valid, ...vectors.malformed].map((vector) => ({
  version: vector.version,
  bytes: [...Buffer.from(vector.hex, "hex")],
}));

/** Valid packets: a vector, or a few random valid packets encoded by us. */
const validBaseArbitrary: fc.Arbitrary<{ version: number; bytes: number[] }> = fc.oneof(
  fc.constantFrom(...VECTOR_INPUTS),
  streamCaseArbitrary({ mqttPacketCompatible: false }, 3).map(({ version, packets }) => {
    const hex = packets.map((fields) => encodeVector(nodePlatform, version, fields, 70000)).join("");
    if (hex.includes("error:")) {
      throw new Error(`our encoder refused a valid packet: ${hex}`);
    }
    return { version, bytes: [...Buffer.from(hex, "hex")] };
  }),
);

/** Valid packets with one to four random edits. */
export const mutatedArbitrary: fc.Arbitrary<Input> = fc.record({
  base: validBaseArbitrary,
  mutations: fc.oneof(
    { weight: 2, arbitrary: fc.array(mutationArbitrary, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(mutationArbitrary, { minLength: 2, maxLength: 4 }) },
  ),
  maximumPacketSize: maximumSizeArbitrary,
  // Sometimes the connection speaks another level than the packets were made for.
  otherVersion: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(3, 4, 5) }),
}).map(({ base, mutations, maximumPacketSize, otherVersion }) => ({
  version: otherVersion === 0 ? base.version : otherVersion,
  bytes: Uint8Array.from(mutations.reduce(mutate, base.bytes)),
  maximumPacketSize,
}));

/** Soup or mutated packets, with a store small enough for the slower guarded stores. */
export function anyInputArbitrary(largestStore: number): fc.Arbitrary<Input> {
  return fc.oneof(soupArbitrary, mutatedArbitrary).map((input) => ({
    ...input,
    maximumPacketSize: Math.min(input.maximumPacketSize, largestStore),
  }));
}
