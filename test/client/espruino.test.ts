/**
 * The core client as built into the Espruino bundle (dist/espruino/mote.js), in the Espruino-only
 * context with the simulator's `net` emulation and the bundle's own Espruino Socket, against
 * aedes on 127.0.0.1, with MQTT.js as the peer: the same exchanges test/client/aedes.test.ts
 * proves on Node.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import mqtt from "mqtt";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { loadEspruinoBundle } from "../runtimes/espruino-vm";
import { createEspruinoNet } from "../../hal/sim/espruino-net";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { until } from "./harness";

let broker: RunningAedes;
beforeAll(async () => {
  broker = await startAedes({ version: 1 });
});
afterAll(async () => {
  await broker.close();
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The bundle in its context, a client from it for `clientId`, and what the client reported. */
function espruinoClient(clientId: string) {
  const espruino = loadEspruinoBundle(ARTEFACTS.espruino, "mote", { timers: true });
  const emulation = createEspruinoNet({ realm: espruino.global, onError: espruino.report });
  espruino.addBuiltin("net", emulation.net);
  const mote = espruino.require("mote");
  const seen = { connects: 0, messages: [] as string[], published: [] as number[], subscribed: 0, closes: [] as string[] };
  const options = mote.defaultClientOptions("127.0.0.1", broker.port, clientId);
  const client = mote.newClient(mote.platform, mote.newSocket(), options, {
    onConnect: () => {
      seen.connects += 1;
    },
    onClose: (status: number, reasonCode: number) => seen.closes.push(`${mote.statusName(status)}:${reasonCode}`),
    onMessage: (view: { store: Uint8Array; topicOffset: number; topicLength: number; payloadOffset: number; payloadLength: number; qos: number }) => {
      const text = (offset: number, length: number) => Buffer.from(view.store.subarray(offset, offset + length)).toString("utf8");
      seen.messages.push(`${text(view.topicOffset, view.topicLength)}=${text(view.payloadOffset, view.payloadLength)}@${view.qos}`);
    },
    onPublished: (packetId: number) => seen.published.push(packetId),
    onSubscribed: () => {
      seen.subscribed += 1;
    },
    onUnsubscribed: () => undefined,
    onPingResponse: () => undefined,
    onAuth: () => undefined,
  });
  const tick = setInterval(() => mote.clientPoll(client, mote.platform.nowMs()), 5);
  cleanups.push(() => {
    clearInterval(tick);
    mote.clientDisconnect(client, false);
    emulation.destroyAll();
    espruino.clearTimers();
  });
  return { mote, client, seen, uncaught: () => espruino.uncaught };
}

describe("the core client on the Espruino bundle", () => {
  it("connects, subscribes, and gets back what it publishes at QoS 0, 1 and 2", async () => {
    const { mote, client, seen } = espruinoClient("espruino-echo");
    expect(mote.statusName(mote.clientSubscribe(client, "home/#", 2, false, false, 0, undefined))).toBe("Success");
    expect(mote.statusName(mote.clientConnect(client))).toBe("Success");
    await until(() => seen.connects === 1 && seen.subscribed === 1, "CONNACK and SUBACK");
    for (const qos of [0, 1, 2]) {
      expect(mote.statusName(mote.clientPublish(client, `home/kitchen/q${qos}`, `reading ${qos}`, 0, 0, qos, false, undefined))).toBe("Success");
    }
    await until(() => seen.messages.length === 3 && seen.published.length === 2, "three messages and two acknowledgements");
    expect(seen.messages.sort()).toEqual(["home/kitchen/q0=reading 0@0", "home/kitchen/q1=reading 1@1", "home/kitchen/q2=reading 2@2"]);
    expect(seen.closes).toEqual([]);
  });

  it("exchanges QoS 1 messages both ways with MQTT.js", async () => {
    const { mote, client, seen } = espruinoClient("espruino-peer");
    const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "mqttjs-espruino" });
    cleanups.push(() => void peer.end(true));
    const peerReceived: string[] = [];
    peer.on("message", (topic, payload) => peerReceived.push(`${topic}=${payload.toString()}`));
    await peer.subscribeAsync("from-espruino", { qos: 1 });
    mote.clientSubscribe(client, "to-espruino", 1, false, false, 0, undefined);
    mote.clientConnect(client);
    await until(() => seen.subscribed === 1, "SUBACK");
    await peer.publishAsync("to-espruino", "hello device", { qos: 1 });
    mote.clientPublish(client, "from-espruino", "hello peer", 0, 0, 1, false, undefined);
    await until(() => seen.messages.length === 1 && peerReceived.length === 1 && seen.published.length === 1, "both ways");
    expect(seen.messages).toEqual(["to-espruino=hello device@1"]);
    expect(peerReceived).toEqual(["from-espruino=hello peer"]);
  });
});
