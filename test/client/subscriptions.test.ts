/**
 * The client's subscription table against aedes 1.2 (which refuses `forbidden/` filters here):
 * filters remembered while offline go in one SUBSCRIBE with several filters and the SUBACK's code per filter reaches the application; a
 * SUBSCRIBE whose SUBACK was lost with the link is sent again after the reconnect, even when the
 * broker kept the session.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { startFaultProxy } from "../brokers/fault-proxy";
import { connectMqtt, closed } from "../brokers/mqtt-util";
import { clientSubscribe } from "../../src/mqtt/client-subscriptions";
import { Status } from "../../src/mqtt/status";
import { connected, until } from "./driver";
import { startNodeClient } from "./node-driver";

describe("the subscription table against aedes 1.2", () => {
  let broker: RunningAedes;
  let subscribePackets: string[][];
  beforeAll(async () => {
    broker = await startAedes({ version: 1 });
    const aedes = broker.broker as unknown as {
      authorizeSubscribe: (client: unknown, subscription: { topic: string } | null, callback: (error: Error | null, subscription: unknown) => void) => void;
      on(event: "subscribe", listener: (subscriptions: { topic: string }[]) => void): void;
    };
    aedes.authorizeSubscribe = (_client, subscription, callback) => callback(null, subscription?.topic.startsWith("forbidden/") ? null : subscription);
    subscribePackets = [];
    aedes.on("subscribe", (subscriptions) => subscribePackets.push(subscriptions.map(({ topic }) => topic)));
  });
  afterAll(async () => {
    await broker.close();
  });

  it("sends filters remembered offline together and reports the SUBACK code of each", async () => {
    const test = startNodeClient(broker.port, "mote-batch", () => undefined);
    try {
      expect(clientSubscribe(test.core, "ok/a", 1, false, false, 0, undefined)).toBe(Status.Success);
      expect(clientSubscribe(test.core, "forbidden/x", 0, false, false, 0, undefined)).toBe(Status.Success);
      expect(clientSubscribe(test.core, "ok/b", 2, false, false, 0, undefined)).toBe(Status.Success);
      expect(test.core.lastPacketId).toBe(0);
      await connected(test);
      await until(() => test.subscribed.length === 1, "one SUBACK");
      expect(test.subscribed[0][1]).toEqual([1, 0x80, 2]);
      expect(subscribePackets.at(-1)).toEqual(["ok/a", "forbidden/x", "ok/b"]);
    } finally {
      test.stop();
    }
  });

  it("refuses a bad filter or options at once, offline too, and keeps the table as it was", async () => {
    const test = startNodeClient(broker.port, "mote-bad-filter", (options) => {
      options.maximumPacketSize = 64;
    });
    try {
      expect(clientSubscribe(test.core, "ok/#", 1, false, false, 0, undefined)).toBe(Status.Success);
      expect(clientSubscribe(test.core, "bad/#/more", 1, false, false, 0, undefined)).toBe(Status.BadTopic);
      expect(clientSubscribe(test.core, "ok/qos", 3, false, false, 0, undefined)).toBe(Status.BadParameter);
      expect(clientSubscribe(test.core, `long/${"x".repeat(80)}`, 0, false, false, 0, undefined)).toBe(Status.PacketTooLarge);
      expect(test.core.subscriptions.count).toBe(1);
      await connected(test);
      await until(() => test.subscribed.length === 1, "the SUBACK");
      expect(test.subscribed[0][1]).toEqual([1]);
    } finally {
      test.stop();
    }
  });

  it("sends each filter once per connection when the application subscribes again in onConnect", async () => {
    const subscribedInOnConnect: Status[] = [];
    const test = startNodeClient(broker.port, "mote-again-in-connect", () => undefined);
    const events = test.core.events as { onConnect: (sessionPresent: boolean) => void };
    const record = events.onConnect;
    events.onConnect = (sessionPresent) => {
      subscribedInOnConnect.push(clientSubscribe(test.core, "again/kept", 1, false, false, 0, undefined));
      subscribedInOnConnect.push(clientSubscribe(test.core, "again/new", 0, false, false, 0, undefined));
      record(sessionPresent);
    };
    try {
      clientSubscribe(test.core, "again/kept", 1, false, false, 0, undefined);
      clientSubscribe(test.core, "again/other", 1, false, false, 0, undefined);
      const before = subscribePackets.length;
      await connected(test);
      await until(() => test.subscribed.length === 3, "three SUBACKs");
      expect(subscribedInOnConnect).toEqual([Status.Success, Status.Success]);
      expect(subscribePackets.slice(before).flat().sort()).toEqual(["again/kept", "again/new", "again/other"]);
    } finally {
      test.stop();
    }
  });

  it("sends a SUBSCRIBE again when its SUBACK was lost with the link, though the broker kept the session", async () => {
    const proxy = await startFaultProxy({ targetPort: broker.port });
    const test = startNodeClient(proxy.port, "mote-lost-suback", (options) => {
      options.cleanStart = false;
    });
    const peer = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`);
    try {
      await connected(test);
      clientSubscribe(test.core, "kept/one", 1, false, false, 0, undefined);
      await until(() => test.subscribed.length === 1, "the first SUBACK");
      proxy.setBlackhole(true);
      expect(clientSubscribe(test.core, "lost/suback", 1, false, false, 0, undefined)).toBe(Status.Success);
      const firstId = test.core.lastPacketId;
      expect(firstId).toBeGreaterThan(0);
      proxy.cutAll();
      proxy.setBlackhole(false);
      await until(() => test.connects.length === 2, "the reconnection");
      expect(test.connects[1]).toBe(true);
      await until(() => test.subscribed.length === 2, "the SUBACK on the new connection");
      expect(test.subscribed[1][0]).not.toBe(firstId);
      await peer.client.publishAsync("lost/suback", "arrived", { qos: 1 });
      await until(() => test.messages.length === 1, "the message");
      expect(test.messages[0].payload).toBe("arrived");
    } finally {
      test.stop();
      await peer.client.endAsync();
      await closed(peer.client);
      await proxy.close();
    }
  });
});
