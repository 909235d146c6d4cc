import * as net from "node:net";

/** Loopback only: every test server binds here and every test connection goes here. */
export const LOOPBACK = "127.0.0.1";

/** Starts `server` listening on 127.0.0.1 with an ephemeral port and returns the port. */
export function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen(port, LOOPBACK, () => {
      server.off("error", onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Closes `server` (no new connections) and resolves when it has stopped listening. */
export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: bound with port 0, then released. For
 * programs that need a port number up front (mosquitto); another process may take it in between,
 * so such callers retry on "address in use".
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function portAccepts(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(result: boolean): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    }
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

/** Whether 127.0.0.1:`port` can be bound now (nothing listens there any more). */
export async function portIsFree(port: number): Promise<boolean> {
  const server = net.createServer();
  try {
    await listen(server, port);
    await closeServer(server);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `condition()` holds, checking every few ms; rejects after `timeoutMs`. */
export function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (condition()) {
        resolve();
        return;
      }
      if (Date.now() - started > timeoutMs) {
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        return;
      }
      setTimeout(check, 5);
    };
    check();
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Node's active TCP handles and timers now, by kind (for "close leaves nothing open" checks). */
export function activeHandles(): { tcp: number; servers: number; timers: number; processes: number } {
  const info = process.getActiveResourcesInfo();
  const count = (kind: string): number => info.filter((name) => name === kind).length;
  return {
    tcp: count("TCPSocketWrap") + count("TLSWrap"),
    servers: count("TCPServerWrap"),
    timers: count("Timeout"),
    processes: count("ProcessWrap"),
  };
}

/** Waits until the active handles are back to `before` (or fewer); rejects with what is left. */
export async function handlesBackTo(
  before: ReturnType<typeof activeHandles>,
  timeoutMs = 2000,
): Promise<void> {
  const ok = (): boolean => {
    const now = activeHandles();
    return now.tcp <= before.tcp && now.servers <= before.servers && now.timers <= before.timers && now.processes <= before.processes;
  };
  try {
    await waitFor(ok, "handles to close", timeoutMs);
  } catch {
    throw new Error(`handles left open: before ${JSON.stringify(before)}, now ${JSON.stringify(activeHandles())}`);
  }
}
