/**
 * The client's subscriptions: a fixed table of the filters the application asked for, sent when
 * connected and sent again after a reconnect whose session the broker did not keep, so the
 * application subscribes once. A filter subscribed while connected goes alone; filters waiting
 * for a connection go together, several to a SUBSCRIBE; each SUBACK (with a code per filter)
 * reaches the application through `onSubscribed`.
 */
import { Status } from "./status";
import type { PacketView } from "./codec-decode";
import type { Properties } from "./properties";
import { nextPacketId, addInflight, findInflight, removeInflight } from "./session";
import { Client, ClientState, FlightState, SubscriptionTable } from "./client-state";
import type { SubscribeInfo } from "./packets";
import { measureSubscribe, writeSubscribe } from "./codec-encode";
import { makeRoom, sendSubscribe, sendUnsubscribe } from "./client-outbox";

/** Most filters one SUBSCRIBE carries when the client sends remembered filters together. */
const MAXIMUM_FILTERS_PER_SUBSCRIBE = 8;

/**
 * Makes an empty table for `capacity` filters, with one reusable SUBSCRIBE record for each
 * number of filters a SUBSCRIBE may carry. Allocates: call at creation time.
 */
export function newSubscriptionTable(capacity: number): SubscriptionTable {
  const table: SubscriptionTable = {
    filters: [],
    qos: [],
    noLocal: [],
    retainAsPublished: [],
    retainHandling: [],
    properties: [],
    pending: [],
    packetIds: [],
    count: 0,
    batches: [],
    lastStatus: Status.Success,
  };
  for (let index = 0; index < capacity; index++) {
    table.filters.push("");
    table.qos.push(0);
    table.noLocal.push(false);
    table.retainAsPublished.push(false);
    table.retainHandling.push(0);
    table.properties.push(undefined);
    table.pending.push(false);
    table.packetIds.push(0);
  }
  const largestBatch = capacity < MAXIMUM_FILTERS_PER_SUBSCRIBE ? capacity : MAXIMUM_FILTERS_PER_SUBSCRIBE;
  for (let size = 1; size <= largestBatch || size === 1; size++) {
    const batch: SubscribeInfo = { packetId: 1, subscriptions: [], properties: undefined };
    for (let index = 0; index < size; index++) {
      batch.subscriptions.push({ topicFilter: "", qos: 0, noLocal: false, retainAsPublished: false, retainHandling: 0 });
    }
    table.batches.push(batch);
  }
  return table;
}

/** The entry holding `filter`, or -1. Never allocates. */
function findFilter(table: SubscriptionTable, filter: string): number {
  for (let index = 0; index < table.count; index++) {
    if (table.filters[index] === filter) {
      return index;
    }
  }
  return -1;
}

/**
 * Whether a SUBSCRIBE of this one filter could be sent: the encoder's verdict on its fields
 * (BadTopic, BadParameter ...), PacketTooLarge over the client's maximum packet size, or NoMemory
 * when the outbox is too full to try (only while connected: offline it is empty). The encoder
 * checks text as it writes it, so the packet is written past the outbox's end and left there
 * uncommitted. Uses the one-filter batch record; never allocates.
 */
function checkSubscription(
  client: Client,
  filter: string,
  qos: number,
  noLocal: boolean,
  retainAsPublished: boolean,
  retainHandling: number,
  properties: Properties | undefined,
): Status {
  const info = client.subscriptions.batches[0];
  const subscription = info.subscriptions[0];
  info.packetId = 1;
  info.properties = properties;
  subscription.topicFilter = filter;
  subscription.qos = qos;
  subscription.noLocal = noLocal;
  subscription.retainAsPublished = retainAsPublished;
  subscription.retainHandling = retainHandling;
  const measured = measureSubscribe(client.encoder, info);
  if (measured !== Status.Success) {
    return measured;
  }
  const size = client.encoder.packetSize;
  if (size > client.options.maximumPacketSize) {
    return Status.PacketTooLarge;
  }
  const outbox = client.outbox;
  if (!makeRoom(outbox, size)) {
    return Status.NoMemory;
  }
  return writeSubscribe(client.encoder, outbox.store, outbox.end, outbox.capacity, info);
}

/**
 * Subscribes to `filter` with `qos` and the MQTT 5 options and properties (Subscription
 * Identifier, User Properties; all ignored before 5.0): remembers it and sends SUBSCRIBE now if
 * connected, else on connecting, and again after a reconnect without a session. Returns Success
 * (the packet id in client.lastPacketId, 0 when sent later), TableFull when the table has no
 * room, or, checked at once even offline, the encoder's status (BadTopic, BadParameter ...) or
 * PacketTooLarge. Keeps references to `filter` and `properties`; never allocates.
 */
