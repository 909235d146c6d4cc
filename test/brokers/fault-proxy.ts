import * as net from "node:net";
import { LOOPBACK, closeServer, listen } from "./net-util";
import { seededRandom } from "../../hal/sim/seeded-random";

/**
 * A TCP proxy on 127.0.0.1 in front of a broker port that misbehaves on command or on a seeded
 * random schedule, to test a client against the network conditions of a device: links that
 * drop, lag, deliver packets in pieces, or die halfway through a packet.
 *
 * Directions: "up" is client -> broker, "down" is broker -> client. Each direction of each
 * connection is a queue of the chunks read from one side, forwarded in order to the other:
 * - delay: a chunk is forwarded `ms` after it arrived (order is kept; later chunks wait);
 * - split: a chunk is written as pieces of at most `maxChunk` bytes, one write each, with a
 *   setImmediate between them (TCP_NODELAY is on, so they leave as separate segments);
 * - cutAfterBytes(n): after n more bytes have been forwarded (the piece that crosses n is
 *   forwarded only in part), both sides of that connection are destroyed — the receiver sees
 *   a packet cut off in the middle, then the connection close;
 * - cutAll(): destroys both sides of every open connection now ("reset" sends RST instead of FIN);
 * - blackhole: data is read and dropped in both directions and the sockets stay open, like a link
 *   that died without telling anyone (only a keepalive notices).
 * Back-pressure is passed on: a side whose queue holds more than 64 KiB is paused until the queue
 * is under 16 KiB, and a queue waits for 'drain' when its destination's buffer is full.
 *
 * Random faults (`random`) come from a xorshift generator seeded from `seed`, the connection's
 * number and the direction, so that for the same seed and the same chunks each connection gets
 * the same delays, piece sizes and cut point. How the kernel groups bytes into chunks is not
 * under our control, so a run is repeatable only as far as that grouping is.
 */

export type Direction = "up" | "down";

export interface RandomFaults {
  /** Each connection is cut after a random number of forwarded bytes (both ways) in [min, max]. */
  cutAfterBytes?: [number, number];
  /** Each chunk is delayed by a random number of ms in [min, max], on top of `setDelay`. */
  delayMs?: [number, number];
  /** Each chunk is written in random pieces of 1..splitMaxChunk bytes (unless `setSplit` is on). */
  splitMaxChunk?: number;
}

export interface FaultProxyOptions {
  /** The broker's port on 127.0.0.1. */
  targetPort: number;
  /** Seed of the random schedule (default 1). */
  seed?: number;
  random?: RandomFaults;
  /** Keep a trace of every write and cut (for tests of the schedule itself). */
  record?: boolean;
}

export interface FaultProxyTraceEntry {
  /** The connection's number, from 0 in accept order. */
  connection: number;
  direction: Direction;
  /** "write": `bytes` forwarded in one write; "cut": the proxy cut the connection. */
  kind: "write" | "cut";
  bytes: number;
}

export interface FaultProxyStats {
  /** Connections accepted so far. */
  accepted: number;
  /** Connections open now. */
  open: number;
  /** Connections the proxy cut (command, byte budget or random schedule). */
  cuts: number;
  /** Bytes written to the broker / to the client. */
  bytesUp: number;
  bytesDown: number;
  /** Bytes read and thrown away while blackholed. */
  bytesDropped: number;
  /** Separate writes made to the broker / to the client. */
  writesUp: number;
  writesDown: number;
}

export interface FaultProxy {
  /** Where clients connect: 127.0.0.1:port. */
  port: number;
  /** Live counters. */
  stats: FaultProxyStats;
  /** Every write and cut, in order, when `record` was set (else stays empty). */
  trace: FaultProxyTraceEntry[];
  /** Destroys both sides of every open connection; returns how many were cut. */
  cutAll(mode?: "close" | "reset"): number;
  /** Forwards every chunk that arrives from now on `ms` later (0: at once). */
  setDelay(ms: number): void;
  /** Writes chunks in pieces of at most `maxChunk` bytes (0: whole chunks). */
  setSplit(maxChunk: number): void;
  /** Cuts the connection that forwards the n-th byte from now (in `direction`, or either). */
  cutAfterBytes(n: number, direction?: Direction): void;
  /** Drops all data both ways while on, keeping the connections open. */
  setBlackhole(on: boolean): void;
  /** Stops listening, destroys every connection; resolves when all are closed. */
  close(): Promise<void>;
}

