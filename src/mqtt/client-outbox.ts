/**
 * The client's outbox: every packet the client sends is written (or copied) here and goes to the
 * socket from here, so a socket that takes fewer bytes than offered just leaves the rest for
 * `onWritable`. One fixed store; packets are appended at the end and the sent prefix is dropped.
 * @hotpath-module
 */
import { MQTT5_ENABLED } from "./features";
import type { Bytes } from "../bytes/bytes";
import { Status } from "./status";
import { copyBytes, readTwoByteInteger } from "./wire";
import type { Properties } from "./properties";
import type { SubscribeInfo } from "./packets";
import { findTopicAlias, pickTopicAlias, setTopicAlias, rewrittenPublishSize, rewritePublish, publishTopicOffset } from "./topic-alias";
import { PacketType, ProtocolVersion } from "./packet-type";
import {
  writeAck,
  writePing,
  writeReasonPacket,
  measureReasonPacket,
  measureConnect,
  writeConnect,
  measureSubscribe,
  writeSubscribe,
  measureUnsubscribe,
  writeUnsubscribe,
} from "./codec-encode";
import type { Client, Outbox } from "./client-state";

/** Makes an outbox of `capacity` bytes over `store`. Allocates: call at creation time. */
export function newOutbox(store: Bytes, capacity: number): Outbox {
  return { store: store, start: 0, end: 0, capacity: capacity };
}

/**
 * Makes room for `size` more bytes at `outbox.end`, moving the unsent bytes to the front when
 * that helps. Returns false when they do not fit even then. Never allocates.
 * @hotpath
 */
export function makeRoom(outbox: Outbox, size: number): boolean {
  if (outbox.end + size <= outbox.capacity) {
    return true;
  }
  const unsent = outbox.end - outbox.start;
  if (unsent + size > outbox.capacity) {
    return false;
  }
  copyBytes(outbox.store, outbox.start, outbox.store, 0, unsent);
  outbox.start = 0;
  outbox.end = unsent;
  return true;
}

/** Forgets everything unsent (the link is gone). Never allocates. @hotpath */
export function clearOutbox(outbox: Outbox): void {
  outbox.start = 0;
  outbox.end = 0;
}

/**
 * Offers the unsent bytes to the socket; keeps what it does not take for `onWritable`; notes
 * that something went out (the next poll stamps it: no clock read per packet). Returns
 * ConnectionLost when the socket says the link is gone, else Success. Never allocates.
 * @hotpath
 */
export function flushOutbox(client: Client): Status {
  const outbox = client.outbox;
  while (outbox.start < outbox.end) {
    const taken = client.socket.write(outbox.store, outbox.start, outbox.end - outbox.start);
    if (taken < 0) {
      return Status.ConnectionLost;
    }
    if (taken === 0) {
      return Status.Success;
    }
    outbox.start = outbox.start + taken;
    client.sentSincePoll = true;
  }
  outbox.start = 0;
  outbox.end = 0;
  return Status.Success;
}

/**
 * Appends `length` bytes of `source` at `offset` to the outbox (a queued PUBLISH going out).
 * Returns false, copying nothing, when they do not fit now. Never allocates.
 * @hotpath
 */
export function appendToOutbox(outbox: Outbox, source: Bytes, offset: number, length: number): boolean {
  if (!makeRoom(outbox, length)) {
    return false;
  }
  copyBytes(source, offset, outbox.store, outbox.end, length);
  outbox.end = outbox.end + length;
  return true;
}

/** The most bytes an ack, PINGREQ or DISCONNECT without properties takes. */
const CONTROL_PACKET_BOUND = 8;

/**
 * Commits the packet the encoder just wrote at the outbox's end (after `status` Success) and
 * sends what the socket takes. Never allocates.
 * @hotpath
 */
function commitWritten(client: Client, status: Status): Status {
  if (status !== Status.Success) {
    return status;
  }
  client.outbox.end = client.outbox.end + client.encoder.packetSize;
  return flushOutbox(client);
}

/**
 * Sends a PUBACK, PUBREC, PUBREL or PUBCOMP for `packetId`. NoMemory when the outbox is full (the
 * caller closes the link: MQTT's own retransmission on reconnect recovers the exchange).
 * Never allocates.
 * @hotpath
 */
export function sendAck(client: Client, packetType: number, packetId: number, reasonCode: number): Status {
  const outbox = client.outbox;
  if (!makeRoom(outbox, CONTROL_PACKET_BOUND)) {
    return Status.NoMemory;
  }
  return commitWritten(client, writeAck(client.encoder, outbox.store, outbox.end, outbox.capacity, packetType, packetId, reasonCode, undefined));
}

