/**
 * The serialiser: every MQTT 3.1, 3.1.1 and 5.0 packet, written into a caller's store. Each packet
 * has a `measure...` function (checks the fields, computes the size) and a `write...` function
 * that measures first and writes only when the whole packet fits, so a writer never discovers
 * mid-way that the store is too small. Usable on its own, without the client.
 * @hotpath-module
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform } from "../../hal/api";
import { Status } from "./status";
import { PacketType, ProtocolVersion, REQUIRED_FLAGS, WILL_PROPERTIES } from "./packet-type";
import type { ConnectInfo, PublishInfo, SubscribeInfo, UnsubscribeInfo, SubackInfo } from "./packets";
import {
  Properties,
  PropertySelection,
  newPropertySelection,
  measureProperties as selectProperties,
  writeProperties,
} from "./properties";
import { TextReport, writeText, writeCheckedText, noteTextStatus } from "./text";
import { isValidReasonCode } from "./reason-codes";
import {
  VARIABLE_INTEGER_MAX,
  variableIntegerSize,
  writeVariableInteger,
  writeTwoByteInteger,
  copyBytes,
} from "./wire";
import { validateTopicName, validateTopicFilter, isSharedSubscription } from "./topic";
import { MQTT5_ENABLED } from "./features";

/**
 * The serialiser's state: the runtime's text functions, the protocol version, and what the last
 * `measure...` call found. Made once per connection; reused for every packet.
 */
export interface Encoder extends TextReport {
  platform: Platform;
  /** ProtocolVersion: 3 (MQTT 3.1), 4 (3.1.1) or 5 (5.0). */
  version: number;
  /** Set by the last successful measure: the remaining length and the whole packet's size. */
  remainingLength: number;
  packetSize: number;
  /** Set by the last successful measure: the packet's properties and the will's. */
  propertySelection: PropertySelection;
  willPropertySelection: PropertySelection;
}

/** Makes an encoder for `version`. Allocates: call at creation time. */
export function newEncoder(platform: Platform, version: number): Encoder {
  return {
    platform: platform,
    version: version,
    remainingLength: 0,
    packetSize: 0,
    propertySelection: newPropertySelection(),
    willPropertySelection: newPropertySelection(),
    textStatus: Status.Success,
  };
}

/** Whether the encoder speaks MQTT 5. @hotpath */
function isVersion5(encoder: Encoder): boolean {
  return encoder.version === ProtocolVersion.Mqtt5;
}

/**
 * Measures the properties of a packet of `packetType` into encoder.propertySelection and returns
 * the bytes they take with their length field (0 before MQTT 5, where properties are not sent);
 * -1 when one is not allowed there or too long.
 * @hotpath
 */
function measureProperties(encoder: Encoder, properties: Properties | undefined, packetType: number): number {
  const selection = encoder.propertySelection;
  if (!MQTT5_ENABLED || !isVersion5(encoder)) {
    selection.count = 0;
    selection.contentLength = 0;
    return 0;
  }
  if (!selectProperties(encoder.platform, properties, packetType, selection)) {
    return -1;
  }
  return variableIntegerSize(selection.contentLength) + selection.contentLength;
}

/**
 * Records a measured packet's sizes; BadParameter when it is over the protocol's limit. In a
 * build without MQTT 5 (src/mqtt/features.ts) a version 5 encoder writes nothing: every packet
 * whose fields passed the 3.1.1 checks is refused here with UnsupportedVersion (one with fields
 * only 5.0 allows, such as a reason code on an ack, already got BadParameter). @hotpath
 */
function finishMeasure(encoder: Encoder, remainingLength: number): Status {
  if (!MQTT5_ENABLED && encoder.version === ProtocolVersion.Mqtt5) {
    return Status.UnsupportedVersion;
  }
  if (remainingLength > VARIABLE_INTEGER_MAX) {
    return Status.BadParameter;
  }
  encoder.remainingLength = remainingLength;
  encoder.packetSize = 1 + variableIntegerSize(remainingLength) + remainingLength;
  return Status.Success;
}

