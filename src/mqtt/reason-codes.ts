/**
 * Every MQTT 5.0 reason code (spec section 2.4) with the packets that may carry it and its name,
 * and the MQTT 3.1.1 CONNACK return codes and SUBACK codes. One table (with its names beside it)
 * feeds validation and the names shown to people.
 */
import { PacketType, POWERS_OF_TWO, maskHas } from "./packet-type";
import { MQTT5_ENABLED } from "./features";

/**
 * MQTT 5 reason codes: the code and the packets that may carry it, row by row with REASON_NAMES
 * (two tables, so that a bundle that validates codes but never names them leaves the names out).
 * Made by a call marked pure, so that a bundle without MQTT 5 leaves it out.
 */
function reasonRows(): [number, number][] {
  // Bit masks of packet types (2^type).
  const CONNACK = POWERS_OF_TWO[PacketType.Connack];
  const PUBACK = POWERS_OF_TWO[PacketType.Puback];
  const PUBREC = POWERS_OF_TWO[PacketType.Pubrec];
  const PUBREL = POWERS_OF_TWO[PacketType.Pubrel];
  const PUBCOMP = POWERS_OF_TWO[PacketType.Pubcomp];
  const SUBACK = POWERS_OF_TWO[PacketType.Suback];
  const UNSUBACK = POWERS_OF_TWO[PacketType.Unsuback];
  const DISCONNECT = POWERS_OF_TWO[PacketType.Disconnect];
  const AUTH = POWERS_OF_TWO[PacketType.Auth];
  const PUBLISH_RESULT = PUBACK + PUBREC;
  const REFUSALS = CONNACK + PUBLISH_RESULT + SUBACK + UNSUBACK + DISCONNECT;
  return [
    [0x00, CONNACK + PUBLISH_RESULT + PUBREL + PUBCOMP + UNSUBACK + AUTH],
    [0x00, DISCONNECT],
    [0x00, SUBACK],
    [0x01, SUBACK],
    [0x02, SUBACK],
    [0x04, DISCONNECT],
    [0x10, PUBLISH_RESULT],
    [0x11, UNSUBACK],
    [0x18, AUTH],
    [0x19, AUTH],
    [0x80, REFUSALS],
    [0x81, CONNACK + DISCONNECT],
    [0x82, CONNACK + DISCONNECT],
    [0x83, REFUSALS],
    [0x84, CONNACK],
    [0x85, CONNACK],
    [0x86, CONNACK],
    [0x87, REFUSALS],
    [0x88, CONNACK],
    [0x89, CONNACK + DISCONNECT],
    [0x8a, CONNACK],
    [0x8b, DISCONNECT],
    [0x8c, CONNACK + DISCONNECT],
    [0x8d, DISCONNECT],
    [0x8e, DISCONNECT],
    [0x8f, SUBACK + UNSUBACK + DISCONNECT],
    [0x90, CONNACK + PUBLISH_RESULT + DISCONNECT],
    [0x91, PUBLISH_RESULT + SUBACK + UNSUBACK],
    [0x92, PUBREL + PUBCOMP],
    [0x93, DISCONNECT],
    [0x94, DISCONNECT],
    [0x95, CONNACK + DISCONNECT],
    [0x96, DISCONNECT],
    [0x97, CONNACK + PUBLISH_RESULT + SUBACK + DISCONNECT],
    [0x98, DISCONNECT],
    [0x99, CONNACK + PUBLISH_RESULT + DISCONNECT],
    [0x9a, CONNACK + DISCONNECT],
    [0x9b, CONNACK + DISCONNECT],
    [0x9c, CONNACK + DISCONNECT],
    [0x9d, CONNACK + DISCONNECT],
    [0x9e, SUBACK + DISCONNECT],
    [0x9f, CONNACK + DISCONNECT],
    [0xa0, DISCONNECT],
    [0xa1, SUBACK + DISCONNECT],
    [0xa2, SUBACK + DISCONNECT],
  ];
}

/** The table (see reasonRows). */
const REASON_ROWS: [number, number][] = /* @__PURE__ */ reasonRows();

