/**
 * The MQTT client: a zero-allocation core over one Socket (hal/api.ts), driven by byte arrival
 * and by `clientPoll(client, now)` — keepalive, connect timeout and reconnect back-off are
 * deadlines compared against the clock, with no timer per operation. Everything is made in
 * `newClient`; after that nothing allocates.
 */
import { MQTT5_ENABLED } from "./features";
import type { Bytes } from "../bytes/bytes";
import type { Platform, Socket } from "../../hal/api";
import { Status, statusReasonCode } from "./status";
import { ProtocolVersion } from "./packet-type";
import type { Properties } from "./properties";
import type { WillInfo } from "./packets";
import { newEncoder } from "./codec-encode";
import { newDecoder } from "./codec-decode";
import { newTopicAliasTable, TOPIC_ALIAS_TOPIC_CAPACITY } from "./topic-alias";
import { newStreamDecoder, feedStream, resetStream } from "./codec-stream";
import { newPacketQueue } from "./packet-queue";
import { newSession, resetSession, clearInflight } from "./session";
import { newBackoff, nextBackoffMs } from "./backoff";
import { Client, ClientEvents, ClientOptions, ClientState, ASSIGNED_CLIENT_ID_CAPACITY, REASON_STRING_CAPACITY } from "./client-state";
import { newOutbox, clearOutbox, flushOutbox, sendConnect, sendDisconnect, sendPing, sendAuth } from "./client-outbox";
import { newSubscriptionTable, sendPendingSubscriptions } from "./client-subscriptions";
import { handlePacket } from "./client-receive";
import { pumpQueue } from "./client-publish";
import { clearQueue } from "./packet-queue";

/** A seed for the back-off jitter from the client id's bytes and the clock. */
function jitterSeed(platform: Platform, clientId: string): number {
  const store = platform.newBytes(platform.textByteLength(clientId) + 1);
  const length = platform.writeText(clientId, store, 0);
  let seed = platform.nowMs() % 65536;
  for (let index = 0; index < length; index++) {
    seed = (seed * 31 + store[index]) % 2147483647;
  }
  return seed;
}

/**
 * Makes a client that will talk to `options.host` over `socket`, reporting to `events`. Owns
 * every store it will ever use: a receive store and an outbox of `maximumPacketSize` bytes, a
 * queue of `queueCapacity` bytes, the session and subscription tables, and with MQTT 5 the
 * topic alias tables (128 bytes an alias each way) and a store to rebuild an aliased message in.
 * Allocates: call once.
 */
