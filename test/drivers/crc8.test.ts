/** The drivers' table-driven CRC-8s against the check values of the CRC catalogue and a bit-by-bit reference. */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { crc8Maxim, crc8Sensirion, xorByte } from "../../hal/drivers/crc8";
import { maximCrc, sensirionCrc } from "../../hal/sim/devices/crc8";

const ASCII_123456789 = new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);

describe("CRC-8", () => {
  it("Sensirion's CRC of 0xBE 0xEF is 0x92 (SHT3x datasheet 4.12)", () => {
    expect(crc8Sensirion(new Uint8Array([0xbe, 0xef]), 0, 2)).toBe(0x92);
  });
  it("Sensirion's CRC (CRC-8/NRSC-5) of '123456789' is 0xF7", () => {
    expect(crc8Sensirion(ASCII_123456789, 0, 9)).toBe(0xf7);
  });
  it("Maxim's CRC (CRC-8/MAXIM-DOW) of '123456789' is 0xA1, and 0 over bytes followed by their CRC", () => {
    expect(crc8Maxim(ASCII_123456789, 0, 9)).toBe(0xa1);
    const withCrc = new Uint8Array([...ASCII_123456789, 0xa1]);
    expect(crc8Maxim(withCrc, 0, 10)).toBe(0);
  });
  it("both agree with a bit-by-bit implementation on any bytes, at any offset", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.nat({ max: 4 }), (bytes, offset) => {
        const store = new Uint8Array(offset + bytes.length);
        store.set(bytes, offset);
        expect(crc8Sensirion(store, offset, bytes.length)).toBe(sensirionCrc(bytes, 0, bytes.length));
        expect(crc8Maxim(store, offset, bytes.length)).toBe(maximCrc(bytes, 0, bytes.length));
      }),
    );
  });
  it("xorByte is exclusive-or on every pair of bytes", () => {
    for (let left = 0; left < 256; left++) {
      for (let right = 0; right < 256; right += 7) {
        expect(xorByte(left, right)).toBe(left ^ right);
      }
    }
  });
});
