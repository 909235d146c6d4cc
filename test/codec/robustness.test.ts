/**
 * Robustness of the streaming decoder on Node, by fast-check: random byte soup and mutated valid
 * packets, fed in random chunkings. The decoder must never throw, never stall, always end in a
 * status of the Status enum, never read outside the chunk it is given or past what it has stored,
 * never grow or replace its store, and decode the same whatever the chunking.
 *
 * Run counts: MOTE_FC_RUNS (default 10,000 per property); MOTE_FC_SEED replays a failure.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { newStreamDecoder } from "mote";
import type { PacketView, PropertiesView, StreamDecoder } from "mote";
import { PacketType } from "../../src/mqtt/packet-type";
import { PROPERTY_ID_LIMIT } from "../../src/mqtt/property-table";
import { nodePlatform } from "../../hal/sim/node-platform";
import { decodeVector } from "../vectors/adapter";
import { chunkPatternArbitrary, chunksOf, fcParameters, NUM_RUNS } from "./arbitraries";
import { anyInputArbitrary, mutatedArbitrary, soupArbitrary } from "./robustness-inputs";
import type { Input } from "./robustness-inputs";
import { runStream } from "./stream-driver";
import type { StreamHooks, StreamRun } from "./stream-driver";
import { guardedChunk, guardedPlatform, tablePlatform, tableProblems } from "./guards";

const PROPERTY_TIMEOUT = 240000;

/** Whether [offset, offset + length) lies inside a packet of `end` bytes. */
function inside(offset: number, length: number, start: number, end: number): boolean {
  return Number.isInteger(offset) && Number.isInteger(length) && offset >= start && length >= 0 && offset + length <= end;
}

function propertiesProblems(name: string, view: PropertiesView, start: number, end: number): string[] {
  const problems: string[] = [];
  if (view.valueOffsets.length !== PROPERTY_ID_LIMIT || view.counts.length !== PROPERTY_ID_LIMIT || view.presentIds.length !== PROPERTY_ID_LIMIT) {
    problems.push(`${name}: the properties view's tables changed size`);
  }
  if (view.presentCount === 0) {
    return problems;
  }
  if (!(view.start <= view.end && inside(view.start, view.end - view.start, start, end))) {
    problems.push(`${name}: block [${view.start}, ${view.end}) outside the packet (${end})`);
  }
  for (let index = 0; index < view.presentCount; index++) {
    const id = view.presentIds[index];
    const at = view.valueOffsets[id];
    if (at < view.start || at >= view.end || view.counts[id] < 1) {
      problems.push(`${name}: property ${id} at ${at} outside [${view.start}, ${view.end})`);
    }
  }
  return problems;
}

/**
 * Where the packet just decoded lies: in the stream's store at [0, filled) when it was gathered
 * there, or in place in the fed chunk (`input`) when it arrived whole. Reports a view pointing
 * anywhere else.
 */
function packetBounds(stream: StreamDecoder, input: unknown): { start: number; end: number; problem?: string } {
  const view = stream.decoder.view;
  if (view.store === stream.store) {
    return { start: 0, end: stream.filled };
  }
  if (view.store === input) {
    return { start: view.offset, end: view.offset + view.length };
  }
  return { start: 0, end: 0, problem: "the view points neither at the stream's store nor at the chunk fed" };
}

/** What in a decoded view points outside the packet it came from, at [start, end) of its store. */
function viewProblems(view: PacketView, start: number, end: number): string[] {
  const problems: string[] = [];
  if (view.offset !== start || view.length !== end - start) {
    problems.push(`view covers [${view.offset}, ${view.offset + view.length}), the packet is [${start}, ${end})`);
  }
  const check = (name: string, offset: number, length: number) => {
    if (!inside(offset, length, start, end)) {
      problems.push(`${name} [${offset}, +${length}) outside the packet [${start}, ${end})`);
    }
  };
  switch (view.type) {
    case PacketType.Publish:
      check("topic", view.topicOffset, view.topicLength);
      check("payload", view.payloadOffset, view.payloadLength);
      if (view.payloadOffset + view.payloadLength !== end) {
        problems.push("payload does not end the packet");
      }
      break;
    case PacketType.Connect:
      check("client id", view.clientIdOffset, view.clientIdLength);
      if (view.hasWill) {
        check("will topic", view.willTopicOffset, view.willTopicLength);
        check("will payload", view.willPayloadOffset, view.willPayloadLength);
        problems.push(...propertiesProblems("will properties", view.willProperties, start, end));
      }
      if (view.usernameOffset >= 0) {
        check("user name", view.usernameOffset, view.usernameLength);
      }
      if (view.passwordOffset >= 0) {
        check("password", view.passwordOffset, view.passwordLength);
      }
      break;
    case PacketType.Subscribe:
    case PacketType.Unsubscribe:
    case PacketType.Suback:
    case PacketType.Unsuback:
      check("payload", view.payloadOffset, view.payloadLength);
      break;
  }
  problems.push(...propertiesProblems("properties", view.properties, start, end));
  return problems;
}

/**
 * Problems with the stream's memory: a different store, a store of another size, views pointing
 * at something other than the store or the chunk fed (`input`).
 */
function memoryProblems(stream: StreamDecoder, store: unknown, size: number, input: unknown): string[] {
  const problems: string[] = [];
  if (stream.store !== store) {
    problems.push("the stream's store was replaced");
  }
  const view = stream.decoder.view;
  if (view.store !== store && view.store !== input) {
    problems.push("the view points at another store");
  }
  const propertyStores = [view.properties.store, view.willProperties.store];
  if (propertyStores.some((propertyStore) => propertyStore !== store && propertyStore !== input)) {
    problems.push("a properties view points at another store");
  }
  if (store instanceof Uint8Array && store.length !== size) {
    problems.push(`the store is ${store.length} bytes, made with ${size}`);
  }
  if (stream.filled < 0 || stream.filled > size || stream.expected < 0 || stream.expected > stream.maximumPacketSize) {
    problems.push(`filled ${stream.filled} / expected ${stream.expected} outside the store (${size})`);
  }
  return problems;
}

