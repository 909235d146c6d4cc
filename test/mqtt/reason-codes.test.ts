/**
 * Reason codes: every code a packet may carry has the specification's name for that packet
 * (section 2.4), so the validation table and the names beside it stay row for row together.
 */
import { describe, expect, it } from "vitest";
import { isValidReasonCode, reasonCodeName } from "../../src/mqtt/reason-codes";
import { PacketType } from "../../src/mqtt/packet-type";

describe("reason code names", () => {
  it("names codes by packet, as section 2.4 does", () => {
    expect(reasonCodeName(0x00, PacketType.Puback, 5)).toBe("Success");
    expect(reasonCodeName(0x00, PacketType.Disconnect, 5)).toBe("Normal disconnection");
    expect(reasonCodeName(0x01, PacketType.Suback, 5)).toBe("Granted QoS 1");
    expect(reasonCodeName(0x8d, PacketType.Disconnect, 5)).toBe("Keep Alive timeout");
    expect(reasonCodeName(0x92, PacketType.Pubrel, 5)).toBe("Packet Identifier not found");
    expect(reasonCodeName(0xa2, PacketType.Suback, 5)).toBe("Wildcard Subscriptions not supported");
    expect(reasonCodeName(0x8d, PacketType.Connack, 5)).toBe("Unknown reason code");
  });

  it("names the 3.1.1 CONNACK return codes and the SUBACK failure", () => {
    expect(reasonCodeName(0, PacketType.Connack, 4)).toBe("Connection Accepted");
    expect(reasonCodeName(5, PacketType.Connack, 4)).toBe("Connection Refused, not authorized");
    expect(reasonCodeName(6, PacketType.Connack, 4)).toBe("Unknown reason code");
    expect(reasonCodeName(0x80, PacketType.Suback, 4)).toBe("Failure");
  });

  it("has a name for every code a packet may carry, and none for the others", () => {
    for (let type = PacketType.Connack; type <= PacketType.Auth; type++) {
      for (let code = 0; code < 256; code++) {
        const named = reasonCodeName(code, type, 5) !== "Unknown reason code";
        expect(named, `code ${code} on packet type ${type}`).toBe(isValidReasonCode(code, type, 5));
      }
    }
  });
});
