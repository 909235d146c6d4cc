/**
 * Drives the streaming decoder over arbitrary chunkings and renders each decoded packet as our
 * canonical vector fields, independently of the adapter's JSON writer (plain Node code, reading
 * the PacketView through the public door only). Checks the feed contract on every call.
 */
import { Buffer } from "node:buffer";
import {
  PACKET_TYPE_NAMES,
  PROPERTY_IDS,
  PROPERTY_KINDS,
  PROPERTY_NAMES,
  feedStream,
  findProperty,
  propertyInteger,
  readTwoByteInteger,
  statusName,
} from "mote";
import type { Bytes, PacketView, PropertiesView, StreamDecoder } from "mote";
import { Status } from "../../src/mqtt/status";
import { PropertyId, PropertyKind } from "../../src/mqtt/property-table";
import type { VectorFields, VectorProperties } from "../vectors/adapter";

/** How many values the Status enum has (statusName names 0 .. STATUS_COUNT - 1). */
export const STATUS_COUNT = countStatuses();

function countStatuses(): number {
  let count = 0;
  while (statusName(count) !== "Unknown") {
    count += 1;
  }
  return count;
}

/** Whether `status` is one of the Status enum's values. */
export function isKnownStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 0 && status < STATUS_COUNT && statusName(status) !== "Unknown";
}

function bytesAt(store: Bytes, offset: number, length: number): Buffer {
  const copy = Buffer.alloc(length);
  for (let index = 0; index < length; index++) {
    copy[index] = store[offset + index];
  }
  return copy;
}

function textAt(store: Bytes, offset: number, length: number): string {
  return bytesAt(store, offset, length).toString("utf8");
}

function prefixedText(store: Bytes, offset: number): string {
  return textAt(store, offset + 2, readTwoByteInteger(store, offset));
}

function variableIntegerAt(store: Bytes, offset: number): number {
  let value = 0;
  let multiplier = 1;
  let position = offset;
  while (store[position] >= 128) {
    value += (store[position] - 128) * multiplier;
    multiplier *= 128;
    position += 1;
  }
  return value + store[position] * multiplier;
}

/** Received properties as vector properties (binary data as hex, repeated ones as lists). */
export function propertiesToFields(view: PropertiesView): VectorProperties {
  const result: VectorProperties = {};
  const store = view.store;
  for (const id of PROPERTY_IDS) {
    const count = view.counts[id];
    if (count === 0) {
      continue;
    }
    const kind = PROPERTY_KINDS[id];
    const name = PROPERTY_NAMES[id];
    if (kind === PropertyKind.Utf8StringPair) {
      const list: string[] = [];
      for (let occurrence = 0; occurrence < count; occurrence++) {
        const at = findProperty(view, id, occurrence);
        list.push(prefixedText(store, at), prefixedText(store, at + 2 + readTwoByteInteger(store, at)));
      }
      result[name] = list;
    } else if (id === PropertyId.SubscriptionIdentifier) {
      const list: number[] = [];
      for (let occurrence = 0; occurrence < count; occurrence++) {
        list.push(variableIntegerAt(store, findProperty(view, id, occurrence)));
      }
      result[name] = list;
    } else if (kind === PropertyKind.Utf8String) {
      result[name] = prefixedText(store, view.valueOffsets[id]);
    } else if (kind === PropertyKind.BinaryData) {
      const at = view.valueOffsets[id];
      result[name] = bytesAt(store, at + 2, readTwoByteInteger(store, at)).toString("hex");
    } else {
      result[name] = propertyInteger(view, id, 0);
    }
  }
  return result;
}

/** The decoded packet in `view` as canonical vector fields for connection level `version`. */
export function viewToFields(view: PacketView, version: number): VectorFields {
  const store = view.store;
  const type = PACKET_TYPE_NAMES[view.type];
  const fields: VectorFields = { type: type };
  const withProperties = version === 5;
  switch (type) {
    case "CONNECT": {
      const isMqtt5 = view.protocolVersion === 5;
      fields.protocolVersion = view.protocolVersion;
      fields.cleanStart = view.cleanStart;
      fields.keepAlive = view.keepAlive;
      fields.clientId = textAt(store, view.clientIdOffset, view.clientIdLength);
      if (view.hasWill) {
        fields.will = {
          topic: textAt(store, view.willTopicOffset, view.willTopicLength),
          payload: bytesAt(store, view.willPayloadOffset, view.willPayloadLength).toString("hex"),
          qos: view.willQos,
          retain: view.willRetain,
        };
        if (isMqtt5) {
          fields.will.properties = propertiesToFields(view.willProperties);
        }
      }
      if (view.usernameOffset >= 0) {
        fields.username = textAt(store, view.usernameOffset, view.usernameLength);
      }
      if (view.passwordOffset >= 0) {
        fields.password = textAt(store, view.passwordOffset, view.passwordLength);
      }
      if (isMqtt5) {
        fields.properties = propertiesToFields(view.properties);
      }
      return fields;
    }
    case "PUBLISH":
      fields.dup = view.dup;
      fields.qos = view.qos;
      fields.retain = view.retain;
      fields.topic = textAt(store, view.topicOffset, view.topicLength);
      if (view.qos > 0) {
        fields.packetId = view.packetId;
      }
      fields.payload = bytesAt(store, view.payloadOffset, view.payloadLength).toString("hex");
      break;
    case "CONNACK":
      fields.sessionPresent = view.sessionPresent;
      fields.reasonCode = view.reasonCode;
      break;
    case "SUBSCRIBE": {
      fields.packetId = view.packetId;
      fields.subscriptions = [];
      let position = view.payloadOffset;
      for (let index = 0; index < view.itemCount; index++) {
        const length = readTwoByteInteger(store, position);
        const options = store[position + 2 + length];
        fields.subscriptions.push({
          topicFilter: textAt(store, position + 2, length),
          qos: options % 4,
          noLocal: options % 8 >= 4,
          retainAsPublished: options % 16 >= 8,
          retainHandling: ((options % 64) - (options % 16)) / 16,
        });
        position += 3 + length;
      }
      break;
    }
    case "UNSUBSCRIBE": {
      fields.packetId = view.packetId;
      fields.topicFilters = [];
      let position = view.payloadOffset;
      for (let index = 0; index < view.itemCount; index++) {
        const length = readTwoByteInteger(store, position);
        fields.topicFilters.push(textAt(store, position + 2, length));
        position += 2 + length;
      }
      break;
    }
    case "SUBACK":
    case "UNSUBACK":
      fields.packetId = view.packetId;
      if (type === "SUBACK" || withProperties) {
        fields.reasonCodes = [...bytesAt(store, view.payloadOffset, view.itemCount)];
      }
      break;
    case "PUBACK":
    case "PUBREC":
    case "PUBREL":
    case "PUBCOMP":
      fields.packetId = view.packetId;
      fields.reasonCode = view.reasonCode;
      break;
    case "DISCONNECT":
    case "AUTH":
      fields.reasonCode = view.reasonCode;
      break;
    default:
      return fields;
  }
  if (withProperties) {
    fields.properties = propertiesToFields(view.properties);
  }
  return fields;
}

