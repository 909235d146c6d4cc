/**
 * The client against mosquitto (MQTT 5 and 3.1.1), with MQTT.js as the peer, on every runtime (the
 * TypeScript source on Node, the Espruino bundle, the Lua bundle). Skipped, with the reason
 * printed, when mosquitto is not installed.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import mqtt from "mqtt";
import { mosquittoAvailable, startMosquitto } from "../brokers/mosquitto";
import type { RunningMosquitto } from "../brokers/mosquitto";
import { FlightState } from "../../src/mqtt/client-state";
import { Status } from "../../src/mqtt/status";
import { CLIENT_RUNTIMES } from "./runtimes";
import { clientsPerTest, connected, until } from "./driver";

describe.skipIf(!mosquittoAvailable())("the client against mosquitto (MQTT 5 and 3.1.1)", () => {
  let broker: RunningMosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker.close();
  });

  describe.each(CLIENT_RUNTIMES.map((runtime) => [runtime.name, runtime] as const))("on %s", (name, runtime) => {
    const start = clientsPerTest(runtime);
    const id = (what: string): string => `${name}-${what}`;

    it("honours the Receive Maximum of 20 that mosquitto advertises", async () => {
      const test = start(broker.port, id("receive-maximum"), {
        version: 5,
        queueCapacity: 16384,
        maximumQueuedMessages: 64,
        maximumInflight: 64,
      });
      await connected(test);
      expect(test.serverReceiveMaximum()).toBe(20);
      for (let index = 0; index < 60; index++) {
        expect(test.publish("load/reading", `n${index}`, 1, false)).toBe(Status.Success);
      }
      const states = test.inflightStates();
      expect(states.filter((state) => state === FlightState.AwaitingPuback)).toHaveLength(20);
      expect(states.filter((state) => state === FlightState.Queued)).toHaveLength(40);
      await until(() => test.published.length === 60, "60 PUBACKs");
      expect(new Set(test.published.map(([packetId]) => packetId)).size).toBe(60);
    });

    it("delivers QoS 2 exactly once each way with MQTT.js over MQTT 5", async () => {
      const test = start(broker.port, id("qos2"), { version: 5 });
      const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: id("mqttjs-qos2"), protocolVersion: 5 });
      try {
        await connected(test);
        const peerReceived: string[] = [];
        peer.on("message", (_topic, payload) => peerReceived.push(payload.toString()));
        await peer.subscribeAsync(`${name}/qos2/from-mote`, { qos: 2 });
        test.subscribe(`${name}/qos2/to-mote`, 2);
        await until(() => test.subscribed.length === 1, "SUBACK");
        for (let index = 0; index < 10; index++) {
          await peer.publishAsync(`${name}/qos2/to-mote`, `p${index}`, { qos: 2 });
          expect(test.publish(`${name}/qos2/from-mote`, `m${index}`, 2, false)).toBe(Status.Success);
        }
        await until(() => test.messages.length === 10 && peerReceived.length === 10 && test.published.length === 10, "ten each way");
        expect(test.messages.map((message) => message.payload)).toEqual(Array.from({ length: 10 }, (_, index) => `p${index}`));
        expect(peerReceived.sort()).toEqual(Array.from({ length: 10 }, (_, index) => `m${index}`).sort());
        expect(test.inflightStates()).toEqual([]);
      } finally {
        await peer.endAsync();
      }
    });

    it("sends PINGREQ when idle and gets PINGRESP (keepalive 1 s)", async () => {
      const test = start(broker.port, id("ping"), { keepAliveSeconds: 1 });
      await connected(test);
      await until(() => test.pings >= 1, "a PINGRESP", 3000);
      expect(test.closes).toEqual([]);
    });

    it("is refused with bad credentials and says so with the CONNACK code", async () => {
      const secured = await startMosquitto({ username: "sensor", password: "right" });
      try {
        const test = start(secured.port, id("refused"), { version: 5, username: "sensor", password: "wrong", reconnect: false });
        test.connect();
        await until(() => test.closes.length === 1, "the refusal");
        // 0x86 Bad User Name or Password, or 0x87 Not authorized, which mosquitto 2.0 sends
        expect(test.closes[0]).toMatch(/^ConnectionRefused:13[45]$/);
        expect(test.connects).toEqual([]);
      } finally {
        await secured.close();
      }
    });
  });
});
