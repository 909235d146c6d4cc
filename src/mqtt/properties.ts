/**
 * MQTT 5.0 properties: the named record an application fills to send them, the view the decoder
 * fills when they arrive (offsets into the receive store, never copies), and the code between
 * the two and the wire. Table-driven by property-table.ts.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { Status } from "./status";
import { maskHas } from "./packet-type";
import {
  PropertyKind,
  PropertyId,
  PROPERTY_ID_LIMIT,
  PROPERTY_KINDS,
  PROPERTY_PACKETS,
  PROPERTY_NAMES,
  PROPERTY_IDS_BY_PACKET,
  isRepeatable,
  propertyValueInRange,
} from "./property-table";
import { TextReport, writeCheckedText, noteTextStatus } from "./text";
import { validateTopicName } from "./topic";
import {
  readTwoByteInteger,
  readFourByteInteger,
  writeTwoByteInteger,
  writeFourByteInteger,
  readVariableInteger,
  writeVariableInteger,
  variableIntegerSize,
  copyBytes,
  VariableIntegerReading,
} from "./wire";
import { validateUtf8 } from "../bytes/utf8";

/** Bytes the value of a byte, two-byte or four-byte integer property takes, indexed by kind. */
const FIXED_VALUE_SIZES = [0, 1, 2, 4];

/** A range of bytes owned by the caller: binary data to send (correlation, authentication data). */
export interface Binary {
  bytes: Bytes;
  offset: number;
  length: number;
}

/**
 * Properties to send, by the spec's names. Leave a field undefined to omit it; a field the packet
 * type may not carry (Session Expiry Interval on a PUBLISH, say) is not sent. Four-byte values
 * are signed 32-bit (0xFFFFFFFF is -1). Repeatable properties are lists: `userProperty` holds
 * name, value, name, value ...; `subscriptionIdentifier` holds one identifier per entry.
 */
export interface Properties {
  payloadFormatIndicator?: number;
  messageExpiryInterval?: number;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Binary;
  subscriptionIdentifier?: number[];
  sessionExpiryInterval?: number;
  assignedClientIdentifier?: string;
  serverKeepAlive?: number;
  authenticationMethod?: string;
  authenticationData?: Binary;
  requestProblemInformation?: number;
  willDelayInterval?: number;
  requestResponseInformation?: number;
  responseInformation?: string;
  serverReference?: string;
  reasonString?: string;
  receiveMaximum?: number;
  topicAliasMaximum?: number;
  topicAlias?: number;
  maximumQos?: number;
  retainAvailable?: number;
  userProperty?: string[];
  maximumPacketSize?: number;
  wildcardSubscriptionAvailable?: number;
  subscriptionIdentifierAvailable?: number;
  sharedSubscriptionAvailable?: number;
}

/**
 * Received properties, as positions in the store they arrived in. `valueOffsets[id]` is where the
 * first occurrence's value starts (-1 when absent); strings and binary data start with their
 * two-byte length. Valid until the store is reused for the next packet.
 */
export interface PropertiesView {
  store: Bytes;
  /** Offset of the first property (after the property length), and the offset after the last. */
  start: number;
  end: number;
  valueOffsets: number[];
  counts: number[];
  /** Identifiers present, so that clearing touches only what was set. */
  presentIds: number[];
  presentCount: number;
}

/** Makes an empty view over `store`. Allocates: call at creation time. */
export function newPropertiesView(store: Bytes): PropertiesView {
  const view: PropertiesView = {
    store: store,
    start: 0,
    end: 0,
    valueOffsets: [],
    counts: [],
    presentIds: [],
    presentCount: 0,
  };
  for (let id = 0; id < PROPERTY_ID_LIMIT; id++) {
    view.valueOffsets.push(-1);
    view.counts.push(0);
    view.presentIds.push(0);
  }
  return view;
}

/** Empties `view`, touching only the identifiers that were present. Never allocates. @hotpath */
export function clearPropertiesView(view: PropertiesView): void {
  for (let index = 0; index < view.presentCount; index++) {
    const id = view.presentIds[index];
    view.valueOffsets[id] = -1;
    view.counts[id] = 0;
  }
  view.presentCount = 0;
  view.start = 0;
  view.end = 0;
}

/** Whether the property `id` was received. Never allocates. @hotpath */
export function hasProperty(view: PropertiesView, id: number): boolean {
  return view.valueOffsets[id] >= 0;
}

/**
 * The integer value of property `id` (byte, two-byte, four-byte or variable byte integer), or
 * `absent` when it was not received. Never allocates.
 * @hotpath
 */
