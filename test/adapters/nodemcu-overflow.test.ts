/**
 * The overflow guard of the NodeMCU MQTT client (hal/nodemcu/mqtt-overflow.ts), run from its
 * TypeScript source on Node (it is written in the subset and names no Lua API): random MQTT 3.1.1
 * packet streams from mqtt-packet, in random chunkings, must come out with every PUBLISH over the
 * limit cut to the limit (topic and packet id kept, payload cut, rest dropped), flagged
 * `cutting` while its bytes are handed on, and everything else unchanged and unflagged — and the
 * result must parse as MQTT.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { generate, parser } from "mqtt-packet";
import type { Packet } from "mqtt-packet";
import { newOverflowGuard } from "../../hal/nodemcu/mqtt-overflow";
import type { Socket, SocketEvents } from "../../hal/api";
import type { Bytes } from "../../src/bytes/bytes";
import { nodePlatform } from "../../hal/sim/node-platform";

/** One packet of the stream: its bytes, its type and, for a PUBLISH, where its payload starts. */
interface Encoded {
  bytes: Buffer;
  cmd: string;
  publish: boolean;
  payloadStart: number;
}

const packetArbitrary: fc.Arbitrary<Encoded> = fc.oneof(
  fc
    .record({
      topic: fc.string({ unit: fc.constantFrom("a", "b", "/", "é", "7"), minLength: 1, maxLength: 40 }),
      qos: fc.constantFrom(0, 1, 2),
      payload: fc.integer({ min: 0, max: 700 }).map((length) => Buffer.from(Array.from({ length }, (_, index) => (index * 31 + length) % 256))),
      retain: fc.boolean(),
      messageId: fc.integer({ min: 1, max: 65535 }),
    })
    .map(({ topic, qos, payload, retain, messageId }) => {
      const bytes = generate({ cmd: "publish", topic, payload, qos: qos as 0 | 1 | 2, retain, dup: false, messageId } as Packet);
      return { bytes, cmd: "publish", publish: true, payloadStart: bytes.length - payload.length };
    }),
  fc.constantFrom("pingresp", "puback", "pubrel", "suback", "unsuback").map((cmd) => {
    const packet = { cmd, messageId: 7, granted: [1] } as unknown as Packet;
    return { bytes: generate(packet), cmd, publish: false, payloadStart: 0 };
  }),
);

/** The varint MQTT writes for `value`. */
function variableInteger(value: number): number[] {
  const digits: number[] = [];
  let rest = value;
  do {
    const digit = rest % 128;
    rest = Math.floor(rest / 128);
    digits.push(rest > 0 ? digit + 128 : digit);
  } while (rest > 0);
  return digits;
}

/** How many bytes the varint at `bytes[1]` (a fixed header's remaining length) takes. */
function variableIntegerLength(bytes: Buffer): number {
  let length = 1;
  while (bytes[length] >= 128) length++;
  return length;
}

/** What the guard must hand on for `packet` under `limit`: its bytes and whether they are cut. */
function expected(packet: Encoded, limit: number): { bytes: Buffer; cut: boolean } {
  if (!packet.publish || packet.bytes.length <= limit) return { bytes: packet.bytes, cut: false };
  let remaining = limit - 2;
  while (1 + variableInteger(remaining).length + remaining > limit) remaining--;
  const fixedLength = 1 + variableIntegerLength(packet.bytes);
  // topic and packet id must fit, else the packet goes on whole and the client refuses it
  if (packet.payloadStart - fixedLength > remaining) return { bytes: packet.bytes, cut: false };
  const body = packet.bytes.subarray(fixedLength, fixedLength + remaining);
  return { bytes: Buffer.concat([Buffer.from([packet.bytes[0], ...variableInteger(remaining)]), body]), cut: true };
}

