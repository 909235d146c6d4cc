/**
 * The will and the session on real brokers: the will (3.1.1 on aedes 1.2, MQTT 5 with a Will
 * Delay Interval on mosquitto) is published when the link dies and not after a DISCONNECT; an
 * MQTT 5 session with a Session Expiry Interval keeps the client's subscription and the QoS 1
 * messages sent to it while it was away.
 */
import { describe, it, expect } from "vitest";
import { startAedes } from "../brokers/aedes";
import { mosquittoAvailable, startMosquitto } from "../brokers/mosquitto";
import { startFaultProxy } from "../brokers/fault-proxy";
import { connectMqtt, closed } from "../brokers/mqtt-util";
import { sleep } from "../brokers/net-util";
import { clientConnect, clientDisconnect } from "../../src/mqtt/client";
import { clientSubscribe } from "../../src/mqtt/client-subscriptions";
import type { WillInfo } from "../../src/mqtt/packets";
import { connected, until } from "./driver";
import { startNodeClient } from "./node-driver";

function will(topic: string, payload: string, delaySeconds: number | undefined): WillInfo {
  return {
    topic,
    payload,
    payloadOffset: 0,
    payloadLength: 0,
    qos: 1,
    retain: false,
    properties: delaySeconds === undefined ? undefined : { willDelayInterval: delaySeconds },
  };
}

describe("the will", () => {
  it("is published by aedes 1.2 when the link dies, and not after a DISCONNECT", async () => {
    const broker = await startAedes({ version: 1 });
    const peer = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`);
    const seen: string[] = [];
    peer.client.on("message", (topic, payload) => seen.push(`${topic}=${payload}`));
    await peer.client.subscribeAsync("wills/#", { qos: 1 });
    const dying = startNodeClient(broker.port, "mote-will-dies", (options) => {
      options.will = will("wills/dies", "offline", undefined);
      options.reconnect = false;
    });
    const leaving = startNodeClient(broker.port, "mote-will-leaves", (options) => {
      options.will = will("wills/leaves", "offline", undefined);
    });
    try {
      await connected(dying);
      await connected(leaving);
      leaving.stop();
      const aedes = broker.broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> };
      aedes.clients["mote-will-dies"].conn.destroy();
      await until(() => seen.length === 1, "the will");
      await sleep(200);
      expect(seen).toEqual(["wills/dies=offline"]);
    } finally {
      dying.stop();
      await peer.client.endAsync();
      await closed(peer.client);
      await broker.close();
    }
  });

  it.skipIf(!mosquittoAvailable())("waits for the Will Delay Interval on mosquitto (MQTT 5): a reconnect within it cancels the will", async () => {
    const broker = await startMosquitto();
    const proxy = await startFaultProxy({ targetPort: broker.port });
    const peer = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5 });
    const seen: string[] = [];
    peer.client.on("message", (topic, payload) => seen.push(`${topic}=${payload}`));
    await peer.client.subscribeAsync("wills/#", { qos: 1 });
    const comesBack = startNodeClient(proxy.port, "mote-will-returns", (options) => {
      options.version = 5;
      options.sessionExpirySeconds = 30;
      options.will = will("wills/returns", "offline", 1);
    });
    const staysAway = startNodeClient(proxy.port, "mote-will-away", (options) => {
      options.version = 5;
      options.sessionExpirySeconds = 30;
      options.reconnect = false;
      options.will = will("wills/away", "offline", 1);
    });
    try {
      await connected(comesBack);
      await connected(staysAway);
      proxy.cutAll();
      await until(() => comesBack.connects.length === 2, "the reconnection");
      await until(() => seen.length === 1, "the delayed will", 4000);
      await sleep(300);
      expect(seen).toEqual(["wills/away=offline"]);
    } finally {
      comesBack.stop();
      staysAway.stop();
      await peer.client.endAsync();
      await closed(peer.client);
      await proxy.close();
      await broker.close();
    }
  });
});

describe.skipIf(!mosquittoAvailable())("an MQTT 5 session on mosquitto", () => {
  it("keeps the subscription and the QoS 1 messages sent while the client was away", async () => {
    const broker = await startMosquitto();
    const peer = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5 });
    const test = startNodeClient(broker.port, "mote-session", (options) => {
      options.version = 5;
      options.cleanStart = false;
      options.sessionExpirySeconds = 60;
    });
    try {
      await connected(test);
      expect(test.connects).toEqual([false]);
      clientSubscribe(test.core, "away/#", 1, false, false, 0, undefined);
      await until(() => test.subscribed.length === 1, "SUBACK");
      clientDisconnect(test.core, false);
      await sleep(100);
      for (const payload of ["one", "two", "three"]) await peer.client.publishAsync("away/news", payload, { qos: 1 });
      clientConnect(test.core);
      await until(() => test.messages.length === 3, "the three messages kept by the session");
      expect(test.connects).toEqual([false, true]);
      expect(test.messages.map(({ payload }) => payload)).toEqual(["one", "two", "three"]);
    } finally {
      test.stop();
      await peer.client.endAsync();
      await closed(peer.client);
      await broker.close();
    }
  });
});
