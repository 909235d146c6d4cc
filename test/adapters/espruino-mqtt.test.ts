/**
 * `require("mote").create(...)` as a drop-in for Espruino's MQTT module (EspruinoDocs
 * modules/MQTT.js), proven on the built bundle in the Espruino-only context (espruino-device.ts)
 * against aedes on 127.0.0.1, with MQTT.js as the peer. Device code is written as Espruino users
 * write it for the module; every event is checked with the module's argument shapes.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import type { MqttClient, IPublishPacket } from "mqtt";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { connectMqtt } from "../brokers/mqtt-util";
import { freePort } from "../brokers/net-util";
import { makeTestCerts, opensslAvailable } from "../brokers/certs";
import { until } from "../client/driver";
import { bootDevice } from "./espruino-device";
import type { Device } from "./espruino-device";

/** A CONNECT as aedes hands it to `preConnect`. */
interface ConnectSeen {
  clientId: string;
  protocolId: string;
  protocolVersion: number;
  keepalive: number;
  clean: boolean;
  username?: string;
  password?: Buffer;
  will?: { topic: string; payload: Buffer; qos: number; retain: boolean };
}

let broker: RunningAedes;
const connects: ConnectSeen[] = [];
/** SUBSCRIBE filters per client id, in the order the broker got them. */
const subscribes = new Map<string, string[]>();

beforeAll(async () => {
  broker = await startAedes({
    version: 1,
    aedes: {
      preConnect: (_client: unknown, packet: ConnectSeen, done: (error: Error | null, ok: boolean) => void) => {
        connects.push(packet);
        done(null, true);
      },
      // Refuses filters under forbidden/ (SUBACK 0x80), grants the rest.
      authorizeSubscribe: (_client: unknown, subscription: { topic: string } | null, done: (error: Error | null, subscription: unknown) => void) => {
        done(null, subscription !== null && subscription.topic.startsWith("forbidden/") ? null : subscription);
      },
    } as never,
  });
  broker.broker.on("subscribe", (subscriptions, client) => {
    const list = subscribes.get(client.id) ?? [];
    list.push(...subscriptions.map((subscription) => subscription.topic));
    subscribes.set(client.id, list);
  });
});
afterAll(async () => {
  await broker.close();
});

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Boots a device running `script` (see espruino-device.ts); stopped after the test. */
function device(script: string): Device {
  const booted = bootDevice(script);
  cleanups.push(() => booted.stop());
  return booted;
}

/** What the MQTT.js peer received. */
interface PeerMessage {
  topic: string;
  message: string;
  qos: number;
  retain: boolean;
  properties?: IPublishPacket["properties"];
}

/** An MQTT.js client on `port` recording what it receives; ended after the test. */
async function peer(port = broker.port, protocolVersion: 4 | 5 = 4, options: { username?: string; password?: string } = {}) {
  const { client } = await connectMqtt(`mqtt://127.0.0.1:${port}`, { protocolVersion, ...options });
  cleanups.push(() => void client.end(true));
  const received: PeerMessage[] = [];
  client.on("message", (topic, payload, packet) => {
    received.push({ topic, message: payload.toString("latin1"), qos: packet.qos, retain: packet.retain, properties: packet.properties });
  });
  return { client: client as MqttClient, received };
}

/** The broker ends `clientId`'s connection as a dead link would end (no DISCONNECT: the will goes out). */
function dropLink(clientId: string): void {
  const aedes = broker.broker as unknown as { clients: Record<string, { close(): void }> };
  aedes.clients[clientId].close();
}

/** Waits until the device has logged `count` events named `name`. */
function eventCount(target: Device, name: string, count: number): Promise<void> {
  return until(() => target.eventsNamed(name).length >= count, `${count} ${name} event(s)`);
}

