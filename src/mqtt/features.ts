/**
 * Build-time switches. Everything is on here: on Node, in the full Espruino bundle and in the Lua
 * bundle. The small Espruino builds see this module with a switch turned off (tools/build/
 * features.ts), and the bundler then drops the code that only the switch reaches. Code reads a
 * switch in the very condition it guards (`if (MQTT5_ENABLED && ...)`), never through a helper
 * function, so that the bundler sees the constant there.
 */

/**
 * MQTT 5.0: properties, reason codes on acks and DISCONNECT, AUTH. When off, an encoder or decoder
 * made for version 5 refuses every packet with UnsupportedVersion; 3.1 and 3.1.1 are unchanged.
 */
export const MQTT5_ENABLED = true;

/**
 * Decoding the packets that only a server receives: CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ.
 * When off (a client build), such a packet is refused as UnexpectedPacket from its first byte.
 */
export const DECODES_SERVER_BOUND_PACKETS = true;
