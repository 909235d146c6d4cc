/**
 * The parser: one complete packet in a store -> a reusable view of its fields (offsets into that
 * store, never copies). Every rule the spec gives a receiver is checked and each breach has its
 * own status. Never throws, never reads outside the packet, never allocates.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import { Status } from "./status";
import { PacketType, ProtocolVersion, REQUIRED_FLAGS, WILL_PROPERTIES } from "./packet-type";
import { PropertiesView, newPropertiesView, clearPropertiesView, decodeProperties, checkLengthPrefixed, hasProperty } from "./properties";
import { PropertyId } from "./property-table";
import { readTwoByteInteger, readVariableInteger, VariableIntegerReading } from "./wire";
import { validateTopicName, validateTopicFilter, isSharedSubscription } from "./topic";
import { isValidReasonCode } from "./reason-codes";
import { MQTT5_ENABLED, DECODES_SERVER_BOUND_PACKETS } from "./features";

/**
 * The fields of the last packet decoded. Strings and binary data are (offset, length) pairs in
 * `store`; an absent optional one has offset -1. Lists (SUBSCRIBE filters, UNSUBSCRIBE filters,
 * SUBACK/UNSUBACK codes) lie in the payload range, `itemCount` entries long: SUBACK and UNSUBACK
 * codes are one byte each; each SUBSCRIBE entry is a two-byte length, the filter, an options
 * byte; each UNSUBSCRIBE entry a two-byte length and the filter.
 */
export interface PacketView {
  store: Bytes;
  type: number;
  flags: number;
  /** Where the packet starts in `store` and how many bytes it has in all. */
  offset: number;
  length: number;
  remainingLength: number;
  /** PUBLISH QoS > 0, acks, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK; 0 where absent. */
  packetId: number;
  /** CONNACK return/reason code; acks, DISCONNECT, AUTH reason code (0 when left out). */
  reasonCode: number;
  sessionPresent: boolean;
  dup: boolean;
  qos: number;
  retain: boolean;
  topicOffset: number;
  topicLength: number;
  payloadOffset: number;
  payloadLength: number;
  itemCount: number;
  properties: PropertiesView;
  /** CONNECT only: set by decoding a CONNECT, left as they were by every other packet. */
  protocolVersion: number;
  cleanStart: boolean;
  keepAlive: number;
  clientIdOffset: number;
  clientIdLength: number;
  hasWill: boolean;
  willQos: number;
  willRetain: boolean;
  willProperties: PropertiesView;
  willTopicOffset: number;
  willTopicLength: number;
  willPayloadOffset: number;
  willPayloadLength: number;
  usernameOffset: number;
  usernameLength: number;
  passwordOffset: number;
  passwordLength: number;
}

/** The parser's state: the protocol version it expects and the view it fills. */
export interface Decoder {
  /** ProtocolVersion of the connection; decoding a CONNECT does not change it. */
  version: number;
  view: PacketView;
  reading: VariableIntegerReading;
}

/** Makes a decoder for `version` with an empty view over `store`. Allocates: call at creation time. */
export function newDecoder(version: number, store: Bytes): Decoder {
  const view: PacketView = {
    store: store,
    type: 0,
    flags: 0,
    offset: 0,
    length: 0,
    remainingLength: 0,
    packetId: 0,
    reasonCode: 0,
    sessionPresent: false,
    dup: false,
    qos: 0,
    retain: false,
    topicOffset: -1,
    topicLength: 0,
    payloadOffset: 0,
    payloadLength: 0,
    itemCount: 0,
    properties: newPropertiesView(store),
    protocolVersion: version,
    cleanStart: false,
    keepAlive: 0,
    clientIdOffset: -1,
    clientIdLength: 0,
    hasWill: false,
    willQos: 0,
    willRetain: false,
    willProperties: newPropertiesView(store),
    willTopicOffset: -1,
    willTopicLength: 0,
    willPayloadOffset: -1,
    willPayloadLength: 0,
    usernameOffset: -1,
    usernameLength: 0,
    passwordOffset: -1,
    passwordLength: 0,
  };
  return { version: version, view: view, reading: { value: 0, byteCount: 0 } };
}

