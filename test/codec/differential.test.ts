/**
 * Differential tests against mqtt-packet v9, an independent MQTT 3.1.1/5.0 implementation:
 * the vector table through both, then random valid packets (fast-check) both ways and through
 * our own round trip in random chunkings. Fields are compared, not bytes: MQTT 5 short forms,
 * property order and user property grouping may legitimately differ.
 *
 * Run counts: MOTE_FC_RUNS (default 10,000 per property); MOTE_FC_SEED replays a failure.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { newStreamDecoder, isValidReasonCode, PACKET_TYPE_NAMES, PROPERTY_IDS, PROPERTY_KINDS, PROPERTY_NAMES } from "mote";
import { PROPERTY_PACKETS } from "../../src/mqtt/property-table";
import { maskHas } from "../../src/mqtt/packet-type";
import { nodePlatform } from "../../hal/sim/node-platform";
import { encodeVector, decodeVector } from "../vectors/adapter";
import type { VectorFields } from "../vectors/adapter";
import { vectors } from "../vectors/suite";
import { fromMqttPacket, mqttPacketGenerate, mqttPacketParse, normalizeFields, PROPERTY_MAP, PACKET_COMMANDS } from "./mqtt-packet-bridge";
import {
  chunkPatternArbitrary,
  chunksOf,
  fcParameters,
  losesEmptyUserPropertyValue,
  NUM_RUNS,
  packetCaseArbitrary,
  REASON_CODES,
  streamCaseArbitrary,
} from "./arbitraries";
import { runStream } from "./stream-driver";

/** Room for the largest packet any test makes (the vectors reach 32 KiB). */
const CAPACITY = 70000;

/** Long property runs: the default vitest timeout (30 s) is too short on a slow CI machine. */
const PROPERTY_TIMEOUT = 240000;

function encodeOurs(version: number, fields: VectorFields): string {
  return encodeVector(nodePlatform, version, fields, CAPACITY);
}

function decodeOurs(version: number, hex: string, chunkSize: number): unknown[] {
  return JSON.parse(decodeVector(nodePlatform, version, hex, chunkSize, CAPACITY)) as unknown[];
}

/**
 * Why mqtt-packet's *parser* cannot read these valid bytes, or undefined when it can. Each is a
 * shortcoming of mqtt-packet v9 against the spec, not of the packet.
 */
function mqttPacketParseLimitation(version: number, hex: string, fields: VectorFields): string | undefined {
  if (version === 5 && fields.type === "AUTH" && hex === "f000") {
    // MQTT 5.0 §3.15.2.1: an AUTH with code 0x00 and no properties may have Remaining Length 0.
    // parser.js `_parseAuth` always reads a reason code and fails ("Invalid auth reason code").
    return "mqtt-packet cannot parse the short AUTH form (MQTT 5.0 §3.15.2.1)";
  }
  const lists = [fields.properties?.userProperty, fields.will?.properties?.userProperty];
  if (lists.some((list) => Array.isArray(list) && losesEmptyUserPropertyValue(list as string[]))) {
    return "mqtt-packet loses an empty user property value before a repeated name";
  }
  return undefined;
}

/** Why mqtt-packet's *generator* refuses these valid fields, or undefined when it accepts them. */
function mqttPacketGenerateLimitation(version: number, fields: VectorFields): string | undefined {
  if (fields.type === "CONNECT" && fields.password !== undefined && fields.username === undefined) {
    // MQTT 5.0 §3.1.2.9 allows a password without a user name; writeToStream.js `connect`
    // refuses it for every level ("Username is required to use password").
    return "mqtt-packet will not send a password without a user name (allowed by MQTT 5.0 §3.1.2.9)";
  }
  if (fields.type === "CONNECT" && version === 5 && fields.clientId === "" && fields.cleanStart !== true) {
    // MQTT 5.0 §3.1.3.1 allows a zero-byte client id with Clean Start 0 (the 3.1.1 rule
    // [MQTT-3.1.3-7] is gone); writeToStream.js `connect` still refuses it.
    return "mqtt-packet will not send an empty client id without clean start";
  }
  return undefined;
}

