/**
 * MQTT control packet types (the high nibble of the first byte), with the spec's names, and the
 * fixed-header flags each type requires.
 */
export const enum PacketType {
  Connect = 1,
  Connack = 2,
  Publish = 3,
  Puback = 4,
  Pubrec = 5,
  Pubrel = 6,
  Pubcomp = 7,
  Subscribe = 8,
  Suback = 9,
  Unsubscribe = 10,
  Unsuback = 11,
  Pingreq = 12,
  Pingresp = 13,
  Disconnect = 14,
  Auth = 15,
}

/**
 * Pseudo packet type for the will properties inside CONNECT: type 0 is reserved on the wire, so
 * the property tables use it for "Will".
 */
export const WILL_PROPERTIES = 0;

/** The protocol levels a CONNECT may carry: 3 is MQTT 3.1 ("MQIsdp"), 4 is 3.1.1, 5 is 5.0. */
export const enum ProtocolVersion {
  Mqtt31 = 3,
  Mqtt311 = 4,
  Mqtt5 = 5,
}

/**
 * The fixed-header flags (low nibble) each packet type must carry, indexed by type; -1 for
 * PUBLISH, whose flags are DUP, QoS and RETAIN. PUBREL, SUBSCRIBE and UNSUBSCRIBE carry 0b0010.
 */
export const REQUIRED_FLAGS = [-1, 0, 0, -1, 0, 0, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0];

/** Human names for packet types, indexed by type. */
export const PACKET_TYPE_NAMES = [
  "Reserved",
  "CONNECT",
  "CONNACK",
  "PUBLISH",
  "PUBACK",
  "PUBREC",
  "PUBREL",
  "PUBCOMP",
  "SUBSCRIBE",
  "SUBACK",
  "UNSUBSCRIBE",
  "UNSUBACK",
  "PINGREQ",
  "PINGRESP",
  "DISCONNECT",
  "AUTH",
];

/** Powers of two from 2^0 to 2^16, so masks can be tested without bitwise operators. */
export const POWERS_OF_TWO = [
  1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
];

/**
 * Whether bit `bit` (0..15) is set in `mask`, for masks built as sums of distinct powers of two.
 * Never allocates.
 * @hotpath
 */
export function maskHas(mask: number, bit: number): boolean {
  const below = mask % POWERS_OF_TWO[bit + 1];
  return below >= POWERS_OF_TWO[bit];
}
