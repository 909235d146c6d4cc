/**
 * The test vectors' bridge to the codec, in the subset so that the very same code drives the
 * TypeScript source on Node, the Espruino bundle and the Lua bundle. It turns a vector's fields
 * (plain objects; binary data as hexadecimal text) into codec calls and bytes, and a decoded
 * packet back into canonical JSON text. It allocates freely: it is test code, not the hot path.
 * Functions come from "mote" (the bundle under test); const enums are imported from their source
 * files, because a bundler inlines them and cannot see into the external "mote".
 */
import type { Platform } from "../../hal/api";
import {
  PACKET_TYPE_NAMES,
  PROPERTY_IDS,
  PROPERTY_KINDS,
  PROPERTY_NAMES,
  statusName,
  newEncoder,
  writeConnect,
  writePublish,
  writeAck,
  writeSubscribe,
  writeUnsubscribe,
  writeSuback,
  writeConnack,
  writeReasonPacket,
  writePing,
  newStreamDecoder,
  feedStream,
  findProperty,
  readTwoByteInteger,
  readVariableInteger,
  propertyInteger,
  hexDigitValue,
} from "mote";
import type { Bytes, Binary, Properties, PropertiesView, PacketView, Encoder, WillInfo, Subscription } from "mote";
import { Status } from "../../src/mqtt/status";
import { PacketType } from "../../src/mqtt/packet-type";
import { PropertyKind, PropertyId } from "../../src/mqtt/property-table";
import {
  JsonWriter,
  newJsonWriter,
  appendRaw,
  appendNumber,
  appendBoolean,
  appendStringBytes,
  appendHexString,
  appendKey,
  writerText,
} from "./json-writer";

/** A vector's properties: spec names; binary data as hex; repeated ones as lists. */
export interface VectorProperties {
  [name: string]: number | string | number[] | string[] | undefined;
}

/** A vector's will message. */
export interface VectorWill {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
  properties?: VectorProperties;
}

/** A vector's subscription entry. */
export interface VectorSubscription {
  topicFilter: string;
  qos: number;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: number;
}

/** A vector's fields: `type` is the packet type's spec name; the rest as that type needs. */
export interface VectorFields {
  type: string;
  protocolVersion?: number;
  cleanStart?: boolean;
  keepAlive?: number;
  clientId?: string;
  will?: VectorWill;
  username?: string;
  password?: string;
  sessionPresent?: boolean;
  reasonCode?: number;
  dup?: boolean;
  qos?: number;
  retain?: boolean;
  topic?: string;
  packetId?: number;
  payload?: string;
  subscriptions?: VectorSubscription[];
  topicFilters?: string[];
  reasonCodes?: number[];
  properties?: VectorProperties;
}

/** Bytes from hexadecimal text (pairs of digits); the text is passed as ASCII through the platform. */
function hexToBytes(platform: Platform, hex: string): Binary {
  const textLength = platform.textByteLength(hex);
  const ascii = platform.newBytes(textLength + 1);
  platform.writeText(hex, ascii, 0);
  const length = (textLength - (textLength % 2)) / 2;
  const bytes = platform.newBytes(length + 1);
  for (let index = 0; index < length; index++) {
    bytes[index] = hexDigitValue(ascii[index * 2]) * 16 + hexDigitValue(ascii[index * 2 + 1]);
  }
  return { bytes: bytes, offset: 0, length: length };
}

/** Hexadecimal text of `length` bytes of `store`. */
function bytesToHex(platform: Platform, store: Bytes, offset: number, length: number): string {
  const writer = newJsonWriter(platform, length * 2 + 2);
  appendHexString(writer, store, offset, length);
  return platform.readText(writer.store, 1, length * 2);
}

/** The packet type whose spec name is `name`, or 0. */
function packetTypeOf(name: string): number {
  for (let type = 1; type < PACKET_TYPE_NAMES.length; type++) {
    if (PACKET_TYPE_NAMES[type] === name) {
      return type;
    }
  }
  return 0;
}

