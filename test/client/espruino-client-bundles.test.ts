/**
 * The client-only Espruino bundles (dist/espruino/mote-client.js and mote-client-311.js), built
 * with their internal property names shortened, in the Espruino-only context with the simulator's
 * `net` emulation: each connects to aedes and round-trips a QoS 1 message through its own
 * subscription. The whole client also does it in MQTT 5 with a property; the 3.1.1-only one
 * refuses to speak MQTT 5.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from "vitest";
import { startAedes } from "../brokers/aedes";
import type { RunningAedes } from "../brokers/aedes";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { createEspruinoNet } from "../../hal/sim/espruino-net";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { until } from "./driver";
import type { EspruinoView } from "./espruino-driver";

/** Status values the tests read (the client bundles export no statusName). */
const SUCCESS = 0;
const UNSUPPORTED_VERSION = 31;
/** The MQTT 5 Content Type property identifier. */
const CONTENT_TYPE = 0x03;

let aedes1: RunningAedes;
let aedes2: RunningAedes;
beforeAll(async () => {
  aedes1 = await startAedes({ version: 1 });
  aedes2 = await startAedes({ version: 2 });
});
afterAll(async () => {
  await aedes1.close();
  await aedes2.close();
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The bundle in `file`, a client from it for `clientId` at `port` (MQTT `version`), and what it reported. */
function bundleClient(file: string, port: number, clientId: string, version: number) {
  const espruino = loadEspruinoBundle(file, "mote-client", { timers: true });
  const emulation = createEspruinoNet({ realm: espruino.global, onError: espruino.report });
  espruino.addBuiltin("net", emulation.net);
  const mote = espruino.require("mote-client");
  const seen = { connects: 0, messages: [] as string[], contentTypes: [] as string[], published: [] as number[], subscribed: 0, closes: [] as string[] };
  const text = (store: Uint8Array, offset: number, length: number) => Buffer.from(store.subarray(offset, offset + length)).toString("utf8");
  const options = mote.defaultClientOptions("127.0.0.1", port, clientId);
  options.version = version;
  const client = mote.newClient(mote.platform, mote.newSocket(), options, {
    onConnect: () => {
      seen.connects += 1;
    },
    onClose: (status: number, reasonCode: number) => seen.closes.push(`${status}:${reasonCode}`),
    onMessage: (view: EspruinoView) => {
      seen.messages.push(`${text(view.store, view.topicOffset, view.topicLength)}=${text(view.store, view.payloadOffset, view.payloadLength)}@${view.qos}`);
      const at = view.properties.valueOffsets[CONTENT_TYPE];
      if (at >= 0) seen.contentTypes.push(text(view.store, at + 2, view.store[at] * 256 + view.store[at + 1]));
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
  return { mote, client, seen, uncaught: espruino.uncaught };
}

/** Subscribes, connects, publishes one QoS 1 message to itself, and waits for it and its PUBACK. */
async function roundTripQos1(file: string, port: number, version: number, properties: unknown) {
  const { mote, client, seen, uncaught } = bundleClient(file, port, `round-trip-${version}`, version);
  expect(mote.clientSubscribe(client, "espruino/+/state", 1, false, false, 0, undefined)).toBe(SUCCESS);
  expect(mote.clientConnect(client)).toBe(SUCCESS);
  await until(() => seen.connects === 1 && seen.subscribed === 1, "CONNACK and SUBACK");
  expect(mote.clientPublish(client, "espruino/lamp/state", "on", 0, 0, 1, false, properties)).toBe(SUCCESS);
  expect(client.lastPacketId).toBeGreaterThan(0);
  await until(() => seen.messages.length === 1 && seen.published.length === 1, "the message and its PUBACK");
  expect(seen.messages).toEqual(["espruino/lamp/state=on@1"]);
  expect(seen.published).toEqual([client.lastPacketId]);
  expect(seen.closes).toEqual([]);
  expect(uncaught).toEqual([]);
  return seen;
}

describe("the client bundles for Espruino, with shortened property names", () => {
  it("mote-client.js round-trips QoS 1 with aedes 1.2 (MQTT 3.1.1)", async () => {
    await roundTripQos1(ARTEFACTS.espruinoClient, aedes1.port, 4, undefined);
  });

  it("mote-client-311.js round-trips QoS 1 with aedes 1.2 (MQTT 3.1.1)", async () => {
    await roundTripQos1(ARTEFACTS.espruinoClient311, aedes1.port, 4, undefined);
  });

  it("mote-client.js round-trips QoS 1 in MQTT 5 with a Content Type, with aedes 2", async () => {
    const seen = await roundTripQos1(ARTEFACTS.espruinoClient, aedes2.port, 5, { contentType: "text/plain" });
    expect(seen.contentTypes).toEqual(["text/plain"]);
  });

  it("mote-client-311.js refuses MQTT 5: the attempt ends with UnsupportedVersion", async () => {
    const { mote, client, seen } = bundleClient(ARTEFACTS.espruinoClient311, aedes2.port, "no-mqtt5", 5);
    expect(mote.clientConnect(client)).toBe(SUCCESS);
    await until(() => seen.closes.length > 0, "the attempt to end");
    expect(seen.closes[0]).toBe(`${UNSUPPORTED_VERSION}:0`);
    expect(seen.connects).toBe(0);
  });
});
