/**
 * The topic alias tables and the PUBLISH rewrite on their own: any MQTT 5 PUBLISH our encoder
 * writes, rewritten with another topic and an alias, decodes to the same message with that topic
 * and alias; the outbound table reuses the least recently used alias, as a model says.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { fcParameters } from "../codec/arbitraries";
import { newEncoder, measurePublish, writePublish } from "../../src/mqtt/codec-encode";
import { newDecoder, decodePacket } from "../../src/mqtt/codec-decode";
import { PropertyId } from "../../src/mqtt/property-table";
import { propertyInteger, findProperty } from "../../src/mqtt/properties";
import {
  newTopicAliasTable,
  resetTopicAliases,
  findTopicAlias,
  pickTopicAlias,
  setTopicAlias,
  topicAliasLength,
  rewrittenPublishSize,
  rewritePublish,
  TOPIC_ALIAS_TOPIC_CAPACITY,
} from "../../src/mqtt/topic-alias";
import { Status } from "../../src/mqtt/status";
import { nodePlatform } from "../../hal/sim/node-platform";

const topicArbitrary = fc.stringMatching(/^[a-z0-9/]{1,40}$/);

const publishArbitrary = fc.record({
  topic: topicArbitrary,
  qos: fc.integer({ min: 0, max: 2 }),
  retain: fc.boolean(),
  packetId: fc.integer({ min: 1, max: 65535 }),
  payload: fc.uint8Array({ maxLength: 300 }),
  messageExpiryInterval: fc.option(fc.integer({ min: 0, max: 0x7fffffff }), { nil: undefined }),
  userProperty: fc.option(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 2, maxLength: 6 }).map((list) => list.slice(0, list.length - (list.length % 2))), { nil: undefined }),
});

function text(store: Uint8Array, offset: number, length: number): string {
  return Buffer.from(store.subarray(offset, offset + length)).toString("utf8");
}

describe("rewritePublish", () => {
  it("keeps every field but the topic, and puts the alias first in the properties", () => {
    const encoder = newEncoder(nodePlatform, 5);
    const decoder = newDecoder(5, new Uint8Array(1));
    const table = newTopicAliasTable(nodePlatform, 1);
    fc.assert(
      fc.property(publishArbitrary, topicArbitrary, fc.boolean(), fc.integer({ min: 1, max: 65535 }), (publish, newTopic, emptyTopic, alias) => {
        const info = {
          topic: publish.topic,
          qos: publish.qos,
          retain: publish.retain,
          dup: false,
          packetId: publish.qos > 0 ? publish.packetId : 0,
          payload: publish.payload,
          payloadOffset: 0,
          payloadLength: publish.payload.length,
          properties: { messageExpiryInterval: publish.messageExpiryInterval, userProperty: publish.userProperty },
        };
        expect(measurePublish(encoder, info)).toBe(Status.Success);
        const original = new Uint8Array(encoder.packetSize);
        expect(writePublish(encoder, original, 0, original.length, info)).toBe(Status.Success);
        const topicBytes = Buffer.from(emptyTopic ? "" : newTopic);
        const size = rewrittenPublishSize(table, original, 0, topicBytes.length, true);
        const rewritten = new Uint8Array(size + 7);
        const end = rewritePublish(table, original, 0, original.length, rewritten, 7, topicBytes, 0, topicBytes.length, alias);
        expect(end - 7).toBe(size);
        expect(decodePacket(decoder, rewritten, 7, end)).toBe(Status.Success);
        const view = decoder.view;
        expect(text(rewritten, view.topicOffset, view.topicLength)).toBe(emptyTopic ? "" : newTopic);
        expect([view.qos, view.retain, view.packetId]).toEqual([publish.qos, publish.retain, info.packetId]);
        expect(Buffer.from(rewritten.subarray(view.payloadOffset, view.payloadOffset + view.payloadLength))).toEqual(Buffer.from(publish.payload));
        expect(propertyInteger(view.properties, PropertyId.TopicAlias, 0)).toBe(alias);
        expect(propertyInteger(view.properties, PropertyId.MessageExpiryInterval, -2)).toBe(publish.messageExpiryInterval ?? -2);
        const userProperties = (publish.userProperty ?? []).length / 2;
        expect(findProperty(view.properties, PropertyId.UserProperty, userProperties)).toBe(-1);
        if (userProperties > 0) expect(findProperty(view.properties, PropertyId.UserProperty, userProperties - 1)).toBeGreaterThan(0);
      }),
      fcParameters(),
    );
  });
});

describe("the outbound alias table", () => {
  it("finds known topics and replaces the least recently used, as a model does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 60 }), (slots, peerMaximum, uses) => {
        const table = newTopicAliasTable(nodePlatform, slots);
        resetTopicAliases(table, peerMaximum);
        const limit = Math.min(slots, peerMaximum);
        const model: { topic: number; used: number }[] = [];
        let clock = 0;
        for (const topic of uses) {
          const bytes = Buffer.from(`topic/${topic}`);
          clock += 1;
          const found = findTopicAlias(table, bytes, 0, bytes.length);
          const known = model.findIndex((entry) => entry.topic === topic);
          expect(found).toBe(known + 1);
          if (known >= 0) {
            model[known].used = clock;
            continue;
          }
          const alias = pickTopicAlias(table, bytes.length);
          if (limit === 0) {
            expect(alias).toBe(0);
            continue;
          }
          let expected = model.length < limit ? model.length + 1 : 0;
          if (expected === 0) {
            const oldest = model.reduce((best, entry, index) => (entry.used < model[best].used ? index : best), 0);
            expected = oldest + 1;
          }
          expect(alias).toBe(expected);
          expect(setTopicAlias(table, alias, bytes, 0, bytes.length)).toBe(true);
          model[alias - 1] = { topic, used: clock };
        }
      }),
      fcParameters(),
    );
  });

  it("refuses aliases outside 1..limit and topics longer than a slot", () => {
    const table = newTopicAliasTable(nodePlatform, 2);
    resetTopicAliases(table, 65535);
    const long = new Uint8Array(TOPIC_ALIAS_TOPIC_CAPACITY + 1).fill(0x61);
    expect(pickTopicAlias(table, long.length)).toBe(0);
    expect(setTopicAlias(table, 1, long, 0, long.length)).toBe(false);
    expect(setTopicAlias(table, 0, long, 0, 1)).toBe(false);
    expect(setTopicAlias(table, 3, long, 0, 1)).toBe(false);
    expect(topicAliasLength(table, 3)).toBe(-1);
    expect(topicAliasLength(table, 2)).toBe(-1);
    expect(setTopicAlias(table, 2, long, 0, 1)).toBe(true);
    expect(topicAliasLength(table, 2)).toBe(1);
  });
});
