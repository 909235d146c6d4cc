import { Status, statusName } from "../../src/mqtt/status";
import { PacketType } from "../../src/mqtt/packet-type";
import { reasonCodeName } from "../../src/mqtt/reason-codes";
import type { PacketView } from "../../src/mqtt/codec-decode";
import type { Properties } from "../../src/mqtt/properties";
import { newClient, clientConnect, clientPoll, clientDisconnect, clientPing } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { clientSubscribe, clientUnsubscribe } from "../../src/mqtt/client-subscriptions";
import { espruinoPlatform } from "./platform";
import { newEspruinoSocket } from "./socket";
import { clientOptionsFrom } from "./mqtt-options";
import { receivedProperties } from "./mqtt-properties";
import type { ReceivedProperties } from "./mqtt-properties";
import type { EspruinoMqttOptions } from "./mqtt-options";

/**
 * `require("mote").create(server, options)` and `.connect(options)`: a drop-in for Espruino's
 * MQTT module (EspruinoDocs modules/MQTT.js) over the zero-allocation core client.
 *
 * Same as the module: the methods `connect()`, `publish(topic, message, {qos, retain})`,
 * `subscribe(topic | [topics] | {topic: qos}, {qos})`, `unsubscribe(topic)`, `disconnect()`,
 * `ping()`, the `connected` field, and the events (emitted the Espruino way, queued to the event loop):
 * `connected` and `connect`; `disconnected` and `close` when a connection that was up ends;
 * `publish({topic, message, dup, qos, retain})` and `message(topic, message)` (dup and retain
 * 0 or 1); `puback(packetId)` for QoS 1 and `pubcomp(packetId)` for QoS 2, when the broker has
 * the message; `subscribed` (or `subscribed_fail` when the broker refused); `unsubscribed`;
 * `ping_reply`; `error(text)`. The module's `publish` event also carries `pid`, which is left
 * out here (the client answers acknowledgements itself).
 *
 * What the module lacks:
 * - QoS 1 and 2 both ways, kept until acknowledged, across reconnects; `puback` and `pubcomp`
 *   carry the MQTT 5 reason code as a second argument, `subscribed` the granted QoS and
 *   `subscribed_fail` the refusal code.
 * - Reconnection by itself, with back-off (1 s doubling to 60 s, jittered), unless
 *   `reconnect: false`. Code written for the module that calls `connect()` again from its
 *   `disconnected` listener keeps working: `connect()` does nothing while an attempt is due.
 *   Subscriptions are made again after a reconnect when the broker kept no session, so
 *   subscribing again to a filter already held at the same QoS does nothing.
 * - An offline queue: `publish` and `subscribe` before or between connections are kept and
 *   sent on connecting, in order. Every method returns true when done or kept, false when
 *   refused (queue full, bad topic or QoS, message too large, table full, unsubscribe while
 *   offline), and then also emits `error` with "<method>: <Status>" ("publish: QueueFull");
 *   nothing already queued is lost.
 * - A failed attempt or a connection that ends for a reason other than a lost link emits
 *   `error` with the status and the broker's reason ("ConnectionRefused: Connection Refused, bad
 *   user name or password", "ConnectTimeout", "ServerDisconnected: Session taken over").
 * - Will, TLS, MQTT 5 (`protocol_level: 5`; `properties` in the options of `publish`,
 *   `subscribe` (with `nl`, `rap`, `rh`) and `unsubscribe`, and on the `publish` event when the
 *   message has any, see mqtt-properties.ts), sizes: see mqtt-options.ts.
 *
 * One `setInterval` tick (POLL_INTERVAL_MS) drives keepalive, timeouts and reconnects while the
 * client is active; it stops on `disconnect()` and when the link ends with reconnecting off.
 * Allocates as the module's API promises: two strings and an object per received message.
 */

/** The client's tick, in milliseconds: the resolution of keepalive, timeouts and back-off. */
const POLL_INTERVAL_MS = 250;

/** SUBACK codes from this one up are refusals. */
const SUBACK_FAILURE = 0x80;

/** The options `publish` reads (a bare number is taken as the QoS, as older modules did). */
export interface EspruinoPublishOptions {
  qos?: number;
  retain?: boolean;
  /** MQTT 5 PUBLISH properties by the spec's names (`contentType`, `userProperty` ...). */
  properties?: Properties;
}

/** The options `subscribe` reads; `nl`, `rap`, `rh` and `properties` are MQTT 5's. */
export interface EspruinoSubscribeOptions {
  qos?: number;
  /** No Local, Retain As Published, Retain Handling (0, 1 or 2), as MQTT.js names them. */
  nl?: boolean;
  rap?: boolean;
  rh?: number;
  properties?: Properties;
}

