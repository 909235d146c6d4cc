/**
 * The client's subscriptions: a fixed table of the filters the application asked for, sent when
 * connected and sent again after a reconnect whose session the broker did not keep, so the
 * application subscribes once. One filter per SUBSCRIBE, acknowledged through `onSubscribed`.
 */
import { Status } from "./status";
import type { PacketView } from "./codec-decode";
import type { Properties } from "./properties";
import { nextPacketId, addInflight, findInflight, removeInflight } from "./session";
import { Client, ClientState, FlightState, SubscriptionTable } from "./client-state";
import { sendSubscribe, sendUnsubscribe } from "./client-outbox";

/** Makes an empty table for `capacity` filters. Allocates: call at creation time. */
export function newSubscriptionTable(capacity: number): SubscriptionTable {
  const table: SubscriptionTable = { filters: [], qos: [], noLocal: [], retainAsPublished: [], retainHandling: [], properties: [], pending: [], count: 0 };
  for (let index = 0; index < capacity; index++) {
    table.filters.push("");
    table.qos.push(0);
    table.noLocal.push(false);
    table.retainAsPublished.push(false);
    table.retainHandling.push(0);
    table.properties.push(undefined);
    table.pending.push(false);
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
 * Subscribes to `filter` with `qos` and the MQTT 5 options and properties (Subscription
 * Identifier, User Properties; all ignored before 5.0): remembers it and sends SUBSCRIBE now if
 * connected, else on connecting, and again after a reconnect without a session. Returns Success
 * (the packet id in client.lastPacketId, 0 when sent later), TableFull when the table has no
 * room, or the encoder's status (BadTopic ...). Keeps references to `filter` and `properties`;
 * never allocates.
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
  const status = sendSubscription(client, entry);
  if (status !== Status.Success) {
    removeEntry(table, entry);
  }
  return status;
}

/** Sends SUBSCRIBE for table entry `entry` and records it as awaiting SUBACK. Never allocates. @hotpath */
function sendSubscription(client: Client, entry: number): Status {
  const table = client.subscriptions;
  const packetId = nextPacketId(client.session);
  if (packetId === 0) {
    return Status.TableFull;
  }
  const info = client.subscribeInfo;
  const subscription = info.subscriptions[0];
  info.packetId = packetId;
  subscription.topicFilter = table.filters[entry];
  subscription.qos = table.qos[entry];
  subscription.noLocal = table.noLocal[entry];
  subscription.retainAsPublished = table.retainAsPublished[entry];
  subscription.retainHandling = table.retainHandling[entry];
  info.properties = table.properties[entry];
  const sent = startExchange(client, packetId, FlightState.AwaitingSuback);
  if (sent !== Status.Success) {
    return sent;
  }
  table.pending[entry] = false;
  client.lastPacketId = packetId;
  return Status.Success;
}

/**
 * Records `packetId` as awaiting its SUBACK or UNSUBACK (`state`) and sends the packet prepared
 * in the client's subscribe or unsubscribe record; undoes the record when sending fails.
 * Never allocates.
 * @hotpath
 */
function startExchange(client: Client, packetId: number, state: FlightState): Status {
  const added = addInflight(client.session, packetId, -1, state);
  if (added !== Status.Success) {
    return added;
  }
  const sent = state === FlightState.AwaitingSuback ? sendSubscribe(client) : sendUnsubscribe(client);
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
  const sent = startExchange(client, packetId, FlightState.AwaitingUnsuback);
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
 * Sends SUBSCRIBE for every remembered filter (all of them when the broker kept no session,
 * else those not sent yet). Never allocates.
 * @hotpath
 */
export function sendPendingSubscriptions(client: Client, sessionPresent: boolean): void {
  const table = client.subscriptions;
  for (let entry = 0; entry < table.count; entry++) {
    if (!sessionPresent || table.pending[entry]) {
      table.pending[entry] = true;
      sendSubscription(client, entry);
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