/** Resets the view's fields for a new packet. @hotpath */
function resetView(view: PacketView, store: Bytes): void {
  view.store = store;
  view.packetId = 0;
  view.reasonCode = 0;
  view.sessionPresent = false;
  view.dup = false;
  view.qos = 0;
  view.retain = false;
  view.topicOffset = -1;
  view.topicLength = 0;
  view.payloadOffset = 0;
  view.payloadLength = 0;
  view.itemCount = 0;
  if (MQTT5_ENABLED) {
    clearPropertiesView(view.properties);
  }
}

/** Resets the CONNECT-only fields of the view for a new CONNECT. */
function resetConnectFields(view: PacketView): void {
  view.hasWill = false;
  view.clientIdOffset = -1;
  view.clientIdLength = 0;
  view.willTopicOffset = -1;
  view.willTopicLength = 0;
  view.willPayloadOffset = -1;
  view.willPayloadLength = 0;
  view.usernameOffset = -1;
  view.usernameLength = 0;
  view.passwordOffset = -1;
  view.passwordLength = 0;
  clearPropertiesView(view.willProperties);
}

/**
 * Decodes the one complete packet in `store[offset .. end)` into decoder.view. The bytes must
 * be exactly one packet: fixed header, then as many bytes as its remaining length says.
 * Returns Success or the status naming what is wrong. Never allocates.
 * @hotpath
 */
export function decodePacket(decoder: Decoder, store: Bytes, offset: number, end: number): Status {
  const view = decoder.view;
  resetView(view, store);
  if (end - offset < 2) {
    return Status.MalformedPacket;
  }
  const first = store[offset];
  const type = (first - (first % 16)) / 16;
  const flags = first % 16;
  const reading = decoder.reading;
  readVariableInteger(store, offset + 1, end, reading);
  if (reading.byteCount < 0) {
    return Status.MalformedVariableInteger;
  }
  if (reading.byteCount === 0 || offset + 1 + reading.byteCount + reading.value !== end) {
    return Status.MalformedPacket;
  }
  view.type = type;
  view.flags = flags;
  view.offset = offset;
  view.length = end - offset;
  view.remainingLength = reading.value;
  const headerStatus = checkFixedHeader(type, flags, decoder.version);
  if (headerStatus !== Status.Success) {
    return headerStatus;
  }
  return decodeBody(decoder, store, offset + 1 + reading.byteCount, end);
}

/**
 * Checks the packet type and reserved flags of a fixed header for `version`. Used by the
 * stream decoder too, so a bad header is refused before its body arrives. In a build without
 * MQTT 5 every packet of a version 5 decoder is UnsupportedVersion; in a client build a packet
 * only a server receives is UnexpectedPacket (src/mqtt/features.ts). Never allocates.
 * @hotpath
 */
export function checkFixedHeader(type: number, flags: number, version: number): Status {
  if (!MQTT5_ENABLED && version === ProtocolVersion.Mqtt5) {
    return Status.UnsupportedVersion;
  }
  if (type === 0 || (type === PacketType.Auth && version !== ProtocolVersion.Mqtt5)) {
    return Status.UnknownPacketType;
  }
  if (!DECODES_SERVER_BOUND_PACKETS && isServerBound(type)) {
    return Status.UnexpectedPacket;
  }
  const required = REQUIRED_FLAGS[type];
  if (required >= 0) {
    return flags === required ? Status.Success : Status.BadFlags;
  }
  const qos = ((flags % 8) - (flags % 2)) / 2;
  if (qos === 3) {
    return Status.BadQos;
  }
  return qos === 0 && flags >= 8 ? Status.BadQos : Status.Success;
}

/** Whether only a server receives packets of `type` (CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ). @hotpath */
function isServerBound(type: number): boolean {
  return type === PacketType.Connect || type === PacketType.Subscribe || type === PacketType.Unsubscribe || type === PacketType.Pingreq;
}

