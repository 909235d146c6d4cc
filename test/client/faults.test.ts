/**
 * The client through a fault-injecting proxy that cuts the link after a random number of bytes
 * (mid-packet as often as not), splits writes and delays them: every QoS 1 message arrives at
 * least once, every QoS 2 message exactly once, and nothing queued is lost. The peer that counts
 * the messages (MQTT.js) talks to the broker directly.
 */
import { describe, it, expect } from "vitest";
import mqtt from "mqtt";
import { startAedes } from "../brokers/aedes";
import { startFaultProxy } from "../brokers/fault-proxy";
import { clientPublish } from "../../src/mqtt/client-publish";
import { Status } from "../../src/mqtt/status";
import { makeTestClient, until } from "./harness";
import { clientConnect } from "../../src/mqtt/client";

const MESSAGES = 400;

describe("the client across random cuts", () => {
  for (const qos of [1, 2]) {
    it(`delivers ${MESSAGES} QoS ${qos} messages ${qos === 1 ? "at least" : "exactly"} once through at least 100 cuts`, async () => {
      const broker = await startAedes({ version: 1 });
      const proxy = await startFaultProxy({ targetPort: broker.port, seed: 7 + qos, random: { cutAfterBytes: [30, 250], splitMaxChunk: 7 } });
      const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: `counter-${qos}`, clean: true });
      const test = makeTestClient(proxy.port, `mote-faults-${qos}`, (options) => {
        options.cleanStart = false;
        options.queueCapacity = 16384;
        options.maximumQueuedMessages = MESSAGES;
        options.maximumInflight = MESSAGES;
        options.minimumBackoffMs = 5;
        options.maximumBackoffMs = 20;
      });
      try {
        const counts = new Map<string, number>();
        peer.on("message", (_topic, payload) => counts.set(payload.toString(), (counts.get(payload.toString()) ?? 0) + 1));
        await peer.subscribeAsync("faults/#", { qos: 2 });
        for (let index = 0; index < MESSAGES; index++) {
          expect(clientPublish(test.client, "faults/reading", `m${index}`, 0, 0, qos, false, undefined)).toBe(Status.Success);
        }
        clientConnect(test.client);
        await until(() => test.published.length === MESSAGES, `${MESSAGES} acknowledgements`, 30000);
        await until(() => counts.size === MESSAGES, "every message at the peer", 10000);
        expect(proxy.stats.cuts).toBeGreaterThanOrEqual(100);
        const repeats = [...counts.values()].filter((count) => count > 1).length;
        if (qos === 2) expect(repeats).toBe(0);
        expect(new Set(test.published.map(([packetId]) => packetId)).size).toBe(MESSAGES);
        console.log(`QoS ${qos}: ${proxy.stats.cuts} cuts, ${test.connects.length} connections, ${repeats} messages delivered more than once`);
      } finally {
        test.stop();
        await peer.endAsync();
        await proxy.close();
        await broker.close();
      }
    }, 60000);
  }
});