/** Runs `stream` through a guard in `chunks` and returns the bytes handed on, each with the `cutting` flag it came with. */
function guardStream(stream: Buffer, chunkSizes: number[], limit: number): { bytes: Buffer; flags: boolean[] } {
  let innerEvents: SocketEvents | undefined;
  const inner: Socket = {
    open: (_host, _port, _secure, events) => {
      innerEvents = events;
      return true;
    },
    write: (_store, _offset, length) => length,
    close: () => {},
  };
  const guard = newOverflowGuard(nodePlatform, inner, limit);
  const out: number[] = [];
  const flags: boolean[] = [];
  const owner: SocketEvents = {
    onConnect: () => {},
    onData: (store: Bytes, offset: number, length: number) => {
      for (let index = 0; index < length; index++) {
        out.push(store[offset + index]);
        flags.push(guard.cutting);
      }
    },
    onWritable: () => {},
    onClose: () => {},
  };
  expect(guard.socket.open("broker", 1883, false, owner)).toBe(true);
  innerEvents!.onConnect();
  expect(guard.connected).toBe(true);
  let at = 0;
  let turn = 0;
  while (at < stream.length) {
    const size = Math.min(chunkSizes[turn % chunkSizes.length], stream.length - at);
    // the chunk sits at an offset inside a larger store, as the socket's receive store does
    const store = new Uint8Array(size + 6);
    store.set(stream.subarray(at, at + size), 3);
    innerEvents!.onData(store, 3, size);
    at += size;
    turn++;
  }
  return { bytes: Buffer.from(out), flags };
}

describe("the NodeMCU client's overflow guard", () => {
  it("cuts every PUBLISH over the limit to the limit, flags it, and hands everything else on unchanged, in any chunking", () => {
    let cuts = 0;
    fc.assert(
      fc.property(
        fc.array(packetArbitrary, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 20, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 8 }),
        (packets, limit, chunkSizes) => {
          const wanted = packets.map((packet) => expected(packet, limit));
          const result = guardStream(Buffer.concat(packets.map((packet) => packet.bytes)), chunkSizes, limit);
          expect(result.bytes.toString("hex")).toBe(Buffer.concat(wanted.map((entry) => entry.bytes)).toString("hex"));
          expect(result.flags).toEqual(wanted.flatMap((entry) => new Array<boolean>(entry.bytes.length).fill(entry.cut)));
          const parsed: Packet[] = [];
          const reader = parser({ protocolVersion: 4 });
          reader.on("packet", (packet) => parsed.push(packet));
          reader.on("error", (error) => {
            throw error;
          });
          reader.parse(result.bytes);
          expect(parsed.map((packet) => packet.cmd)).toEqual(packets.map((packet) => packet.cmd));
          for (const entry of wanted) {
            // the limit, or one byte less where a shorter remaining length takes a byte less to write
            if (entry.cut) expect(limit - entry.bytes.length).toBeLessThanOrEqual(1);
            if (entry.cut) cuts++;
          }
        },
      ),
      { numRuns: 300 },
    );
    // the oversize PUBLISH packets were many, not a rare case
    expect(cuts).toBeGreaterThan(100);
  });

  it("hands everything on unchanged with limit 0 (MQTT 5: the broker keeps to Maximum Packet Size)", () => {
    const big = generate({ cmd: "publish", topic: "t", payload: Buffer.alloc(5000, 1), qos: 1, retain: false, dup: false, messageId: 3 } as Packet);
    const result = guardStream(big, [7, 1460], 0);
    expect(result.bytes.equals(big)).toBe(true);
    expect(result.flags.every((flag) => !flag)).toBe(true);
  });

  it("hands a PUBLISH on whole when its topic and packet id alone are over the limit, for the client to refuse", () => {
    const long = generate({ cmd: "publish", topic: "t".repeat(30), payload: Buffer.alloc(70, 2), qos: 1, retain: false, dup: false, messageId: 9 } as Packet);
    const result = guardStream(long, [3], 20);
    expect(result.bytes.equals(long)).toBe(true);
    expect(result.flags.every((flag) => !flag)).toBe(true);
  });

  it("hands a malformed remaining length on for the client to refuse", () => {
    const malformed = Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00]);
    const result = guardStream(malformed, [2], 50);
    expect(result.bytes.equals(malformed)).toBe(true);
  });
});