export function newClient(platform: Platform, socket: Socket, options: ClientOptions, events: ClientEvents): Client {
  const isVersion5 = MQTT5_ENABLED && options.version === ProtocolVersion.Mqtt5;
  const connectProperties: Properties = {};
  if (isVersion5) {
    connectProperties.sessionExpiryInterval = options.sessionExpirySeconds;
    connectProperties.receiveMaximum = options.maximumInboundQos2;
    connectProperties.maximumPacketSize = options.maximumPacketSize;
    connectProperties.topicAliasMaximum = options.topicAliasMaximum;
    connectProperties.authenticationMethod = options.authenticationMethod;
    connectProperties.authenticationData = options.authenticationData;
  }
  const aliasedPacketSize = isVersion5 && options.topicAliasMaximum > 0 ? options.maximumPacketSize + TOPIC_ALIAS_TOPIC_CAPACITY : 1;
  const aliasedPacket = platform.newBytes(aliasedPacketSize);
  /** The socket is up: send CONNECT (with the id the broker assigned last time, if any) and wait for CONNACK. */
  function onConnect(this: void): void {
    if (client.state !== ClientState.Opening) {
      return;
    }
    client.state = ClientState.AwaitingConnack;
    client.reasonStringLength = 0;
    resetStream(client.stream);
    clearOutbox(client.outbox);
    if (client.assignedClientIdLength >= 0) {
      client.connectInfo.clientId = platform.readText(client.assignedClientId, 0, client.assignedClientIdLength);
      client.assignedClientIdLength = -1;
    }
    const sent = sendConnect(client);
    if (sent !== Status.Success) {
      closeLink(client, sent, 0);
    }
  }

  /** Bytes arrived: decode packets one by one and handle each. */
  function onData(this: void, store: Bytes, offset: number, length: number): void {
    receiveBytes(client, store, offset, length);
  }

  /** The socket drained: send what waits. */
  function onWritable(this: void): void {
    flushOutbox(client);
    pumpQueue(client);
  }

  /** The link is gone. */
  function onClose(this: void, failed: boolean): void {
    linkClosed(client, failed);
  }

  const client: Client = {
    platform: platform,
    socket: socket,
    socketEvents: { onConnect: onConnect, onData: onData, onWritable: onWritable, onClose: onClose },
    events: events,
    options: options,
    state: ClientState.Idle,
    encoder: newEncoder(platform, options.version),
    stream: newStreamDecoder(platform, options.version, options.maximumPacketSize),
    outbox: newOutbox(platform.newBytes(options.maximumPacketSize * 2), options.maximumPacketSize * 2),
    queue: newPacketQueue(platform, options.queueCapacity, options.maximumQueuedMessages),
    session: newSession(options.maximumInflight, options.maximumInboundQos2),
    subscriptions: newSubscriptionTable(options.maximumSubscriptions),
    backoff: newBackoff(jitterSeed(platform, options.clientId), options.minimumBackoffMs, options.maximumBackoffMs),
    connectInfo: {
      clientId: options.clientId,
      cleanStart: options.cleanStart,
      keepAlive: options.keepAliveSeconds,
      username: options.username,
      password: options.password,
      will: options.will,
      properties: isVersion5 ? connectProperties : undefined,
    },
    connectProperties: connectProperties,
    publishInfo: { topic: "", qos: 0, retain: false, dup: false, packetId: 0, payload: "", payloadOffset: 0, payloadLength: 0, properties: undefined },
    unsubscribeInfo: { packetId: 1, topicFilters: [""], properties: undefined },
    outboundAliases: newTopicAliasTable(platform, isVersion5 ? options.outboundTopicAliases : 0),
    inboundAliases: newTopicAliasTable(platform, isVersion5 ? options.topicAliasMaximum : 0),
    aliasedPacket: aliasedPacket,
    aliasedDecoder: newDecoder(options.version, aliasedPacket),
    reasonString: platform.newBytes(REASON_STRING_CAPACITY),
    reasonStringLength: 0,
    responseProperties: {},
    responseCorrelation: { bytes: aliasedPacket, offset: 0, length: 0 },
    assignedClientId: platform.newBytes(ASSIGNED_CLIENT_ID_CAPACITY),
    assignedClientIdLength: -1,
    lastPacketId: 0,
    lastSentMs: 0,
    sentSincePoll: false,
    pingSentMs: 0,
    pingOutstanding: false,
    connectDeadlineMs: 0,
    reconnectAtMs: 0,
    serverReceiveMaximum: 65535,
    serverMaximumPacketSize: 268435460,
    serverMaximumQos: 2,
    serverRetainAvailable: true,
    keepAliveSeconds: options.keepAliveSeconds,
    closeStatus: Status.Success,
    closeReasonCode: 0,
  };

  return client;
}

/**
 * Starts connecting (and keeps reconnecting after losses, unless `reconnect` is off). Returns
 * BadParameter when already started, Success otherwise; the outcome comes as events.
 */
export function clientConnect(client: Client): Status {
  if (client.state !== ClientState.Idle && client.state !== ClientState.Closed) {
    return Status.BadParameter;
  }
  openLink(client, client.platform.nowMs());
  return Status.Success;
}

/**
 * Opens the socket for an attempt; when it cannot even start (no TLS on this runtime, a socket
 * still closing), reports ConnectionLost as a failed attempt and schedules the next one. Never
 * allocates.
 * @hotpath
 */