/** The options `unsubscribe` reads. */
export interface EspruinoUnsubscribeOptions {
  properties?: Properties;
}

/** What the `publish` event carries: the module's fields, and MQTT 5 properties when there are any. */
export interface ReceivedMessage {
  topic: string;
  message: string;
  dup: number;
  qos: number;
  retain: number;
  properties?: ReceivedProperties;
}

/** The object `create` returns; see the module comment. It is an Espruino event emitter. */
export interface EspruinoMqtt {
  /** True between `connected` and `disconnected`. */
  connected: boolean;
  connect(this: void): void;
  disconnect(this: void): void;
  publish(this: void, topic: string, message: unknown, options?: number | EspruinoPublishOptions): boolean;
  subscribe(this: void, topics: string | string[] | { [filter: string]: number }, options?: number | EspruinoSubscribeOptions): boolean;
  unsubscribe(this: void, topics: string | string[], options?: EspruinoUnsubscribeOptions): boolean;
  /** Sends a PINGREQ now; `ping_reply` follows. False (and `error`) when not connected. */
  ping(this: void): boolean;
}

/** Whether `value` is a QoS: 0, 1 or 2. */
function isQos(value: unknown): boolean {
  return value === 0 || value === 1 || value === 2;
}

/** The QoS asked for by `options` (a number, or an object with `qos`), 0 when none. */
function requestedQos(options: number | { qos?: number } | undefined): number {
  if (typeof options === "number") return options;
  return options !== undefined && options.qos !== undefined ? options.qos : 0;
}

/**
 * Makes an MQTT object for the broker at `server` with the module's `options` (and mote's, see
 * mqtt-options.ts). Makes the core client and its socket now; connects on `connect()`. Allocates.
 */
