import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import { startAedes, type RunningAedes } from "./aedes";
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from "./fault-proxy";
import { checkQos1Delivery, closed, connectMqtt } from "./mqtt-util";
import { activeHandles, closeServer, handlesBackTo, listen, portAccepts, portIsFree, waitFor } from "./net-util";

/**
 * The fault proxy in front of a real broker (aedes 1.2 in process) with MQTT.js as the client,
 * and in front of a plain echo server where exact bytes matter.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)();
});

async function aedes(): Promise<RunningAedes> {
  const broker = await startAedes({ version: 1 });
  cleanups.push(() => broker.close());
  return broker;
}

async function proxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const started = await startFaultProxy(options);
  cleanups.push(() => started.close());
  return started;
}

/** An echo server that also keeps everything it received, per connection. */
async function echoServer(): Promise<{ port: number; received: Buffer[][] }> {
  const received: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    received.push(chunks);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      socket.write(chunk);
    });
  });
  const port = await listen(server);
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await closeServer(server);
  });
  return { port, received };
}

function rawClient(port: number): Promise<{ socket: net.Socket; received: () => Buffer; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
    const closedPromise = new Promise<void>((done) => socket.once("close", () => done()));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      socket.on("error", () => {});
      cleanups.push(async () => {
        socket.destroy();
      });
      resolve({ socket, received: () => Buffer.concat(chunks), closed: closedPromise });
    });
  });
}

function pattern(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + seed * 13) & 0xff;
  return bytes;
}