function openLink(client: Client, now: number): void {
  client.state = ClientState.Opening;
  client.connectDeadlineMs = now + client.options.connectTimeoutMs;
  const options = client.options;
  if (!client.socket.open(options.host, options.port, options.secure, client.socketEvents)) {
    scheduleReconnect(client, now);
    client.events.onClose(Status.ConnectionLost, 1);
  }
}

/** Feeds arrived bytes to the stream decoder and handles every packet they complete. @hotpath */
function receiveBytes(client: Client, store: Bytes, offset: number, length: number): void {
  const stream = client.stream;
  let position = offset;
  const end = offset + length;
  while (position < end && (client.state === ClientState.AwaitingConnack || client.state === ClientState.Connected)) {
    position = position + feedStream(stream, store, position, end - position);
    if (stream.status === Status.Success) {
      const handled = handlePacket(client, stream.decoder.view);
      if (handled !== Status.Success) {
        closeLink(client, handled, client.closeReasonCode);
        return;
      }
    } else if (stream.status !== Status.NeedMoreBytes) {
      closeLink(client, stream.status, statusReasonCode(stream.status));
      return;
    }
  }
}

/**
 * Ends the current connection for `status`: a protocol problem is told to an MQTT 5 broker with
 * DISCONNECT and `reasonCode`; then the socket is closed and `onClose` does the rest. Never
 * allocates.
 * @hotpath
 */
function closeLink(client: Client, status: Status, reasonCode: number): void {
  client.closeStatus = status;
  client.closeReasonCode = reasonCode;
  const isProtocolProblem = status !== Status.ConnectionRefused && status !== Status.ServerDisconnected && status !== Status.KeepAliveTimeout;
  if (client.state === ClientState.Connected && isProtocolProblem) {
    sendDisconnect(client, reasonCode);
  }
  if (client.state !== ClientState.Closed) {
    client.state = ClientState.Closing;
  }
  client.socket.close();
}

/** The socket closed: report why and schedule the next attempt (unless closed for good). */
function linkClosed(client: Client, failed: boolean): void {
  const now = client.platform.nowMs();
  if (client.closeStatus === Status.Success && client.state !== ClientState.Closed) {
    client.closeStatus = Status.ConnectionLost;
    client.closeReasonCode = failed ? 1 : 0;
  }
  const status = client.closeStatus;
  const reasonCode = client.closeReasonCode;
  client.closeStatus = Status.Success;
  client.closeReasonCode = 0;
  client.pingOutstanding = false;
  clearOutbox(client.outbox);
  if (client.state === ClientState.Closed) {
    client.events.onClose(status, reasonCode);
    return;
  }
  scheduleReconnect(client, now);
  client.events.onClose(status, reasonCode);
}

/** Waits for the next attempt, or stops when reconnecting is off. Never allocates. @hotpath */
function scheduleReconnect(client: Client, now: number): void {
  if (!client.options.reconnect) {
    client.state = ClientState.Closed;
    return;
  }
  client.state = ClientState.WaitingToReconnect;
  client.reconnectAtMs = now + nextBackoffMs(client.backoff);
}

/**
 * The network is back (the device's link came up): a client waiting out its reconnect back-off
 * tries again at the next poll instead. Does nothing in any other state. Never allocates.
 * @hotpath
 */
export function clientReconnectNow(client: Client, now: number): void {
  if (client.state === ClientState.WaitingToReconnect) {
    client.reconnectAtMs = now;
  }
}

/**
 * Drives every deadline: the connect timeout, keepalive (PINGREQ when nothing was sent for the
 * keepalive interval, as seen from one poll to the next; the link is dead when PINGRESP does
 * not come within `pingTimeoutMs`), the reconnect back-off, subscriptions that could not go
 * yet, and the queue. Call it from one periodic tick with the clock in milliseconds; the client
 * reads no clock of its own while connected. Never allocates.
 * @hotpath
 */
