/**
 * End-to-end message pairs for the benchmark: one publisher and one subscriber on one broker, in
 * this process, sending numbered 64-byte messages on one topic as fast as the client lets them
 * go, with the client's own flow control. Three kinds of pair share one shape:
 *
 * - ours: the core client (src/mqtt/client.ts) on Node's socket HAL and platform, as an
 *   application would drive it: publish until QueueFull/TableFull, then publish again when the
 *   client says there may be room (onPublished, the socket's onWritable, the poll tick). One
 *   payload store is reused: the client copies it into its queue.
 * - MQTT.js: `mqtt.connectAsync` clients; a window of unfinished publishes (callback not yet
 *   called) as wide as our client's in-flight table. MQTT.js keeps a reference to the payload
 *   until it is written (QoS 0) or acknowledged (QoS 1/2), so every message gets its own Buffer,
 *   as an MQTT.js application must do.
 * - raw: the control, QoS 0 only: the Node socket HAL with no MQTT client on it, writing
 *   ready-made PUBLISH bytes and counting the PUBLISH packets that come back. Its throughput is
 *   what the broker allows when the clients cost next to nothing; its allocation is what Node's
 *   `net` and the HAL allocate for the traffic.
 *
 * A pair is connected (and subscribed) once; each `runBatch(count)` then sends messages
 * 0..count-1 and resolves when the subscriber has all of them, with the time from the first
 * publish to the last message received. The subscriber checks that every message arrives once,
 * in order (the message number is in the payload's first four bytes, big-endian).
 */
import mqtt from "mqtt";
import type { MqttClient } from "mqtt";
import { newClient, clientConnect, clientPoll, clientDisconnect } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { clientSubscribe } from "../../src/mqtt/client-subscriptions";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import type { Client } from "../../src/mqtt/client-state";
import type { PacketView } from "../../src/mqtt/codec-decode";
import { newEncoder, writeConnect, writePublish } from "../../src/mqtt/codec-encode";
import { Status, statusName } from "../../src/mqtt/status";
import type { Socket, SocketEvents } from "../../hal/api";
import type { Bytes } from "../../src/bytes/bytes";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newNodeSocket } from "../../hal/sim/node-socket";
import { waitFor } from "../../test/brokers/net-util";

/** Bytes of every message's payload. */
export const PAYLOAD_LENGTH = 64;

/** How often the application's tick calls `clientPoll` (and tries to publish more), in ms. */
export const POLL_TICK_MS = 10;

/**
 * Inbound QoS 2 messages our subscriber may hold awaiting PUBREL. MQTT 3.1.1 cannot tell the broker
 * a limit, and aedes does not keep to one: with the default 16 the client closes the link with
 * TableFull in the middle of a QoS 2 batch (see tools/bench/e2e-throughput.ts).
 */
const INBOUND_QOS2_SLOTS = 1024;

/** The client implementations a pair can be made of. */
export type PairKind = "ours" | "mqttjs" | "raw";

/** What one batch did. */
export interface BatchResult {
  /** Messages the subscriber received. */
  received: number;
  /** Whether every message arrived exactly once and in the order sent. */
  inOrder: boolean;
  /** From the first publish to the last message received. */
  milliseconds: number;
  /** CPU time this process (both clients) used meanwhile, user and system, in microseconds. */
  cpuMicroseconds: number;
}

/** A connected publisher and subscriber. */
export interface MessagePair {
  /**
   * Sends messages 0..count-1 and resolves when the subscriber has them all. With `burst`, at
   * most that many at a time: the next burst goes when the subscriber has the last.
   */
  runBatch(count: number, burst?: number): Promise<BatchResult>;
  /** Disconnects both clients; resolves when both sockets are closed. */
  close(): Promise<void>;
}

/** How long a batch may take before it fails instead of hanging the benchmark. */
const BATCH_TIMEOUT_MS = 60000;

let pairCount = 0;

/** A topic and client ids unique to this pair (so pairs on one broker never see each other). */
function pairNames(kind: PairKind): { topic: string; publisherId: string; subscriberId: string } {
  pairCount = pairCount + 1;
  const tag = `${kind}-${process.pid}-${pairCount}`;
  return { topic: `mote-bench/${tag}`, publisherId: `pub-${tag}`, subscriberId: `sub-${tag}` };
}

/** Writes message number `index` into four bytes of `store` at `offset`, big-endian. */
function writeIndex(store: Bytes, offset: number, index: number): void {
  store[offset] = (index >>> 24) & 0xff;
  store[offset + 1] = (index >>> 16) & 0xff;
  store[offset + 2] = (index >>> 8) & 0xff;
  store[offset + 3] = index & 0xff;
}

