/**
 * Runs the core client on Node against a real broker: a Node socket, the Node platform, a poll
 * tick every few milliseconds, and every event recorded (messages copied out as text) so tests
 * can wait for what they expect.
 */
import { newClient, clientConnect, clientPoll, clientDisconnect } from "../../src/mqtt/client";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import type { Client, ClientOptions } from "../../src/mqtt/client-state";
import type { PacketView } from "../../src/mqtt/codec-decode";
import { Status, statusName } from "../../src/mqtt/status";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newNodeSocket } from "../../hal/sim/node-socket";

/** One received message, copied out of the view. */
export interface Received {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
  dup: boolean;
}

/** A client under test and what it has reported. */
export interface TestClient {
  client: Client;
  connects: boolean[];
  closes: string[];
  messages: Received[];
  published: [number, number][];
  subscribed: [number, number[]][];
  unsubscribed: number[];
  pings: number;
  /** AUTH packets the broker sent (their reason codes). */
  auths: number[];
  /** Stops the tick and disconnects for good. */
  stop(): void;
}

const TICK_MS = 5;

function copyMessage(view: PacketView): Received {
  const store = view.store as Uint8Array;
  return {
    topic: Buffer.from(store.subarray(view.topicOffset, view.topicOffset + view.topicLength)).toString("utf8"),
    payload: Buffer.from(store.subarray(view.payloadOffset, view.payloadOffset + view.payloadLength)).toString("utf8"),
    qos: view.qos,
    retain: view.retain,
    dup: view.dup,
  };
}

/** Makes a client for 127.0.0.1:`port` with `adjust` applied to the default options, and starts its tick (not its connection). */
export function makeTestClient(port: number, clientId: string, adjust: (options: ClientOptions) => void): TestClient {
  const options = defaultClientOptions("127.0.0.1", port, clientId);
  options.minimumBackoffMs = 50;
  options.maximumBackoffMs = 400;
  adjust(options);
  const test = {
    connects: [] as boolean[],
    closes: [] as string[],
    messages: [] as Received[],
    published: [] as [number, number][],
    subscribed: [] as [number, number[]][],
    unsubscribed: [] as number[],
    pings: 0,
    auths: [] as number[],
  } as TestClient;
  test.client = newClient(nodePlatform, newNodeSocket(), options, {
    onConnect: (sessionPresent) => test.connects.push(sessionPresent),
    onClose: (status: Status, reasonCode) => test.closes.push(`${statusName(status)}:${reasonCode}`),
    onMessage: (view) => test.messages.push(copyMessage(view)),
    onPublished: (packetId, reasonCode) => test.published.push([packetId, reasonCode]),
    onSubscribed: (packetId, ack) => test.subscribed.push([packetId, Array.from((ack.store as Uint8Array).subarray(ack.payloadOffset, ack.payloadOffset + ack.payloadLength))]),
    onUnsubscribed: (packetId) => test.unsubscribed.push(packetId),
    onPingResponse: () => {
      test.pings = test.pings + 1;
    },
    onAuth: (view) => test.auths.push(view.reasonCode),
  });
  const timer = setInterval(() => clientPoll(test.client, nodePlatform.nowMs()), TICK_MS);
  test.stop = () => {
    clearInterval(timer);
    clientDisconnect(test.client, false);
  };
  return test;
}

/** Starts the connection and waits for CONNACK. */
export async function connected(test: TestClient): Promise<void> {
  const before = test.connects.length;
  clientConnect(test.client);
  await until(() => test.connects.length > before, "CONNACK");
}

/** Waits until `condition` holds, polling every few milliseconds; fails after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