/** The spec's name of each row of REASON_ROWS, in the same order. */
const REASON_NAMES = [
  "Success",
  "Normal disconnection",
  "Granted QoS 0",
  "Granted QoS 1",
  "Granted QoS 2",
  "Disconnect with Will Message",
  "No matching subscribers",
  "No subscription existed",
  "Continue authentication",
  "Re-authenticate",
  "Unspecified error",
  "Malformed Packet",
  "Protocol Error",
  "Implementation specific error",
  "Unsupported Protocol Version",
  "Client Identifier not valid",
  "Bad User Name or Password",
  "Not authorized",
  "Server unavailable",
  "Server busy",
  "Banned",
  "Server shutting down",
  "Bad authentication method",
  "Keep Alive timeout",
  "Session taken over",
  "Topic Filter invalid",
  "Topic Name invalid",
  "Packet Identifier in use",
  "Packet Identifier not found",
  "Receive Maximum exceeded",
  "Topic Alias invalid",
  "Packet too large",
  "Message rate too high",
  "Quota exceeded",
  "Administrative action",
  "Payload format invalid",
  "Retain not supported",
  "QoS not supported",
  "Use another server",
  "Server moved",
  "Shared Subscriptions not supported",
  "Connection rate exceeded",
  "Maximum connect time",
  "Subscription Identifiers not supported",
  "Wildcard Subscriptions not supported",
];

/** MQTT 3.1.1 CONNACK return codes, indexed by code. */
const CONNACK_311_NAMES = [
  "Connection Accepted",
  "Connection Refused, unacceptable protocol version",
  "Connection Refused, identifier rejected",
  "Connection Refused, Server unavailable",
  "Connection Refused, bad user name or password",
  "Connection Refused, not authorized",
];

/** The number of MQTT 3.1.1 CONNACK return codes (0 to 5). */
const CONNACK_311_CODE_COUNT = 6;

/** Mask of packets allowed per MQTT 5 reason code, indexed by code. Allocates: runs once, at load. */
function reasonPacketMasks(): number[] {
  const masks: number[] = [];
  for (let code = 0; code < 256; code++) {
    masks.push(0);
  }
  for (const row of REASON_ROWS) {
    masks[row[0]] = masks[row[0]] + row[1];
  }
  return masks;
}

/**
 * Mask of packets allowed per MQTT 5 reason code, indexed by code (0 for undefined codes). Made by
 * a call marked pure, so that a bundle without MQTT 5 leaves it out.
 */
const REASON_PACKETS: number[] = /* @__PURE__ */ reasonPacketMasks();

/**
 * Whether `code` is a reason code a packet of `packetType` may carry in protocol `version`
 * (in 3.1.1: CONNACK return codes 0-5, SUBACK codes 0, 1, 2 and 0x80). Never allocates.
 * @hotpath
 */
export function isValidReasonCode(code: number, packetType: number, version: number): boolean {
  if (!MQTT5_ENABLED || version < 5) {
    if (packetType === PacketType.Connack) {
      return code >= 0 && code < CONNACK_311_CODE_COUNT;
    }
    return packetType === PacketType.Suback && (code <= 2 || code === 0x80);
  }
  return code >= 0 && code < 256 && maskHas(REASON_PACKETS[code], packetType);
}

/**
 * The spec's name for reason code `code` on a packet of `packetType` in protocol `version`, or
 * "Unknown reason code". Never allocates.
 */
export function reasonCodeName(code: number, packetType: number, version: number): string {
  if (version < 5 && packetType === PacketType.Connack) {
    return code >= 0 && code < CONNACK_311_NAMES.length ? CONNACK_311_NAMES[code] : "Unknown reason code";
  }
  if (version < 5 && packetType === PacketType.Suback && code === 0x80) {
    return "Failure";
  }
  for (let index = 0; index < REASON_ROWS.length; index++) {
    const row = REASON_ROWS[index];
    if (row[0] === code && maskHas(row[1], packetType)) {
      return REASON_NAMES[index];
    }
  }
  return "Unknown reason code";
}
