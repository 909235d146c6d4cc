/**
 * One way to drive the client under test, whatever runs it: the TypeScript source on Node, the
 * Espruino bundle in its Espruino-only context, or the Lua bundle on fengari. A runtime makes a
 * ClientDriver; the suites start it with `startClient` (which ticks `poll`), call its operations
 * with JavaScript values, and read what it reported as JavaScript values (messages copied out as
 * text), so that one test runs unchanged on all three.
 */
import { afterEach, expect } from "vitest";
import type { ClientOptions } from "../../src/mqtt/client-state";
import type { Status } from "../../src/mqtt/status";
import { waitFor } from "../brokers/net-util";

/** The runtimes a client can run on. */
export type RuntimeName = "node" | "espruino" | "lua";

/** One received message, copied out of the view. */
export interface Received {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
  dup: boolean;
}

/** What a client reported, in order. */
export interface ClientRecord {
  /** CONNACKs accepted (their Session Present flags). */
  connects: boolean[];
  /** Connections ended or attempts failed, as "StatusName:reasonCode". */
  closes: string[];
  messages: Received[];
  /** QoS 1/2 messages done: [packet id, reason code]. */
  published: [number, number][];
  /** SUBACKs: [packet id, reason codes]. */
  subscribed: [number, number[]][];
  /** UNSUBACKs' packet ids. */
  unsubscribed: number[];
  /** PINGRESPs. */
  pings: number;
  /** AUTH packets the broker sent (their reason codes). */
  auths: number[];
}

/**
 * A client under test on one runtime: the core API's operations (statuses are the core's Status
 * values, the same numbers on every runtime) and what it reported. MQTT 5 options and properties
 * of SUBSCRIBE/UNSUBSCRIBE/PUBLISH are left out (absent).
 */
export interface ClientDriver extends ClientRecord {
  readonly runtime: RuntimeName;
  /** clientConnect. */
  connect(): Status;
  /** clientPublish of `payload` as text (UTF-8). */
  publish(topic: string, payload: string, qos: number, retain: boolean): Status;
  /** clientSubscribe with no MQTT 5 options. */
  subscribe(filter: string, qos: number): Status;
  /** clientUnsubscribe. */
  unsubscribe(filter: string): Status;
  /** clientDisconnect. */
  disconnect(discardSession: boolean): void;
  /** clientPoll with the runtime's own clock: one tick. */
  poll(): void;
  /** The Receive Maximum the broker's CONNACK set (65535 when none). */
  serverReceiveMaximum(): number;
  /** The FlightState of each in-flight entry, oldest first. */
  inflightStates(): number[];
  /** Errors the runtime reported from callbacks it ran (an Espruino exception, a Lua error): none are expected. */
  errors(): string[];
  /** Disconnects for good and releases the runtime: its sockets, timers and state. */
  release(): void;
}

/** Client options a test may change: sizes, times, version, credentials (not the endpoint or the will). */
export type ClientSettings = Partial<Omit<ClientOptions, "host" | "port" | "clientId" | "will">>;

/** A runtime that can make clients. */
export interface ClientRuntime {
  name: RuntimeName;
  /** Makes a client for 127.0.0.1:`port` with `settings` over the defaults; it does not tick or connect yet. */
  create(port: number, clientId: string, settings: ClientSettings): ClientDriver;
}

/** A driver with its tick running. */
export interface TestClient extends ClientDriver {
  /** Stops the tick and releases the client. */
  stop(): void;
}

const TICK_MS = 5;

/** An empty record. */
export function newClientRecord(): ClientRecord {
  return { connects: [], closes: [], messages: [], published: [], subscribed: [], unsubscribed: [], pings: 0, auths: [] };
}

/** "StatusName:reasonCode", as `closes` holds them (the name from the runtime's own `statusName`). */
export function closeEntry(statusName: string, reasonCode: number): string {
  return `${statusName}:${reasonCode}`;
}

/**
 * Makes a client on `runtime` for 127.0.0.1:`port` (back-off 50-400 ms, then `settings`) and
 * starts its tick, not its connection.
 */
export function startClient(runtime: ClientRuntime, port: number, clientId: string, settings: ClientSettings = {}): TestClient {
  const driver = runtime.create(port, clientId, { minimumBackoffMs: 50, maximumBackoffMs: 400, ...settings });
  const timer = setInterval(() => driver.poll(), TICK_MS);
  return Object.assign(driver, {
    stop: () => {
      clearInterval(timer);
      driver.release();
    },
  });
}

/** Starts the connection and waits for CONNACK. */
export async function connected(test: ClientDriver): Promise<void> {
  const before = test.connects.length;
  test.connect();
  await until(() => test.connects.length > before, "CONNACK");
}

/** Waits until `condition` holds, polling every few milliseconds; fails after `timeoutMs` (5 s). */
export const until = waitFor;

/**
 * For a suite on `runtime`: a function that starts clients (see `startClient`), and an afterEach
 * that stops every client the test started and checks that its runtime reported no errors.
 */
export function clientsPerTest(runtime: ClientRuntime): (port: number, clientId: string, settings?: ClientSettings) => TestClient {
  const started: TestClient[] = [];
  afterEach(() => {
    const clients = started.splice(0);
    for (const client of clients) client.stop();
    expect(clients.flatMap((client) => client.errors())).toEqual([]);
  });
  return (port, clientId, settings) => {
    const client = startClient(runtime, port, clientId, settings);
    started.push(client);
    return client;
  };
}