describe("create and connect, as Espruino's MQTT module", () => {
  it("connects with the module's defaults: emits connected then connect, sets connected, sends a random 12-digit id", async () => {
    const first = connects.length;
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port} }));
      mqtt.connect();
    `);
    await eventCount(target, "connect", 1);
    expect(target.events()).toEqual([["connected"], ["connect"]]);
    expect(target.run("mqtt.connected")).toBe(true);
    const connect = connects[first];
    expect(connect.clientId).toMatch(/^[0-9a-f]{12}$/);
    expect(connect).toMatchObject({ protocolId: "MQTT", protocolVersion: 4, keepalive: 60, clean: true });
    expect(connect.will).toBeUndefined();
    expect(target.espruino.uncaught).toEqual([]);
  });

  it("sends every module option in CONNECT, and the will mote adds", async () => {
    const first = connects.length;
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${broker.port}, client_id: "dev-options", keep_alive: 30, clean_session: false,
        username: "user", password: "secret", protocol_name: "MQIsdp", protocol_level: 3,
        will: { topic: "options/status", message: "gone", qos: 1, retain: true }
      }));
      mqtt.connect();
    `);
    await eventCount(target, "connected", 1);
    const connect = connects[first];
    expect(connect).toMatchObject({ clientId: "dev-options", protocolId: "MQIsdp", protocolVersion: 3, keepalive: 30, clean: false, username: "user" });
    expect(connect.password?.toString()).toBe("secret");
    expect(connect.will).toMatchObject({ topic: "options/status", qos: 1, retain: true });
    expect(connect.will?.payload.toString()).toBe("gone");
  });

  it("connect(options) creates and connects to options.host", async () => {
    const target = device(`var mqtt = record(require("mote").connect({ host: "127.0.0.1", port: ${broker.port}, client_id: "dev-connect" }));`);
    await eventCount(target, "connected", 1);
    expect(connects.some((connect) => connect.clientId === "dev-connect")).toBe(true);
  });
});

describe("publish and receive", () => {
  it("publishes at QoS 0, 1 and 2 to MQTT.js; puback and pubcomp carry the packet ids", async () => {
    const other = await peer();
    await other.client.subscribeAsync("qos/out/#", { qos: 2 });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-qos-out" }));
      var results = [];
      mqtt.on("connected", function () {
        results.push(mqtt.publish("qos/out/0", "zero"));
        results.push(mqtt.publish("qos/out/1", "one", { qos: 1 }));
        results.push(mqtt.publish("qos/out/2", "two", { qos: 2, retain: true }));
        results.push(mqtt.publish("qos/out/number", 21.5));
        results.push(mqtt.publish("qos/out/bytes", "h\\xc3\\xa9llo \\xff\\x00", 1));
      });
      mqtt.connect();
    `);
    await until(() => other.received.length === 5, "five messages at the peer");
    expect(target.run("results.join()")).toBe("true,true,true,true,true");
    // aedes keeps order per QoS, not across QoS: compare sorted by topic.
    expect(other.received.map(({ topic, message, qos }) => [topic, message, qos]).sort()).toEqual([
      ["qos/out/0", "zero", 0],
      ["qos/out/1", "one", 1],
      ["qos/out/2", "two", 2],
      ["qos/out/bytes", "h\xc3\xa9llo \xff\x00", 1],
      ["qos/out/number", "21.5", 0],
    ]);
    await eventCount(target, "puback", 2);
    await eventCount(target, "pubcomp", 1);
    const pubacks = target.eventsNamed("puback");
    const pubcomps = target.eventsNamed("pubcomp");
    const ids = [pubacks[0][0], pubcomps[0][0], pubacks[1][0]];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toBeGreaterThan(0);
    expect(pubacks.map((args) => args[1])).toEqual([0, 0]);
    const late = await peer();
    await late.client.subscribeAsync("qos/out/2", { qos: 0 });
    await until(() => late.received.length === 1, "the retained message");
    expect(late.received[0]).toMatchObject({ topic: "qos/out/2", message: "two", retain: true });
    await late.client.publishAsync("qos/out/2", "", { retain: true });
  });

  it("receives QoS 0, 1 and 2 from MQTT.js as publish ({topic, message, dup, qos, retain}) and message (topic, message)", async () => {
    const other = await peer();
    await other.client.publishAsync("qos/in/retained", "kept", { qos: 1, retain: true });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-qos-in" }));
      mqtt.on("connected", function () {
        mqtt.subscribe({ "qos/in/0": 0, "qos/in/1": 1, "qos/in/2": 2, "qos/in/retained": 1 });
      });
      mqtt.connect();
    `);
    await eventCount(target, "subscribed", 4);
    await eventCount(target, "publish", 1);
    await other.client.publishAsync("qos/in/0", "m0", { qos: 0 });
    await other.client.publishAsync("qos/in/1", "m1", { qos: 1 });
    await other.client.publishAsync("qos/in/2", Buffer.from("héllo"), { qos: 2 });
    await eventCount(target, "message", 4);
    expect(target.eventsNamed("publish")).toEqual([
      [{ topic: "qos/in/retained", message: "kept", dup: 0, qos: 1, retain: 1 }],
      [{ topic: "qos/in/0", message: "m0", dup: 0, qos: 0, retain: 0 }],
      [{ topic: "qos/in/1", message: "m1", dup: 0, qos: 1, retain: 0 }],
      [{ topic: "qos/in/2", message: "h\xc3\xa9llo", dup: 0, qos: 2, retain: 0 }],
    ]);
    expect(target.eventsNamed("message")).toEqual([
      ["qos/in/retained", "kept"],
      ["qos/in/0", "m0"],
      ["qos/in/1", "m1"],
      ["qos/in/2", "h\xc3\xa9llo"],
    ]);
    const names = target.events().map((event) => event[0]);
    expect(names.indexOf("message")).toBe(names.indexOf("publish") + 1);
    await other.client.publishAsync("qos/in/retained", "", { retain: true });
  });

  it("answers keepalive with ping_reply", async () => {
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-ping", keep_alive: 1 }));
      mqtt.connect();
    `);
    await eventCount(target, "ping_reply", 1);
    expect(target.eventsNamed("ping_reply")[0]).toEqual([]);
  });

  it("pings on request with ping(), refusing while not connected", async () => {
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-ping-now", keep_alive: 600 }));
      var early = mqtt.ping();
      mqtt.on("connected", function () { mqtt.ping(); });
      mqtt.connect();
    `);
    await eventCount(target, "ping_reply", 1);
    expect(target.eventsNamed("error")).toEqual([["ping: NotConnected"]]);
  });
});