/** Decodes the variable header and payload starting at `start`, by the packet's type. @hotpath */
function decodeBody(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  return BODY_DECODERS[decoder.view.type](decoder, store, start, end);
}

/** Whether the decoder speaks MQTT 5. @hotpath */
function isVersion5(decoder: Decoder): boolean {
  return decoder.version === ProtocolVersion.Mqtt5;
}

/**
 * Reads a packet identifier at `offset` into the view; MalformedPacket when it does not fit,
 * PacketIdZero when it is 0. @hotpath
 */
function readPacketId(view: PacketView, store: Bytes, offset: number, end: number): Status {
  if (offset + 2 > end) {
    return Status.MalformedPacket;
  }
  view.packetId = readTwoByteInteger(store, offset);
  return view.packetId === 0 ? Status.PacketIdZero : Status.Success;
}

/** PUBLISH: topic, packet id (QoS > 0), properties (5.0), payload. @hotpath */
function decodePublish(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  const view = decoder.view;
  const flags = view.flags;
  view.retain = flags % 2 === 1;
  view.qos = ((flags % 8) - (flags % 2)) / 2;
  view.dup = flags >= 8;
  const topicStatus = checkLengthPrefixed(store, start, end, false);
  if (topicStatus !== Status.Success) {
    return topicStatus;
  }
  view.topicOffset = start + 2;
  view.topicLength = readTwoByteInteger(store, start);
  let position = view.topicOffset + view.topicLength;
  if (view.qos > 0) {
    const idStatus = readPacketId(view, store, position, end);
    if (idStatus !== Status.Success) {
      return idStatus;
    }
    position = position + 2;
  }
  if (MQTT5_ENABLED && isVersion5(decoder)) {
    const propertiesStatus = decodeProperties(store, position, end, PacketType.Publish, view.properties, decoder.reading);
    if (propertiesStatus !== Status.Success) {
      return propertiesStatus;
    }
    position = view.properties.end;
  }
  view.payloadOffset = position;
  view.payloadLength = end - position;
  if (view.topicLength === 0) {
    return MQTT5_ENABLED && hasProperty(view.properties, PropertyId.TopicAlias) ? Status.Success : Status.ProtocolError;
  }
  return validateTopicName(store, view.topicOffset, view.topicLength);
}

/**
 * Reads the optional MQTT 5 reason code and properties that end an ack, DISCONNECT or AUTH at
 * `offset`: absent means code 0 and no properties. @hotpath
 */
function decodeReasonTail(decoder: Decoder, store: Bytes, offset: number, end: number): Status {
  const view = decoder.view;
  if (!MQTT5_ENABLED || !isVersion5(decoder)) {
    return offset === end ? Status.Success : Status.MalformedPacket;
  }
  if (offset === end) {
    return Status.Success;
  }
  view.reasonCode = store[offset];
  if (!isValidReasonCode(view.reasonCode, view.type, decoder.version)) {
    return Status.BadReasonCode;
  }
  if (offset + 1 === end) {
    return Status.Success;
  }
  const propertiesStatus = decodeProperties(store, offset + 1, end, view.type, view.properties, decoder.reading);
  if (propertiesStatus !== Status.Success) {
    return propertiesStatus;
  }
  return view.properties.end === end ? Status.Success : Status.MalformedPacket;
}

/** PUBACK, PUBREC, PUBREL, PUBCOMP. @hotpath */
function decodeAck(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  const idStatus = readPacketId(decoder.view, store, start, end);
  if (idStatus !== Status.Success) {
    return idStatus;
  }
  return decodeReasonTail(decoder, store, start + 2, end);
}

