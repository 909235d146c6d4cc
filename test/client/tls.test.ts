/**
 * The core client over TLS on Node (the Node socket's `secure` opens): MQTT over TLS to aedes 1.2
 * and to mosquitto with a client certificate (mutual TLS), MQTT.js as the peer; a server whose
 * certificate does not verify is refused, and the client keeps retrying without losing what it
 * queued.
 */
import { describe, it, expect } from "vitest";
import { startAedes } from "../brokers/aedes";
import { mosquittoAvailable, startMosquitto } from "../brokers/mosquitto";
import { opensslAvailable, makeTestCerts } from "../brokers/certs";
import { connectMqtt, closed } from "../brokers/mqtt-util";
import { newClient, clientConnect, clientPoll, clientDisconnect } from "../../src/mqtt/client";
import { clientPublish } from "../../src/mqtt/client-publish";
import { defaultClientOptions } from "../../src/mqtt/client-state";
import { Status, statusName } from "../../src/mqtt/status";
import { nodePlatform } from "../../hal/sim/node-platform";
import { newNodeSocket } from "../../hal/sim/node-socket";
import type { NodeSocketTlsOptions } from "../../hal/sim/node-socket";
import { until } from "./driver";
import { clientEvents } from "./client-events";

/** A core client over a Node TLS socket with `tlsOptions`, ticking, recording connects and closes. */
function tlsClient(port: number, clientId: string, version: number, tlsOptions: NodeSocketTlsOptions) {
  const options = defaultClientOptions("127.0.0.1", port, clientId);
  options.secure = true;
  options.version = version;
  options.minimumBackoffMs = 50;
  options.maximumBackoffMs = 200;
  const seen = { connects: 0, closes: [] as string[], published: [] as number[] };
  const client = newClient(nodePlatform, newNodeSocket(tlsOptions), options, clientEvents({
    onConnect: () => {
      seen.connects += 1;
    },
    onClose: (status, reasonCode) => seen.closes.push(`${statusName(status)}:${reasonCode}`),
    onPublished: (packetId) => seen.published.push(packetId),
  }));
  const tick = setInterval(() => clientPoll(client, nodePlatform.nowMs()), 5);
  return {
    client,
    seen,
    stop() {
      clearInterval(tick);
      clientDisconnect(client, false);
    },
  };
}

describe.skipIf(!opensslAvailable())("the core client over TLS", () => {
  it("publishes QoS 1 over TLS to aedes, received by MQTT.js over TLS", async () => {
    const certs = makeTestCerts();
    const broker = await startAedes({ version: 1, tls: { cert: certs.serverCert, key: certs.serverKey } });
    const peer = await connectMqtt(`mqtts://127.0.0.1:${broker.tlsPort}`, { ca: certs.ca });
    const tested = tlsClient(broker.tlsPort as number, "mote-tls-aedes", 4, { ca: certs.ca });
    try {
      const seen: string[] = [];
      peer.client.on("message", (topic, payload) => seen.push(`${topic}=${payload}`));
      await peer.client.subscribeAsync("secure/#", { qos: 1 });
      clientConnect(tested.client);
      await until(() => tested.seen.connects === 1, "CONNACK over TLS");
      expect(clientPublish(tested.client, "secure/one", "over tls", 0, 0, 1, false, undefined)).toBe(Status.Success);
      await until(() => seen.length === 1 && tested.seen.published.length === 1, "delivery and PUBACK");
      expect(seen).toEqual(["secure/one=over tls"]);
    } finally {
      tested.stop();
      await peer.client.endAsync();
      await closed(peer.client);
      await broker.close();
    }
  });

  it.skipIf(!mosquittoAvailable())("connects to mosquitto with a client certificate (MQTT 5), and keeps its queue while the server cannot be trusted", async () => {
    const certs = makeTestCerts();
    const broker = await startMosquitto({ tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requireCertificate: true } });
    const distrusting = tlsClient(broker.tlsPort as number, "mote-tls-distrust", 5, { ca: certs.otherCa, cert: certs.clientCert, key: certs.clientKey });
    const trusting = tlsClient(broker.tlsPort as number, "mote-mtls", 5, { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
    try {
      for (let index = 0; index < 3; index++) {
        expect(clientPublish(distrusting.client, "secure/queued", `q${index}`, 0, 0, 1, false, undefined)).toBe(Status.Success);
      }
      clientConnect(distrusting.client);
      await until(() => distrusting.seen.closes.length >= 3, "three refused attempts");
      expect(distrusting.seen.connects).toBe(0);
      expect(new Set(distrusting.seen.closes)).toEqual(new Set(["ConnectionLost:1"]));
      expect(distrusting.client.queue.liveRecords).toBe(3);
      clientConnect(trusting.client);
      await until(() => trusting.seen.connects === 1, "CONNACK over mutual TLS");
      expect(clientPublish(trusting.client, "secure/mtls", "hello", 0, 0, 2, false, undefined)).toBe(Status.Success);
      await until(() => trusting.seen.published.length === 1, "PUBCOMP over mutual TLS");
    } finally {
      distrusting.stop();
      trusting.stop();
      await broker.close();
    }
  });
});