describe("the bridge's tables", () => {
  it("name every packet type and every MQTT 5 property once", () => {
    expect(PACKET_COMMANDS.length).toBe(15);
    expect(new Set(PROPERTY_MAP.map((mapping) => mapping.id)).size).toBe(27);
    expect(new Set(PROPERTY_MAP.map((mapping) => mapping.ours)).size).toBe(27);
    expect(new Set(PROPERTY_MAP.map((mapping) => mapping.theirs)).size).toBe(27);
  });

  it("agree with the codec's property table (identifiers, names, kinds, packets allowed)", () => {
    // Our kinds as the codec's PropertyKind values: Byte 1, TwoByte 2, FourByte 3, Variable 4,
    // Utf8String 5, BinaryData 6, Utf8StringPair 7.
    const codecKind = { flag: 1, byte: 1, twoByte: 2, fourByte: 3, variableList: 4, string: 5, binary: 6, pairs: 7 };
    expect([...PROPERTY_IDS].sort((a, b) => a - b)).toEqual(PROPERTY_MAP.map((mapping) => mapping.id));
    for (const mapping of PROPERTY_MAP) {
      const holders = ["WILL", ...PACKET_TYPE_NAMES.slice(1)].filter((_, type) => maskHas(PROPERTY_PACKETS[mapping.id], type));
      expect({ name: PROPERTY_NAMES[mapping.id], kind: PROPERTY_KINDS[mapping.id], holders }, mapping.ours).toEqual({
        name: mapping.ours,
        kind: codecKind[mapping.kind],
        holders: ["WILL", ...PACKET_TYPE_NAMES.slice(1)].filter((holder) => mapping.holders.includes(holder as never)),
      });
    }
  });

  it("agree with the codec's reason codes, but for DISCONNECT 0x8C (§2.4 allows it, §3.14.2.1 does not)", () => {
    const codesOf = (type: number, version: number) => [...Array(256).keys()].filter((code) => isValidReasonCode(code, type, version));
    expect(codesOf(2, 4)).toEqual(REASON_CODES.connack4);
    expect(codesOf(2, 5)).toEqual(REASON_CODES.connack5);
    expect(codesOf(4, 5)).toEqual(REASON_CODES.pubackPubrec);
    expect(codesOf(5, 5)).toEqual(REASON_CODES.pubackPubrec);
    expect(codesOf(6, 5)).toEqual(REASON_CODES.pubrelPubcomp);
    expect(codesOf(7, 5)).toEqual(REASON_CODES.pubrelPubcomp);
    expect(codesOf(9, 4)).toEqual(REASON_CODES.suback4);
    expect(codesOf(9, 5)).toEqual(REASON_CODES.suback5);
    expect(codesOf(11, 5)).toEqual(REASON_CODES.unsuback5);
    expect(codesOf(14, 5)).toEqual([...REASON_CODES.disconnect5, 0x8c].sort((a, b) => a - b));
    expect(codesOf(15, 5)).toEqual(REASON_CODES.auth5);
  });
});