export function propertyInteger(view: PropertiesView, id: number, absent: number): number {
  const offset = view.valueOffsets[id];
  if (offset < 0) {
    return absent;
  }
  return readIntegerValue(view.store, offset, PROPERTY_KINDS[id]);
}

/** Reads an integer property value of `kind` at `offset`. Never allocates. @hotpath */
function readIntegerValue(store: Bytes, offset: number, kind: number): number {
  if (kind === PropertyKind.Byte) {
    return store[offset];
  }
  if (kind === PropertyKind.TwoByteInteger) {
    return readTwoByteInteger(store, offset);
  }
  if (kind === PropertyKind.FourByteInteger) {
    return readFourByteInteger(store, offset);
  }
  let value = 0;
  let multiplier = 1;
  let position = offset;
  while (store[position] >= 128) {
    value = value + (store[position] - 128) * multiplier;
    multiplier = multiplier * 128;
    position = position + 1;
  }
  return value + store[position] * multiplier;
}

/**
 * Where the value of the `occurrence`-th (0-based) property `id` starts, or -1 when there are not
 * that many. Use it to walk repeated User Property and Subscription Identifier entries.
 * Never allocates.
 * @hotpath
 */
export function findProperty(view: PropertiesView, id: number, occurrence: number): number {
  if (occurrence === 0 || view.counts[id] <= occurrence) {
    return occurrence === 0 ? view.valueOffsets[id] : -1;
  }
  let seen = 0;
  let position = view.start;
  while (position < view.end) {
    const currentId = view.store[position];
    const valueOffset = position + 1;
    if (currentId === id) {
      if (seen === occurrence) {
        return valueOffset;
      }
      seen = seen + 1;
    }
    position = propertyValueEnd(view.store, valueOffset, PROPERTY_KINDS[currentId]);
  }
  return -1;
}

/** The offset after a (validated) property value of `kind` at `offset`. Never allocates. @hotpath */
function propertyValueEnd(store: Bytes, offset: number, kind: number): number {
  if (kind < PropertyKind.VariableInteger) {
    return offset + FIXED_VALUE_SIZES[kind];
  }
  if (kind === PropertyKind.VariableInteger) {
    let position = offset;
    while (store[position] >= 128) {
      position = position + 1;
    }
    return position + 1;
  }
  const firstEnd = offset + 2 + readTwoByteInteger(store, offset);
  if (kind === PropertyKind.Utf8StringPair) {
    return firstEnd + 2 + readTwoByteInteger(store, firstEnd);
  }
  return firstEnd;
}

/**
 * Reads and checks the property block (length, then properties) at `offset` of a packet of
 * `packetType` ending at `end`, filling `view`. Checks: every identifier defined and allowed on
 * this packet, no duplicates of single properties, every value inside the block, UTF-8 valid,
 * integers in range (byte flags, no zero where the spec forbids it), a Response Topic without
 * wildcards, no Authentication Data without an Authentication Method. On success `view.end` is
 * the offset after the block.
 * Never reads at or past `end`; never allocates.
 * @hotpath
 */
export function decodeProperties(
  store: Bytes,
  offset: number,
  end: number,
  packetType: number,
  view: PropertiesView,
  reading: VariableIntegerReading,
): Status {
  clearPropertiesView(view);
  view.store = store;
  readVariableInteger(store, offset, end, reading);
  if (reading.byteCount < 0) {
    return Status.MalformedVariableInteger;
  }
  if (reading.byteCount === 0 || offset + reading.byteCount + reading.value > end) {
    return Status.MalformedPacket;
  }
  const blockStart = offset + reading.byteCount;
  const blockEnd = blockStart + reading.value;
  view.start = blockStart;
  view.end = blockEnd;
  let position = blockStart;
  while (position < blockEnd) {
    const id = store[position];
    if (id >= PROPERTY_ID_LIMIT || PROPERTY_KINDS[id] === 0) {
      return Status.UnknownProperty;
    }
    if (!maskHas(PROPERTY_PACKETS[id], packetType)) {
      return Status.PropertyNotAllowed;
    }
    if (view.counts[id] > 0 && !isRepeatable(id, packetType)) {
      return Status.DuplicateProperty;
    }
    const valueOffset = position + 1;
    const valueStatus = checkPropertyValue(store, valueOffset, blockEnd, id, reading);
    if (valueStatus !== Status.Success) {
      return valueStatus;
    }
    if (view.counts[id] === 0) {
      view.valueOffsets[id] = valueOffset;
      view.presentIds[view.presentCount] = id;
      view.presentCount = view.presentCount + 1;
    }
    view.counts[id] = view.counts[id] + 1;
    position = propertyValueEnd(store, valueOffset, PROPERTY_KINDS[id]);
  }
  const dataWithoutMethod = view.counts[PropertyId.AuthenticationData] > 0 && view.counts[PropertyId.AuthenticationMethod] === 0;
  return dataWithoutMethod ? Status.ProtocolError : Status.Success;
}

