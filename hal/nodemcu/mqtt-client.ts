/**
 * `mote.Client(clientid, keepalive[, user, pass, cleansession, max_message_length][, options])`:
 * a drop-in for NodeMCU's `mqtt.Client` (docs/modules/mqtt.md and app/modules/mqtt.c on
 * `release` for ESP8266, components/modules/mqtt.c on `dev-esp32`), built over the core client
 * (src/mqtt/client*.ts), the NodeMCU Socket, and one `tmr` timer per client that drives
 * `clientPoll` every TICK_MS while a connection is wanted.
 *
 * As NodeMCU has it: `clientid` is a string; keepalive 0 (or nil) means 60 s, cleansession is
 * 0/1 (or a boolean; default 1), max_message_length 0 (or nil) means 1024; methods are called
 * with `:`; every callback gets the client first; a number payload is sent as Lua writes it;
 * `:connect` reads its arguments as ESP8266's does — after the host, a number is the port, then
 * a boolean (or 0/1, or ESP32's table) is `secure`, then a number is ESP32's `autoreconnect`, and
 * the next two are the connect and failure callbacks, nil standing for one not given;
 * `:on(event, fn)` for "connect", "connfail", "offline", "message" (client, topic, data — data nil
 * for an empty payload), "overflow" (the same, data cut short), "puback", "suback", "unsuback";
 * the callbacks given to `:connect`, `:publish`, `:subscribe` and `:unsubscribe` replace those
 * events' callbacks (the last one given serves every call); "connfail" gets NodeMCU's reason codes
 * (mqtt-reasons.ts) and only attempts started by `:connect` report it; "offline" fires when an
 * established connection ends (after `:close()` too); `:connect` while connected (or connecting)
 * raises "already connected", and a secure connection without the `tls` module raises "ssl not
 * available"; "puback" fires for QoS 0 once the message is handed to the socket and for QoS 1/2 on
 * PUBACK/PUBCOMP; a table subscribe/unsubscribe gets one "suback"/"unsuback" when every topic is
 * acknowledged; messages over `max_message_length` (default 1024) go to "overflow", cut to that
 * length, and are still acknowledged (mqtt-overflow.ts); a callback that raises an error is
 * reported with `print` and the client goes on (as on ESP32).
 *
 * Beyond NodeMCU (trailing arguments and return values that NodeMCU code never sees):
 * - QoS 2 exactly once both ways, and QoS 1/2 messages kept until acknowledged across
 *   reconnections; `:publish` while offline (or before `:connect`) queues the message in a
 *   bounded queue and returns true; a full queue returns `false, "QueueFull"` (every refusal is
 *   `false, <status name>`), and nothing queued is lost.
 * - MQTT 5 with `{ version = 5 }`; a refused CONNACK reports the MQTT 5 reason code (e.g. 0x86)
 *   to "connfail"; the broker is told `max_message_length` as Maximum Packet Size.
 * - Reconnection with exponential back-off (1 s to 60 s, with jitter) with `{ reconnect = true }`
 *   or the `autoreconnect` argument of `:connect` (ESP32's form). Off by default, because NodeMCU
 *   has had none since 2019 and its applications reconnect from "offline"/"connfail" themselves.
 *   When on, an attempt made by `:connect` that fails still reports "connfail" and is not
 *   retried (as NodeMCU's old autoreconnect did); once connected, lost links are retried
 *   silently and "connect" fires again on each reconnection.
 * - Reason codes: "connect" also gets sessionPresent; "offline" gets the core's status name (e.g.
 *   "KeepAliveTimeout") and the MQTT 5 reason code; "puback" the PUBACK/PUBCOMP reason code;
 *   "suback"/"unsuback" a table of topic -> reason code (granted QoS, or >= 0x80 if refused).
 * Options: `version` (3, 4 or 5; default 4 = MQTT 3.1.1), `reconnect` (boolean), `queue_bytes`
 * and `queue_messages` (the offline queue), `max_subscriptions`, `session_expiry` (MQTT 5
 * seconds; default 0, or never expiring when `cleansession` is 0).
 *
 * Subscriptions are the application's, as in NodeMCU: subscribe in the "connect" callback,
 * which runs after every connection; `:subscribe` and `:unsubscribe` while not connected return
 * `false, "NotConnected"` (ESP32's answer; ESP8266 raises "not connected"). A publish larger than
 * `max_message_length` returns `false, "PacketTooLarge"`. `:close()` ends the connection with
 * DISCONNECT (so the will is not published); a `:connect` before "offline" has fired starts
 * once the close is done. `:connect` returns true (ESP32 does; ESP8266 returns nothing).
 *
 * Allocates the client at creation, and per call what the Lua API promises: strings per message,
 * a table per subscribe group and per acknowledgement report.
 */
