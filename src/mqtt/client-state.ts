/**
 * The MQTT client's record: everything it owns, all of it made once in `newClient` (client.ts),
 * plus the options it is made from and the events it reports. The client's operations live in
 * the client-*.ts files beside this one.
 */
import type { Bytes } from "../bytes/bytes";
import type { Platform, Socket, SocketEvents } from "../../hal/api";
import { Status } from "./status";
import type { Binary, Properties } from "./properties";
import type { ConnectInfo, PublishInfo, SubscribeInfo, UnsubscribeInfo, WillInfo } from "./packets";
import type { Encoder } from "./codec-encode";
import type { Decoder, PacketView } from "./codec-decode";
import type { StreamDecoder } from "./codec-stream";
import type { PacketQueue } from "./packet-queue";
import type { Session } from "./session";
import type { Backoff } from "./backoff";
import type { TopicAliasTable } from "./topic-alias";
import {
  DEFAULT_MAXIMUM_PACKET_SIZE,
  DEFAULT_QUEUE_CAPACITY,
  DEFAULT_QUEUED_MESSAGES,
  DEFAULT_MAXIMUM_INFLIGHT,
  DEFAULT_MAXIMUM_INBOUND_QOS2,
  DEFAULT_MAXIMUM_SUBSCRIPTIONS,
  DEFAULT_KEEP_ALIVE_SECONDS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_PING_TIMEOUT_MS,
  DEFAULT_MINIMUM_BACKOFF_MS,
  DEFAULT_MAXIMUM_BACKOFF_MS,
  DEFAULT_SESSION_EXPIRY_SECONDS,
  DEFAULT_TOPIC_ALIAS_MAXIMUM,
  DEFAULT_OUTBOUND_TOPIC_ALIASES,
} from "./defaults";

/** Where the client is in its connection's life. */
export const enum ClientState {
  /** Made, `clientConnect` not called yet. */
  Idle = 0,
  /** The socket is opening. */
  Opening = 1,
  /** CONNECT sent, CONNACK awaited. */
  AwaitingConnack = 2,
  Connected = 3,
  /** The link is gone; the next attempt is due at `reconnectAtMs`. */
  WaitingToReconnect = 4,
  /** Closed by the application (or refused with reconnect off): nothing more happens. */
  Closed = 5,
  /** The client closed the socket and waits for its onClose before anything else. */
  Closing = 6,
}

/** What an in-flight entry of the session waits for. */
export const enum FlightState {
  /** A QoS 1/2 PUBLISH in the queue, not sent on this connection yet. */
  Queued = 0,
  AwaitingPuback = 1,
  AwaitingPubrec = 2,
  /** PUBREL sent (the message's bytes are released), PUBCOMP awaited. */
  AwaitingPubcomp = 3,
  AwaitingSuback = 4,
  AwaitingUnsuback = 5,
}

/**
 * What the client tells the application. Given once at creation; called from `clientPoll` and
 * the socket's events, on the hot path. Never allocates on the client's side: the client makes
 * nothing to call them, and an application that wants zero allocation per message makes nothing
 * in them either.
 * The view passed to `onMessage`, `onSubscribed` and `onUnsubscribed` is valid only during the
 * call.
 */