/** CONNACK: flags, return/reason code, properties (5.0). */
function decodeConnack(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  const view = decoder.view;
  if (start + 2 > end) {
    return Status.MalformedPacket;
  }
  const acknowledgeFlags = store[start];
  if (acknowledgeFlags > 1) {
    return Status.BadFlags;
  }
  view.sessionPresent = acknowledgeFlags === 1;
  view.reasonCode = store[start + 1];
  if (!isValidReasonCode(view.reasonCode, PacketType.Connack, decoder.version)) {
    return Status.BadReasonCode;
  }
  if (view.sessionPresent && view.reasonCode !== 0) {
    return Status.ProtocolError;
  }
  if (!MQTT5_ENABLED || !isVersion5(decoder)) {
    return start + 2 === end ? Status.Success : Status.MalformedPacket;
  }
  const propertiesStatus = decodeProperties(store, start + 2, end, PacketType.Connack, view.properties, decoder.reading);
  if (propertiesStatus !== Status.Success) {
    return propertiesStatus;
  }
  return view.properties.end === end ? Status.Success : Status.MalformedPacket;
}

/**
 * Reads what SUBSCRIBE, UNSUBSCRIBE, SUBACK and UNSUBACK start with: the packet identifier and
 * (in 5.0) the properties; the payload range is what follows. @hotpath
 */
function readIdentifiedHead(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  const view = decoder.view;
  const idStatus = readPacketId(view, store, start, end);
  if (idStatus !== Status.Success) {
    return idStatus;
  }
  let position = start + 2;
  if (MQTT5_ENABLED && isVersion5(decoder)) {
    const propertiesStatus = decodeProperties(store, position, end, view.type, view.properties, decoder.reading);
    if (propertiesStatus !== Status.Success) {
      return propertiesStatus;
    }
    position = view.properties.end;
  }
  view.payloadOffset = position;
  view.payloadLength = end - position;
  return Status.Success;
}

/** SUBACK and UNSUBACK: packet id, properties (5.0), one reason code per filter. */
function decodeSuback(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  const view = decoder.view;
  const headStatus = readIdentifiedHead(decoder, store, start, end);
  if (headStatus !== Status.Success) {
    return headStatus;
  }
  const position = view.payloadOffset;
  if ((!MQTT5_ENABLED || !isVersion5(decoder)) && view.type === PacketType.Unsuback) {
    return position === end ? Status.Success : Status.MalformedPacket;
  }
  view.itemCount = end - position;
  if (view.itemCount === 0) {
    return Status.EmptyPayload;
  }
  for (let index = position; index < end; index++) {
    if (!isValidReasonCode(store[index], view.type, decoder.version)) {
      return Status.BadReasonCode;
    }
  }
  return Status.Success;
}

/**
 * SUBSCRIBE and UNSUBSCRIBE: packet id, properties (5.0), the filters (and options); No Local on
 * a shared subscription is a Protocol Error.
 */
function decodeSubscribe(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  const view = decoder.view;
  const headStatus = readIdentifiedHead(decoder, store, start, end);
  if (headStatus !== Status.Success) {
    return headStatus;
  }
  let position = view.payloadOffset;
  const hasOptions = view.type === PacketType.Subscribe;
  while (position < end) {
    const filterStatus = checkLengthPrefixed(store, position, end, false);
    if (filterStatus !== Status.Success) {
      return filterStatus;
    }
    const filterLength = readTwoByteInteger(store, position);
    const topicStatus = validateTopicFilter(store, position + 2, filterLength);
    if (topicStatus !== Status.Success) {
      return topicStatus;
    }
    position = position + 2 + filterLength;
    if (hasOptions) {
      if (position >= end) {
        return Status.MalformedPacket;
      }
      const options = store[position];
      const optionsStatus = checkSubscriptionOptions(options, decoder.version);
      if (optionsStatus !== Status.Success) {
        return optionsStatus;
      }
      const noLocal = MQTT5_ENABLED && isVersion5(decoder) && options % 8 >= 4;
      if (noLocal && isSharedSubscription(store, position - filterLength, filterLength)) {
        return Status.ProtocolError;
      }
      position = position + 1;
    }
    view.itemCount = view.itemCount + 1;
  }
  return view.itemCount === 0 ? Status.EmptyPayload : Status.Success;
}

/**
 * Checks a subscription options byte: QoS not 3; in 5.0 retain handling not 3 and bits 6-7
 * clear, before 5.0 everything above the QoS clear. Never allocates.
 */
