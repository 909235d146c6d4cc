import { afterEach, describe, expect, it, vi } from "vitest";
import * as net from "node:net";
import * as tls from "node:tls";
import type { Socket, SocketEvents } from "../../hal/api";
import {
  NODE_SOCKET_HIGH_WATER,
  newNodeSocket,
  type NodeSocketTlsOptions,
} from "../../hal/sim/node-socket";
import { startAedes } from "./aedes";
import { makeTestCerts, opensslAvailable } from "./certs";
import { startFaultProxy } from "./fault-proxy";
import { activeHandles, closeServer, freePort, handlesBackTo, listen, waitFor } from "./net-util";

/**
 * The Node Socket against plain `net`/`tls` servers on 127.0.0.1: the contract of hal/api.ts
 * (events never from inside open/write/close, copies on write, the writes of one run sent as one
 * chunk, short writes and onWritable, exactly one onClose per open, -1 when not connected).
 */

/** Drives a Socket and records its events, failing the test if one comes re-entrantly. */
class Driver {
  readonly socket: Socket;
  inside = false;
  readonly log: string[] = [];
  readonly received: number[] = [];
  connects = 0;
  closes: boolean[] = [];
  writables = 0;
  reentrant: string[] = [];
  onConnectHook: (() => void) | undefined;
  onWritableHook: (() => void) | undefined;
  onDataHook: ((store: Uint8Array, offset: number, length: number) => void) | undefined;
  readonly events: SocketEvents;

  constructor(tlsOptions?: NodeSocketTlsOptions) {
    this.socket = newNodeSocket(tlsOptions);
    const note = (name: string): void => {
      this.log.push(name);
      if (this.inside) this.reentrant.push(name);
    };
    this.events = {
      onConnect: () => {
        note("connect");
        this.connects++;
        if (this.onConnectHook) this.onConnectHook();
      },
      onData: (store, offset, length) => {
        note("data");
        const view = store as Uint8Array;
        expect(view).toBeInstanceOf(Uint8Array);
        for (let i = 0; i < length; i++) this.received.push(view[offset + i]);
        if (this.onDataHook) this.onDataHook(view, offset, length);
      },
      onWritable: () => {
        note("writable");
        this.writables++;
        if (this.onWritableHook) this.onWritableHook();
      },
      onClose: (failed) => {
        note(failed ? "close(failed)" : "close");
        this.closes.push(failed);
      },
    };
  }

  open(port: number, secure = false, host = "127.0.0.1"): boolean {
    this.inside = true;
    try {
      return this.socket.open(host, port, secure, this.events);
    } finally {
      this.inside = false;
    }
  }

  write(bytes: Uint8Array, offset = 0, length = bytes.length): number {
    this.inside = true;
    try {
      return this.socket.write(bytes, offset, length);
    } finally {
      this.inside = false;
    }
  }

  close(): void {
    this.inside = true;
    try {
      this.socket.close();
    } finally {
      this.inside = false;
    }
  }

  connected(): Promise<void> {
    return waitFor(() => this.connects > 0 || this.closes.length > 0, "onConnect");
  }

  closed(): Promise<void> {
    return waitFor(() => this.closes.length > 0, "onClose");
  }
}

/** A server on 127.0.0.1:0 that keeps its accepted sockets and what they received. */
async function startServer(
  onSocket: (socket: net.Socket) => void = () => {},
): Promise<{ server: net.Server; port: number; sockets: net.Socket[]; received: () => Buffer }> {
  const sockets: net.Socket[] = [];
  const chunks: Buffer[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    accepted.push(socket);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {});
    onSocket(socket);
  });
  const port = await listen(server);
  return { server, port, sockets, received: () => Buffer.concat(chunks) };
}

const servers: net.Server[] = [];
const accepted: net.Socket[] = [];
afterEach(async () => {
  // A failed test may leave connections open; server.close() waits for them, so end them first.
  while (accepted.length > 0) (accepted.pop() as net.Socket).destroy();
  while (servers.length > 0) await closeServer(servers.pop() as net.Server);
});

function track<T extends { server: net.Server }>(started: T): T {
  servers.push(started.server);
  return started;
}