/**
 * After a measure (`measured`), whether the packet fits in `[offset, end)`: the measure's own
 * status, NoMemory, or Success. @hotpath
 */
function fitsBefore(encoder: Encoder, measured: Status, offset: number, end: number): Status {
  if (measured !== Status.Success) {
    return measured;
  }
  return offset + encoder.packetSize > end ? Status.NoMemory : Status.Success;
}

/** Writes the fixed header (type, flags, remaining length); returns the offset after it. @hotpath */
function writeFixedHeader(store: Bytes, offset: number, packetType: number, flags: number, remainingLength: number): number {
  store[offset] = packetType * 16 + flags;
  return writeVariableInteger(store, offset + 1, remainingLength);
}

/** Bytes a payload takes: text as UTF-8, bytes as given. @hotpath */
function payloadSize(platform: Platform, payload: string | Bytes, payloadLength: number): number {
  return typeof payload === "string" ? platform.textByteLength(payload) : payloadLength;
}

/** Writes a payload (without length prefix); returns the offset after it. @hotpath */
function writePayload(platform: Platform, store: Bytes, offset: number, payload: string | Bytes, payloadOffset: number, payloadLength: number): number {
  if (typeof payload === "string") {
    return offset + platform.writeText(payload, store, offset);
  }
  return copyBytes(payload, payloadOffset, store, offset, payloadLength);
}

/** Whether `value` is a QoS level (0, 1 or 2). @hotpath */
function isQos(value: number): boolean {
  return value === 0 || value === 1 || value === 2;
}

/** Whether `value` is an integer from `minimum` to `maximum`. @hotpath */
function isIntegerIn(value: number, minimum: number, maximum: number): boolean {
  return value >= minimum && value <= maximum && Math.floor(value) === value;
}

/** Whether `value` is a packet identifier (1..65535). @hotpath */
function isPacketId(value: number): boolean {
  return isIntegerIn(value, 1, 65535);
}

/**
 * Whether a packet of `packetType` may carry `reasonCode` in the encoder's version; before 5.0,
 * where acks and DISCONNECT carry none, only 0 is accepted. @hotpath
 */
function isSendableReasonCode(encoder: Encoder, reasonCode: number, packetType: number): boolean {
  const carriesCodes = (MQTT5_ENABLED && isVersion5(encoder)) || packetType === PacketType.Connack || packetType === PacketType.Suback;
  return carriesCodes ? isValidReasonCode(reasonCode, packetType, encoder.version) : reasonCode === 0;
}

/**
 * The end of a write: Success, or the first text problem (the encoder's own strings, then the
 * packet's and the will's properties). @hotpath
 */
function textOutcome(encoder: Encoder): Status {
  if (!MQTT5_ENABLED || encoder.textStatus !== Status.Success) {
    return encoder.textStatus;
  }
  if (encoder.propertySelection.textStatus !== Status.Success) {
    return encoder.propertySelection.textStatus;
  }
  return encoder.willPropertySelection.textStatus;
}

/** Clears the text problems before a write. @hotpath */
function startWrite(encoder: Encoder): void {
  encoder.textStatus = Status.Success;
  if (MQTT5_ENABLED) {
    encoder.propertySelection.textStatus = Status.Success;
    encoder.willPropertySelection.textStatus = Status.Success;
  }
}

/**
 * Checks a CONNECT's fields and measures it into `encoder`; UnsupportedVersion first, whatever
 * the fields, for a version 5 encoder in a build without MQTT 5. Never allocates.
 */