function storeSize(maximumPacketSize: number): number {
  return Math.max(5, maximumPacketSize);
}

/** Decodes `input` on Node in `pattern` chunks, checking the contract, the views and the memory. */
function decodeChecked(input: Input, pattern: number[]): StreamRun {
  const stream = newStreamDecoder(nodePlatform, input.version, input.maximumPacketSize);
  const store = stream.store;
  const size = storeSize(input.maximumPacketSize);
  const hooks: StreamHooks = {
    onPacket(current) {
      const bounds = packetBounds(current, input.bytes);
      expect(bounds.problem).toBeUndefined();
      expect(viewProblems(current.decoder.view, bounds.start, bounds.end)).toEqual([]);
    },
  };
  const run = runStream(stream, input.bytes, input.version, chunksOf(input.bytes.length, pattern), hooks);
  expect(memoryProblems(stream, store, size, input.bytes)).toEqual([]);
  return run;
}

describe(`stream decoder robustness, ${NUM_RUNS} cases per property`, () => {
  it(
    "(a) byte soup in random chunkings: no throw, no stall, a known status",
    () => {
      fc.assert(
        fc.property(soupArbitrary, chunkPatternArbitrary(true), (input, pattern) => {
          decodeChecked(input, pattern);
        }),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "(b) mutated valid packets in random chunkings: no throw, no stall, a known status",
    () => {
      fc.assert(
        fc.property(mutatedArbitrary, chunkPatternArbitrary(true), (input, pattern) => {
          decodeChecked(input, pattern);
        }),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "(c) never reads outside the chunk, nor its store past `filled` or where it never wrote",
    () => {
      fc.assert(
        fc.property(anyInputArbitrary(70000), chunkPatternArbitrary(true), (input, pattern) => {
          const guarded = guardedPlatform();
          const stream = newStreamDecoder(guarded.platform, input.version, input.maximumPacketSize);
          expect(guarded.stores).toHaveLength(1);
          const store = guarded.stores[0];
          store.limit = () => stream.filled;
          const chunk = guardedChunk(input.bytes);
          const hooks: StreamHooks = {
            beforeFeed(offset, length) {
              chunk.window(offset, length);
              chunk.arm(true);
              store.arm(true);
            },
            afterFeed() {
              chunk.arm(false);
              store.arm(false);
            },
            onPacket(current) {
              const bounds = packetBounds(current, chunk.bytes);
              expect(bounds.problem).toBeUndefined();
              expect(viewProblems(current.decoder.view, bounds.start, bounds.end)).toEqual([]);
            },
          };
          try {
            runStream(stream, chunk.bytes, input.version, chunksOf(input.bytes.length, pattern), hooks);
          } finally {
            chunk.arm(false);
            store.arm(false);
          }
        }),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "(d) never grows memory: same store, same size, only bytes in it (Lua-like table store)",
    () => {
      fc.assert(
        fc.property(anyInputArbitrary(2048), chunkPatternArbitrary(true), (input, pattern) => {
          const table = tablePlatform();
          const stream = newStreamDecoder(table.platform, input.version, input.maximumPacketSize);
          expect(table.stores).toHaveLength(1);
          const store = table.stores[0];
          const size = storeSize(input.maximumPacketSize);
          const decoder = stream.decoder;
          const view = decoder.view;
          runStream(stream, input.bytes, input.version, chunksOf(input.bytes.length, pattern), {
            afterFeed(current) {
              expect(tableProblems(store, size)).toEqual([]);
              expect(memoryProblems(current, store, size, input.bytes)).toEqual([]);
            },
          });
          expect(table.stores).toHaveLength(1);
          expect(stream.decoder).toBe(decoder);
          expect(stream.decoder.view).toBe(view);
        }),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "(e) decoding does not depend on the chunking",
    () => {
      fc.assert(
        fc.property(anyInputArbitrary(4096), chunkPatternArbitrary(true), fc.integer({ min: 2, max: 64 }), (input, pattern, chunkSize) => {
          const hex = Buffer.from(input.bytes).toString("hex");
          const whole = decodeVector(nodePlatform, input.version, hex, 0, input.maximumPacketSize);
          expect(decodeVector(nodePlatform, input.version, hex, 1, input.maximumPacketSize), "byte by byte").toBe(whole);
          expect(decodeVector(nodePlatform, input.version, hex, chunkSize, input.maximumPacketSize), `chunks of ${chunkSize}`).toBe(whole);
          // The same through our own driver: irregular chunks give the same packets, the same
          // non-waiting statuses in the same order, and the same partial packet at the end.
          const summary = (run: StreamRun) => ({
            items: run.items,
            statuses: run.statuses.filter((status) => status !== 1),
            incomplete: run.incomplete,
          });
          const allAtOnce = summary(decodeChecked(input, [Math.max(1, input.bytes.length)]));
          expect(summary(decodeChecked(input, pattern))).toEqual(allAtOnce);
          expect(JSON.parse(whole)).toEqual([
            ...allAtOnce.items,
            ...(allAtOnce.incomplete > 0 ? [{ incomplete: allAtOnce.incomplete }] : []),
          ]);
        }),
        fcParameters(),
      );
    },
    PROPERTY_TIMEOUT,
  );
});
