import { describe, it, expect } from "vitest";
import { nativeLuaAvailable } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { measureLuaAllocation } from "./measure-lua";

const ITERATIONS = 20000;
const CLIENT_ITERATIONS = 5000;

for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
  describe.skipIf(!nativeLuaAvailable(interpreter))(`zero allocation on the Lua bundle (${interpreter})`, () => {
    it("the meter sees a workload that keeps one table per iteration", () => {
      expect(measureLuaAllocation(interpreter, 4, ITERATIONS, true).bytesPerIteration).toBeGreaterThan(16);
    });
    it("encoding and decoding a 3.1.1 QoS 0 PUBLISH and PINGREQ/PINGRESP allocates 0 bytes", () => {
      const result = measureLuaAllocation(interpreter, 4, ITERATIONS, false);
      expect(result.decoded).toBe(result.expected);
      expect(result.bytesPerIteration).toBe(0);
    });
    it("encoding and decoding a 5.0 QoS 1 PUBLISH with three properties and its PUBACK allocates 0 bytes", () => {
      const result = measureLuaAllocation(interpreter, 5, ITERATIONS, false);
      expect(result.decoded).toBe(result.expected);
      expect(result.bytesPerIteration).toBe(0);
    });
    it("the client's steady state (publish and receive QoS 1 and 2, keepalive) allocates 0 bytes, MQTT 3.1.1", () => {
      const result = measureLuaAllocation(interpreter, 4, CLIENT_ITERATIONS, false, "client");
      expect(result.decoded).toBe(result.expected);
      expect(result.bytesPerIteration).toBe(0);
    });
    it("the client's steady state with MQTT 5 topic aliases both ways allocates 0 bytes", () => {
      const result = measureLuaAllocation(interpreter, 5, CLIENT_ITERATIONS, false, "client");
      expect(result.decoded).toBe(result.expected);
      expect(result.bytesPerIteration).toBe(0);
    });
  });
}
