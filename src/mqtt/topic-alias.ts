/**
 * MQTT 5 topic aliases, one table per direction and connection: alias N (1-based) names the topic
 * bytes in slot N-1 of one fixed store. Outbound, the client picks aliases itself, reusing the
 * least recently used slot; inbound, it remembers what the broker set. Also the one rewrite both
 * directions need: a PUBLISH copied with another topic and, optionally, a Topic Alias property
 * put in front of its properties.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { PropertyId } from "./property-table";
import { readTwoByteInteger, writeTwoByteInteger, readVariableInteger, writeVariableInteger, variableIntegerSize, copyBytes } from "./wire";
import type { VariableIntegerReading } from "./wire";

/** Longest topic, in bytes, a slot holds; a longer topic is sent whole and never aliased. */
export const TOPIC_ALIAS_TOPIC_CAPACITY = 128;

/** What a Topic Alias property adds to a packet's properties: its identifier and two bytes. */
const TOPIC_ALIAS_PROPERTY_SIZE = 3;

/** The aliases of one direction of one connection. */
export interface TopicAliasTable {
  /** Slot `alias - 1` holds its topic at `(alias - 1) * TOPIC_ALIAS_TOPIC_CAPACITY`. */
  store: Bytes;
  /** Topic length per slot; -1 for a slot not set on this connection. */
  lengths: number[];
  /** When each slot was last used (a counter), for least-recently-used reuse. */
  lastUsed: number[];
  clock: number;
  /** Aliases usable on this connection: the smaller of the slots made and the peer's maximum. */
  limit: number;
  reading: VariableIntegerReading;
}

/** Makes a table of `slots` aliases, none usable until `resetTopicAliases`. Allocates: call at creation time. */
export function newTopicAliasTable(platform: Platform, slots: number): TopicAliasTable {
  const table: TopicAliasTable = {
    store: platform.newBytes(slots * TOPIC_ALIAS_TOPIC_CAPACITY + 1),
    lengths: [],
    lastUsed: [],
    clock: 0,
    limit: 0,
    reading: { value: 0, byteCount: 0 },
  };
  for (let slot = 0; slot < slots; slot++) {
    table.lengths.push(-1);
    table.lastUsed.push(0);
  }
  return table;
}

/** Forgets every alias (a new connection) and allows `peerMaximum` of them at most. Never allocates. */
export function resetTopicAliases(table: TopicAliasTable, peerMaximum: number): void {
  for (let slot = 0; slot < table.lengths.length; slot++) {
    table.lengths[slot] = -1;
    table.lastUsed[slot] = 0;
  }
  table.clock = 0;
  table.limit = peerMaximum < table.lengths.length ? peerMaximum : table.lengths.length;
}

/** Whether slot `slot` holds exactly the `length` bytes of `source` at `offset`. Never allocates. */
function slotHolds(table: TopicAliasTable, slot: number, source: Bytes, offset: number, length: number): boolean {
  if (table.lengths[slot] !== length) {
    return false;
  }
  const base = slot * TOPIC_ALIAS_TOPIC_CAPACITY;
  for (let index = 0; index < length; index++) {
    if (table.store[base + index] !== source[offset + index]) {
      return false;
    }
  }
  return true;
}

/** The alias already naming the topic at `source[offset ..]` (and marks it used), or 0. Never allocates. */
export function findTopicAlias(table: TopicAliasTable, source: Bytes, offset: number, length: number): number {
  for (let slot = 0; slot < table.limit; slot++) {
    if (slotHolds(table, slot, source, offset, length)) {
      table.clock = table.clock + 1;
      table.lastUsed[slot] = table.clock;
      return slot + 1;
    }
  }
  return 0;
}

/**
 * Picks an alias for a topic not in the table: a free slot, else the least recently used one;
 * 0 when aliases are off or the topic is longer than a slot. Does not store the topic (see
 * `setTopicAlias`). Never allocates.
 */
export function pickTopicAlias(table: TopicAliasTable, length: number): number {
  if (table.limit === 0 || length > TOPIC_ALIAS_TOPIC_CAPACITY || length === 0) {
    return 0;
  }
  let chosen = 0;
  for (let slot = 0; slot < table.limit; slot++) {
    if (table.lengths[slot] < 0) {
      return slot + 1;
    }
    if (table.lastUsed[slot] < table.lastUsed[chosen]) {
      chosen = slot;
    }
  }
  return chosen + 1;
}

/**
 * Makes `alias` name the `length` bytes of `source` at `offset`. Returns false, changing nothing,
 * when the alias is outside 1..limit or the topic is longer than a slot. Never allocates.
 */