describe("subscribe and unsubscribe", () => {
  it("takes every subscribe form, before connecting too; subscribed gives the granted QoS, subscribed_fail the refusal", async () => {
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-forms" }));
      var results = [
        mqtt.subscribe("forms/plain"),
        mqtt.subscribe("forms/qos1", { qos: 1 }),
        mqtt.subscribe("forms/number", 2),
        mqtt.subscribe(["forms/list/a", "forms/list/b"], { qos: 1 }),
        mqtt.subscribe({ "forms/object/a": 0, "forms/object/b": 2 }),
        mqtt.subscribe("forbidden/x")
      ];
      mqtt.connect();
    `);
    expect(target.run("results.join()")).toBe("true,true,true,true,true,true");
    await eventCount(target, "subscribed_fail", 1);
    await eventCount(target, "subscribed", 7);
    expect(target.eventsNamed("subscribed")).toEqual([[0], [1], [2], [1], [1], [0], [2]]);
    expect(target.eventsNamed("subscribed_fail")).toEqual([[128]]);
    const other = await peer();
    const topics = ["forms/plain", "forms/qos1", "forms/number", "forms/list/a", "forms/list/b", "forms/object/a", "forms/object/b"];
    for (const topic of topics) await other.client.publishAsync(topic, "x", { qos: 2 });
    await eventCount(target, "publish", topics.length);
    const granted = target.eventsNamed("publish").map((args) => {
      const message = args[0] as { topic: string; qos: number };
      return [message.topic, message.qos];
    });
    expect(granted).toEqual([
      ["forms/plain", 0], ["forms/qos1", 1], ["forms/number", 2], ["forms/list/a", 1], ["forms/list/b", 1],
      ["forms/object/a", 0], ["forms/object/b", 2],
    ]);
  });

  it("unsubscribes one filter or a list, emits unsubscribed, and gets no more from them", async () => {
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-unsub" }));
      mqtt.subscribe(["unsub/a", "unsub/b", "unsub/keep"]);
      mqtt.connect();
    `);
    await eventCount(target, "subscribed", 3);
    expect(target.run(`[mqtt.unsubscribe("unsub/a"), mqtt.unsubscribe(["unsub/b"])].join()`)).toBe("true,true");
    await eventCount(target, "unsubscribed", 2);
    expect(target.eventsNamed("unsubscribed")).toEqual([[], []]);
    const other = await peer();
    for (const topic of ["unsub/a", "unsub/b", "unsub/keep"]) await other.client.publishAsync(topic, topic, { qos: 1 });
    await eventCount(target, "message", 1);
    expect(target.eventsNamed("message")).toEqual([["unsub/keep", "unsub/keep"]]);
  });
});

