/**
 * Outbound PUBLISH: the application's message is encoded once into the client's queue and
 * returns at once; the queue goes out in order while connected, within the broker's Receive
 * Maximum, and QoS 1/2 messages stay until acknowledged, across reconnects.
 * @hotpath-module
 */
import { MQTT5_ENABLED } from "./features";
import type { Bytes } from "../bytes/bytes";
import { Status } from "./status";
import { PacketType } from "./packet-type";
import type { Properties } from "./properties";
import { measurePublish, writePublish } from "./codec-encode";
import { reserveRecord, releaseRecord, firstRecord, nextRecord } from "./packet-queue";
import { nextPacketId, addInflight, findInflight, setInflightState, removeInflight, inflightCount } from "./session";
import { Client, ClientState, FlightState } from "./client-state";
import { appendToOutbox, appendAliasedPublish, flushOutbox, sendAck } from "./client-outbox";
import { resendSubscription } from "./client-subscriptions";

/** The DUP flag in a PUBLISH's first byte. */
const DUP_FLAG = 8;

/**
 * Queues a PUBLISH of `payload` (text, sent as UTF-8, or `payloadLength` bytes of a store at
 * `payloadOffset`) to `topic` and sends it if connected. Returns Success with the packet id in
 * client.lastPacketId (0 for QoS 0); QueueFull when the queue has no room now (nothing queued),
 * TableFull when too many QoS 1/2 messages are unacknowledged, PacketTooLarge over the maximum
 * packet size, NotSupported for a QoS or retain the broker's MQTT 5 CONNACK ruled out,
 * BadParameter for a Topic Alias in `properties` (the client assigns aliases itself, see
 * ClientOptions.outboundTopicAliases), or the encoder's status for bad fields. Copies everything it needs; never
 * allocates.
 * @hotpath
 */
export function clientPublish(
  client: Client,
  topic: string,
  payload: string | Bytes,
  payloadOffset: number,
  payloadLength: number,
  qos: number,
  retain: boolean,
  properties: Properties | undefined,
): Status {
  if (qos > client.serverMaximumQos || (retain && !client.serverRetainAvailable)) {
    return Status.NotSupported;
  }
  if (properties !== undefined && properties.topicAlias !== undefined) {
    return Status.BadParameter;
  }
  const info = client.publishInfo;
  info.topic = topic;
  info.payload = payload;
  info.payloadOffset = payloadOffset;
  info.payloadLength = payloadLength;
  info.qos = qos;
  info.retain = retain;
  info.dup = false;
  info.properties = properties;
  info.packetId = qos > 0 ? nextPacketId(client.session) : 0;
  if (qos > 0 && info.packetId === 0) {
    return Status.TableFull;
  }
  const measured = measurePublish(client.encoder, info);
  if (measured !== Status.Success) {
    return measured;
  }
  const size = client.encoder.packetSize;
  if (size > client.options.maximumPacketSize || size > client.serverMaximumPacketSize) {
    return Status.PacketTooLarge;
  }
  if (qos > 0 && inflightCount(client.session) >= client.session.maximumInflight) {
    return Status.TableFull;
  }
  const record = reserveRecord(client.queue, size);
  if (record < 0) {
    return Status.QueueFull;
  }
  const queue = client.queue;
  const written = writePublish(client.encoder, queue.store, queue.offsets[record], queue.offsets[record] + size, info);
  if (written !== Status.Success) {
    releaseRecord(queue, record);
    return written;
  }
  queue.packetIds[record] = info.packetId;
  if (qos > 0) {
    addInflight(client.session, info.packetId, record, FlightState.Queued);
  }
  client.lastPacketId = info.packetId;
  pumpQueue(client);
  return Status.Success;
}

/** How many QoS 1/2 PUBLISH messages are sent and unacknowledged (Receive Maximum's count). @hotpath */
function publishesInFlight(client: Client): number {
  const session = client.session;
  let count = 0;
  for (let slot = 0; slot < inflightCount(session); slot++) {
    const state = session.inflightStates[slot];
    if (state === FlightState.AwaitingPuback || state === FlightState.AwaitingPubrec || state === FlightState.AwaitingPubcomp) {
      count = count + 1;
    }
  }
  return count;
}

/** The QoS of the PUBLISH stored at `offset` (from its first byte). @hotpath */
function storedQos(store: Bytes, offset: number): number {
  const flags = store[offset] % 16;
  return ((flags % 8) - (flags % 2)) / 2;
}

/** A queue record's state (PacketQueue.states): not handed to the outbox on this connection yet, or handed. */
const RECORD_WAITING = 0;
const RECORD_SENT = 1;

/**
 * Sends queued messages in order while connected, while the outbox has room and the broker's
 * Receive Maximum allows; a message that cannot go yet holds back those after it (order is
 * kept). QoS 0 messages leave the queue once handed to the outbox. Records already sent on this
 * connection are passed over by their queue state, so a pass costs one look per record plus one
 * in-flight lookup per message sent. Never allocates.
 * @hotpath
 */