function checkSubscriptionOptions(options: number, version: number): Status {
  const qos = options % 4;
  if (qos === 3) {
    return Status.BadQos;
  }
  if (!MQTT5_ENABLED || version !== ProtocolVersion.Mqtt5) {
    return options > 3 ? Status.BadFlags : Status.Success;
  }
  if (options >= 64) {
    return Status.BadFlags;
  }
  return options >= 48 ? Status.ProtocolError : Status.Success;
}

/**
 * CONNECT: protocol name and level, flags, keepalive, properties (5.0), client id, will,
 * username, password. The packet's own protocol level decides how the rest is read.
 */
function decodeConnect(decoder: Decoder, store: Bytes, start: number, end: number): Status {
  const view = decoder.view;
  resetConnectFields(view);
  const nameStatus = checkLengthPrefixed(store, start, end, true);
  if (nameStatus !== Status.Success) {
    return nameStatus;
  }
  const nameLength = readTwoByteInteger(store, start);
  let position = start + 2 + nameLength;
  if (position + 4 > end) {
    return Status.MalformedPacket;
  }
  const level = store[position];
  if (!isKnownProtocol(store, start + 2, nameLength, level)) {
    return Status.ProtocolError;
  }
  view.protocolVersion = level;
  const connectFlags = store[position + 1];
  view.keepAlive = readTwoByteInteger(store, position + 2);
  position = position + 4;
  const flagsStatus = readConnectFlags(view, connectFlags);
  if (flagsStatus !== Status.Success) {
    return flagsStatus;
  }
  const isMqtt5 = MQTT5_ENABLED && level === ProtocolVersion.Mqtt5;
  if (isMqtt5) {
    const propertiesStatus = decodeProperties(store, position, end, PacketType.Connect, view.properties, decoder.reading);
    if (propertiesStatus !== Status.Success) {
      return propertiesStatus;
    }
    position = view.properties.end;
  }
  const clientIdStatus = checkLengthPrefixed(store, position, end, true);
  if (clientIdStatus !== Status.Success) {
    return clientIdStatus;
  }
  view.clientIdOffset = position + 2;
  view.clientIdLength = readTwoByteInteger(store, position);
  position = view.clientIdOffset + view.clientIdLength;
  if (view.hasWill) {
    if (isMqtt5) {
      const willStatus = decodeProperties(store, position, end, WILL_PROPERTIES, view.willProperties, decoder.reading);
      if (willStatus !== Status.Success) {
        return willStatus;
      }
      position = view.willProperties.end;
    }
    const willTopicStatus = checkLengthPrefixed(store, position, end, true);
    if (willTopicStatus !== Status.Success) {
      return willTopicStatus;
    }
    view.willTopicOffset = position + 2;
    view.willTopicLength = readTwoByteInteger(store, position);
    const willNameStatus = validateTopicName(store, view.willTopicOffset, view.willTopicLength);
    if (willNameStatus !== Status.Success) {
      return willNameStatus;
    }
    position = view.willTopicOffset + view.willTopicLength;
    const willPayloadStatus = checkLengthPrefixed(store, position, end, false);
    if (willPayloadStatus !== Status.Success) {
      return willPayloadStatus;
    }
    view.willPayloadOffset = position + 2;
    view.willPayloadLength = readTwoByteInteger(store, position);
    position = view.willPayloadOffset + view.willPayloadLength;
  }
  return readCredentials(view, store, position, end, connectFlags);
}

/** Reads the username and password the CONNECT flags announce; the packet must end there. */
function readCredentials(view: PacketView, store: Bytes, start: number, end: number, connectFlags: number): Status {
  let position = start;
  if (connectFlags >= 128) {
    const usernameStatus = checkLengthPrefixed(store, position, end, true);
    if (usernameStatus !== Status.Success) {
      return usernameStatus;
    }
    view.usernameOffset = position + 2;
    view.usernameLength = readTwoByteInteger(store, position);
    position = view.usernameOffset + view.usernameLength;
  }
  if (connectFlags % 128 >= 64) {
    const passwordStatus = checkLengthPrefixed(store, position, end, false);
    if (passwordStatus !== Status.Success) {
      return passwordStatus;
    }
    view.passwordOffset = position + 2;
    view.passwordLength = readTwoByteInteger(store, position);
    position = view.passwordOffset + view.passwordLength;
  }
  return position === end ? Status.Success : Status.MalformedPacket;
}

