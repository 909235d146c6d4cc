/**
 * The client's steady state as an allocation workload, in the subset so the very same loop runs
 * on Node and, compiled to Lua, against the Lua bundle: a client made by `newClient` over a
 * socket that keeps nothing (the wire), with the broker's side played by an encoder writing into
 * one store. Each iteration publishes QoS 1 and QoS 2 (acknowledged by the broker's PUBACK, and
 * PUBREC/PUBREL/PUBCOMP), receives a QoS 1 and a QoS 2 message (PUBACK, PUBREC/PUBREL/PUBCOMP),
 * and polls, with PINGREQ/PINGRESP at each keepalive. With MQTT 5 the client also assigns topic
 * aliases to two alternating topics and resolves the broker's alias on every message it receives.
 * Everything is made in `newWorkload`; `runWorkload` must not allocate. (The Client type comes
 * from its source file: on NodeMCU, "mote"'s `Client` is the mqtt.Client drop-in.)
 */
import type { Platform, Socket, SocketEvents } from "../../hal/api";
import { newClient, clientConnect, clientPoll, clientPublish, defaultClientOptions, newEncoder, writeConnack, writeAck, writePublish, writePing } from "mote";
import type { Bytes, Encoder, PacketView, Properties, PublishInfo } from "mote";
import type { Client } from "../../src/mqtt/client-state";
import { Status } from "../../src/mqtt/status";
import { PacketType } from "../../src/mqtt/packet-type";

const TOPICS = ["home/ground/livingroom/temperature", "home/ground/livingroom/humidity"];
const PAYLOAD_LENGTH = 32;
const STORE_SIZE = 256;
const KEEP_ALIVE_SECONDS = 60;

/** A socket whose writes go nowhere, and whose events the workload calls itself. */
export interface Wire {
  socket: Socket;
  events: SocketEvents | undefined;
}

/** Everything the workload touches, made once. */
export interface ClientWorkload {
  client: Client;
  wire: Wire;
  broker: Encoder;
  store: Bytes;
  payload: Bytes;
  inbound: PublishInfo;
  inboundAliasSet: Properties;
  inboundAliasOnly: Properties;
  isVersion5: boolean;
  delivered: number;
  acknowledged: number;
  nowMs: number;
}

/** Makes a wire (see Wire). Allocates: call once. */
export function newWire(): Wire {
  const wire: Wire = {
    socket: {
      open(host: string, port: number, secure: boolean, events: SocketEvents): boolean {
        wire.events = events;
        return host.length > 0 && port > 0 && !secure;
      },
      write(_store: Bytes, _offset: number, length: number): number {
        return length;
      },
      close(): void {
        wire.events = undefined;
      },
    },
    events: undefined,
  };
  return wire;
}

/** Hands the `size` bytes the broker wrote in the workload's store to the client. @hotpath */
function deliver(workload: ClientWorkload, size: number): void {
  const events = workload.wire.events;
  if (events !== undefined) {
    events.onData(workload.store, 0, size);
  }
}

/** The broker sends an ack of `packetType` for `packetId`. @hotpath */
function brokerAck(workload: ClientWorkload, packetType: number, packetId: number): void {
  if (writeAck(workload.broker, workload.store, 0, STORE_SIZE, packetType, packetId, 0, undefined) === Status.Success) {
    deliver(workload, workload.broker.packetSize);
  }
}

/** The broker sends a PUBLISH of `qos` with `packetId` (by alias alone after the first with MQTT 5). @hotpath */
function brokerPublish(workload: ClientWorkload, qos: number, packetId: number, aliasOnly: boolean): void {
  const inbound = workload.inbound;
  inbound.qos = qos;
  inbound.packetId = packetId;
  inbound.topic = aliasOnly ? "" : TOPICS[0];
  inbound.properties = workload.isVersion5 ? (aliasOnly ? workload.inboundAliasOnly : workload.inboundAliasSet) : undefined;
  if (writePublish(workload.broker, workload.store, 0, STORE_SIZE, inbound) === Status.Success) {
    deliver(workload, workload.broker.packetSize);
  }
}

/**
 * Makes the workload for MQTT `version` (4 or 5) and brings its client to Connected. Allocates:
 * call once.
 */