export function setTopicAlias(table: TopicAliasTable, alias: number, source: Bytes, offset: number, length: number): boolean {
  if (alias < 1 || alias > table.limit || length > TOPIC_ALIAS_TOPIC_CAPACITY) {
    return false;
  }
  copyBytes(source, offset, table.store, (alias - 1) * TOPIC_ALIAS_TOPIC_CAPACITY, length);
  table.lengths[alias - 1] = length;
  table.clock = table.clock + 1;
  table.lastUsed[alias - 1] = table.clock;
  return true;
}

/** Where alias `alias`'s topic starts in `table.store` (its length is `topicAliasLength`). */
export function topicAliasOffset(alias: number): number {
  return (alias - 1) * TOPIC_ALIAS_TOPIC_CAPACITY;
}

/** The length of alias `alias`'s topic, or -1 when it is outside 1..limit or not set. */
export function topicAliasLength(table: TopicAliasTable, alias: number): number {
  if (alias < 1 || alias > table.limit) {
    return -1;
  }
  return table.lengths[alias - 1];
}

/** Where the topic's two-byte length starts in the PUBLISH at `source[offset ..]`. Never allocates. */
export function publishTopicOffset(table: TopicAliasTable, source: Bytes, offset: number): number {
  readVariableInteger(source, offset + 1, offset + 5, table.reading);
  return offset + 1 + table.reading.byteCount;
}

/**
 * The remaining length of the MQTT 5 PUBLISH at `source[offset ..]` once its topic is
 * `topicLength` bytes long and, when `addAlias`, a Topic Alias property is added. Never allocates.
 */
function rewrittenRemainingLength(table: TopicAliasTable, source: Bytes, offset: number, topicLength: number, addAlias: boolean): number {
  const reading = table.reading;
  readVariableInteger(source, offset + 1, offset + 5, reading);
  const remaining = reading.value;
  const topicAt = offset + 1 + reading.byteCount;
  const oldTopicLength = readTwoByteInteger(source, topicAt);
  const qosBits = source[offset] % 8;
  const propertiesAt = topicAt + 2 + oldTopicLength + (qosBits >= 2 ? 2 : 0);
  readVariableInteger(source, propertiesAt, propertiesAt + 4, reading);
  const added = addAlias ? TOPIC_ALIAS_PROPERTY_SIZE : 0;
  const propertiesLengthGrowth = variableIntegerSize(reading.value + added) - reading.byteCount;
  return remaining - oldTopicLength + topicLength + added + propertiesLengthGrowth;
}

/**
 * The size of the MQTT 5 PUBLISH at `source[offset ..]` once rewritten by `rewritePublish` with a
 * topic of `topicLength` bytes and, when `addAlias`, a Topic Alias property. Never allocates.
 */
export function rewrittenPublishSize(table: TopicAliasTable, source: Bytes, offset: number, topicLength: number, addAlias: boolean): number {
  const remaining = rewrittenRemainingLength(table, source, offset, topicLength, addAlias);
  return 1 + variableIntegerSize(remaining) + remaining;
}

/**
 * Copies the MQTT 5 PUBLISH of `length` bytes at `source[offset ..]` to `target[targetOffset ..]`
 * with its topic replaced by the `topicLength` bytes of `topicSource` at `topicOffset` (0 bytes:
 * an empty topic) and, when `alias` is not 0, a Topic Alias property of `alias` put first in its
 * properties. The caller has made room for `rewrittenPublishSize` bytes. Returns the offset
 * after the copy. Never allocates.
 */
export function rewritePublish(
  table: TopicAliasTable,
  source: Bytes,
  offset: number,
  length: number,
  target: Bytes,
  targetOffset: number,
  topicSource: Bytes,
  topicOffset: number,
  topicLength: number,
  alias: number,
): number {
  const reading = table.reading;
  const newRemaining = rewrittenRemainingLength(table, source, offset, topicLength, alias !== 0);
  readVariableInteger(source, offset + 1, offset + 5, reading);
  const topicAt = offset + 1 + reading.byteCount;
  const oldTopicLength = readTwoByteInteger(source, topicAt);
  const idSize = source[offset] % 8 >= 2 ? 2 : 0;
  const idAt = topicAt + 2 + oldTopicLength;
  const propertiesAt = idAt + idSize;
  readVariableInteger(source, propertiesAt, propertiesAt + 4, reading);
  const propertiesLength = reading.value;
  const restAt = propertiesAt + reading.byteCount;
  target[targetOffset] = source[offset];
  let position = writeVariableInteger(target, targetOffset + 1, newRemaining);
  position = writeTwoByteInteger(target, position, topicLength);
  position = copyBytes(topicSource, topicOffset, target, position, topicLength);
  position = copyBytes(source, idAt, target, position, idSize);
  position = writeVariableInteger(target, position, propertiesLength + (alias !== 0 ? TOPIC_ALIAS_PROPERTY_SIZE : 0));
  if (alias !== 0) {
    target[position] = PropertyId.TopicAlias;
    position = writeTwoByteInteger(target, position + 1, alias);
  }
  return copyBytes(source, restAt, target, position, offset + length - restAt);
}