export function pumpQueue(client: Client): void {
  if (client.state !== ClientState.Connected) {
    return;
  }
  const queue = client.queue;
  const session = client.session;
  let inFlight = -1;
  let record = firstRecord(queue);
  while (record >= 0) {
    const following = nextRecord(queue, record);
    if (queue.states[record] === RECORD_WAITING) {
      const offset = queue.offsets[record];
      const qos = storedQos(queue.store, offset);
      if (qos > 0 && inFlight < 0) {
        inFlight = publishesInFlight(client);
      }
      if (qos > 0 && inFlight >= client.serverReceiveMaximum) {
        break;
      }
      const appended = MQTT5_ENABLED && client.outboundAliases.limit > 0 ? appendAliasedPublish(client, queue.store, offset, queue.lengths[record]) : appendToOutbox(client.outbox, queue.store, offset, queue.lengths[record]);
      if (!appended) {
        break;
      }
      if (qos === 0) {
        releaseRecord(queue, record);
      } else {
        queue.states[record] = RECORD_SENT;
        inFlight = inFlight + 1;
        setInflightState(session, findInflight(session, queue.packetIds[record]), qos === 1 ? FlightState.AwaitingPuback : FlightState.AwaitingPubrec);
      }
    }
    record = following;
  }
  flushOutbox(client);
}

/**
 * Sets every QoS 1/2 exchange up for a new connection. With the broker's session present,
 * unacknowledged messages go again with DUP set and PUBRELs are sent again, in the original
 * order; without it, unacknowledged messages go again as new (DUP clear) and exchanges past
 * PUBREC are complete (the broker had the message). Either way a SUBSCRIBE still awaiting its
 * SUBACK is dropped and its filters marked to go again, and an UNSUBSCRIBE awaiting its UNSUBACK
 * is dropped. Never allocates.
 * @hotpath
 */
export function resumeExchanges(client: Client, sessionPresent: boolean): void {
  const session = client.session;
  const queue = client.queue;
  let slot = 0;
  while (slot < inflightCount(session)) {
    const state = session.inflightStates[slot];
    const packetId = session.inflightPacketIds[slot];
    const record = session.inflightRecords[slot];
    if (state === FlightState.AwaitingPuback || state === FlightState.AwaitingPubrec) {
      const offset = queue.offsets[record];
      const hasDup = queue.store[offset] % 16 >= DUP_FLAG;
      if (sessionPresent && !hasDup) {
        queue.store[offset] = queue.store[offset] + DUP_FLAG;
      } else if (!sessionPresent && hasDup) {
        queue.store[offset] = queue.store[offset] - DUP_FLAG;
      }
      setInflightState(session, slot, FlightState.Queued);
      queue.states[record] = RECORD_WAITING;
      slot = slot + 1;
    } else if (state === FlightState.AwaitingPubcomp && sessionPresent) {
      sendAck(client, PacketType.Pubrel, packetId, 0);
      slot = slot + 1;
    } else if (state === FlightState.AwaitingPubcomp) {
      removeInflight(session, slot);
      client.events.onPublished(packetId, 0);
    } else if (state === FlightState.AwaitingSuback || state === FlightState.AwaitingUnsuback) {
      if (state === FlightState.AwaitingSuback) {
        resendSubscription(client, packetId);
      }
      removeInflight(session, slot);
    } else {
      slot = slot + 1;
    }
  }
}

/**
 * Handles PUBACK, PUBREC and PUBCOMP for a message the client sent. An unknown id is answered
 * as MQTT 5 says (PUBREL 0x92 for PUBREC) and otherwise ignored. Never allocates.
 * @hotpath
 */
export function acknowledgePublish(client: Client, packetType: number, packetId: number, reasonCode: number): void {
  const session = client.session;
  const slot = findInflight(session, packetId);
  const state = slot >= 0 ? session.inflightStates[slot] : -1;
  if (packetType === PacketType.Pubrec && state !== FlightState.AwaitingPubrec) {
    sendAck(client, PacketType.Pubrel, packetId, state === FlightState.AwaitingPubcomp ? 0 : 0x92);
    return;
  }
  const expected = packetType === PacketType.Puback ? FlightState.AwaitingPuback : packetType === PacketType.Pubrec ? FlightState.AwaitingPubrec : FlightState.AwaitingPubcomp;
  if (state !== expected) {
    return;
  }
  const record = session.inflightRecords[slot];
  if (record >= 0) {
    releaseRecord(client.queue, record);
  }
  if (packetType === PacketType.Pubrec && reasonCode < 0x80) {
    session.inflightRecords[slot] = -1;
    setInflightState(session, slot, FlightState.AwaitingPubcomp);
    sendAck(client, PacketType.Pubrel, packetId, 0);
    return;
  }
  removeInflight(session, slot);
  client.events.onPublished(packetId, reasonCode);
  pumpQueue(client);
}