export function measureConnect(encoder: Encoder, info: ConnectInfo): Status {
  if (!MQTT5_ENABLED && encoder.version === ProtocolVersion.Mqtt5) {
    return Status.UnsupportedVersion;
  }
  const platform = encoder.platform;
  if (!isIntegerIn(info.keepAlive, 0, 65535)) {
    return Status.BadParameter;
  }
  const isMqtt5 = MQTT5_ENABLED && isVersion5(encoder);
  if (info.password !== undefined && info.username === undefined && !isMqtt5) {
    return Status.BadParameter;
  }
  if (!isMqtt5 && !info.cleanStart && platform.textByteLength(info.clientId) === 0) {
    return Status.BadParameter;
  }
  const protocolNameLength = encoder.version === ProtocolVersion.Mqtt31 ? 6 : 4;
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, info.properties, PacketType.Connect) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  let remaining = 2 + protocolNameLength + 1 + 1 + 2 + propertiesSize;
  remaining = remaining + 2 + platform.textByteLength(info.clientId);
  const will = info.will;
  if (will !== undefined) {
    if (!isQos(will.qos)) {
      return Status.BadParameter;
    }
    if (MQTT5_ENABLED && isMqtt5) {
      const willSelection = encoder.willPropertySelection;
      if (!selectProperties(platform, will.properties, WILL_PROPERTIES, willSelection)) {
        return Status.BadParameter;
      }
      remaining = remaining + variableIntegerSize(willSelection.contentLength) + willSelection.contentLength;
    }
    remaining = remaining + 2 + platform.textByteLength(will.topic);
    remaining = remaining + 2 + payloadSize(platform, will.payload, will.payloadLength);
  }
  if (info.username !== undefined) {
    remaining = remaining + 2 + platform.textByteLength(info.username);
  }
  if (info.password !== undefined) {
    remaining = remaining + 2 + platform.textByteLength(info.password);
  }
  return finishMeasure(encoder, remaining);
}

/** The CONNECT flags byte for `info`. @hotpath */
function connectFlags(info: ConnectInfo): number {
  let flags = info.cleanStart ? 2 : 0;
  const will = info.will;
  if (will !== undefined) {
    flags = flags + 4 + will.qos * 8 + (will.retain ? 32 : 0);
  }
  if (info.password !== undefined) {
    flags = flags + 64;
  }
  if (info.username !== undefined) {
    flags = flags + 128;
  }
  return flags;
}

/**
 * Writes a CONNECT at `offset` if it fits before `end`; encoder.packetSize tells its size.
 * Returns BadParameter for bad fields, NoMemory when it does not fit, BadUtf8 or Utf8Null for a
 * string that is not valid MQTT UTF-8, BadTopic or TopicWildcard for a bad will topic.
 * Never allocates.
 */
export function writeConnect(encoder: Encoder, store: Bytes, offset: number, end: number, info: ConnectInfo): Status {
  const status = fitsBefore(encoder, measureConnect(encoder, info), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  const platform = encoder.platform;
  startWrite(encoder);
  let position = writeFixedHeader(store, offset, PacketType.Connect, 0, encoder.remainingLength);
  position = writeText(platform, store, position, encoder.version === ProtocolVersion.Mqtt31 ? "MQIsdp" : "MQTT");
  store[position] = encoder.version;
  store[position + 1] = connectFlags(info);
  position = writeTwoByteInteger(store, position + 2, info.keepAlive);
  const isMqtt5 = MQTT5_ENABLED && isVersion5(encoder);
  if (MQTT5_ENABLED && isMqtt5) {
    position = writeProperties(platform, store, position, info.properties, encoder.propertySelection);
  }
  position = writeCheckedText(platform, store, position, info.clientId, encoder);
  const will = info.will;
  if (will !== undefined) {
    if (MQTT5_ENABLED && isMqtt5) {
      position = writeProperties(platform, store, position, will.properties, encoder.willPropertySelection);
    }
    const willTopicStart = position + 2;
    position = writeText(platform, store, position, will.topic);
    noteTextStatus(encoder, validateTopicName(store, willTopicStart, position - willTopicStart));
    const payloadLength = payloadSize(platform, will.payload, will.payloadLength);
    position = writeTwoByteInteger(store, position, payloadLength);
    position = writePayload(platform, store, position, will.payload, will.payloadOffset, will.payloadLength);
  }
  if (info.username !== undefined) {
    position = writeCheckedText(platform, store, position, info.username, encoder);
  }
  if (info.password !== undefined) {
    writeText(platform, store, position, info.password);
  }
  return textOutcome(encoder);
}

/** Checks a PUBLISH's fields and measures it into `encoder`. Never allocates. @hotpath */
export function measurePublish(encoder: Encoder, info: PublishInfo): Status {
  if (!isQos(info.qos) || (info.qos > 0 && !isPacketId(info.packetId)) || (info.qos === 0 && info.dup)) {
    return Status.BadParameter;
  }
  const platform = encoder.platform;
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, info.properties, PacketType.Publish) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  const topicLength = platform.textByteLength(info.topic);
  if (topicLength > 65535) {
    return Status.BadTopic;
  }
  const packetIdSize = info.qos > 0 ? 2 : 0;
  const remaining = 2 + topicLength + packetIdSize + propertiesSize + payloadSize(platform, info.payload, info.payloadLength);
  return finishMeasure(encoder, remaining);
}