/** Reads the message number from four bytes of `store` at `offset`. */
function readIndex(store: Bytes, offset: number): number {
  return store[offset] * 0x1000000 + store[offset + 1] * 0x10000 + store[offset + 2] * 0x100 + store[offset + 3];
}

/** A payload store whose bytes after the message number are a fixed pattern. */
function newPayload(): Uint8Array {
  const payload = new Uint8Array(PAYLOAD_LENGTH);
  for (let index = 4; index < PAYLOAD_LENGTH; index++) payload[index] = 0x30 + (index % 10);
  return payload;
}

/**
 * One pair's batches: how many messages the publisher may have sent by now (`sendable`), and the
 * subscriber's count and order check, which settles the batch's promise when the last message
 * arrives (or fails it). In bursts, the next burst becomes sendable when the subscriber has the
 * whole previous one, and `publishMore` is called. Made once per pair; `receive` allocates
 * nothing except when it settles the batch.
 */
interface BatchTracker {
  /** Messages of this batch the publisher may have sent by now. */
  sendable: number;
  start(count: number, burst: number): Promise<BatchResult>;
  receive(index: number): void;
  fail(error: Error): void;
  /** Whether a batch is running. */
  running(): boolean;
}

function newBatchTracker(publishMore: () => void): BatchTracker {
  let expected = 0;
  let target = 0;
  let burstSize = 0;
  let received = 0;
  let inOrder = true;
  let started = 0;
  let cpuAtStart = process.cpuUsage();
  let resolveBatch: ((result: BatchResult) => void) | undefined;
  let rejectBatch: ((error: Error) => void) | undefined;
  let timeout: NodeJS.Timeout | undefined;

  function settle(): void {
    if (timeout !== undefined) clearTimeout(timeout);
    timeout = undefined;
    resolveBatch = undefined;
    rejectBatch = undefined;
  }

  const tracker: BatchTracker = {
    sendable: 0,
    start(count: number, burst: number): Promise<BatchResult> {
      expected = 0;
      target = count;
      burstSize = burst;
      received = 0;
      inOrder = true;
      tracker.sendable = Math.min(count, burst);
      return new Promise<BatchResult>((resolve, reject) => {
        resolveBatch = resolve;
        rejectBatch = reject;
        timeout = setTimeout(() => {
          const fail = rejectBatch;
          settle();
          if (fail !== undefined) fail(new Error(`batch timed out with ${received} of ${target} messages`));
        }, BATCH_TIMEOUT_MS);
        cpuAtStart = process.cpuUsage();
        started = performance.now();
      });
    },
    receive(index: number): void {
      if (index !== expected) inOrder = false;
      expected = index + 1;
      received = received + 1;
      if (received === target && resolveBatch !== undefined) {
        const milliseconds = performance.now() - started;
        const cpu = process.cpuUsage(cpuAtStart);
        const resolve = resolveBatch;
        settle();
        resolve({ received, inOrder, milliseconds, cpuMicroseconds: cpu.user + cpu.system });
      } else if (received === tracker.sendable && received < target) {
        tracker.sendable = Math.min(target, received + burstSize);
        publishMore();
      }
    },
    fail(error: Error): void {
      tracker.sendable = 0;
      const fail = rejectBatch;
      settle();
      if (fail !== undefined) fail(error);
    },
    running(): boolean {
      return resolveBatch !== undefined;
    },
  };
  return tracker;
}

/**
 * A pair's batches: `rewind` sets the publisher's count back to message 0, then the tracker
 * starts the batch and `publishMore` sends what may go now; the rest goes as the tracker allows.
 */
function messagePair(tracker: BatchTracker, rewind: () => void, publishMore: () => void, close: () => Promise<void>): MessagePair {
  return {
    runBatch(count: number, burst: number = count): Promise<BatchResult> {
      rewind();
      const batch = tracker.start(count, burst);
      publishMore();
      return batch;
    },
    close,
  };
}

/**
 * A Socket that passes everything to `inner` and, after the client has handled `onWritable`,
 * tells the application too (the core client has no "room again" event of its own; an
 * application that owns its socket can hear it this way). Allocates nothing per call.
 */
