/**
 * What the socket tests on both device runtimes share: TCP servers on 127.0.0.1 (an echo server,
 * a slow one, one that hangs up, a refused port, a TLS echo server), a byte pattern holding every byte value, and
 * waiting for a condition while Node's event loop runs the emulated network.
 */
import * as net from "node:net";
import * as tls from "node:tls";

/** A server on 127.0.0.1 and what it saw. */
export interface TestServer {
  port: number;
  /** Every byte the server received, in order, over all connections. */
  received(): Buffer;
  /** How many bytes it received (cheaper than `received().length`). */
  receivedLength(): number;
  /** How many connections it accepted. */
  connections(): number;
  /** How many of them have closed. */
  closedConnections(): number;
  /** Lets a server that was told to hold its reading carry on. */
  release(): void;
  close(): Promise<void>;
}

/** How a test server treats a connection. */
export interface ServerBehaviour {
  /** Send back what arrives. */
  echo?: boolean;
  /** Stop reading after each chunk for this long (a slow peer). */
  pauseMs?: number;
  /** Do not read at all until `release()` (a stalled peer). */
  hold?: boolean;
  /** End the connection this long after accepting it (a peer that hangs up). */
  endAfterMs?: number;
}

/** Starts a server on 127.0.0.1 with a port of the system's choosing. */
export async function startServer(behaviour: ServerBehaviour): Promise<TestServer> {
  const chunks: Buffer[] = [];
  let receivedLength = 0;
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let closed = 0;
  let held = behaviour.hold === true;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      closed += 1;
    });
    socket.on("error", () => undefined);
    if (held) socket.pause();
    socket.on("data", (data) => {
      chunks.push(Buffer.from(data));
      receivedLength += data.length;
      if (behaviour.echo === true) socket.write(data);
      if (behaviour.pauseMs !== undefined) {
        socket.pause();
        setTimeout(() => socket.resume(), behaviour.pauseMs);
      }
    });
    if (behaviour.endAfterMs !== undefined) setTimeout(() => socket.end(), behaviour.endAfterMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => Buffer.concat(chunks),
    receivedLength: () => receivedLength,
    connections: () => accepted,
    closedConnections: () => closed,
    release: () => {
      held = false;
      for (const socket of sockets) socket.resume();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Starts a TLS echo server on 127.0.0.1 with `key` and `cert` (PEM); `close` also ends its connections. */
export async function startTlsEchoServer(key: string, cert: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ key, cert }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound once, then closed): connecting is refused. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `length` bytes holding every value 0-255 many times, in an order that is not a plain count. The
 * pattern repeats every 65536 bytes.
 */
export function bytePattern(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 7 + Math.floor(index / 256)) % 256;
  return bytes;
}

/** Waits until `condition()` holds, letting Node's event loop run; fails after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets Node's event loop run for `ms` milliseconds. */
export function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