/** Turns vector properties into the codec's `Properties` (binary data from hex). */
function toProperties(platform: Platform, source: VectorProperties | undefined): Properties | undefined {
  if (source === undefined) {
    return undefined;
  }
  const target: { [name: string]: unknown } = {};
  for (let index = 0; index < PROPERTY_IDS.length; index++) {
    const id = PROPERTY_IDS[index];
    const name = PROPERTY_NAMES[id];
    const value = source[name];
    if (value !== undefined) {
      target[name] = PROPERTY_KINDS[id] === PropertyKind.BinaryData ? hexToBytes(platform, value as string) : value;
    }
  }
  return target as Properties;
}

/** Turns a vector's will into the codec's `WillInfo` (payload from hex). */
function toWill(platform: Platform, will: VectorWill | undefined): WillInfo | undefined {
  if (will === undefined) {
    return undefined;
  }
  const payload = hexToBytes(platform, will.payload);
  return {
    topic: will.topic,
    payload: payload.bytes,
    payloadOffset: 0,
    payloadLength: payload.length,
    qos: will.qos,
    retain: will.retain,
    properties: toProperties(platform, will.properties),
  };
}

/** Encodes `fields` with the codec into `store`; returns the status. */
function encodeInto(encoder: Encoder, store: Bytes, end: number, fields: VectorFields): Status {
  const platform = encoder.platform;
  const type = packetTypeOf(fields.type);
  const properties = toProperties(platform, fields.properties);
  const reasonCode = fields.reasonCode === undefined ? 0 : fields.reasonCode;
  const packetId = fields.packetId === undefined ? 0 : fields.packetId;
  if (type === PacketType.Connect) {
    return writeConnect(encoder, store, 0, end, {
      clientId: fields.clientId === undefined ? "" : fields.clientId,
      cleanStart: fields.cleanStart === true,
      keepAlive: fields.keepAlive === undefined ? 0 : fields.keepAlive,
      username: fields.username,
      password: fields.password,
      will: toWill(platform, fields.will),
      properties: properties,
    });
  }
  if (type === PacketType.Publish) {
    const payload = hexToBytes(platform, fields.payload === undefined ? "" : fields.payload);
    return writePublish(encoder, store, 0, end, {
      topic: fields.topic === undefined ? "" : fields.topic,
      qos: fields.qos === undefined ? 0 : fields.qos,
      retain: fields.retain === true,
      dup: fields.dup === true,
      packetId: packetId,
      payload: payload.bytes,
      payloadOffset: 0,
      payloadLength: payload.length,
      properties: properties,
    });
  }
  if (type >= PacketType.Puback && type <= PacketType.Pubcomp) {
    return writeAck(encoder, store, 0, end, type, packetId, reasonCode, properties);
  }
  if (type === PacketType.Subscribe) {
    const subscriptions: Subscription[] = [];
    const source = fields.subscriptions === undefined ? [] : fields.subscriptions;
    for (let index = 0; index < source.length; index++) {
      const entry = source[index];
      subscriptions.push({
        topicFilter: entry.topicFilter,
        qos: entry.qos,
        noLocal: entry.noLocal,
        retainAsPublished: entry.retainAsPublished,
        retainHandling: entry.retainHandling,
      });
    }
    return writeSubscribe(encoder, store, 0, end, { packetId: packetId, subscriptions: subscriptions, properties: properties });
  }
  if (type === PacketType.Unsubscribe) {
    const filters = fields.topicFilters === undefined ? [] : fields.topicFilters;
    return writeUnsubscribe(encoder, store, 0, end, { packetId: packetId, topicFilters: filters, properties: properties });
  }
  if (type === PacketType.Suback || type === PacketType.Unsuback) {
    const codes = fields.reasonCodes === undefined ? [] : fields.reasonCodes;
    return writeSuback(encoder, store, 0, end, type, { packetId: packetId, reasonCodes: codes, properties: properties });
  }
  if (type === PacketType.Connack) {
    return writeConnack(encoder, store, 0, end, fields.sessionPresent === true, reasonCode, properties);
  }
  if (type === PacketType.Disconnect || type === PacketType.Auth) {
    return writeReasonPacket(encoder, store, 0, end, type, reasonCode, properties);
  }
  if (type === PacketType.Pingreq || type === PacketType.Pingresp) {
    return writePing(encoder, store, 0, end, type);
  }
  return Status.BadParameter;
}