function pattern(length: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

describe("node socket: TCP", () => {
  it("echoes bytes, hands a Uint8Array view, copies on write, and closes once", async () => {
    const before = activeHandles();
    const started = await startServer((socket) => socket.pipe(socket));
    const { port } = started;
    const driver = new Driver();
    expect(driver.open(port)).toBe(true);
    expect(driver.log).toEqual([]); // nothing from inside open
    expect(driver.write(new Uint8Array([1]))).toBe(-1); // not connected yet
    await driver.connected();
    expect(driver.connects).toBe(1);

    const out = pattern(1000);
    expect(driver.write(out, 100, 500)).toBe(500);
    out.fill(0); // the socket copied: changing the store now must not change what is sent
    await waitFor(() => driver.received.length >= 500, "echo");
    expect(Buffer.from(driver.received)).toEqual(Buffer.from(pattern(1000).subarray(100, 600)));

    driver.close();
    expect(driver.write(new Uint8Array([1]))).toBe(-1); // closing: not connected
    await driver.closed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(driver.closes).toEqual([false]);
    expect(driver.reentrant).toEqual([]);
    await closeServer(started.server);
    await handlesBackTo(before); // no socket or linger timer left behind
  });

  it("refuses a second open while open, and opens again after onClose", async () => {
    const { port, sockets } = track(await startServer());
    const driver = new Driver();
    expect(driver.open(port)).toBe(true);
    expect(driver.open(port)).toBe(false);
    await driver.connected();
    expect(driver.open(port)).toBe(false);
    driver.close();
    expect(driver.open(port)).toBe(false); // still closing until onClose
    await driver.closed();
    expect(driver.open(port)).toBe(true);
    await waitFor(() => driver.connects === 2, "second connect");
    expect(sockets.length).toBe(2);
    driver.close();
    await waitFor(() => driver.closes.length === 2, "second close");
    expect(driver.closes).toEqual([false, false]);
    expect(driver.reentrant).toEqual([]);
  });

  it("refuses an invalid port without any event", async () => {
    const driver = new Driver();
    expect(driver.open(0)).toBe(false);
    expect(driver.open(70000)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(driver.log).toEqual([]);
  });

  it("reports a refused connection as onClose(true) without onConnect", async () => {
    const port = await freePort();
    const driver = new Driver();
    expect(driver.open(port)).toBe(true);
    await driver.closed();
    expect(driver.log).toEqual(["close(failed)"]);
    expect(driver.reentrant).toEqual([]);
  });

  it("reports an unresolvable host as onClose(true)", async () => {
    const driver = new Driver();
    // .invalid never resolves (RFC 6761); the resolver answers from /etc/hosts or fails locally.
    expect(driver.open(1883, false, "mote-test.invalid")).toBe(true);
    await driver.closed();
    expect(driver.log).toEqual(["close(failed)"]);
  });

  it("closes while connecting with one onClose and no onConnect", async () => {
    const { port } = track(await startServer());
    const driver = new Driver();
    expect(driver.open(port)).toBe(true);
    driver.close();
    driver.close(); // a second close changes nothing
    await driver.closed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(driver.log).toEqual(["close"]);
  });

  it("sees the peer's clean close as onClose(false) and a reset as onClose(true)", async () => {
    const clean = track(await startServer((socket) => socket.end()));
    const a = new Driver();
    a.open(clean.port);
    await a.closed();
    expect(a.closes).toEqual([false]);
    expect(a.write(new Uint8Array([1]))).toBe(-1);

    const reset = track(
      await startServer((socket) => {
        socket.once("data", () => socket.resetAndDestroy());
      }),
    );
    const b = new Driver();
    b.open(reset.port);
    await b.connected();
    expect(b.write(new Uint8Array([1, 2, 3]))).toBe(3);
    await b.closed();
    expect(b.closes).toEqual([true]);
    expect(a.reentrant.concat(b.reentrant)).toEqual([]);
  });

  it("sends what was written before close() (graceful close)", async () => {
    const server = track(await startServer());
    const driver = new Driver();
    driver.open(server.port);
    await driver.connected();
    const bytes = pattern(12000, 7);
    let sent = 0;
    while (sent < bytes.length) {
      const n = driver.write(bytes, sent, bytes.length - sent);
      expect(n).toBeGreaterThan(0);
      sent += n;
    }
    driver.close();
    await driver.closed();
    await waitFor(() => server.received().length === bytes.length, "all bytes at the server");
    expect(server.received()).toEqual(Buffer.from(bytes));
    expect(driver.closes).toEqual([false]);
  });

  it("takes fewer bytes under back-pressure and calls onWritable after the peer reads", async () => {
    let peer: net.Socket | undefined;
    const server = track(
      await startServer((socket) => {
        socket.pause();
        peer = socket;
      }),
    );
    const driver = new Driver();
    driver.open(server.port);
    await driver.connected();
    await waitFor(() => peer !== undefined, "accept");

    // A large offer is taken at most one high-water mark at a time.
    const big = pattern(4 * NODE_SOCKET_HIGH_WATER, 3);
    const first = driver.write(big);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(NODE_SOCKET_HIGH_WATER);

    // Keep offering until the kernel buffers are full and the socket takes nothing.
    const expected: Buffer[] = [Buffer.from(big.subarray(0, first))];
    let total = first;
    let zero = false;
    for (let round = 0; round < 20000 && !zero; round++) {
      const n = driver.write(big);
      if (n === 0) zero = true;
      else {
        expected.push(Buffer.from(big.subarray(0, n)));
        total += n;
      }
      if (round % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(zero).toBe(true);
    // onWritable may have come while we yielded (the kernel took more); count from here.
    const writablesAtZero = driver.writables;

    // The peer reads: onWritable follows, and every byte taken arrives in order.
    const got: Buffer[] = [];
    (peer as net.Socket).removeAllListeners("data");
    (peer as net.Socket).on("data", (chunk: Buffer) => got.push(chunk));
    (peer as net.Socket).resume();
    await waitFor(() => driver.writables > writablesAtZero, "onWritable");
    expect(driver.write(new Uint8Array([9]))).toBe(1);
    expected.push(Buffer.from([9]));
    total += 1;
    await waitFor(() => got.reduce((sum, chunk) => sum + chunk.length, 0) >= total, "all bytes", 10000);
    expect(Buffer.concat(got).equals(Buffer.concat(expected))).toBe(true);
    driver.close();
    await driver.closed();
    expect(driver.reentrant).toEqual([]);
  }, 15000);

  it("hands the writes of one run of JavaScript to Node as one chunk when the run ends", async () => {
    const server = track(await startServer());
    const driver = new Driver();
    driver.open(server.port);
    await driver.connected();
    const nodeWrite = vi.spyOn(net.Socket.prototype, "write");
    try {
      expect(driver.write(new Uint8Array([1, 2, 3]))).toBe(3);
      expect(driver.write(new Uint8Array([0, 4, 5, 0]), 1, 2)).toBe(2);
      expect(driver.write(new Uint8Array([6]))).toBe(1);
      expect(nodeWrite).not.toHaveBeenCalled();
      await new Promise((resolve) => setImmediate(resolve));
      expect(nodeWrite).toHaveBeenCalledTimes(1);
      expect(Buffer.from(nodeWrite.mock.calls[0][0] as Uint8Array)).toEqual(Buffer.from([1, 2, 3, 4, 5, 6]));
    } finally {
      nodeWrite.mockRestore();
    }
    await waitFor(() => server.received().length === 6, "all bytes at the server");
    expect(server.received()).toEqual(Buffer.from([1, 2, 3, 4, 5, 6]));
    driver.close();
    await driver.closed();
    expect(driver.reentrant).toEqual([]);
  });

  it("allows writes and close from inside events, which then come later", async () => {
    const server = track(await startServer((socket) => socket.pipe(socket)));
    const driver = new Driver();
    const order: string[] = [];
    driver.onConnectHook = () => {
      order.push("connect");
      expect(driver.write(new Uint8Array([5, 6, 7]))).toBe(3);
      order.push("wrote");
    };
    driver.onDataHook = () => {
      order.push("data");
      driver.close();
      order.push("closed");
    };
    driver.open(server.port);
    await driver.closed();
    expect(order).toEqual(["connect", "wrote", "data", "closed"]);
    expect(driver.received).toEqual([5, 6, 7]);
    expect(driver.closes).toEqual([false]);
  });

  it("does not deliver data after close() and never mixes two connections' events", async () => {
    const server = track(
      await startServer((socket) => {
        const timer = setInterval(() => socket.write(Buffer.from([1])), 2);
        socket.on("close", () => clearInterval(timer));
      }),
    );
    const driver = new Driver();
    driver.open(server.port);
    await waitFor(() => driver.received.length > 0, "data");
    driver.close();
    const before = driver.received.length;
    await driver.closed();
    expect(driver.received.length).toBe(before);
    expect(driver.log.filter((name) => name.startsWith("close"))).toEqual(["close"]);
    expect(driver.open(server.port)).toBe(true);
    await driver.connected();
    driver.close();
    await waitFor(() => driver.closes.length === 2, "second close");
    expect(driver.closes).toEqual([false, false]);
  });
});

describe.skipIf(!opensslAvailable())("node socket: TLS", () => {
  async function startTlsEcho(requestCert: boolean): Promise<number> {
    const certs = makeTestCerts();
    const server = tls.createServer(
      { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert, rejectUnauthorized: requestCert },
      (socket) => {
        accepted.push(socket);
        socket.on("error", () => {});
        socket.pipe(socket);
      },
    );
    server.on("tlsClientError", () => {});
    servers.push(server);
    return listen(server);
  }

  it("connects after the handshake and echoes", async () => {
    const port = await startTlsEcho(false);
    const driver = new Driver({ ca: makeTestCerts().ca });
    expect(driver.open(port, true)).toBe(true);
    expect(driver.write(new Uint8Array([1]))).toBe(-1);
    await driver.connected();
    expect(driver.connects).toBe(1);
    expect(driver.write(new Uint8Array([1, 2, 3, 4]))).toBe(4);
    await waitFor(() => driver.received.length === 4, "echo");
    expect(driver.received).toEqual([1, 2, 3, 4]);
    driver.close();
    await driver.closed();
    expect(driver.closes).toEqual([false]);
    expect(driver.reentrant).toEqual([]);
  });

  it("fails with onClose(true) and no onConnect for an untrusted certificate", async () => {
    const port = await startTlsEcho(false);
    const driver = new Driver({ ca: makeTestCerts().otherCa });
    expect(driver.open(port, true)).toBe(true);
    await driver.closed();
    expect(driver.log).toEqual(["close(failed)"]);
  });

  it("accepts an untrusted certificate with rejectUnauthorized false", async () => {
    const port = await startTlsEcho(false);
    const driver = new Driver({ rejectUnauthorized: false });
    driver.open(port, true);
    await driver.connected();
    expect(driver.connects).toBe(1);
    driver.close();
    await driver.closed();
    expect(driver.closes).toEqual([false]);
  });

  it("does mutual TLS with a client certificate", async () => {
    const port = await startTlsEcho(true);
    const certs = makeTestCerts();
    const withCert = new Driver({ ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
    withCert.open(port, true);
    await withCert.connected();
    expect(withCert.write(new Uint8Array([42]))).toBe(1);
    await waitFor(() => withCert.received.length === 1, "echo");
    expect(withCert.received).toEqual([42]);
    withCert.close();
    await withCert.closed();
    expect(withCert.closes).toEqual([false]);

    // Without a client certificate the server refuses (TLS 1.3 reports it after the handshake,
    // so onConnect may come first); either way the link ends in an error.
    const without = new Driver({ ca: certs.ca });
    without.open(port, true);
    await without.closed();
    expect(without.closes).toEqual([true]);
  });
});

describe("node socket: with a real broker", () => {
  // MQTT 3.1.1 CONNECT: clean session, keepalive 60, client id "mote".
  const connect = new Uint8Array([
    0x10, 16, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 60, 0, 4, 0x6d, 0x6f, 0x74, 0x65,
  ]);

  it("gets aedes' CONNACK, also through one-byte pieces, and sees a proxy cut", async () => {
    const aedes = await startAedes({ version: 1 });
    const proxy = await startFaultProxy({ targetPort: aedes.port, seed: 1 });
    try {
      const direct = new Driver();
      direct.onConnectHook = () => direct.write(connect);
      direct.open(aedes.port);
      await waitFor(() => direct.received.length >= 4, "CONNACK");
      expect(direct.received).toEqual([0x20, 2, 0, 0]);
      direct.close();
      await direct.closed();
      expect(direct.closes).toEqual([false]);

      proxy.setSplit(1);
      const split = new Driver();
      split.onConnectHook = () => split.write(connect);
      split.open(proxy.port);
      await waitFor(() => split.received.length >= 4, "CONNACK in pieces");
      expect(split.received).toEqual([0x20, 2, 0, 0]);
      expect(split.log.filter((name) => name === "data").length).toBeGreaterThanOrEqual(2);
      expect(proxy.cutAll("reset")).toBe(1);
      await split.closed();
      expect(split.closes).toEqual([true]);
      expect(split.write(connect)).toBe(-1);
      expect(direct.reentrant.concat(split.reentrant)).toEqual([]);
    } finally {
      await proxy.close();
      await aedes.close();
    }
  });
});