function socketTellingWritable(inner: Socket, onWritable: () => void): Socket {
  let owner: SocketEvents | undefined;
  const events: SocketEvents = {
    onConnect: () => (owner as SocketEvents).onConnect(),
    onData: (store, offset, length) => (owner as SocketEvents).onData(store, offset, length),
    onWritable: () => {
      (owner as SocketEvents).onWritable();
      onWritable();
    },
    onClose: (failed) => (owner as SocketEvents).onClose(failed),
  };
  return {
    open: (host, port, secure, handlers) => {
      owner = handlers;
      return inner.open(host, port, secure, events);
    },
    write: (store, offset, length) => inner.write(store, offset, length),
    close: () => inner.close(),
  };
}

/** One of our clients, with its CONNACK (rejected if the link closes first) and its close. */
interface OursClientHandle {
  client: Client;
  connected: Promise<void>;
  closed: Promise<void>;
}

/**
 * Connects our publisher and subscriber to 127.0.0.1:`port`; messages flow at `qos`, with at most
 * `window` QoS 1/2 messages in flight (the client's in-flight table).
 */
export async function openOursPair(port: number, qos: number, window: number): Promise<MessagePair> {
  const names = pairNames("ours");
  const tracker = newBatchTracker(() => publishMore());
  const payload = newPayload();
  let sent = 0;
  let subscribed = false;

  function makeClient(clientId: string, onMessage: (view: PacketView) => void, onPublished: () => void, onSubscribed: () => void): OursClientHandle {
    const options = defaultClientOptions("127.0.0.1", port, clientId);
    options.reconnect = false;
    options.maximumInboundQos2 = INBOUND_QOS2_SLOTS;
    options.maximumInflight = window;
    let connect: () => void = () => {};
    let closed: () => void = () => {};
    let refuse: (error: Error) => void = () => {};
    const handle = {
      connected: new Promise<void>((resolve, reject) => {
        connect = resolve;
        refuse = reject;
      }),
      closed: new Promise<void>((resolve) => {
        closed = resolve;
      }),
    } as OursClientHandle;
    handle.client = newClient(nodePlatform, socketTellingWritable(newNodeSocket(), publishMore), options, {
      onConnect: () => connect(),
      onClose: (status) => {
        refuse(new Error(`${clientId} closed: ${statusName(status)}`));
        if (tracker.running()) tracker.fail(new Error(`${clientId} lost its connection: ${statusName(status)}`));
        closed();
      },
      onMessage: onMessage,
      onPublished: onPublished,
      onSubscribed: onSubscribed,
      onUnsubscribed: () => {},
      onPingResponse: () => {},
      onAuth: () => {},
    });
    return handle;
  }

  function publishMore(): void {
    while (sent < tracker.sendable) {
      writeIndex(payload, 0, sent);
      const status = clientPublish(publisher.client, names.topic, payload, 0, PAYLOAD_LENGTH, qos, false, undefined);
      if (status === Status.QueueFull || status === Status.TableFull) return;
      if (status !== Status.Success) {
        tracker.fail(new Error(`clientPublish refused: ${statusName(status)}`));
        return;
      }
      sent = sent + 1;
    }
  }

  const subscriber = makeClient(
    names.subscriberId,
    (view) => tracker.receive(readIndex(view.store, view.payloadOffset)),
    () => {},
    () => {
      subscribed = true;
    },
  );
  const publisher = makeClient(names.publisherId, () => {}, publishMore, () => {});
  const tick = setInterval(() => {
    const now = nodePlatform.nowMs();
    clientPoll(subscriber.client, now);
    clientPoll(publisher.client, now);
    publishMore();
  }, POLL_TICK_MS);

  clientSubscribe(subscriber.client, names.topic, qos, false, false, 0, undefined);
  clientConnect(subscriber.client);
  clientConnect(publisher.client);
  try {
    await Promise.all([subscriber.connected, publisher.connected]);
    await waitFor(() => subscribed, "SUBACK");
  } catch (error) {
    clearInterval(tick);
    clientDisconnect(subscriber.client, true);
    clientDisconnect(publisher.client, true);
    throw error;
  }

  const rewind = (): void => {
    sent = 0;
  };
  return messagePair(tracker, rewind, publishMore, async () => {
    clearInterval(tick);
    clientDisconnect(publisher.client, true);
    clientDisconnect(subscriber.client, true);
    await Promise.all([publisher.closed, subscriber.closed]);
  });
}