export function newWorkload(platform: Platform, version: number): ClientWorkload {
  const isVersion5 = version === 5;
  const wire = newWire();
  const options = defaultClientOptions("broker.local", 1883, "mote-workload");
  options.version = version;
  options.keepAliveSeconds = KEEP_ALIVE_SECONDS;
  options.topicAliasMaximum = isVersion5 ? 2 : 0;
  options.outboundTopicAliases = isVersion5 ? 2 : 0;
  const payload = platform.newBytes(PAYLOAD_LENGTH);
  for (let index = 0; index < PAYLOAD_LENGTH; index++) {
    payload[index] = 0x30 + (index % 10);
  }
  function onConnect(sessionPresent: boolean): void {
    workload.acknowledged = sessionPresent ? -1 : 0;
  }
  function onClose(status: Status, reasonCode: number): void {
    workload.acknowledged = -1000000 - status - reasonCode;
  }
  function onMessage(view: PacketView): void {
    workload.delivered = workload.delivered + (view.topicLength > 0 ? 1 : 0);
  }
  function onPublished(packetId: number, reasonCode: number): void {
    workload.acknowledged = workload.acknowledged + (packetId > 0 && reasonCode === 0 ? 1 : 0);
  }
  function onAck(packetId: number, ack: PacketView): void {
    workload.acknowledged = workload.acknowledged + packetId - ack.packetId;
  }
  function onPingResponse(): void {
    workload.acknowledged = workload.acknowledged + 0;
  }
  const workload: ClientWorkload = {
    client: newClient(platform, wire.socket, options, {
      onConnect: onConnect,
      onClose: onClose,
      onMessage: onMessage,
      onPublished: onPublished,
      onSubscribed: onAck,
      onUnsubscribed: onAck,
      onPingResponse: onPingResponse,
      onAuth: onMessage,
    }),
    wire: wire,
    broker: newEncoder(platform, version),
    store: platform.newBytes(STORE_SIZE),
    payload: payload,
    inbound: { topic: TOPICS[0], qos: 1, retain: false, dup: false, packetId: 1, payload: payload, payloadOffset: 0, payloadLength: PAYLOAD_LENGTH, properties: undefined },
    inboundAliasSet: { topicAlias: 1 },
    inboundAliasOnly: { topicAlias: 1 },
    isVersion5: isVersion5,
    delivered: 0,
    acknowledged: 0,
    nowMs: 0,
  };
  clientConnect(workload.client);
  const events = wire.events;
  if (events !== undefined) {
    events.onConnect();
  }
  const connackProperties: Properties | undefined = isVersion5 ? { topicAliasMaximum: 4 } : undefined;
  if (writeConnack(workload.broker, workload.store, 0, STORE_SIZE, false, 0, connackProperties) === Status.Success) {
    deliver(workload, workload.broker.packetSize);
  }
  brokerPublish(workload, 0, 0, false);
  workload.delivered = 0;
  return workload;
}

/**
 * Runs `iterations` rounds (see the module comment) and returns how many messages the client
 * delivered plus how many of its own it saw acknowledged: 4 a round when all is well. Never
 * allocates.
 * @hotpath
 */
export function runWorkload(workload: ClientWorkload, iterations: number): number {
  const client = workload.client;
  workload.delivered = 0;
  workload.acknowledged = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const topic = TOPICS[iteration % 2];
    if (clientPublish(client, topic, workload.payload, 0, PAYLOAD_LENGTH, 1, false, undefined) === Status.Success) {
      brokerAck(workload, PacketType.Puback, client.lastPacketId);
    }
    if (clientPublish(client, topic, workload.payload, 0, PAYLOAD_LENGTH, 2, false, undefined) === Status.Success) {
      const packetId = client.lastPacketId;
      brokerAck(workload, PacketType.Pubrec, packetId);
      brokerAck(workload, PacketType.Pubcomp, packetId);
    }
    const inboundId = (iteration % 60000) + 1;
    brokerPublish(workload, 1, inboundId, workload.isVersion5);
    brokerPublish(workload, 2, inboundId, workload.isVersion5);
    brokerAck(workload, PacketType.Pubrel, inboundId);
    workload.nowMs = workload.nowMs + 1000;
    clientPoll(client, workload.nowMs);
    if (client.pingOutstanding && writePing(workload.broker, workload.store, 0, STORE_SIZE, PacketType.Pingresp) === Status.Success) {
      deliver(workload, workload.broker.packetSize);
    }
  }
  return workload.delivered + workload.acknowledged;
}

/** What `runWorkload(workload, iterations)` returns when all is well (named as workload.ts's, so one meter runs either). */
export function expectedPackets(_workload: ClientWorkload, iterations: number): number {
  return iterations * 4;
}