export interface ClientEvents {
  /** CONNACK accepted the connection; `sessionPresent` as the broker said. */
  onConnect(this: void, sessionPresent: boolean): void;
  /**
   * The connection ended or an attempt failed: `status` says why (ConnectionRefused with the
   * CONNACK code, ServerDisconnected with the DISCONNECT reason, KeepAliveTimeout,
   * ConnectionLost, ConnectTimeout, or a decoding status for a malformed packet). The client
   * reconnects by itself unless it was closed or `reconnect` is off.
   */
  onClose(this: void, status: Status, reasonCode: number): void;
  /** A PUBLISH arrived (delivered once, even for a repeated QoS 2). */
  onMessage(this: void, message: PacketView): void;
  /** A QoS 1/2 message the client sent is done: PUBACK, PUBCOMP, or a refusing PUBREC. */
  onPublished(this: void, packetId: number, reasonCode: number): void;
  /** SUBACK arrived for the SUBSCRIBE with `packetId` (codes at the view's payload). */
  onSubscribed(this: void, packetId: number, ack: PacketView): void;
  /** UNSUBACK arrived for the UNSUBSCRIBE with `packetId`. */
  onUnsubscribed(this: void, packetId: number, ack: PacketView): void;
  /** PINGRESP arrived. */
  onPingResponse(this: void): void;
  /**
   * MQTT 5 enhanced authentication: an AUTH packet arrived (reason 0x18 Continue authentication
   * or 0x19 Re-authenticate), or a CONNACK is awaited after one; answer with `clientAuthenticate`.
   * The view's properties hold the Authentication Method and Data.
   */
  onAuth(this: void, view: PacketView): void;
}

/** How a client is made: where to connect, who it is, and every size and time. */
export interface ClientOptions {
  host: string;
  port: number;
  secure: boolean;
  /** ProtocolVersion: 3 (MQTT 3.1), 4 (3.1.1) or 5 (5.0). */
  version: number;
  clientId: string;
  cleanStart: boolean;
  keepAliveSeconds: number;
  username: string | undefined;
  password: string | undefined;
  will: WillInfo | undefined;
  /** MQTT 5 Session Expiry Interval asked for, in seconds (-1: never expires). */
  sessionExpirySeconds: number;
  /** MQTT 5 enhanced authentication: the method and first data sent in CONNECT (see `onAuth`). */
  authenticationMethod: string | undefined;
  authenticationData: Binary | undefined;
  /** MQTT 5 topic aliases the broker may use towards the client (sent as Topic Alias Maximum). */
  topicAliasMaximum: number;
  /** MQTT 5 topic aliases the client assigns itself on PUBLISH (least recently used reused), within the broker's maximum. */
  outboundTopicAliases: number;
  maximumPacketSize: number;
  queueCapacity: number;
  maximumQueuedMessages: number;
  maximumInflight: number;
  maximumInboundQos2: number;
  maximumSubscriptions: number;
  reconnect: boolean;
  minimumBackoffMs: number;
  maximumBackoffMs: number;
  connectTimeoutMs: number;
  pingTimeoutMs: number;
}

/**
 * Options with every default from defaults.ts, for `clientId` at `host`:`port` (MQTT 3.1.1,
 * clean start). Allocates: call at creation time, then change what differs.
 */
export function defaultClientOptions(host: string, port: number, clientId: string): ClientOptions {
  return {
    host: host,
    port: port,
    secure: false,
    version: 4,
    clientId: clientId,
    cleanStart: true,
    keepAliveSeconds: DEFAULT_KEEP_ALIVE_SECONDS,
    username: undefined,
    password: undefined,
    will: undefined,
    sessionExpirySeconds: DEFAULT_SESSION_EXPIRY_SECONDS,
    authenticationMethod: undefined,
    authenticationData: undefined,
    topicAliasMaximum: DEFAULT_TOPIC_ALIAS_MAXIMUM,
    outboundTopicAliases: DEFAULT_OUTBOUND_TOPIC_ALIASES,
    maximumPacketSize: DEFAULT_MAXIMUM_PACKET_SIZE,
    queueCapacity: DEFAULT_QUEUE_CAPACITY,
    maximumQueuedMessages: DEFAULT_QUEUED_MESSAGES,
    maximumInflight: DEFAULT_MAXIMUM_INFLIGHT,
    maximumInboundQos2: DEFAULT_MAXIMUM_INBOUND_QOS2,
    maximumSubscriptions: DEFAULT_MAXIMUM_SUBSCRIPTIONS,
    reconnect: true,
    minimumBackoffMs: DEFAULT_MINIMUM_BACKOFF_MS,
    maximumBackoffMs: DEFAULT_MAXIMUM_BACKOFF_MS,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    pingTimeoutMs: DEFAULT_PING_TIMEOUT_MS,
  };
}