/** Checks one property value of identifier `id` at `offset`, inside `end`. Never allocates. @hotpath */
function checkPropertyValue(
  store: Bytes,
  offset: number,
  end: number,
  id: number,
  reading: VariableIntegerReading,
): Status {
  const kind = PROPERTY_KINDS[id];
  if (kind === PropertyKind.VariableInteger) {
    readVariableInteger(store, offset, end, reading);
    if (reading.byteCount < 0) {
      return Status.MalformedVariableInteger;
    }
    if (reading.byteCount === 0) {
      return Status.MalformedPacket;
    }
    return propertyValueInRange(id, reading.value) ? Status.Success : Status.ProtocolError;
  }
  if (kind === PropertyKind.Byte || kind === PropertyKind.TwoByteInteger || kind === PropertyKind.FourByteInteger) {
    if (propertyValueEnd(store, offset, kind) > end) {
      return Status.MalformedPacket;
    }
    return propertyValueInRange(id, readIntegerValue(store, offset, kind)) ? Status.Success : Status.ProtocolError;
  }
  const firstStatus = checkLengthPrefixed(store, offset, end, kind !== PropertyKind.BinaryData);
  if (firstStatus !== Status.Success) {
    return firstStatus;
  }
  if (id === PropertyId.ResponseTopic) {
    return validateTopicName(store, offset + 2, readTwoByteInteger(store, offset)) === Status.Success ? Status.Success : Status.ProtocolError;
  }
  if (kind !== PropertyKind.Utf8StringPair) {
    return Status.Success;
  }
  return checkLengthPrefixed(store, offset + 2 + readTwoByteInteger(store, offset), end, true);
}

/**
 * Checks that a two-byte length and that many bytes fit before `end`, and, for text, that they
 * are valid UTF-8 without U+0000. Never allocates.
 * @hotpath
 */
export function checkLengthPrefixed(store: Bytes, offset: number, end: number, isText: boolean): Status {
  if (offset + 2 > end) {
    return Status.MalformedPacket;
  }
  const length = readTwoByteInteger(store, offset);
  if (offset + 2 + length > end) {
    return Status.MalformedPacket;
  }
  return isText ? validateUtf8(store, offset + 2, length) : Status.Success;
}

/** Reads a field of `properties` by its table name. Never allocates. @hotpath */
function propertyField(properties: Properties, id: number): unknown {
  return (properties as unknown as { [name: string]: unknown })[PROPERTY_NAMES[id]];
}

/**
 * What measuring a `Properties` record found: the identifiers present (in table order) and the
 * bytes they take after the property length. Made once per encoder; reused for every packet, so
 * writing touches only the fields that are there.
 */
export interface PropertySelection extends TextReport {
  ids: number[];
  count: number;
  contentLength: number;
}

/** Makes an empty selection (room for every identifier). Allocates: call at creation time. */
export function newPropertySelection(): PropertySelection {
  const selection: PropertySelection = { ids: [], count: 0, contentLength: 0, textStatus: Status.Success };
  for (let index = 0; index < PROPERTY_ID_LIMIT; index++) {
    selection.ids.push(0);
  }
  return selection;
}

/**
 * Measures `properties` for a packet of `packetType` into `selection`: which of those the packet
 * may carry are present, and the bytes they take after their length field. Fields the packet type
 * may not carry (the spec's table) are not looked at and never sent. Returns false when an
 * integer is out of its range, a string is over 65,535 bytes, a User Property lacks its value,
 * SUBSCRIBE has more than one Subscription Identifier, or Authentication Data comes without an
 * Authentication Method. `undefined` selects nothing. Never allocates.
 * @hotpath
 */
export function measureProperties(
  platform: Platform,
  properties: Properties | undefined,
  packetType: number,
  selection: PropertySelection,
): boolean {
  selection.count = 0;
  selection.contentLength = 0;
  if (properties === undefined) {
    return true;
  }
  const allowed = PROPERTY_IDS_BY_PACKET[packetType];
  for (let index = 0; index < allowed.length; index++) {
    const id = allowed[index];
    const field = propertyField(properties, id);
    if (field !== undefined) {
      const size = fieldSize(platform, field, id, packetType);
      if (size < 0) {
        return false;
      }
      selection.contentLength = selection.contentLength + size;
      selection.ids[selection.count] = id;
      selection.count = selection.count + 1;
    }
  }
  return properties.authenticationData === undefined || properties.authenticationMethod !== undefined;
}