/** Connects two MQTT.js clients to 127.0.0.1:`port`; messages flow at `qos` with at most `window` publishes unfinished. */
export async function openMqttJsPair(port: number, qos: 0 | 1 | 2, window: number): Promise<MessagePair> {
  const names = pairNames("mqttjs");
  const tracker = newBatchTracker(() => publishMore());
  const url = `mqtt://127.0.0.1:${port}`;
  const options = { reconnectPeriod: 0, protocolVersion: 4 as const };
  const subscriber = await mqtt.connectAsync(url, { ...options, clientId: names.subscriberId });
  const publisher = await mqtt.connectAsync(url, { ...options, clientId: names.publisherId });
  await subscriber.subscribeAsync(names.topic, { qos });
  subscriber.on("message", (_topic: string, message: Buffer) => tracker.receive(message.readUInt32BE(0)));
  const template = Buffer.from(newPayload());
  const publishOptions = { qos };
  let sent = 0;
  let unfinished = 0;
  let publishing = false;

  function published(error?: Error): void {
    if (error !== undefined && error !== null) {
      tracker.fail(error);
      return;
    }
    unfinished = unfinished - 1;
    publishMore();
  }

  function publishMore(): void {
    // A QoS 0 callback may come inside publish(): the loop below carries on instead of recursing.
    if (publishing) return;
    publishing = true;
    while (sent < tracker.sendable && unfinished < window) {
      const message = Buffer.allocUnsafe(PAYLOAD_LENGTH);
      template.copy(message);
      message.writeUInt32BE(sent, 0);
      sent = sent + 1;
      unfinished = unfinished + 1;
      publisher.publish(names.topic, message, publishOptions, published);
    }
    publishing = false;
  }

  const rewind = (): void => {
    sent = 0;
  };
  return messagePair(tracker, rewind, publishMore, async () => {
    await Promise.all([endMqttJs(publisher), endMqttJs(subscriber)]);
  });
}

/** Ends an MQTT.js client gracefully and waits for it. */
function endMqttJs(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.end(false, {}, () => resolve()));
}

/**
 * The allocation control: the Node socket HAL (hal/sim/node-socket.ts) with no MQTT client on
 * it. The publisher writes ready-made QoS 0 PUBLISH bytes (only the message number changes) and
 * the subscriber counts the PUBLISH packets in the bytes that come back, on 127.0.0.1:`port`.
 * CONNECT and SUBSCRIBE are written by our encoder once, at the start. It costs what Node's `net`
 * and the HAL cost for the same traffic, so the client's figure minus this one is the core's.
 */
export async function openRawPair(port: number): Promise<MessagePair> {
  const names = pairNames("raw");
  const tracker = newBatchTracker(() => publishMore());
  const encoder = newEncoder(nodePlatform, 4);
  const payload = newPayload();
  const packet = new Uint8Array(256);
  if (writePublish(encoder, packet, 0, packet.length, { topic: names.topic, qos: 0, retain: false, dup: false, packetId: 0, payload, payloadOffset: 0, payloadLength: PAYLOAD_LENGTH, properties: undefined }) !== Status.Success) {
    throw new Error("could not encode the control's PUBLISH");
  }
  const packetSize = encoder.packetSize;
  const payloadAt = packetSize - PAYLOAD_LENGTH;
  let sent = 0;
  /** Bytes of the current packet the socket has taken (it may take a packet in parts). */
  let takenOfPacket = 0;

  function publishMore(): void {
    while (sent < tracker.sendable) {
      if (takenOfPacket === 0) writeIndex(packet, payloadAt, sent);
      const taken = publisher.socket.write(packet, takenOfPacket, packetSize - takenOfPacket);
      if (taken < 0) {
        tracker.fail(new Error("the control's publisher lost its connection"));
        return;
      }
      takenOfPacket = takenOfPacket + taken;
      if (takenOfPacket < packetSize) return;
      takenOfPacket = 0;
      sent = sent + 1;
    }
  }

  // After the handshake everything the broker sends the subscriber is this topic's PUBLISH
  // packets, all of one size; a packet split between chunks is gathered in `partial`.
  const partial = new Uint8Array(packetSize);
  let carried = 0;
  function countPublishes(store: Bytes, offset: number, length: number): void {
    let at = offset;
    const end = offset + length;
    while (carried > 0 && at < end) {
      partial[carried] = store[at];
      carried = carried + 1;
      at = at + 1;
      if (carried === packetSize) {
        tracker.receive(readIndex(partial, payloadAt));
        carried = 0;
      }
    }
    while (end - at >= packetSize) {
      tracker.receive(readIndex(store, at + payloadAt));
      at = at + packetSize;
    }
    while (at < end) {
      partial[carried] = store[at];
      carried = carried + 1;
      at = at + 1;
    }
  }

  const subscriber = await rawConnect(port, names.subscriberId, countPublishes, () => {});
  const publisher = await rawConnect(port, names.publisherId, () => {}, publishMore);
  await rawSubscribe(subscriber, names.topic);
  const rewind = (): void => {
    sent = 0;
    takenOfPacket = 0;
  };
  return messagePair(tracker, rewind, publishMore, async () => {
    await Promise.all([rawEnd(publisher), rawEnd(subscriber)]);
  });
}

