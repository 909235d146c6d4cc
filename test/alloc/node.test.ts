import { describe, it, expect } from "vitest";
import { measureNodeAllocation } from "./measure-node";

const ITERATIONS = 100000;
const CLIENT_ITERATIONS = 20000;

describe("zero allocation on Node", () => {
  it("the meter sees a workload that keeps one object per iteration", async () => {
    const control = await measureNodeAllocation(4, ITERATIONS, true);
    expect(control.bytesPerIteration).toBeGreaterThan(8);
  });
  it("encoding and decoding a 3.1.1 QoS 0 PUBLISH and PINGREQ/PINGRESP allocates 0 bytes", async () => {
    const result = await measureNodeAllocation(4, ITERATIONS, false);
    expect(result.decoded).toBe(result.expected);
    expect(result.bytesPerIteration).toBe(0);
  });
  it("encoding and decoding a 5.0 QoS 1 PUBLISH with three properties and its PUBACK allocates 0 bytes", async () => {
    const result = await measureNodeAllocation(5, ITERATIONS, false);
    expect(result.decoded).toBe(result.expected);
    expect(result.bytesPerIteration).toBe(0);
  });
  it("the client's steady state (publish and receive QoS 1 and 2, keepalive) allocates 0 bytes, MQTT 3.1.1", async () => {
    const result = await measureNodeAllocation(4, CLIENT_ITERATIONS, false, "client");
    expect(result.decoded).toBe(result.expected);
    expect(result.bytesPerIteration).toBe(0);
  });
  it("the client's steady state with MQTT 5 topic aliases both ways allocates 0 bytes", async () => {
    const result = await measureNodeAllocation(5, CLIENT_ITERATIONS, false, "client");
    expect(result.decoded).toBe(result.expected);
    expect(result.bytesPerIteration).toBe(0);
  });
  it("the telemetry loop (read two sensors, format and publish four readings, keepalive) allocates 0 bytes", async () => {
    const result = await measureNodeAllocation(4, CLIENT_ITERATIONS, false, "telemetry");
    expect(result.decoded).toBe(result.expected);
    expect(result.bytesPerIteration).toBe(0);
  });
  it("the meter sees the telemetry loop allocate when each iteration keeps an object", async () => {
    const control = await measureNodeAllocation(4, CLIENT_ITERATIONS, true, "telemetry");
    expect(control.decoded).toBe(control.expected);
    expect(control.bytesPerIteration).toBeGreaterThan(8);
  });
});
