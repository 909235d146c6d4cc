/** A reading from every driver, over the virtual devices, allocates nothing on Node. */
import { describe, it, expect } from "vitest";
import { measureNodeAllocation } from "../alloc/measure-node";

const CYCLES = 20000;

describe("zero allocation per reading on Node", () => {
  it("a cycle of BME280, SHT3x, DS18B20, DHT22 and analog readings over the virtual devices allocates 0 bytes", async () => {
    const result = await measureNodeAllocation(4, CYCLES, false, "drivers");
    expect(result.decoded).toBe(result.expected);
    expect(result.bytesPerIteration).toBe(0);
  });
});