export function clientSubscribe(
  client: Client,
  filter: string,
  qos: number,
  noLocal: boolean,
  retainAsPublished: boolean,
  retainHandling: number,
  properties: Properties | undefined,
): Status {
  const table = client.subscriptions;
  const checked = checkSubscription(client, filter, qos, noLocal, retainAsPublished, retainHandling, properties);
  if (checked !== Status.Success) {
    return checked;
  }
  let entry = findFilter(table, filter);
  if (entry < 0) {
    if (table.count >= table.filters.length) {
      return Status.TableFull;
    }
    entry = table.count;
    table.count = table.count + 1;
  }
  table.filters[entry] = filter;
  table.qos[entry] = qos;
  table.noLocal[entry] = noLocal;
  table.retainAsPublished[entry] = retainAsPublished;
  table.retainHandling[entry] = retainHandling;
  table.properties[entry] = properties;
  table.pending[entry] = true;
  client.lastPacketId = 0;
  if (client.state !== ClientState.Connected) {
    return Status.Success;
  }
  if (sendSubscription(client, entry, true) === 0) {
    removeEntry(table, entry);
    return table.lastStatus;
  }
  return Status.Success;
}

/**
 * How many entries from `first` on can go in one SUBSCRIBE: pending ones in a row with the same
 * properties, as many as a batch record holds (just `first` when `alone`). Never allocates.
 * @hotpath
 */
function batchLength(table: SubscriptionTable, first: number, alone: boolean): number {
  let length = 1;
  while (
    !alone &&
    length < table.batches.length &&
    first + length < table.count &&
    table.pending[first + length] &&
    table.properties[first + length] === table.properties[first]
  ) {
    length = length + 1;
  }
  return length;
}

/** Fills the batch record for `length` entries from `first`. Never allocates. @hotpath */
function fillBatch(table: SubscriptionTable, first: number, length: number, packetId: number): SubscribeInfo {
  const info = table.batches[length - 1];
  info.packetId = packetId;
  info.properties = table.properties[first];
  for (let index = 0; index < length; index++) {
    const subscription = info.subscriptions[index];
    const entry = first + index;
    subscription.topicFilter = table.filters[entry];
    subscription.qos = table.qos[entry];
    subscription.noLocal = table.noLocal[entry];
    subscription.retainAsPublished = table.retainAsPublished[entry];
    subscription.retainHandling = table.retainHandling[entry];
  }
  return info;
}

/**
 * Sends one SUBSCRIBE for table entry `first` and, unless `alone`, the pending entries after it
 * that share its properties, as many as fit the broker's and the client's maximum packet size;
 * records it as awaiting SUBACK. Returns how many entries it sent, or 0 when it could send none
 * (why is in the table's `lastStatus`). Never allocates.
 * @hotpath
 */
function sendSubscription(client: Client, first: number, alone: boolean): number {
  const table = client.subscriptions;
  const packetId = nextPacketId(client.session);
  if (packetId === 0) {
    table.lastStatus = Status.TableFull;
    return 0;
  }
  let length = batchLength(table, first, alone);
  while (length > 1 && !batchFits(client, fillBatch(table, first, length, packetId))) {
    length = length - 1;
  }
  const sent = startExchange(client, packetId, FlightState.AwaitingSuback, fillBatch(table, first, length, packetId));
  table.lastStatus = sent;
  if (sent !== Status.Success) {
    return 0;
  }
  for (let index = first; index < first + length; index++) {
    table.pending[index] = false;
    table.packetIds[index] = packetId;
  }
  client.lastPacketId = packetId;
  return length;
}

/** Whether a SUBSCRIBE of `info` is within both maximum packet sizes. Never allocates. @hotpath */
function batchFits(client: Client, info: SubscribeInfo): boolean {
  if (measureSubscribe(client.encoder, info) !== Status.Success) {
    return false;
  }
  const size = client.encoder.packetSize;
  return size <= client.options.maximumPacketSize && size <= client.serverMaximumPacketSize;
}

/**
 * Records `packetId` as awaiting its SUBACK or UNSUBACK (`state`) and sends `subscribe`, or the
 * packet prepared in the client's unsubscribe record; undoes the record when sending fails.
 * Never allocates.
 * @hotpath
 */
