/**
 * A reading from every driver allocates nothing on Node: the same replaying buses as on Lua, so
 * that what is measured is the drivers (the virtual devices are Node test code whose own numbers
 * V8 may box now and then).
 */
import { describe, it, expect } from "vitest";
import { measureNodeAllocation } from "../alloc/measure-node";

const CYCLES = 20000;

describe("zero allocation per reading on Node", () => {
  it("a cycle of BME280, SHT3x, DS18B20, DHT22 and analog readings allocates 0 bytes", async () => {
    const result = await measureNodeAllocation(4, CYCLES, false, "drivers");
    expect(result.decoded).toBe(result.expected);
    expect(result.bytesPerIteration).toBe(0);
  });
});
