/**
 * Every size and time the client falls back to, with its unit, in one place (coreMQTT's config
 * defaults). A board file or the caller's options override them.
 */

/** Largest packet sent or received, in bytes (the receive and transmit stores are this big). */
export const DEFAULT_MAXIMUM_PACKET_SIZE = 1024;
/** Bytes of the outbound queue: messages waiting while offline and QoS 1/2 messages in flight. */
export const DEFAULT_QUEUE_CAPACITY = 4096;
/** Messages the outbound queue can hold at once. */
export const DEFAULT_QUEUED_MESSAGES = 32;
/** QoS 1/2 messages (and SUBSCRIBE/UNSUBSCRIBE) awaiting their acknowledgement at once. */
export const DEFAULT_MAXIMUM_INFLIGHT = 16;
/**
 * Inbound QoS 2 messages awaiting PUBREL at once; sent as Receive Maximum in MQTT 5. MQTT 3.1.1
 * brokers know no such limit (mosquitto allows 20 in flight, aedes any number), so it is above
 * theirs: one number an entry.
 */
export const DEFAULT_MAXIMUM_INBOUND_QOS2 = 64;
/** Topic filters the client remembers, to subscribe again after a reconnect without a session. */
export const DEFAULT_MAXIMUM_SUBSCRIPTIONS = 8;
/** Seconds between packets before a PINGREQ is due; 0 turns keepalive off. */
export const DEFAULT_KEEP_ALIVE_SECONDS = 60;
/** Milliseconds to wait for the link and CONNACK before giving up on an attempt. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10000;
/** Milliseconds to wait for PINGRESP before the link is taken as dead. */
export const DEFAULT_PING_TIMEOUT_MS = 5000;
/** First and largest wait between reconnect attempts, in milliseconds (doubling, with jitter). */
export const DEFAULT_MINIMUM_BACKOFF_MS = 1000;
export const DEFAULT_MAXIMUM_BACKOFF_MS = 60000;
/** MQTT 5 Session Expiry Interval asked for, in seconds (0: the session ends with the link). */
export const DEFAULT_SESSION_EXPIRY_SECONDS = 0;
/** MQTT 5 topic aliases the broker may use towards the client (0: none; each costs 128 bytes). */
export const DEFAULT_TOPIC_ALIAS_MAXIMUM = 0;
/** MQTT 5 topic aliases the client assigns on PUBLISH (0: none; each costs 128 bytes). */
export const DEFAULT_OUTBOUND_TOPIC_ALIASES = 0;