describe("disconnecting, wills and reconnecting", () => {
  it("disconnect() emits disconnected then close, sends DISCONNECT (no will), and stops every timer", async () => {
    const other = await peer();
    await other.client.subscribeAsync("bye/#", { qos: 1 });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${broker.port}, client_id: "dev-bye", will: { topic: "bye/status", message: "lost" }
      }));
      mqtt.connect();
    `);
    await eventCount(target, "connected", 1);
    target.run("mqtt.disconnect()");
    await eventCount(target, "close", 1);
    expect(target.events()).toEqual([["connected"], ["connect"], ["disconnected"], ["close"]]);
    expect(target.run("mqtt.connected")).toBe(false);
    await until(() => target.espruino.pendingTimers() === 0, "no timers left");
    await other.client.publishAsync("bye/marker", "after", { qos: 1 });
    await until(() => other.received.length === 1, "the marker");
    expect(other.received.map((message) => message.topic)).toEqual(["bye/marker"]);
  });

  it("has its will published when the broker drops the link", async () => {
    const other = await peer();
    await other.client.subscribeAsync("will/status", { qos: 1 });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${broker.port}, client_id: "dev-will", reconnect: false,
        will: { topic: "will/status", message: "offline", qos: 1, retain: false }
      }));
      mqtt.connect();
    `);
    await eventCount(target, "connected", 1);
    dropLink("dev-will");
    await until(() => other.received.length === 1, "the will");
    expect(other.received[0]).toMatchObject({ topic: "will/status", message: "offline", qos: 1 });
    await eventCount(target, "close", 1);
    expect(target.events()).toEqual([["connected"], ["connect"], ["disconnected"], ["close"]]);
    await until(() => target.espruino.pendingTimers() === 0, "the tick stopped (reconnect off)");
  });

  it("reconnects by itself after the broker drops the link, delivers what was published offline, subscribes once again", async () => {
    const other = await peer();
    await other.client.subscribeAsync("recon/out", { qos: 1 });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-recon" }));
      mqtt.on("connected", function () { mqtt.subscribe("recon/cmd", { qos: 1 }); });
      mqtt.on("disconnected", function () { setTimeout(function () { mqtt.connect(); }, 100); });
      mqtt.connect();
    `);
    await eventCount(target, "subscribed", 1);
    dropLink("dev-recon");
    await eventCount(target, "disconnected", 1);
    expect(target.run(`[1, 2, 3].map(function (n) { return mqtt.publish("recon/out", "offline " + n, { qos: 1 }); }).join()`)).toBe("true,true,true");
    await eventCount(target, "connected", 2);
    await until(() => other.received.length === 3, "the messages published offline");
    expect(other.received.map((message) => message.message)).toEqual(["offline 1", "offline 2", "offline 3"]);
    await eventCount(target, "subscribed", 2);
    await other.client.publishAsync("recon/cmd", "go", { qos: 1 });
    await eventCount(target, "message", 1);
    expect(target.eventsNamed("message")).toEqual([["recon/cmd", "go"]]);
    expect(subscribes.get("dev-recon")).toEqual(["recon/cmd", "recon/cmd"]);
    expect(target.eventsNamed("connected")).toHaveLength(2);
    expect(target.eventsNamed("error")).toEqual([]);
  });
});

describe("sessions", () => {
  it("keeps its session with clean_session: false: what was sent while it was away arrives on connecting again", async () => {
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-session", clean_session: false }));
      mqtt.subscribe("session/in", { qos: 1 });
      mqtt.connect();
    `);
    await eventCount(target, "subscribed", 1);
    target.run("mqtt.disconnect()");
    await eventCount(target, "close", 1);
    const other = await peer();
    await other.client.publishAsync("session/in", "while away", { qos: 1 });
    target.run("mqtt.connect()");
    await eventCount(target, "message", 1);
    expect(target.eventsNamed("publish")).toEqual([[{ topic: "session/in", message: "while away", dup: 0, qos: 1, retain: 0 }]]);
    expect(subscribes.get("dev-session")).toEqual(["session/in"]);
    target.run("mqtt.disconnect()");
    await eventCount(target, "close", 2);
    const cleaner = device(`var mqtt = require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-session" }); mqtt.connect();`);
    await until(() => cleaner.run("mqtt.connected") === true, "a clean connection ending the session");
  });
});