export function clientPoll(client: Client, now: number): void {
  const state = client.state;
  if (state === ClientState.WaitingToReconnect) {
    if (now - client.reconnectAtMs >= 0) {
      openLink(client, now);
    }
    return;
  }
  if (state === ClientState.Opening || state === ClientState.AwaitingConnack) {
    if (now - client.connectDeadlineMs >= 0) {
      closeLink(client, Status.ConnectTimeout, 0);
    }
    return;
  }
  if (state !== ClientState.Connected) {
    return;
  }
  if (client.sentSincePoll) {
    client.sentSincePoll = false;
    client.lastSentMs = now;
  }
  const keepAliveMs = client.keepAliveSeconds * 1000;
  if (client.pingOutstanding && now - client.pingSentMs >= client.options.pingTimeoutMs) {
    closeLink(client, Status.KeepAliveTimeout, 0);
    return;
  }
  if (keepAliveMs > 0 && !client.pingOutstanding && now - client.lastSentMs >= keepAliveMs) {
    client.pingOutstanding = true;
    client.pingSentMs = now;
    sendPing(client);
  }
  sendPendingSubscriptions(client);
  pumpQueue(client);
}

/**
 * Disconnects for good: sends DISCONNECT if connected, closes the socket, and stops
 * reconnecting. Queued and in-flight messages stay; `clientConnect` starts again. With
 * `discardSession`, the queue and session tables are emptied too. Never allocates.
 */
export function clientDisconnect(client: Client, discardSession: boolean): void {
  const wasConnected = client.state === ClientState.Connected;
  const wasOpen = wasConnected || client.state === ClientState.Opening || client.state === ClientState.AwaitingConnack;
  if (wasConnected) {
    sendDisconnect(client, 0);
  }
  client.state = ClientState.Closed;
  client.closeStatus = Status.Success;
  if (discardSession) {
    clearQueue(client.queue);
    clearInflight(client.session);
    resetSession(client.session);
  }
  if (wasOpen) {
    client.socket.close();
  }
}

/**
 * Sends an MQTT 5 AUTH with `reasonCode` (0x18 Continue authentication, 0x19 Re-authenticate)
 * and `properties` (Authentication Method and Data, ...): the answer to `onAuth`, or the start of
 * a re-authentication. NotConnected unless a CONNACK or AUTH is awaited or the client is
 * connected; BadParameter before MQTT 5; UnsupportedVersion in a build without it. Never
 * allocates.
 */
export function clientAuthenticate(client: Client, reasonCode: number, properties: Properties | undefined): Status {
  if (!MQTT5_ENABLED) {
    return Status.UnsupportedVersion;
  }
  if (client.state !== ClientState.Connected && client.state !== ClientState.AwaitingConnack) {
    return Status.NotConnected;
  }
  return sendAuth(client, reasonCode, properties);
}

/**
 * The Reason String the broker gave last (CONNACK, DISCONNECT, an ack or AUTH; MQTT 5), or
 * undefined when it gave none since the client connected. Allocates the string: call it from
 * `onClose` or an ack event when a human should read why.
 */
export function clientReasonString(client: Client): string | undefined {
  if (client.reasonStringLength === 0) {
    return undefined;
  }
  return client.platform.readText(client.reasonString, 0, client.reasonStringLength);
}

/**
 * Sends a PINGREQ now (keepalive sends them by itself; this is for an application that wants to
 * check the link): PINGRESP comes as `onPingResponse`, and none within `pingTimeoutMs` closes the
 * link as dead. NotConnected unless connected; Success when one is already outstanding. Never
 * allocates.
 */
export function clientPing(client: Client): Status {
  if (client.state !== ClientState.Connected) {
    return Status.NotConnected;
  }
  if (client.pingOutstanding) {
    return Status.Success;
  }
  client.pingOutstanding = true;
  client.pingSentMs = client.platform.nowMs();
  return sendPing(client);
}

/**
 * Sets the will sent with the next CONNECT (undefined: none); the current connection keeps the
 * one it was made with. Keeps a reference to `will`; never allocates.
 */
export function clientSetWill(client: Client, will: WillInfo | undefined): void {
  client.options.will = will;
  client.connectInfo.will = will;
}