/** The topic filters the client remembers, in fixed parallel arrays. */
export interface SubscriptionTable {
  filters: string[];
  qos: number[];
  noLocal: boolean[];
  retainAsPublished: boolean[];
  retainHandling: number[];
  /** MQTT 5 SUBSCRIBE properties (Subscription Identifier, User Properties) per filter. */
  properties: (Properties | undefined)[];
  /** Not sent on the current connection yet. */
  pending: boolean[];
  /** The packet id of the SUBSCRIBE that last carried each filter. */
  packetIds: number[];
  count: number;
  /** Reusable SUBSCRIBE records: `batches[n - 1]` carries n filters. */
  batches: SubscribeInfo[];
  /** Why the last SUBSCRIBE could not be sent (Success when it was). */
  lastStatus: Status;
}

/** Bytes waiting to go out, in one store: [start, end) is unsent. */
export interface Outbox {
  store: Bytes;
  start: number;
  end: number;
  capacity: number;
}

/** Room for an Assigned Client Identifier, in bytes (the spec's 23 with a wide margin). */
export const ASSIGNED_CLIENT_ID_CAPACITY = 128;
/** Room for the last Reason String from the broker, in bytes; a longer one is cut at a character boundary. */
export const REASON_STRING_CAPACITY = 128;

/** The client. Fields are read by the client-*.ts files; applications use the functions. */
export interface Client {
  platform: Platform;
  socket: Socket;
  socketEvents: SocketEvents;
  events: ClientEvents;
  options: ClientOptions;
  state: ClientState;
  encoder: Encoder;
  stream: StreamDecoder;
  outbox: Outbox;
  queue: PacketQueue;
  session: Session;
  subscriptions: SubscriptionTable;
  backoff: Backoff;
  /** Reusable records for the serialiser (SUBSCRIBE's are in the subscription table). */
  connectInfo: ConnectInfo;
  connectProperties: Properties;
  publishInfo: PublishInfo;
  unsubscribeInfo: UnsubscribeInfo;
  /** The broker's MQTT 5 Assigned Client Identifier, kept as bytes until the next CONNECT. */
  assignedClientId: Bytes;
  /** Its length; -1 when the broker assigned none (or one longer than the store). */
  assignedClientIdLength: number;
  /** MQTT 5 topic aliases of the current connection, each way. */
  outboundAliases: TopicAliasTable;
  inboundAliases: TopicAliasTable;
  /** An inbound PUBLISH that came with an alias only, rebuilt with its topic, and its decoder. */
  aliasedPacket: Bytes;
  aliasedDecoder: Decoder;
  /** The Reason String of the last CONNACK, DISCONNECT, ack or AUTH that had one (MQTT 5). */
  reasonString: Bytes;
  reasonStringLength: number;
  /** Reusable properties for `clientRespond`: Correlation Data of the request being answered. */
  responseProperties: Properties;
  responseCorrelation: Binary;
  /** The packet id `clientPublish`, `clientSubscribe` or `clientUnsubscribe` gave last (0 for QoS 0). */
  lastPacketId: number;
  /** Clock readings (platform.nowMs): last packet sent, PINGREQ sent, deadlines. */
  lastSentMs: number;
  /** Bytes went to the socket since the last poll, which then takes its clock reading as lastSentMs. */
  sentSincePoll: boolean;
  pingSentMs: number;
  pingOutstanding: boolean;
  connectDeadlineMs: number;
  reconnectAtMs: number;
  /** What the broker allows, from CONNACK (MQTT 5; defaults otherwise). */
  serverReceiveMaximum: number;
  serverMaximumPacketSize: number;
  /** MQTT 5 Maximum QoS and Retain Available from CONNACK (2 and true before 5.0). */
  serverMaximumQos: number;
  serverRetainAvailable: boolean;
  keepAliveSeconds: number;
  /** Why the last connection ended, for the onClose event. */
  closeStatus: Status;
  closeReasonCode: number;
}
