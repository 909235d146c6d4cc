import { describe, it, expect, beforeAll, afterAll } from "vitest";
import mqtt from "mqtt";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { clientPublish } from "../../src/mqtt/client-publish";
import { clientSubscribe, clientUnsubscribe } from "../../src/mqtt/client-subscriptions";
import { Status } from "../../src/mqtt/status";
import { makeTestClient, connected, until } from "./harness";

let broker: RunningAedes;
beforeAll(async () => {
  broker = await startAedes({ version: 1 });
});
afterAll(async () => {
  await broker.close();
});

describe("the core client against aedes (MQTT 3.1.1)", () => {
  it("connects, subscribes, and gets back what it publishes at QoS 0, 1 and 2", async () => {
    const test = makeTestClient(broker.port, "mote-echo", () => {});
    try {
      await connected(test);
      expect(clientSubscribe(test.client, "home/#", 2, false, false, 0, undefined)).toBe(Status.Success);
      await until(() => test.subscribed.length === 1, "SUBACK");
      expect(test.subscribed[0][1]).toEqual([2]);
      for (const qos of [0, 1, 2]) {
        expect(clientPublish(test.client, `home/ground/living-room/q${qos}`, `reading ${qos}`, 0, 0, qos, false, undefined)).toBe(Status.Success);
      }
      await until(() => test.messages.length === 3 && test.published.length === 2, "three messages and two acknowledgements");
      expect(test.messages.map((message) => [message.topic, message.payload, message.qos]).sort()).toEqual([
        ["home/ground/living-room/q0", "reading 0", 0],
        ["home/ground/living-room/q1", "reading 1", 1],
        ["home/ground/living-room/q2", "reading 2", 2],
      ]);
      expect(test.published.map(([, code]) => code)).toEqual([0, 0]);
    } finally {
      test.stop();
    }
  });

  it("exchanges messages both ways with MQTT.js as the peer", async () => {
    const test = makeTestClient(broker.port, "mote-peer", () => {});
    const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "mqttjs-peer", protocolVersion: 4 });
    try {
      await connected(test);
      clientSubscribe(test.client, "to-mote", 1, false, false, 0, undefined);
      await until(() => test.subscribed.length === 1, "SUBACK");
      const peerReceived: string[] = [];
      peer.on("message", (topic, payload) => peerReceived.push(`${topic}=${payload.toString()}`));
      await peer.subscribeAsync("from-mote", { qos: 1 });
      await peer.publishAsync("to-mote", "hello mote", { qos: 1 });
      expect(clientPublish(test.client, "from-mote", "hello peer", 0, 0, 1, false, undefined)).toBe(Status.Success);
      await until(() => test.messages.length === 1 && peerReceived.length === 1, "both messages");
      expect(test.messages[0]).toMatchObject({ topic: "to-mote", payload: "hello mote", qos: 1 });
      expect(peerReceived).toEqual(["from-mote=hello peer"]);
    } finally {
      test.stop();
      await peer.endAsync();
    }
  });

  it("queues what is published before connecting and sends it in order once connected", async () => {
    const test = makeTestClient(broker.port, "mote-offline", (options) => {
      options.queueCapacity = 256;
    });
    const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "mqttjs-watch" });
    try {
      const seen: string[] = [];
      peer.on("message", (_topic, payload) => seen.push(payload.toString()));
      await peer.subscribeAsync("queued/#", { qos: 1 });
      for (let index = 0; index < 5; index++) {
        expect(clientPublish(test.client, "queued/reading", `m${index}`, 0, 0, 1, false, undefined)).toBe(Status.Success);
      }
      let status = Status.Success;
      let accepted = 5;
      while (status === Status.Success) {
        status = clientPublish(test.client, "queued/reading", "filler that takes room", 0, 0, 1, false, undefined);
        if (status === Status.Success) accepted = accepted + 1;
      }
      expect(status).toBe(Status.QueueFull);
      await connected(test);
      await until(() => seen.length === accepted, `${accepted} queued messages`);
      expect(seen.slice(0, 5)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
      await until(() => test.published.length === accepted, "every PUBACK");
    } finally {
      test.stop();
      await peer.endAsync();
    }
  });

  it("reconnects after the broker drops it and subscribes again", async () => {
    const test = makeTestClient(broker.port, "mote-reconnect", () => {});
    try {
      await connected(test);
      clientSubscribe(test.client, "again/#", 1, false, false, 0, undefined);
      await until(() => test.subscribed.length === 1, "SUBACK");
      const aedes = broker.broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> };
      aedes.clients["mote-reconnect"].conn.destroy();
      await until(() => test.closes.length === 1, "the close");
      expect(test.closes[0]).toMatch(/^ConnectionLost/);
      await until(() => test.connects.length === 2 && test.subscribed.length === 2, "reconnect and a new SUBACK");
      clientPublish(test.client, "again/x", "after", 0, 0, 1, false, undefined);
      await until(() => test.messages.length === 1, "the message after reconnecting");
      expect(test.messages[0].payload).toBe("after");
    } finally {
      test.stop();
    }
  });

  it("unsubscribes", async () => {
    const test = makeTestClient(broker.port, "mote-unsub", () => {});
    try {
      await connected(test);
      clientSubscribe(test.client, "gone/#", 0, false, false, 0, undefined);
      await until(() => test.subscribed.length === 1, "SUBACK");
      expect(clientUnsubscribe(test.client, "gone/#", undefined)).toBe(Status.Success);
      await until(() => test.unsubscribed.length === 1, "UNSUBACK");
      clientPublish(test.client, "gone/x", "unheard", 0, 0, 1, false, undefined);
      clientPublish(test.client, "other", "marker", 0, 0, 1, false, undefined);
      await until(() => test.published.length === 2, "both PUBACKs");
      expect(test.messages).toEqual([]);
    } finally {
      test.stop();
    }
  });
});