/**
 * Reads the CONNECT flags into the view: the reserved bit must be 0, a will's QoS not 3, will QoS
 * and retain 0 without a will, and before 5.0 no password without a username.
 */
function readConnectFlags(view: PacketView, connectFlags: number): Status {
  if (connectFlags % 2 === 1) {
    return Status.BadFlags;
  }
  view.cleanStart = connectFlags % 4 >= 2;
  view.hasWill = connectFlags % 8 >= 4;
  view.willQos = ((connectFlags % 32) - (connectFlags % 8)) / 8;
  view.willRetain = connectFlags % 64 >= 32;
  if (view.willQos === 3) {
    return Status.BadQos;
  }
  if (!view.hasWill && (view.willQos !== 0 || view.willRetain)) {
    return Status.ProtocolError;
  }
  const hasUsername = connectFlags >= 128;
  const hasPassword = connectFlags % 128 >= 64;
  if (hasPassword && !hasUsername && view.protocolVersion !== ProtocolVersion.Mqtt5) {
    return Status.ProtocolError;
  }
  return Status.Success;
}

/** "MQTT" with level 4 or 5, or "MQIsdp" with level 3. */
function isKnownProtocol(store: Bytes, nameOffset: number, nameLength: number, level: number): boolean {
  const isMqtt =
    nameLength === 4 && store[nameOffset] === 0x4d && store[nameOffset + 1] === 0x51 && store[nameOffset + 2] === 0x54 && store[nameOffset + 3] === 0x54;
  if (isMqtt) {
    return level === ProtocolVersion.Mqtt311 || (MQTT5_ENABLED && level === ProtocolVersion.Mqtt5);
  }
  const isMqisdp =
    nameLength === 6 &&
    store[nameOffset] === 0x4d &&
    store[nameOffset + 1] === 0x51 &&
    store[nameOffset + 2] === 0x49 &&
    store[nameOffset + 3] === 0x73 &&
    store[nameOffset + 4] === 0x64 &&
    store[nameOffset + 5] === 0x70;
  return isMqisdp && level === ProtocolVersion.Mqtt31;
}

/** PINGREQ and PINGRESP: nothing after the fixed header. @hotpath */
function decodeEmpty(_decoder: Decoder, _store: Bytes, start: number, end: number): Status {
  return start === end ? Status.Success : Status.MalformedPacket;
}

/** A packet this build does not decode (checkFixedHeader refuses it first). */
function refuseUnexpected(_decoder: Decoder, _store: Bytes, _start: number, _end: number): Status {
  return Status.UnexpectedPacket;
}

/** How a packet's variable header and payload are decoded. */
type BodyDecoder = (decoder: Decoder, store: Bytes, start: number, end: number) => Status;

/**
 * The body decoder of each packet type, indexed by type. A client build has none for the packets
 * only a server receives, and a build without MQTT 5 none for AUTH (src/mqtt/features.ts).
 */
const BODY_DECODERS: BodyDecoder[] = [
  refuseUnexpected,
  DECODES_SERVER_BOUND_PACKETS ? decodeConnect : refuseUnexpected,
  decodeConnack,
  decodePublish,
  decodeAck,
  decodeAck,
  decodeAck,
  decodeAck,
  DECODES_SERVER_BOUND_PACKETS ? decodeSubscribe : refuseUnexpected,
  decodeSuback,
  DECODES_SERVER_BOUND_PACKETS ? decodeSubscribe : refuseUnexpected,
  decodeSuback,
  DECODES_SERVER_BOUND_PACKETS ? decodeEmpty : refuseUnexpected,
  decodeEmpty,
  decodeReasonTail,
  MQTT5_ENABLED ? decodeReasonTail : refuseUnexpected,
];
