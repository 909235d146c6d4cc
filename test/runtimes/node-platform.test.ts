import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nodePlatform } from "../../hal/sim/node-platform";

describe("the Node platform", () => {
  it("makes zero-filled Uint8Array stores", () => {
    const store = nodePlatform.newBytes(5);
    expect(store).toBeInstanceOf(Uint8Array);
    expect([...(store as Uint8Array)]).toEqual([0, 0, 0, 0, 0]);
  });

  it("writes exactly the UTF-8 bytes Buffer makes, lone surrogates as U+FFFD", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("\ud800", "\udfff", "a", "é") }), (a, b) => {
        const text = a + b;
        const expected = Buffer.from(text, "utf8");
        const store = nodePlatform.newBytes(expected.length + 4);
        expect(nodePlatform.textByteLength(text)).toBe(expected.length);
        expect(nodePlatform.writeText(text, store, 2)).toBe(expected.length);
        expect(Buffer.from((store as Uint8Array).subarray(2, 2 + expected.length))).toEqual(expected);
        expect([store[0], store[1], store[expected.length + 2]]).toEqual([0, 0, 0]);
      }),
    );
  });

  it("reads text back from a range of a store", () => {
    const store = nodePlatform.newBytes(32);
    const length = nodePlatform.writeText("héllo 😀", store, 7);
    expect(nodePlatform.readText(store, 7, length)).toBe("héllo 😀");
    expect(nodePlatform.readText(store, 7, 1)).toBe("h");
  });

  it("counts whole milliseconds, never backwards", () => {
    const first = nodePlatform.nowMs();
    const second = nodePlatform.nowMs();
    expect(Number.isInteger(first)).toBe(true);
    expect(second).toBeGreaterThanOrEqual(first);
  });
});
