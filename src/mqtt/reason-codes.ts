/**
 * Every MQTT 5.0 reason code (spec section 2.4) with the packets that may carry it and its name,
 * and the MQTT 3.1.1 CONNACK return codes and SUBACK codes. One table feeds validation and the
 * names shown to people.
 */
import { PacketType, POWERS_OF_TWO, maskHas } from "./packet-type";

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

/** MQTT 5 reason codes: code, packets that may carry it, name. */
const REASON_ROWS: [number, number, string][] = [
  [0x00, CONNACK + PUBLISH_RESULT + PUBREL + PUBCOMP + UNSUBACK + AUTH, "Success"],
  [0x00, DISCONNECT, "Normal disconnection"],
  [0x00, SUBACK, "Granted QoS 0"],
  [0x01, SUBACK, "Granted QoS 1"],
  [0x02, SUBACK, "Granted QoS 2"],
  [0x04, DISCONNECT, "Disconnect with Will Message"],
  [0x10, PUBLISH_RESULT, "No matching subscribers"],
  [0x11, UNSUBACK, "No subscription existed"],
  [0x18, AUTH, "Continue authentication"],
  [0x19, AUTH, "Re-authenticate"],
  [0x80, REFUSALS, "Unspecified error"],
  [0x81, CONNACK + DISCONNECT, "Malformed Packet"],
  [0x82, CONNACK + DISCONNECT, "Protocol Error"],
  [0x83, REFUSALS, "Implementation specific error"],
  [0x84, CONNACK, "Unsupported Protocol Version"],
  [0x85, CONNACK, "Client Identifier not valid"],
  [0x86, CONNACK, "Bad User Name or Password"],
  [0x87, REFUSALS, "Not authorized"],
  [0x88, CONNACK, "Server unavailable"],
  [0x89, CONNACK + DISCONNECT, "Server busy"],
  [0x8a, CONNACK, "Banned"],
  [0x8b, DISCONNECT, "Server shutting down"],
  [0x8c, CONNACK + DISCONNECT, "Bad authentication method"],
  [0x8d, DISCONNECT, "Keep Alive timeout"],
  [0x8e, DISCONNECT, "Session taken over"],
  [0x8f, SUBACK + UNSUBACK + DISCONNECT, "Topic Filter invalid"],
  [0x90, CONNACK + PUBLISH_RESULT + DISCONNECT, "Topic Name invalid"],
  [0x91, PUBLISH_RESULT + SUBACK + UNSUBACK, "Packet Identifier in use"],
  [0x92, PUBREL + PUBCOMP, "Packet Identifier not found"],
  [0x93, DISCONNECT, "Receive Maximum exceeded"],
  [0x94, DISCONNECT, "Topic Alias invalid"],
  [0x95, CONNACK + DISCONNECT, "Packet too large"],
  [0x96, DISCONNECT, "Message rate too high"],
  [0x97, CONNACK + PUBLISH_RESULT + SUBACK + DISCONNECT, "Quota exceeded"],
  [0x98, DISCONNECT, "Administrative action"],
  [0x99, CONNACK + PUBLISH_RESULT + DISCONNECT, "Payload format invalid"],
  [0x9a, CONNACK + DISCONNECT, "Retain not supported"],
  [0x9b, CONNACK + DISCONNECT, "QoS not supported"],
  [0x9c, CONNACK + DISCONNECT, "Use another server"],
  [0x9d, CONNACK + DISCONNECT, "Server moved"],
  [0x9e, SUBACK + DISCONNECT, "Shared Subscriptions not supported"],
  [0x9f, CONNACK + DISCONNECT, "Connection rate exceeded"],
  [0xa0, DISCONNECT, "Maximum connect time"],
  [0xa1, SUBACK + DISCONNECT, "Subscription Identifiers not supported"],
  [0xa2, SUBACK + DISCONNECT, "Wildcard Subscriptions not supported"],
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

/** Mask of packets allowed per MQTT 5 reason code, indexed by code (0 for undefined codes). */
const REASON_PACKETS: number[] = [];
for (let code = 0; code < 256; code++) {
  REASON_PACKETS.push(0);
}
for (const row of REASON_ROWS) {
  REASON_PACKETS[row[0]] = REASON_PACKETS[row[0]] + row[1];
}

/**
 * Whether `code` is a reason code a packet of `packetType` may carry in protocol `version`
 * (in 3.1.1: CONNACK return codes 0-5, SUBACK codes 0, 1, 2 and 0x80). Never allocates.
 * @hotpath
 */
export function isValidReasonCode(code: number, packetType: number, version: number): boolean {
  if (version < 5) {
    if (packetType === PacketType.Connack) {
      return code < CONNACK_311_NAMES.length;
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
  for (const row of REASON_ROWS) {
    if (row[0] === code && maskHas(row[1], packetType)) {
      return row[2];
    }
  }
  if (version < 5 && packetType === PacketType.Suback && code === 0x80) {
    return "Failure";
  }
  return "Unknown reason code";
}