describe("fault proxy", () => {
  it("forwards MQTT both ways and counts the bytes", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    await checkQos1Delivery(`mqtt://127.0.0.1:${faults.port}`, 4);
    expect(faults.stats.accepted).toBe(2);
    expect(faults.stats.bytesUp).toBeGreaterThan(40);
    expect(faults.stats.bytesDown).toBeGreaterThan(10);
    expect(faults.stats.cuts).toBe(0);
    await waitFor(() => faults.stats.open === 0, "connections closed");
  });

  it("passes a close by the broker on to the client", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    // aedes 1.2 answers an MQTT 5 CONNECT with a refusal and closes the connection.
    await expect(connectMqtt(`mqtt://127.0.0.1:${faults.port}`, { protocolVersion: 5 })).rejects.toThrow(
      /Unacceptable protocol version/,
    );
    await waitFor(() => faults.stats.open === 0, "proxy connection closed");
    expect(faults.stats.cuts).toBe(0);
    // A broker that goes away entirely: the client's connection through the proxy ends.
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    await broker.close();
    await closed(client);
    await waitFor(() => faults.stats.open === 0, "proxy connection closed after the broker stopped");
    client.end(true);
  });

  it("splits writes into pieces of at most maxChunk bytes, keeping the byte stream intact", async () => {
    const echo = await echoServer();
    const faults = await proxy({ targetPort: echo.port, seed: 1 });
    faults.setSplit(3);
    const client = await rawClient(faults.port);
    const data = pattern(100, 1);
    client.socket.write(data);
    await waitFor(() => client.received().length === 100, "echo");
    expect(client.received().equals(data)).toBe(true);
    expect(Buffer.concat(echo.received[0]).equals(data)).toBe(true);
    // 100 bytes in pieces of 3 = at least 34 writes toward the server (more if the kernel split).
    expect(faults.stats.bytesUp).toBe(100);
    expect(faults.stats.writesUp).toBeGreaterThanOrEqual(34);
    expect(faults.stats.bytesDown).toBe(100);
  });

  it("delivers MQTT through one-byte pieces, a large payload included", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    faults.setSplit(1);
    await checkQos1Delivery(`mqtt://127.0.0.1:${faults.port}`, 4);
    expect(faults.stats.writesUp).toBe(faults.stats.bytesUp);
    faults.setSplit(700);
    const sub = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    const pub = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    await sub.client.subscribeAsync("big", { qos: 1 });
    const payload = pattern(300_000, 5);
    const got = new Promise<Buffer>((resolve) => sub.client.on("message", (_topic, message) => resolve(message)));
    await pub.client.publishAsync("big", payload, { qos: 1 });
    expect((await got).equals(payload)).toBe(true);
    await Promise.all([sub.client.endAsync(), pub.client.endAsync()]);
  });

  it("delays each chunk by the set time, in order", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    faults.setDelay(150);
    const started = Date.now();
    await client.publishAsync("delayed", "x", { qos: 1 }); // PUBLISH up, PUBACK down: 2 delays
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
    faults.setDelay(0);
    const fast = Date.now();
    await client.publishAsync("delayed", "y", { qos: 1 });
    expect(Date.now() - fast).toBeLessThan(150);
    await client.endAsync();
  });

  it("cuts every connection on command, and the MQTT.js client sees the close", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    const a = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    const b = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    const brokerSawBoth = waitFor(() => broker.broker.connectedClients === 0, "broker drops both clients");
    expect(faults.cutAll()).toBe(2);
    await Promise.all([closed(a.client), closed(b.client), brokerSawBoth]);
    expect(faults.stats.cuts).toBe(2);
    await waitFor(() => faults.stats.open === 0, "proxy connections closed");
    // A new connection goes through as before.
    await checkQos1Delivery(`mqtt://127.0.0.1:${faults.port}`, 4);
  });

  it("cuts with RST on command", async () => {
    const echo = await echoServer();
    const faults = await proxy({ targetPort: echo.port, seed: 1 });
    const client = await rawClient(faults.port);
    let error: (Error & { code?: string }) | undefined;
    client.socket.on("error", (failure) => {
      error = failure;
    });
    client.socket.write("hi");
    await waitFor(() => client.received().length === 2, "echo");
    expect(faults.cutAll("reset")).toBe(1);
    await client.closed;
    expect(error?.code).toBe("ECONNRESET");
  });

  it("drops a connection in the middle of a packet after the given bytes", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    const published: string[] = [];
    broker.broker.on("publish", (packet, from) => {
      if (from) published.push(packet.topic);
    });
    const upBefore = faults.stats.bytesUp;
    faults.cutAfterBytes(10, "up");
    client.publish("cut/here", pattern(100, 2), { qos: 1 });
    await closed(client);
    expect(faults.stats.bytesUp - upBefore).toBe(10);
    expect(faults.stats.cuts).toBe(1);
    expect(published).toEqual([]); // the broker never got a whole PUBLISH
    client.end(true);
  });

  it("drops the subscriber halfway through a message coming down", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    const sub = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    await sub.client.subscribeAsync("down", { qos: 1 });
    const messages: string[] = [];
    sub.client.on("message", (topic) => messages.push(topic));
    const pub = await connectMqtt(`mqtt://127.0.0.1:${broker.port}`); // straight to the broker
    const downBefore = faults.stats.bytesDown;
    faults.cutAfterBytes(50, "down");
    await pub.client.publishAsync("down", pattern(1000, 3), { qos: 1 });
    await closed(sub.client);
    expect(faults.stats.bytesDown - downBefore).toBe(50);
    expect(messages).toEqual([]);
    await pub.client.endAsync();
    sub.client.end(true);
  });

  it("keeps connections open but silent while blackholed (only a keepalive notices)", async () => {
    const broker = await aedes();
    const faults = await proxy({ targetPort: broker.port, seed: 1 });
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`, { keepalive: 1 });
    faults.setBlackhole(true);
    const started = Date.now();
    await closed(client);
    const elapsed = Date.now() - started;
    expect(faults.stats.bytesDropped).toBeGreaterThan(0); // at least one PINGREQ thrown away
    expect(faults.stats.cuts).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
    client.end(true);
  });

  it("draws the same random schedule from the same seed", async () => {
    const echo = await echoServer();
    async function run(seed: number): Promise<{ up: number[]; reached: number; total: number }> {
      const faults = await startFaultProxy({
        targetPort: echo.port,
        seed,
        record: true,
        random: { splitMaxChunk: 40, delayMs: [0, 5], cutAfterBytes: [600, 900] },
      });
      const client = await rawClient(faults.port);
      const index = echo.received.length;
      // Separate chunks: each waits for its echo (or the cut) before the next goes.
      for (let round = 0; round < 10 && !client.socket.destroyed; round++) {
        const before = client.received().length;
        client.socket.write(pattern(100, round));
        await Promise.race([
          waitFor(() => client.received().length >= before + 100, "echo"),
          client.closed,
        ]);
      }
      await client.closed;
      const up = faults.trace.filter((entry) => entry.direction === "up").map((entry) => entry.bytes);
      const reached = Buffer.concat(echo.received[index] ?? []).length;
      const total = faults.stats.bytesUp + faults.stats.bytesDown;
      await faults.close();
      return { up, reached, total };
    }
    const first = await run(42);
    const second = await run(42);
    const other = await run(7);
    // The cut came after a random 600..900 bytes, counted both ways, in the middle of a piece.
    expect(first.total).toBeGreaterThanOrEqual(600);
    expect(first.total).toBeLessThanOrEqual(900);
    expect(first.up[first.up.length - 1]).toBe(0); // the trace ends on the cut ...
    expect(first.reached % 100).not.toBe(0); // ... which left the server a partial chunk
    expect(first.up.slice(0, -1).every((bytes) => bytes >= 1 && bytes <= 40)).toBe(true);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it("frees its port and closes open connections on close(), leaving no handle open", async () => {
    const before = activeHandles();
    const broker = await startAedes({ version: 1 });
    const faults = await startFaultProxy({ targetPort: broker.port, seed: 1 });
    const { client } = await connectMqtt(`mqtt://127.0.0.1:${faults.port}`);
    faults.setDelay(10_000); // a pending delayed chunk must not keep anything alive
    client.publish("late", "x", { qos: 1 });
    await waitFor(() => faults.stats.open === 1, "connection");
    await faults.close();
    await closed(client);
    expect(faults.stats.open).toBe(0);
    expect(await portAccepts(faults.port)).toBe(false);
    expect(await portIsFree(faults.port)).toBe(true);
    client.end(true);
    await broker.close();
    await handlesBackTo(before);
  });
});
