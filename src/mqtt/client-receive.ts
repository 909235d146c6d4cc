/**
 * What the client does with each packet the broker sends, once the stream decoder has it whole:
 * deliver PUBLISH exactly as its QoS promises (QoS 2 once, even when repeated), answer acks,
 * finish its own exchanges, and take the broker's limits from CONNACK.
 * @hotpath-module
 */
import { MQTT5_ENABLED } from "./features";
import { Status, statusReasonCode } from "./status";
import { PacketType, ProtocolVersion } from "./packet-type";
import { PropertyId } from "./property-table";
import { propertyInteger, hasProperty } from "./properties";
import { decodePacket } from "./codec-decode";
import type { PacketView } from "./codec-decode";
import { resetTopicAliases, setTopicAlias, topicAliasLength, topicAliasOffset, rewritePublish } from "./topic-alias";
import { rememberInboundQos2, forgetInboundQos2, clearInbound } from "./session";
import { Client, ClientState, ASSIGNED_CLIENT_ID_CAPACITY, REASON_STRING_CAPACITY } from "./client-state";
import { readTwoByteInteger, copyBytes } from "./wire";
import { sendAck } from "./client-outbox";
import { acknowledgePublish, pumpQueue, resumeExchanges } from "./client-publish";
import { acknowledgeSubscription, markSubscriptionsPending, sendPendingSubscriptions } from "./client-subscriptions";
import { resetBackoff } from "./backoff";

/** No limit from the broker: the largest Receive Maximum and packet size MQTT can express. */
const UNLIMITED_RECEIVE_MAXIMUM = 65535;
const UNLIMITED_PACKET_SIZE = 268435460;

/**
 * Handles one decoded packet. Returns Success, or the status that must close the connection
 * (a packet not expected now, an inbound QoS 2 table overflow, a server DISCONNECT). Never
 * allocates.
 * @hotpath
 */
export function handlePacket(client: Client, view: PacketView): Status {
  const type = view.type;
  if (MQTT5_ENABLED) {
    keepReasonString(client, view);
  }
  if (MQTT5_ENABLED && type === PacketType.Auth) {
    client.events.onAuth(view);
    return Status.Success;
  }
  if (client.state === ClientState.AwaitingConnack) {
    return type === PacketType.Connack ? handleConnack(client, view) : Status.UnexpectedPacket;
  }
  if (type === PacketType.Publish) {
    return handlePublish(client, view);
  }
  if (type === PacketType.Puback || type === PacketType.Pubrec || type === PacketType.Pubcomp) {
    acknowledgePublish(client, type, view.packetId, view.reasonCode);
    return Status.Success;
  }
  if (type === PacketType.Pubrel) {
    forgetInboundQos2(client.session, view.packetId);
    return sendAck(client, PacketType.Pubcomp, view.packetId, 0);
  }
  if (type === PacketType.Suback || type === PacketType.Unsuback) {
    acknowledgeSubscription(client, type === PacketType.Suback, view);
    return Status.Success;
  }
  if (type === PacketType.Pingresp) {
    client.pingOutstanding = false;
    client.events.onPingResponse();
    return Status.Success;
  }
  if (type === PacketType.Disconnect) {
    client.closeReasonCode = view.reasonCode;
    return Status.ServerDisconnected;
  }
  return Status.UnexpectedPacket;
}

/**
 * Copies the packet's MQTT 5 Reason String, if it has one, into the client's store (cut to its
 * capacity at a character boundary). Never allocates.
 * @hotpath
 */
function keepReasonString(client: Client, view: PacketView): void {
  const properties = view.properties;
  if (!hasProperty(properties, PropertyId.ReasonString)) {
    return;
  }
  const at = properties.valueOffsets[PropertyId.ReasonString];
  let length = readTwoByteInteger(properties.store, at);
  if (length > REASON_STRING_CAPACITY) {
    length = REASON_STRING_CAPACITY;
    while (length > 0 && properties.store[at + 2 + length] >= 0x80 && properties.store[at + 2 + length] < 0xc0) {
      length = length - 1;
    }
  }
  copyBytes(properties.store, at + 2, client.reasonString, 0, length);
  client.reasonStringLength = length;
}

/**
 * Resolves an MQTT 5 Topic Alias on an inbound PUBLISH: a topic with an alias sets it; an alias
 * alone is replaced by a copy of the packet with its topic put back, decoded into the client's
 * second view. Returns the view to deliver, or undefined with the closing status in
 * client.closeStatus: TopicAliasInvalid for an alias of 0 or over the maximum, ProtocolError for
 * an alias alone that was never set, NoMemory for a topic longer than a slot. Never allocates.
 * @hotpath
 */