/**
 * Writes a PUBLISH at `offset` if it fits before `end`. Returns BadParameter for bad fields,
 * BadTopic or TopicWildcard for a bad topic name (empty is allowed only with an MQTT 5 Topic
 * Alias), NoMemory when it does not fit. Never allocates.
 * @hotpath
 */
export function writePublish(encoder: Encoder, store: Bytes, offset: number, end: number, info: PublishInfo): Status {
  const status = fitsBefore(encoder, measurePublish(encoder, info), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  const platform = encoder.platform;
  startWrite(encoder);
  const flags = (info.dup ? 8 : 0) + info.qos * 2 + (info.retain ? 1 : 0);
  let position = writeFixedHeader(store, offset, PacketType.Publish, flags, encoder.remainingLength);
  const topicStart = position + 2;
  position = writeText(platform, store, position, info.topic);
  const topicStatus = checkPublishTopic(encoder, store, topicStart, position - topicStart, info.properties);
  if (topicStatus !== Status.Success) {
    return topicStatus;
  }
  if (info.qos > 0) {
    position = writeTwoByteInteger(store, position, info.packetId);
  }
  if (MQTT5_ENABLED && isVersion5(encoder)) {
    position = writeProperties(platform, store, position, info.properties, encoder.propertySelection);
  }
  writePayload(platform, store, position, info.payload, info.payloadOffset, info.payloadLength);
  return textOutcome(encoder);
}

/** Checks a written topic name; an empty one needs an MQTT 5 Topic Alias. @hotpath */
function checkPublishTopic(encoder: Encoder, store: Bytes, offset: number, length: number, properties: Properties | undefined): Status {
  if (length === 0) {
    const hasAlias = MQTT5_ENABLED && isVersion5(encoder) && properties !== undefined && properties.topicAlias !== undefined;
    return hasAlias ? Status.Success : Status.BadTopic;
  }
  return validateTopicName(store, offset, length);
}

/**
 * Measures a PUBACK, PUBREC, PUBREL or PUBCOMP. In MQTT 5 the reason code and properties are left
 * out when the code is 0 and there are no properties, as the spec allows. Never allocates.
 * @hotpath
 */
export function measureAck(encoder: Encoder, packetType: number, reasonCode: number, properties: Properties | undefined): Status {
  if (packetType < PacketType.Puback || packetType > PacketType.Pubcomp || !isSendableReasonCode(encoder, reasonCode, packetType)) {
    return Status.BadParameter;
  }
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, properties, packetType) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  return finishMeasure(encoder, 2 + reasonTailSize(encoder, reasonCode, propertiesSize));
}

/**
 * Bytes the reason code and properties take at the end of an ack, DISCONNECT or AUTH: none in
 * 3.1.1 or for code 0 without properties, the code alone without properties, else both.
 * @hotpath
 */
