import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fixedPointLength, writeFixedPoint, MAX_DECIMALS, MAX_READING } from "../../src/telemetry/fixed-point";

/** The reference: the same text made with Number arithmetic and toFixed (exact for these ranges). */
function referenceText(value: number, decimals: number): string {
  const magnitude = (Math.abs(value) / 10 ** decimals).toFixed(decimals);
  return value < 0 ? "-" + magnitude : magnitude;
}

/** Formats into a store with a sentinel byte around the text; returns the text and the offset reported. */
function format(value: number, decimals: number): { text: string; end: number; untouched: boolean } {
  const store = new Uint8Array(40).fill(0x7e);
  const end = writeFixedPoint(store, 3, 30, value, decimals);
  const text = end < 0 ? "" : new TextDecoder().decode(store.subarray(3, end));
  const untouched = store[2] === 0x7e && store[end < 0 ? 3 : end] === 0x7e;
  return { text, end, untouched };
}

describe("fixed-point formatting", () => {
  it.each([
    [2153, 2, "21.53"],
    [-5, 1, "-0.5"],
    [0, 0, "0"],
    [0, 2, "0.00"],
    [7, 3, "0.007"],
    [-2153, 2, "-21.53"],
    [100, 2, "1.00"],
    [-100, 0, "-100"],
    [MAX_READING, 0, "2147483647"],
    [-MAX_READING, 9, "-2.147483647"],
    [1, 9, "0.000000001"],
  ])("writes %d with %d decimals as %s", (value, decimals, expected) => {
    const result = format(value, decimals);
    expect(result.text).toBe(expected);
    expect(result.end).toBe(3 + expected.length);
    expect(fixedPointLength(value, decimals)).toBe(expected.length);
    expect(result.untouched).toBe(true);
  });

  it("matches the Number-based reference over the whole 32-bit range and 0..6 decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_READING, max: MAX_READING }), fc.integer({ min: 0, max: 6 }), (value, decimals) => {
        const result = format(value, decimals);
        expect(result.text).toBe(referenceText(value, decimals));
        expect(fixedPointLength(value, decimals)).toBe(result.text.length);
        expect(result.untouched).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it("matches the reference for small values near zero, where the padding matters", () => {
    fc.assert(
      fc.property(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: MAX_DECIMALS }), (value, decimals) => {
        expect(format(value, decimals).text).toBe(referenceText(value, decimals));
      }),
    );
  });

  it.each([
    [MAX_READING + 1, 0],
    [-MAX_READING - 1, 0],
    [1.5, 1],
    [Number.NaN, 0],
    [10, -1],
    [10, MAX_DECIMALS + 1],
    [10, 1.5],
  ])("refuses %d with %d decimals and writes nothing", (value, decimals) => {
    expect(fixedPointLength(value, decimals)).toBe(-1);
    const result = format(value, decimals);
    expect(result.end).toBe(-1);
    expect(result.untouched).toBe(true);
  });

  it("refuses a text that does not fit before the end and writes nothing", () => {
    const store = new Uint8Array(8).fill(0x7e);
    expect(writeFixedPoint(store, 2, 6, 2153, 2)).toBe(-1);
    expect(Array.from(store)).toEqual(new Array(8).fill(0x7e));
    expect(writeFixedPoint(store, 2, 7, 2153, 2)).toBe(7);
  });
});
