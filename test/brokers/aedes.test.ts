import { describe, expect, it } from "vitest";
import { startAedes } from "./aedes";
import { makeTestCerts, opensslAvailable } from "./certs";
import { checkQos1Delivery, connectMqtt } from "./mqtt-util";
import { activeHandles, handlesBackTo, portAccepts, portIsFree } from "./net-util";

/** The in-process aedes brokers: versions, authentication, TLS, and a clean close. */

describe("aedes 1.2 (MQTT 3.1.1)", () => {
  it("delivers a QoS 1 message from one client to another", async () => {
    const aedes = await startAedes({ version: 1 });
    try {
      expect((aedes.broker as unknown as { version: string }).version).toBe("1.2.0");
      const { subscriberConnack } = await checkQos1Delivery(`mqtt://127.0.0.1:${aedes.port}`, 4);
      expect(subscriberConnack.returnCode).toBe(0);
    } finally {
      await aedes.close();
    }
  });

  it("refuses an MQTT 5 CONNECT", async () => {
    const aedes = await startAedes({ version: 1 });
    try {
      // CONNACK return code 1: unacceptable protocol version.
      await expect(connectMqtt(`mqtt://127.0.0.1:${aedes.port}`, { protocolVersion: 5 })).rejects.toThrow(
        /Unacceptable protocol version/,
      );
    } finally {
      await aedes.close();
    }
  });

  it("checks user name and password when asked to", async () => {
    const aedes = await startAedes({ version: 1, username: "device", password: "s3cret" });
    const url = `mqtt://127.0.0.1:${aedes.port}`;
    try {
      const good = await connectMqtt(url, { username: "device", password: "s3cret" });
      expect(good.connack.returnCode).toBe(0);
      await good.client.endAsync();
      await expect(connectMqtt(url, { username: "device", password: "wrong" })).rejects.toThrow(
        /Bad username or password/i,
      );
      await expect(connectMqtt(url)).rejects.toThrow(/Bad username or password/i);
    } finally {
      await aedes.close();
    }
  });

  it("frees its port and ends open connections on close, leaving no handle open", async () => {
    const before = activeHandles();
    const aedes = await startAedes({ version: 1 });
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${aedes.port}`);
    const clientClosed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    await aedes.close();
    await clientClosed;
    expect(await portAccepts(aedes.port)).toBe(false);
    expect(await portIsFree(aedes.port)).toBe(true);
    await aedes.close(); // a second close is harmless
    client.end(true);
    await handlesBackTo(before);
  });
});

describe("aedes 2.0.0-beta.1 (MQTT 5)", () => {
  it("delivers a QoS 1 message from one client to another over MQTT 5", async () => {
    const aedes = await startAedes({ version: 2 });
    try {
      expect((aedes.broker as unknown as { version: string }).version).toBe("2.0.0-beta.1");
      const { subscriberConnack } = await checkQos1Delivery(`mqtt://127.0.0.1:${aedes.port}`, 5);
      expect(subscriberConnack.reasonCode).toBe(0);
    } finally {
      await aedes.close();
    }
  });

  it("still speaks MQTT 3.1.1", async () => {
    const aedes = await startAedes({ version: 2 });
    try {
      await checkQos1Delivery(`mqtt://127.0.0.1:${aedes.port}`, 4);
    } finally {
      await aedes.close();
    }
  });

  it("passes broker options through (Receive Maximum advertised in CONNACK)", async () => {
    const aedes = await startAedes({ version: 2, aedes: { receiveMaximum: 7 } });
    try {
      const { client, connack } = await connectMqtt(`mqtt://127.0.0.1:${aedes.port}`, { protocolVersion: 5 });
      expect(connack.properties?.receiveMaximum).toBe(7);
      await client.endAsync();
    } finally {
      await aedes.close();
    }
  });

  it("refuses a bad password with reason code 0x86", async () => {
    const aedes = await startAedes({ version: 2, username: "device", password: "s3cret" });
    const url = `mqtt://127.0.0.1:${aedes.port}`;
    try {
      const good = await connectMqtt(url, { protocolVersion: 5, username: "device", password: "s3cret" });
      expect(good.connack.reasonCode).toBe(0);
      await good.client.endAsync();
      const refused = await connectMqtt(url, { protocolVersion: 5, username: "device", password: "nope" }).then(
        () => undefined,
        (error: Error & { code?: number }) => error,
      );
      expect(refused).toBeInstanceOf(Error);
      expect(refused?.code).toBe(0x86);
    } finally {
      await aedes.close();
    }
  });

  it("frees its port on close, leaving no handle open", async () => {
    const before = activeHandles();
    const aedes = await startAedes({ version: 2 });
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${aedes.port}`, { protocolVersion: 5 });
    const clientClosed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    await aedes.close();
    await clientClosed;
    expect(await portIsFree(aedes.port)).toBe(true);
    client.end(true);
    await handlesBackTo(before);
  });
});

describe.skipIf(!opensslAvailable())("aedes over TLS", () => {
  it("delivers over TLS with the test CA, and requires a client certificate when asked", async () => {
    const certs = makeTestCerts();
    const aedes = await startAedes({
      version: 1,
      tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requireCertificate: true },
    });
    const url = `mqtts://127.0.0.1:${aedes.tlsPort}`;
    try {
      await checkQos1Delivery(url, 4, { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
      await expect(connectMqtt(url, { ca: certs.ca })).rejects.toThrow();
    } finally {
      await aedes.close();
    }
    expect(await portIsFree(aedes.tlsPort as number)).toBe(true);
  });
});
