/**
 * The one status type every codec, session and client function returns (as coreMQTT does):
 * errors are values, never exceptions. `statusName` turns one into words for humans, and
 * `statusReasonCode` gives the MQTT 5 reason code a malformed-input status maps to.
 */
export const enum Status {
  Success = 0,
  /** The packet is not complete yet: feed more bytes. */
  NeedMoreBytes = 1,
  /** An argument is out of its range (a QoS of 3, a packet id of 0, an empty topic ...). */
  BadParameter = 2,
  /** The caller's store is too small for what was asked. */
  NoMemory = 3,
  /** A variable byte integer runs over four bytes. */
  MalformedVariableInteger = 4,
  /** The remaining length is over the configured maximum packet size. */
  PacketTooLarge = 5,
  /** The fixed header's reserved flag bits are not the ones the specification fixes. */
  BadFlags = 6,
  /** The packet type is 0, or AUTH in MQTT 3.1.1. */
  UnknownPacketType = 7,
  /** A field runs past the end of the packet, or bytes are left over after the last field. */
  MalformedPacket = 8,
  /** A UTF-8 string is not well-formed UTF-8 (or encodes a surrogate). */
  BadUtf8 = 9,
  /** A UTF-8 string contains U+0000. */
  Utf8Null = 10,
  /** A property that may appear once appears twice. */
  DuplicateProperty = 11,
  /** A property identifier the specification does not define. */
  UnknownProperty = 12,
  /** A defined property on a packet that may not carry it. */
  PropertyNotAllowed = 13,
  /** A packet identifier of 0 where one is required. */
  PacketIdZero = 14,
  /** A PUBLISH topic name contains `+` or `#`. */
  TopicWildcard = 15,
  /** A QoS of 3, or a QoS 0 PUBLISH with DUP set. */
  BadQos = 16,
  /** A reason code that this packet type may not carry. */
  BadReasonCode = 17,
  /** A field value the specification forbids (protocol name, reserved CONNECT flag, will flags ...). */
  ProtocolError = 18,
  /** A topic name or filter that breaks the topic rules. */
  BadTopic = 19,
  /** A packet with no payload where the specification requires one (SUBSCRIBE with no filters). */
  EmptyPayload = 20,
  /**
   * A packet identifier already in use: an outbound id already in flight, or an inbound QoS 2 id
   * still awaiting its PUBREL (a duplicate PUBLISH: acknowledge it again, do not deliver it again).
   */
  PacketIdInUse = 21,
  /** The outbound queue has no room for this message now: nothing was queued, nothing lost. */
  QueueFull = 22,
  /** The client is not connected and this operation needs a connection. */
  NotConnected = 23,
  /** The broker did not answer a PINGREQ in time: the link is taken as dead. */
  KeepAliveTimeout = 24,
  /** The broker refused the connection (CONNACK with a failure code). */
  ConnectionRefused = 25,
  /** The link closed or failed without a DISCONNECT. */
  ConnectionLost = 26,
  /** The broker sent DISCONNECT (MQTT 5), with a reason code. */
  ServerDisconnected = 27,
  /** No CONNACK came within the connect timeout. */
  ConnectTimeout = 28,
  /** A fixed-size table (subscriptions, in-flight messages) is full. */
  TableFull = 29,
  /**
   * A packet arrived that is well-formed but not expected now (a second CONNACK, say), or one
   * this build does not decode because a client never receives it (CONNECT, SUBSCRIBE ...).
   */
  UnexpectedPacket = 30,
  /** The protocol version was left out of this build (MQTT 5 in a 3.1.1-only build). */
  UnsupportedVersion = 31,
  /**
   * The broker does not allow this (MQTT 5 CONNACK): a QoS above its Maximum QoS, or retain when
   * Retain Available is 0.
   */
  NotSupported = 32,
  /** An MQTT 5 Topic Alias of 0, above the maximum allowed, or not set on this connection. */
  TopicAliasInvalid = 33,
}

/** Human names for every status, indexed by value. */
const STATUS_NAMES = [
  "Success",
  "NeedMoreBytes",
  "BadParameter",
  "NoMemory",
  "MalformedVariableInteger",
  "PacketTooLarge",
  "BadFlags",
  "UnknownPacketType",
  "MalformedPacket",
  "BadUtf8",
  "Utf8Null",
  "DuplicateProperty",
  "UnknownProperty",
  "PropertyNotAllowed",
  "PacketIdZero",
  "TopicWildcard",
  "BadQos",
  "BadReasonCode",
  "ProtocolError",
  "BadTopic",
  "EmptyPayload",
  "PacketIdInUse",
  "QueueFull",
  "NotConnected",
  "KeepAliveTimeout",
  "ConnectionRefused",
  "ConnectionLost",
  "ServerDisconnected",
  "ConnectTimeout",
  "TableFull",
  "UnexpectedPacket",
  "UnsupportedVersion",
  "NotSupported",
  "TopicAliasInvalid",
];

/**
 * The MQTT 5 reason code a receiver sends (in DISCONNECT) for each status, indexed by value:
 * 0x81 Malformed Packet, 0x82 Protocol Error, 0x90 Topic Name invalid, 0x94 Topic Alias invalid,
 * 0x95 Packet too large.
 */
const STATUS_REASON_CODES = [
  0x00, 0x81, 0x81, 0x81, 0x81, 0x95, 0x81, 0x81, 0x81, 0x81, 0x81, 0x82, 0x81, 0x81, 0x82, 0x90,
  0x81, 0x81, 0x82, 0x90, 0x82, 0x82, 0x80, 0x80, 0x8d, 0x80, 0x80, 0x80, 0x80, 0x80, 0x82, 0x80,
  0x80, 0x94,
];

/** The name of `status` ("Unknown" for a value outside the enum). Never allocates. @hotpath */
export function statusName(status: Status): string {
  if (status < 0 || status >= STATUS_NAMES.length) {
    return "Unknown";
  }
  return STATUS_NAMES[status];
}

/**
 * The MQTT 5 reason code to send when closing a connection over `status`; 0x81 (Malformed
 * Packet) for any status without a more specific code. Never allocates.
 * @hotpath
 */
export function statusReasonCode(status: Status): number {
  if (status < 0 || status >= STATUS_REASON_CODES.length) {
    return 0x81;
  }
  return STATUS_REASON_CODES[status];
}