function resolveTopicAlias(client: Client, view: PacketView): PacketView | undefined {
  const alias = propertyInteger(view.properties, PropertyId.TopicAlias, 0);
  const aliases = client.inboundAliases;
  if (view.topicLength > 0) {
    if (setTopicAlias(aliases, alias, view.store, view.topicOffset, view.topicLength)) {
      return view;
    }
    client.closeStatus = alias < 1 || alias > aliases.limit ? Status.TopicAliasInvalid : Status.NoMemory;
    return undefined;
  }
  const topicLength = topicAliasLength(aliases, alias);
  if (topicLength < 0) {
    client.closeStatus = alias < 1 || alias > aliases.limit ? Status.TopicAliasInvalid : Status.ProtocolError;
    return undefined;
  }
  const rebuilt = client.aliasedPacket;
  const end = rewritePublish(aliases, view.store, view.offset, view.length, rebuilt, 0, aliases.store, topicAliasOffset(alias), topicLength, 0);
  const decoder = client.aliasedDecoder;
  client.closeStatus = decodePacket(decoder, rebuilt, 0, end);
  return client.closeStatus === Status.Success ? decoder.view : undefined;
}

/** The reason code that goes with a status `resolveTopicAlias` closes for. */
function aliasReasonCode(status: Status): number {
  return status === Status.NoMemory ? 0x97 : statusReasonCode(status);
}

/**
 * Delivers a PUBLISH (with its MQTT 5 topic alias resolved): QoS 0 as it is, QoS 1 then PUBACK,
 * QoS 2 once (a repeat with the same id before PUBREL is acknowledged, not delivered again) then
 * PUBREC. Never allocates.
 * @hotpath
 */
function handlePublish(client: Client, received: PacketView): Status {
  const view = MQTT5_ENABLED && hasProperty(received.properties, PropertyId.TopicAlias) ? resolveTopicAlias(client, received) : received;
  if (view === undefined) {
    const status = client.closeStatus;
    client.closeStatus = Status.Success;
    client.closeReasonCode = aliasReasonCode(status);
    return status;
  }
  if (view.qos === 0) {
    client.events.onMessage(view);
    return Status.Success;
  }
  if (view.qos === 1) {
    client.events.onMessage(view);
    return sendAck(client, PacketType.Puback, view.packetId, 0);
  }
  const remembered = rememberInboundQos2(client.session, view.packetId);
  if (remembered === Status.NoMemory) {
    client.closeReasonCode = 0x93;
    return Status.TableFull;
  }
  if (remembered === Status.Success) {
    client.events.onMessage(view);
  }
  return sendAck(client, PacketType.Pubrec, view.packetId, 0);
}

/**
 * CONNACK: a refusal ends the attempt; acceptance takes the broker's limits (MQTT 5 Receive
 * Maximum, Maximum Packet Size, Server Keep Alive, Maximum QoS, Retain Available, Topic Alias
 * Maximum, Assigned Client Identifier), starts both alias tables afresh, resumes the QoS
 * exchanges, tells the application, then sends the subscriptions still pending (all of them
 * without a session, less any the application made again in `onConnect`) and the queue. An Assigned Client Identifier is copied as
 * bytes for the next CONNECT. Never allocates.
 * @hotpath
 */
function handleConnack(client: Client, view: PacketView): Status {
  if (view.reasonCode !== 0) {
    client.closeReasonCode = view.reasonCode;
    return Status.ConnectionRefused;
  }
  const isVersion5 = MQTT5_ENABLED && client.encoder.version === ProtocolVersion.Mqtt5;
  const properties = view.properties;
  client.serverReceiveMaximum = isVersion5 ? propertyInteger(properties, PropertyId.ReceiveMaximum, UNLIMITED_RECEIVE_MAXIMUM) : UNLIMITED_RECEIVE_MAXIMUM;
  client.serverMaximumPacketSize = isVersion5 ? propertyInteger(properties, PropertyId.MaximumPacketSize, UNLIMITED_PACKET_SIZE) : UNLIMITED_PACKET_SIZE;
  client.keepAliveSeconds = isVersion5 ? propertyInteger(properties, PropertyId.ServerKeepAlive, client.options.keepAliveSeconds) : client.options.keepAliveSeconds;
  client.serverMaximumQos = isVersion5 ? propertyInteger(properties, PropertyId.MaximumQos, 2) : 2;
  client.serverRetainAvailable = !isVersion5 || propertyInteger(properties, PropertyId.RetainAvailable, 1) === 1;
  resetTopicAliases(client.outboundAliases, isVersion5 ? propertyInteger(properties, PropertyId.TopicAliasMaximum, 0) : 0);
  resetTopicAliases(client.inboundAliases, client.options.topicAliasMaximum);
  if (isVersion5 && hasProperty(properties, PropertyId.AssignedClientIdentifier)) {
    const at = properties.valueOffsets[PropertyId.AssignedClientIdentifier];
    const length = readTwoByteInteger(properties.store, at);
    if (length <= ASSIGNED_CLIENT_ID_CAPACITY) {
      copyBytes(properties.store, at + 2, client.assignedClientId, 0, length);
      client.assignedClientIdLength = length;
    }
  }
  if (!view.sessionPresent) {
    clearInbound(client.session);
  }
  client.state = ClientState.Connected;
  resetBackoff(client.backoff);
  resumeExchanges(client, view.sessionPresent);
  if (!view.sessionPresent) {
    markSubscriptionsPending(client);
  }
  client.events.onConnect(view.sessionPresent);
  sendPendingSubscriptions(client);
  pumpQueue(client);
  return Status.Success;
}