/** One item of a stream run: a decoded packet's fields, or the error that stopped the stream. */
export type StreamItem = VectorFields | { error: string };

/** What feeding a whole input produced. */
export interface StreamRun {
  items: StreamItem[];
  /** The status after every feed call, in order. */
  statuses: number[];
  /** Bytes held in a partial packet at the end (0 when none). */
  incomplete: number;
}

/** Hooks a caller may add to a run: after each feed, and on each decoded packet. */
export interface StreamHooks {
  beforeFeed?(offset: number, length: number): void;
  afterFeed?(stream: StreamDecoder, taken: number, offset: number, length: number): void;
  onPacket?(stream: StreamDecoder): void;
  /** Render packets as fields (default true); off for stores that cannot be rendered cheaply. */
  render?: boolean;
}

/**
 * Feeds `input` (any indexable bytes; `total` long) to `stream` in `chunks` ([offset, length]),
 * as an application would: within a chunk, feed again after each Success until it is used up;
 * stop at the first error. Throws if the feed contract breaks: a feed takes 0..length bytes;
 * NeedMoreBytes means it took them all; Success means it took at least one; an error is sticky
 * (the next feed takes nothing and leaves it). Loops are bounded by the byte count.
 */
export function runStream(stream: StreamDecoder, input: Bytes, version: number, chunks: [number, number][], hooks: StreamHooks = {}): StreamRun {
  const run: StreamRun = { items: [], statuses: [], incomplete: 0 };
  const render = hooks.render !== false;
  let total = 0;
  for (const [, length] of chunks) {
    total += length;
  }
  let budget = 2 * total + 2 * chunks.length + 4;
  for (const [chunkOffset, chunkLength] of chunks) {
    let position = chunkOffset;
    const end = chunkOffset + chunkLength;
    do {
      budget -= 1;
      if (budget < 0) {
        throw new Error("feed loop did not finish: the decoder stopped taking bytes");
      }
      const length = end - position;
      if (hooks.beforeFeed !== undefined) {
        hooks.beforeFeed(position, length);
      }
      const taken = feedStream(stream, input, position, length);
      const status = stream.status;
      run.statuses.push(status);
      if (!Number.isInteger(taken) || taken < 0 || taken > length) {
        throw new Error(`feedStream took ${taken} of ${length} bytes`);
      }
      if (!isKnownStatus(status)) {
        throw new Error(`feedStream left status ${status}, not in the Status enum`);
      }
      if (status === Status.NeedMoreBytes && taken !== length) {
        throw new Error(`NeedMoreBytes after taking ${taken} of ${length} bytes`);
      }
      if (status === Status.Success && taken === 0) {
        throw new Error("Success without taking a byte");
      }
      if (hooks.afterFeed !== undefined) {
        hooks.afterFeed(stream, taken, position, length);
      }
      position += taken;
      if (status === Status.Success) {
        if (hooks.onPacket !== undefined) {
          hooks.onPacket(stream);
        }
        if (render) {
          run.items.push(viewToFields(stream.decoder.view, version));
        }
      } else if (status !== Status.NeedMoreBytes) {
        if (hooks.beforeFeed !== undefined) {
          hooks.beforeFeed(position, end - position);
        }
        const again = feedStream(stream, input, position, end - position);
        if (hooks.afterFeed !== undefined) {
          hooks.afterFeed(stream, again, position, end - position);
        }
        if (again !== 0 || stream.status !== status) {
          throw new Error(`an error status (${statusName(status)}) was not sticky`);
        }
        run.items.push({ error: statusName(status) });
        return run;
      }
    } while (position < end);
  }
  if (stream.status === Status.NeedMoreBytes) {
    run.incomplete = stream.filled;
  }
  return run;
}
