/**
 * floorDivide: floor division that stays exact where Lua 5.3's float `/` (single precision
 * on NodeMCU) is not. On Node the float estimate is exact, so this checks the result and, with a
 * division made coarse on purpose, the correction steps.
 */
import { describe, it, expect, vi, afterEach } from "vitest";
import fc from "fast-check";
import { floorDivide } from "../../src/bytes/integer";
import { writeDecimal, decimalLength } from "../../src/bytes/ascii";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("floorDivide", () => {
  it("is floor(n / d) for every n in ±(2^31-1) and d in 1..100000", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483647, max: 2147483647 }), fc.integer({ min: 1, max: 100000 }), (n, d) => {
        expect(floorDivide(n, d)).toBe(Math.floor(n / d));
      }),
      { numRuns: 20000 },
    );
  });

  it("puts right a float estimate that is off, as single-precision floats give above 2^24", () => {
    const floor = Math.floor;
    vi.spyOn(Math, "floor").mockImplementation((x: number) => floor(Math.fround(x)));
    fc.assert(
      fc.property(fc.integer({ min: 16777216, max: 2147483647 }), fc.constantFrom(10, 1000), (n, d) => {
        expect(floorDivide(n, d)).toBe(floor(n / d));
      }),
      { numRuns: 5000 },
    );
  });

  it("makes writeDecimal exact with such floats", () => {
    const floor = Math.floor;
    vi.spyOn(Math, "floor").mockImplementation((x: number) => floor(Math.fround(x)));
    const store = new Uint8Array(16);
    for (const value of [2147483647, -2147483647, 167772170, 999999999, 16777217]) {
      const end = writeDecimal(store, 0, value);
      expect(end).toBe(decimalLength(value));
      expect(Buffer.from(store.subarray(0, end)).toString("ascii")).toBe(String(value));
    }
  });
});