import type { PacketView } from "../../src/mqtt/codec-decode";
import type { WillInfo } from "../../src/mqtt/packets";
import { Status, statusName } from "../../src/mqtt/status";
import { ClientState, defaultClientOptions } from "../../src/mqtt/client-state";
import type { Client, ClientEvents } from "../../src/mqtt/client-state";
import { newClient, clientConnect, clientPoll, clientDisconnect, clientSetWill } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { clientSubscribe, clientUnsubscribe, clientForgetSubscriptions } from "../../src/mqtt/client-subscriptions";
import { firstRecord, nextRecord } from "../../src/mqtt/packet-queue";
import type { PacketQueue } from "../../src/mqtt/packet-queue";
import { DEFAULT_QUEUE_CAPACITY, DEFAULT_QUEUED_MESSAGES, DEFAULT_MAXIMUM_SUBSCRIPTIONS } from "../../src/mqtt/defaults";
import { nodemcuPlatform } from "./platform";
import { newNodemcuSocket } from "./socket";
import { newOverflowGuard } from "./mqtt-overflow";
import { connectFailureReason } from "./mqtt-reasons";
import { newAckBook, newAckGroup, expectAck, settleAck, forgetAcks } from "./mqtt-acks";
import {
  checkString,
  checkText,
  checkQos,
  checkInteger,
  checkFlag,
  checkCallback,
  checkOption,
  checkTopicTable,
  rejectArgument,
} from "./mqtt-arguments";
import type { LuaRecord } from "./mqtt-arguments";
import { callApplication } from "./mqtt-callbacks";
import type { LuaCallback } from "./mqtt-callbacks";

/** Milliseconds between two `clientPoll` calls. */
const TICK_MS = 100;
/** NodeMCU's defaults (app/modules/mqtt.c): keepalive 0 means 60 s, max_message_length 0 means 1024. */
const DEFAULT_KEEPALIVE_SECONDS = 60;
const DEFAULT_MAX_MESSAGE_LENGTH = 1024;
const DEFAULT_PORT = 1883;
/** The largest max_message_length (NodeMCU keeps it in 16 bits). */
const MAX_MESSAGE_LENGTH = 65535;
/** MQTT 5 Session Expiry Interval that never expires (0xFFFFFFFF as the core's signed 32 bits). */
const SESSION_NEVER_EXPIRES = -1;

/** The events `:on` accepts. */
const EVENTS: LuaRecord = { connect: true, connfail: true, offline: true, message: true, overflow: true, puback: true, suback: true, unsuback: true };
/** The keys of the options table. */
const OPTIONS: LuaRecord = { version: true, reconnect: true, queue_bytes: true, queue_messages: true, max_subscriptions: true, session_expiry: true };

/** Event name -> the application's callback. */
interface Callbacks {
  [event: string]: LuaCallback | undefined;
}

/** The client as Lua sees it: call each method with `:`. */
export interface NodemcuMqttClient {
  on(this: unknown, event: unknown, callback: unknown): void;
  connect(this: unknown, host: unknown, second: unknown, third: unknown, fourth: unknown, fifth: unknown, sixth: unknown): boolean;
  close(this: unknown): void;
  lwt(this: unknown, topic: unknown, message: unknown, qos: unknown, retain: unknown): void;
  publish(this: unknown, topic: unknown, payload: unknown, qos: unknown, retain: unknown, callback: unknown): LuaMultiReturn<[boolean, string?]>;
  subscribe(this: unknown, topics: unknown, second: unknown, third: unknown): LuaMultiReturn<[boolean, string?]>;
  unsubscribe(this: unknown, topics: unknown, callback: unknown): LuaMultiReturn<[boolean, string?]>;
}