function reasonTailSize(encoder: Encoder, reasonCode: number, propertiesSize: number): number {
  const contentLength = encoder.propertySelection.contentLength;
  if (!MQTT5_ENABLED || !isVersion5(encoder) || (reasonCode === 0 && contentLength === 0)) {
    return 0;
  }
  return contentLength === 0 ? 1 : 1 + propertiesSize;
}

/** Writes the reason code and properties of an ack, DISCONNECT or AUTH as measured. @hotpath */
function writeReasonTail(encoder: Encoder, store: Bytes, offset: number, reasonCode: number, properties: Properties | undefined, tailSize: number): void {
  if (!MQTT5_ENABLED || tailSize === 0) {
    return;
  }
  store[offset] = reasonCode;
  if (tailSize > 1) {
    writeProperties(encoder.platform, store, offset + 1, properties, encoder.propertySelection);
  }
}

/**
 * Writes a PUBACK, PUBREC, PUBREL or PUBCOMP for `packetId` at `offset` if it fits before `end`.
 * Never allocates.
 * @hotpath
 */
export function writeAck(
  encoder: Encoder,
  store: Bytes,
  offset: number,
  end: number,
  packetType: number,
  packetId: number,
  reasonCode: number,
  properties: Properties | undefined,
): Status {
  if (!isPacketId(packetId)) {
    return Status.BadParameter;
  }
  const status = fitsBefore(encoder, measureAck(encoder, packetType, reasonCode, properties), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  startWrite(encoder);
  let position = writeFixedHeader(store, offset, packetType, REQUIRED_FLAGS[packetType], encoder.remainingLength);
  position = writeTwoByteInteger(store, position, packetId);
  writeReasonTail(encoder, store, position, reasonCode, properties, encoder.remainingLength - 2);
  return textOutcome(encoder);
}

/**
 * Writes what SUBSCRIBE, UNSUBSCRIBE, SUBACK and UNSUBACK start with, as measured: the fixed
 * header, the packet identifier and (in 5.0) the properties. Returns the offset after them.
 * @hotpath
 */
function writeIdentifiedHead(encoder: Encoder, store: Bytes, offset: number, packetType: number, packetId: number, properties: Properties | undefined): number {
  startWrite(encoder);
  let position = writeFixedHeader(store, offset, packetType, REQUIRED_FLAGS[packetType], encoder.remainingLength);
  position = writeTwoByteInteger(store, position, packetId);
  if (MQTT5_ENABLED && isVersion5(encoder)) {
    position = writeProperties(encoder.platform, store, position, properties, encoder.propertySelection);
  }
  return position;
}

/** Checks a SUBSCRIBE's fields and measures it into `encoder`. Never allocates. */
export function measureSubscribe(encoder: Encoder, info: SubscribeInfo): Status {
  const subscriptions = info.subscriptions;
  if (!isPacketId(info.packetId) || subscriptions.length === 0) {
    return Status.BadParameter;
  }
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, info.properties, PacketType.Subscribe) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  let remaining = 2 + propertiesSize;
  for (let index = 0; index < subscriptions.length; index++) {
    const subscription = subscriptions[index];
    if (!isQos(subscription.qos) || !isIntegerIn(subscription.retainHandling, 0, 2)) {
      return Status.BadParameter;
    }
    remaining = remaining + 3 + encoder.platform.textByteLength(subscription.topicFilter);
  }
  return finishMeasure(encoder, remaining);
}

/**
 * Writes a SUBSCRIBE at `offset` if it fits before `end`; BadTopic for an invalid filter,
 * BadParameter for No Local on a shared subscription. MQTT 5 options (no local, retain as
 * published, retain handling) are sent only in 5.0. Never allocates.
 */
