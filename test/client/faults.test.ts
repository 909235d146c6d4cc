/**
 * The client through a fault-injecting proxy that cuts the link after a random number of bytes
 * (mid-packet as often as not), splits writes and delays them, on every runtime (the TypeScript
 * source on Node, the Espruino bundle, the Lua bundle): every QoS 1 message arrives at least once,
 * every QoS 2 message exactly once, and nothing queued is lost. The peer that counts the messages
 * (MQTT.js) talks to the broker directly.
 *
 * Each run sees at least MINIMUM_CUTS cuts: the proxy cuts each connection after 30-250 bytes, so
 * the bytes a run carries set how many. The Lua bundle, on fengari about 100 times slower than V8,
 * sends fewer messages with longer payloads: as many cuts, in a few seconds.
 */
import { describe, it, expect } from "vitest";
import mqtt from "mqtt";
import { startAedes } from "../brokers/aedes";
import { startFaultProxy } from "../brokers/fault-proxy";
import { Status } from "../../src/mqtt/status";
import type { RuntimeName } from "./driver";
import { clientsPerTest, until } from "./driver";
import { CLIENT_RUNTIMES } from "./runtimes";

const MINIMUM_CUTS = 200;

/** Messages per run and the length of each payload, per runtime. */
const LOAD: Record<RuntimeName, { messages: number; payloadLength: number }> = {
  node: { messages: 400, payloadLength: 40 },
  espruino: { messages: 400, payloadLength: 40 },
  lua: { messages: 100, payloadLength: 120 },
};

/** The payload of message `index`: its number, padded to `length` characters. */
function payloadOf(index: number, length: number): string {
  return `m${index}:`.padEnd(length, ".");
}

describe.each(CLIENT_RUNTIMES.map((runtime) => [runtime.name, runtime] as const))("the client on %s across random cuts", (name, runtime) => {
  const start = clientsPerTest(runtime);
  const { messages, payloadLength } = LOAD[name];

  for (const qos of [1, 2]) {
    it(`delivers ${messages} QoS ${qos} messages ${qos === 1 ? "at least" : "exactly"} once through at least ${MINIMUM_CUTS} cuts`, async () => {
      const broker = await startAedes({ version: 1 });
      const proxy = await startFaultProxy({ targetPort: broker.port, seed: 7 + qos, random: { cutAfterBytes: [30, 250], splitMaxChunk: 7 } });
      const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: `counter-${qos}`, clean: true });
      const started = Date.now();
      try {
        const test = start(proxy.port, `mote-faults-${qos}`, {
          cleanStart: false,
          queueCapacity: 65536,
          maximumQueuedMessages: messages,
          maximumInflight: messages,
          minimumBackoffMs: 5,
          maximumBackoffMs: 20,
          // The outbox holds two packets of this size: a connection that lives for a few hundred
          // bytes is not first handed kilobytes of resent messages (slow to copy on fengari).
          maximumPacketSize: 256,
        });
        const counts = new Map<string, number>();
        peer.on("message", (_topic, payload) => counts.set(payload.toString(), (counts.get(payload.toString()) ?? 0) + 1));
        await peer.subscribeAsync("faults/#", { qos: 2 });
        for (let index = 0; index < messages; index++) {
          expect(test.publish("faults/reading", payloadOf(index, payloadLength), qos, false)).toBe(Status.Success);
        }
        test.connect();
        await until(() => test.published.length === messages, `${messages} acknowledgements`, 60000);
        await until(() => counts.size === messages, "every message at the peer", 10000);
        const repeats = [...counts.values()].filter((count) => count > 1).length;
        console.log(
          `${name}, QoS ${qos}: ${messages} messages of ${payloadLength} bytes, ${proxy.stats.cuts} cuts, ${test.connects.length} connections, ` +
            `${repeats} messages delivered more than once, ${Date.now() - started} ms`,
        );
        expect(proxy.stats.cuts).toBeGreaterThanOrEqual(MINIMUM_CUTS);
        expect([...counts.keys()].sort()).toEqual(Array.from({ length: messages }, (_, index) => payloadOf(index, payloadLength)).sort());
        if (qos === 2) expect(repeats).toBe(0);
        expect(new Set(test.published.map(([packetId]) => packetId)).size).toBe(messages);
      } finally {
        await peer.endAsync();
        await proxy.close();
        await broker.close();
      }
    }, 90000);
  }
});