/**
 * Encodes a vector's fields for protocol `version` into a store of `capacity` bytes; returns
 * the packet as hexadecimal text, or "error:" and the status name.
 */
export function encodeVector(platform: Platform, version: number, fields: VectorFields, capacity: number): string {
  const encoder = newEncoder(platform, version);
  const store = platform.newBytes(capacity);
  const status = encodeInto(encoder, store, capacity, fields);
  if (status !== Status.Success) {
    return "error:" + statusName(status);
  }
  return bytesToHex(platform, store, 0, encoder.packetSize);
}

/**
 * Decodes packets from hexadecimal text for protocol `version`, feeding the stream decoder
 * `chunkSize` bytes at a time (0: all at once), with packets up to `maximumPacketSize`.
 * Returns JSON text: a list with one object per decoded packet, and a last
 * `{"error": name}` entry if decoding stopped at an error; `{"incomplete": n}` when bytes remain
 * in a partial packet.
 */
export function decodeVector(platform: Platform, version: number, hex: string, chunkSize: number, maximumPacketSize: number): string {
  const input = hexToBytes(platform, hex);
  const stream = newStreamDecoder(platform, version, maximumPacketSize);
  const writer = newJsonWriter(platform, input.length * 16 + 512);
  appendRaw(writer, "[");
  let first = true;
  let offset = 0;
  const step = chunkSize > 0 ? chunkSize : input.length;
  while (offset < input.length) {
    const chunkEnd = offset + step < input.length ? offset + step : input.length;
    let position = offset;
    while (position < chunkEnd) {
      position = position + feedStream(stream, input.bytes, position, chunkEnd - position);
      if (stream.status === Status.Success) {
        appendRaw(writer, first ? "" : ",");
        appendPacket(writer, stream.decoder.view, version);
        first = false;
      } else if (stream.status !== Status.NeedMoreBytes) {
        appendRaw(writer, first ? "{\"error\":\"" : ",{\"error\":\"");
        appendRaw(writer, statusName(stream.status));
        appendRaw(writer, "\"}]");
        return writerText(writer);
      }
    }
    offset = chunkEnd;
  }
  if (stream.filled > 0 && stream.status === Status.NeedMoreBytes) {
    appendRaw(writer, first ? "{\"incomplete\":" : ",{\"incomplete\":");
    appendNumber(writer, stream.filled);
    appendRaw(writer, "}");
  }
  appendRaw(writer, "]");
  return writerText(writer);
}

/** Appends one length-prefixed string at `offset` of the view's store as a JSON string. */
function appendPrefixedString(writer: JsonWriter, store: Bytes, offset: number): void {
  appendStringBytes(writer, store, offset + 2, readTwoByteInteger(store, offset));
}

/** Appends the received properties as a JSON object, in identifier order. */
function appendProperties(writer: JsonWriter, view: PropertiesView): void {
  appendRaw(writer, "{");
  let first = true;
  for (let index = 0; index < PROPERTY_IDS.length; index++) {
    const id = PROPERTY_IDS[index];
    const count = view.counts[id];
    if (count > 0) {
      appendKey(writer, PROPERTY_NAMES[id], first);
      first = false;
      appendPropertyValue(writer, view, id, count);
    }
  }
  appendRaw(writer, "}");
}