/** A HAL socket driven by hand: the handshake reads its bytes, then `onData` gets them. */
interface RawConnection {
  socket: Socket;
  /** Bytes received during the handshake, not yet consumed. */
  handshake: number[];
  handshaking: boolean;
  onHandshakeData: () => void;
  closed: Promise<void>;
}

/**
 * Opens a HAL socket, sends an MQTT 3.1.1 CONNECT for `clientId` and waits for the CONNACK;
 * afterwards received bytes go to `onData` and room to write again to `onWritable`.
 */
async function rawConnect(port: number, clientId: string, onData: (store: Bytes, offset: number, length: number) => void, onWritable: () => void): Promise<RawConnection> {
  let connected: () => void = () => {};
  let refused: (error: Error) => void = () => {};
  let closed: () => void = () => {};
  const connection: RawConnection = {
    socket: newNodeSocket(),
    handshake: [],
    handshaking: true,
    onHandshakeData: () => {},
    closed: new Promise<void>((resolve) => {
      closed = resolve;
    }),
  };
  const up = new Promise<void>((resolve, reject) => {
    connected = resolve;
    refused = reject;
  });
  connection.socket.open("127.0.0.1", port, false, {
    onConnect: () => connected(),
    onData: (store, offset, length) => {
      if (!connection.handshaking) {
        onData(store, offset, length);
        return;
      }
      for (let index = 0; index < length; index++) connection.handshake.push(store[offset + index]);
      connection.onHandshakeData();
    },
    onWritable: onWritable,
    onClose: () => {
      refused(new Error("the control's connection closed"));
      closed();
    },
  });
  await up;
  const encoder = newEncoder(nodePlatform, 4);
  const store = new Uint8Array(128);
  writeConnect(encoder, store, 0, store.length, { clientId, cleanStart: true, keepAlive: 0, username: undefined, password: undefined, will: undefined, properties: undefined });
  connection.socket.write(store, 0, encoder.packetSize);
  const connack = await handshakeBytes(connection, 4);
  if (connack[0] !== 0x20 || connack[3] !== 0) throw new Error("the control's CONNECT was refused");
  return connection;
}

/** Subscribes a raw connection to `topic` at QoS 0, waits for the SUBACK, then hands later bytes to its `onData`. */
async function rawSubscribe(connection: RawConnection, topic: string): Promise<void> {
  const topicBytes = Buffer.from(topic, "utf8");
  const subscribe = Buffer.concat([Buffer.from([0x82, 2 + 2 + topicBytes.length + 1, 0, 1, 0, topicBytes.length]), topicBytes, Buffer.from([0])]);
  connection.socket.write(subscribe, 0, subscribe.length);
  const suback = await handshakeBytes(connection, 5);
  if (suback[0] !== 0x90 || suback[4] !== 0) throw new Error("the control's SUBSCRIBE was refused");
  connection.handshaking = false;
}

/** Waits for `length` handshake bytes of `connection` and takes them. */
function handshakeBytes(connection: RawConnection, length: number): Promise<number[]> {
  return new Promise((resolve) => {
    connection.onHandshakeData = () => {
      if (connection.handshake.length < length) return;
      connection.onHandshakeData = () => {};
      resolve(connection.handshake.splice(0, length));
    };
    connection.onHandshakeData();
  });
}

/** Closes a raw connection and waits for its onClose. */
function rawEnd(connection: RawConnection): Promise<void> {
  connection.socket.close();
  return connection.closed;
}

/** Opens a pair of `kind` for `qos` (the raw control is QoS 0 only); `window` is MQTT.js's. */
export function openPair(kind: PairKind, port: number, qos: 0 | 1 | 2, window: number): Promise<MessagePair> {
  if (kind === "ours") return openOursPair(port, qos, window);
  if (kind === "mqttjs") return openMqttJsPair(port, qos, window);
  if (qos !== 0) throw new Error("the raw control pair is QoS 0 only");
  return openRawPair(port);
}
