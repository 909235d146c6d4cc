import { describe, it, expect } from "vitest";
import { nodePlatform } from "../../hal/sim/node-platform";
import { encodeVector } from "../vectors/adapter";
import type { VectorFields } from "../vectors/adapter";

const CAPACITY = 1024;
const encode = (fields: VectorFields): string => encodeVector(nodePlatform, 5, fields, CAPACITY);

describe("properties a packet type may not carry", () => {
  it("leaves Session Expiry Interval out of a PUBLISH and sends the rest", () => {
    const withStray = encode({ type: "PUBLISH", qos: 0, topic: "a", payload: "", properties: { sessionExpiryInterval: 60, contentType: "text/plain" } });
    const without = encode({ type: "PUBLISH", qos: 0, topic: "a", payload: "", properties: { contentType: "text/plain" } });
    expect(withStray).not.toMatch(/^error:/);
    expect(withStray).toBe(without);
  });

  it("leaves a Topic Alias out of a PUBACK, which then takes its short form", () => {
    expect(encode({ type: "PUBACK", packetId: 1, reasonCode: 0, properties: { topicAlias: 1 } })).toBe("40020001");
  });

  it("still refuses an out-of-range value of a property the packet may carry", () => {
    expect(encode({ type: "PUBLISH", qos: 0, topic: "a", payload: "", properties: { topicAlias: 0 } })).toBe("error:BadParameter");
  });
});