describe("bounded offline queue and bad arguments", () => {
  it("reports a full queue with false and an error event, and loses nothing queued", async () => {
    const other = await peer();
    await other.client.subscribeAsync("queue/#", { qos: 1 });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-queue", queue_messages: 4 }));
      var results = [1, 2, 3, 4, 5].map(function (n) { return mqtt.publish("queue/m", "m" + n, { qos: 1 }); });
    `);
    expect(target.run("results.join()")).toBe("true,true,true,true,false");
    await eventCount(target, "error", 1);
    expect(target.eventsNamed("error")).toEqual([["publish: QueueFull"]]);
    target.run("mqtt.connect()");
    await until(() => other.received.length === 4, "the four queued messages");
    expect(other.received.map((message) => message.message)).toEqual(["m1", "m2", "m3", "m4"]);
    await eventCount(target, "puback", 4);
    expect(target.run(`mqtt.publish("queue/m", "m5", { qos: 1 })`)).toBe(true);
    await until(() => other.received.length === 5, "the fifth message");
  });

  it("refuses bad arguments with false and an error naming the problem, keeps running, loses nothing queued", async () => {
    const other = await peer();
    await other.client.subscribeAsync("args/#", { qos: 1 });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${broker.port}, client_id: "dev-args" }));
      var results = [
        mqtt.publish("args/first", "kept", { qos: 1 }),
        mqtt.publish(42, "x"),
        mqtt.publish("args/+/wild", "x"),
        mqtt.publish("", "x"),
        mqtt.publish("args/q", "x", { qos: 3 }),
        mqtt.publish("args/q", "x", { qos: "1" }),
        mqtt.publish("args/q"),
        mqtt.subscribe("args/#/bad"),
        mqtt.subscribe(7),
        mqtt.subscribe("args/in", { qos: 5 }),
        mqtt.subscribe(["args/ok", "args/+x"]),
        mqtt.unsubscribe("args/in"),
        mqtt.unsubscribe(5),
        mqtt.publish("args/last", "kept too", { qos: 2 })
      ];
      mqtt.connect();
    `);
    expect(target.run("results.join()")).toBe("true,false,false,false,false,false,false,false,false,false,false,false,false,true");
    await until(() => other.received.length === 2, "the two good messages");
    expect(other.received.map((message) => message.message)).toEqual(["kept", "kept too"]);
    expect(target.eventsNamed("error")).toEqual([
      ["publish: BadTopic"],
      ["publish: TopicWildcard"],
      ["publish: BadTopic"],
      ["publish: BadQos"],
      ["publish: BadQos"],
      ["publish: BadParameter"],
      ["subscribe: BadTopic"],
      ["subscribe: BadTopic"],
      ["subscribe: BadQos"],
      ["subscribe: BadTopic"],
      ["unsubscribe: NotConnected"],
      ["unsubscribe: BadTopic"],
    ]);
    await eventCount(target, "subscribed", 1);
    await other.client.publishAsync("args/ok", "still subscribed", { qos: 1 });
    await eventCount(target, "message", 1);
    expect(target.espruino.uncaught).toEqual([]);
  });

  it("reports a failed attempt with an error and, with reconnect off, stops its tick", async () => {
    const port = await freePort();
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", { port: ${port}, client_id: "dev-nobody", reconnect: false }));
      mqtt.connect();
    `);
    await eventCount(target, "error", 1);
    expect(target.events()).toEqual([["error", "ConnectionLost"]]);
    await until(() => target.espruino.pendingTimers() === 0, "the tick stopped");
  });

  it("reports a refused connection with the broker's reason", async () => {
    const guarded = await startAedes({ version: 1, username: "device", password: "right" });
    cleanups.push(() => guarded.close());
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${guarded.port}, client_id: "dev-refused", username: "device", password: "wrong", reconnect: false
      }));
      mqtt.connect();
    `);
    await eventCount(target, "error", 1);
    expect(target.events()).toEqual([["error", "ConnectionRefused: Connection Refused, bad user name or password"]]);
  });
});