/** Appends the value(s) of property `id`: lists for repeated kinds, hex for binary data. */
function appendPropertyValue(writer: JsonWriter, view: PropertiesView, id: number, count: number): void {
  const kind = PROPERTY_KINDS[id];
  const reading = { value: 0, byteCount: 0 };
  const store = view.store;
  if (kind === PropertyKind.Utf8StringPair || id === PropertyId.SubscriptionIdentifier) {
    appendRaw(writer, "[");
    for (let occurrence = 0; occurrence < count; occurrence++) {
      const at = findProperty(view, id, occurrence);
      appendRaw(writer, occurrence === 0 ? "" : ",");
      if (kind === PropertyKind.Utf8StringPair) {
        appendPrefixedString(writer, store, at);
        appendRaw(writer, ",");
        appendPrefixedString(writer, store, at + 2 + readTwoByteInteger(store, at));
      } else {
        readVariableInteger(store, at, view.end, reading);
        appendNumber(writer, reading.value);
      }
    }
    appendRaw(writer, "]");
  } else if (kind === PropertyKind.Utf8String) {
    appendPrefixedString(writer, store, view.valueOffsets[id]);
  } else if (kind === PropertyKind.BinaryData) {
    const at = view.valueOffsets[id];
    appendHexString(writer, store, at + 2, readTwoByteInteger(store, at));
  } else {
    appendNumber(writer, propertyInteger(view, id, 0));
  }
}

/** Appends `"properties": {...}` when the protocol has properties. */
function appendPropertiesField(writer: JsonWriter, view: PropertiesView, version: number): void {
  if (version === 5) {
    appendKey(writer, "properties", false);
    appendProperties(writer, view);
  }
}

/** Appends the decoded packet in `view` as canonical JSON (every field of its type). */
function appendPacket(writer: JsonWriter, view: PacketView, version: number): void {
  const type = view.type;
  const store = view.store;
  appendRaw(writer, "{\"type\":\"");
  appendRaw(writer, PACKET_TYPE_NAMES[type]);
  appendRaw(writer, "\"");
  if (type === PacketType.Connect) {
    appendConnect(writer, view);
  } else if (type === PacketType.Publish) {
    appendKey(writer, "dup", false);
    appendBoolean(writer, view.dup);
    appendKey(writer, "qos", false);
    appendNumber(writer, view.qos);
    appendKey(writer, "retain", false);
    appendBoolean(writer, view.retain);
    appendKey(writer, "topic", false);
    appendStringBytes(writer, store, view.topicOffset, view.topicLength);
    if (view.qos > 0) {
      appendKey(writer, "packetId", false);
      appendNumber(writer, view.packetId);
    }
    appendPropertiesField(writer, view.properties, version);
    appendKey(writer, "payload", false);
    appendHexString(writer, store, view.payloadOffset, view.payloadLength);
  } else if (type === PacketType.Connack) {
    appendKey(writer, "sessionPresent", false);
    appendBoolean(writer, view.sessionPresent);
    appendKey(writer, "reasonCode", false);
    appendNumber(writer, view.reasonCode);
    appendPropertiesField(writer, view.properties, version);
  } else if (type === PacketType.Subscribe || type === PacketType.Unsubscribe) {
    appendKey(writer, "packetId", false);
    appendNumber(writer, view.packetId);
    appendPropertiesField(writer, view.properties, version);
    appendFilters(writer, view, type === PacketType.Subscribe);
  } else if (type === PacketType.Suback || type === PacketType.Unsuback) {
    appendKey(writer, "packetId", false);
    appendNumber(writer, view.packetId);
    appendPropertiesField(writer, view.properties, version);
    if (type === PacketType.Suback || version === 5) {
      appendKey(writer, "reasonCodes", false);
      appendRaw(writer, "[");
      for (let index = 0; index < view.itemCount; index++) {
        appendRaw(writer, index === 0 ? "" : ",");
        appendNumber(writer, store[view.payloadOffset + index]);
      }
      appendRaw(writer, "]");
    }
  } else if (type >= PacketType.Puback && type <= PacketType.Pubcomp) {
    appendKey(writer, "packetId", false);
    appendNumber(writer, view.packetId);
    appendKey(writer, "reasonCode", false);
    appendNumber(writer, view.reasonCode);
    appendPropertiesField(writer, view.properties, version);
  } else if (type === PacketType.Disconnect || type === PacketType.Auth) {
    appendKey(writer, "reasonCode", false);
    appendNumber(writer, view.reasonCode);
    appendPropertiesField(writer, view.properties, version);
  }
  appendRaw(writer, "}");
}