const PAUSE_ABOVE = 64 * 1024;
const RESUME_BELOW = 16 * 1024;

function between(random: () => number, range: [number, number]): number {
  const low = Math.min(range[0], range[1]);
  const high = Math.max(range[0], range[1]);
  return low + Math.floor(random() * (high - low + 1));
}

interface Pipe {
  direction: Direction;
  from: net.Socket;
  to: net.Socket;
  random: () => number;
  queue: Buffer[];
  due: number[];
  queuedBytes: number;
  lastDue: number;
  running: boolean;
  ended: boolean;
  /** Its destination is gone: what still arrives is read and dropped. */
  stopped: boolean;
  timer: NodeJS.Timeout | undefined;
  wake: (() => void) | undefined;
}

interface Connection {
  index: number;
  client: net.Socket;
  broker: net.Socket;
  up: Pipe;
  down: Pipe;
  /** Bytes this connection may still forward before the random schedule cuts it. */
  budget: number;
  /** A cut is under way: a partial piece is going out, nothing else may. */
  cutting: boolean;
  cutTimer: NodeJS.Timeout | undefined;
  dead: boolean;
  closed: number;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const seed = options.seed ?? 1;
  const randomFaults = options.random ?? {};
  const stats: FaultProxyStats = {
    accepted: 0,
    open: 0,
    cuts: 0,
    bytesUp: 0,
    bytesDown: 0,
    bytesDropped: 0,
    writesUp: 0,
    writesDown: 0,
  };
  const connections = new Set<Connection>();
  const trace: FaultProxyTraceEntry[] = [];
  const record = options.record === true;
  let delayMs = 0;
  let split = 0;
  let blackhole = false;
  let commandBudget: number | undefined;
  let commandDirection: Direction | undefined;
  let closing: Promise<void> | undefined;
  const allClosed: Array<() => void> = [];

  function makePipe(direction: Direction, from: net.Socket, to: net.Socket, index: number): Pipe {
    return {
      direction,
      from,
      to,
      random: seededRandom(seed, index, direction === "up" ? 1 : 2),
      queue: [],
      due: [],
      queuedBytes: 0,
      lastDue: 0,
      running: false,
      ended: false,
      stopped: false,
      timer: undefined,
      wake: undefined,
    };
  }

  function stopPipe(pipe: Pipe): void {
    pipe.stopped = true;
    // Keep reading the source, so that its end and close are still seen.
    if (!pipe.from.destroyed && pipe.from.isPaused()) pipe.from.resume();
    if (pipe.timer !== undefined) clearTimeout(pipe.timer);
    pipe.timer = undefined;
    const wake = pipe.wake;
    pipe.wake = undefined;
    pipe.queue.length = 0;
    pipe.due.length = 0;
    pipe.queuedBytes = 0;
    if (wake) wake();
  }

  function cut(connection: Connection, mode: "close" | "reset", direction: Direction = "up"): void {
    if (connection.dead) return;
    connection.dead = true;
    if (record) trace.push({ connection: connection.index, direction, kind: "cut", bytes: 0 });
    if (connection.cutTimer !== undefined) clearTimeout(connection.cutTimer);
    connection.cutTimer = undefined;
    stats.cuts++;
    stopPipe(connection.up);
    stopPipe(connection.down);
    for (const socket of [connection.client, connection.broker]) {
      if (socket.destroyed) continue;
      if (mode === "reset" && typeof socket.resetAndDestroy === "function" && !socket.connecting) {
        socket.resetAndDestroy();
      } else socket.destroy();
    }
  }

  function sleepPipe(pipe: Pipe, ms: number): Promise<void> {
    return new Promise((resolve) => {
      pipe.wake = resolve;
      pipe.timer = setTimeout(() => {
        pipe.timer = undefined;
        pipe.wake = undefined;
        resolve();
      }, ms);
    });
  }

