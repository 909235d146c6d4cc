/**
 * The client against aedes, with MQTT.js as the peer, on every runtime (the TypeScript source on
 * Node, the Espruino bundle, the Lua bundle): aedes 1.2 speaking MQTT 3.1.1 and aedes 2 speaking
 * MQTT 5, the client and the peer on the broker's version.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import mqtt from "mqtt";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { Status } from "../../src/mqtt/status";
import { CLIENT_RUNTIMES } from "./runtimes";
import { clientsPerTest, connected, until } from "./driver";

const BROKERS = [
  { label: "aedes 1.2 (MQTT 3.1.1)", aedes: 1 as const, version: 4 as const },
  { label: "aedes 2 (MQTT 5)", aedes: 2 as const, version: 5 as const },
];

describe.each(CLIENT_RUNTIMES.map((runtime) => [runtime.name, runtime] as const))("the client on %s", (_name, runtime) => {
  const start = clientsPerTest(runtime);

  describe.each(BROKERS)("against $label", ({ aedes, version }) => {
    let broker: RunningAedes;
    beforeAll(async () => {
      broker = await startAedes({ version: aedes });
    });
    afterAll(async () => {
      await broker.close();
    });
    const id = (name: string): string => `${runtime.name}-${name}`;
    const peerOf = (name: string) => mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: id(name), protocolVersion: version });

    it("connects, subscribes, and gets back what it publishes at QoS 0, 1 and 2", async () => {
      const test = start(broker.port, id("echo"), { version });
      await connected(test);
      expect(test.subscribe("home/#", 2)).toBe(Status.Success);
      await until(() => test.subscribed.length === 1, "SUBACK");
      expect(test.subscribed[0][1]).toEqual([2]);
      for (const qos of [0, 1, 2]) {
        expect(test.publish(`home/ground/living-room/q${qos}`, `reading ${qos}`, qos, false)).toBe(Status.Success);
      }
      await until(() => test.messages.length === 3 && test.published.length === 2, "three messages and two acknowledgements");
      expect(test.messages.map((message) => [message.topic, message.payload, message.qos]).sort()).toEqual([
        ["home/ground/living-room/q0", "reading 0", 0],
        ["home/ground/living-room/q1", "reading 1", 1],
        ["home/ground/living-room/q2", "reading 2", 2],
      ]);
      expect(test.published.map(([, code]) => code)).toEqual([0, 0]);
      expect(test.closes).toEqual([]);
    });

    it("subscribes before connecting, and the subscription goes out with the connection", async () => {
      const test = start(broker.port, id("early"), { version });
      expect(test.subscribe("early/#", 1)).toBe(Status.Success);
      expect(test.connect()).toBe(Status.Success);
      await until(() => test.connects.length === 1 && test.subscribed.length === 1, "CONNACK and SUBACK");
      expect(test.subscribed[0][1]).toEqual([1]);
      test.publish("early/x", "é ✓ UTF-8", 1, false);
      await until(() => test.messages.length === 1, "the message");
      expect(test.messages[0]).toMatchObject({ topic: "early/x", payload: "é ✓ UTF-8", qos: 1, retain: false, dup: false });
    });

    it("exchanges messages both ways with MQTT.js as the peer", async () => {
      const test = start(broker.port, id("peer"), { version });
      const peer = await peerOf("mqttjs-peer");
      try {
        await connected(test);
        test.subscribe("to-mote", 1);
        await until(() => test.subscribed.length === 1, "SUBACK");
        const peerReceived: string[] = [];
        peer.on("message", (topic, payload) => peerReceived.push(`${topic}=${payload.toString()}`));
        await peer.subscribeAsync("from-mote", { qos: 1 });
        await peer.publishAsync("to-mote", "hello mote", { qos: 1 });
        expect(test.publish("from-mote", "hello peer", 1, false)).toBe(Status.Success);
        await until(() => test.messages.length === 1 && peerReceived.length === 1 && test.published.length === 1, "both messages");
        expect(test.messages[0]).toMatchObject({ topic: "to-mote", payload: "hello mote", qos: 1 });
        expect(peerReceived).toEqual(["from-mote=hello peer"]);
      } finally {
        await peer.endAsync();
      }
    });

    it("queues what is published before connecting and sends it in order once connected", async () => {
      const test = start(broker.port, id("offline"), { version, queueCapacity: 256 });
      const peer = await peerOf("mqttjs-watch");
      try {
        const seen: string[] = [];
        peer.on("message", (_topic, payload) => seen.push(payload.toString()));
        await peer.subscribeAsync("queued/#", { qos: 1 });
        for (let index = 0; index < 5; index++) {
          expect(test.publish("queued/reading", `m${index}`, 1, false)).toBe(Status.Success);
        }
        let status = Status.Success;
        let accepted = 5;
        while (status === Status.Success) {
          status = test.publish("queued/reading", "filler that takes room", 1, false);
          if (status === Status.Success) accepted = accepted + 1;
        }
        expect(status).toBe(Status.QueueFull);
        await connected(test);
        await until(() => seen.length === accepted, `${accepted} queued messages`);
        expect(seen.slice(0, 5)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
        await until(() => test.published.length === accepted, "every PUBACK");
      } finally {
        await peer.endAsync();
      }
    });

    it("reconnects after the broker drops it and subscribes again", async () => {
      const test = start(broker.port, id("reconnect"), { version });
      await connected(test);
      test.subscribe("again/#", 1);
      await until(() => test.subscribed.length === 1, "SUBACK");
      const clients = (broker.broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> }).clients;
      clients[id("reconnect")].conn.destroy();
      await until(() => test.closes.length === 1, "the close");
      expect(test.closes[0]).toMatch(/^ConnectionLost/);
      await until(() => test.connects.length === 2 && test.subscribed.length === 2, "reconnect and a new SUBACK");
      test.publish("again/x", "after", 1, false);
      await until(() => test.messages.length === 1, "the message after reconnecting");
      expect(test.messages[0].payload).toBe("after");
    });

    it("unsubscribes", async () => {
      const test = start(broker.port, id("unsub"), { version });
      await connected(test);
      test.subscribe("gone/#", 0);
      await until(() => test.subscribed.length === 1, "SUBACK");
      expect(test.unsubscribe("gone/#")).toBe(Status.Success);
      await until(() => test.unsubscribed.length === 1, "UNSUBACK");
      test.publish("gone/x", "unheard", 1, false);
      test.publish("other", "marker", 1, false);
      await until(() => test.published.length === 2, "both PUBACKs");
      expect(test.messages).toEqual([]);
    });
  });
});