/** Sends a PINGREQ. Never allocates. @hotpath */
export function sendPing(client: Client): Status {
  const outbox = client.outbox;
  if (!makeRoom(outbox, CONTROL_PACKET_BOUND)) {
    return Status.NoMemory;
  }
  return commitWritten(client, writePing(client.encoder, outbox.store, outbox.end, outbox.capacity, PacketType.Pingreq));
}

/** Sends a DISCONNECT with `reasonCode` (the code is sent in MQTT 5 only). Never allocates. @hotpath */
export function sendDisconnect(client: Client, reasonCode: number): Status {
  const outbox = client.outbox;
  if (!makeRoom(outbox, CONTROL_PACKET_BOUND)) {
    return Status.NoMemory;
  }
  const code = MQTT5_ENABLED && client.encoder.version === ProtocolVersion.Mqtt5 ? reasonCode : 0;
  return commitWritten(client, writeReasonPacket(client.encoder, outbox.store, outbox.end, outbox.capacity, PacketType.Disconnect, code, undefined));
}

/** Sends an MQTT 5 AUTH with `reasonCode` and `properties`. Never allocates. @hotpath */
export function sendAuth(client: Client, reasonCode: number, properties: Properties | undefined): Status {
  const room = roomForMeasured(client, measureReasonPacket(client.encoder, PacketType.Auth, reasonCode, properties));
  const outbox = client.outbox;
  return room !== Status.Success ? room : commitWritten(client, writeReasonPacket(client.encoder, outbox.store, outbox.end, outbox.capacity, PacketType.Auth, reasonCode, properties));
}

/**
 * Appends the queued MQTT 5 PUBLISH of `length` bytes at `source[offset ..]` to the outbox with a
 * topic alias: an alias already naming its topic replaces the topic (sent empty), else a new or
 * least recently used alias is set with the topic. A packet the broker's Maximum Packet Size
 * would refuse with the alias, or a topic no slot can hold, goes as it is. Returns false,
 * copying nothing, when it does not fit now. Never allocates.
 * @hotpath
 */
export function appendAliasedPublish(client: Client, source: Bytes, offset: number, length: number): boolean {
  const aliases = client.outboundAliases;
  const topicAt = publishTopicOffset(aliases, source, offset);
  const topicLength = readTwoByteInteger(source, topicAt);
  const known = findTopicAlias(aliases, source, topicAt + 2, topicLength);
  const alias = known !== 0 ? known : pickTopicAlias(aliases, topicLength);
  const sentTopicLength = known !== 0 ? 0 : topicLength;
  const size = alias !== 0 ? rewrittenPublishSize(aliases, source, offset, sentTopicLength, true) : length;
  if (alias === 0 || size > client.serverMaximumPacketSize) {
    return appendToOutbox(client.outbox, source, offset, length);
  }
  const outbox = client.outbox;
  if (!makeRoom(outbox, size)) {
    return false;
  }
  if (known === 0) {
    setTopicAlias(aliases, alias, source, topicAt + 2, topicLength);
  }
  outbox.end = rewritePublish(aliases, source, offset, length, outbox.store, outbox.end, source, topicAt + 2, sentTopicLength, alias);
  return true;
}

/**
 * After measuring a packet (`measured`), makes room for it in the outbox: Success, the measure's
 * own status, or NoMemory. Never allocates.
 * @hotpath
 */
function roomForMeasured(client: Client, measured: Status): Status {
  if (measured !== Status.Success) {
    return measured;
  }
  return makeRoom(client.outbox, client.encoder.packetSize) ? Status.Success : Status.NoMemory;
}

/** Sends a CONNECT from the client's reusable connect record. Never allocates. */
export function sendConnect(client: Client): Status {
  const room = roomForMeasured(client, measureConnect(client.encoder, client.connectInfo));
  const outbox = client.outbox;
  return room !== Status.Success ? room : commitWritten(client, writeConnect(client.encoder, outbox.store, outbox.end, outbox.capacity, client.connectInfo));
}

/** Sends the SUBSCRIBE `info` (one of the subscription table's reusable records). Never allocates. */
export function sendSubscribe(client: Client, info: SubscribeInfo): Status {
  const room = roomForMeasured(client, measureSubscribe(client.encoder, info));
  const outbox = client.outbox;
  return room !== Status.Success ? room : commitWritten(client, writeSubscribe(client.encoder, outbox.store, outbox.end, outbox.capacity, info));
}

/** Sends an UNSUBSCRIBE from the client's reusable unsubscribe record. Never allocates. */
export function sendUnsubscribe(client: Client): Status {
  const room = roomForMeasured(client, measureUnsubscribe(client.encoder, client.unsubscribeInfo));
  const outbox = client.outbox;
  return room !== Status.Success ? room : commitWritten(client, writeUnsubscribe(client.encoder, outbox.store, outbox.end, outbox.capacity, client.unsubscribeInfo));
}
