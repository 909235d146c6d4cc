import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { makeTestCerts, opensslAvailable } from "./certs";
import { mosquittoAvailable, startMosquitto } from "./mosquitto";
import { checkQos1Delivery, connectMqtt } from "./mqtt-util";
import { activeHandles, handlesBackTo, portAccepts, portIsFree } from "./net-util";

/** Debian's mosquitto as a child process: protocols, transports, authentication, clean stop. */

function mosquittoPids(): number[] {
  try {
    return execFileSync("pgrep", ["-x", "mosquitto"], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(Number);
  } catch {
    return [];
  }
}

describe.skipIf(!mosquittoAvailable())("mosquitto", () => {
  it("delivers QoS 1 over MQTT 3.1.1 and MQTT 5, advertising Receive Maximum 20", async () => {
    const broker = await startMosquitto();
    try {
      expect(broker.config).toContain(`listener ${broker.port} 127.0.0.1`);
      expect(broker.config).toContain("set_tcp_nodelay true");
      const v4 = await checkQos1Delivery(`mqtt://127.0.0.1:${broker.port}`, 4);
      expect(v4.subscriberConnack.returnCode).toBe(0);
      const v5 = await checkQos1Delivery(`mqtt://127.0.0.1:${broker.port}`, 5);
      expect(v5.subscriberConnack.reasonCode).toBe(0);
      expect(v5.subscriberConnack.properties?.receiveMaximum).toBe(20);
      expect(broker.log()).toMatch(/New client connected from 127\.0\.0\.1/);
    } finally {
      await broker.close();
    }
  });

  it("serves MQTT over WebSockets on 127.0.0.1 only", async () => {
    const broker = await startMosquitto({ websockets: true });
    try {
      expect(broker.wsPort).toBeGreaterThan(0);
      expect(broker.config).toMatch(/protocol websockets\nsocket_domain ipv4/);
      await checkQos1Delivery(`ws://127.0.0.1:${broker.wsPort}/mqtt`, 5);
      // Bound to the IPv4 loopback only: not on ::1.
      const listening = execFileSync("ss", ["-ltnH", `sport = :${broker.wsPort}`], { encoding: "utf8" });
      expect(listening).toContain(`127.0.0.1:${broker.wsPort}`);
      expect(listening).not.toMatch(/\[::|\*:/);
    } finally {
      await broker.close();
    }
  });

  it("refuses anonymous and wrong credentials when a user is set (mosquitto_passwd file)", async () => {
    const broker = await startMosquitto({ username: "device", password: "s3cret pass" });
    const url = `mqtt://127.0.0.1:${broker.port}`;
    try {
      expect(broker.config).toContain("allow_anonymous false");
      await checkQos1Delivery(url, 4, { username: "device", password: "s3cret pass" });
      await expect(connectMqtt(url, { protocolVersion: 4 })).rejects.toThrow(/Not authorized|Bad username/i);
      const refused = await connectMqtt(url, { protocolVersion: 5, username: "device", password: "nope" }).then(
        () => undefined,
        (error: Error & { code?: number }) => error,
      );
      // mosquitto 2.0.11 answers a wrong password with 0x87 Not authorized, not 0x86.
      expect(refused?.code).toBe(0x87);
    } finally {
      await broker.close();
    }
  });

  it("accepts a password file written without mosquitto_passwd", async () => {
    const broker = await startMosquitto({ username: "device", password: "pässword" }, false);
    const url = `mqtt://127.0.0.1:${broker.port}`;
    try {
      await checkQos1Delivery(url, 5, { username: "device", password: "pässword" });
      await expect(connectMqtt(url, { protocolVersion: 4, username: "device", password: "x" })).rejects.toThrow();
    } finally {
      await broker.close();
    }
  });

  it("stops the process and frees its ports on close, leaving no handle open", async () => {
    const handles = activeHandles();
    const before = mosquittoPids();
    const broker = await startMosquitto({ websockets: true });
    const started = mosquittoPids().filter((pid) => !before.includes(pid));
    expect(started).toHaveLength(1);
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`);
    const clientClosed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    await broker.close();
    await clientClosed;
    expect(mosquittoPids()).not.toContain(started[0]);
    expect(await portAccepts(broker.port)).toBe(false);
    expect(await portIsFree(broker.port)).toBe(true);
    expect(await portIsFree(broker.wsPort as number)).toBe(true);
    client.end(true);
    await handlesBackTo(handles);
  });

  it("fails with mosquitto's own log when the config is bad", async () => {
    const error = await startMosquitto({ extraConfig: ["no_such_option 1"] }).then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error?.message).toMatch(/mosquitto did not start/);
    expect(error?.message).toMatch(/no_such_option/);
  });
});

describe.skipIf(!mosquittoAvailable() || !opensslAvailable())("mosquitto over TLS", () => {
  it("serves MQTT over TLS and WSS, and requires a client certificate when asked", async () => {
    const certs = makeTestCerts();
    const broker = await startMosquitto({
      websockets: true,
      tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requireCertificate: true },
    });
    const tlsOptions = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey };
    try {
      await checkQos1Delivery(`mqtts://127.0.0.1:${broker.tlsPort}`, 4, tlsOptions);
      await checkQos1Delivery(`wss://127.0.0.1:${broker.wssPort}/mqtt`, 5, tlsOptions);
      await expect(
        connectMqtt(`mqtts://127.0.0.1:${broker.tlsPort}`, { ca: certs.ca, connectTimeout: 2000 }),
      ).rejects.toThrow();
    } finally {
      await broker.close();
    }
  });
});
