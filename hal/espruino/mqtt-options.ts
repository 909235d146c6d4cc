import type { ClientOptions } from "../../src/mqtt/client-state";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import type { Properties } from "../../src/mqtt/properties";

/**
 * The options of Espruino's MQTT module (EspruinoDocs modules/MQTT.js) and what mote adds to
 * them, turned into the core client's options. The module's names and defaults are kept:
 * `client_id` (12 random hex digits), `keep_alive` (60 s), `port` (1883), `clean_session` (true),
 * `username`, `password`, `protocol_name` ("MQTT"), `protocol_level` (4). Two differences, both
 * to what MQTT means: `keep_alive: 0` turns keepalive off (the module sends 60), and
 * `clean_session: false` is sent as false (the module always sends true).
 */

/** The will message: published by the broker when the link dies without a DISCONNECT. */
export interface EspruinoMqttWill {
  topic: string;
  message: string;
  qos?: number;
  retain?: boolean;
  /** MQTT 5 will properties by the spec's names (`willDelayInterval`, `contentType` ...). */
  properties?: Properties;
}

/** What `create(server, options)` and `connect(options)` read. Every field is optional. */
export interface EspruinoMqttOptions {
  /** `connect(options)` only: the broker's host name or address (`server` is taken too). */
  host?: string;
  server?: string;
  client_id?: string;
  keep_alive?: number;
  /** 1883, or 8883 when `secure`. */
  port?: number;
  clean_session?: boolean;
  username?: string;
  password?: string;
  /** "MQTT", or "MQIsdp" for MQTT 3.1 (then `protocol_level` defaults to 3). */
  protocol_name?: string;
  /** 3 (MQTT 3.1), 4 (3.1.1, the default) or 5 (5.0). */
  protocol_level?: number;
  will?: EspruinoMqttWill;
  /** TLS through `require("tls")`, with the CA, client key and certificate as Espruino takes them. */
  secure?: boolean;
  ca?: string;
  key?: string;
  cert?: string;
  /** Reconnect by itself after a lost link, with back-off; true unless set false. */
  reconnect?: boolean;
  /** First and largest wait between reconnect attempts, in milliseconds (1000 and 60000). */
  reconnect_min?: number;
  reconnect_max?: number;
  /** How long an attempt may take to reach CONNACK, in milliseconds (10000, the module's too). */
  connect_timeout?: number;
  /** MQTT 5 Session Expiry Interval in seconds (0: the session ends with the link). */
  session_expiry?: number;
  /** Largest packet sent or received, in bytes (1024). */
  max_packet_size?: number;
  /** Room for messages waiting to go out or to be acknowledged: bytes (4096) and count (32). */
  queue_size?: number;
  queue_messages?: number;
  /** Topic filters kept to subscribe again after a reconnect (8). */
  max_subscriptions?: number;
}

/** The core options that are plain numbers, one per numeric option mote adds. */
type NumericClientOption =
  | "minimumBackoffMs"
  | "maximumBackoffMs"
  | "connectTimeoutMs"
  | "sessionExpirySeconds"
  | "maximumPacketSize"
  | "queueCapacity"
  | "maximumQueuedMessages"
  | "maximumSubscriptions";

/** mote's numeric options and the core option each sets. */
const NUMERIC_OPTIONS: [keyof EspruinoMqttOptions, NumericClientOption][] = [
  ["reconnect_min", "minimumBackoffMs"],
  ["reconnect_max", "maximumBackoffMs"],
  ["connect_timeout", "connectTimeoutMs"],
  ["session_expiry", "sessionExpirySeconds"],
  ["max_packet_size", "maximumPacketSize"],
  ["queue_size", "queueCapacity"],
  ["queue_messages", "maximumQueuedMessages"],
  ["max_subscriptions", "maximumSubscriptions"],
];

const HEX_DIGITS = "0123456789abcdef";

/** A client id as the module makes one: 12 random hex digits. Allocates the string. */
function randomClientId(): string {
  let id = "";
  for (let digit = 0; digit < 12; digit++) {
    id = id + HEX_DIGITS.charAt(Math.floor(Math.random() * 16));
  }
  return id;
}

/**
 * The core client's options for `server` and the module-style `options` (see the module
 * comment). Allocates the options record: call at creation time. Keeps `options.will.properties`.
 */
export function clientOptionsFrom(server: string, options: EspruinoMqttOptions): ClientOptions {
  const secure = options.secure === true;
  const port = options.port !== undefined ? options.port : secure ? 8883 : 1883;
  const core = defaultClientOptions(server, port, options.client_id !== undefined ? options.client_id : randomClientId());
  core.secure = secure;
  core.version = options.protocol_level !== undefined ? options.protocol_level : options.protocol_name === "MQIsdp" ? 3 : 4;
  core.cleanStart = options.clean_session !== false;
  if (options.keep_alive !== undefined) core.keepAliveSeconds = options.keep_alive;
  core.username = options.username;
  core.password = options.password;
  core.reconnect = options.reconnect !== false;
  const will = options.will;
  if (will !== undefined) {
    core.will = {
      topic: will.topic,
      payload: will.message,
      payloadOffset: 0,
      payloadLength: 0,
      qos: will.qos !== undefined ? will.qos : 0,
      retain: will.retain === true,
      properties: will.properties,
    };
  }
  for (const option of NUMERIC_OPTIONS) {
    const value = options[option[0]];
    if (typeof value === "number") core[option[1]] = value;
  }
  return core;
}