export function writeSubscribe(encoder: Encoder, store: Bytes, offset: number, end: number, info: SubscribeInfo): Status {
  const status = fitsBefore(encoder, measureSubscribe(encoder, info), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  let position = writeIdentifiedHead(encoder, store, offset, PacketType.Subscribe, info.packetId, info.properties);
  const subscriptions = info.subscriptions;
  for (let index = 0; index < subscriptions.length; index++) {
    const subscription = subscriptions[index];
    const filterStart = position + 2;
    position = writeTopicFilter(encoder, store, position, subscription.topicFilter);
    if (position < 0) {
      return encoder.textStatus;
    }
    let options = subscription.qos;
    if (MQTT5_ENABLED && isVersion5(encoder)) {
      if (subscription.noLocal && isSharedSubscription(store, filterStart, position - filterStart)) {
        return Status.BadParameter;
      }
      options = options + (subscription.noLocal ? 4 : 0) + (subscription.retainAsPublished ? 8 : 0) + subscription.retainHandling * 16;
    }
    store[position] = options;
    position = position + 1;
  }
  return textOutcome(encoder);
}

/**
 * Writes a topic filter as an MQTT string and checks it; returns the offset after it, or -1 with
 * the problem in encoder.textStatus. @hotpath
 */
function writeTopicFilter(encoder: Encoder, store: Bytes, offset: number, filter: string): number {
  const end = writeText(encoder.platform, store, offset, filter);
  const status = validateTopicFilter(store, offset + 2, end - offset - 2);
  if (status !== Status.Success) {
    encoder.textStatus = status;
    return -1;
  }
  return end;
}

/** Checks an UNSUBSCRIBE's fields and measures it into `encoder`. Never allocates. */
export function measureUnsubscribe(encoder: Encoder, info: UnsubscribeInfo): Status {
  const filters = info.topicFilters;
  if (!isPacketId(info.packetId) || filters.length === 0) {
    return Status.BadParameter;
  }
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, info.properties, PacketType.Unsubscribe) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  let remaining = 2 + propertiesSize;
  for (let index = 0; index < filters.length; index++) {
    remaining = remaining + 2 + encoder.platform.textByteLength(filters[index]);
  }
  return finishMeasure(encoder, remaining);
}

/** Writes an UNSUBSCRIBE at `offset` if it fits before `end`; BadTopic for an invalid filter. Never allocates. */
export function writeUnsubscribe(encoder: Encoder, store: Bytes, offset: number, end: number, info: UnsubscribeInfo): Status {
  const status = fitsBefore(encoder, measureUnsubscribe(encoder, info), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  let position = writeIdentifiedHead(encoder, store, offset, PacketType.Unsubscribe, info.packetId, info.properties);
  const filters = info.topicFilters;
  for (let index = 0; index < filters.length; index++) {
    position = writeTopicFilter(encoder, store, position, filters[index]);
    if (position < 0) {
      return encoder.textStatus;
    }
  }
  return textOutcome(encoder);
}

/**
 * Measures a SUBACK or UNSUBACK (a 3.1.1 UNSUBACK carries only the packet identifier).
 * Never allocates.
 */
export function measureSuback(encoder: Encoder, packetType: number, info: SubackInfo): Status {
  if ((packetType !== PacketType.Suback && packetType !== PacketType.Unsuback) || !isPacketId(info.packetId)) {
    return Status.BadParameter;
  }
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, info.properties, packetType) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  const codesCarried = packetType === PacketType.Suback || (MQTT5_ENABLED && isVersion5(encoder));
  if (codesCarried && info.reasonCodes.length === 0) {
    return Status.BadParameter;
  }
  if (codesCarried) {
    for (let index = 0; index < info.reasonCodes.length; index++) {
      if (!isValidReasonCode(info.reasonCodes[index], packetType, encoder.version)) {
        return Status.BadParameter;
      }
    }
  }
  return finishMeasure(encoder, 2 + propertiesSize + (codesCarried ? info.reasonCodes.length : 0));
}

