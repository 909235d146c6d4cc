/**
 * Every MQTT 5.0 property (spec section 2.2.2.2): its identifier, value type, the packets that may
 * carry it, and its name. One table feeds the encoder, the decoder and the test vectors.
 */
import { PacketType, WILL_PROPERTIES, POWERS_OF_TWO, maskHas } from "./packet-type";

/** How a property's value is represented on the wire. */
export const enum PropertyKind {
  Byte = 1,
  TwoByteInteger = 2,
  FourByteInteger = 3,
  VariableInteger = 4,
  Utf8String = 5,
  BinaryData = 6,
  Utf8StringPair = 7,
}

/** Property identifiers with the spec's names. */
export const enum PropertyId {
  PayloadFormatIndicator = 0x01,
  MessageExpiryInterval = 0x02,
  ContentType = 0x03,
  ResponseTopic = 0x08,
  CorrelationData = 0x09,
  SubscriptionIdentifier = 0x0b,
  SessionExpiryInterval = 0x11,
  AssignedClientIdentifier = 0x12,
  ServerKeepAlive = 0x13,
  AuthenticationMethod = 0x15,
  AuthenticationData = 0x16,
  RequestProblemInformation = 0x17,
  WillDelayInterval = 0x18,
  RequestResponseInformation = 0x19,
  ResponseInformation = 0x1a,
  ServerReference = 0x1c,
  ReasonString = 0x1f,
  ReceiveMaximum = 0x21,
  TopicAliasMaximum = 0x22,
  TopicAlias = 0x23,
  MaximumQos = 0x24,
  RetainAvailable = 0x25,
  UserProperty = 0x26,
  MaximumPacketSize = 0x27,
  WildcardSubscriptionAvailable = 0x28,
  SubscriptionIdentifierAvailable = 0x29,
  SharedSubscriptionAvailable = 0x2a,
}

/** One past the largest property identifier: the size of tables indexed by identifier. */
export const PROPERTY_ID_LIMIT = 0x2b;

/** A row of the property table: identifier, kind, packets allowed (mask), name. */
type PropertyRow = [number, PropertyKind, number, string];

/**
 * The table: identifier, kind, packets allowed (mask) and name (the key in `Properties`).
 * Made by a call marked pure, as are the tables read from it, so that a bundle that reads none
 * of them (a build without MQTT 5) leaves them out.
 */
function propertyRows(): PropertyRow[] {
  // Bit masks of packet types (sums of 2^type; WILL_PROPERTIES is bit 0).
  const WILL = POWERS_OF_TWO[WILL_PROPERTIES];
  const CONNECT = POWERS_OF_TWO[PacketType.Connect];
  const CONNACK = POWERS_OF_TWO[PacketType.Connack];
  const PUBLISH = POWERS_OF_TWO[PacketType.Publish];
  const PUBLISH_ACKS =
    POWERS_OF_TWO[PacketType.Puback] +
    POWERS_OF_TWO[PacketType.Pubrec] +
    POWERS_OF_TWO[PacketType.Pubrel] +
    POWERS_OF_TWO[PacketType.Pubcomp];
  const SUBSCRIBE = POWERS_OF_TWO[PacketType.Subscribe];
  const SUBACK = POWERS_OF_TWO[PacketType.Suback];
  const UNSUBSCRIBE = POWERS_OF_TWO[PacketType.Unsubscribe];
  const UNSUBACK = POWERS_OF_TWO[PacketType.Unsuback];
  const DISCONNECT = POWERS_OF_TWO[PacketType.Disconnect];
  const AUTH = POWERS_OF_TWO[PacketType.Auth];
  const EVERY_PACKET_WITH_PROPERTIES =
    WILL + CONNECT + CONNACK + PUBLISH + PUBLISH_ACKS + SUBSCRIBE + SUBACK + UNSUBSCRIBE + UNSUBACK + DISCONNECT + AUTH;
  return [
    [PropertyId.PayloadFormatIndicator, PropertyKind.Byte, PUBLISH + WILL, "payloadFormatIndicator"],
    [PropertyId.MessageExpiryInterval, PropertyKind.FourByteInteger, PUBLISH + WILL, "messageExpiryInterval"],
    [PropertyId.ContentType, PropertyKind.Utf8String, PUBLISH + WILL, "contentType"],
    [PropertyId.ResponseTopic, PropertyKind.Utf8String, PUBLISH + WILL, "responseTopic"],
    [PropertyId.CorrelationData, PropertyKind.BinaryData, PUBLISH + WILL, "correlationData"],
    [PropertyId.SubscriptionIdentifier, PropertyKind.VariableInteger, PUBLISH + SUBSCRIBE, "subscriptionIdentifier"],
    [PropertyId.SessionExpiryInterval, PropertyKind.FourByteInteger, CONNECT + CONNACK + DISCONNECT, "sessionExpiryInterval"],
    [PropertyId.AssignedClientIdentifier, PropertyKind.Utf8String, CONNACK, "assignedClientIdentifier"],
    [PropertyId.ServerKeepAlive, PropertyKind.TwoByteInteger, CONNACK, "serverKeepAlive"],
    [PropertyId.AuthenticationMethod, PropertyKind.Utf8String, CONNECT + CONNACK + AUTH, "authenticationMethod"],
    [PropertyId.AuthenticationData, PropertyKind.BinaryData, CONNECT + CONNACK + AUTH, "authenticationData"],
    [PropertyId.RequestProblemInformation, PropertyKind.Byte, CONNECT, "requestProblemInformation"],
    [PropertyId.WillDelayInterval, PropertyKind.FourByteInteger, WILL, "willDelayInterval"],
    [PropertyId.RequestResponseInformation, PropertyKind.Byte, CONNECT, "requestResponseInformation"],
    [PropertyId.ResponseInformation, PropertyKind.Utf8String, CONNACK, "responseInformation"],
    [PropertyId.ServerReference, PropertyKind.Utf8String, CONNACK + DISCONNECT, "serverReference"],
    [
      PropertyId.ReasonString,
      PropertyKind.Utf8String,
      CONNACK + PUBLISH_ACKS + SUBACK + UNSUBACK + DISCONNECT + AUTH,
      "reasonString",
    ],
    [PropertyId.ReceiveMaximum, PropertyKind.TwoByteInteger, CONNECT + CONNACK, "receiveMaximum"],
    [PropertyId.TopicAliasMaximum, PropertyKind.TwoByteInteger, CONNECT + CONNACK, "topicAliasMaximum"],
    [PropertyId.TopicAlias, PropertyKind.TwoByteInteger, PUBLISH, "topicAlias"],
    [PropertyId.MaximumQos, PropertyKind.Byte, CONNACK, "maximumQos"],
    [PropertyId.RetainAvailable, PropertyKind.Byte, CONNACK, "retainAvailable"],
    [PropertyId.UserProperty, PropertyKind.Utf8StringPair, EVERY_PACKET_WITH_PROPERTIES, "userProperty"],
    [PropertyId.MaximumPacketSize, PropertyKind.FourByteInteger, CONNECT + CONNACK, "maximumPacketSize"],
    [PropertyId.WildcardSubscriptionAvailable, PropertyKind.Byte, CONNACK, "wildcardSubscriptionAvailable"],
    [PropertyId.SubscriptionIdentifierAvailable, PropertyKind.Byte, CONNACK, "subscriptionIdentifierAvailable"],
    [PropertyId.SharedSubscriptionAvailable, PropertyKind.Byte, CONNACK, "sharedSubscriptionAvailable"],
  ];
}