  function drained(pipe: Pipe): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        pipe.to.off("drain", done);
        pipe.to.off("close", done);
        pipe.wake = undefined;
        resolve();
      };
      pipe.wake = done;
      pipe.to.on("drain", done);
      pipe.to.on("close", done);
    });
  }

  function pieces(pipe: Pipe, chunk: Buffer): Buffer[] {
    const max = split > 0 ? split : randomFaults.splitMaxChunk ?? 0;
    if (max <= 0 || chunk.length <= max) return [chunk];
    const out: Buffer[] = [];
    let at = 0;
    while (at < chunk.length) {
      const size = split > 0 ? max : 1 + Math.floor(pipe.random() * max);
      out.push(chunk.subarray(at, Math.min(chunk.length, at + size)));
      at += size;
    }
    return out;
  }

  /** How many of `length` bytes may go before a cut is due; `length` when none is due. */
  function allowance(connection: Connection, pipe: Pipe, length: number): number {
    let allowed = length;
    if (commandBudget !== undefined && (commandDirection === undefined || commandDirection === pipe.direction)) {
      allowed = Math.min(allowed, commandBudget);
    }
    if (connection.budget >= 0) allowed = Math.min(allowed, connection.budget);
    return allowed;
  }

  function forward(connection: Connection, pipe: Pipe, piece: Buffer): { ok: boolean; cutNow: boolean } {
    const allowed = allowance(connection, pipe, piece.length);
    let cutNow = false;
    if (commandBudget !== undefined && (commandDirection === undefined || commandDirection === pipe.direction)) {
      commandBudget -= allowed;
      if (commandBudget <= 0) {
        commandBudget = undefined;
        commandDirection = undefined;
        cutNow = true;
      }
    }
    if (connection.budget >= 0) {
      connection.budget -= allowed;
      if (connection.budget <= 0) cutNow = true;
    }
    let ok = true;
    if (allowed > 0) {
      const part = allowed === piece.length ? piece : piece.subarray(0, allowed);
      if (record) trace.push({ connection: connection.index, direction: pipe.direction, kind: "write", bytes: part.length });
      if (pipe.direction === "up") {
        stats.bytesUp += part.length;
        stats.writesUp++;
      } else {
        stats.bytesDown += part.length;
        stats.writesDown++;
      }
      if (cutNow) {
        // Let the partial piece reach the kernel before both sides go (at most 200 ms).
        connection.cutting = true;
        connection.cutTimer = setTimeout(() => cut(connection, "close", pipe.direction), 200);
        pipe.to.write(part, () => cut(connection, "close", pipe.direction));
        return { ok: false, cutNow };
      }
      ok = pipe.to.write(part);
    } else if (cutNow) {
      cut(connection, "close", pipe.direction);
    }
    return { ok, cutNow };
  }

  async function pump(connection: Connection, pipe: Pipe): Promise<void> {
    if (pipe.running) return;
    pipe.running = true;
    try {
      while (pipe.queue.length > 0 && !connection.dead && !connection.cutting && !pipe.stopped) {
        const wait = pipe.due[0] - Date.now();
        if (wait > 0) {
          await sleepPipe(pipe, wait);
          continue;
        }
        const chunk = pipe.queue[0];
        const parts = pieces(pipe, chunk);
        for (let i = 0; i < parts.length; i++) {
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          if (connection.dead || connection.cutting || pipe.stopped) return;
          const { ok, cutNow } = forward(connection, pipe, parts[i]);
          if (cutNow) return;
          if (!ok && !pipe.to.destroyed) await drained(pipe);
        }
        if (connection.dead || connection.cutting || pipe.stopped) return;
        pipe.queue.shift();
        pipe.due.shift();
        pipe.queuedBytes -= chunk.length;
        if (pipe.queuedBytes < RESUME_BELOW && pipe.from.isPaused() && !pipe.from.destroyed) pipe.from.resume();
      }
      if (pipe.ended && !connection.dead && !connection.cutting && pipe.queue.length === 0 && !pipe.to.destroyed) {
        pipe.to.end();
      }
    } finally {
      pipe.running = false;
    }
  }

  function accept(connection: Connection, pipe: Pipe, chunk: Buffer): void {
    if (connection.dead || connection.cutting || pipe.stopped) return;
    if (blackhole) {
      stats.bytesDropped += chunk.length;
      return;
    }
    let delay = delayMs;
    if (randomFaults.delayMs !== undefined) delay += between(pipe.random, randomFaults.delayMs);
    const due = Math.max(Date.now() + delay, pipe.lastDue);
    pipe.lastDue = due;
    pipe.queue.push(chunk);
    pipe.due.push(due);
    pipe.queuedBytes += chunk.length;
    if (pipe.queuedBytes > PAUSE_ABOVE) pipe.from.pause();
    void pump(connection, pipe);
  }

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    if (closing !== undefined) {
      client.destroy();
      return;
    }
    const index = stats.accepted++;
    stats.open++;
    const broker = net.connect({ host: LOOPBACK, port: options.targetPort, allowHalfOpen: true, noDelay: true });
    client.setNoDelay(true);
    const budgetRandom = seededRandom(seed, index, 3);
    const connection: Connection = {
      index,
      client,
      broker,
      up: makePipe("up", client, broker, index),
      down: makePipe("down", broker, client, index),
      budget: randomFaults.cutAfterBytes !== undefined ? between(budgetRandom, randomFaults.cutAfterBytes) : -1,
      cutting: false,
      cutTimer: undefined,
      dead: false,
      closed: 0,
    };
    connections.add(connection);
    const onClose = (): void => {
      connection.closed++;
      if (connection.closed < 2) return;
      connections.delete(connection);
      stats.open--;
      if (connections.size === 0) for (const resolve of allClosed.splice(0)) resolve();
    };
    for (const [socket, pipe, other] of [
      [client, connection.up, broker],
      [broker, connection.down, client],
    ] as const) {
      socket.on("data", (chunk: Buffer) => accept(connection, pipe, chunk));
      socket.on("end", () => {
        pipe.ended = true;
        void pump(connection, pipe);
      });
      socket.on("error", () => {
        // A reset or refused side takes the other one down at once (not counted as a cut).
        connection.dead = true;
        stopPipe(connection.up);
        stopPipe(connection.down);
        other.destroy();
      });
      socket.on("close", () => {
        // A side that is gone cannot receive: stop queueing for it, and end the other side once
        // what it still has to receive is out.
        const towards = pipe === connection.up ? connection.down : connection.up;
        stopPipe(towards);
        pipe.ended = true;
        void pump(connection, pipe);
        onClose();
      });
    }
  });
  server.on("error", () => {});
  const port = await listen(server);

  function cutAll(mode: "close" | "reset" = "close"): number {
    let count = 0;
    for (const connection of connections) {
      if (connection.dead) continue;
      connection.cutting = false;
      cut(connection, mode);
      count++;
    }
    return count;
  }

  function close(): Promise<void> {
    if (closing === undefined) {
      closing = (async () => {
        const stopped = closeServer(server);
        const gone =
          connections.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => allClosed.push(resolve));
        for (const connection of connections) {
          connection.dead = true;
          if (connection.cutTimer !== undefined) clearTimeout(connection.cutTimer);
          stopPipe(connection.up);
          stopPipe(connection.down);
          connection.client.destroy();
          connection.broker.destroy();
        }
        await Promise.all([stopped, gone]);
      })();
    }
    return closing;
  }

  return {
    port,
    stats,
    trace,
    cutAll,
    setDelay(ms: number) {
      delayMs = Math.max(0, ms);
    },
    setSplit(maxChunk: number) {
      split = Math.max(0, Math.floor(maxChunk));
    },
    cutAfterBytes(n: number, direction?: Direction) {
      commandBudget = Math.max(0, Math.floor(n));
      commandDirection = direction;
    },
    setBlackhole(on: boolean) {
      blackhole = on;
    },
    close,
  };
}