/** Writes a SUBACK or UNSUBACK at `offset` if it fits before `end`. Never allocates. */
export function writeSuback(encoder: Encoder, store: Bytes, offset: number, end: number, packetType: number, info: SubackInfo): Status {
  const status = fitsBefore(encoder, measureSuback(encoder, packetType, info), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  const position = writeIdentifiedHead(encoder, store, offset, packetType, info.packetId, info.properties);
  if (packetType === PacketType.Suback || (MQTT5_ENABLED && isVersion5(encoder))) {
    const codes = info.reasonCodes;
    for (let index = 0; index < codes.length; index++) {
      store[position + index] = codes[index];
    }
  }
  return textOutcome(encoder);
}

/**
 * Measures a CONNACK: the code must be one CONNACK may carry, and Session Present only goes with
 * success. Never allocates.
 */
export function measureConnack(encoder: Encoder, sessionPresent: boolean, reasonCode: number, properties: Properties | undefined): Status {
  if (!isSendableReasonCode(encoder, reasonCode, PacketType.Connack) || (sessionPresent && reasonCode !== 0)) {
    return Status.BadParameter;
  }
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, properties, PacketType.Connack) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  return finishMeasure(encoder, 2 + propertiesSize);
}

/** Writes a CONNACK at `offset` if it fits before `end`. Never allocates. */
export function writeConnack(
  encoder: Encoder,
  store: Bytes,
  offset: number,
  end: number,
  sessionPresent: boolean,
  reasonCode: number,
  properties: Properties | undefined,
): Status {
  const status = fitsBefore(encoder, measureConnack(encoder, sessionPresent, reasonCode, properties), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  startWrite(encoder);
  const position = writeFixedHeader(store, offset, PacketType.Connack, 0, encoder.remainingLength);
  store[position] = sessionPresent ? 1 : 0;
  store[position + 1] = reasonCode;
  if (MQTT5_ENABLED && isVersion5(encoder)) {
    writeProperties(encoder.platform, store, position + 2, properties, encoder.propertySelection);
  }
  return textOutcome(encoder);
}

/**
 * Measures a DISCONNECT or (MQTT 5 only) AUTH: empty in 3.1.1, and in 5.0 as short as the spec
 * allows. Never allocates.
 * @hotpath
 */
export function measureReasonPacket(encoder: Encoder, packetType: number, reasonCode: number, properties: Properties | undefined): Status {
  const isAuth = packetType === PacketType.Auth;
  if ((packetType !== PacketType.Disconnect && !isAuth) || (isAuth && !(MQTT5_ENABLED && isVersion5(encoder))) || !isSendableReasonCode(encoder, reasonCode, packetType)) {
    return Status.BadParameter;
  }
  const propertiesSize = MQTT5_ENABLED ? measureProperties(encoder, properties, packetType) : 0;
  if (MQTT5_ENABLED && propertiesSize < 0) {
    return Status.BadParameter;
  }
  return finishMeasure(encoder, reasonTailSize(encoder, reasonCode, propertiesSize));
}

/** Writes a DISCONNECT or AUTH at `offset` if it fits before `end`. Never allocates. @hotpath */
export function writeReasonPacket(
  encoder: Encoder,
  store: Bytes,
  offset: number,
  end: number,
  packetType: number,
  reasonCode: number,
  properties: Properties | undefined,
): Status {
  const status = fitsBefore(encoder, measureReasonPacket(encoder, packetType, reasonCode, properties), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  startWrite(encoder);
  const position = writeFixedHeader(store, offset, packetType, 0, encoder.remainingLength);
  writeReasonTail(encoder, store, position, reasonCode, properties, encoder.remainingLength);
  return textOutcome(encoder);
}

/**
 * Writes a PINGREQ or PINGRESP (two bytes) at `offset` if it fits before `end`; sets
 * encoder.packetSize. Never allocates.
 * @hotpath
 */
export function writePing(encoder: Encoder, store: Bytes, offset: number, end: number, packetType: number): Status {
  if (packetType !== PacketType.Pingreq && packetType !== PacketType.Pingresp) {
    return Status.BadParameter;
  }
  const status = fitsBefore(encoder, finishMeasure(encoder, 0), offset, end);
  if (status !== Status.Success) {
    return status;
  }
  writeFixedHeader(store, offset, packetType, 0, 0);
  return Status.Success;
}