/** The table (see propertyRows). */
const PROPERTY_ROWS: PropertyRow[] = /* @__PURE__ */ propertyRows();

/**
 * Column `column` of the table as an array indexed by identifier, 0 (or "") for identifiers the
 * specification does not define. Allocates: called once per column, when the module loads.
 */
function columnByIdentifier<T>(column: number, absent: T): T[] {
  const values: T[] = [];
  for (let id = 0; id < PROPERTY_ID_LIMIT; id++) {
    values.push(absent);
  }
  for (const row of PROPERTY_ROWS) {
    values[row[0]] = row[column] as T;
  }
  return values;
}

/**
 * The identifiers of the properties a packet of `packetType` may carry, in identifier order; of
 * every property for a negative `packetType`.
 */
function identifiersAllowed(packetType: number): number[] {
  const allowed: number[] = [];
  for (const row of PROPERTY_ROWS) {
    if (packetType < 0 || maskHas(row[2], packetType)) {
      allowed.push(row[0]);
    }
  }
  return allowed;
}

/** identifiersAllowed for each packet type, indexed by packet type. */
function identifiersByPacket(): number[][] {
  const byPacket: number[][] = [];
  for (let packetType = 0; packetType < 16; packetType++) {
    byPacket.push(identifiersAllowed(packetType));
  }
  return byPacket;
}

/** The identifiers of every defined property, in identifier order. */
export const PROPERTY_IDS: number[] = /* @__PURE__ */ identifiersAllowed(-1);
/** Kind per identifier; 0 for an identifier the specification does not define. */
export const PROPERTY_KINDS: number[] = /* @__PURE__ */ columnByIdentifier(1, 0);
/** Mask of packets allowed per identifier; 0 for undefined identifiers. */
export const PROPERTY_PACKETS: number[] = /* @__PURE__ */ columnByIdentifier(2, 0);
/** Name (the `Properties` key) per identifier; "" for undefined identifiers. */
export const PROPERTY_NAMES: string[] = /* @__PURE__ */ columnByIdentifier(3, "");

/**
 * The identifiers each packet type may carry, in identifier order, indexed by packet type
 * (WILL_PROPERTIES, 0, for the will): what the encoder looks for in a `Properties` record.
 */
export const PROPERTY_IDS_BY_PACKET: number[][] = /* @__PURE__ */ identifiersByPacket();

/**
 * The range of each kind of integer property, indexed by kind (four-byte values are signed). Every
 * byte property is a 0/1 flag (Maximum QoS too: 0 or 1), so bytes range over 0..1.
 */
const KIND_MINIMUMS = [0, 0, 0, -2147483648, 1];
const KIND_MAXIMUMS = [0, 1, 65535, 2147483647, 268435455];

/**
 * Whether `value` is allowed for integer property `id`: an integer in its kind's range (0..1 for
 * the byte properties, flags and Maximum QoS alike), and not 0 where the spec forbids it (Receive
 * Maximum, Maximum Packet Size, Topic Alias; a Subscription Identifier starts at 1). Never
 * allocates.
 * @hotpath
 */
export function propertyValueInRange(id: number, value: number): boolean {
  const kind = PROPERTY_KINDS[id];
  if (value < KIND_MINIMUMS[kind] || value > KIND_MAXIMUMS[kind] || Math.floor(value) !== value) {
    return false;
  }
  const zeroForbidden = id === PropertyId.ReceiveMaximum || id === PropertyId.MaximumPacketSize || id === PropertyId.TopicAlias;
  return value !== 0 || !zeroForbidden;
}

/**
 * Whether a property may appear more than once in a packet of `packetType`: User Property
 * anywhere, Subscription Identifier in PUBLISH only. Never allocates.
 * @hotpath
 */
export function isRepeatable(id: number, packetType: number): boolean {
  if (id === PropertyId.UserProperty) {
    return true;
  }
  return id === PropertyId.SubscriptionIdentifier && packetType === PacketType.Publish;
}
