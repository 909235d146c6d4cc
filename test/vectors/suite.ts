/**
 * The shared vector suite: one table (packets.json), run against any engine that offers the
 * adapter's two functions. Node, the Espruino bundle and the Lua bundles each call
 * `describeVectors` with their own engine, so every runtime is held to the same bytes.
 */
import { describe, it, expect } from "vitest";
import table from "./packets.json";

/** What an engine offers: the adapter's encode and decode, returning text. */
export interface VectorEngine {
  encode(version: number, fields: unknown, capacity: number): string;
  decode(version: number, hex: string, chunkSize: number, maximumPacketSize: number): string;
}

/** The largest store any vector needs. */
const CAPACITY = 70000;

/** Chunk sizes every valid vector is decoded with: all at once, byte by byte, and an odd split. */
const CHUNK_SIZES = [0, 1, 7];

/** The vector table, typed. */
export const vectors = table as {
  valid: { name: string; version: number; hex: string; fields: Record<string, unknown> }[];
  malformed: { name: string; version: number; hex: string; error: string; maximumPacketSize?: number }[];
  unencodable: { name: string; version: number; fields: Record<string, unknown>; error: string; capacity?: number }[];
};

/** Registers the whole table against `engine` under `engineName`. */
export function describeVectors(engineName: string, engine: () => VectorEngine): void {
  describe(`packet vectors on ${engineName}`, () => {
    for (const vector of vectors.valid) {
      it(`encodes ${vector.name} (${vector.version})`, () => {
        expect(engine().encode(vector.version, vector.fields, CAPACITY)).toBe(vector.hex);
      });
      it(`decodes ${vector.name} (${vector.version}) in any chunking`, () => {
        for (const chunkSize of CHUNK_SIZES) {
          const decoded = JSON.parse(engine().decode(vector.version, vector.hex, chunkSize, CAPACITY));
          expect(decoded, `chunk size ${chunkSize}`).toEqual([vector.fields]);
        }
      });
    }
    for (const version of [4, 5]) {
      it(`decodes every ${version === 4 ? "3.1.1" : "5.0"} vector from one concatenated chunk`, () => {
        const sameVersion = vectors.valid.filter((vector) => vector.version === version);
        const decoded = JSON.parse(engine().decode(version, sameVersion.map((vector) => vector.hex).join(""), 0, CAPACITY));
        expect(decoded).toEqual(sameVersion.map((vector) => vector.fields));
      });
    }
    for (const vector of vectors.malformed) {
      it(`refuses ${vector.name} with ${vector.error}`, () => {
        for (const chunkSize of [0, 1]) {
          const decoded = JSON.parse(engine().decode(vector.version, vector.hex, chunkSize, vector.maximumPacketSize ?? CAPACITY));
          expect(decoded, `chunk size ${chunkSize}`).toEqual([{ error: vector.error }]);
        }
      });
    }
    for (const vector of vectors.unencodable) {
      it(`will not encode ${vector.name}: ${vector.error}`, () => {
        expect(engine().encode(vector.version, vector.fields, vector.capacity ?? CAPACITY)).toBe(`error:${vector.error}`);
      });
    }
  });
}
