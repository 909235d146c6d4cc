import { describe, it, expect, beforeAll, afterAll } from "vitest";
import mqtt from "mqtt";
import { mosquittoAvailable, startMosquitto } from "../brokers/mosquitto";
import type { RunningMosquitto } from "../brokers/mosquitto";
import { clientPublish } from "../../src/mqtt/client-publish";
import { clientSubscribe } from "../../src/mqtt/client-subscriptions";
import { FlightState } from "../../src/mqtt/client-state";
import { inflightCount } from "../../src/mqtt/session";
import { Status } from "../../src/mqtt/status";
import { makeTestClient, connected, until } from "./harness";

describe.skipIf(!mosquittoAvailable())("the core client against mosquitto (MQTT 5 and 3.1.1)", () => {
  let broker: RunningMosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker.close();
  });

  it("honours the Receive Maximum of 20 that mosquitto advertises", async () => {
    const test = makeTestClient(broker.port, "mote-receive-maximum", (options) => {
      options.version = 5;
      options.queueCapacity = 16384;
      options.maximumQueuedMessages = 64;
      options.maximumInflight = 64;
    });
    try {
      await connected(test);
      expect(test.client.serverReceiveMaximum).toBe(20);
      for (let index = 0; index < 60; index++) {
        expect(clientPublish(test.client, "load/reading", `n${index}`, 0, 0, 1, false, undefined)).toBe(Status.Success);
      }
      const session = test.client.session;
      const states = Array.from({ length: inflightCount(session) }, (_, slot) => session.inflightStates[slot]);
      expect(states.filter((state) => state === FlightState.AwaitingPuback)).toHaveLength(20);
      expect(states.filter((state) => state === FlightState.Queued)).toHaveLength(40);
      await until(() => test.published.length === 60, "60 PUBACKs");
      expect(new Set(test.published.map(([packetId]) => packetId)).size).toBe(60);
    } finally {
      test.stop();
    }
  });

  it("delivers QoS 2 exactly once each way with MQTT.js over MQTT 5", async () => {
    const test = makeTestClient(broker.port, "mote-qos2", (options) => {
      options.version = 5;
    });
    const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "mqttjs-qos2", protocolVersion: 5 });
    try {
      await connected(test);
      const peerReceived: string[] = [];
      peer.on("message", (_topic, payload) => peerReceived.push(payload.toString()));
      await peer.subscribeAsync("qos2/from-mote", { qos: 2 });
      clientSubscribe(test.client, "qos2/to-mote", 2, false, false, 0, undefined);
      await until(() => test.subscribed.length === 1, "SUBACK");
      for (let index = 0; index < 10; index++) {
        await peer.publishAsync("qos2/to-mote", `p${index}`, { qos: 2 });
        expect(clientPublish(test.client, "qos2/from-mote", `m${index}`, 0, 0, 2, false, undefined)).toBe(Status.Success);
      }
      await until(() => test.messages.length === 10 && peerReceived.length === 10 && test.published.length === 10, "ten each way");
      expect(test.messages.map((message) => message.payload)).toEqual(Array.from({ length: 10 }, (_, index) => `p${index}`));
      expect(peerReceived.sort()).toEqual(Array.from({ length: 10 }, (_, index) => `m${index}`).sort());
      expect(inflightCount(test.client.session)).toBe(0);
    } finally {
      test.stop();
      await peer.endAsync();
    }
  });

  it("sends PINGREQ when idle and gets PINGRESP (keepalive 1 s)", async () => {
    const test = makeTestClient(broker.port, "mote-ping", (options) => {
      options.keepAliveSeconds = 1;
    });
    try {
      await connected(test);
      await until(() => test.pings >= 1, "a PINGRESP", 3000);
      expect(test.closes).toEqual([]);
    } finally {
      test.stop();
    }
  });

  it("is refused with bad credentials and says so with the CONNACK code", async () => {
    const secured = await startMosquitto({ username: "sensor", password: "right" });
    const test = makeTestClient(secured.port, "mote-refused", (options) => {
      options.version = 5;
      options.username = "sensor";
      options.password = "wrong";
      options.reconnect = false;
    });
    try {
      const { clientConnect } = await import("../../src/mqtt/client");
      clientConnect(test.client);
      await until(() => test.closes.length === 1, "the refusal");
      // 0x86 Bad User Name or Password, or 0x87 Not authorized, which mosquitto 2.0 sends
      expect(test.closes[0]).toMatch(/^ConnectionRefused:13[45]$/);
      expect(test.connects).toEqual([]);
    } finally {
      test.stop();
      await secured.close();
    }
  });
});