/** The `index`-th (from 0) of five trailing arguments, for the methods that read theirs by type. */
function argumentAt(index: number, first: unknown, second: unknown, third: unknown, fourth: unknown, fifth: unknown): unknown {
  if (index === 0) {
    return first;
  }
  if (index === 1) {
    return second;
  }
  if (index === 2) {
    return third;
  }
  return index === 3 ? fourth : fifth;
}

/** How many QoS 0 messages wait in `queue` (not yet handed to the socket). */
function queuedQos0(queue: PacketQueue): number {
  let count = 0;
  let record = firstRecord(queue);
  while (record >= 0) {
    if (queue.store[queue.offsets[record]] % 8 < 2) {
      count = count + 1;
    }
    record = nextRecord(queue, record);
  }
  return count;
}

/**
 * Makes a client (see the module comment): `mote.Client("id", 120, "user", "pass")`. Raises a
 * Lua error for arguments of the wrong type. Allocates the client's stores and timer.
 */
export function newNodemcuMqttClient(
  this: void,
  clientId: unknown,
  keepalive: unknown,
  third: unknown,
  fourth: unknown,
  fifth: unknown,
  sixth: unknown,
  seventh: unknown,
): NodemcuMqttClient {
  const id = checkString(clientId, 1, "Client");
  const keepAliveSeconds = checkInteger(keepalive, 0, 0, 65535, 2, "Client");
  // The options table may follow any of the positional arguments: the first table ends them.
  let at = 3;
  while (at < 8 && type(argumentAt(at - 3, third, fourth, fifth, sixth, seventh)) !== "table") {
    at = at + 1;
  }
  const username = at > 3 && third !== undefined ? checkString(third, 3, "Client") : undefined;
  const password = at > 4 && fourth !== undefined ? checkString(fourth, 4, "Client") : undefined;
  const cleanSession = at > 5 ? checkFlag(fifth, true, 5, "Client") : true;
  const maxMessageLength = at > 6 ? checkInteger(sixth, 0, 0, MAX_MESSAGE_LENGTH, 6, "Client") : 0;
  const extra = (at < 8 ? argumentAt(at - 3, third, fourth, fifth, sixth, seventh) : {}) as LuaRecord;
  let key: unknown = next(extra)[0];
  while (key !== undefined) {
    checkOption(key, OPTIONS, at, "Client");
    key = next(extra, key)[0];
  }
  const options = defaultClientOptions("", DEFAULT_PORT, id);
  options.version = checkInteger(extra.version, 4, 3, 5, at, "Client");
  options.reconnect = checkFlag(extra.reconnect, false, at, "Client");
  options.queueCapacity = checkInteger(extra.queue_bytes, DEFAULT_QUEUE_CAPACITY, 1, 1048576, at, "Client");
  options.maximumQueuedMessages = checkInteger(extra.queue_messages, DEFAULT_QUEUED_MESSAGES, 1, 1024, at, "Client");
  options.maximumSubscriptions = checkInteger(extra.max_subscriptions, DEFAULT_MAXIMUM_SUBSCRIPTIONS, 1, 1024, at, "Client");
  const sessionExpiry = cleanSession ? 0 : SESSION_NEVER_EXPIRES;
  options.sessionExpirySeconds = checkInteger(extra.session_expiry, sessionExpiry, -1, 2147483647, at, "Client");
  options.keepAliveSeconds = keepAliveSeconds === 0 ? DEFAULT_KEEPALIVE_SECONDS : keepAliveSeconds;
  options.username = username;
  options.password = password;
  options.cleanStart = cleanSession;
  options.maximumPacketSize = maxMessageLength === 0 ? DEFAULT_MAX_MESSAGE_LENGTH : maxMessageLength;

  const guard = newOverflowGuard(nodemcuPlatform, newNodemcuSocket(), options.version < 5 ? options.maximumPacketSize : 0);
  const callbacks: Callbacks = {};
  const acks = newAckBook();
  const timer = tmr.create();
  /** The current attempt was started by `:connect` (its failure goes to "connfail"). */
  let userAttempt = false;
  /** CONNACK accepted on the current link (its end goes to "offline"). */
  let linkUp = false;
  /** `:close()` was called and the core's onClose has not come yet. */
  let closeRequested = false;
  /** `:connect` was called while a close was under way: connect once it is done. */
  let connectWhenClosed = false;
  /** QoS 0 messages published and not yet seen leaving the queue ("puback" is owed for each). */
  let qos0Queued = 0;
  /** The last CONNACK's session present flag, for "connect". */
  let sessionPresent = false;

  function notify(event: string, first: unknown, second: unknown): void {
    const callback = callbacks[event];
    if (callback !== undefined) {
      callApplication(callback, event, handle, first, second);
    }
  }

  function stopIfClosed(): void {
    if (client.state === ClientState.Closed || client.state === ClientState.Idle) {
      timer.stop();
    }
  }

  /** A `:connect` attempt that could not even open its socket fails as unreachable. */
  function failUnopened(this: void): void {
    if (userAttempt && client.state !== ClientState.Opening && client.state !== ClientState.AwaitingConnack && client.state !== ClientState.Connected) {
      userAttempt = false;
      clientDisconnect(client, false);
      stopIfClosed();
      notify("connfail", connectFailureReason(Status.ConnectionLost, 0, false), undefined);
    }
  }

  function startConnect(): void {
    if (client.state === ClientState.WaitingToReconnect) {
      clientDisconnect(client, false);
    }
    userAttempt = true;
    clientConnect(client);
    timer.start();
    if (client.state !== ClientState.Opening) {
      node.task.post(failUnopened);
    }
  }

  /** Hands "puback" to every QoS 0 message that left the queue since the last look. */
  function settleQos0(): void {
    const stillQueued = queuedQos0(client.queue);
    const sent = qos0Queued - stillQueued;
    qos0Queued = stillQueued;
    for (let index = 0; index < sent; index++) {
      notify("puback", 0, undefined);
    }
  }

  function tick(this: void): void {
    clientPoll(client, nodemcuPlatform.nowMs());
    if (qos0Queued > 0) {
      settleQos0();
    }
  }

  /**
   * Runs "connect" from a task, once the core has finished with CONNACK: subscriptions the
   * callback makes then go out once (inside the core's onConnect they would go out again with
   * the ones the core resends).
   */
  function announceConnect(this: void): void {
    if (linkUp) {
      notify("connect", sessionPresent, undefined);
    }
  }

  function onConnect(this: void, present: boolean): void {
    linkUp = true;
    userAttempt = false;
    sessionPresent = present;
    node.task.post(announceConnect);
  }

  function onClose(this: void, status: Status, reasonCode: number): void {
    const wasUp = linkUp;
    linkUp = false;
    if (qos0Queued > 0) {
      settleQos0();
    }
    forgetAcks(acks, undefined);
    // Subscriptions are the application's: it subscribes again in "connect" (see the module comment).
    clientForgetSubscriptions(client);
    const closedHere = closeRequested;
    closeRequested = false;
    if (wasUp) {
      stopIfClosed();
      notify("offline", statusName(status), reasonCode);
    } else if (userAttempt && !closedHere) {
      userAttempt = false;
      clientDisconnect(client, false);
      stopIfClosed();
      notify("connfail", connectFailureReason(status, reasonCode, guard.connected), undefined);
    } else {
      stopIfClosed();
    }
    if (connectWhenClosed) {
      connectWhenClosed = false;
      startConnect();
    }
  }

  function onMessage(this: void, view: PacketView): void {
    const event = guard.cutting ? "overflow" : "message";
    if (callbacks[event] === undefined) {
      return;
    }
    const topic = nodemcuPlatform.readText(view.store, view.topicOffset, view.topicLength);
    const data = view.payloadLength > 0 ? nodemcuPlatform.readText(view.store, view.payloadOffset, view.payloadLength) : undefined;
    notify(event, topic, data);
  }

  function onPublished(this: void, _packetId: number, reasonCode: number): void {
    notify("puback", reasonCode, undefined);
  }

  function acknowledged(event: string, packetId: number, ack: PacketView): void {
    const code = ack.payloadLength > 0 ? ack.store[ack.payloadOffset] : 0;
    const group = settleAck(acks, packetId, code);
    if (group !== undefined) {
      notify(event, group.codes, undefined);
    }
  }

  function onSubscribed(this: void, packetId: number, ack: PacketView): void {
    acknowledged("suback", packetId, ack);
  }

  function onUnsubscribed(this: void, packetId: number, ack: PacketView): void {
    acknowledged("unsuback", packetId, ack);
  }

  function ignore(this: void): void {
    return;
  }

  const events: ClientEvents = {
    onConnect: onConnect,
    onClose: onClose,
    onMessage: onMessage,
    onPublished: onPublished,
    onSubscribed: onSubscribed,
    onUnsubscribed: onUnsubscribed,
    onPingResponse: ignore,
    onAuth: ignore,
  };
  const client: Client = newClient(nodemcuPlatform, guard.socket, options, events);
  timer.register(TICK_MS, tmr.ALARM_AUTO, tick);

  function on(this: unknown, event: unknown, callback: unknown): void {
    const name = checkOption(event, EVENTS, 1, "on");
    callbacks[name] = checkCallback(callback, 2, "on");
  }

  function connect(this: unknown, host: unknown, second: unknown, third: unknown, fourth: unknown, fifth: unknown, sixth: unknown): boolean {
    const hostName = checkString(host, 1, "connect");
    let index = 0;
    let value = argumentAt(index, second, third, fourth, fifth, sixth);
    let port = DEFAULT_PORT;
    if (typeof value === "number") {
      port = checkInteger(value, DEFAULT_PORT, 1, 65535, index + 2, "connect");
      index = index + 1;
      value = argumentAt(index, second, third, fourth, fifth, sixth);
    }
    let secure = false;
    if (type(value) === "table") {
      if (next(value as LuaRecord)[0] !== undefined) {
        rejectArgument(value, index + 2, "connect", "true/false (certificates are set with tls.cert.verify)");
      }
      secure = true;
      index = index + 1;
    } else if (typeof value === "boolean" || typeof value === "number") {
      secure = checkFlag(value, false, index + 2, "connect");
      index = index + 1;
    }
    value = argumentAt(index, second, third, fourth, fifth, sixth);
    let reconnect = options.reconnect;
    if (typeof value === "number") {
      reconnect = value !== 0;
      index = index + 1;
      value = argumentAt(index, second, third, fourth, fifth, sixth);
    }
    const onConnected = checkCallback(value, index + 2, "connect");
    index = index + 1;
    value = argumentAt(index, second, third, fourth, fifth, sixth);
    const onFailed = checkCallback(value, index + 2, "connect");
    index = index + 1;
    while (index < 5) {
      value = argumentAt(index, second, third, fourth, fifth, sixth);
      if (value !== undefined) {
        rejectArgument(value, index + 2, "connect", "nothing");
      }
      index = index + 1;
    }
    if (secure && tls === undefined) {
      error("ssl not available", 2);
    }
    const state = client.state;
    if (!closeRequested && (state === ClientState.Opening || state === ClientState.AwaitingConnack || state === ClientState.Connected)) {
      error("already connected", 2);
    }
    options.host = hostName;
    options.port = port;
    options.secure = secure;
    options.reconnect = reconnect;
    if (onConnected !== undefined) {
      callbacks.connect = onConnected;
    }
    if (onFailed !== undefined) {
      callbacks.connfail = onFailed;
    }
    if (closeRequested || state === ClientState.Closing) {
      connectWhenClosed = true;
    } else {
      startConnect();
    }
    return true;
  }

  function close(this: unknown): void {
    const state = client.state;
    connectWhenClosed = false;
    userAttempt = false;
    if (closeRequested) {
      return;
    }
    if (state === ClientState.Opening || state === ClientState.AwaitingConnack || state === ClientState.Connected || state === ClientState.Closing) {
      closeRequested = true;
    }
    clientDisconnect(client, false);
    stopIfClosed();
  }

  function lwt(this: unknown, topic: unknown, message: unknown, qos: unknown, retain: unknown): void {
    const will: WillInfo = {
      topic: checkString(topic, 1, "lwt"),
      payload: checkText(message, 2, "lwt"),
      payloadOffset: 0,
      payloadLength: 0,
      qos: qos === undefined ? 0 : checkQos(qos, 3, "lwt"),
      retain: checkFlag(retain, false, 4, "lwt"),
      properties: undefined,
    };
    clientSetWill(client, will);
  }

  function publish(this: unknown, topic: unknown, payload: unknown, qos: unknown, retain: unknown, callback: unknown): LuaMultiReturn<[boolean, string?]> {
    const topicName = checkString(topic, 1, "publish");
    const text = checkText(payload, 2, "publish");
    const level = checkQos(qos, 3, "publish");
    const retained = checkFlag(retain, false, 4, "publish");
    const onAcknowledged = checkCallback(callback, 5, "publish");
    if (onAcknowledged !== undefined) {
      callbacks.puback = onAcknowledged;
    }
    const status = clientPublish(client, topicName, text, 0, 0, level, retained, undefined);
    if (status !== Status.Success) {
      return $multi(false, statusName(status));
    }
    if (level === 0) {
      qos0Queued = qos0Queued + 1;
    }
    return $multi(true);
  }

  /**
   * Sends SUBSCRIBE (`subscribing`) or UNSUBSCRIBE for `topics` (one topic, or a checked table of
   * topic = qos) as one group of acknowledgements; `false` and the status at the first refusal
   * (the topics sent before it stay sent, and the group's callback is not owed).
   */
  function sendTopics(subscribing: boolean, topics: unknown, qos: unknown): LuaMultiReturn<[boolean, string?]> {
    if (client.state !== ClientState.Connected) {
      return $multi(false, statusName(Status.NotConnected));
    }
    const isTable = type(topics) === "table";
    const group = newAckGroup();
    let status = Status.Success;
    let topic: unknown = isTable ? next(topics as LuaRecord)[0] : topics;
    while (topic !== undefined && status === Status.Success) {
      const level = (isTable ? (topics as LuaRecord)[topic as string] : qos) as number;
      status = subscribing ? clientSubscribe(client, topic as string, level, false, false, 0, undefined) : clientUnsubscribe(client, topic as string, undefined);
      if (status === Status.Success) {
        expectAck(acks, group, client.lastPacketId, topic as string);
      }
      topic = isTable ? next(topics as LuaRecord, topic)[0] : undefined;
    }
    if (status !== Status.Success) {
      forgetAcks(acks, group);
      return $multi(false, statusName(status));
    }
    return $multi(true);
  }

  function subscribe(this: unknown, topics: unknown, second: unknown, third: unknown): LuaMultiReturn<[boolean, string?]> {
    const isTable = type(topics) === "table";
    if (isTable) {
      checkTopicTable(topics, true, "subscribe");
    } else {
      checkString(topics, 1, "subscribe");
      checkQos(second, 2, "subscribe");
    }
    const onAcknowledged = checkCallback(isTable ? second : third, isTable ? 2 : 3, "subscribe");
    if (onAcknowledged !== undefined) {
      callbacks.suback = onAcknowledged;
    }
    return sendTopics(true, topics, second);
  }

  function unsubscribe(this: unknown, topics: unknown, callback: unknown): LuaMultiReturn<[boolean, string?]> {
    if (type(topics) === "table") {
      checkTopicTable(topics, false, "unsubscribe");
    } else {
      checkString(topics, 1, "unsubscribe");
    }
    const onAcknowledged = checkCallback(callback, 2, "unsubscribe");
    if (onAcknowledged !== undefined) {
      callbacks.unsuback = onAcknowledged;
    }
    return sendTopics(false, topics, undefined);
  }

  const handle: NodemcuMqttClient = {
    on: on,
    connect: connect,
    close: close,
    lwt: lwt,
    publish: publish,
    subscribe: subscribe,
    unsubscribe: unsubscribe,
  };
  return handle;
}