describe("MQTT 5 against aedes 2", () => {
  let broker5: RunningAedes;
  beforeAll(async () => {
    broker5 = await startAedes({ version: 2, username: "device", password: "right" });
  });
  afterAll(async () => {
    await broker5.close();
  });

  it("publishes with properties, subscribes with No Local and an identifier, receives properties, reports a refusal with its MQTT 5 reason", async () => {
    const other = await peer(broker5.port, 5, { username: "device", password: "right" });
    await other.client.subscribeAsync("v5/out", { qos: 1 });
    const target = device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${broker5.port}, client_id: "dev-v5", protocol_level: 5, username: "device", password: "right"
      }));
      mqtt.subscribe("v5/echo", { qos: 1, nl: true, properties: { subscriptionIdentifier: [7] } });
      mqtt.connect();
    `);
    await eventCount(target, "subscribed", 1);
    target.run(`mqtt.publish("v5/out", "hello", { qos: 1, properties: { contentType: "text/plain", userProperty: ["room", "kitchen"] } })`);
    await until(() => other.received.length === 1, "the MQTT 5 message");
    expect(other.received[0]).toMatchObject({ topic: "v5/out", message: "hello", qos: 1 });
    expect(other.received[0].properties).toMatchObject({ contentType: "text/plain", userProperties: { room: "kitchen" } });
    target.run(`mqtt.publish("v5/echo", "own", { qos: 1 })`);
    await eventCount(target, "puback", 2);
    await other.client.publishAsync("v5/echo", "peer", {
      qos: 1,
      properties: { contentType: "text/plain", responseTopic: "v5/reply", correlationData: Buffer.from([1, 0, 255]), userProperties: { room: "hall" } },
    });
    await eventCount(target, "message", 1);
    expect(target.eventsNamed("message")).toEqual([["v5/echo", "peer"]]);
    expect(target.eventsNamed("publish")).toEqual([
      [
        {
          topic: "v5/echo", message: "peer", dup: 0, qos: 1, retain: 0,
          properties: { contentType: "text/plain", responseTopic: "v5/reply", correlationData: "\x01\x00\xff", userProperty: ["room", "hall"], subscriptionIdentifier: 7 },
        },
      ],
    ]);

    const refused = device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${broker5.port}, client_id: "dev-v5-refused", protocol_level: 5, username: "device", password: "wrong", reconnect: false
      }));
      mqtt.connect();
    `);
    await eventCount(refused, "error", 1);
    expect(refused.events()).toEqual([["error", "ConnectionRefused: Bad User Name or Password"]]);
  });
});

describe.skipIf(!opensslAvailable())("TLS", () => {
  it("connects over TLS with the CA given as an option, and fails with an error against another CA", async () => {
    const certs = makeTestCerts();
    const secure = await startAedes({ version: 1, tls: { cert: certs.serverCert, key: certs.serverKey } });
    cleanups.push(() => secure.close());
    const other = await peer(secure.port);
    await other.client.subscribeAsync("tls/out", { qos: 1 });
    device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${secure.tlsPort}, client_id: "dev-tls", secure: true, ca: ${JSON.stringify(certs.ca)}
      }));
      mqtt.on("connected", function () { mqtt.publish("tls/out", "sealed", { qos: 1 }); });
      mqtt.connect();
    `);
    await until(() => other.received.length === 1, "the message sent over TLS");
    expect(other.received[0]).toMatchObject({ topic: "tls/out", message: "sealed" });
    const untrusting = device(`
      var mqtt = record(require("mote").create("127.0.0.1", {
        port: ${secure.tlsPort}, client_id: "dev-tls-other", secure: true, ca: ${JSON.stringify(certs.otherCa)}, reconnect: false
      }));
      mqtt.connect();
    `);
    await eventCount(untrusting, "error", 1);
    expect(untrusting.events()).toEqual([["error", "ConnectionLost"]]);
  });
});