describe("valid vectors against mqtt-packet", () => {
  for (const vector of vectors.valid) {
    const fields = vector.fields as unknown as VectorFields;
    const label = `${vector.name} (${vector.version})`;
    const parseLimitation = mqttPacketParseLimitation(vector.version, vector.hex, fields);
    const generateLimitation = mqttPacketGenerateLimitation(vector.version, fields);

    if (parseLimitation === undefined) {
      it(`mqtt-packet parses ${label} to the same fields`, () => {
        const parsed = mqttPacketParse(Buffer.from(vector.hex, "hex"), vector.version);
        expect(parsed.error).toBeUndefined();
        expect(parsed.leftover).toBe(0);
        expect(parsed.packets).toHaveLength(1);
        expect(normalizeFields(fromMqttPacket(parsed.packets[0], vector.version))).toEqual(normalizeFields(fields));
      });
    } else {
      it(`mqtt-packet still gets ${label} wrong: ${parseLimitation}`, () => {
        const parsed = mqttPacketParse(Buffer.from(vector.hex, "hex"), vector.version);
        const same =
          parsed.error === undefined &&
          parsed.packets.length === 1 &&
          JSON.stringify(normalizeFields(fromMqttPacket(parsed.packets[0], vector.version))) === JSON.stringify(normalizeFields(fields));
        expect(same, "mqtt-packet now parses this vector: drop the exclusion").toBe(false);
      });
    }

    if (generateLimitation === undefined) {
      it(`mqtt-packet's encoding of ${label} decodes with ours to the same fields`, () => {
        const hex = mqttPacketGenerate(fields, vector.version).toString("hex");
        for (const chunkSize of [0, 1]) {
          const decoded = decodeOurs(vector.version, hex, chunkSize);
          expect(decoded).toHaveLength(1);
          expect(normalizeFields(decoded[0] as VectorFields), `mqtt-packet wrote ${hex}`).toEqual(normalizeFields(fields));
        }
      });
    } else {
      it(`mqtt-packet still refuses to encode ${label}: ${generateLimitation}`, () => {
        expect(() => mqttPacketGenerate(fields, vector.version)).toThrow();
      });
    }
  }

  it("leaves out only the documented mqtt-packet limitations", () => {
    const skipped = vectors.valid
      .map((vector) => {
        const fields = vector.fields as unknown as VectorFields;
        return mqttPacketParseLimitation(vector.version, vector.hex, fields) ?? mqttPacketGenerateLimitation(vector.version, fields);
      })
      .filter((reason) => reason !== undefined);
    expect(skipped.length).toBeLessThanOrEqual(2);
  });
});

describe(`random valid packets, ${NUM_RUNS} cases per property`, () => {
  const compatible = { mqttPacketCompatible: true };

  it(
    "A: what we encode, mqtt-packet parses to the same fields",
    () => {
      fc.assert(
        fc.property(packetCaseArbitrary(compatible), ({ version, fields }) => {
          const hex = encodeOurs(version, fields);
          expect(hex.startsWith("error:"), `our encoder refused a valid packet: ${hex}`).toBe(false);
          const parsed = mqttPacketParse(Buffer.from(hex, "hex"), version);
          expect(parsed.error, `mqtt-packet failed on ${hex}`).toBeUndefined();
          expect(parsed.leftover).toBe(0);
          expect(parsed.packets).toHaveLength(1);
          expect(normalizeFields(fromMqttPacket(parsed.packets[0], version)), `bytes ${hex}`).toEqual(normalizeFields(fields));
        }),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "B: what mqtt-packet generates, we decode to the same fields (any chunk size)",
    () => {
      fc.assert(
        fc.property(packetCaseArbitrary(compatible), fc.integer({ min: 0, max: 9 }), ({ version, fields }, chunkSize) => {
          const hex = mqttPacketGenerate(fields, version).toString("hex");
          const decoded = decodeOurs(version, hex, chunkSize);
          expect(decoded, `mqtt-packet wrote ${hex}`).toHaveLength(1);
          expect(normalizeFields(decoded[0] as VectorFields), `mqtt-packet wrote ${hex}`).toEqual(normalizeFields(fields));
        }),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "C: our encoder and stream decoder round-trip packet streams in random chunkings",
    () => {
      fc.assert(
        fc.property(
          streamCaseArbitrary({ mqttPacketCompatible: false }, 4),
          chunkPatternArbitrary(true),
          fc.integer({ min: 0, max: 17 }),
          ({ version, packets }, pattern, chunkSize) => {
            const hexes = packets.map((fields) => encodeOurs(version, fields));
            for (const hex of hexes) {
              expect(hex.startsWith("error:"), `our encoder refused a valid packet: ${hex}`).toBe(false);
            }
            const hex = hexes.join("");
            const bytes = Buffer.from(hex, "hex");
            const stream = newStreamDecoder(nodePlatform, version, CAPACITY);
            const run = runStream(stream, bytes, version, chunksOf(bytes.length, pattern));
            expect(run.items, `bytes ${hex}`).toEqual(packets);
            expect(run.incomplete).toBe(0);
            expect(decodeOurs(version, hex, chunkSize), `bytes ${hex}`).toEqual(packets);
          },
        ),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
