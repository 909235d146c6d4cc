/**
 * What the serialiser is asked to send: one record type per packet with several fields. The
 * caller owns these records and may reuse them for every packet (they are read, never kept).
 * Acks, PINGREQ/PINGRESP, DISCONNECT and AUTH take their few fields as arguments instead.
 */
import type { Bytes } from "../bytes/bytes";
import type { Properties } from "./properties";

/** The will message a CONNECT carries. `payload` is text (sent as UTF-8) or a range of bytes. */
export interface WillInfo {
  topic: string;
  payload: string | Bytes;
  /** Used when `payload` is bytes: where the payload starts and how long it is. */
  payloadOffset: number;
  payloadLength: number;
  qos: number;
  retain: boolean;
  /** MQTT 5 will properties (Will Delay Interval, Message Expiry ...), or undefined. */
  properties: Properties | undefined;
}

/** A CONNECT. The protocol name and level come from the encoder's protocol version. */
export interface ConnectInfo {
  clientId: string;
  /** Clean Session in 3.1.1, Clean Start in 5.0. */
  cleanStart: boolean;
  /** Seconds, 0..65535; 0 turns keepalive off. */
  keepAlive: number;
  username: string | undefined;
  password: string | undefined;
  will: WillInfo | undefined;
  properties: Properties | undefined;
}

/** A PUBLISH. `payload` is text (sent as UTF-8) or a range of bytes. */
export interface PublishInfo {
  topic: string;
  qos: number;
  retain: boolean;
  dup: boolean;
  /** 1..65535 for QoS 1 and 2; not sent for QoS 0. */
  packetId: number;
  payload: string | Bytes;
  payloadOffset: number;
  payloadLength: number;
  properties: Properties | undefined;
}

/** One topic filter of a SUBSCRIBE, with its options (the MQTT 5 ones are 0/false in 3.1.1). */
export interface Subscription {
  topicFilter: string;
  qos: number;
  noLocal: boolean;
  retainAsPublished: boolean;
  /** 0: send retained on subscribe, 1: only if new, 2: never. */
  retainHandling: number;
}

/** A SUBSCRIBE with one or more filters. */
export interface SubscribeInfo {
  packetId: number;
  subscriptions: Subscription[];
  properties: Properties | undefined;
}

/** An UNSUBSCRIBE with one or more filters. */
export interface UnsubscribeInfo {
  packetId: number;
  topicFilters: string[];
  properties: Properties | undefined;
}

/** A SUBACK or UNSUBACK (UNSUBACK has no reason codes in 3.1.1). */
export interface SubackInfo {
  packetId: number;
  reasonCodes: number[];
  properties: Properties | undefined;
}