/** Appends the filters of a SUBSCRIBE (with options) or UNSUBSCRIBE. */
function appendFilters(writer: JsonWriter, view: PacketView, withOptions: boolean): void {
  const store = view.store;
  appendKey(writer, withOptions ? "subscriptions" : "topicFilters", false);
  appendRaw(writer, "[");
  let position = view.payloadOffset;
  for (let index = 0; index < view.itemCount; index++) {
    appendRaw(writer, index === 0 ? "" : ",");
    const filterLength = readTwoByteInteger(store, position);
    if (withOptions) {
      const options = store[position + 2 + filterLength];
      appendRaw(writer, "{\"topicFilter\":");
      appendStringBytes(writer, store, position + 2, filterLength);
      appendKey(writer, "qos", false);
      appendNumber(writer, options % 4);
      appendKey(writer, "noLocal", false);
      appendBoolean(writer, options % 8 >= 4);
      appendKey(writer, "retainAsPublished", false);
      appendBoolean(writer, options % 16 >= 8);
      appendKey(writer, "retainHandling", false);
      appendNumber(writer, ((options % 64) - (options % 16)) / 16);
      appendRaw(writer, "}");
      position = position + 3 + filterLength;
    } else {
      appendStringBytes(writer, store, position + 2, filterLength);
      position = position + 2 + filterLength;
    }
  }
  appendRaw(writer, "]");
}

/** Appends the fields of a CONNECT. */
function appendConnect(writer: JsonWriter, view: PacketView): void {
  const store = view.store;
  const isMqtt5 = view.protocolVersion === 5;
  appendKey(writer, "protocolVersion", false);
  appendNumber(writer, view.protocolVersion);
  appendKey(writer, "cleanStart", false);
  appendBoolean(writer, view.cleanStart);
  appendKey(writer, "keepAlive", false);
  appendNumber(writer, view.keepAlive);
  appendKey(writer, "clientId", false);
  appendStringBytes(writer, store, view.clientIdOffset, view.clientIdLength);
  if (view.hasWill) {
    appendKey(writer, "will", false);
    appendRaw(writer, "{\"topic\":");
    appendStringBytes(writer, store, view.willTopicOffset, view.willTopicLength);
    appendKey(writer, "payload", false);
    appendHexString(writer, store, view.willPayloadOffset, view.willPayloadLength);
    appendKey(writer, "qos", false);
    appendNumber(writer, view.willQos);
    appendKey(writer, "retain", false);
    appendBoolean(writer, view.willRetain);
    if (isMqtt5) {
      appendKey(writer, "properties", false);
      appendProperties(writer, view.willProperties);
    }
    appendRaw(writer, "}");
  }
  if (view.usernameOffset >= 0) {
    appendKey(writer, "username", false);
    appendStringBytes(writer, store, view.usernameOffset, view.usernameLength);
  }
  if (view.passwordOffset >= 0) {
    appendKey(writer, "password", false);
    appendStringBytes(writer, store, view.passwordOffset, view.passwordLength);
  }
  if (isMqtt5) {
    appendKey(writer, "properties", false);
    appendProperties(writer, view.properties);
  }
}