export function createMqtt(server: string, options?: EspruinoMqttOptions): EspruinoMqtt {
  const settings: EspruinoMqttOptions = options !== undefined ? options : {};
  const clientOptions = clientOptionsFrom(server, settings);
  /** The QoS of each QoS 1/2 message sent and not yet acknowledged, by packet id. */
  const sentQos: { [packetId: number]: number } = {};
  /** The QoS of each filter subscribed to (kept by the core across reconnects). */
  const subscribedQos: { [filter: string]: number } = {};
  let ticker: EspruinoTimer | undefined = undefined;

  function tick(): void {
    clientPoll(client, espruinoPlatform.nowMs());
  }

  function stopTicking(): void {
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
  }

  /** Emits `error` for a refused call; returns whether `status` is Success. */
  function outcome(method: string, status: Status): boolean {
    if (status !== Status.Success) mqtt.emit("error", method + ": " + statusName(status));
    return status === Status.Success;
  }

  function connect(this: void): void {
    if (clientConnect(client) === Status.Success && ticker === undefined) ticker = setInterval(tick, POLL_INTERVAL_MS);
  }

  function ping(this: void): boolean {
    return outcome("ping", clientPing(client));
  }

  function disconnect(this: void): void {
    clientDisconnect(client, false);
    stopTicking();
  }

  function publish(this: void, topic: string, message: unknown, options?: number | EspruinoPublishOptions): boolean {
    const qos = requestedQos(options);
    const details = typeof options === "number" ? undefined : options;
    let status = Status.BadQos;
    if (typeof topic !== "string") {
      status = Status.BadTopic;
    } else if (message === undefined) {
      status = Status.BadParameter;
    } else if (isQos(qos)) {
      const text = typeof message === "string" ? message : "" + message;
      const retain = details !== undefined && details.retain === true;
      status = clientPublish(client, topic, text, 0, 0, qos, retain, details !== undefined ? details.properties : undefined);
    }
    if (status === Status.Success && qos > 0) sentQos[client.lastPacketId] = qos;
    return outcome("publish", status);
  }

  function subscribeTo(filter: string, qos: number, details: EspruinoSubscribeOptions | undefined): boolean {
    let status = typeof filter !== "string" ? Status.BadTopic : isQos(qos) ? Status.Success : Status.BadQos;
    if (status === Status.Success && subscribedQos[filter] !== qos) {
      status = details === undefined
        ? clientSubscribe(client, filter, qos, false, false, 0, undefined)
        : clientSubscribe(client, filter, qos, details.nl === true, details.rap === true, details.rh !== undefined ? details.rh : 0, details.properties);
      if (status === Status.Success) subscribedQos[filter] = qos;
    }
    return outcome("subscribe", status);
  }

  function subscribe(this: void, topics: string | string[] | { [filter: string]: number }, options?: number | EspruinoSubscribeOptions): boolean {
    const qos = requestedQos(options);
    const details = typeof options === "number" ? undefined : options;
    let done = true;
    if (Array.isArray(topics)) {
      for (const filter of topics) done = subscribeTo(filter, qos, details) && done;
    } else if (topics instanceof Object) {
      for (const filter of Object.keys(topics)) done = subscribeTo(filter, topics[filter], details) && done;
    } else {
      done = subscribeTo(topics, qos, details);
    }
    return done;
  }

  function unsubscribeFrom(filter: string, properties: Properties | undefined): boolean {
    const status = typeof filter !== "string" ? Status.BadTopic : clientUnsubscribe(client, filter, properties);
    if (status === Status.Success) delete subscribedQos[filter];
    return outcome("unsubscribe", status);
  }

  function unsubscribe(this: void, topics: string | string[], options?: EspruinoUnsubscribeOptions): boolean {
    const properties = options !== undefined ? options.properties : undefined;
    if (!Array.isArray(topics)) return unsubscribeFrom(topics, properties);
    let done = true;
    for (const filter of topics) done = unsubscribeFrom(filter, properties) && done;
    return done;
  }

  function onConnect(this: void): void {
    mqtt.connected = true;
    mqtt.emit("connected");
    mqtt.emit("connect");
  }

  function onClose(this: void, status: Status, reasonCode: number): void {
    const wasConnected = mqtt.connected;
    mqtt.connected = false;
    if (wasConnected) {
      mqtt.emit("disconnected");
      mqtt.emit("close");
    }
    if (status !== Status.Success && (status !== Status.ConnectionLost || !wasConnected)) {
      const refused = status === Status.ConnectionRefused;
      const reason = reasonCode === 0 || status === Status.ConnectionLost ? "" : ": " + reasonCodeName(reasonCode, refused ? PacketType.Connack : PacketType.Disconnect, clientOptions.version);
      mqtt.emit("error", statusName(status) + reason);
    }
    if (!clientOptions.reconnect) stopTicking();
  }

  function onMessage(this: void, view: PacketView): void {
    const topic = espruinoPlatform.readText(view.store, view.topicOffset, view.topicLength);
    const message = espruinoPlatform.readText(view.store, view.payloadOffset, view.payloadLength);
    const received: ReceivedMessage = { topic: topic, message: message, dup: view.dup ? 1 : 0, qos: view.qos, retain: view.retain ? 1 : 0 };
    const properties = receivedProperties(view.properties);
    if (properties !== undefined) received.properties = properties;
    mqtt.emit("publish", received);
    mqtt.emit("message", topic, message);
  }

  function onPublished(this: void, packetId: number, reasonCode: number): void {
    const qos = sentQos[packetId];
    delete sentQos[packetId];
    mqtt.emit(qos === 2 ? "pubcomp" : "puback", packetId, reasonCode);
  }

  /** One event per filter, as the module (one filter per SUBSCRIBE) gives: a SUBACK may answer several. */
  function onSubscribed(this: void, _packetId: number, ack: PacketView): void {
    for (let index = 0; index < ack.payloadLength; index++) {
      const code = ack.store[ack.payloadOffset + index];
      mqtt.emit(code >= SUBACK_FAILURE ? "subscribed_fail" : "subscribed", code);
    }
  }

  function onUnsubscribed(this: void): void {
    mqtt.emit("unsubscribed");
  }

  function onPingResponse(this: void): void {
    mqtt.emit("ping_reply");
  }

  function onAuth(this: void): void {}

  const mqtt: EspruinoMqtt = { connected: false, connect, disconnect, publish, subscribe, unsubscribe, ping };
  const client = newClient(espruinoPlatform, newEspruinoSocket(settings.secure === true ? settings : undefined), clientOptions, {
    onConnect,
    onClose,
    onMessage,
    onPublished,
    onSubscribed,
    onUnsubscribed,
    onPingResponse,
    onAuth,
  });
  return mqtt;
}

/**
 * The module's `connect(options)`: `create(options.host, options)` (or `options.server`), then
 * `connect()`. Allocates.
 */
export function connectMqtt(options: EspruinoMqttOptions): EspruinoMqtt {
  const mqtt = createMqtt(options.host !== undefined ? options.host : options.server !== undefined ? options.server : "", options);
  mqtt.connect();
  return mqtt;
}