function startExchange(client: Client, packetId: number, state: FlightState, subscribe: SubscribeInfo): Status {
  const added = addInflight(client.session, packetId, -1, state);
  if (added !== Status.Success) {
    return added;
  }
  const sent = state === FlightState.AwaitingSuback ? sendSubscribe(client, subscribe) : sendUnsubscribe(client);
  if (sent !== Status.Success) {
    removeInflight(client.session, findInflight(client.session, packetId));
  }
  return sent;
}

/** Removes table entry `entry`, keeping the others in order. Never allocates. */
function removeEntry(table: SubscriptionTable, entry: number): void {
  for (let index = entry; index + 1 < table.count; index++) {
    table.filters[index] = table.filters[index + 1];
    table.qos[index] = table.qos[index + 1];
    table.noLocal[index] = table.noLocal[index + 1];
    table.retainAsPublished[index] = table.retainAsPublished[index + 1];
    table.retainHandling[index] = table.retainHandling[index + 1];
    table.properties[index] = table.properties[index + 1];
    table.pending[index] = table.pending[index + 1];
    table.packetIds[index] = table.packetIds[index + 1];
  }
  table.count = table.count - 1;
}

/**
 * Unsubscribes from `filter` (with MQTT 5 `properties`, e.g. User Properties): forgets it and
 * sends UNSUBSCRIBE. NotConnected when offline (the broker's session may hold the subscription,
 * so the application must say it again online). Never allocates.
 */
export function clientUnsubscribe(client: Client, filter: string, properties: Properties | undefined): Status {
  if (client.state !== ClientState.Connected) {
    return Status.NotConnected;
  }
  const packetId = nextPacketId(client.session);
  if (packetId === 0) {
    return Status.TableFull;
  }
  const info = client.unsubscribeInfo;
  info.packetId = packetId;
  info.topicFilters[0] = filter;
  info.properties = properties;
  const sent = startExchange(client, packetId, FlightState.AwaitingUnsuback, client.subscriptions.batches[0]);
  if (sent !== Status.Success) {
    return sent;
  }
  const entry = findFilter(client.subscriptions, filter);
  if (entry >= 0) {
    removeEntry(client.subscriptions, entry);
  }
  client.lastPacketId = packetId;
  return Status.Success;
}

/**
 * Marks every remembered filter as not sent on this connection (the broker kept no session).
 * Never allocates.
 * @hotpath
 */
export function markSubscriptionsPending(client: Client): void {
  const table = client.subscriptions;
  for (let entry = 0; entry < table.count; entry++) {
    table.pending[entry] = true;
  }
}

/**
 * Sends SUBSCRIBE for the remembered filters not sent on this connection, several filters to a
 * packet where they share their properties. Stops at the first that cannot go now (outbox or
 * in-flight table full); the client tries again on its next poll. Never allocates.
 * @hotpath
 */
export function sendPendingSubscriptions(client: Client): void {
  const table = client.subscriptions;
  let entry = 0;
  while (entry < table.count) {
    if (!table.pending[entry]) {
      entry = entry + 1;
    } else {
      const sent = sendSubscription(client, entry, false);
      if (sent === 0) {
        return;
      }
      entry = entry + sent;
    }
  }
}

/**
 * Forgets every remembered filter without unsubscribing (the broker's session, if any, keeps
 * them): for applications that subscribe again themselves on each connection, as NodeMCU's
 * mqtt module expects. Never allocates.
 */
export function clientForgetSubscriptions(client: Client): void {
  const table = client.subscriptions;
  for (let entry = 0; entry < table.count; entry++) {
    table.pending[entry] = false;
  }
  table.count = 0;
}

/**
 * Marks the filters sent in the SUBSCRIBE with `packetId` as not sent (the connection ended
 * before its SUBACK), so they go again. Never allocates.
 * @hotpath
 */
export function resendSubscription(client: Client, packetId: number): void {
  const table = client.subscriptions;
  for (let entry = 0; entry < table.count; entry++) {
    if (table.packetIds[entry] === packetId && !table.pending[entry]) {
      table.pending[entry] = true;
    }
  }
}

/** Handles SUBACK or UNSUBACK: ends the exchange and tells the application. Never allocates. @hotpath */
export function acknowledgeSubscription(client: Client, isSuback: boolean, ack: PacketView): void {
  const session = client.session;
  const slot = findInflight(session, ack.packetId);
  if (slot < 0) {
    return;
  }
  const expected = isSuback ? FlightState.AwaitingSuback : FlightState.AwaitingUnsuback;
  if (session.inflightStates[slot] !== expected) {
    return;
  }
  removeInflight(session, slot);
  if (isSuback) {
    client.events.onSubscribed(ack.packetId, ack);
  } else {
    client.events.onUnsubscribed(ack.packetId, ack);
  }
}