/**
 * Bytes one named field takes on the wire, identifiers included; -1 when a value is out of range,
 * a string too long, a pair incomplete, or a list repeats what this packet allows once.
 * @hotpath
 */
function fieldSize(platform: Platform, field: unknown, id: number, packetType: number): number {
  const kind = PROPERTY_KINDS[id];
  if (kind === PropertyKind.VariableInteger) {
    const identifiers = field as number[];
    if (identifiers.length > 1 && !isRepeatable(id, packetType)) {
      return -1;
    }
    let total = 0;
    for (let index = 0; index < identifiers.length; index++) {
      if (!propertyValueInRange(id, identifiers[index])) {
        return -1;
      }
      total = total + 1 + variableIntegerSize(identifiers[index]);
    }
    return total;
  }
  if (kind === PropertyKind.Byte || kind === PropertyKind.TwoByteInteger || kind === PropertyKind.FourByteInteger) {
    return propertyValueInRange(id, field as number) ? 1 + FIXED_VALUE_SIZES[kind] : -1;
  }
  if (kind === PropertyKind.BinaryData) {
    const binary = field as Binary;
    return binary.length > 65535 ? -1 : 3 + binary.length;
  }
  if (kind === PropertyKind.Utf8String) {
    const length = platform.textByteLength(field as string);
    return length > 65535 ? -1 : 3 + length;
  }
  const texts = field as string[];
  if (texts.length % 2 !== 0) {
    return -1;
  }
  let total = 0;
  for (let index = 0; index < texts.length; index++) {
    const length = platform.textByteLength(texts[index]);
    if (length > 65535) {
      return -1;
    }
    total = total + 2 + length + (index % 2 === 0 ? 1 : 0);
  }
  return total;
}

/**
 * Writes the property length and the properties `selection` (from `measureProperties`) found in
 * `properties`, at `offset`; returns the offset after them. The caller has checked the room. A
 * string that is not valid MQTT UTF-8, or a Response Topic with wildcards, is noted in
 * `selection.textStatus`. Never allocates.
 * @hotpath
 */
export function writeProperties(
  platform: Platform,
  store: Bytes,
  offset: number,
  properties: Properties | undefined,
  selection: PropertySelection,
): number {
  selection.textStatus = Status.Success;
  let position = writeVariableInteger(store, offset, selection.contentLength);
  if (properties === undefined) {
    return position;
  }
  for (let index = 0; index < selection.count; index++) {
    const id = selection.ids[index];
    position = writeField(platform, store, position, id, propertyField(properties, id), selection);
  }
  return position;
}

/** Writes one named field (identifier and value; each entry of a list), checking its text. Never allocates. @hotpath */
function writeField(platform: Platform, store: Bytes, offset: number, id: number, field: unknown, report: TextReport): number {
  const kind = PROPERTY_KINDS[id];
  if (kind === PropertyKind.VariableInteger) {
    const identifiers = field as number[];
    let position = offset;
    for (let index = 0; index < identifiers.length; index++) {
      store[position] = id;
      position = writeVariableInteger(store, position + 1, identifiers[index]);
    }
    return position;
  }
  if (kind === PropertyKind.Utf8StringPair) {
    const texts = field as string[];
    let position = offset;
    for (let index = 0; index < texts.length; index++) {
      if (index % 2 === 0) {
        store[position] = id;
        position = position + 1;
      }
      position = writeCheckedText(platform, store, position, texts[index], report);
    }
    return position;
  }
  store[offset] = id;
  const valueOffset = offset + 1;
  if (kind === PropertyKind.Byte) {
    store[valueOffset] = field as number;
    return valueOffset + 1;
  }
  if (kind === PropertyKind.TwoByteInteger) {
    return writeTwoByteInteger(store, valueOffset, field as number);
  }
  if (kind === PropertyKind.FourByteInteger) {
    return writeFourByteInteger(store, valueOffset, field as number);
  }
  if (kind === PropertyKind.BinaryData) {
    const binary = field as Binary;
    const dataOffset = writeTwoByteInteger(store, valueOffset, binary.length);
    return copyBytes(binary.bytes, binary.offset, store, dataOffset, binary.length);
  }
  const end = writeCheckedText(platform, store, valueOffset, field as string, report);
  if (id === PropertyId.ResponseTopic) {
    noteTextStatus(report, validateTopicName(store, valueOffset + 2, end - valueOffset - 2));
  }
  return end;
}
